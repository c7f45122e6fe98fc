# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): x86-64, the machine's own architecture.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_FLAVOUR=cloud-amd64		# the cloud kernels: virtio and the UART built in
ARCH_QEMU=qemu-system-x86_64
ARCH_CPU=qemu64
ARCH_CACHE_NAME=vm
ARCH_KVM=1
ARCH_MATRIX="5.10 6.1 6.12 6.16 6.19 7.1 7.2 7.3"	# the README's eight
ARCH_PAYLOAD_TARGET=vm-payload		# built natively: the Makefile
ARCH_PAYLOAD=build/vm-payload
ARCH_SYSROOT_SUITE=""
ARCH_KBUILD=(ARCH=x86_64)
ARCH_KBUILD_CC=gcc
ARCH_KBUILD_IMAGE=arch/x86/boot/bzImage
ARCH_KBUILD_FRAGMENT=$TOP/harness/kbuild/tailbench.config

# arch_is_image FILE: a bzImage ("HdrS" at offset 0x202).
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]
}

arch_busybox() {
	command -v busybox || die "busybox not found (Debian package busybox-static)"
}
