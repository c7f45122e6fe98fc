#!/usr/bin/env bash
# plots/plot.sh on the fixtures (one native result, two VM results of two
# kernels): every figure drawn, at its size, native and VM apart; with one
# kernel it draws what it can and says what it skipped.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
PLOT=$TOP/plots/plot.sh

if ! command -v gnuplot >/dev/null; then
	skip "plots" "gnuplot is not installed (./run.sh installs it)"
	exit 0
fi

# png_size FILE: WIDTHxHEIGHT from the PNG's IHDR chunk.
png_size() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR", "not a PNG"
print("%dx%d" % struct.unpack(">II", d[16:24]))
PY
}

# expect_figures DIR NAME...: each NAME.png at its size and NAME.svg, nothing else.
expect_figures() {
	local dir=$1 name size
	shift
	for name in "$@"; do
		case "$name" in baseline-*) size=1500x560 ;; *) size=1000x600 ;; esac
		check "$(basename "$dir")/$name.png is a ${size} PNG" \
			[ "$(png_size "$dir/$name.png" 2>/dev/null)" = "$size" ]
		check "$(basename "$dir")/$name.svg is an SVG" grep -q '<svg' "$dir/$name.svg"
	done
	check "$(basename "$dir") holds these $# figures and no other" \
		[ "$(ls "$dir"/*.png | wc -l)" -eq $# ]
}

native=6.18.44-fc-v595 v1=6.1.0-50-cloud-amd64 v2=6.12.107+deb13-cloud-amd64
mkdir -p "$TMP/out/vm-insns"
touch "$TMP/out/vm-insns/stale.png"
"$PLOT" --out "$TMP/out" "$FX" >"$TMP/stdout" 2>"$TMP/stderr"
check "plot.sh on the fixtures exits 0" [ $? -eq 0 ]
expect_figures "$TMP/out/native-ns" "depth-$native" "nesting-$native" "baseline-$native" \
	"dispatch-$native" perhop-kernels
expect_figures "$TMP/out/vm-insns" "depth-$v1" "nesting-$v1" "baseline-$v1" "dispatch-$v1" \
	"depth-$v2" "nesting-$v2" "baseline-$v2" "dispatch-$v2" \
	depth-kernels-static depth-kernels-dynamic depth-kernels-poisoned perhop-kernels
# A tick on every integer of a run cost axis made baseline SVGs 4-5 MB.
check "every SVG is under 100 kB (no tick on every integer)" \
	bash -c "[ -z \"\$(find '$TMP/out' -name '*.svg' -size +100k)\" ]"
check "it prints where the plots are" grep -qx "17 plots (PNG and SVG) in $TMP/out:" "$TMP/stdout"
check "gnuplot had nothing to warn about" bash -c "! grep -i warning '$TMP/stderr'"
check "native and VM results never share an axis: native figures name no VM kernel" \
	bash -c "! grep -q cloud-amd64 '$TMP/out/native-ns/perhop-kernels.svg'"
check "... and VM figures no native kernel" \
	bash -c "! grep -q '$native' '$TMP/out/vm-insns/perhop-kernels.svg'"
check "axes state the clock: ns from test_run natively" \
	grep -q "ns (test_run's clock)" "$TMP/out/native-ns/depth-$native.svg"
check "axes state the clock: guest instructions in the VM" \
	grep -q "guest instructions (icount VM)" "$TMP/out/vm-insns/depth-kernels-static.svg"
# The ticks leave off the flavour both end in, said once in the axis title.
check "kernels are sorted as versions: 6.1 before 6.12" python3 - "$TMP/out/vm-insns/perhop-kernels.svg" "${v1%-cloud-amd64}" "${v2%-cloud-amd64}" <<'PY'
import sys
s = open(sys.argv[1]).read()
assert 0 <= s.index(">" + sys.argv[2] + "<") < s.index(">" + sys.argv[3] + "<")
assert "(each ending -cloud-amd64)" in s
PY
check "the native group, with one kernel, says it skipped the plots across kernels" \
	grep -q "depth plots across kernels (native-ns) skipped: results of one kernel only" "$TMP/stderr"

# One kernel: its four figures and the per-hop one, the rest named as skipped.
"$PLOT" --out "$TMP/one" "$FX/vm-6.1.0-50.json" >/dev/null 2>"$TMP/stderr"
check "one kernel: exits 0" [ $? -eq 0 ]
expect_figures "$TMP/one/vm-insns" "depth-$v1" "nesting-$v1" "baseline-$v1" "dispatch-$v1" \
	perhop-kernels
check "one kernel: says the plots across kernels were skipped, and why" \
	grep -q "depth plots across kernels (vm-insns) skipped: results of one kernel only" \
	"$TMP/stderr"

# A result without nesting or dispatch cases (whole cases dropped: still tailbench/1).
python3 - "$FX/vm-6.12.107.json" "$TMP/nonest.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["cases"] = [c for c in d["cases"] if c["scenario"] not in ("nesting", "dispatch")]
d["fits"] = [f for f in d["fits"] if f["scenario"] != "nesting"]
json.dump(d, open(sys.argv[2], "w"))
PY
"$PLOT" --out "$TMP/nonest" "$TMP/nonest.json" >/dev/null 2>"$TMP/stderr"
check "without nesting cases: exits 0" [ $? -eq 0 ]
expect_figures "$TMP/nonest/vm-insns" "depth-$v2" "baseline-$v2" perhop-kernels
check "the nesting plot is skipped with one line saying why" \
	grep -qx "plot.sh: nesting plot of $v2 skipped: no case with nest > 0 (xdp)" "$TMP/stderr"
check "the dispatch plot is skipped with one line saying why" \
	grep -qx "plot.sh: dispatch plot of $v2 skipped: no dispatch scenario case (xdp)" "$TMP/stderr"

# tc: the fixtures hold XDP programs only.
"$PLOT" --out "$TMP/tc" --type tc "$FX/vm-6.1.0-50.json" >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
check "--type tc without tc cases: nothing drawn, each figure named as skipped" \
	bash -c "grep -qx '0 plots (PNG and SVG) in $TMP/tc:' '$TMP/stdout' && grep -q 'depth plot of $v1 skipped: no chain scenario case (tc' '$TMP/stderr'"
check "--type tc without tc cases: no figure from a result is an error (exit 1, said)" \
	bash -c "[ $rc -eq 1 ] && grep -q 'no figure could be drawn from 1 result file(s) (--type tc)' '$TMP/stderr'"
finish
