# Tail calls against bpf2bpf calls and inlined code, three panels against
# the number of hops: run cost, JIT image size, stack depth.  Besides
# common.gp's variables: XMAX (hops beyond it are not drawn), XRANGE, XTICS,
# XLABEL, and YLABEL (the run cost's).
W = 1500
H = 560
load PLOTS."common.gp"
# The multiplot's title spans the panels.
unset label 98

keep(x) = x <= XMAX + 0 ? x : NaN
xpos(x, i) = x + 0.25 * (i - (n + 1) / 2.0)

# Stacks of 0 bytes would sit on the axis: give the panel room on both sides.
smax = 0
do for [i=1:n] {
	stats DATS[i] index BLOCKS[i] using "stack_depth" nooutput
	smax = STATS_max > smax ? STATS_max : smax
}
stop = smax > 0 ? 1.15 * smax : 8

eval "set xrange ".XRANGE
eval "set xtics ".XTICS
set xlabel XLABEL
set bmargin

do for [fmt in FORMATS] {
	eval term(fmt)
	set output OUT.".".fmt
	# The panels leave the right quarter to the key.
	set multiplot layout 1,3 title TITLE font ",13" margins 0.06, 0.76, 0.17, 0.88 spacing 0.06, 0
	set key at screen 0.775, screen 0.85 left top vertical Left reverse samplen 2.5
	set title "Run cost"
	set yrange [0:*]
	# The stack panel's whole-byte ticks must not reach the next format's
	# run cost axis (thousands of ticks, an SVG of megabytes).
	set ytics autofreq
	set ylabel YLABEL
	plot for [i=1:n] DATS[i] index BLOCKS[i] \
		using (xpos(keep(column("depth")), i)):"figure":"q1":"q3" \
		with yerrorlines lt COLORS[i] title TITLES[i]
	unset key
	unset label 99
	set title "JIT image size"
	set ylabel "bytes (jited_len, summed over the programs run)"
	plot for [i=1:n] DATS[i] index BLOCKS[i] \
		using (keep(column("depth"))):"jited_len" with linespoints lt COLORS[i]
	set title "Stack depth"
	set ylabel "bytes (the verifier's stack_depth)"
	set yrange [-0.05 * stop:stop]
	# Whole bytes: no fractional ticks on a small range.
	if (stop < 10) { set ytics 1 }
	plot for [i=1:n] DATS[i] index BLOCKS[i] \
		using (xpos(keep(column("depth")), i)):"stack_depth" with linespoints lt COLORS[i]
	unset multiplot
	set label 99 FOOT at screen 0.01, screen 0.025 left font ",9" textcolor rgb "#555555"
	set output
}
