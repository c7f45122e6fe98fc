# Chaignon 2021's layout from `tailbench reproduce --dat DIR`: the cost of a
# run against chain length, one line per result; and the longest chain per
# kernel with and without retpoline as grouped bars, his (ns on an Atom)
# and ours (our clock) side by side, each on its own axis.  Draws only.
# Set by the caller (gnuplot -e): PLOTS, CHAIN and BARS (one clock's dat
# files), OUT (path without extension), TITLE, FOOT, UNIT (the clock), N
# (blocks in CHAIN).
load PLOTS."common.gp"
set datafile missing "-"
# The longest chain the data holds: the axis, and the bars' chain.
stats CHAIN using 1 nooutput
L = int(STATS_max)

do for [fmt in FORMATS] {
	eval term(fmt)
	set output OUT."-chain.".fmt
	set xlabel "tail calls in the chain (plus one failed call)"
	set ylabel UNIT." per run"
	set xrange [0:L]
	set key inside left top
	plot for [i=0:N-1] CHAIN index i using 1:2 with linespoints lt (i % 8) + 1 \
		title columnheader(1)
	unset output
	set autoscale x

	set output OUT."-bars.".fmt
	set style data histograms
	set style histogram clustered gap 1
	set style fill solid 0.8 border -1
	set yrange [0:*]
	unset key
	set multiplot layout 1,2
	set xlabel "kernel (his)"
	set ylabel sprintf("ns, %d-call chain (Atom C2750)", L)
	plot BARS index 0 using 2:xtic(1) lt 2 title "with retpoline", \
		'' index 0 using 3 lt 1 title "without"
	unset label 98
	set key at screen 0.5, screen 0.91 center horizontal
	set xlabel "kernel (ours)"
	set ylabel sprintf("%s, %d-call chain", UNIT, L)
	plot BARS index 1 using 2:xtic(1) lt 2 title "with retpoline", \
		'' index 1 using 3 lt 1 title "without"
	unset multiplot
	unset output
	set label 98 TITLE at screen 0.5, screen 0.955 center font ",13"
	unset style data
	set autoscale y
	set key outside right top vertical Left reverse samplen 2.5 spacing 1.2
}
