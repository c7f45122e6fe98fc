#!/usr/bin/env bash
# plots/report.sh on the fixtures: one self-contained page with every figure,
# the per-hop table of both VM kernels and the native one, and the table of
# tail calls against bpf2bpf calls filled from the results.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

if ! command -v gnuplot >/dev/null; then
	skip "report" "gnuplot is not installed (./run.sh installs it)"
	exit 0
fi

"$TOP/plots/report.sh" --out "$TMP/r" "$FX" >"$TMP/out" 2>"$TMP/err"
check "report.sh exits 0 and prints the page's path" \
	bash -c "[ $? -eq 0 ] && grep -qx 'report: $TMP/r/report.html' '$TMP/out'"
page=$TMP/r/report.html
check "the page embeds all 17 figures as PNG data" \
	[ "$(grep -o 'src="data:image/png;base64,iVBOR' "$page" | wc -l)" -eq 17 ]
check "the page is self-contained: no link, script or remote source" \
	bash -c "! grep -Eiq '<link|<script|src=\"(https?:|//)' '$page'"

# Per-hop cells: each kernel's row holds its fits, as the fixture says.
check "per-hop table: a row per kernel, each key mode's value from its fit" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" "$FX"/*.json <<'PY'
import json, sys
from html_tables import tables
# (not the headline's: its columns are the mechanisms, "static" first)
rows = [r for t in tables(sys.argv[1]) if t[0][1:2] != ["static"] for r in t]
def num(v):
    a = abs(v)
    return "%.2f" % v if a < 10 else "%.1f" % v if a < 100 else "%.0f" % v
for f in sys.argv[2:]:
    d = json.load(open(f))
    k = d["meta"]["kernel"]
    row = [r for r in rows if r and r[0] == k]
    assert len(row) == 1, (k, row)
    for i, mode in enumerate(("static", "dynamic", "poisoned")):
        fit = [x for x in d["fits"] if x["scenario"] == "chain" and x["key_mode"] == mode]
        want = "%s [%s, %s]" % (num(fit[0]["per_hop"]["value"]), num(fit[0]["per_hop"]["ci_low"]),
                                num(fit[0]["per_hop"]["ci_high"]))
        assert row[0][1 + i] == want, (k, mode, row[0][1 + i], want)
PY

check "the headline first: a row per result, exact counts as integers, before the other tables" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import sys
from html_tables import tables
s = open(sys.argv[1]).read()
assert s.index('<section id="headline">') < s.index("<h2>Results</h2>"), "headline not first"
t = [t for t in tables(sys.argv[1]) if t[0][1:2] == ["static"]]
rows = {r[0]: r[1:] for x in t for r in x[1:]}
assert rows["6.1.0-50-cloud-amd64"][:6] == ["15", "27", "29", "12", "9.98 [9.98, 9.98]", "3"], rows
# An older exact result whose line did not hold is no exact count.
assert rows["6.1.0-50-cloud-amd64"][-1] == "mixed (tailbench show has each)", rows
assert rows["6.12.107+deb13-cloud-amd64"][:3] == ["21", "33", "35"], rows
assert rows["6.18.44-fc-v595"][-1] == "within-run 95% bootstrap CI", rows
PY

# The classic table: every row has a cell from each kernel.
for row in "Cost per hop" "Image size" "Code reuse" "Limits: 33 tail calls" "Mixed: tail calls" \
	"Passing context"; do
	check "classic table, '$row': figures of 6.1, 6.12 and the native kernel" python3 - "$page" "$row" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
row = re.search(r'<tr><th class="row">' + re.escape(sys.argv[2]) + r'.*?</tr>', s).group(0)
for k in ("6.1.0-50-cloud-amd64 (vm)", "6.12.107+deb13-cloud-amd64 (vm)", "6.18.44-fc-v595 (native)"):
    assert row.count(k) == 2, (k, row)
PY
done
check "classic table: the tail-call limit from the depth-34 case" \
	grep -q '<b>33 calls</b> <span class="k">6.1.0-50-cloud-amd64 (vm)</span><br><span class="d">chain/tailcall/xdp/static/n0/s0/d34: 34 calls attempted' "$page"
check "classic table: the 256-byte rule in the verifier's words" \
	grep -q 'refused at 256 bytes.*tail_calls are not allowed when call stack of previous frames is 256 bytes' "$page"
check "the page lists what was skipped" \
	grep -q '<li>depth plots across kernels (native-ns) skipped: results of one kernel only</li>' "$page"
finish
