#!/usr/bin/env bash
# plots/ and the report draw what tailbench's dat export says: no scenario or
# bench name, and no number of the suite's geometry (the chain's 33 and 34,
# nesting 0..7, dispatch's 64), is written in their shell, awk or gnuplot;
# a figure's title, axis and series come from the dat file.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

# The code of plots/ without its comments.
code() {
	local f
	for f in "$TOP"/plots/*.sh "$TOP"/plots/*.awk "$TOP"/plots/*.gp; do
		sed -e 's/^[[:space:]]*#.*//' "$f" | grep . | sed "s|^|$(basename "$f"): |"
	done
}
code >"$TMP/code"
check "plots/ has code to look at" [ -s "$TMP/code" ]

# Every scenario (a file of scenarios/) as a name: quoted, or in a family key.
for s in "$TOP"/scenarios/*.json; do
	s=$(basename "$s" .json)
	check "plots/ does not name scenario $s" \
		bash -c "! grep -E '([\"'\\''/=]|^)$s([\"'\\''/]|\$)' '$TMP/code'"
done
# Every bench tailbench lists (names that are words of their own only).
"$TB" list >"$TMP/list"
sed -n '/^benches:/,$p' "$TMP/list" | awk 'NR > 1 && NF { print $1 }' >"$TMP/benches"
check "tailbench lists its benches" [ -s "$TMP/benches" ]
while read -r b; do
	case $b in *_* | tailcall) ;; *) continue ;; esac
	check "plots/ does not name bench $b" bash -c "! grep -w '$b' '$TMP/code'"
done <"$TMP/benches"
check "plots/ writes no number of the suite's geometry (33, 34, 64, 0..7)" \
	bash -c "! grep -E '\\b(33|34|64)\\b|0\\.\\.7' '$TMP/code'"

if ! command -v gnuplot >/dev/null; then
	skip "a figure follows its dat file" "gnuplot is not installed (./run.sh installs it)"
	finish
fi

# A dat file whose depth figure says other words and limits, and whose first
# series has another legend: the figure says what the file says.
"$TB" export --format dat "$FX/vm-6.1.0-50.json" >"$TMP/orig.dat"
awk '
	/^# / { block = $0 }
	block == "# figures xdp" && $1 == "\"depth\"" {
		sub(/"Cost against chain depth"/, "\"A title from the dat file\"")
		sub(/"\[-1:34\]" "0,3,33"/, "\"[-1:20]\" \"0,5,20\"")
	}
	block == "# series xdp" && $1 == "\"depth\"" && !done {
		sub(/"static key"/, "\"a legend from the dat file\"")
		done = 1
	}
	{ print }' "$TMP/orig.dat" >"$TMP/edited.dat"
check "the edit took" bash -c "! cmp -s '$TMP/orig.dat' '$TMP/edited.dat'"
"$TOP/plots/plot.sh" --out "$TMP/out" "$TMP/edited.dat" >"$TMP/stdout" 2>"$TMP/stderr"
check "plot.sh draws the edited dat file" [ $? -eq 0 ]
svg=$TMP/out/vm-insns/depth-6.1.0-50-cloud-amd64.svg
check "the title is the dat file's" grep -q 'A title from the dat file: kernel 6.1.0-50-cloud-amd64' "$svg"
check "the legend is the dat file's" grep -q 'a legend from the dat file' "$svg"
check "the x axis ends where the dat file says (tick 20, none at 33)" \
	bash -c "grep -q '<text> 20</text>' '$svg' && ! grep -q '<text> 33</text>' '$svg'"

# A dat file made before tailbench described its figures: refused, said why.
sed '/^# figures /,$d' "$TMP/orig.dat" >"$TMP/old.dat"
"$TOP/plots/plot.sh" --out "$TMP/old" "$TMP/old.dat" >/dev/null 2>"$TMP/stderr"
check "a dat file without figures blocks: exit 2, named, export it again" \
	bash -c "[ $? -eq 2 ] && grep -q 'old.dat skipped: its dat file says nothing of figures' '$TMP/stderr'"
finish
