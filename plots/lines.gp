# Lines with error bars against one column of the dat data sets: cost against
# chain depth, per-hop cost against nesting, dispatch against M targets.
# Besides common.gp's variables: XCOL, YCOL, LOCOL, HICOL (column names),
# XMAX (points beyond it are not drawn), LOGX ("1": log2 x axis), XRANGE,
# XTICS, XLABEL, YLABEL, DODGE (how far apart series are drawn at one x, so
# that their bars do not hide each other).  A series with a fit (FITS[i]: its
# fits block) is drawn as points, with the fitted line of nest 0 over the
# depths it fitted; one whose fit has segments (SEGS[i]: their block, rows
# "from to per_hop ci_low ci_high base r2") with each segment's line
# base + per_hop * x over [from, to] instead, and a circle at each knee (the
# start of every segment but the first).
load PLOTS."common.gp"

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

# The plot names the data only as elements of the arrays (DATS[2]...): the
# command eval runs holds nothing of a result file.
cmd = "plot"
do for [i=1:n] {
	cmd = cmd . sprintf("%s DATS[%d] index BLOCKS[%d] using (xpos(keep(column(XCOL)), %d)):" . \
		"(column(YCOL)):(column(LOCOL)):(column(HICOL)) with %s lt COLORS[%d] " . \
		"dt DASHES[%d] title TITLES[%d]", i > 1 ? "," : "", i, i, i, \
		FITS[i] ne "" || SEGS[i] ne "" ? "yerrorbars" : "yerrorlines", i, i, i)
	if (SEGS[i] ne "") {
		cmd = cmd . sprintf(", DATS[%d] index SEGS[%d] using 'from':(column('base') + " . \
			"column('per_hop') * column('from')):(column('to') - column('from')):" . \
			"(column('per_hop') * (column('to') - column('from'))) " . \
			"with vectors nohead lt COLORS[%d] dt DASHES[%d] notitle", i, i, i, i)
		cmd = cmd . sprintf(", DATS[%d] index SEGS[%d] every ::1 using 'from':" . \
			"(column('base') + column('per_hop') * column('from')) " . \
			"with points pt 6 ps 2.6 lw 1.5 lt COLORS[%d] notitle", i, i, i)
		cmd = cmd . sprintf(", DATS[%d] index SEGS[%d] every ::1 using 'from':" . \
			"(column('base') + column('per_hop') * column('from')):" . \
			"(sprintf('knee at %%d', column('from'))) with labels left offset 1.2, -1.2 " . \
			"font ',9' tc lt COLORS[%d] notitle", i, i, i)
	} else { if (FITS[i] ne "") {
		cmd = cmd . sprintf(", DATS[%d] index FITS[%d] using " . \
			"(column('nest') == 0 ? column('depth_lo') : NaN):" . \
			"(column('base') + column('per_hop') * column('depth_lo')):" . \
			"(column('depth_hi') - column('depth_lo')):" . \
			"(column('per_hop') * (column('depth_hi') - column('depth_lo'))) " . \
			"with vectors nohead lt COLORS[%d] dt DASHES[%d] notitle", i, i, i, i)
	} }
}

do for [fmt in FORMATS] {
	eval term(fmt)
	set output OUT.".".fmt
	eval cmd
	set output
}
