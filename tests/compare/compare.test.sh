#!/usr/bin/env bash
# tailbench compare and export: real runs of this build against each
# other, and synthetic changes made from them.
. "$(dirname "$0")/../lib.sh"
need_root "compare"
tmpdir

"$TB" -q run -s chain --quick --trials 9 -o "$TMP/a.json" 2>/dev/null &&
	"$TB" -q run -s chain --quick --trials 9 -o "$TMP/b.json" 2>/dev/null
check "two real quick runs" [ -s "$TMP/b.json" ]

"$TB" compare "$TMP/a.json" "$TMP/a.json" >"$TMP/out"
check "a result against itself: exit 0" [ $? -eq 0 ]
check "a result against itself: nothing changed" grep -q '^[0-9]* unchanged$' "$TMP/out"

"$TB" compare "$TMP/a.json" "$TMP/b.json" >"$TMP/out"
check "two runs of the same build: no false regression at the default threshold" [ $? -eq 0 ]
check "the per-hop costs are compared" grep -q 'chain/tailcall/xdp/static/n0/s0 per hop' "$TMP/out"

# mutate IN OUT PYTHON: a copy of a result changed by a Python statement on d.
mutate() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
}

# Every sample of the static chains grows by 3 ns per hop: a slower tail call.
mutate "$TMP/b.json" "$TMP/slow.json" '
for c in d["cases"]:
    if c["key_mode"] == "static" and c["status"] == "ok":
        c["samples"] = [s + 3 * c["depth"] for s in c["samples"]]'
"$TB" compare "$TMP/a.json" "$TMP/slow.json" >"$TMP/out"
check "an injected slowdown of the static per-hop cost: exit 1" [ $? -eq 1 ]
check "it is reported as a regression of the static per-hop cost" \
	grep -q 'chain/tailcall/xdp/static/n0/s0 per hop.*REGRESSED' "$TMP/out"
check "the deep static cases regress, the other modes do not" \
	bash -c "grep -q 'static/n0/s0/d33 .*REGRESSED' '$TMP/out' && ! grep -q 'dynamic.*REGRESSED' '$TMP/out'"
"$TB" compare --markdown "$TMP/a.json" "$TMP/slow.json" >"$TMP/md"
check "--markdown writes a table" grep -q '^| --- |' "$TMP/md"

# Deterministic counts (the icount VM): one instruction more per hop.
exact='
d["meta"].update(clock="insns", env="vm")
for c in d["cases"]:
    if c["status"] == "ok":
        c["samples"] = [100.0 + PER_HOP * min(c["depth"], 33)] * 3
for f in d["fits"]:
    f["per_hop"] = {"value": PER_HOP, "ci_low": PER_HOP, "ci_high": PER_HOP}'
mutate "$TMP/a.json" "$TMP/i15.json" "PER_HOP = 15.0${exact}"
mutate "$TMP/a.json" "$TMP/i16.json" "PER_HOP = 16.0${exact}"
"$TB" compare "$TMP/i15.json" "$TMP/i15.json" >/dev/null
check "instruction counts against themselves: exit 0" [ $? -eq 0 ]
"$TB" compare "$TMP/i15.json" "$TMP/i16.json" >"$TMP/out"
check "one instruction more per hop: exit 1" [ $? -eq 1 ]
check "it is reported as +1 insns per hop" grep -q 'per hop .* +1.00 insns .*REGRESSED' "$TMP/out"
"$TB" compare --threshold 1 "$TMP/i15.json" "$TMP/i16.json" >"$TMP/out"
check "--threshold 1 is in instructions: +1 per hop passes, +33 at depth 33 does not" \
	bash -c "grep -q 'static/n0/s0 per hop .*unchanged' '$TMP/out' && grep -q 'static/n0/s0/d33 .*REGRESSED' '$TMP/out'"

"$TB" compare "$TMP/a.json" "$TMP/i15.json" 2>"$TMP/err" >/dev/null
check "different clocks: exit 2 with the reason" \
	bash -c "[ $? -eq 2 ] && grep -q 'differ in meta.clock (ns vs insns)' '$TMP/err'"
mutate "$TMP/a.json" "$TMP/k.json" 'd["meta"]["kernel"] = "7.3.4-patched"'
"$TB" compare "$TMP/a.json" "$TMP/k.json" >"$TMP/out"
check "different kernels compare, labelled before/after" grep -q 'before/after patch' "$TMP/out"
mutate "$TMP/a.json" "$TMP/skip.json" '
c = d["cases"][3]
c.update(status="skipped", reason="verifier rejected it")'
"$TB" compare "$TMP/a.json" "$TMP/skip.json" >"$TMP/out"
check "a case that became skipped fails the gate" \
	bash -c "[ $? -eq 1 ] && grep -q 'NEWLY SKIPPED' '$TMP/out'"

echo '{"schema": "other/1"}' >"$TMP/other.json"
"$TB" compare "$TMP/a.json" "$TMP/other.json" 2>"$TMP/err" >/dev/null
check "another schema: exit 2, naming the file" bash -c "[ $? -eq 2 ] && grep -q other.json '$TMP/err'"
echo '{"schema": ' >"$TMP/broken.json"
"$TB" compare "$TMP/broken.json" "$TMP/a.json" 2>"$TMP/err" >/dev/null
check "malformed JSON: exit 2, naming the file" bash -c "[ $? -eq 2 ] && grep -q broken.json '$TMP/err'"
"$TB" compare "$TMP/a.json" "$TMP/missing.json" 2>/dev/null >/dev/null
check "a missing file: exit 2" [ $? -eq 2 ]
mutate "$TMP/a.json" "$TMP/none.json" '
for c in d["cases"]:
    c["id"] = "elsewhere/" + c["id"]
d["fits"] = []'
"$TB" compare "$TMP/a.json" "$TMP/none.json" 2>"$TMP/err" >/dev/null
check "no case in common: exit 2" bash -c "[ $? -eq 2 ] && grep -q 'no case in common' '$TMP/err'"

"$TB" export --format bmf "$TMP/a.json" >"$TMP/bmf.json"
check "export bmf: a metric per case and per fit, with bounds" pyjson "$TMP/bmf.json" \
	"all(set(v['ns']) == {'value', 'lower_value', 'upper_value'} for v in d.values()) and 'chain/tailcall/xdp/static/n0/s0 per hop' in d and len(d) > 30"
"$TB" export --format gab "$TMP/a.json" >"$TMP/gab.json"
check "export gab: name, unit, value, range for each" pyjson "$TMP/gab.json" \
	"len(d) > 30 and all(set(x) == {'name', 'unit', 'value', 'range'} and x['unit'] == 'ns' for x in d)"
"$TB" export --format nosuch "$TMP/a.json" 2>/dev/null
check "an unknown export format: exit 2" [ $? -eq 2 ]
finish
