#!/usr/bin/env bash
# riscv64 in the matrix: trixie's sysroot (glibc and shared libraries
# included) and the payload linked against it, Debian's trixie riscv64
# kernel (6.12) booted on qemu's 'virt' machine under TCG with -icount.
# The kernel boots with its JIT off (riscv does not want it by default):
# the guest switches it on and records that; the timer steps by 100
# instructions (10 MHz), which the exact counts' repeat must be a multiple
# of; the verifier refuses tail calls mixed with bpf2bpf calls in its own
# words; the guest's PMU opens cycles and instructions (recorded beside
# test_run's count); the hop walker runs in the guest on trixie's capstone 5
# (bookworm's, the host's, has no RISC-V), and every path agrees.
# Downloads about 60 MB once (cached in .cache/riscv64).
# run-all: two at a time
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir

need_tools "riscv64 VM" "qemu-system-misc and gcc-riscv64-linux-gnu" qemu-system-riscv64 riscv64-linux-gnu-gcc
start=$(date +%s)

fetch_arch_kernel riscv64 6.12 "a RISC-V Image"

"$VM/matrix.sh" --arch riscv64 --results "$TMP/res" --timeout 300 6.12 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-6.12.*-riscv64-*.json 2>/dev/null)
check "the riscv64 6.12 kernel runs the suite and sends its result back" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is a riscv64 binary whose loader and libraries it carries" \
	bash -c "file '$TOP/build/riscv64/vm-payload/tailbench' | grep -q 'RISC-V.*interpreter /tailbench/lib/ld-linux-riscv64' && [ -s '$TOP/build/riscv64/vm-payload/lib/libbpf.so.1' ]"
check "the result says riscv64, icount, and the CPU model" \
	pyjson "$res" "d['meta']['arch'] == 'riscv64' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'rv64,sscofpmf=true' and d['meta']['vm']['accel'] == 'tcg-icount'"
check "the kernel booted with the JIT off, the guest switched it on, and the JIT ran every case" \
	pyjson "$res" "d['meta']['vm']['jit_boot'] == '0' and d['meta']['jit']['enable'] == 1 and d['meta']['jit']['mode'] == 'jit'"
check "the timer's step is 100 instructions, and the exact repeat a multiple of it" \
	pyjson "$res" "d['meta']['exact']['clock_step'] == 100 and d['meta']['exact']['repeat'] % 100 == 0"
check "static, dynamic and poisoned chains, bpf2bpf and inline have exact per-hop counts" \
	pyjson "$res" "all(any(f['bench'] == b and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for b, m in (('tailcall', 'static'), ('tailcall', 'dynamic'), ('tailcall', 'poisoned'), ('bpf2bpf', 'none'), ('inline', 'none')))"
check "tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
	pyjson "$res" "any(c['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in c['reason'] for c in d['cases'] if c['scenario'] == 'nesting')"
check "the guest's PMU (SBI, with Sscofpmf) opened cycles and instructions beside test_run" \
	pyjson "$res" "d['meta']['counters'] == ['cycles', 'instructions'] and 'no_counters' not in d['meta'] and all(len(x['series']['instructions']['samples']) == len(x['samples']) for x in d['cases'] if x['status'] == 'ok')"
check "riscv64's JIT code decodes whole: capstone 5, and load/rv_zb for the Zba/Zbb it lacks (every image's jit_insns counted)" \
	pyjson "$res" "all(x['prog']['jit_insns'] > 0 for x in d['cases'] if x['status'] == 'ok' and x['prog']['jited_len'] > 0) and c['chain/tailcall/xdp/static/n0/s0/d3']['prog']['jit_insns'] > 0"
check "every family's hop path is walked as riscv64 code (zext.w and sh3add through load/rv_zb) and agrees with its exact per-hop count" \
	bash -c "'$TOP/build/tailbench' explain --check '$res' >'$TMP/explain.out' && grep -Eq '^self-check: ([1-9][0-9]*) of \1 paths agree' '$TMP/explain.out' && grep -q 'jalr zero, t3, 0xc' '$TMP/explain.out' && grep -q 'zext.w a2, a2' '$TMP/explain.out' && grep -q 'sh3add t2, a2, a1' '$TMP/explain.out'"
[ -s "$TMP/explain.out" ] && grep -v ': agrees$' "$TMP/explain.out" | grep 'measured' | sed 's/^/# /'
echo "# riscv64 tests took $(($(date +%s) - start)) s"
finish
