#!/usr/bin/env bash
# git bisect with the instruction-counting VM as the oracle: the first
# commit whose per-hop counts differ from GOOD's.
set -euo pipefail
# shellcheck source=harness/kbuild/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh bisect --source GIT_TREE GOOD BAD [options]

Finds the first commit between GOOD and BAD (any revisions of GIT_TREE's
repository, GOOD an ancestor of BAD) whose per-hop counts differ from
GOOD's.  Each commit tested is built (build-kernel --source) and booted
under qemu with -icount shift=0, where counts are exact; it is bad when a
chosen family's per-hop count differs from GOOD's by more than the
threshold (tailbench series), else good.  GOOD and BAD are measured first:
BAD must differ.  A commit that does not build or boot is skipped (git
bisect skip) and reported so, never called good or bad.

Prints the first bad commit with its subject and the per-hop change it
brings against GOOD, then the steps (commit, build time, verdict).  Each
commit's result stays in results/, labelled with the commit.

GIT_TREE itself is never touched: it must be clean (git status --porcelain
empty), and the commits are checked out in a clone of it under
.cache/kbuild/bisect/, kept so that the next bisect of the same tree
builds incrementally.  Ctrl-C stops the build or boot under way and leaves
the clone as it was.

  --family PATTERN   the families that decide, a shell pattern over family
                     keys (scenario/bench/type/mode/nN/sS; repeatable;
                     default '*/tailcall*/*': every tail-call family)
  --threshold N      a difference counts when over N instructions per hop
                     (default 0)
  --work DIR         a clone of GIT_TREE's repository to bisect in instead
                     (clean; its HEAD is restored after)
  --config FRAGMENT  the config fragment (default harness/kbuild/tailbench.config)
  --jobs N           parallel build jobs (default: the number of cores)
  --args "..."       tailbench arguments in the guest (default: the
                     matrix's quick suite)
  --timeout SECONDS  per boot (default: the matrix's)
  --results DIR      where the results go (default results)

Exit status: 0 when the first bad commit was found, 1 when it was not (BAD
does not differ from GOOD, GOOD does not build or boot, or skipped commits
leave it open: the candidates are listed), 2 on bad input, 130 on Ctrl-C.
USAGE
}

source="" work="" results="$TOP/results"
families=() threshold=() build_opts=() matrix_opts=()
while [ $# -gt 0 ]; do
	case "$1" in
	--source) need_value "$@"; source=$2; shift 2 ;;
	--family) need_value "$@"; families+=(--family "$2"); shift 2 ;;
	--threshold) need_value "$@"; threshold=(--threshold "$2"); shift 2 ;;
	--work) need_value "$@"; work=$2; shift 2 ;;
	--config | --jobs) need_value "$@"; build_opts+=("$1" "$2"); shift 2 ;;
	--args | --timeout) need_value "$@"; matrix_opts+=("$1" "$2"); shift 2 ;;
	--results) need_value "$@"; results=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; die "unknown option '$1'" 2 ;;
	*) break ;;
	esac
done
[ -n "$source" ] || { usage >&2; die "--source GIT_TREE is needed" 2; }
[ $# -eq 2 ] || { usage >&2; die "GOOD and BAD are needed, and nothing more" 2; }
[ ${#families[@]} -gt 0 ] || families=(--family '*/tailcall*/*')
[ ${#threshold[@]} -eq 0 ] || [[ ${threshold[1]} =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
	die "--threshold ${threshold[1]}: a number of instructions, 0 or more" 2
export LC_ALL=C
# --no-optional-locks: not even git status refreshes the tree's index.
ugit() { git --no-optional-locks -C "$source" "$@"; }
top=$(ugit rev-parse --show-toplevel 2>/dev/null) || die "--source $source: not in a git work tree" 2
source=$top
[ -z "$(ugit status --porcelain)" ] ||
	die "$source has changes not committed (git status --porcelain); commit or stash them first" 2
good=$(ugit rev-parse --verify -q "$1^{commit}") || die "GOOD $1: not a commit of $source" 2
bad_commit=$(ugit rev-parse --verify -q "$2^{commit}") || die "BAD $2: not a commit of $source" 2
[ "$good" != "$bad_commit" ] || die "GOOD and BAD are the same commit" 2
ugit merge-base --is-ancestor "$good" "$bad_commit" || die "GOOD $1 is not an ancestor of BAD $2" 2

# The clone: made once, then brought up to date from the tree; a file
# checked out is rewritten only when the commit changes it, so make
# recompiles what changed.
if [ -z "$work" ]; then
	work=$KB_CACHE/bisect/$(printf '%s' "$source" | kb_hash)
	if [ ! -d "$work/.git" ]; then
		say "cloning $source into $work (once)"
		mkdir -p "${work%/*}"
		rm -rf "$work.tmp"
		git clone -q --no-checkout "$source" "$work.tmp"
		mv "$work.tmp" "$work"
	fi
else
	work=$(cd "$work" 2>/dev/null && git rev-parse --show-toplevel 2>/dev/null) ||
		die "--work $work: not in a git work tree" 2
	[ "$(git -C "$work" rev-parse --path-format=absolute --git-common-dir)" != \
		"$(ugit rev-parse --path-format=absolute --git-common-dir)" ] ||
		die "--work $work shares $source's repository: give a clone, which bisect may write to" 2
	[ -z "$(git -C "$work" status --porcelain)" ] || die "--work $work has changes not committed" 2
fi
wgit() { git -C "$work" "$@"; }
exec 8>"$work/.git/tailbench-bisect.lock"
flock -n 8 || die "another bisect works in $work"
wgit fetch -q --no-tags "$source" '+refs/heads/*:refs/tailbench/heads/*' '+HEAD:refs/tailbench/HEAD'
wgit cat-file -e "$good^{commit}" && wgit cat-file -e "$bad_commit^{commit}" ||
	die "$good or $bad_commit did not come over from $source (no branch of it reaches them)"
# A clone of the user's goes back to where it was, whatever way this
# ends; ours stays at the last commit built, the next build's best start.
orig=""
[ "$work" = "$KB_CACHE/bisect/${work##*/}" ] ||
	orig=$(wgit symbolic-ref -q HEAD || wgit rev-parse -q --verify HEAD || true)
# "reset HEAD": end a bisect without checking anything out.
wgit bisect reset HEAD >/dev/null 2>&1 || true

tmp=$(mktemp -d)
restore() {
	wgit bisect reset HEAD >/dev/null 2>&1 || true
	case "$orig" in
	refs/heads/*) wgit checkout -q "${orig#refs/heads/}" ;;
	"") ;;
	*) wgit checkout -q --detach "$orig" ;;
	esac
	rm -rf "$tmp"
}
kb_on_exit restore

# measure COMMIT: checks it out, builds and boots it; sets result (its
# file), secs (the build's) and outcome (ok, build, boot).
measure() {
	local short=${1:0:12} start=$SECONDS
	wgit checkout -q --detach "$1"
	say "== $short $(wgit log -1 --format=%s "$1")"
	result="" outcome=ok secs=0
	if ! kb_build "$tmp/built" --source "$work" "${build_opts[@]}"; then
		secs=$((SECONDS - start)) outcome=build
		return
	fi
	secs=$((SECONDS - start))
	printf '%s-g%s %s\n' "$KB_LABEL" "$short" "$KB_IMAGE" >"$tmp/kernel"
	if ! kb_boot "$results" "$tmp/kernel" "${matrix_opts[@]}"; then
		outcome=boot
		return
	fi
	result=$(cat "$tmp/kernel.results")
}

# verdict RESULT: good or bad against GOOD's result.
verdict() {
	local rc=0
	"$TOP/build/tailbench" series "${families[@]}" "${threshold[@]}" "$good_result" "$1" >"$tmp/table" || rc=$?
	case $rc in
	0) echo good ;;
	1) echo bad ;;
	*) die "tailbench series could not compare $good_result with $1 (above)" ;;
	esac
}

steps=()
# step COMMIT VERDICT: one line of the steps' table.
step() {
	steps+=("$(printf '%-12s %6s s  %-22s %s' "${1:0:12}" "$secs" "$2" "$(wgit log -1 --format=%s "$1")")")
}

# ends COMMIT NAME: measures GOOD or BAD, which must build and boot.
ends() {
	measure "$1"
	[ "$outcome" = ok ] && return
	step "$1" "$2: no $outcome"
	printf '%s\n' "${steps[@]}" >&2
	die "$2 ${1:0:12} did not $outcome: it cannot be compared" 1
}

start=$SECONDS
ends "$good" GOOD
step "$good" "good (GOOD)"
good_result=$result
ends "$bad_commit" BAD
v=$(verdict "$result")
step "$bad_commit" "$v (BAD)"
if [ "$v" = good ]; then
	printf '%s\n' "${steps[@]}" >&2
	die "BAD ${bad_commit:0:12}'s counts do not differ from GOOD's (${families[*]}): nothing to bisect" 1
fi
bad_result=$result

# git bisect, one verdict at a time: it picks the commits, this gives the
# verdicts (skip for a commit that does not build or boot).
declare -A results_of=(["$bad_commit"]=$bad_result)
wgit bisect start "$bad_commit" "$good" >"$tmp/said" || { cat "$tmp/said" >&2; die "git bisect start failed"; }
first=""
while [ -z "$first" ]; do
	cur=$(wgit rev-parse HEAD)
	measure "$cur"
	if [ "$outcome" = ok ]; then
		v=$(verdict "$result")
		results_of[$cur]=$result
		step "$cur" "$v"
	else
		v=skip
		step "$cur" "skip (no $outcome)"
	fi
	wgit bisect "$v" >"$tmp/said"
	first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$tmp/said")
	if grep -q "only 'skip'ped commits left" "$tmp/said"; then
		printf '%s\n' "${steps[@]}" >&2
		sed -n '/could be any of/,$p' "$tmp/said" >&2
		die "the first bad commit is one of those above: skipped commits leave it open" 1
	fi
done

printf 'first bad commit: %s %s\n' "$first" "$(wgit log -1 --format=%s "$first")"
printf '\nits per-hop change against GOOD %s:\n' "${good:0:12}"
"$TOP/build/tailbench" series "${families[@]}" "${threshold[@]}" --name "${first:0:12}" \
	"$good_result" "${results_of[$first]}" || true
printf '\nsteps (%d, %d s in all):\n%-12s %8s  %-22s %s\n' "${#steps[@]}" "$((SECONDS - start))" \
	commit build verdict subject
printf '%s\n' "${steps[@]}"
