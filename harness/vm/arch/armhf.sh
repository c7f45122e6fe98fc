# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): 32-bit Arm (Debian's armhf, the armmp
# kernels: ARMv7, no LPAE) under qemu's TCG on the 'virt' machine with a
# Cortex-A15.  docs/architectures.md.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_FLAVOUR=armmp
ARCH_QEMU=qemu-system-arm
ARCH_CPU=cortex-a15
ARCH_MATRIX="6.1 6.12 7.2"		# bookworm, trixie, trixie-backports (7.3: listed, not in the pool)
# highmem=off: the kernel has no LPAE, so nothing (PCI included) may lie
# above 4 GiB.
# shellcheck disable=SC2054 # one word, the machine and its option
ARCH_MACHINE=(-M virt,highmem=off)
ARCH_CONSOLE=ttyAMA0
# 'virt' has one UART, the console's: the result goes over a PCI serial
# port (8250_pci is built in), the guest's ttyS0.
ARCH_RESULT_PORT=ttyS0
# arm's COMMAND_LINE_SIZE: 1024 bytes, the NUL included.
ARCH_CMDLINE_MAX=1023

arch_ports() { pci_serial_ports "$@"; }

# arch_is_image FILE: an Arm zImage (magic 0x016f2818 at offset 0x24).
arch_is_image() {
	[ -r "$1" ] && [ "$(od -An -tx4 -j36 -N4 "$1" | tr -d ' ')" = 016f2818 ]
}
