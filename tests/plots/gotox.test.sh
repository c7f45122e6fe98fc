#!/usr/bin/env bash
# Indirect jumps beside tail calls in show, the report and the per-hop
# figure, from a 6.19 result that has them and a 6.12 one that predates them.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
new=$FX/gotox/vm-6.19.14.json

"$TB" show "$new" >"$TMP/show" 2>&1
check "show: the gotox chain among the mechanisms, its run and per-hop count from the fixture" \
	grep -Eq '^indirect jumps \(gotox\) +394 +9 +1007 +1904 +238 ' "$TMP/show"
check "show: gotox dispatch beside the prog array and the switch" \
	grep -q '^gotox_dispatch   M=1: 105.0 M=8: 106.0 M=64: 106.0$' "$TMP/show"

if ! command -v gnuplot >/dev/null; then
	skip "report" "gnuplot is not installed (./run.sh installs it)"
	finish
fi
"$TOP/plots/report.sh" --out "$TMP/r" -o "$TMP/r/report.html" "$new" "$FX/vm-6.12.107.json" >"$TMP/out" 2>"$TMP/err"
check "report.sh exits 0" [ $? -eq 0 ]
check "per-hop table: a gotox column, 6.19's fit in it, none for 6.12" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$TMP/r/report.html" "$new" <<'PY'
import json, sys
from html_tables import tables
page = tables(sys.argv[1])
fit = next(f for f in json.load(open(sys.argv[2]))["fits"] if f["bench"] == "gotox_chain")
perhop = next(t for t in page if t and t[0][0] == "kernel" and t[0][1:2] != ["static"])
col = perhop[0].index("indirect jump (gotox)")
rows = {r[0]: r[col] for r in perhop[1:]}
# An exact count: the integer it is, no interval.
assert fit["per_hop"]["interval"] == "exact"
want = "%d" % fit["per_hop"]["value"]
assert rows["6.19.14+deb13-cloud-amd64"] == want, rows
assert rows["6.12.107+deb13-cloud-amd64"] == "\u2013", rows
classic = next(t for t in page if t and "indirect jumps (gotox)" in t[0])
assert want + " insns/hop" in classic[1][4], classic[1]
PY
check "the per-hop figure by kernel has a gotox series" \
	grep -q 'indirect jump (gotox)' "$TMP/r/vm-insns/perhop-kernels.svg"
finish
