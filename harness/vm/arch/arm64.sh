# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): arm64 under qemu's TCG on the 'virt'
# machine.  A Cortex-A72 model has the Arm PMU (PMUv3) that qemu emulates:
# docs/arm64.md.  The payload is cross-built (mk/arch/arm64.mk) against the
# default sysroot.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_FLAVOUR=cloud-arm64
ARCH_QEMU=qemu-system-aarch64
ARCH_CPU=cortex-a72
ARCH_MACHINE=(-M virt)
ARCH_CONSOLE=ttyAMA0
# 'virt' has one UART, the console's; Debian's cloud kernels build the
# virtio console as a module (not in the initramfs) but the PCI 16550
# driver in: the result goes over a PCI serial port, the guest's ttyS0.
ARCH_RESULT_PORT=ttyS0
# The matrix's default scenarios: not nesting, whose tail calls from deep
# subprograms overflow the 6.1 arm64 kernel's stack and panic it (6.12 and
# later run it); --args "run -s nesting ..." asks for it.
ARCH_PMU=1				# PMUv3: cycles and instructions, tailbench check-pmu
ARCH_SCENARIOS="-s chain -s dispatch -s baseline"
ARCH_MATRIX="6.1 6.12 7.3"

arch_ports() { pci_serial_ports "$@"; }

# arch_is_image FILE: an arm64 Image ("ARM\x64" at offset 0x38).
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' ')" = 41524d64 ]
}

# arch_bootable IMAGE OUT: the plain Image.  Debian's arm64 packages hold
# it gzipped, or as an EFI zboot image (a PE wrapper, "zimg" at offset 4,
# around a compressed Image), which qemu 7.2's -kernel does not boot.
arch_bootable() {
	local off size comp dec
	if [ "$(od -An -tx1 -N2 "$1" | tr -d ' ')" = 1f8b ]; then
		say "the image is a gzipped Image: unpacking it"
		gzip -dc "$1" >"$2"
		return
	fi
	if [ "$(dd if="$1" bs=1 skip=4 count=4 2>/dev/null)" != zimg ]; then
		cp "$1" "$2"
		return
	fi
	# The zboot header: payload offset and size (le32 at 8 and 12), then
	# the compression's name (at 24, NUL-padded).
	off=$(od -An -tu4 -j8 -N4 "$1" | tr -d ' ')
	size=$(od -An -tu4 -j12 -N4 "$1" | tr -d ' ')
	comp=$(dd if="$1" bs=1 skip=24 count=32 2>/dev/null | tr -d '\0')
	say "the image is an EFI zboot image ($comp): unpacking its payload"
	case "$comp" in
	gzip) dec=(gzip -dc) ;;
	zstd | zstd22) dec=(zstd -dcq) ;;
	xz) dec=(xz -dc) ;;
	*) die "$1: a zboot image compressed with '$comp', which is not handled" ;;
	esac
	tail -c +"$((off + 1))" "$1" | head -c "$size" | "${dec[@]}" >"$2"
	arch_is_image "$2" || die "$1: its zboot payload is not an arm64 Image"
}
