#!/usr/bin/env bash
# Committed baselines: store a matrix's results as baselines, or gate a
# matrix's results against them (tailbench baseline, tailbench summary).
set -euo pipefail
TOP=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

usage() {
	cat <<'USAGE'
usage: ./run.sh baseline update [--dir DIR] [kernels options] VERSION|FILE|FOLDER...
       ./run.sh baseline check  [--dir DIR] [summary options] [kernels options] VERSION|FILE|FOLDER...

Baselines live in DIR (default baselines/) as DIR/<arch>/<kernel>.json, one
result per kernel, to be committed: VM counts are exact, so a baseline is
small and says what the kernel does, not a sample of it (docs/ci.md).

update  runs the kernels named by VERSION (./run.sh kernels, with its
        options: --arch, --args, --full, --shard ...) and stores each result,
        and each result FILE (every *.json under a FOLDER), as its kernel's
        baseline, replacing the one there (its history is the repository's)
check   the same runs, then gates every result against its baseline in one
        Markdown block on stdout (tailbench summary: --report URL,
        --inconclusive-exit N, --max-bytes N, --threshold T, --json)

Exit status: update 0 stored, 1 a run failed (nothing stored), 2 bad input;
check as tailbench summary (1 a regression, 2 a kernel not judged: no
result, two results, no baseline; 3 or N inconclusive), 1 when a run failed.
USAGE
}

die() {
	printf 'baseline: %s\n' "$1" >&2
	exit "${2:-1}"
}

cmd=${1:-}
case "$cmd" in
update | check) shift ;;
-h | --help | help) usage; exit 0 ;;
*) usage >&2; exit 2 ;;
esac

dir=baselines json=() summary=() kernels=() inputs=() versions=0
while [ $# -gt 0 ]; do
	case "$1" in
	--dir)
		[ $# -ge 2 ] || die "--dir needs a folder" 2
		dir=$2
		shift 2
		;;
	--json) json=(--json); shift ;;
	--report | --inconclusive-exit | --max-bytes | --threshold)
		[ "$cmd" = check ] || die "$1: an option of check, not of update" 2
		[ $# -ge 2 ] || die "$1 needs a value" 2
		summary+=("$1" "$2")
		shift 2
		;;
	# The kernels' options that take a value: a value is never an input.
	--image | --label | --args | --settle | --timeout | --jobs | --arch | --shard)
		[ $# -ge 2 ] || die "$1 needs a value" 2
		kernels+=("$1" "$2")
		shift 2
		;;
	--results) die "--results: the runs of baseline go to a folder of their own" 2 ;;
	-*) kernels+=("$1"); shift ;;
	*)
		if [ -e "$1" ]; then
			inputs+=("$1")
		else
			kernels+=("$1")
			versions=1
		fi
		shift
		;;
	esac
done
[ ${#inputs[@]} -gt 0 ] || [ "$versions" = 1 ] || { usage >&2; exit 2; }

if [ "$versions" = 1 ]; then
	runs=$(mktemp -d)
	trap 'rm -rf "$runs"' EXIT
	# The runs' output goes to stderr: stdout is the summary's.
	"$TOP/harness/vm/matrix.sh" --results "$runs" "${kernels[@]}" >&2 ||
		die "the kernels' runs failed (see above): nothing $([ "$cmd" = update ] && echo stored || echo gated)"
	inputs+=("$runs")
fi

status=0
if [ "$cmd" = update ]; then
	"$TOP/build/tailbench" baseline "$dir" "${inputs[@]}" || status=$?
else
	"$TOP/build/tailbench" "${json[@]}" summary --baselines "$dir" "${summary[@]}" "${inputs[@]}" ||
		status=$?
fi
exit "$status"
