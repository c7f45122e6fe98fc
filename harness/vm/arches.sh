#!/usr/bin/env bash
# The whole matrix in one command: the quick suite on every Debian series
# of every architecture of harness/vm/arch, then their figures side by side.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh arches [--arch ARCH]... [--results DIR] [--jobs N] [--timeout SECONDS]

Runs './run.sh kernels --arch ARCH SERIES...' for each architecture of
harness/vm/arch (or each --arch given), on the Debian series its file
lists (ARCH_MATRIX: the series its suites carry that the mirror serves),
with the quick suite; an architecture whose file lists none is skipped,
said so.  Results go to DIR (default results/arches-<UTC time>), each
architecture's log beside them (ARCH.log).  Prints each architecture's
kernels, outcome and wall time, then the per-hop figures of every result
side by side, a row per kernel ('tailbench headline'; a kernel whose
programs the interpreter ran says so).  Exit 1 when a kernel failed.

  --jobs N          kernels at once within an architecture (default: cores)
  --timeout SECONDS per kernel (default 900)
USAGE
}

arches=() results="" jobs=$(nproc) timeout=900
while [ $# -gt 0 ]; do
	case "$1" in
	--arch) need_value "$@"; arch_use "$2"; arches+=("$2"); shift 2 ;;
	--results) need_value "$@"; results=$2; shift 2 ;;
	--jobs) need_value "$@"; need_count "$@"; jobs=$2; shift 2 ;;
	--timeout) need_value "$@"; need_count "$@"; timeout=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ ${#arches[@]} -gt 0 ] || mapfile -t arches < <(arch_names)
results=${results:-$TOP/results/arches-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"

seconds() { printf '%d min %02d s\n' $(($1 / 60)) $(($1 % 60)); }
rows=() rc=0 start=$SECONDS
for a in "${arches[@]}"; do
	arch_use "$a"
	if [ -z "$ARCH_MATRIX" ]; then
		rows+=("$(printf '%-12s %-40s %s' "$a" "-" "skipped: harness/vm/arch/$a.sh lists no series (ARCH_MATRIX)")")
		continue
	fi
	say "== $a: ${ARCH_MATRIX} (log: $results/$a.log)"
	t=$SECONDS r=ok
	# shellcheck disable=SC2086 # the series, a word each
	"$VM_DIR/matrix.sh" --arch "$a" --results "$results" --jobs "$jobs" --timeout "$timeout" \
		$ARCH_MATRIX >"$results/$a.out" 2>"$results/$a.log" || { r=FAILED; rc=1; }
	rows+=("$(printf '%-12s %-40s %-7s %s' "$a" "$ARCH_MATRIX" "$r" "$(seconds $((SECONDS - t)))")")
done

printf '%-12s %-40s %-7s %s\n' architecture series outcome "wall time"
printf '%s\n' "${rows[@]}"
echo "all: $(seconds $((SECONDS - start)))"
echo
shopt -s nullglob
files=("$results"/vm-*.json)
[ ${#files[@]} -eq 0 ] || "$TOP/build/tailbench" headline "${files[@]}"
exit "$rc"
