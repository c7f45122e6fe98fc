#!/usr/bin/env bash
# plots/plot.sh and plots/report.sh on bad input: no result files, a file of
# another schema, no gnuplot; --help.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

for script in plot.sh report.sh; do
	s=$TOP/plots/$script
	check "$script --help exits 0" bash -c "'$s' --help | grep -q '^usage: plots/$script'"
	"$s" --frobnicate >/dev/null 2>&1
	check "$script: an unknown option exits 2" [ $? -eq 2 ]
	for opt in --out --type; do
		"$s" "$opt" >/dev/null 2>"$TMP/err"
		check "$script $opt without its value: exit 2, saying so" \
			bash -c "[ $? -eq 2 ] && grep -q -- '$opt needs' '$TMP/err'"
	done

	mkdir -p "$TMP/empty"
	"$s" --out "$TMP/o" "$TMP/empty" >/dev/null 2>"$TMP/err"
	check "$script: no result files: exit 2 and one sentence saying how to make some" \
		bash -c "[ $? -eq 2 ] && [ \$(wc -l <'$TMP/err') -eq 1 ] && grep -q 'no result files in .*empty: make some with ./run.sh .* or build/tailbench run' '$TMP/err'"
	check "$script: nothing written without result files" [ ! -e "$TMP/o" ]
done

# No gnuplot on PATH: only the tools the scripts need before drawing.
mkdir -p "$TMP/bin"
for t in dirname readlink basename; do ln -s "$(command -v "$t")" "$TMP/bin/$t"; done
PATH=$TMP/bin "$BASH" "$TOP/plots/plot.sh" "$FX" 2>"$TMP/err"
check "without gnuplot: exit 1, saying ./run.sh installs it" \
	bash -c "[ $? -eq 1 ] && grep -q 'gnuplot not found: ./run.sh plot installs it' '$TMP/err'"
if ! command -v gnuplot >/dev/null; then
	skip "bad input once gnuplot runs" "gnuplot is not installed"
	finish
fi

echo '{"schema": "other/2", "meta": {}, "cases": []}' >"$TMP/other.json"
"$TOP/plots/plot.sh" --out "$TMP/o" "$TMP/other.json" "$FX/vm-6.1.0-50.json" >"$TMP/out" 2>"$TMP/err"
check "a file of another schema is skipped, the others plotted" \
	bash -c "[ $? -eq 0 ] && grep -q '^5 plots' '$TMP/out'"
check "... and named, with why" \
	bash -c "grep -q 'other.json: not a tailbench/1 result file (schema: other/2)' '$TMP/err' && grep -q 'other.json skipped' '$TMP/err'"
"$TOP/plots/plot.sh" --out "$TMP/o2" "$TMP/other.json" >/dev/null 2>"$TMP/err"
check "only files of another schema: exit 2" [ $? -eq 2 ]

cp "$FX/vm-6.1.0-50.json" "$TMP/again.json"
"$TOP/plots/plot.sh" --out "$TMP/o3" "$FX/vm-6.1.0-50.json" "$TMP/again.json" >/dev/null 2>"$TMP/err"
check "two results of one kernel: one is plotted, the other named as left out" \
	grep -q 'left out: a newer result of kernel 6.1.0-50-cloud-amd64 (vm-insns) is plotted' "$TMP/err"

# Two variants of one kernel (the full fixture scenarios, and a quick run of
# chain and baseline): both drawn side by side, each named by its variant,
# never one silently in place of the other.
"$TOP/plots/plot.sh" --out "$TMP/o4" "$FX/vm-6.1.0-50.json" "$FX/hops/vm-6.1.0-50.json" \
	>"$TMP/out" 2>"$TMP/err"
check "two variants of one kernel: both drawn, each named by its scenarios and run" \
	bash -c "[ -s '$TMP/o4/vm-insns/depth-6.1.0-50-cloud-amd64~baseline,chain,dispatch,nesting~full.png' ] &&
		[ -s '$TMP/o4/vm-insns/depth-6.1.0-50-cloud-amd64~baseline,chain~quick.png' ] &&
		! grep -q 'left out' '$TMP/err'"
check "... side by side in the figures across kernels" \
	grep -q '6.1.0-50-cloud-amd64~baseline,chain~quick' "$TMP/o4/vm-insns/perhop-kernels.svg"

# A dat exported before 'variant' (and a meta left empty) is still drawn.
"$TB" export --format dat "$FX/vm-6.1.0-50.json" | grep -v "^variant " >"$TMP/old.dat"
check "a dat without the newer meta variant: plot.sh draws it (exit 0)" \
	"$TOP/plots/plot.sh" --out "$TMP/o5" "$TMP/old.dat"

finish
