#!/usr/bin/env bash
# Builds a small bootable kernel for the VM matrix (x86-64, or another
# architecture whose harness/vm/arch file has ARCH_KBUILD facts), from a
# Debian linux-source package or a kernel tree, with patches if given.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh build-kernel (--series SERIES | --source DIR) [--patch FILE]...
                             [--jobs N] [--config FRAGMENT] [--arch ARCH]

Builds a kernel image that ./run.sh kernels --image boots, and prints two
lines on stdout: image=PATH and label=LABEL (series, the architecture if
not amd64, patches and the config fragment's hash, e.g.
6.12.117-tailcall-direct-nop-1a2b3c4d-c5e6f7a8b, 6.12.118-s390x-base-c1a2b3c4d).

  --arch ARCH        amd64 (the default) or s390x, cross-built with Debian's
                     cross compiler (facts: harness/vm/arch/ARCH.sh)

  --series SERIES    Debian's linux-source-SERIES package (6.1, 6.12),
                     installed with apt and unpacked once into .cache/kbuild/src
  --source DIR       a kernel tree of your own, built as it is
  --patch FILE       applied with patch -p1 for this build, in the order
                     given, and reverted after it (repeatable)
  --jobs N           parallel jobs (default: the number of cores)
  --config FRAGMENT  the config fragment applied over allnoconfig (default
                     harness/kbuild/tailbench.config, s390x.config for
                     s390x); for a tree of series
                     S, FRAGMENT without .config then -S.config, if there,
                     is an overlay for symbols renamed between series
                     (tailbench-6.1.config)

The build is out of tree in .cache/kbuild/build/, incremental, through
ccache (.cache/kbuild/ccache).  Every setting of the fragment must hold in
the resulting .config, or the build stops before compiling.  Images go to
.cache/kbuild/images/LABEL/; for a Debian series an image already there is
used again without running make.

A patch that does not apply, or a failed build, is reported with patch's
words or the build log's tail, exit status 1, and the tree and cache are
left usable: the files the patches name are put back from copies taken
before, and the tree is checked against a manifest taken then.  Bad
options exit 2.  Logs are kept in .cache/kbuild/logs/.
USAGE
}

series="" source="" jobs=$(nproc) fragment="" arch=amd64
patches=()
while [ $# -gt 0 ]; do
	case "$1" in
	--series) need_value "$@"; series=$2; shift 2 ;;
	--source) need_value "$@"; source=$2; shift 2 ;;
	--patch) need_value "$@"; patches+=("$2"); shift 2 ;;
	--jobs) need_value "$@"; jobs=$2; shift 2 ;;
	--config) need_value "$@"; fragment=$2; shift 2 ;;
	--arch) need_value "$@"; arch=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" 2 ;;
	esac
done
[ -n "$series" ] || [ -n "$source" ] || { usage >&2; die "--series or --source is needed" 2; }
[ -z "$series" ] || [ -z "$source" ] || die "--series and --source exclude each other" 2
[ -z "$series" ] || [[ $series =~ ^[0-9]+\.[0-9]+$ ]] || die "--series $series: a series is MAJOR.MINOR, e.g. 6.12" 2
need_count --jobs "$jobs"
arch_use "$arch"
[ -n "$ARCH_KBUILD_IMAGE" ] || die "--arch $arch: no kernel build for it (its harness/vm/arch file has no ARCH_KBUILD facts)" 2
fragment=${fragment:-$ARCH_KBUILD_FRAGMENT}
[ -f "$fragment" ] && [ -r "$fragment" ] || die "--config $fragment: not a readable file" 2
kb_fragment_lint "$fragment" || die "--config $fragment: malformed (above)" 2
for i in "${!patches[@]}"; do
	[ -f "${patches[$i]}" ] && [ -r "${patches[$i]}" ] || die "--patch ${patches[$i]}: not a readable file" 2
	patches[i]=$(readlink -f "${patches[$i]}")
done
fragment=$(readlink -f "$fragment")
if [ -n "$source" ]; then
	[ -f "$source/Makefile" ] && [ -d "$source/${ARCH_KBUILD_IMAGE%/boot/*}" ] ||
		die "--source $source: not a kernel tree (no Makefile and ${ARCH_KBUILD_IMAGE%/boot/*})" 2
	source=$(readlink -f "$source")
fi

# The tree, its build directory and the version its label starts with.
if [ -n "$series" ]; then
	install_packages "linux-source-$series"
	tarball=/usr/src/linux-source-$series.tar.xz
	[ -r "$tarball" ] || die "$tarball missing: linux-source-$series installs no tarball there"
	pkg_version=$(dpkg-query -W -f='${Version}' "linux-source-$series")
	tree=$KB_CACHE/src/linux-source-$series
	home=$KB_CACHE/build/$series
	if [ "$(cat "$tree.version" 2>/dev/null)" != "$pkg_version" ]; then
		# A new tree has old file times: objects of the old one would
		# look newer than its sources, so they go too.
		say "unpacking $tarball ($pkg_version) into $tree"
		rm -rf "$tree" "$tree.version" "$tree.tmp" "$home" "$home".*
		mkdir -p "$tree.tmp"
		tar -xf "$tarball" -C "$tree.tmp"
		mv "$tree.tmp/linux-source-$series" "$tree"
		rmdir "$tree.tmp"
		echo "$pkg_version" >"$tree.version"
	fi
	version=${pkg_version%%-*}
else
	tree=$source
	home=$KB_CACHE/build/src-$(printf '%s' "$tree" | kb_hash)
	version=$(make -s -C "$tree" kernelversion 2>/dev/null) ||
		die "--source $tree: make kernelversion failed"
	# It names the build's image, config and log in the cache: a tree
	# whose Makefile says anything else (a path) is refused.
	[[ $version =~ ^[0-9]+\.[0-9]+[A-Za-z0-9._+-]*$ ]] ||
		die "--source $tree: make kernelversion gave '${version//[^[:graph:]]/?}', not a version (MAJOR.MINOR then letters, digits, . _ + -)" 2
fi
# The fragment for this tree's series: with its overlay, if it has one.
overlay=$(kb_fragment_overlay "$fragment" "$(cut -d. -f1,2 <<<"$version")") || true
if [ -n "$overlay" ]; then
	mkdir -p "$KB_CACHE/fragments"
	merged=$KB_CACHE/fragments/$(basename "${overlay%.config}").$$
	kb_fragment_merge "$fragment" "$overlay" >"$merged" || { rm -f "$merged"; die "$overlay: malformed (above)" 2; }
	kb_fragment_lint "$merged" || { rm -f "$merged"; die "$fragment with $overlay: malformed (above)" 2; }
	fragment=${merged%.*}-$(kb_hash "$merged").config
	mv "$merged" "$fragment"
	say "config: $fragment ($overlay over it)"
fi
# HOME holds the tree's patch record and lock, and amd64's objects; another
# architecture builds the same tree in HOME.ARCH.
build=$home
suffix=""
if [ "$arch" != amd64 ]; then
	build=$home.$arch
	suffix=-$arch
fi
label=$(kb_label "$version$suffix" "$fragment" "${patches[@]}")
images=$KB_CACHE/images/$label
image=$images/${ARCH_KBUILD_IMAGE##*/}

done_with() {
	say "image: $1"
	say "label: $label"
	printf 'image=%s\nlabel=%s\n' "$1" "$label"
	exit 0
}
# A Debian tree does not change under the same version, so its image stays
# valid; a tree of your own may have, and make decides.
if [ -n "$series" ] && [ -s "$image" ]; then
	say "$label: built before, not rebuilt"
	done_with "$image"
fi

mkdir -p "$home" "$build" "$KB_CACHE/logs"
state=$home/.tailbench-patches
lock=$home/.tailbench-lock
exec 9>"$lock"
flock -n 9 || { say "another build uses $tree; waiting for it"; flock 9; }

# Patches from a build killed half-way go first; this build's go on now,
# and come off whatever way it ends.
kb_revert "$tree" "$state"
trap 'kb_revert "$tree" "$state"' EXIT
if [ ${#patches[@]} -gt 0 ]; then
	kb_apply "$tree" "$state" "${patches[@]}" || exit 1
	say "applied ${#patches[@]} patch(es) to $tree"
fi

# The tools after the patches, so that a patch that does not apply is
# said before anything is installed.
install_packages build-essential flex bison bc libelf-dev libssl-dev cpio ccache "${ARCH_KBUILD_PACKAGES[@]}"
log=$KB_CACHE/logs/$label-$(date -u +%Y%m%dT%H%M%SZ).log
cc=$ARCH_KBUILD_CC
command -v ccache >/dev/null && cc="ccache $cc"
export CCACHE_DIR=$KB_CACHE/ccache
kmake=(make -C "$tree" O="$build" "${ARCH_KBUILD[@]}" CC="$cc")

# Configured again only when the fragment changed: the same .config keeps
# every object.
config_hash=$(kb_hash "$fragment")
if [ ! -s "$build/.config" ] || [ "$(cat "$build/.tailbench-config" 2>/dev/null)" != "$config_hash" ]; then
	say "configuring: allnoconfig with $fragment"
	rm -f "$build/.tailbench-config"
	"${kmake[@]}" KCONFIG_ALLCONFIG="$fragment" allnoconfig >"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		die "configuring failed (log: $log)"
	}
	echo "$config_hash" >"$build/.tailbench-config"
fi
kb_fragment_held "$fragment" "$build/.config" || die "the config fragment does not hold (above)"

# make runs in the background; its progress is the count of objects
# compiled so far: on a terminal a line redrawn every second, in a log a
# line every 30 s.
say "building $label with $jobs job(s) ($cc); log: $log"
start=$SECONDS
"${kmake[@]}" -j"$jobs" "${ARCH_KBUILD_IMAGE##*/}" >>"$log" 2>&1 &
make_pid=$!
trap 'kill "$make_pid" 2>/dev/null; wait "$make_pid" 2>/dev/null; kb_revert "$tree" "$state"' EXIT
tick=0
while sleep 1 && kill -0 "$make_pid" 2>/dev/null; do
	tick=$((tick + 1))
	if [ -t 2 ]; then
		printf '\r\033[K  building %s: %d files compiled, %d s' "$label" "$(grep -c '^  CC ' "$log")" \
			$((SECONDS - start)) >&2
	elif [ $((tick % 30)) -eq 0 ]; then
		say "  $(grep -c '^  CC ' "$log") files compiled, $((SECONDS - start)) s"
	fi
done
[ ! -t 2 ] || printf '\r\033[K' >&2
rc=0
wait "$make_pid" || rc=$?
trap 'kb_revert "$tree" "$state"' EXIT
if [ "$rc" -ne 0 ]; then
	say "--- the last 30 lines of $log:"
	tail -n 30 "$log" >&2
	die "building $label failed (make exit $rc; log: $log)"
fi
say "built in $((SECONDS - start)) s"

mkdir -p "$images"
cp "$build/$ARCH_KBUILD_IMAGE" "$image.tmp"
cp "$build/.config" "$images/config"
mv "$image.tmp" "$image"
done_with "$image"
