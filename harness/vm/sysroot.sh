#!/usr/bin/env bash
# The static libraries and busybox of another architecture, unpacked from
# Debian's packages into .cache/<arch>/sysroot.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/vm/sysroot.sh --arch ARCH

Downloads the packages harness/vm/arch/ARCH.sh names (ARCH_SYSROOT_PACKAGES,
of the suite ARCH_SYSROOT_SUITE) through the private apt state of that
architecture, signatures checked, and unpacks them into .cache/ARCH/sysroot,
which mk/arch/ARCH.mk (over mk/cross.mk) builds the guest payload
against.  The machine's dpkg architectures are left alone.  Prints the sysroot's path; a second call with
the same packages downloads nothing.
USAGE
}

case "${1:-}" in
-h | --help) usage; exit 0 ;;
--arch) need_value "$@"; arch_use "$2" ;;
*) usage >&2; exit 2 ;;
esac
[ $# -eq 2 ] || { usage >&2; exit 2; }
[ -n "$ARCH_SYSROOT_SUITE" ] || die "--arch $2: the payload is built natively, no sysroot" 2

sysroot="$CACHE/sysroot"
# The package list is the sysroot's identity: a change rebuilds it.
want="$ARCH_SYSROOT_SUITE ${ARCH_SYSROOT_PACKAGES[*]}"
if [ -e "$sysroot/.packages" ] && [ "$(cat "$sysroot/.packages")" = "$want" ]; then
	echo "$sysroot"
	exit 0
fi

cache_lock
apt_update
work=$(mktemp -d "$CACHE/sysroot.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "fetching the $ARCH_DEB sysroot: ${ARCH_SYSROOT_PACKAGES[*]}"
pkgs=()
for p in "${ARCH_SYSROOT_PACKAGES[@]}"; do pkgs+=("$p/$ARCH_SYSROOT_SUITE"); done
if ! (cd "$work" && apt-get "${APT_OPTS[@]}" download "${pkgs[@]}") >"$work/log" 2>&1; then
	grep '^E:' "$work/log" >&2 || tail -n 3 "$work/log" >&2
	die "downloading the $ARCH_DEB sysroot failed"
fi
mkdir "$work/root"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
# Packages of a merged-/usr release (trixie's) hold /usr/lib only, while
# their linker scripts (libc.so) name /lib, which the linker looks for in
# the sysroot.
[ -e "$work/root/lib" ] || ln -s usr/lib "$work/root/lib"
echo "$want" >"$work/root/.packages"
rm -rf "$sysroot"
mv "$work/root" "$sysroot"
echo "$sysroot"
