# Rows of one data set of a dat file (tailbench export --format dat) as
# tab-separated fields, quotes taken off:
#   awk -v block="fits chain/tailcall/xdp/static/s0" -f rows.awk DAT
# Optional: cols="per_hop ci_low ci_high" (these columns, in this order),
# key=nest val=0 (only the rows where that column has that value),
# pre="A<TAB>B" (fields put first on every line), header=1 (print the
# column names first), sep=CHAR (fields apart by CHAR, not a tab: shell's
# read keeps empty fields apart only at a character that is not white space).

# Split a line of space-separated words, "quoted" ones holding spaces.
function words(line, out,    n, i) {
	n = 0
	sub(/^ +/, "", line)
	while (line != "") {
		if (substr(line, 1, 1) == "\"") {
			i = index(substr(line, 2), "\"")
			out[++n] = substr(line, 2, i - 1)
			line = substr(line, i + 2)
		} else {
			i = index(line, " ")
			if (!i)
				i = length(line) + 1
			out[++n] = substr(line, 1, i - 1)
			line = substr(line, i)
		}
		sub(/^ +/, "", line)
	}
	return n
}

function emit(f,    s, j) {
	s = pre
	for (j = 1; j <= nc; j++)
		s = s (j == 1 && pre == "" ? "" : sep == "" ? "\t" : sep) f[pos[want[j]]]
	print s
}

$0 == "# " block {
	on = 1
	getline
	nh = words($0, head)
	for (i = 1; i <= nh; i++)
		pos[head[i]] = i
	nc = split(cols, want, " ")
	if (!nc)
		for (nc = 0; nc < nh; nc++)
			want[nc + 1] = head[nc + 1]
	if (header)
		emit(head)
	next
}
on && ($0 == "" || /^#/) { exit }
on {
	words($0, f)
	if (key == "" || f[pos[key]] == val)
		emit(f)
}
