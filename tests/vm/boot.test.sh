#!/usr/bin/env bash
# Boots Debian's bookworm kernel (6.1) in qemu, twice, beside an image that
# is not a kernel; then a payload that fails, a guest that panics and one
# that hangs.  Downloads about 26 MB once (cached in .cache/vm).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir

need_qemu "VM boot"
fetch_kernel 6.1
check "a second fetch downloads nothing" bash -c "! '$VM/kernels.sh' fetch 6.1 2>&1 | grep -q '^fetching'"
"$VM/kernels.sh" fetch 1.2 >/dev/null 2>"$TMP/err"
check "an unknown version exits 2 and lists those that can be had" \
	bash -c "[ $? -eq 2 ] && grep -q '6.1' '$TMP/err'"

head -c 8192 /dev/urandom >"$TMP/junk"
start=$(date +%s)
"$VM/matrix.sh" --results "$TMP/res" --timeout 300 \
	--args "run -s chain --quick --trials 3 --repeat 1000 --warmup 100" \
	--image "$kernel" --label first --image "$TMP/junk" --label junk \
	--image "$kernel" --label second >"$TMP/matrix.out" 2>"$TMP/matrix.log"
status=$?
check "the matrix exits 1 when one kernel failed" [ "$status" -eq 1 ]
check "the image that is not a kernel is reported by name" grep -q '^junk: FAILED' "$TMP/matrix.log"
check "the summary has each boot's outcome, from boot.sh's status" \
	bash -c "grep -Eq '^first +[0-9]+ s  ok$' '$TMP/matrix.log' && grep -Eq '^junk +[0-9]+ s  FAILED \(not a kernel image' '$TMP/matrix.log'"
check "the matrix ends with the headline on stdout, a row per kernel that came back" bash -c \
	"grep -q '^Headline: cost per hop, ' '$TMP/matrix.out' && grep -q '^first ' '$TMP/matrix.out' &&
	grep -q '^second ' '$TMP/matrix.out' && ! grep -q '^junk ' '$TMP/matrix.out' && ! grep -q '^Headline' '$TMP/matrix.log'"
first=$(ls "$TMP"/res/vm-first-*.json 2>/dev/null)
second=$(ls "$TMP"/res/vm-second-*.json 2>/dev/null)
check "both good boots wrote a result despite the failure" bash -c "[ -s '$first' ] && [ -s '$second' ]"
check "the guest measured its own kernel, in instructions, in a VM" \
	pyjson "$first" "d['meta']['kernel'].startswith('6.1.') and d['meta']['env'] == 'vm' and d['meta']['clock'] in ('insns', 'ns') and d['meta']['vm']['cpu_model'] == 'qemu64'"
check "... with every vulnerability line of the guest and its kernel's packaged config" \
	pyjson "$first" "d['meta']['vulnerabilities']['spectre_v2'] == d['meta']['spectre_v2'] and d['meta']['kconfig']['source'] == '/boot/config-' + d['meta']['kernel'] and d['meta']['kconfig']['options']['CONFIG_X86_KERNEL_IBT'] == 'n'"
check "static and dynamic chains come back with per-hop counts" \
	pyjson "$first" "all(any(f['key_mode'] == m and f['per_hop']['value'] > 0 for f in d['fits']) for m in ('static', 'dynamic'))"
if pyjson "$first" "d['meta']['clock'] == 'insns'"; then
	check "two runs give identical counts" python3 - "$first" "$second" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
med = lambda d: {c["id"]: c["stat"]["median"] for c in d["cases"] if c["status"] == "ok"}
hop = lambda d: {(f["bench"], f["key_mode"]): f["per_hop"]["value"] for f in d["fits"]}
sys.exit(0 if med(a) == med(b) and med(a) and hop(a) == hop(b) else 1)
PY
	check "per-hop counts are whole instructions" \
		pyjson "$first" "all(f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits'])"
	check "every hop path, walked in the guest, has its family's measured count" \
		bash -c "'$TOP/build/tailbench' explain --check '$first' >/dev/null &&
			python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(len(d[\"hops\"]) < 3)' '$first'"
else
	skip "identical counts" "KVM ran the guest: its clock is ns, not instructions"
fi

# A payload that fails: its status comes back in place of a result.
mkdir -p "$TMP/failing"
printf '#!/bin/busybox sh\nexit 3\n' >"$TMP/failing/tailbench"
chmod +x "$TMP/failing/tailbench"
"$VM/initramfs.sh" "$TMP/failing.gz" "$TMP/failing"
"$VM/boot.sh" --kernel "$kernel" --initrd "$TMP/failing.gz" --out "$TMP/f.json" --timeout 120 \
	--label failing --status "$TMP/f.status" 2>"$TMP/failing.log"
check "a payload that fails is told from a kernel that did" \
	bash -c "grep -q 'failing: FAILED: the payload failed with status 3' '$TMP/failing.log' && [ ! -e '$TMP/f.json' ]"
check "... and its status file says so, as KEY=VALUE lines" \
	bash -c "grep -qx 'outcome=transfer' '$TMP/f.status' && grep -qx 'why=the payload failed with status 3' '$TMP/f.status' && ! grep -q '^result=' '$TMP/f.status'"

# A guest whose /init exits: the kernel panics, and says so.
mkdir -p "$TMP/root/bin"
cp "$(command -v busybox)" "$TMP/root/bin/busybox"
printf '#!/bin/busybox sh\nexit 1\n' >"$TMP/root/init"
chmod +x "$TMP/root/init"
(cd "$TMP/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$TMP/panic.gz"
"$VM/boot.sh" --kernel "$kernel" --initrd "$TMP/panic.gz" --out "$TMP/p.json" --timeout 120 \
	--label panics --status "$TMP/p.status" 2>"$TMP/panic.log"
check "a kernel panic is reported by name, and nothing written" \
	bash -c "[ $? -eq 1 ] && grep -q 'panics: FAILED: kernel panic' '$TMP/panic.log' && [ ! -e '$TMP/p.json' ]"
check "... its status: outcome=panic" grep -qx 'outcome=panic' "$TMP/p.status"
"$VM/boot.sh" --kernel "$kernel" --initrd "$TMP/panic.gz" --out "$TMP/h.json" --timeout 2 \
	--label slow --status "$TMP/h.status" 2>"$TMP/hang.log"
check "a guest past its timeout is reported as hung" grep -q 'slow: FAILED: hung' "$TMP/hang.log"
check "... its status: outcome=hung" grep -qx 'outcome=hung' "$TMP/h.status"
echo "# vm tests took $(($(date +%s) - start)) s"
finish
