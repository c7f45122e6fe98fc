#!/usr/bin/env bash
# armhf in the matrix: the sysroot and the cross-built 32-bit Arm payload,
# Debian's bookworm armmp kernel (6.1) booted on qemu's 'virt' machine with
# a Cortex-A15 under TCG with -icount.  The kernel boots with its JIT off:
# the guest switches it on.  The 32-bit JIT compiles tail calls and gives
# up programs with bpf2bpf calls, which the interpreter would run: those
# cases are skipped, never measured among the JIT's.  Downloads about 30 MB
# once (cached in .cache/armhf).  6.12 and 7.3 are the long check
# (docs/architectures.md).
. "$(dirname "$0")/../lib.sh"
tmpdir
VM="$TOP/harness/vm"

if ! command -v qemu-system-arm >/dev/null || ! command -v arm-linux-gnueabihf-gcc >/dev/null; then
	skip "armhf VM" "qemu-system-arm and crossbuild-essential-armhf are needed"
	finish
fi
start=$(date +%s)

kernel=$("$VM/kernels.sh" --arch armhf fetch 6.1 | cut -d' ' -f2-)
check "the armhf 6.1 kernel is fetched, an armmp zImage (not the rt-armmp one)" \
	bash -c ". '$VM/lib.sh' && arch_use armhf && arch_is_image '$kernel' && ! arch_is_image '$TOP/README.md' && [[ '$kernel' == */6.1.0-*[0-9]-armmp/* ]]"

"$VM/matrix.sh" --arch armhf --results "$TMP/res" --timeout 400 6.1 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-6.1.*-armmp-*.json 2>/dev/null)
check "the armhf 6.1 kernel runs the suite and sends its result back" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is a 32-bit Arm static binary" \
	bash -c "file '$TOP/build/armhf/vm-payload/tailbench' | grep -q '32-bit LSB executable, ARM.*statically linked'"
check "the result says armv7l, icount, the CPU model, and the JIT switched on from off" \
	pyjson "$res" "d['meta']['arch'] == 'armv7l' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'cortex-a15' and d['meta']['vm']['jit_boot'] == '0' and d['meta']['jit']['enable'] == 1"
check "the generic timer steps by 16, which divides the exact repeat" \
	pyjson "$res" "d['meta']['exact']['clock_step'] == 16 and d['meta']['exact']['repeat'] == 128"
check "bpf2bpf cases the JIT gave up are skipped as the interpreter's, not measured" \
	pyjson "$res" "c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['status'] == 'skipped' and 'left xdp_bpf2bpf_11 to the interpreter' in c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['reason'] and all(x['prog']['jited_len'] > 0 for x in d['cases'] if x['status'] == 'ok')"
check "tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
	pyjson "$res" "any(x['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in x['reason'] for x in d['cases'] if x['scenario'] == 'nesting')"
check "static, dynamic and poisoned chains have exact per-hop counts" \
	pyjson "$res" "all(any(f['bench'] == 'tailcall' and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for m in ('static', 'dynamic', 'poisoned'))"
check "no hop path is passed off as walked (no 32-bit Arm walker yet)" \
	bash -c "! '$TOP/build/tailbench' explain --check '$res' >'$TMP/explain.out' 2>&1; grep -q 'no walker for this architecture' '$TMP/explain.out' && ! grep -q ': agrees$' '$TMP/explain.out'"
echo "# armhf tests took $(($(date +%s) - start)) s"
finish
