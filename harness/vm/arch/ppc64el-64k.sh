# Facts of the guest architecture (harness/vm/lib.sh's arch_use): ppc64el's
# kernels with 64 KiB pages (Debian's powerpc64le-64k flavour), on the same
# machine as ppc64el.sh, with its cache, sysroot and payload.
# shellcheck shell=bash disable=SC2034 # read by the scripts that source lib.sh
# shellcheck source=harness/vm/arch/ppc64el.sh
. "$VM_DIR/arch/ppc64el.sh"

ARCH_DEB=ppc64el
ARCH_FLAVOUR=powerpc64le-64k
ARCH_CACHE_NAME=ppc64el
ARCH_MATRIX="6.12 7.2"			# bookworm's 6.1 has one flavour, with 64 KiB pages
ARCH_PAYLOAD_TARGET=ppc64el-payload
ARCH_PAYLOAD=build/ppc64el/vm-payload
