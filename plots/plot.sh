#!/usr/bin/env bash
# Plots of tailbench result files (plots/README.md says what each shows).
set -euo pipefail

CMD=plot
usage() {
	cat <<'USAGE'
usage: plots/plot.sh [--out DIR] [--type xdp|tc] [FILE|FOLDER...]

Draws PNG and SVG figures of result files (default: every results/*.json)
under DIR/<env>-<clock>/ (default DIR: plots/out; each such folder is
emptied of PNG and SVG files first): results of different clocks, or native
and VM runs, are never drawn on one axis.  Per result:
cost against chain depth (depth-KERNEL), per-hop cost against nesting
(nesting-KERNEL), tail calls against bpf2bpf calls and inlined code
(baseline-KERNEL), dispatch against M targets (dispatch-KERNEL).  Per group:
cost against depth by kernel (depth-kernels-MODE) and per-hop cost by kernel
(perhop-kernels), kernels by architecture, then sorted as versions; of two
results of one kernel and variant (scenarios, quick or full, build label),
the newer; variants of a kernel side by side; neighbours of one series with
the same per-hop counts folded into one entry "FIRST … LAST".  --type picks XDP (default) or tc programs.  A FILE
named *.dat is taken as already exported (tailbench export --format dat).
A result whose env is not native or vm, whose clock is not a word, or whose
kernel release holds characters no release does, is refused: these name
the output files.

A figure without data is skipped with a line saying why; a file that is not
a result is named and skipped.  Exit status: 0 drawn, 1 a figure failed or
none could be drawn, 2 no result file to draw.
USAGE
}

# shellcheck source=plots/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

parse_args "$@"
load_results
draw_all
echo "${#DRAWN[@]} plots (PNG and SVG) in $OUT:"
[ ${#DRAWN[@]} -eq 0 ] || printf '  %s\n' "${DRAWN[@]#"$OUT"/}"
# Results in, nothing out: no success.
[ ${#DRAWN[@]} -gt 0 ] || die "no figure could be drawn from ${#RECORDS[@]} result file(s) (--type $TYPE): see why above"
exit "$FAILED"
