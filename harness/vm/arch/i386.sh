# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): 32-bit x86 (Debian's i386, the 686
# kernels: bookworm's 6.1 is the last, trixie has none) under qemu's TCG on
# the 'pc' machine, its two UARTs the console and the result port.
# docs/architectures.md.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_FLAVOUR=686
ARCH_QEMU=qemu-system-i386
ARCH_CPU=qemu32
ARCH_MATRIX="6.1 6.5"			# bookworm and its backports: the last i386 kernels

# arch_is_image FILE: a bzImage ("HdrS" at offset 0x202).
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]
}
