#!/usr/bin/env bash
# The VM scripts' command lines: help, and the mistakes caught before any
# download or boot.
. "$(dirname "$0")/../lib.sh"
tmpdir
VM="$TOP/harness/vm"

for s in kernels.sh initramfs.sh boot.sh matrix.sh; do
	check "$s --help" bash -c "'$VM/$s' --help | grep -q '^usage:'"
done

# status EXPECTED CMD...: CMD exits with EXPECTED.
status() {
	local want=$1 rc=0
	shift
	"$@" >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq "$want" ]
}
: >"$TMP/kernel"
check "boot.sh refuses double quotes in --args" \
	status 2 "$VM/boot.sh" --kernel "$TMP/kernel" --initrd "$TMP/kernel" --out "$TMP/r.json" \
	--args 'run -s "chain"'
: >"$TMP/exists.json"
check "boot.sh never overwrites a result" \
	status 2 "$VM/boot.sh" --kernel "$TMP/kernel" --initrd "$TMP/kernel" --out "$TMP/exists.json"
check "matrix.sh wants a label for each image" status 2 "$VM/matrix.sh" --image "$TMP/kernel"
check "kernels.sh without a command is a usage error" status 2 "$VM/kernels.sh"
finish
