#!/usr/bin/env bash
# At scale: kernels of one series whose per-hop counts are all the same are
# one entry naming their range, in the figures across kernels and the
# per-hop table, and their own figures are drawn once.  The input is a TEST
# FIXTURE MADE HERE: real results copied under other point-release labels
# (6.1.0-30..6.1.0-50 all holding 6.1.0-50's counts), never real kernels.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

if ! command -v gnuplot >/dev/null; then
	skip "fold" "gnuplot is not installed (./run.sh installs it)"
	exit 0
fi

mkdir "$TMP/in"
python3 - "$FX/hops/vm-6.1.0-50.json" "$FX/hops/vm-6.12.107.json" "$TMP/in" <<'PY'
import json, sys
old, new, out = sys.argv[1:]
for n in (30, 40, 50):
    d = json.load(open(old))
    k = "6.1.0-%d-cloud-amd64" % n
    d["meta"]["kernel"] = k
    d["meta"]["vm"]["label"] = k
    json.dump(d, open("%s/fixture-copy-%d.json" % (out, n), "x"))
d = json.load(open(new))
json.dump(d, open("%s/fixture-6.12.json" % out, "x"))
PY
"$TOP/plots/report.sh" --out "$TMP/r" "$TMP/in" >"$TMP/out" 2>"$TMP/err"
check "report.sh exits 0" [ $? -eq 0 ]
page=$(sed -n 's/^report: //p' "$TMP/out")
D=$TMP/r/vm-insns
check "the three 6.1 kernels of the same counts: one entry, one tick 'first … last', on the per-hop figure" \
	bash -c "grep -q '<text>6.1.0-30 … 50</text>' '$D/perhop-kernels.svg' &&
		! grep -q '6.1.0-40' '$D/perhop-kernels.svg'"
check "... the flavour every tick shares said once, beneath, not on each tick" \
	bash -c "grep -q 'kernel release (each ending -cloud-amd64)' '$D/perhop-kernels.svg' &&
		grep -q '<text>6.12.107+deb13</text>' '$D/perhop-kernels.svg' &&
		! grep -q '<text>[^<]*-cloud-amd64</text>' '$D/perhop-kernels.svg'"
check "... one line in the depth figures across kernels" \
	grep -q '6.1.0-30 … 6.1.0-50-cloud-amd64' "$D/depth-kernels-static.svg"
check "... their own figures drawn once, for the first, titled with the range" \
	bash -c "[ -s '$D/depth-6.1.0-30-cloud-amd64.png' ] && [ ! -e '$D/depth-6.1.0-40-cloud-amd64.png' ] &&
		grep -q 'kernel 6.1.0-30 … 6.1.0-50-cloud-amd64' '$D/depth-6.1.0-30-cloud-amd64.svg'"
check "... and one row of the per-hop table; 6.12, whose counts differ, a row of its own" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import sys
from html_tables import tables
perhop = next(t for t in tables(sys.argv[1]) if t and t[0][0] == "kernel" and t[0][1:2] != ["static"])
names = [r[0] for r in perhop[1:]]
assert names == ["6.1.0-30 \u2026 6.1.0-50-cloud-amd64", "6.12.107+deb13-cloud-amd64"], names
PY
check "... one line of each cell of the classic table, named by the range, the same figures said" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
row = re.search(r'<tr><th class="row">Cost per hop.*?</tr>', s).group(0)
assert row.count("6.1.0-30 \u2026 6.1.0-50-cloud-amd64 (vm)") >= 3, row
assert "6.1.0-40" not in s.split("<h2>Tail calls against bpf2bpf calls</h2>")[1].split("<h2>")[0], "a folded kernel has its own line"
assert row.count("6.12.107+deb13-cloud-amd64 (vm)") >= 3, row
PY
check "... one row of the inputs and of the mitigations tables for the folded kernels, files and times as ranges" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import sys
from html_tables import tables
t = {x[0][0]: x for x in tables(sys.argv[1]) if x}
inputs, mitig = t["file"], t["result"]
assert [r[:2] for r in inputs[1:]] == [
    ["fixture-copy-30.json \u2026 fixture-copy-50.json (3 files)", "6.1.0-30 \u2026 6.1.0-50-cloud-amd64"],
    ["fixture-6.12.json", "6.12.107+deb13-cloud-amd64"]], inputs
assert [r[0] for r in mitig[1:]] == ["6.1.0-30 \u2026 6.1.0-50-cloud-amd64, vm", "6.12.107+deb13-cloud-amd64, vm"], mitig
PY
check "the headline's cell that changed from the row above is shaded (a style for it, and the cell)" \
	bash -c "grep -q '^td.changed {' '$page' && grep -q '<td class=\"changed\"' '$page'"
# A folded kernel whose input row differs (a trial fewer) keeps its own row.
mkdir "$TMP/in2"
cp "$TMP"/in/*.json "$TMP/in2/"
python3 - "$TMP/in2/fixture-copy-40.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["meta"]["run"]["trials_done"] = 2
json.dump(d, open(sys.argv[1], "w"))
PY
"$TOP/plots/report.sh" -o "$TMP/r2.html" "$TMP/in2" >/dev/null 2>&1
check "... but a kernel of the entry whose row differs: each its own row there" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$TMP/r2.html" <<'PY'
import sys
from html_tables import tables
inputs = next(x for x in tables(sys.argv[1]) if x and x[0][0] == "file")
assert [r[1] for r in inputs[1:]] == ["6.1.0-30-cloud-amd64", "6.1.0-40-cloud-amd64",
                                      "6.1.0-50-cloud-amd64", "6.12.107+deb13-cloud-amd64"], inputs
assert inputs[2][inputs[0].index("trials")].startswith("2 trials"), inputs[2]
PY
check "the fold is named among what the report left out" \
	grep -q "3 kernels folded into '6.1.0-30 … 6.1.0-50-cloud-amd64'" "$TMP/err"
finish
