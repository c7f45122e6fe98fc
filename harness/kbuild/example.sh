#!/usr/bin/env bash
# The whole of patch-compare on the example patch, and its effect checked
# exactly: what docs/kbuild.md's example shows, as one command.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/kbuild/example.sh [--series SERIES]

Runs ./run.sh patch-compare SERIES (default 6.12) with
harness/kbuild/patches/tailcall-direct-nop.patch (patches/SERIES/ has the
version for a series where it differs: 6.1), one nop more on every
direct tail call the x86-64 JIT emits, and checks what the gate must find:
compare exits 1, the per-hop count of every tail-call family with static
keys grows by exactly 1 instruction, and every other per-hop count (dynamic
and poisoned keys, bpf2bpf, inlined) stays the same.  Exit 0 when all of it
holds, 1 when not (each family's difference is listed), 2 on bad input.
The first run builds the kernel twice (docs/kbuild.md says how long).
USAGE
}

series=6.12
while [ $# -gt 0 ]; do
	case "$1" in
	--series) need_value "$@"; series=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" 2 ;;
	esac
done

cd "$TOP"
before=$(mktemp)
trap 'rm -f "$before"' EXIT
find results -maxdepth 1 -name 'vm-*.json' | sort >"$before"
rc=0
# A series whose JIT differs has its own version of the patch.
patch=harness/kbuild/patches/tailcall-direct-nop.patch
[ -f "harness/kbuild/patches/$series/${patch##*/}" ] && patch=harness/kbuild/patches/$series/${patch##*/}
./run.sh patch-compare "$series" "$patch" || rc=$?
mapfile -t new < <(find results -maxdepth 1 -name 'vm-*.json' | sort | comm -13 "$before" -)
[ ${#new[@]} -eq 2 ] || die "patch-compare exited $rc and left ${#new[@]} new results, not 2"
base=$(printf '%s\n' "${new[@]}" | grep -- '-base-')
patched=$(printf '%s\n' "${new[@]}" | grep -v -- '-base-')

# Per family: the per-hop counts and their difference, against the
# prediction (+1 for tail calls through a static key, 0 for the rest).
status=0
"$TOP/build/tailbench" compare --expect '*/tailcall*/*/static/*=+1' "$base" "$patched" || status=$?
echo "patch-compare exited $rc (expected 1: the gate finds the regression)"
[ "$rc" -eq 1 ] || status=1
exit "$status"
