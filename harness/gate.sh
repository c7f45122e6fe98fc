#!/usr/bin/env bash
# A CI step: run the quick suite and fail on a regression against a baseline.
set -euo pipefail
TOP=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)

usage() {
	cat <<'USAGE'
usage: ./run.sh gate [--vm VERSION] BASELINE.json [compare options]

Runs the quick suite (on this kernel, or with --vm in a VM of that Debian
kernel version, where counts are exact instructions), writes its result
under results/, and compares it with BASELINE.json (see 'tailbench compare
--help' for the options).  Exit status: 0 no regression, 1 a regression,
2 bad input.  Make the baseline the same way, e.g. on the main branch:
    ./run.sh quick -o baseline.json             (native)
    ./run.sh kernels 6.1                        (VM: results/vm-6.1...json)
USAGE
}

vm=""
case "${1:-}" in
-h | --help) usage; exit 0 ;;
--vm) vm=$2; shift 2 ;;
esac
[ $# -ge 1 ] || { usage >&2; exit 2; }
baseline=$1
shift
[ -r "$baseline" ] || { echo "gate: $baseline: no such file" >&2; exit 2; }

out=$(mktemp -d "$TOP/results/gate.XXXXXX")
if [ -n "$vm" ]; then
	"$TOP/harness/vm/matrix.sh" --results "$out" "$vm"
else
	"$TOP/build/tailbench" run --quick -o "$out/native.json"
fi
new=$(ls "$out"/*.json)
echo "gate: comparing $new with $baseline" >&2
exec "$TOP/build/tailbench" compare "$baseline" "$new" "$@"
