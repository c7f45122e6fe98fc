#!/usr/bin/env bash
# ppc64el in the matrix: the sysroot and the cross-built payload, Debian's
# trixie ppc64el kernel (6.12, 4 KiB pages, its JIT on by default) booted
# on qemu's 'pseries' machine with a POWER9 under TCG with -icount.  The
# JIT compiles every program, the verifier refuses tail calls mixed with
# bpf2bpf calls in its own words, and the guest's PMU opens.  Downloads
# about 40 MB once (cached in .cache/ppc64el).  The 64 KiB-page and 6.1
# kernels are the long check (docs/architectures.md).  Every family's hop
# path is walked in the guest (hop/ppc64el.c) and checked here.
# run-all: two at a time
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir
need_tools "ppc64el VM" "qemu-system-ppc and crossbuild-essential-ppc64el" qemu-system-ppc64 powerpc64le-linux-gnu-gcc
start=$(date +%s)
# A release, not the series: the mirror's pool lacked 6.12's newest
# (6.12.117+deb13) for ppc64el when this was written.
release=6.12.107+deb13

fetch_arch_kernel ppc64el "$release" "a little-endian PowerPC ELF (vmlinux)"

"$VM/matrix.sh" --arch ppc64el --results "$TMP/res" --timeout 600 "$release" 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-"$release"-powerpc64le-*.json 2>/dev/null)
check "the ppc64el $release kernel runs the suite and sends its result back" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is a little-endian 64-bit PowerPC static binary" \
	bash -c "file '$TOP/build/ppc64el/vm-payload/tailbench' | grep -q 'LSB executable, 64-bit PowerPC.*statically linked'"
check "the result says ppc64le, icount, and the CPU model" \
	pyjson "$res" "d['meta']['arch'] == 'ppc64le' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'power9' and d['meta']['vm']['accel'] == 'tcg-icount'"
check "meta says the JIT ran every program" \
	pyjson "$res" "d['meta']['jit']['mode'] == 'jit' and 'why' not in d['meta']['jit'] and all(c['prog']['jited_len'] > 0 for c in d['cases'] if 'prog' in c)"
# POWER instructions are 4 bytes: a one-program image decoded as POWER code
# (not as x86, as load/jit.c did on every other architecture) is len / 4.
check "a one-program case's JIT image is decoded as POWER code: jit_insns = jited_len / 4" \
	pyjson "$res" "all(c['prog']['jit_insns'] * 4 == c['prog']['jited_len'] for c in d['cases'] if c.get('prog', {}).get('progs') == 1) and any(c.get('prog', {}).get('progs') == 1 for c in d['cases'])"
check "tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
	pyjson "$res" "any(c['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in c['reason'] for c in d['cases'] if c['scenario'] == 'nesting')"
check "the guest's PMU opens cycles, instructions and branches, and says why not branch-misses" \
	pyjson "$res" "d['meta']['counters'] == ['cycles', 'instructions', 'branches'] and list(d['meta']['counters_refused']) == ['branch-misses']"
check "some case measured, with an exact count" \
	pyjson "$res" "any(c['status'] == 'ok' and c['stat']['min'] == int(c['stat']['min']) for c in d['cases'])"
# The timebase ticks every 1.95 ns, converted to ns and floored: a
# difference of two readings is off by up to 2 (slack 3), and test_run's
# fixed cost reads 49 to 53 from case to case. No case may be skipped by
# the exactness checks for it (docs/exact.md).
check "the clock's slack is the timebase's (3), and no case is skipped by the exactness checks" \
	pyjson "$res" "d['meta']['exact']['clock_step'] == 1 and d['meta']['exact']['clock_slack'] == 3 and not any(w in (c['reason'] or '') for w in ('runs counts', 'never counted', 'not proved small', 'no two of', 'a count above the smallest') for c in d['cases']) and sum(c['status'] == 'ok' for c in d['cases']) >= 70"
check "a case's single runs (those no interrupt landed in) spread within the clock's rounding (at most 4)" \
	pyjson "$res" "all((c['exact']['one_run_spread'] or 0) <= 4 for c in d['cases'] if c.get('exact'))"
# The tail-call chains walked are checked against this release's measured
# counts a hop (static 30, dynamic 35, poisoned 36, or one less where the
# prog array's address ends in 16 zero bits and the JIT leaves out its last
# ori: docs/ppc64el-hops.md) in any case, and every measured path against
# its count, where the walk did not say it is incomplete.
check "the tail-call chains walked are walked whole as POWER code, this release's count a hop, ending in bctr" \
	pyjson "$res" "(lambda w: w and all({'static': 30, 'dynamic': 35, 'poisoned': 36}[h['key_mode']] - h['count'] in (0, 1) and h['note'] is None and h['insns'][-1] == 'bctr' and set(h['steady']) == {h['count']} for h in w))([h for h in d['hops'] if h['family'] in ('baseline/tailcall/xdp/static/n0/s0', 'nesting/tailcall/xdp/static/n0/s0') or h['family'].startswith('chain/tailcall/xdp/')])"
"$TOP/build/tailbench" explain --check "$res" >"$TMP/explain.out" 2>&1
check "every hop path with a measured count agrees with it, or says it is incomplete" \
	bash -c "grep -q 'bctr' '$TMP/explain.out' && ! grep 'DIFFERS' '$TMP/explain.out' | grep -vq 'the path is incomplete$'"
grep -v ': agrees$' "$TMP/explain.out" | grep 'measured' | sed 's/^/# /'
echo "# ppc64el tests took $(($(date +%s) - start)) s"
finish
