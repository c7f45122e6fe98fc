# shellcheck shell=bash
# Sourced by the tests/vm scripts that boot x86-64 kernels, after ../lib.sh.
VM="$TOP/harness/vm"

# need_qemu WHAT: without qemu and busybox, WHAT is skipped and the script ends.
need_qemu() {
	if ! command -v qemu-system-x86_64 >/dev/null || ! command -v busybox >/dev/null; then
		skip "$1" "qemu-system-x86 and busybox-static are needed"
		finish
	fi
}

# fetch_kernel VERSION: sets kernel to the image of that Debian kernel, and
# checks that it is there.
fetch_kernel() {
	kernel=$("$VM/kernels.sh" fetch "$1" | cut -d' ' -f2-)
	check "the $1 kernel is fetched" [ -s "$kernel" ]
}
