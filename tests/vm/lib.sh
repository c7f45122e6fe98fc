# shellcheck shell=bash
# Sourced by the tests/vm scripts that boot kernels, after ../lib.sh.
VM="$TOP/harness/vm"

# need_tools WHAT PACKAGES TOOL...: without every TOOL, WHAT is skipped
# (PACKAGES would give them) and the script ends.
need_tools() {
	local what=$1 packages=$2 t
	shift 2
	for t; do
		command -v "$t" >/dev/null || { skip "$what" "$packages are needed"; finish; }
	done
}

# need_qemu WHAT: without qemu and busybox, WHAT is skipped and the script ends.
need_qemu() {
	need_tools "$1" "qemu-system-x86 and busybox-static" qemu-system-x86_64 busybox
}

# fetch_arch_kernel ARCH VERSION WHAT: sets kernel to the image of that
# Debian kernel of ARCH, and checks that it is one of ARCH's images (WHAT
# says which) and that a text file is not.
fetch_arch_kernel() {
	kernel=$("$VM/kernels.sh" --arch "$1" fetch "$2" | cut -d' ' -f2-)
	check "the $1 $2 kernel is fetched, $3" \
		bash -c ". '$VM/lib.sh' && arch_use $1 && arch_is_image '$kernel' && ! arch_is_image '$TOP/README.md'"
}

# fetch_kernel VERSION: sets kernel to the image of that Debian kernel, and
# checks that it is there.
fetch_kernel() {
	kernel=$("$VM/kernels.sh" fetch "$1" | cut -d' ' -f2-)
	check "the $1 kernel is fetched" [ -s "$kernel" ]
}
