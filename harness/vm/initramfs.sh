#!/usr/bin/env bash
# Builds the guest's initramfs: busybox, /init, and the payload directory.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/vm/initramfs.sh [--arch ARCH] OUT.cpio.gz PAYLOAD_DIR

OUT holds busybox (static) with /init (harness/vm/init and the frame.sh it
sources) and PAYLOAD_DIR as
/tailbench: the static tailbench, build/progs/*.bpf.o and scenarios/ (make
vm-payload builds build/vm-payload).  No kernel modules: the Debian
kernels of each architecture of harness/vm/arch have BPF, its JIT and the
result port's driver built in.  --arch ARCH (not amd64) takes busybox from
that architecture's sysroot (harness/vm/sysroot.sh) and the payload of
'make ARCH-payload' (build/ARCH/vm-payload).
USAGE
}

[ "${1:-}" = --help ] && { usage; exit 0; }
if [ "${1:-}" = --arch ]; then
	need_value "$@"
	arch_use "$2"
	shift 2
fi
[ $# -eq 2 ] || { usage >&2; exit 2; }
out=$1
payload=$2
[ -x "$payload/tailbench" ] || die "$payload/tailbench missing: run 'make vm-payload'" 2
busybox=$(arch_busybox) || exit 1
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static (install busybox-static)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp}
cp "$busybox" "$root/bin/busybox"
cp "$VM_DIR/init" "$root/init"
cp "$VM_DIR/frame.sh" "$root/frame.sh"
cp -r "$payload" "$root/tailbench"
# The kernel opens /dev/console before /init runs and devtmpfs is mounted.
mknod -m 600 "$root/dev/console" c 5 1
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
