#!/usr/bin/env bash
# A CI step: run the quick suite and fail on a regression against a baseline.
set -euo pipefail
TOP=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

usage() {
	cat <<'USAGE'
usage: ./run.sh gate [--vm VERSION] [--args "RUN OPTIONS"] [--out FILE] BASELINE.json
                     [compare options]

Runs the quick suite (on this kernel, or with --vm in a VM of that Debian
kernel version, where counts are exact instructions) into a folder of its
own, compares its result with BASELINE.json (see 'tailbench compare
--help' for the options), and removes the folder: --out FILE keeps the
result there (never replacing a file).  The run's own output goes to
stderr, so stdout is compare's report alone (--markdown: a CI comment).
A matrix of kernels against committed baselines: ./run.sh baseline check.

--args: options of 'tailbench run' added to the gate's run, such as the
scenarios (-s chain); make the baseline with the same ones.  --vm, --args
and --out may stand before or after BASELINE.json.

Exit status: compare's (0 no regression, 1 a regression or a case newly
skipped, 2 bad input or counts that do not compare, 3 inconclusive: the
noise known of this machine is too large to decide; natively, measure it
first with ./run.sh noise), or 1 when the run itself fails.  Make the
baseline the same way, e.g. on the main branch:
    ./run.sh quick -o baseline.json             (native)
    ./run.sh kernels 6.1                        (VM: results/vm-6.1...json)
    ./run.sh kernels --add-args "-s chain" 6.1  (VM, for --args "-s chain")
USAGE
}

# gate's own options may stand anywhere, as with run (gate BASE --args
# "-s chain"); the first other word is BASELINE, the rest goes to compare.
vm="" run_args="" keep="" baseline="" compare_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	-h | --help) usage; exit 0 ;;
	--vm | --args | --out)
		if [ $# -lt 2 ]; then
			case $1 in
			--vm) echo "gate: --vm needs a kernel version (see --help)" >&2 ;;
			--args) echo "gate: --args needs options of tailbench run (see --help)" >&2 ;;
			*) echo "gate: --out needs a file name (see --help)" >&2 ;;
			esac
			exit 2
		fi
		case $1 in
		--vm) vm=$2 ;;
		--args) run_args="$run_args $2" ;;
		*) keep=$2 ;;
		esac
		shift 2
		;;
	# compare's options that take a value keep it, never read as BASELINE.
	--threshold | --alpha | --noise)
		compare_args+=("$1")
		[ $# -lt 2 ] || { compare_args+=("$2"); shift; }
		shift
		;;
	-*) compare_args+=("$1"); shift ;;
	*)
		if [ -z "$baseline" ]; then baseline=$1; else compare_args+=("$1"); fi
		shift
		;;
	esac
done
[ -z "$keep" ] || [ ! -e "$keep" ] || { echo "gate: --out $keep exists: a result is never replaced" >&2; exit 2; }
[ -n "$baseline" ] || { usage >&2; exit 2; }
[ -r "$baseline" ] || { echo "gate: $baseline: no such file" >&2; exit 2; }

mkdir -p "$TOP/results"
out=$(mktemp -d "$TOP/results/gate.XXXXXX")
trap 'rm -rf "$out"' EXIT
# shellcheck disable=SC2206 # the run's options are a word list by design
if [ -n "$vm" ]; then
	run=("$TOP/harness/vm/matrix.sh" --results "$out" --add-args "$run_args" "$vm")
else
	run=("$TOP/build/tailbench" run --quick $run_args -o "$out/native.json")
fi
# The run's tables go to stderr: stdout is for compare's report.
status=0
"${run[@]}" >&2 || status=$?
new=("$out"/*.json)
if [ "$status" -ne 0 ] || [ ! -r "${new[0]}" ]; then
	echo "gate: the quick suite failed (${run[*]}: exit $status)" >&2
	exit 1
fi
echo "gate: comparing ${new[0]} with $baseline" >&2
status=0
"$TOP/build/tailbench" compare "$baseline" "${new[0]}" "${compare_args[@]}" || status=$?
if [ -n "$keep" ]; then
	mv -n "${new[0]}" "$keep" && [ ! -e "${new[0]}" ] && echo "gate: the result is kept in $keep" >&2 ||
		echo "gate: could not keep the result in $keep" >&2
fi
exit "$status"
