#!/usr/bin/env bash
# i386 in the matrix: the sysroot and the cross-built 32-bit x86 payload
# (Debian's i386 multiarch, the i686 toolchain), Debian's bookworm 686
# kernel (6.1, the last series Debian builds for i386) booted on qemu's
# 'pc' machine under TCG with -icount.  The kernel boots with its JIT off:
# the guest switches it on.  The 32-bit JIT compiles tail calls and gives up
# programs with bpf2bpf calls: those cases are skipped, never measured among
# the JIT's.  Downloads about 30 MB once (cached in .cache/i386).
. "$(dirname "$0")/../lib.sh"
tmpdir
VM="$TOP/harness/vm"

if ! command -v qemu-system-i386 >/dev/null || ! command -v i686-linux-gnu-gcc >/dev/null; then
	skip "i386 VM" "qemu-system-x86 and crossbuild-essential-i386 are needed"
	finish
fi
start=$(date +%s)

kernel=$("$VM/kernels.sh" --arch i386 fetch 6.1 | cut -d' ' -f2-)
check "the i386 6.1 kernel is fetched, a bzImage" \
	bash -c ". '$VM/lib.sh' && arch_use i386 && arch_is_image '$kernel' && ! arch_is_image '$TOP/README.md'"

"$VM/matrix.sh" --arch i386 --results "$TMP/res" --timeout 400 6.1 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-6.1.*-686-*.json 2>/dev/null)
check "the i386 6.1 kernel runs the suite and sends its result back" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is a 32-bit x86 static binary" \
	bash -c "file '$TOP/build/i386/vm-payload/tailbench' | grep -q '32-bit LSB executable, Intel 80386.*statically linked'"
check "the result says i686, icount, the CPU model, and the JIT switched on from off" \
	pyjson "$res" "d['meta']['arch'] == 'i686' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'qemu32' and d['meta']['vm']['jit_boot'] == '0' and d['meta']['jit']['enable'] == 1"
check "bpf2bpf cases the JIT gave up are skipped as the interpreter's, not measured" \
	pyjson "$res" "c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['status'] == 'skipped' and 'left xdp_bpf2bpf_11 to the interpreter' in c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['reason'] and all(x['prog']['jited_len'] > 0 for x in d['cases'] if x['status'] == 'ok')"
check "tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
	pyjson "$res" "any(x['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in x['reason'] for x in d['cases'] if x['scenario'] == 'nesting')"
check "static, dynamic and poisoned chains have exact per-hop counts" \
	pyjson "$res" "all(any(f['bench'] == 'tailcall' and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for m in ('static', 'dynamic', 'poisoned'))"
check "no hop path is passed off as walked (no x86-32 walker yet)" \
	bash -c "! '$TOP/build/tailbench' explain --check '$res' >'$TMP/explain.out' 2>&1; grep -q 'no walker for this architecture' '$TMP/explain.out' && ! grep -q ': agrees$' '$TMP/explain.out'"
echo "# i386 tests took $(($(date +%s) - start)) s"
finish
