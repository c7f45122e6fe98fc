#!/usr/bin/env bash
# The VM scripts' command lines: help, and the mistakes caught before any
# download or boot.
. "$(dirname "$0")/../lib.sh"
tmpdir
VM="$TOP/harness/vm"

for s in kernels.sh initramfs.sh boot.sh matrix.sh arches.sh sysroot.sh; do
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

# said STATUS TEXT CMD...: CMD exits with STATUS, saying TEXT on stderr.
said() {
	local want=$1 text=$2 rc=0
	shift 2
	"$@" >/dev/null 2>"$TMP/err" || rc=$?
	[ "$rc" -eq "$want" ] && grep -qF -- "$text" "$TMP/err"
}
for opt in --image --label --args --settle --timeout --jobs --results; do
	check "matrix.sh $opt without its value: exit 2, saying so" \
		said 2 "$opt needs a value" "$VM/matrix.sh" 6.1 "$opt"
done
for opt in --kernel --initrd --out --label --timeout --settle --args --status; do
	check "boot.sh $opt without its value: exit 2, saying so" said 2 "$opt needs a value" "$VM/boot.sh" "$opt"
done
for n in 0 abc -1 1.5; do
	check "matrix.sh --jobs $n: exit 2, a positive integer is needed" \
		said 2 "--jobs $n: a positive integer is needed" "$VM/matrix.sh" --jobs "$n" 6.1
done
check "arches.sh with an option it does not know: exit 2" status 2 "$VM/arches.sh" --full
check "arches.sh --jobs 0: exit 2, before any boot" said 2 "--jobs 0: a positive integer" "$VM/arches.sh" --jobs 0
check "every architecture but amd64 cross-builds its payload with one line of make" \
	bash -c "for a in \$(ls '$VM/arch' | sed 's/\\.sh\$//'); do . '$VM/lib.sh'; arch_use \$a;
		[ \$a = amd64 ] || ! make -s -C '$TOP' -n \$ARCH_PAYLOAD_TARGET 2>&1 | grep -q 'No rule to make target' || exit 1; done"
check "matrix.sh --timeout 0: exit 2" said 2 "--timeout 0: a positive integer" "$VM/matrix.sh" --timeout 0 6.1
check "matrix.sh --settle x: exit 2" said 2 "--settle x: seconds" "$VM/matrix.sh" --settle x 6.1
for s in "kernels.sh --arch sparc list" "matrix.sh --arch sparc 6.1" "sysroot.sh --arch sparc" \
	"initramfs.sh --arch sparc out dir" "boot.sh --arch sparc" "arches.sh --arch sparc"; do
	# shellcheck disable=SC2086 # a command line, split on purpose
	check "${s%% *} --arch sparc: exit 2, naming the architectures there are" \
		said 2 "one of: amd64 arm64" "$VM/"$s
done
# An architecture is a name of the table, never a path to a script.
mkdir -p "$TMP/elsewhere"
printf 'touch "%s/sourced"\n' "$TMP" >"$TMP/elsewhere/evil.sh"
evil=$(realpath --relative-to="$VM/arch" "$TMP/elsewhere/evil")
for s in "kernels.sh --arch $evil list" "matrix.sh --arch $evil 6.1" "boot.sh --arch $evil"; do
	# shellcheck disable=SC2086 # a command line, split on purpose
	check "${s%% *} --arch ${evil:0:12}...: exit 2, naming the architectures there are" \
		said 2 "one of: amd64 arm64" "$VM/"$s
done
check "... and the file it names was not sourced" [ ! -e "$TMP/sourced" ]
check "an architecture named with a path to one of the table: exit 2" \
	said 2 "--arch ../arch/amd64: not an architecture" "$VM/kernels.sh" --arch ../arch/amd64 list
for opt in --jobs --timeout; do
	check "matrix.sh $opt 99999999999999999999: exit 2, past its bound" \
		said 2 "$opt 99999999999999999999: at most" "$VM/matrix.sh" "$opt" 99999999999999999999 6.1
done
check "matrix.sh --jobs 1025: exit 2" said 2 "--jobs 1025: at most 1024" "$VM/matrix.sh" --jobs 1025 6.1
check "boot.sh --timeout 86401: exit 2" said 2 "--timeout 86401: at most 86400" "$VM/boot.sh" --timeout 86401
check "matrix.sh --args with a double quote: exit 2 before any download" \
	said 2 "--args: no double quotes" "$VM/matrix.sh" --args 'run -s "chain"' 6.1
check "sysroot.sh --arch amd64: exit 2, the payload is built natively" \
	said 2 "built natively" "$VM/sysroot.sh" --arch amd64
check "gate.sh --vm without a version: exit 2, saying so" \
	said 2 "--vm needs a kernel version" "$TOP/harness/gate.sh" --vm

# Naming and settling of a kernel's run, said once in lib.sh.
. "$VM/lib.sh"
check "7.x and later kernels settle 30 s, older ones not at all" \
	bash -c "[ \"$(vm_settle 7.3.1-cloud-amd64) $(vm_settle 10.0) $(vm_settle 6.12.94+deb13)\" = '30 30 0' ]"
check "a VM result is named vm-NAME-TIME.json in its folder" \
	bash -c "[[ '$(vm_result_file /r first)' =~ ^/r/vm-first-[0-9]{8}T[0-9]{6}Z\.json$ ]]"
# A status file is data: a value is never run.
status_write "$TMP/st" 'outcome=transfer' "why=\$(touch $TMP/ran) a=b" console=/x
check "status_get reads a value as it is, with its '='" \
	bash -c "[ \"\$(. '$VM/lib.sh'; status_get '$TMP/st' why)\" = '\$(touch $TMP/ran) a=b' ] && [ ! -e '$TMP/ran' ]"
check "status_get fails on a key the file lacks" bash -c ". '$VM/lib.sh'; ! status_get '$TMP/st' result"

# --- boot options (--cmdline, --mitigations) ----------------------------------------

for bad in 'a"b' "mitigations=off;reboot" "two  spaces" " lead" "tb.args=x" "x tb.port=ttyS0"; do
	check "boot.sh --cmdline '$bad': exit 2" said 2 "--cmdline '$bad'" \
		"$VM/boot.sh" --kernel "$TMP/kernel" --initrd "$TMP/kernel" --out "$TMP/r.json" --cmdline "$bad"
	check "matrix.sh --cmdline '$bad': exit 2, before any download" said 2 "--cmdline '$bad'" \
		"$VM/matrix.sh" --cmdline "$bad" 6.1
done
check "matrix.sh --mitigations 'a;b': exit 2" said 2 "--mitigations a;b" "$VM/matrix.sh" --mitigations 'a;b' 6.1
check "a kernel booted with options is labelled with them" \
	bash -c "[ \"$(vm_options_label 6.12.94 'mitigations=off spectre_v2=off')|$(vm_options_label 6.12.94 '')\" = \
		'6.12.94+mitigations=off+spectre_v2=off|6.12.94' ]"
# A qemu that records its command line and exits: the options are on the
# kernel's command line, and once more quoted for the guest to record.
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -append ] && printf "%%s\\n" "$2" >"%s"; shift; done\n' \
	"$TMP/append" >"$TMP/bin/qemu-system-x86_64"
chmod +x "$TMP/bin/qemu-system-x86_64"
PATH="$TMP/bin:$PATH" TB_VM_ACCEL=tcg "$VM/boot.sh" --kernel "$TMP/kernel" --initrd "$TMP/kernel" \
	--out "$TMP/opts.json" --cmdline "mitigations=off nosmt" >/dev/null 2>&1
check "boot.sh puts --cmdline's options on the kernel's command line, and in tb.cmdline" \
	grep -q ' mitigations=off nosmt tb\.port=.* tb\.cmdline="mitigations=off nosmt"' "$TMP/append"
check "the guest's /init records tb.cmdline in meta.vm.cmdline" \
	grep -q -- '--meta "cmdline=$options"' "$VM/init"
# Readers tell the two apart: a kernel booted with options is one of its own.
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['meta']['vm']['cmdline'] = 'mitigations=off'
json.dump(d, open(sys.argv[2], 'w'))" "$TOP/tests/fixtures/hops/vm-6.1.0-50.json" "$TMP/off.json"
check "export names the kernel with its options, as plots name files" \
	bash -c "'$TOP/build/tailbench' export --format dat '$TMP/off.json' | grep -qx 'kernel \"6.1.0-50-cloud-amd64+mitigations=off\"'"
check "explain's diff names both kernels, options included" \
	bash -c "'$TOP/build/tailbench' explain '$TOP/tests/fixtures/hops/vm-6.1.0-50.json' '$TMP/off.json' |
		grep -q -- '-> 15 instructions a hop (+0), 6.1.0-50-cloud-amd64 -> 6.1.0-50-cloud-amd64 mitigations=off$'"
finish
