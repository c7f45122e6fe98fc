#!/usr/bin/env bash
# A patch series step by step: the kernel without it and with each prefix
# of it, all run in the instruction-counting VM, one table of what each
# patch changes per hop, and the gate on the whole series.
set -euo pipefail
# shellcheck source=harness/kbuild/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh patch-series [options] SERIES PATCH...
       ./run.sh patch-series [options] --source DIR PATCH...

Builds the kernel of Debian's linux-source-SERIES (or of DIR) without the
patches and with each prefix of them (PATCH 1, then 1 and 2, ...), boots
them all under qemu with -icount shift=0 (exact guest instruction counts),
and prints one table (tailbench series): a row per family, a column per
patch, each cell the per-hop change that patch brings, then after '/' the
running total since the kernel without them.  Then compare's report of the
kernel without the series against the kernel with all of it: its exit
status is the gate's (0 no change for the worse, 1 a count grew or a case
is newly skipped, 2 bad input).

Every result stays in results/ (vm-LABEL-TIME.json, the label naming the
prefix: its first patch, +N for the others, and a hash of them).  A prefix
built before is not built again for a Debian series (build-kernel keeps
its image by label); for --source DIR make rebuilds only what the patches
touch.

  --source DIR       a kernel tree of your own instead of a Debian series
  --config FRAGMENT  the config fragment (default harness/kbuild/tailbench.config)
  --jobs N           parallel build jobs (default: the number of cores)
  --args "..."       tailbench arguments in the guests (default: the matrix's
                     quick suite)
  --timeout SECONDS  per boot (default: the matrix's)
  --results DIR      where the results go (default results)
  --html FILE        the table as an HTML fragment too, written to FILE
                     (never replacing one)
  --compare "..."    more options for compare (e.g. "--threshold 1")
USAGE
}

# --html is this command's own; the rest is patch-compare's command line.
html="" args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--html) need_value "$@"; html=$2; shift 2 ;;
	*) args+=("$1"); shift ;;
	esac
done
kb_patch_cmdline "${args[@]}"
[ -z "$html" ] || [ ! -e "$html" ] || die "--html $html exists: it is never replaced" 2

work=$(mktemp -d)
kb_on_exit 'rm -rf "$work"'
start=$SECONDS
# Every prefix is built before any boots: a patch that does not apply
# stops everything before the VM time is spent.
names=()
say "== the kernel without the series"
kb_build "$work/built" "${build_opts[@]}" || exit $?
printf '%s %s\n' "$KB_LABEL" "$KB_IMAGE" >"$work/kernels"
for ((i = 1; i < ${#patches[@]}; i += 2)); do
	names+=(--name "$(basename "${patches[$i]}")")
	say "== with $(((i + 1) / 2)) patch(es), up to ${patches[$i]}"
	kb_build "$work/built" "${build_opts[@]}" "${patches[@]:0:i+1}" || exit $?
	printf '%s %s\n' "$KB_LABEL" "$KB_IMAGE" >>"$work/kernels"
done
say "== $((${#names[@]} / 2 + 1)) kernels built in $((SECONDS - start)) s; booting them"
rc=0
kb_boot "$results" "$work/kernels" "${matrix_opts[@]}" || rc=$?
[ "$rc" -eq 0 ] || die "a kernel did not give a result (above): no table" "$rc"
mapfile -t files <"$work/kernels.results"
say "== results: ${files[*]} ($((SECONDS - start)) s in all)"

tb=$TOP/build/tailbench
# The table's own status (whether anything changed) is not the gate's.
"$tb" series "${names[@]}" "${files[@]}" || [ $? -eq 1 ] || exit 2
if [ -n "$html" ]; then
	"$tb" series --html "${names[@]}" "${files[@]}" >"$work/table.html" || [ $? -eq 1 ] || exit 2
	[ ! -e "$html" ] || die "$html appeared meanwhile: not replaced; the table is above" 1
	mv "$work/table.html" "$html"
	say "== the table in HTML: $html"
fi
echo
rc=0
"$tb" compare "${compare_opts[@]}" "${files[0]}" "${files[-1]}" || rc=$?
exit "$rc"
