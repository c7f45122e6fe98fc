#!/usr/bin/env bash
# Builds a kernel without and with patches, runs the suite on both in the
# instruction-counting VM, and compares them with the exact gate.
set -euo pipefail
# shellcheck source=harness/kbuild/lib.sh
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

kb_patch_cmdline "$@"

work=$(mktemp -d)
kb_on_exit 'rm -rf "$work"'
start=$SECONDS
say "== the patched kernel"
kb_build "$work/built" "${build_opts[@]}" "${patches[@]}" || exit $?
printf '%s %s\n' "$KB_LABEL" "$KB_IMAGE" >"$work/kernels"
say "== the kernel without the patches"
kb_build "$work/built" "${build_opts[@]}" || exit $?
# The base boots first, so that its result comes first.
printf '%s %s\n' "$KB_LABEL" "$KB_IMAGE" | cat - "$work/kernels" >"$work/both"
say "== kernels built in $((SECONDS - start)) s; booting both"
rc=0
kb_boot "$results" "$work/both" "${matrix_opts[@]}" || rc=$?
[ "$rc" -eq 0 ] || die "a kernel did not give a result (above): nothing to compare" "$rc"
{ read -r base_result; read -r new_result; } <"$work/both.results"
say "== $base_result"
say "   against $new_result ($((SECONDS - start)) s in all)"
rc=0
"$TOP/build/tailbench" compare "${compare_opts[@]}" "$base_result" "$new_result" || rc=$?
exit "$rc"
