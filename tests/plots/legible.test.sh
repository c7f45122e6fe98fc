#!/usr/bin/env bash
# What a reader must be able to read in a figure: a footer naming two result
# files under the names runs give them stays inside the figure (it ran off
# the right edge), and the legend sample of a dashed series holds whole
# dashes (it was cut to half a glyph).
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

if ! command -v gnuplot >/dev/null; then
	skip "legible" "gnuplot is not installed (./run.sh installs it)"
	exit 0
fi

# Two real VM results under the names ./run.sh kernels writes; the second
# gains a dynamic-key copy of its nesting cases and fits (made here, for the
# test only), so that its nesting figure draws dashed series.
mkdir "$TMP/in"
cp "$FX/vm-6.1.0-50.json" "$TMP/in/vm-6.1.0-50-cloud-amd64-20261204T170236Z.json"
python3 - "$FX/vm-6.12.107.json" "$TMP/in/vm-6.12.107+deb13-cloud-amd64-20261204T170237Z.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
for arr in ("cases", "fits"):
    for x in [x for x in d[arr] if x["scenario"] == "nesting" and x["key_mode"] == "static"]:
        y = copy.deepcopy(x)
        y["key_mode"] = "dynamic"
        if "id" in y:
            y["id"] = y["id"].replace("/static/", "/dynamic/")
        d[arr].append(y)
json.dump(d, open(sys.argv[2], "x"))
PY
"$TOP/plots/plot.sh" --out "$TMP/out" "$TMP/in" >/dev/null 2>"$TMP/err"
check "plot.sh exits 0" [ $? -eq 0 ]
D=$TMP/out/vm-insns

# footer_fits SVG: every line of the footer (grey text at the bottom) is at
# most 140 characters, what a 1000-pixel figure holds at its font, and the
# lines together name both inputs.
footer_fits() {
	python3 - "$1" <<'PY'
import re, sys, html
s = open(sys.argv[1]).read()
lines = [html.unescape(t) for t in re.findall(r"fill=\"rgb\(85,85,85\)\"[^>]*>\s*<text>(.*?)</text>", s, re.S)]
assert lines, "no footer"
assert all(len(t) <= 140 for t in lines), [len(t) for t in lines]
text = " ".join(lines)
for name in ("vm-6.1.0-50-cloud-amd64-20261204T170236Z.json",
             "vm-6.12.107+deb13-cloud-amd64-20261204T170237Z.json"):
    assert name in text, (name, text)
PY
}
for f in perhop-kernels depth-kernels-static; do
	check "$f: the footer naming two result files fits in the figure" footer_fits "$D/$f.svg"
done

check "nesting: the legend sample of a dashed series holds two whole dash periods" \
	python3 - "$D/nesting-6.12.107+deb13-cloud-amd64.svg" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
# The grid's dashes (class "gridline") are not a series.
dashed = re.findall(r"<path (?:(?!gridline)[^>])*?stroke-dasharray='([\d.,]+)'(?:(?!gridline)[^>])*?"
                    r"\sd='M([\d.]+),([\d.]+) L([\d.]+),([\d.]+)", s)
assert dashed, "no dashed series"
for dash, x1, y1, x2, y2 in dashed:
    period = sum(float(v) for v in dash.split(","))
    assert y1 == y2 and float(x2) - float(x1) >= 2 * period, (dash, x1, x2)
PY
finish
