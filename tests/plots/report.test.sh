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
check "report.sh exits 0 and prints the page's path, a new name under --out" \
	bash -c "[ $? -eq 0 ] && grep -Eqx 'report: $TMP/r/report-[0-9]{8}T[0-9]{6}Z.html' '$TMP/out'"
page=$(sed -n 's/^report: //p' "$TMP/out")
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
        p = fit[0]["per_hop"]
        # An exact count is the integer it is: "15", never "15.0 [15.0, 15.0]".
        if d["meta"]["clock"] == "insns":
            want = "%d" % p["value"]
        else:
            want = "%s [%s, %s]" % (num(p["value"]), num(p["ci_low"]), num(p["ci_high"]))
        assert row[0][1 + i] == want, (k, mode, row[0][1 + i], want)
PY
check "per-hop table: each caption names the kind of its intervals" \
	bash -c "grep -q '<caption>vm, insns clock: cost per hop, guest instructions (icount VM); slope over depths 0..33; exact count</caption>' '$page' &&
		grep -q '<caption>native, ns clock: cost per hop, ns (test_run.s clock); slope over depths 0..33; within-run 95% bootstrap CI</caption>' '$page'"

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

# The classic table: every row has a cell from each kernel, in each column
# it fills (inlined code in the first ones).
for row in "Cost per hop:3" "Image size:3" "Code reuse:3" "Limits: 33 tail calls:2" \
	"Mixed: tail calls:2" "Passing context:2"; do
	check "classic table, '${row%:*}': figures of 6.1, 6.12 and the native kernel" \
		python3 - "$page" "${row%:*}" "${row##*:}" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
row = re.search(r'<tr><th class="row">' + re.escape(sys.argv[2]) + r'.*?</tr>', s).group(0)
for k in ("6.1.0-50-cloud-amd64 (vm)", "6.12.107+deb13-cloud-amd64 (vm)", "6.18.44-fc-v595 (native)"):
    assert row.count(k) == int(sys.argv[3]), (k, row)
PY
done
check "classic table: the tail-call limit from the depth-34 case" \
	grep -q '<b>33 calls</b> <span class="k">6.1.0-50-cloud-amd64 (vm)</span><br><span class="d">chain/tailcall/xdp/static/n0/s0/d34: 34 calls attempted' "$page"
check "classic table: the 256-byte rule in the verifier's words" \
	grep -q 'refused at 256 bytes.*tail_calls are not allowed when call stack of previous frames is 256 bytes' "$page"
check "the page lists what was skipped" \
	grep -q '<li>depth plots across kernels (native-ns) skipped: results of one kernel only</li>' "$page"
check "the page lists the skipped cases by reason, with their count and the first case" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import sys
from html_tables import tables
rows = [r for t in tables(sys.argv[1]) for r in t]
want = ["6.1.0-50-cloud-amd64, vm",
        "verifier rejected xdp_static_0: combined stack size of 3 calls is 768. Too large",
        "8", "nesting/tailcall/xdp/static/n4/s256/d0"]
assert want in rows, [r for r in rows if len(r) == 4]
PY
check "no hop paths in these results: the section says why instead of a heading over nothing" \
	bash -c "grep -A1 '<h2>What one hop executes' '$page' | grep -q '<p>Nothing to compare: this needs two results'"
check "classic table: a column of inlined code, with its per-hop figure" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page" <<'PY'
import sys
from html_tables import tables
t = [t for t in tables(sys.argv[1]) if t and "inlined code" in t[0]][0]
# The four named columns first, then every other way of making the hops the
# bench table has (bpf_loop's), titled by its bench.
assert t[0][:5] == ["", "tail calls", "bpf2bpf calls", "inlined code", "indirect jumps (gotox)"], t[0]
assert "bpf_loop callbacks" in t[0][5:], t[0]
assert "insns/hop" in t[1][3] and "6.1.0-50-cloud-amd64 (vm)" in t[1][3], t[1][3]
PY

# A kernel without gotox: its refusal in its words, not "not measured"; a
# second report under the same --out is a new page beside the first.
"$TOP/plots/report.sh" --out "$TMP/r" "$FX/facts/vm-6.12.117.json" >"$TMP/out2" 2>"$TMP/err"
page2=$(sed -n 's/^report: //p' "$TMP/out2")
check "a second report is a new page, the first kept" \
	bash -c "[ -s '$page2' ] && [ '$page2' != '$page' ] && [ -s '$page' ]"
check "a kernel that refused gotox: 'refused by this kernel' and its words, in both tables" \
	env PYTHONPATH="$TOP/tests/plots" python3 - "$page2" <<'PY'
import sys
from html_tables import tables
words = "the kernel has no instruction-array maps for indirect jumps"
cells = [c for t in tables(sys.argv[1]) for r in t for c in r]
assert sum(c.startswith("refused by this kernel") and words in c for c in cells) >= 2, cells
assert not any("not measured" in c and "gotox" in c for c in cells)
PY
before=$(md5sum <"$page")
"$TOP/plots/report.sh" -o "$page" "$FX/facts/vm-6.12.117.json" >/dev/null 2>"$TMP/err"
check "-o FILE that exists: refused with exit 2, the file untouched" \
	bash -c "[ $? -eq 2 ] && grep -q 'exists: a report is never overwritten' '$TMP/err' &&
		[ \"\$(md5sum <'$page')\" = '$before' ]"
finish
