#!/usr/bin/env bash
# The fit fields of newer result files (model, segments and knees, the rerun
# interval, regimes, residuals; meta.pad and meta.noise_profile) in show and
# in the dat export, on fixtures given them by mutate.py; files without them
# still render.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
MUTATE=$TOP/tests/compare/mutate.py

# The chain's static fit of the 6.1 VM (an exact clock) becomes two segments
# with a knee at 17, a rerun interval, two regimes and a depth off its line;
# the dynamic one a line with no residuals; the poisoned one a fit of runs.
python3 "$MUTATE" "$FX/vm-6.1.0-50.json" "$TMP/new.json" '
d["meta"]["pad"] = 4
d["meta"]["noise_profile"] = {"file": "noise/vm-6.1.json", "runs": 5, "time": "2025-06-01T10:00:00Z"}
for f in d["fits"]:
    if f["scenario"] != "chain" or f["nest"] or f["frame_stack"]:
        continue
    f["model"] = "line"
    f["per_hop"]["interval"] = "within-run"
    f["residuals"] = []
    if f["key_mode"] == "static":
        f["model"] = "segments"
        f["per_hop"].update(interval="exact", rerun_low=14, rerun_high=16)
        f["segments"] = [
            {"from": 0, "to": 16, "per_hop": {"value": 15, "ci_low": 15, "ci_high": 15}, "base": 73, "r2": 1},
            {"from": 17, "to": 33, "per_hop": {"value": 16, "ci_low": 15, "ci_high": 17}, "base": 69.5, "r2": 0.999}]
        f["knees"] = [{"depth": 17, "jump": 12}]
        f["regimes"] = [{"from_trial": 1, "to_trial": 2, "per_hop": 15}, {"from_trial": 3, "to_trial": 3, "per_hop": 16}]
        f["residuals"] = [{"depth": 33, "off": -1}]
    if f["key_mode"] == "poisoned":
        f["per_hop"]["interval"] = "between-runs"
'
"$TB" show -v "$TMP/new.json" >"$TMP/show" 2>"$TMP/err"
check "show -v of a file with the new fields exits 0" [ $? -eq 0 ]
show=$(cat "$TMP/show")
check "show: pad and noise profile in the header" \
	bash -c "grep -qx 'pad: 4 ALU instructions added to every hop' '$TMP/show' &&
		grep -qx 'noise profile: noise/vm-6.1.json (5 runs, 2025-06-01T10:00:00Z)' '$TMP/show'"
check "show: an exact clock's per hop as an integer, its kind, the model, the headline's mark, the rerun interval beside it" \
	grep -Eq '^chain +tailcall +xdp +static +0 +0 +15 exact .* segments <- headline rerun 95% \[14, 16\]$' <<<"$show"
check "show -v: one indented line per segment: depths, per hop (exact: the integer alone; else [CI]), base" \
	bash -c "grep -qx '    segment   0..16  per hop 15, base 73.00' '$TMP/show' &&
		grep -qx '    segment  17..33  per hop 16.00 \[15.00, 17.00\], base 69.50' '$TMP/show'"
check "show: the knee's depth and jump" grep -qx '    knee at depth 17: jump 12' <<<"$show"
check "show: the regimes by trials" \
	bash -c "grep -qx '    trials 1..2: 15 per hop' '$TMP/show' && grep -qx '    trials 3..3: 16 per hop' '$TMP/show'"
check "show: the depths off the line" grep -qx '    off the line: d33: -1' <<<"$show"
check "show: a line model without residuals adds no line" \
	bash -c "grep -A1 '^chain  *tailcall  *xdp  *dynamic ' '$TMP/show' | tail -1 | grep -q '^chain  *tailcall  *xdp  *poisoned'"
check "show: a CI between runs says so, then the mitigation on the path" \
	grep -Eq '^chain +tailcall +xdp +poisoned .* between-runs .* line <- headline \[retpoline\]$' <<<"$show"
"$TB" show "$TMP/new.json" >"$TMP/plain"
check "show without -v: no segment, knee or regime line, and a line saying -v has them" \
	bash -c "! grep -Eq '^    (segment|knee|trials) ' '$TMP/plain' &&
		grep -qx '1 family has segments or regimes: tailbench -v show lists them' '$TMP/plain'"
check "tailbench -v show: the same as show -v" \
	bash -c "'$TB' -v show '$TMP/new.json' 2>/dev/null | diff -q - '$TMP/show' >/dev/null"

"$TB" show "$FX/vm-6.1.0-50.json" >"$TMP/old"
check "show of a file without them: no pad, profile or detail lines, the model as -" \
	bash -c "! grep -Eq '^pad|^noise profile|^    (segment|knee|trials|off)' '$TMP/old' &&
		grep -Eq '^chain +tailcall +xdp +static .* - <- headline$' '$TMP/old'"

"$TB" export --format dat "$TMP/new.json" >"$TMP/new.dat" &&
	"$TB" export --format dat "$FX/vm-6.1.0-50.json" >"$TMP/old.dat"
check "dat of both files: exit 0" [ $? -eq 0 ]
check "dat: fits columns, segments and residuals blocks, meta pad and noise_profile" \
	python3 - "$TMP/new.json" "$TMP/new.dat" "$TMP/old.dat" <<'PY'
import json, shlex, sys
def blocks(path):
    out, name, head = {}, None, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("# "):
            name, head = line[2:], None
            out[name] = []
        elif line and name:
            w = shlex.split(line)
            if head is None:
                head = w
            else:
                out[name].append(dict(zip(head, w)))
    return out
d = json.load(open(sys.argv[1]))
new, old = blocks(sys.argv[2]), blocks(sys.argv[3])
meta = {r["key"]: r["value"] for r in new["meta"]}
assert meta["pad"] == "4" and meta["noise_profile"] == "noise/vm-6.1.json", meta
meta = {r["key"]: r["value"] for r in old["meta"]}
assert meta["pad"] == "0" and meta["noise_profile"] == "", meta
fits = {r["key_mode"]: r for r in new["fits chain/tailcall/xdp/static/s0"] +
        new["fits chain/tailcall/xdp/dynamic/s0"] + new["fits chain/tailcall/xdp/poisoned/s0"]}
s = fits["static"]
assert (s["model"], s["rerun_low"], s["rerun_high"], s["regimes"]) == ("segments", "14", "16", "2"), s
s = fits["dynamic"]
assert (s["model"], s["rerun_low"], s["regimes"]) == ("line", "NaN", "0"), s
seg = new["segments chain/tailcall/xdp/static/n0/s0"]
assert [(r["from"], r["to"], r["per_hop"], r["ci_low"], r["ci_high"], r["base"], r["r2"]) for r in seg] == \
    [("0", "16", "15", "15", "15", "73", "1"), ("17", "33", "16", "15", "17", "69.5", "0.999")], seg
assert new["residuals chain/tailcall/xdp/static/n0/s0"] == [{"depth": "33", "off": "-1"}]
# Only families that have them get these blocks.
assert [k for k in new if k.startswith(("segments ", "residuals "))] == \
    ["segments chain/tailcall/xdp/static/n0/s0", "residuals chain/tailcall/xdp/static/n0/s0"], list(new)
assert not [k for k in old if k.startswith(("segments ", "residuals "))]
r = old["fits chain/tailcall/xdp/static/s0"][0]
assert (r["model"], r["rerun_low"], r["rerun_high"], r["regimes"]) == ("NaN", "NaN", "NaN", "0"), r
PY
finish
