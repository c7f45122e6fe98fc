# Per-architecture facts of the VM scripts (sourced by lib.sh's arch_use):
# x86-64, the machine's own architecture.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_DEB=amd64				# Debian's name: kernel flavour, apt lists
ARCH_QEMU=qemu-system-x86_64
ARCH_CPU=qemu64				# also meta.vm.cpu_model
ARCH_MACHINE=()
ARCH_CONSOLE=ttyS0
ARCH_RESULT_PORT=ttyS1			# the guest's device that carries the result
ARCH_CMDLINE_MAX=2047			# x86 kernels cut the command line there
ARCH_CACHE_NAME=vm			# .cache/<this>: kernels, apt state, logs
ARCH_KVM=1				# KVM can run it (when the host's KVM works)
ARCH_PMU=0				# qemu64 has no PMU
ARCH_SCENARIOS=""			# the matrix's default: every scenario
ARCH_PAYLOAD_TARGET=vm-payload		# make's target for the guest's payload
ARCH_PAYLOAD=build/vm-payload		# and where it puts it

# arch_ports CONSOLE CAPTURE: qemu options that put the console into file
# CONSOLE and the result port into file CAPTURE.
arch_ports() {
	printf '%s\n' -serial "file:$1" -serial "file:$2"
}

# arch_is_image FILE: a bzImage ("HdrS" at offset 0x202).
arch_is_image() {
	[ -r "$1" ] && [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]
}

# arch_bootable IMAGE OUT: the packaged image as qemu -kernel boots it.
arch_bootable() {
	cp "$1" "$2"
}

# arch_busybox: the static busybox of the guest.
arch_busybox() {
	command -v busybox || die "busybox not found (Debian package busybox-static)"
}
