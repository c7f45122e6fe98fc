# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): s390x (IBM Z, big-endian) under qemu's TCG
# on the 's390-ccw-virtio' machine with qemu's own CPU model.
# docs/architectures.md.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_QEMU=qemu-system-s390x
ARCH_CPU=qemu
ARCH_MACHINE=(-M s390-ccw-virtio)
# 7.3 is listed for s390x but its package was not in the mirror's pool.
ARCH_MATRIX="6.1 6.12 7.2"
# The machine's two SCLP consoles take the two -serial in turn: the VT220
# one (the guest's ttysclp0) the result, the line-mode one (ttyS0) the
# console.  Debian's virtio console is a module, which the initramfs does
# not carry.
ARCH_CONSOLE=ttyS0
# Debian's kernels are built for z10, which the BPF JIT does not support:
# build-kernel --arch s390x builds z196 kernels that have it.
ARCH_KBUILD=(ARCH=s390 CROSS_COMPILE=s390x-linux-gnu-)
ARCH_KBUILD_CC=s390x-linux-gnu-gcc
ARCH_KBUILD_IMAGE=arch/s390/boot/bzImage
ARCH_KBUILD_FRAGMENT=$TOP/harness/kbuild/s390x.config
ARCH_KBUILD_PACKAGES=(crossbuild-essential-s390x)
ARCH_RESULT_PORT=ttysclp0

arch_ports() {
	printf '%s\n' -serial "file:$2" -serial "file:$1"
}

# arch_is_image FILE: an s390x kernel image ("S390EP" at 0x10008, where
# qemu's loader looks).
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=65544 count=6 2>/dev/null)" = S390EP ]
}
