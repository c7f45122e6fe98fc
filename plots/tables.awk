# HTML tables of the report from tab-separated rows (report.sh makes them
# with rows.awk from the dat files).
#   table=plain:   a header line, then rows: every cell escaped
#   table=perhop:  group axis kernel mode per_hop ci_low ci_high
#                  one table per group: kernels down, key modes across, then
#                  "gotox", the indirect-jump chain
#                  (-v modes="static dynamic ... gotox": their order); a
#                  per_hop of "refused" has the kernel's words in ci_low
#   table=classic: kernel env unit property mechanism depth value low high detail
#                  tail calls against bpf2bpf calls and indirect jumps, every
#                  result in a cell
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

function ci(lo, hi) {
	return lo == "NaN" ? "" : " [" num(lo) ", " num(hi) "]"
}

table == "plain" {
	printf "%s<tr>", NR == 1 ? "<table>\n" : ""
	for (i = 1; i <= NF; i++)
		printf NR == 1 ? "<th>%s</th>" : "<td>%s</td>", esc($i)
	print "</tr>"
}

# --- per-hop cost: kernel x key mode ---------------------------------------

function perhop_flush(    k, m) {
	if (!nk)
		return
	printf "<table>\n<caption>%s: cost per hop, %s; slope over depths 0..33 [95%% bootstrap CI]</caption>\n", esc(group), esc(axis)
	printf "<tr><th>kernel</th>"
	for (m = 1; m <= nmodes; m++)
		if (used[order[m]])
			printf "<th>%s</th>", order[m] == "gotox" ? "indirect jump (gotox)" : "tail call, " order[m] " key"
	printf "</tr>\n"
	for (k = 1; k <= nk; k++) {
		printf "<tr><td>%s</td>", esc(kernels[k])
		for (m = 1; m <= nmodes; m++)
			if (used[order[m]])
				printf "<td class=\"n\">%s</td>", ((kernels[k], order[m]) in cell) ? cell[kernels[k], order[m]] : "&ndash;"
		printf "</tr>\n"
	}
	printf "</table>\n"
	nk = 0
	split("", cell)
	split("", used)
	split("", seen)
}

table == "perhop" && NR == 1 { nmodes = split(modes, order, " ") }
table == "perhop" {
	if ($1 != group)
		perhop_flush()
	group = $1
	axis = $2
	if (!($3 in seen)) {
		seen[$3] = 1
		kernels[++nk] = $3
	}
	used[$4] = 1
	cell[$3, $4] = $5 == "refused" ? "<span class=\"d\">refused by this kernel: " esc($6) "</span>" : \
		"<b>" num($5) "</b>" ci($6, $7)
}

# --- tail calls against bpf2bpf calls --------------------------------------

# A row: its label, then "PROPERTY MECHANISM" of the tail-call, bpf2bpf,
# inlined and indirect-jump cells (mechanisms as tailbench names them:
# result/classic.c; "" where the row says nothing of that column).
function classic_row(label, tail, call, inl, jump) {
	rows[++nrows] = label
	cell_of[nrows, 1] = tail
	cell_of[nrows, 2] = call
	cell_of[nrows, 3] = inl
	cell_of[nrows, 4] = jump
}

# What one result says in a cell.
function say(p, unit, depth, v, lo, hi) {
	if (p == "per_hop")
		return "<b>" num(v) " " unit "/hop</b>" ci(lo, hi)
	if (p == "run")
		return "<b>" num(v) " " unit "</b>" ci(lo, hi) " at " depth " hops"
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

table == "classic" && NR == 1 {
	classic_row("Cost per hop (slope of run cost against hops, 95% CI)",
		"per_hop tailcall", "per_hop bpf2bpf", "per_hop inline", "per_hop gotox_chain")
	classic_row("Cost of a run through the most hops all mechanisms were measured at (median, or agreed count [quartiles])",
		"run tailcall", "run bpf2bpf", "run inline", "run gotox_chain")
	classic_row("Memory: stack in use (the verifier's stack_depth)",
		"stack_depth tailcall", "stack_depth bpf2bpf", "stack_depth inline", "stack_depth gotox_chain")
	classic_row("Image size: JIT code of the programs a run goes through (jited_len)",
		"jited_len tailcall", "jited_len bpf2bpf", "jited_len inline", "jited_len gotox_chain")
	classic_row("Code reuse: JIT bytes each further hop adds",
		"jited_per_hop tailcall", "jited_per_hop bpf2bpf", "jited_per_hop inline", "jited_per_hop gotox_chain")
	classic_row("Limits: 33 tail calls in a chain; 8 call frames",
		"tail_call_limit tailcall", "call_frames tailcall", "", "")
	classic_row("Mixed: tail calls need under 256 bytes of stack in the callers' frames; all frames together 512 bytes",
		"mixed_stack_refused tailcall", "stack_refused tailcall", "", "")
	classic_row("Passing context: a per-CPU map (tail calls) against function arguments (bpf2bpf calls)",
		"per_hop tailcall_percpu", "per_hop bpf2bpf_args", "", "")
}
# A mechanism the kernel refused: its words in its column's first row, a
# pointer to them in the others.
table == "classic" && $4 == "refused" {
	who = " <span class=\"k\">" esc($1) " (" esc($2) ")</span>"
	sep = $5 in refused ? "<br>" : ""
	refused[$5] = refused[$5] sep "<b>refused by this kernel</b>" who "<br><span class=\"d\">" esc($10) "</span>"
	refused_short[$5] = refused_short[$5] sep "<b>refused by this kernel</b>" who
	next
}
table == "classic" {
	line = say($4, $3, $6, $7, $8, $9) " <span class=\"k\">" esc($1) " (" esc($2) ")</span>"
	if ($4 ~ /limit|frames|refused/)
		line = line "<br><span class=\"d\">" esc($10) "</span>"
	key = $4 " " $5
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
	print "<table>\n<tr><th></th><th>tail calls</th><th>bpf2bpf calls</th><th>inlined code</th><th>indirect jumps (gotox)</th></tr>"
	for (r = 1; r <= nrows; r++) {
		printf "<tr><th class=\"row\">%s</th>", esc(rows[r])
		for (c = 1; c <= 4; c++) {
			key = cell_of[r, c]
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
