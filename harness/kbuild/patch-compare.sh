#!/usr/bin/env bash
# Builds a kernel without and with patches, runs the suite on both in the
# instruction-counting VM, and compares them with the exact gate.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh patch-compare [options] SERIES PATCH...
       ./run.sh patch-compare [options] --source DIR PATCH...

Builds the kernel of Debian's linux-source-SERIES (or of DIR) twice with
build-kernel, with the PATCHes (patch -p1, in order) and without, boots both
under qemu with -icount shift=0, where test_run's durations are exact guest
instruction counts, and compares the two results: stdout is compare's table,
and the exit status is compare's (0 no change for the worse, 1 a count grew
or a case is newly skipped, 2 bad input).  Both results stay in results/
(vm-LABEL-TIME.json, the labels naming series, patches and config).

The patched kernel is built first, so a patch that does not apply stops
everything at once.  The unpatched image is kept and used again, and the
build tree is incremental: after editing a patch only what it touches is
compiled again.

  --source DIR       a kernel tree of your own instead of a Debian series
  --config FRAGMENT  the config fragment (default harness/kbuild/tailbench.config)
  --jobs N           parallel build jobs (default: the number of cores)
  --args "..."       tailbench arguments in the guests (default: the matrix's
                     quick suite)
  --timeout SECONDS  per boot (default: the matrix's)
  --results DIR      where the two results go (default results)
  --compare "..."    more options for compare (e.g. "--all", "--threshold 1")
USAGE
}

build_opts=() matrix_opts=() compare_opts=() results="$TOP/results" source=""
while [ $# -gt 0 ]; do
	case "$1" in
	--source) need_value "$@"; source=$2; build_opts+=(--source "$2"); shift 2 ;;
	--config) need_value "$@"; build_opts+=("$1" "$2"); shift 2 ;;
	--jobs) need_value "$@"; need_count "$@"; build_opts+=("$1" "$2"); shift 2 ;;
	# Checked now, not after both kernels are built.
	--args) need_value "$@"; vm_args_check "$2"; matrix_opts+=("$1" "$2"); shift 2 ;;
	--timeout) need_value "$@"; need_count "$@"; matrix_opts+=("$1" "$2"); shift 2 ;;
	--results) need_value "$@"; results=$2; shift 2 ;;
	--compare) need_value "$@"; read -ra more <<<"$2"; compare_opts+=("${more[@]}"); shift 2 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; die "unknown option '$1'" 2 ;;
	*) break ;;
	esac
done
if [ -z "$source" ]; then
	[ $# -ge 1 ] || { usage >&2; die "a SERIES (e.g. 6.12) or --source DIR is needed" 2; }
	build_opts+=(--series "$1")
	shift
fi
[ $# -ge 1 ] || { usage >&2; die "at least one PATCH is needed" 2; }
patch_opts=()
for p in "$@"; do
	[ -f "$p" ] && [ -r "$p" ] || die "$p: not a readable patch file" 2
	patch_opts+=(--patch "$p")
done

# build [PATCH OPTIONS]: sets image and label from build.sh's lines.  A stop
# signal goes on to build.sh, which stops make and takes its patches off.
build() {
	local out rc=0
	out=$(mktemp)
	run_stoppable "$KB_DIR/build.sh" "${build_opts[@]}" "$@" >"$out" || rc=$?
	image=$(sed -n 's/^image=//p' "$out")
	label=$(sed -n 's/^label=//p' "$out")
	rm -f "$out"
	[ -z "$STOPPED_BY" ] || die "stopped by SIG$STOPPED_BY while building" "$(stopped_status "$STOPPED_BY")"
	[ "$rc" -eq 0 ] || exit "$rc"
	[ -n "$image" ] && [ -n "$label" ] || die "build.sh gave no image"
}
start=$SECONDS
say "== the patched kernel"
build "${patch_opts[@]}"
new_image=$image new_label=$label
say "== the kernel without the patches"
build
base_image=$image base_label=$label
say "== kernels built in $((SECONDS - start)) s; booting both"

# The matrix writes into a fresh folder beside results, from which the two
# files move to results without replacing any.
mkdir -p "$results"
runs=$(mktemp -d "$results/.patch-compare.XXXXXX")
trap 'rm -rf "$runs"' EXIT
rc=0
run_stoppable "$TOP/harness/vm/matrix.sh" "${matrix_opts[@]}" --results "$runs" \
	--image "$base_image" --label "$base_label" --image "$new_image" --label "$new_label" >&2 || rc=$?
# take LABEL: moves LABEL's result to results, and says where it went.
take() {
	local f
	f=$(find "$runs" -name "vm-$1-*.json" -print -quit)
	[ -n "$f" ] || die "no result of $1 in $runs"
	[ ! -e "$results/$(basename "$f")" ] || die "$results/$(basename "$f") exists: results are never overwritten"
	mv "$f" "$results/"
	printf '%s\n' "$results/$(basename "$f")"
}
if [ -n "$STOPPED_BY" ]; then
	# The matrix stopped its boots; a result that came back is kept.
	for l in "$base_label" "$new_label"; do
		[ -z "$(find "$runs" -name "vm-$l-*.json" -print -quit)" ] || say "kept: $(take "$l")"
	done
	die "stopped by SIG$STOPPED_BY: nothing compared" "$(stopped_status "$STOPPED_BY")"
fi
[ "$rc" -eq 0 ] || die "a kernel did not give a result (above): nothing to compare" "$rc"
base_result=$(take "$base_label")
new_result=$(take "$new_label")
say "== $base_result"
say "   against $new_result ($((SECONDS - start)) s in all)"
rc=0
"$TOP/build/tailbench" compare "${compare_opts[@]}" "$base_result" "$new_result" || rc=$?
exit "$rc"
