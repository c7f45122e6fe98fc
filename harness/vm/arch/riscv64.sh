# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): riscv64 under qemu's TCG on the 'virt'
# machine, booted through qemu's own OpenSBI.  Debian has riscv64 from
# trixie on, so the payload's sysroot is trixie's, its glibc and the
# shared libraries the payload carries included (mk/arch/riscv64.mk).
# docs/architectures.md.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_QEMU=qemu-system-riscv64
# Sscofpmf: the counters' mode filtering, without which the kernel's SBI
# PMU driver refuses every event the harness opens (user space excluded);
# under icount qemu's cycle and instret count guest instructions.  They are
# recorded, not a gate (ARCH_PMU 0): through the SBI their per-sample
# overhead spreads (over 1,000 instructions on 7.2), so check-pmu agrees on
# 6.12 and fails 7.2 (docs/riscv64-armhf-i386.md).
ARCH_CPU=rv64,sscofpmf=true
ARCH_MATRIX="6.12 7.2"			# trixie and its backports (bookworm has none; 7.3: not in the pool)
ARCH_MACHINE=(-M virt)
# 'virt' has one UART, the console's: the result goes over a PCI serial
# port (8250_pci is built in), the guest's ttyS1.
ARCH_RESULT_PORT=ttyS1
# riscv's COMMAND_LINE_SIZE: 1024 bytes, the NUL included.
ARCH_CMDLINE_MAX=1023
ARCH_SYSROOT_SUITE=trixie
ARCH_SYSROOT_PACKAGES=("${CROSS_SYSROOT_PACKAGES[@]}" libc6-dev libc6 linux-libc-dev
	libbpf1 libelf1t64 zlib1g libzstd1 libjansson4 libgsl28 libcapstone5)

arch_ports() { pci_serial_ports "$@"; }

# arch_is_image FILE: a RISC-V Image ("RSC\x05" at offset 0x38); Debian's
# is an EFI application too, which qemu boots as the Image it is.
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' ')" = 52534305 ]
}

# trixie's busybox-static is merged into /usr.
arch_busybox() {
	local b="$CACHE/sysroot/usr/bin/busybox"
	[ -x "$b" ] || die "$b missing: run 'harness/vm/sysroot.sh --arch riscv64'"
	echo "$b"
}
