# Per-hop cost by kernel version: one series per kernel and key mode, at
# x = XS (the kernel's position, versions sorted by plot.sh), the key modes
# side by side (SLOTS of NSLOTS).  KERNELS: the x tick labels (an array).
load PLOTS."common.gp"

nk = |KERNELS|
xpos(i) = XS[i] + 0.12 * (SLOTS[i] - (NSLOTS + 1) / 2.0)

set xrange [0.5:nk + 0.5]
# Kernel releases are long: slanted, they stay apart.
set xtics () scale 0 rotate by -30 left
do for [k=1:nk] { set xtics add (KERNELS[k] k) }
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set bmargin 11
# XTAIL: the end every tick shares, taken off them ("" for none).
if (!exists("XTAIL")) XTAIL = ""
set xlabel "kernel release".(XTAIL ne "" ? " (each ending ".XTAIL.")" : "").": by architecture, then sorted as versions"
set ylabel YLABEL
set grid xtics

do for [fmt in FORMATS] {
	eval term(fmt)
	set output OUT.".".fmt
	plot for [i=1:n] DATS[i] index BLOCKS[i] \
		using (column("nest") == 0 ? xpos(i) : NaN):"per_hop":"ci_low":"ci_high" \
		with yerrorbars lt COLORS[i] title TITLES[i]
	set output
}
