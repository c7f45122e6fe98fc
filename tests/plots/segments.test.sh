#!/usr/bin/env bash
# A depth curve fitted in segments (contract: fits[].model "segments", dat
# blocks "# segments FAMILY"): the depth figure draws each segment's line and
# marks the knee; a family fitted with one line keeps it; the per-hop figure
# by kernel still draws the overall per_hop.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
k=6.1.0-50-cloud-amd64

if ! command -v gnuplot >/dev/null; then
	skip "segments" "gnuplot is not installed (./run.sh installs it)"
	finish
fi

# The 6.1 fixture with a step of 40 instructions from depth 18 on in the
# static chain, fitted as two segments of 15 per hop, the knee at 18.
python3 - "$FX/vm-6.1.0-50.json" "$TMP/seg.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
chain = lambda x: x["scenario"] == "chain" and x["key_mode"] == "static"
for c in d["cases"]:
    if chain(c) and c["status"] == "ok" and c["depth"] >= 18:
        for s in ("median", "min", "max", "q1", "q3", "mean", "agreed"):
            c["stat"][s] += 40
hop = {"value": 15.0, "ci_low": 15.0, "ci_high": 15.0}
for f in d["fits"]:
    f["model"] = "line"
    if chain(f):
        f.update(model="segments", knees=[{"depth": 18, "jump": 40.0}], segments=[
            {"from": 0, "to": 12, "per_hop": hop, "base": 73.0, "r2": 1.0},
            {"from": 18, "to": 33, "per_hop": hop, "base": 113.0, "r2": 1.0}])
json.dump(d, open(sys.argv[2], "w"))
PY
"$TB" export --format dat "$TMP/seg.json" >"$TMP/seg.dat"
if ! grep -q '^# segments ' "$TMP/seg.dat"; then
	# An export without the contract's segments blocks yet: add them as it would.
	python3 - "$TMP/seg.json" >>"$TMP/seg.dat" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["fits"]:
    if f.get("model") != "segments":
        continue
    print("\n\n# segments %s/%s/%s/%s/n%d/s%d" % (f["scenario"], f["bench"], f["prog_type"],
          f["key_mode"], f["nest"], f["frame_stack"]))
    print("from to per_hop ci_low ci_high base r2")
    for s in f["segments"]:
        p = s["per_hop"]
        print(s["from"], s["to"], p["value"], p["ci_low"], p["ci_high"], s["base"], s["r2"])
PY
	echo "# export has no segments blocks yet: the test adds them to its dat file"
fi

"$TOP/plots/plot.sh" --out "$TMP/o" "$TMP/seg.dat" >"$TMP/stdout" 2>"$TMP/stderr"
check "plot.sh draws a dat file with segments, gnuplot without a warning" \
	bash -c "[ $? -eq 0 ] && ! grep -qi warning '$TMP/stderr'"
svg=$TMP/o/vm-insns/depth-$k.svg
check "the depth figure marks the static chain's knee, at depth 18" \
	bash -c "[ \$(grep -c '>knee at 18<' '$svg') -eq 1 ] && [ \$(grep -c '>knee at' '$svg') -eq 1 ]"
check "... and its footer says what the lines and circles are" \
	grep -q 'Lines: per-hop fits. Circles: knees' "$svg"
check "the per-hop figure by kernel is drawn" [ -s "$TMP/o/vm-insns/perhop-kernels.png" ]

"$TOP/plots/plot.sh" --out "$TMP/line" "$FX/vm-6.1.0-50.json" >/dev/null 2>&1
check "a fit of one line: its line, no knee" \
	bash -c "grep -q 'Lines: per-hop fits.' '$TMP/line/vm-insns/depth-$k.svg' &&
		! grep -q 'knee' '$TMP/line/vm-insns/depth-$k.svg'"
finish
