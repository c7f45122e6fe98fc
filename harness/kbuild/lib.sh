# Shared by the harness/kbuild scripts: the cache's layout, applying and
# reverting patches, the config fragment's checks and the label of a build.
# shellcheck shell=bash

KB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# TOP, say, die, need_value and need_count.
# shellcheck source=harness/vm/lib.sh
. "$KB_DIR/../vm/lib.sh"
# shellcheck source=harness/packages.sh
. "$TOP/harness/packages.sh"
# For the scripts that source this.  TB_KBUILD_CACHE: somewhere else than
# .cache/kbuild (the tests use it).
# shellcheck disable=SC2034
{
	# Where the links lead: kbuild builds in no path with a space, which a
	# checkout's own path may have and the shared cache it links to not.
	KB_CACHE=$(readlink -m "${TB_KBUILD_CACHE:-$TOP/.cache/kbuild}")
	KB_FRAGMENT="$KB_DIR/tailbench.config"
}

# --- patches -----------------------------------------------------------------
#
# Patches are applied to the source tree for one build and taken off after
# it.  Before the first goes on, STATE (a directory) records the tree: a
# manifest of its entries, and a copy of every path the patches name (or
# that it was absent).  Taking them off puts those back, whatever the
# patches left (one that failed half-way included: patch's --dry-run does
# not see what an earlier file of the same patch changes), and checks the
# tree against the manifest.  A build killed half-way is taken off by the
# next one.  Restored files get a new time, so make recompiles them.

# kb_manifest TREE: every entry but .git (which git may touch during a
# build), with its type and mode, a file's size and a link's target.
kb_manifest() {
	(cd "$1" && find . -path ./.git -prune -o -type d -printf 'd %m\t%p\n' -o \
		-type l -printf 'l %l\t%p\n' -o -printf '%y %m %s\t%p\n') | LC_ALL=C sort -t$'\t' -k2
}

# kb_paths PATCH: the paths a -p1 patch names, a line each: those of its
# file headers (old and new, git's renames and copies), without absolute
# names or .. (which patch refuses).
kb_paths() {
	{
		sed -nE -e 's/^(---|\+\+\+|\*\*\*) ([^\t]*).*/\2/p' -e 's/^Index: (.*)/\1/p' \
			-e 's/^diff --git ([^ ]*) (.*)/\1\n\2/p' "$1" |
			sed -E -e 's/[[:space:]]+$//' -e '\|^/dev/null$|d' -e 's|^[^/]*/||'
		sed -nE 's/^(rename|copy) (from|to) (.*)/\3/p' "$1"
	} | grep -Ev '^(/|$)|(^|/)\.\.(/|$)' | LC_ALL=C sort -u
}

# kb_symlink_above TREE PATH: a folder of PATH in TREE is a symbolic link
# (named on stdout).
kb_symlink_above() {
	local q=$2
	while [[ $q == */* ]]; do
		q=${q%/*}
		[ -L "$1/$q" ] && { printf '%s\n' "$q"; return 0; }
	done
	return 1
}

# kb_record TREE STATE PATCH...: the record described above, complete or
# not at all (it is made in STATE.tmp).  A patch naming a path through a
# symbolic link of the tree is refused (status 1), as patch refuses it.
kb_record() {
	local tree=$1 state=$2 p path q link
	shift 2
	rm -rf "$state.tmp"
	mkdir -p "$state.tmp/orig"
	kb_manifest "$tree" >"$state.tmp/manifest"
	: >"$state.tmp/paths"
	for p in "$@"; do
		while IFS= read -r path; do
			if link=$(kb_symlink_above "$tree" "$path"); then
				rm -rf "$state.tmp"
				say "$p names $path, through the symbolic link $link of $tree: not applied"
				return 1
			fi
			if [ -L "$tree/$path" ] || [ -f "$tree/$path" ]; then
				mkdir -p "$state.tmp/orig/$(dirname "$path")"
				cp -P --preserve=mode "$tree/$path" "$state.tmp/orig/$path"
				printf 'had\t%s\n' "$path"
			elif [ ! -e "$tree/$path" ]; then
				# Its first folder that is not there goes too.
				q=$path
				while [[ $q == */* ]] && [ ! -e "$tree/${q%/*}" ]; do q=${q%/*}; done
				printf 'absent\t%s\n' "$q"
			fi
		done < <(kb_paths "$p") >>"$state.tmp/paths"
	done
	LC_ALL=C sort -u -o "$state.tmp/paths" "$state.tmp/paths"
	mv "$state.tmp" "$state"
}

# kb_revert TREE STATE: puts back what STATE recorded, shallowest paths
# first (a link a patch made goes before anything beneath it), and checks
# the tree against the manifest.  Nothing to do without a record.
kb_revert() {
	local tree=$1 state=$2 kind path diff
	rm -rf "$state.tmp"
	[ -d "$state" ] || return 0
	[ -f "$state/paths" ] && [ -f "$state/manifest" ] ||
		die "$state: not a record of applied patches that this version reads; restore $tree, then remove $state"
	while IFS=$'\t' read -r kind path; do
		# A record read wrong must never name the tree itself.
		[[ $kind =~ ^(had|absent)$ && -n $path && $path != . && $path != */ && $path != /* &&
			! $path =~ (^|/)\.\.(/|$) ]] ||
			die "$state/paths: '$kind' '$path' is no path a patch names; restore $tree, then remove $state"
		! kb_symlink_above "$tree" "$path" >/dev/null ||
			die "$tree/$path: beneath a symbolic link after the patches came off; restore $tree, then remove $state"
		rm -rf "${tree:?}/$path"
		[ "$kind" = had ] || continue
		mkdir -p "$tree/$(dirname "$path")"
		cp -P --preserve=mode "$state/orig/$path" "$tree/$path" ||
			die "$tree/$path: could not be put back from $state/orig"
	# split, not gsub: gsub on a field rebuilds the line with spaces for
	# tabs once it replaced anything, and a path then read as empty was
	# "${tree}/" itself, removed whole.
	done < <(awk -F'\t' '{ print split($2, parts, "/") - 1 "\t" $0 }' "$state/paths" | sort -n -s -k1,1 | cut -f2-)
	if ! diff=$(diff "$state/manifest" <(kb_manifest "$tree")); then
		say "$(head -n 20 <<<"$diff")"
		die "$tree is not as it was before the patches (above: < before, > now); restore it, then remove $state"
	fi
	rm -rf "$state"
}

# kb_apply TREE STATE PATCH...: applies the patches in order with patch -p1.
# A patch that does not apply is named with patch's own words, and the tree
# is put back as it was (status 1).
kb_apply() {
	local tree=$1 state=$2 p out
	shift 2
	kb_revert "$tree" "$state"
	kb_record "$tree" "$state" "$@" || return 1
	for p in "$@"; do
		# No .orig or .rej files: the record is the way back.
		if ! out=$(patch -p1 -s -f --no-backup-if-mismatch -r - -d "$tree" <"$p" 2>&1); then
			kb_revert "$tree" "$state"
			say "$out"
			say "$p does not apply to $tree (patch -p1, above); the tree is left as it was"
			return 1
		fi
	done
}

# --- the config fragment ---------------------------------------------------------

# kb_fragment_lines FRAGMENT: its settings, comments and blank lines left out.
kb_fragment_lines() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1"
}

# kb_fragment_lint FRAGMENT: every setting is CONFIG_NAME=VALUE, once.
kb_fragment_lint() {
	local bad dup
	bad=$(kb_fragment_lines "$1" | grep -Ev '^CONFIG_[A-Z0-9_]+=([ymn]|-?[0-9]+|0x[0-9a-fA-F]+|"[^"]*")$' || true)
	dup=$(kb_fragment_lines "$1" | cut -d= -f1 | sort | uniq -d)
	[ -z "$bad" ] || { say "$1: not CONFIG_NAME=VALUE: $bad"; return 1; }
	[ -z "$dup" ] || { say "$1: set more than once: $dup"; return 1; }
}

# kb_fragment_held FRAGMENT CONFIG: every setting of the fragment holds in
# the .config that Kconfig made (a symbol whose dependencies are off is
# silently dropped by Kconfig); those that do not are listed.
kb_fragment_held() {
	local line name want missing=()
	while IFS= read -r line; do
		name=${line%%=*}
		want=${line#*=}
		if [ "$want" = n ]; then
			grep -q "^$name=" "$2" && missing+=("$line")
		else
			grep -qxF "$line" "$2" || missing+=("$line")
		fi
	done < <(kb_fragment_lines "$1")
	[ ${#missing[@]} -eq 0 ] && return 0
	say "these settings of $1 did not hold in $2 (their dependencies are off): ${missing[*]}"
	return 1
}

# Kconfig symbols are renamed between series, so a fragment F may have, for
# a series S, an overlay beside it named F without .config, then -S.config
# (tailbench-6.1.config).  Its lines are settings, which replace the base's
# setting of the same name or are added, and "drop CONFIG_NAME", which
# removes a setting of the base (one that must be there).

# kb_fragment_overlay FRAGMENT SERIES: the overlay's path, if there is one.
kb_fragment_overlay() {
	local o=${1%.config}-$2.config
	[ -f "$o" ] && printf '%s\n' "$o"
}

# kb_fragment_merge FRAGMENT OVERLAY: the fragment for that series on stdout;
# a malformed overlay or a drop of a name the base does not set is said and
# fails (status 1).
kb_fragment_merge() {
	local base=$1 overlay=$2 line drops=() sets=() bad=()
	while IFS= read -r line; do
		case "$line" in
		"drop CONFIG_"*) drops+=("${line#drop }") ;;
		CONFIG_*=*) sets+=("$line") ;;
		*) bad+=("$line") ;;
		esac
	done < <(kb_fragment_lines "$overlay")
	[ ${#bad[@]} -eq 0 ] || { say "$overlay: neither CONFIG_NAME=VALUE nor drop CONFIG_NAME: ${bad[*]}"; return 1; }
	for line in "${drops[@]}"; do
		kb_fragment_lines "$base" | grep -q "^$line=" ||
			{ say "$overlay: drops $line, which $base does not set"; return 1; }
	done
	kb_fragment_lines "$base" | awk -F= 'NR == FNR { out[$1]; next } !($1 in out)' \
		<(printf '%s\n' "${drops[@]}" "${sets[@]%%=*}") -
	[ ${#sets[@]} -eq 0 ] || printf '%s\n' "${sets[@]}"
}

# --- naming --------------------------------------------------------------------

# kb_hash FILE...: a short hash of the files' contents, in order.
kb_hash() {
	cat "$@" | sha256sum | cut -c1-8
}

# kb_label VERSION FRAGMENT [PATCH...]: VERSION, the patches (the first one's
# name, +N for more, and a hash of them all) or "base", and the fragment's
# hash: 6.12.117-tailcall-nop-1a2b3c4d-c5e6f7a8b.
kb_label() {
	local version=$1 fragment=$2 name patches
	shift 2
	if [ $# -eq 0 ]; then
		patches=base
	else
		name=$(basename "$1")
		name=${name%.patch}
		name=${name%.diff}
		patches=${name//[^A-Za-z0-9._+-]/-}
		[ $# -gt 1 ] && patches="$patches+$(($# - 1))"
		patches="$patches-$(kb_hash "$@")"
	fi
	printf '%s-%s-c%s\n' "$version" "$patches" "$(kb_hash "$fragment")"
}

# --- building and booting, for patch-compare, patch-series and bisect -----------
#
# The commands that build a kernel and boot kernels can be replaced
# (TB_KBUILD_BUILDER, TB_KBUILD_MATRIX), so that tests run the logic around
# them without a kernel; a replacement takes the same options and prints the
# same lines as build.sh and harness/vm/matrix.sh.
# shellcheck disable=SC2034
{
	KB_BUILDER=${TB_KBUILD_BUILDER:-$KB_DIR/build.sh}
	KB_MATRIX=${TB_KBUILD_MATRIX:-$TOP/harness/vm/matrix.sh}
}

# kb_run CMD...: runs CMD in a session of its own, in the background, and
# waits for it: a trap of the caller runs at once on a signal, and
# kb_stop ends CMD with everything it started (make's jobs, qemu).
kb_run() {
	setsid "$@" &
	KB_CHILD=$!
	local rc=0
	wait "$KB_CHILD" || rc=$?
	KB_CHILD=""
	return "$rc"
}

kb_stop() {
	[ -n "${KB_CHILD:-}" ] || return 0
	# Under set -e too: the child's status (143) must not end a trap.
	kill -TERM -- "-$KB_CHILD" 2>/dev/null || true
	wait "$KB_CHILD" 2>/dev/null || true
	KB_CHILD=""
}

# kb_on_exit CODE: CODE runs however the script ends, after what kb_run
# started is stopped; Ctrl-C and SIGTERM end the script (130, 143).
kb_on_exit() {
	# shellcheck disable=SC2064 # CODE is meant to be fixed now
	trap "kb_stop; $1" EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# kb_build OUT BUILDER-OPTION...: builds; sets KB_IMAGE and KB_LABEL from
# the builder's lines (kept in OUT, a file).  Returns the builder's status.
kb_build() {
	local out=$1 rc=0
	shift
	kb_run "$KB_BUILDER" "$@" >"$out" || rc=$?
	[ "$rc" -eq 0 ] || return "$rc"
	KB_IMAGE=$(sed -n 's/^image=//p' "$out")
	KB_LABEL=$(sed -n 's/^label=//p' "$out")
	[ -n "$KB_IMAGE" ] && [ -n "$KB_LABEL" ] || die "$KB_BUILDER gave no image= and label= lines"
}

# kb_boot RESULTS LIST [MATRIX-OPTION...]: boots the kernels of LIST, a
# file of "LABEL IMAGE" lines, in one matrix run; their results move to
# RESULTS (never replacing a file), and their paths go to LIST.results, in
# LIST's order.  Returns the matrix's status (a kernel that gave no
# result fails it, and nothing moves).
kb_boot() {
	local results=$1 list=$2 label image f rc=0 runs opts=()
	shift 2
	while read -r label image; do opts+=(--image "$image" --label "$label"); done <"$list"
	mkdir -p "$results"
	runs=$(mktemp -d "$results/.kbuild.XXXXXX")
	kb_run "$KB_MATRIX" "$@" --results "$runs" "${opts[@]}" >&2 || rc=$?
	: >"$list.results"
	while [ "$rc" -eq 0 ] && read -r label image; do
		f=$(find "$runs" -name "vm-$label-*.json" -print -quit)
		if [ -z "$f" ]; then
			say "no result of $label"
			rc=1
		elif [ -e "$results/${f##*/}" ]; then
			say "$results/${f##*/} exists: results are never overwritten"
			rc=1
		else
			mv "$f" "$results/"
			printf '%s\n' "$results/${f##*/}" >>"$list.results"
		fi
	done <"$list"
	rm -rf "$runs"
	return "$rc"
}

# kb_patch_cmdline ARG...: the command line patch-compare and patch-series
# share ([options] SERIES PATCH... or [options] --source DIR PATCH...).
# Sets build_opts (the tree's, for build.sh), patches (--patch FILE pairs),
# matrix_opts, compare_opts and results; bad input exits 2 after the
# caller's usage.
kb_patch_cmdline() {
	local source="" p more
	build_opts=() matrix_opts=() compare_opts=() patches=() results="$TOP/results"
	while [ $# -gt 0 ]; do
		case "$1" in
		--source) need_value "$@"; source=$2; build_opts+=(--source "$2"); shift 2 ;;
		--config) need_value "$@"; build_opts+=("$1" "$2"); shift 2 ;;
		--jobs) need_value "$@"; need_count "$@"; build_opts+=("$1" "$2"); shift 2 ;;
		# Checked now, not after the kernels are built.
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
	for p in "$@"; do
		[ -f "$p" ] && [ -r "$p" ] || die "$p: not a readable patch file" 2
		patches+=(--patch "$p")
	done
}
