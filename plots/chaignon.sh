#!/usr/bin/env bash
# Chaignon 2021's layout for chaignon2021 results: tailbench reproduce
# computes the tables and the data, gnuplot draws them.
set -euo pipefail

usage() {
	cat <<'USAGE'
usage: plots/chaignon.sh [--out DIR] FILE|FOLDER...

Writes DIR/chaignon.md (tailbench reproduce: his table of the cost of a
tail-call chain, the longest, beside the results given, the ratios, kernel to
kernel) and, per clock of the results, DIR/chaignon-CLOCK-chain.png|svg
(cost of a run against chain length, a line per result) and
DIR/chaignon-CLOCK-bars.png|svg (the longest chain per kernel with and
without retpoline, his bars beside ours).  DIR (default plots/out/chaignon)
is emptied of earlier chaignon files first.  Prints DIR.
Exit status: 0 written, 1 a result unusable or a figure failed, 2 usage.
USAGE
}

PLOTS_DIR=$(dirname "$(readlink -f "$0")")
TB=${TB:-$PLOTS_DIR/../build/tailbench}
out=$PLOTS_DIR/out/chaignon
while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) usage >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { usage >&2; exit 2; }

mkdir -p -- "$out"
rm -f -- "$out"/chaignon.md "$out"/chaignon-*
"$TB" reproduce --dat "$out" -- "$@" >"$out/chaignon.md.new" || { rm -f -- "$out/chaignon.md.new"; exit 1; }
mv -- "$out/chaignon.md.new" "$out/chaignon.md"

gs() { printf "'%s'" "${1//\'/\'\'}"; }
status=0
for chain in "$out"/chaignon-chain-*.dat; do
	clock=${chain##*/chaignon-chain-}
	clock=${clock%.dat}
	blocks=$(grep -c '^"' "$chain")
	gnuplot -e "PLOTS=$(gs "$PLOTS_DIR/"); CHAIN=$(gs "$chain")" \
		-e "BARS=$(gs "$out/chaignon-bars-$clock.dat"); OUT=$(gs "$out/chaignon-$clock")" \
		-e "TITLE=$(gs "Chaignon 2021 reproduced ($clock)"); UNIT=$(gs "$clock"); N=$blocks" \
		-e "FOOT=$(gs "tailbench reproduce; his bars: ns on an Atom C2750 (2021); ours: $clock")" \
		"$PLOTS_DIR/chaignon.gp" || status=1
done
echo "$out"
exit $status
