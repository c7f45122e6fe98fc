# Lines with error bars against one column of the dat data sets: cost against
# chain depth, per-hop cost against nesting, dispatch against M targets.
# Besides common.gp's variables: XCOL, YCOL, LOCOL, HICOL (column names),
# XMAX (points beyond it are not drawn), LOGX ("1": log2 x axis), XRANGE,
# XTICS, XLABEL, YLABEL, DODGE (how far apart series are drawn at one x, so
# that their bars do not hide each other).
load PLOTS."common.gp"

n = words(BLOCKS)
# Many series share the spread of three, so that they stay near their x.
slot(i) = (i - (n + 1) / 2.0) * 3.0 / (n > 3 ? n : 3)
if (LOGX eq "1") {
	set logscale x 2
	xpos(x, i) = x * 2**((DODGE + 0) * slot(i))
} else {
	xpos(x, i) = x + (DODGE + 0) * slot(i)
}
keep(x) = x <= XMAX + 0 ? x : NaN

eval "set xrange ".XRANGE
eval "set xtics ".XTICS
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
set xlabel XLABEL
set ylabel YLABEL

do for [fmt in FORMATS] {
	eval term(fmt)
	set output OUT.".".fmt
	plot for [i=1:n] word(DATS, i) index word(BLOCKS, i) \
		using (xpos(keep(column(XCOL)), i)):(column(YCOL)):(column(LOCOL)):(column(HICOL)) \
		with yerrorlines lt word_n(COLORS, i) dt word_n(DASHES, i) title word(TITLES, i)
	set output
}
