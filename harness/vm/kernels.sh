#!/usr/bin/env bash
# Debian kernels by version, fetched once into .cache/<arch>/kernels.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/vm/kernels.sh [--arch ARCH] list
       harness/vm/kernels.sh [--arch ARCH] fetch VERSION...

list    the kernels Debian's suites carry (bullseye, bookworm and its
        backports, trixie and its backports, sid): version, release,
        package, suite, and whether it is cached
fetch   download and unpack each kernel once (its image, and its packaged
        /boot/config-* beside it); prints "RELEASE PATH" a line.
        VERSION is an upstream series (6.12: its newest release), a release
        (6.12.94+deb13) or a package name.

--arch ARCH: amd64 (default), or another architecture of harness/vm/arch
(docs/architectures.md), whose kernels (the flavour its file names: cloud
kernels on amd64 and arm64), apt state and images live under .cache/ARCH;
an image is unpacked to what qemu boots where the file says so (arm64's
EFI zboot image to the Image it wraps).

Packages come through apt with a private state under .cache/vm/apt
(.cache/ARCH/apt), from the mirror this machine's apt configuration
names, with signatures checked against the Debian archive keyring
(package debian-archive-keyring).  TB_DEBIAN_MIRROR=URL names the Debian
mirror instead: for a host whose apt has none, such as an Ubuntu CI runner
(or run in a debian:12 container: docs/ci.md).
USAGE
}

if [ "${1:-}" = --arch ]; then
	need_value "$@"
	arch_use "$2"
	shift 2
fi
KERNELS="$CACHE/kernels"

# Releases of every kernel image package of the flavour, oldest first.
# The version (6.1.0, 6.12.117+deb13) and the ABI (-50, -0.deb12.4) come
# right before the flavour: another flavour that ends in this one's name
# (rt-armmp beside armmp) is not taken for it.
releases() {
	apt_cache pkgnames linux-image- |
		sed -n "s/^linux-image-\\([0-9][^-]*\\(-[0-9][^-]*\\)\\?-$ARCH_FLAVOUR\\)\$/\\1/p" | sort -uV
}

# The releases a VERSION names, one a line: the one it names exactly, else
# those of its series, newest first (a mirror may list a release whose
# package its pool does not hold yet); nothing when none.
resolve() {
	local v=${1#linux-image-}
	releases | awk -v v="$v" -v flavour="-$ARCH_FLAVOUR" '
		$0 == v || $0 == v flavour { exact = $0 }
		index($0, v ".") == 1 || index($0, v "-") == 1 || index($0, v "+") == 1 { series[n++] = $0 }
		END { if (exact) print exact; else for (i = n - 1; i >= 0; i--) print series[i] }'
}

# The release a VERSION names exactly (a release, with or without its
# flavour, or its package), when it is fetched already; fails otherwise.
cached_release() {
	local r=${1#linux-image-}
	r=${r%-"$ARCH_FLAVOUR"}-$ARCH_FLAVOUR
	[ -s "$KERNELS/$r/vmlinuz" ] && printf '%s\n' "$r"
}

# "PACKAGE SUITE" for each PACKAGE: where its candidate version comes from.
suites_of() {
	apt_cache policy "$@" | awk '
		/^[^ ].*:$/ { pkg = substr($0, 1, length($0) - 1); done = 0 }
		/^ +[0-9]+ [a-z]+:\/\// && !done { split($3, s, "/"); print pkg, s[1]; done = 1 }'
}

# "SERIES RELEASE PACKAGE SUITE" for every release, oldest first; SERIES is
# the upstream major.minor that fetch takes.
table() {
	# shellcheck disable=SC2046 # package names have no spaces
	suites_of $(releases | sed 's/^/linux-image-/') |
		awk '{ r = substr($1, 13); split(r, v, /[.+-]/); print v[1] "." v[2], r, $1, $2 }'
}

# Find the kernel image in unpacked packages: old layout /boot/vmlinuz-*,
# new layout /usr/lib/modules/<release>/vmlinuz (vmlinux where the package
# holds the ELF file, as ppc64el's do).
find_image() {
	find "$1" \( -path '*/boot/vmlinu[xz]-*' -o -path '*/usr/lib/modules/*/vmlinu[xz]' \) -type f |
		head -n 1
}

download() {
	local dir=$1 pkg=$2 log
	log=$(mktemp)
	if ! (cd "$dir" && apt-get "${APT_OPTS[@]}" download "$pkg") >"$log" 2>&1; then
		grep '^E:' "$log" >&2 || tail -n 3 "$log" >&2
		rm -f "$log"
		say "downloading $pkg failed"
		return 1
	fi
	rm -f "$log"
}

# kernel_config RELEASE: the packaged config of a fetched kernel, or nothing.
kernel_config() {
	find "$KERNELS/$1" -maxdepth 1 -name 'config-*' ! -name '*.tmp' -type f 2>/dev/null | head -n 1
}

# fetch_one VERSION: its release, fetched once; a series whose newest
# release the mirror cannot give falls back to the next older one, said so.
fetch_one() {
	local version=$1 release releases
	releases=$(resolve "$version")
	if [ -z "$releases" ]; then
		say "no Debian $ARCH_FLAVOUR kernel matches '$version'; these can be had:"
		say "$(table | cut -d' ' -f1 | uniq | tr '\n' ' ')"
		exit 2
	fi
	for release in $releases; do
		fetch_release "$release" && return
		say "$release cannot be had from the mirror: trying the next older release of '$version'"
	done
	die "no release of '$version' could be downloaded"
}

# fetch_release RELEASE: fetched once; fails when its packages cannot be
# downloaded.
fetch_release() {
	local release=$1 pkg work image dep config
	# The packaged config comes with the image: results record what it
	# says about mitigations (a kernel cached before it is fetched again).
	# A package without one (6.19's) is marked so, and not fetched again.
	if [ -s "$KERNELS/$release/vmlinuz" ] &&
		{ [ -n "$(kernel_config "$release")" ] || [ -e "$KERNELS/$release/no-config" ]; }; then
		echo "$release $KERNELS/$release/vmlinuz"
		return
	fi
	pkg="linux-image-$release"
	work=$(mktemp -d "$CACHE/fetch.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	say "fetching $pkg"
	download "$work" "$pkg" || { rm -rf "$work"; trap - EXIT; return 1; }
	dpkg-deb -x "$work"/*.deb "$work/root"
	image=$(find_image "$work/root")
	if [ -z "$image" ]; then
		# Newer packages keep the image in linux-binary-<release>.
		dep=$(apt_cache show "$pkg" | sed -n 's/^Depends:.*\(linux-binary-[^ ,]*\).*/\1/p' | head -n 1)
		[ -n "$dep" ] || die "$pkg carries no kernel image and depends on no linux-binary package"
		say "fetching $dep"
		download "$work" "$dep" || { rm -rf "$work"; trap - EXIT; return 1; }
		dpkg-deb -x "$work"/linux-binary-*.deb "$work/root"
		image=$(find_image "$work/root")
	fi
	[ -n "$image" ] || die "no vmlinuz in $pkg or its linux-binary package"
	config=$(find "$work/root" -path '*/boot/config-*' -type f | head -n 1)
	mkdir -p "$KERNELS/$release"
	if [ -n "$config" ]; then
		cp "$config" "$KERNELS/$release/$(basename "$config").tmp"
		mv "$KERNELS/$release/$(basename "$config").tmp" "$KERNELS/$release/$(basename "$config")"
	else
		# Its results then record no kernel config (meta.kconfig null).
		say "$pkg and its linux-binary package carry no /boot/config-*: its results will not record the kernel's config"
		: >"$KERNELS/$release/no-config"
	fi
	printf 'release=%s\nversion=%s\npackage=%s\nsuite=%s\nbytes_downloaded=%s\n' "$release" \
		"$(dpkg-deb -f "$work/${pkg}_"*.deb Version)" "$pkg" "$(suites_of "$pkg" | cut -d' ' -f2)" \
		"$(cat "$work"/*.deb | wc -c)" >"$KERNELS/$release/meta"
	arch_bootable "$image" "$KERNELS/$release/vmlinuz.tmp"
	mv "$KERNELS/$release/vmlinuz.tmp" "$KERNELS/$release/vmlinuz"
	rm -rf "$work"
	trap - EXIT
	echo "$release $KERNELS/$release/vmlinuz"
}

case "${1:-}" in
list)
	cache_lock
	apt_update
	table | while read -r series release pkg suite; do
		printf '%-6s %-28s %-40s %-18s %s\n' "$series" "$release" "$pkg" "$suite" \
			"$([ -s "$KERNELS/$release/vmlinuz" ] && echo cached)"
	done
	;;
fetch)
	shift
	[ $# -gt 0 ] || { usage >&2; exit 2; }
	cache_lock
	# A pinned release already here needs no package lists: a warm CI
	# cache downloads nothing.
	uncached=()
	for v in "$@"; do
		r=$(cached_release "$v") || uncached+=("$v")
	done
	[ ${#uncached[@]} -eq 0 ] || apt_update
	for v in "$@"; do
		if r=$(cached_release "$v"); then
			echo "$r $KERNELS/$r/vmlinuz"
		else
			fetch_one "$v"
		fi
	done
	;;
-h | --help | help)
	usage
	;;
*)
	usage >&2
	exit 2
	;;
esac
