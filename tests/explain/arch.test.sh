#!/usr/bin/env bash
# tailbench explain across architectures: x86-64's and arm64's 6.12 paths,
# whose instructions do not align, compared role by role, with each side's
# measured count and self-check; an incomplete or unwalked side is said so
# and never summed as whole; --json gives the same; a same-architecture
# pair keeps its aligned difference.
. "$(dirname "$0")/lib.sh"
X86="$NEW" ARM="$F/hops/vm-6.12.117-arm64.json"

check "x86-64 against arm64: exit 0" status 0 "$TB" explain "$X86" "$ARM"
check "... names both sides with their architecture" bash -c "
	grep -qx 'A: 6.12.107+deb13-cloud-amd64 (x86_64)' '$TMP/out' &&
	grep -qx 'B: 6.12.117+deb13-cloud-arm64 (aarch64)' '$TMP/out' && grep -q '^Two architectures' '$TMP/out'"
check "... compares by role, never aligns instructions" \
	bash -c "! grep -Eq 'added [0-9]+, removed|^  [-+~] ' '$TMP/out' && grep -q '^8 families compared by role; 0 ' '$TMP/out'"
# The static tail call: 21 on x86-64, 30 on arm64, each agreeing.
sed -n '/^chain\/tailcall\/xdp\/static\/n0\/s0$/,/^$/p' "$TMP/out" >"$TMP/static"
check "static: a row per role, x86-64 then arm64, and the difference" bash -c "
	grep -Eq '^  work +5 +14 +\+9$' '$TMP/static' && grep -Eq '^  counter +7 +3 +-4$' '$TMP/static' &&
	grep -Eq '^  thunk +0 +0 +0$' '$TMP/static' && [ \$(grep -Ec '^  (work|check|counter|jump|thunk|frame|other) ' '$TMP/static') -eq 7 ]"
check "static: 21 against 30 a hop, +9, each side's measured count agreeing" bash -c "
	grep -Eq '^  a hop +21 +30 +\+9$' '$TMP/static' &&
	grep -Eq '^  measured +21 insns: agrees +30 insns: agrees +\+9$' '$TMP/static'"
check "bpf2bpf: 14 against 20 a hop, frame +2" bash -c "'$TB' explain --family /bpf2bpf/ '$X86' '$ARM' >'$TMP/b2b' &&
	grep -Eq '^  a hop +14 +20 +\+6$' '$TMP/b2b' && grep -Eq '^  frame +6 +8 +\+2$' '$TMP/b2b' &&
	grep -q '^1 family compared by role' '$TMP/b2b'"

"$TB" --json explain "$X86" "$ARM" >"$TMP/roles.json"
check "--json: the same figures, each role's difference exact" python3 - "$TMP/roles.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["a"]["arch"] == "x86_64" and d["b"]["arch"] == "aarch64" and not d["same_arch"]
assert d["roles"] == ["work", "check", "counter", "jump", "thunk", "frame", "other"]
fam = {f["family"]: f for f in d["families"]}
s = fam["chain/tailcall/xdp/static/n0/s0"]
assert s["compared"] and s["a"]["count"] == 21 and s["b"]["count"] == 30
assert s["a"]["check"] == s["b"]["check"] == "agrees" and s["b"]["measured"] == 30
assert s["diff"]["count"] == {"value": 9, "bound": "exact"} and s["diff"]["work"]["value"] == 9
for f in d["families"]:
    for side in "ab":
        assert sum(f[side]["roles"].values()) == f[side]["count"], f["family"]
PY

# arm64's static path cut short by 3 instructions, with a note: its counts
# are lower bounds, and so is the difference (an upper bound when the cut
# side is A); a path not walked at all is not compared.
python3 - "$ARM" "$TMP/cut.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for h in d["hops"]:
    if h["family"] == "chain/tailcall/xdp/static/n0/s0":
        h["insns"], h["roles"] = h["insns"][:-3], h["roles"][:-3]
        h["count"] -= 3
        h["note"] = "the walk stopped (a test's cut)"
    if h["family"] == "chain/tailcall/xdp/dynamic/n0/s0":
        h["insns"], h["roles"], h["count"] = [], [], 0
        h["note"] = "no walker for this architecture: the hop path is not walked"
json.dump(d, open(sys.argv[2], "w"))
PY
check "an incomplete side: exit 0" status 0 "$TB" explain --family xdp/ "$X86" "$TMP/cut.json"
sed -n '/^chain\/tailcall\/xdp\/static\/n0\/s0$/,/^$/p' "$TMP/out" >"$TMP/cut"
check "... its counts are at least, and so is the difference" bash -c "
	grep -Eq '^  a hop +21 +≥27 +≥\+6$' '$TMP/cut' && grep -Eq '^  thunk +0 +≥0 +≥0$' '$TMP/cut'"
check "... as side A: the difference at most" bash -c "'$TB' explain --family chain/tailcall/xdp/static '$TMP/cut.json' '$X86' 2>/dev/null |
	grep -Eq '^  a hop +≥27 +21 +≤-6$'"
check "... its self-check fails, and why is said" bash -c "
	grep -Eq '^  measured +21 insns: agrees +30 insns: differs' '$TMP/cut' &&
	grep -q \"^  B's path is incomplete: the walk stopped (a test's cut); its counts are what was walked, at least\" '$TMP/cut'"
check "a side not walked: said, and not compared" \
	grep -q '^chain/tailcall/xdp/dynamic/n0/s0: not walked on B: no walker for this architecture' "$TMP/out"
"$TB" --json explain --family chain/ "$X86" "$TMP/cut.json" >"$TMP/cut.json.out"
check "--json: the bound, and the family not compared" python3 - "$TMP/cut.json.out" <<'PY'
import json, sys
fam = {f["family"]: f for f in json.load(open(sys.argv[1]))["families"]}
s = fam["chain/tailcall/xdp/static/n0/s0"]
assert not s["b"]["complete"] and s["b"]["note"] and s["diff"]["count"] == {"value": 6, "bound": "at least"}
assert s["a"]["complete"] and s["b"]["check"] == "differs"
dyn = fam["chain/tailcall/xdp/dynamic/n0/s0"]
assert not dyn["compared"] and "not walked on B" in dyn["why"] and "diff" not in dyn
PY
check "no family walked in both: exit 1" status 1 "$TB" explain --family xdp/dynamic "$X86" "$TMP/cut.json"

# One architecture: the aligned difference as before, or by role with --roles.
check "same architecture: the aligned difference" bash -c "'$TB' explain --family xdp/static/ '$OLD' '$X86' | grep -q 'added 10, removed 4'"
check "--roles: the same pair by role" bash -c "'$TB' explain --roles --family chain/tailcall/xdp/static '$OLD' '$X86' |
	grep -Eq '^  a hop +15 +21 +\+6$'"
check "--roles with one result: exit 2" status 2 "$TB" explain --roles "$X86"
check "--json with --html: exit 2" status 2 "$TB" --json explain --html "$X86" "$ARM"
"$TB" --json explain --family bpf2bpf/ "$ARM" >"$TMP/one.json"
check "--json of one result: its paths by role" python3 -c "
import json
d = json.load(open('$TMP/one.json'))
assert d['result']['arch'] == 'aarch64' and d['families'][0]['count'] == 20
assert sum(d['families'][0]['roles'].values()) == 20"
check "--html across architectures: role tables, escaped" bash -c "
	'$TB' explain --html --family xdp/static/ '$X86' '$ARM' >'$TMP/h' &&
	grep -q '^<table class=\"roles\"><caption>chain/tailcall/xdp/static/n0/s0</caption>' '$TMP/h' &&
	grep -q '<td>a hop</td><td>21</td><td>30</td><td>+9</td>' '$TMP/h'"
check "--html --roles: each other architecture against the first's of its series" bash -c "
	'$TB' explain --html --roles --family chain/tailcall/xdp/static '$OLD' '$X86' '$ARM' '$OLD' >'$TMP/hr' &&
	[ \$(grep -c '^<h4>' '$TMP/hr') -eq 1 ] && grep -q '^<h4>x86_64 &rarr; aarch64</h4>' '$TMP/hr' &&
	grep -q 'A: 6.12.107+deb13-cloud-amd64 (x86_64)' '$TMP/hr' && grep -q '<td>a hop</td><td>21</td><td>30</td>' '$TMP/hr'"
check "--html --roles of one architecture: nothing" bash -c "
	'$TB' explain --html --roles '$OLD' '$X86' >'$TMP/hr1' && [ ! -s '$TMP/hr1' ]"
finish
