# Shared by every figure of plots/: size, terminals, colours, footer.
# plot.sh sets (gnuplot -e): OUT, the path without .png/.svg; TITLE; FOOT,
# a line saying where the figures came from; and the n series as parallel
# arrays: DATS (dat files), BLOCKS (their data sets), TITLES, COLORS
# (linetypes below), DASHES, FITS and SEGS (lines.gp), XS and SLOTS
# (perhop.gp).  Every string comes single-quoted: data, never a command.

if (!exists("W")) W = 1000
if (!exists("H")) H = 600
FORMATS = "png svg"
# pngcairo draws smoother text; the libgd png terminal is the fallback.
if (!exists("PNG")) PNG = strstrt(GPVAL_TERMINALS, "pngcairo") ? "pngcairo" : "png"
term(fmt) = fmt eq "svg" ? \
	sprintf("set terminal svg size %d,%d noenhanced font 'sans,13' background '#ffffff'", W, H) : \
	sprintf("set terminal %s size %d,%d noenhanced font 'sans,11' background '#ffffff'", PNG, W, H)

# Okabe-Ito colours, distinct for colour-blind readers, and distinct points.
set linetype 1 lc rgb "#0072B2" lw 2 pt 7 ps 1.0
set linetype 2 lc rgb "#D55E00" lw 2 pt 5 ps 1.0
set linetype 3 lc rgb "#009E73" lw 2 pt 9 ps 1.3
set linetype 4 lc rgb "#CC79A7" lw 2 pt 11 ps 1.3
set linetype 5 lc rgb "#000000" lw 2 pt 13 ps 1.3
set linetype 6 lc rgb "#E69F00" lw 2 pt 15 ps 1.2
set linetype 7 lc rgb "#56B4E9" lw 2 pt 3 ps 1.2
set linetype 8 lc rgb "#999999" lw 2 pt 1 ps 1.2
set linetype cycle 8
# The dash of a second key mode: long enough that a legend sample holds two
# whole periods (the default dash, in a short sample, drew half a glyph).
set dashtype 2 (6, 4)

# Centred on the figure, not on the plot the key leaves beside it: a long
# kernel release still fits.
set label 98 TITLE at screen 0.5, screen 0.955 center font ",13"
set tmargin 4
set grid ytics lc rgb "#dddddd" lw 1
set border 3
set tics nomirror
set key outside right top vertical Left reverse samplen 5 spacing 1.2
set label 99 FOOT at screen 0.01, screen 0.045 left font ",9" textcolor rgb "#555555"
set bmargin 5
