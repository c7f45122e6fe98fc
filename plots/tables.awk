# HTML tables of the report from tab-separated rows (report.sh makes them
# with rows.awk from the dat files; tailbench chooses every figure, label and
# layout, this only lays them out).
#   table=plain:   a header line, then rows: every cell escaped
#   table=perhop:  group axis kernel slot heading per_hop ci_low ci_high
#                  exact interval depths detail (the dat's perhop block)
#                  one table per group: kernels down, slots across; exact
#                  counts as integers, other intervals of the kinds its
#                  caption names; "refused" with the kernel's words
#   table=classic: "column N TITLE", "cell ROW LABEL COL PROPERTY MECHANISM"
#                  (the layout), then "value KERNEL ENV UNIT" and the classic
#                  block's fields: every result in its cell
BEGIN { FS = "\t" }

function esc(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	return s
}

# Three significant figures or so, whatever the clock's scale.
function num(v,    a) {
	if (v == "NaN" || v == "")
		return "?"
	a = v < 0 ? -v : v
	return sprintf(a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%.0f", v)
}

# A figure: an exact count is the integer it is.
function fig(v, exact) {
	return exact ? sprintf("%d", v) : num(v)
}

# Its interval, " [low, high]": none for an exact count.
function ci(lo, hi, exact) {
	return exact || lo == "NaN" || lo == "" ? "" : " [" num(lo) ", " num(hi) "]"
}

table == "plain" {
	printf "%s<tr>", NR == 1 ? "<table>\n" : ""
	for (i = 1; i <= NF; i++)
		printf NR == 1 ? "<th>%s</th>" : "<td>%s</td>", esc($i)
	print "</tr>"
}

# --- per-hop cost: kernel x slot ------------------------------------------

function perhop_flush(    k, m, kinds, sep, i) {
	if (!nk)
		return
	for (i = 1; i <= nkinds; i++) {
		kinds = kinds sep kind[i]
		sep = "; "
	}
	printf "<table>\n<caption>%s: cost per hop, %s; slope over depths %s; %s</caption>\n", esc(group), esc(axis), esc(depths), esc(kinds)
	printf "<tr><th>kernel</th>"
	for (m = 1; m <= maxslot; m++)
		if (m in heading)
			printf "<th>%s</th>", esc(heading[m])
	printf "</tr>\n"
	for (k = 1; k <= nk; k++) {
		printf "<tr><td>%s</td>", esc(kernels[k])
		for (m = 1; m <= maxslot; m++)
			if (m in heading)
				printf "<td class=\"n\">%s</td>", ((kernels[k], m) in cell) ? cell[kernels[k], m] : "&ndash;"
		printf "</tr>\n"
	}
	printf "</table>\n"
	nk = nkinds = maxslot = 0
	split("", cell)
	split("", heading)
	split("", seen)
	split("", seenkind)
}

table == "perhop" {
	if ($1 != group)
		perhop_flush()
	group = $1
	axis = $2
	if (!($3 in seen)) {
		seen[$3] = 1
		kernels[++nk] = $3
	}
	heading[$4] = $5
	maxslot = $4 > maxslot ? $4 + 0 : maxslot
	if ($10 == "refused") {
		cell[$3, $4] = "<span class=\"d\">refused by this kernel: " esc($12) "</span>"
		next
	}
	cell[$3, $4] = "<b>" fig($6, $9 == 1) "</b>" ci($7, $8, $9 == 1)
	if ($11 != "")
		depths = $11
	if (!($10 in seenkind)) {
		seenkind[$10] = 1
		kind[++nkinds] = $10
	}
}

# --- tail calls against bpf2bpf calls --------------------------------------

# What one result says in a cell: kind is the interval's (its label beside
# the bounds), "exact" for a count with nothing to bracket.
function say(p, unit, depth, v, lo, hi, kind,    x, k) {
	x = kind == "exact"
	k = kind == "" || x ? "" : " <span class=\"d\">" esc(kind) "</span>"
	if (p == "per_hop")
		return "<b>" fig(v, x) " " unit "/hop</b>" ci(lo, hi, x) k
	if (p == "run")
		return "<b>" fig(v, x) " " unit "</b>" ci(lo, hi, x) k " at " depth " hops"
	if (p == "stack_depth" || p == "jited_len")
		return "<b>" v " bytes</b> at " depth " hops"
	if (p == "jited_per_hop")
		return "<b>" num(v) " bytes/hop</b>"
	if (p == "tail_call_limit")
		return v == "NaN" ? "<b>not enforced</b>" : "<b>" v " calls</b>"
	if (p == "call_frames")
		return "<b>" v " frames</b> in use"
	return "<b>refused at " v " bytes</b>"
}

table == "classic" && $1 == "column" {
	column[$2] = $3
	ncols = $2 > ncols ? $2 + 0 : ncols
	next
}
table == "classic" && $1 == "cell" {
	if (!($2 in label)) {
		label[$2] = $3
		nrows = $2 > nrows ? $2 + 0 : nrows
	}
	cell_of[$2, $4] = $5 " " $6
	next
}
# A mechanism the kernel refused: its words in its column's first row, a
# pointer to them in the others.
table == "classic" && $5 == "refused" {
	who = " <span class=\"k\">" esc($2) " (" esc($3) ")</span>"
	sep = $6 in refused ? "<br>" : ""
	refused[$6] = refused[$6] sep "<b>refused by this kernel</b>" who "<br><span class=\"d\">" esc($11) "</span>"
	refused_short[$6] = refused_short[$6] sep "<b>refused by this kernel</b>" who
	next
}
table == "classic" {
	line = say($5, $4, $7, $8, $9, $10, $12) " <span class=\"k\">" esc($2) " (" esc($3) ")</span>"
	if ($5 ~ /limit|frames|refused/)
		line = line "<br><span class=\"d\">" esc($11) "</span>"
	key = $5 " " $6
	# Test before reading: reading what[key] would create it.
	sep = key in what ? "<br>" : ""
	what[key] = what[key] sep line
}

END {
	if (table == "plain" && NR)
		print "</table>"
	if (table == "perhop")
		perhop_flush()
	if (table != "classic")
		exit
	printf "<table>\n<tr><th></th>"
	for (c = 1; c <= ncols; c++)
		printf "<th>%s</th>", esc(column[c])
	print "</tr>"
	for (r = 1; r <= nrows; r++) {
		if (!(r in label))
			continue
		printf "<tr><th class=\"row\">%s</th>", esc(label[r])
		for (c = 1; c <= ncols; c++) {
			key = (r, c) in cell_of ? cell_of[r, c] : ""
			mech = key
			sub(/^[^ ]* /, "", mech)
			s = key == "" ? "" : (key in what) ? what[key] : ""
			if (key != "" && (mech in refused))
				s = s (s == "" ? "" : "<br>") (r == 1 ? refused[mech] : refused_short[mech])
			printf "<td>%s</td>", key == "" ? "&ndash;" : s != "" ? s : "<span class=\"d\">not measured in these results</span>"
		}
		print "</tr>"
	}
	print "</table>"
}
