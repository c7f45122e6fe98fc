# Facts of the guest architecture (harness/vm/lib.sh's arch_use; the
# defaults are arch_defaults'): ppc64el (64-bit POWER, little-endian), the
# kernels with 4 KiB pages, under qemu's TCG on the 'pseries' machine with
# a POWER9.  ppc64el-64k.sh boots the 64 KiB-page kernels with the same
# payload.  docs/architectures.md.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh

ARCH_FLAVOUR=powerpc64le
ARCH_QEMU=qemu-system-ppc64
ARCH_CPU=power9
ARCH_MATRIX="6.1 6.12 7.2"		# 7.3: listed, not in the mirror's pool
# The Spectre-era capabilities TCG cannot provide, said so up front (qemu
# otherwise warns at each boot); the guest then reports them as it finds them.
# shellcheck disable=SC2054 # one option, whose commas are qemu's
ARCH_MACHINE=(-M pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off)
# qemu's POWER9 PMU opens cycles, instructions and branches in the guest,
# but its instructions are not the exact count (a static tail call's hop
# 25 of them against 30; bpf2bpf's 0 against 20) and branches stay 0: no
# cross-check (docs/architectures.md).
ARCH_PMU=0
# Each -serial is a VIO console (spapr-vty), the guest's hvc0, hvc1 ...
ARCH_CONSOLE=hvc0
ARCH_RESULT_PORT=hvc1

# arch_is_image FILE: a 64-bit little-endian ELF for PowerPC (e_machine 21),
# the vmlinux Debian's packages hold.
arch_is_image() {
	local h
	h=$(od -An -tx1 -N20 "$1" 2>/dev/null | tr -d ' \n')
	[ "${h:0:12}" = 7f454c460201 ] && [ "${h:36:4}" = 1500 ]
}
