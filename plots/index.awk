# The families a dat file (tailbench export --format dat) holds, read from
# the rows of its blocks rather than guessed from their names: one line per
# block and nest, tab-separated:
#   KIND SCENARIO BENCH PROG_TYPE KEY_MODE NEST FRAME_STACK BLOCK
# (KIND: cases or fits; a fits block has a line for each nest it fitted).

/^# / {
	name = substr($0, 3)
	kind = name
	sub(/ .*/, "", kind)
	on = 0
	if (kind != "cases" && kind != "fits")
		next
	getline
	n = split($0, head, " ")
	for (i = 1; i <= n; i++)
		pos[head[i]] = i
	on = ("scenario" in pos) && ("nest" in pos)
	next
}
on && NF {
	# Family fields are quoted words without spaces: "chain" "tailcall"...
	gsub(/"/, "")
	line = kind "\t" $pos["scenario"] "\t" $pos["bench"] "\t" $pos["prog_type"] "\t" \
		$pos["key_mode"] "\t" $pos["nest"] "\t" $pos["frame_stack"] "\t" name
	if (!(line in seen)) {
		seen[line] = 1
		print line
	}
}
