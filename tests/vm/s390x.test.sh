#!/usr/bin/env bash
# s390x in the matrix: the sysroot and the cross-built big-endian payload,
# Debian's bookworm s390x kernel (6.1) booted under TCG with -icount.
# Debian builds its s390x kernels for z10, below the z196 the s390 JIT
# needs, so the interpreter runs every program: the result must say so,
# the verifier refuses tail calls mixed with bpf2bpf calls in its own
# words, and no hop path is passed off as walked.  Downloads about 30 MB
# once (cached in .cache/s390x).
# run-all: two at a time
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir
need_tools "s390x VM" "qemu-system-misc and crossbuild-essential-s390x" qemu-system-s390x s390x-linux-gnu-gcc
start=$(date +%s)

fetch_arch_kernel s390x 6.1 "an image qemu's loader takes"

"$VM/matrix.sh" --arch s390x --results "$TMP/res" --timeout 300 6.1 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-6.1.*-s390x-*.json 2>/dev/null)
check "the s390x 6.1 kernel runs the suite and sends its result back" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is a big-endian s390x static binary" \
	bash -c "file '$TOP/build/s390x/vm-payload/tailbench' | grep -q 'MSB executable, IBM S/390.*statically linked'"
check "the result says s390x, icount, and the CPU model" \
	pyjson "$res" "d['meta']['arch'] == 's390x' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'qemu' and d['meta']['vm']['accel'] == 'tcg-icount'"
check "meta says the interpreter ran every program, and why (no JIT in the kernel)" \
	pyjson "$res" "d['meta']['jit']['mode'] == 'interpreter' and 'no BPF JIT' in d['meta']['jit']['why'] and all(c['prog']['jited_len'] == 0 for c in d['cases'] if 'prog' in c)"
check "tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
	pyjson "$res" "any(c['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in c['reason'] for c in d['cases'] if c['scenario'] == 'nesting')"
# The per-CPU counter's u32 sits in the upper half of its 8-byte slot on a
# big-endian machine: read as the low half, every run counted 0 hops.
check "the per-CPU chain validates (its counter read right on a big-endian machine)" \
	pyjson "$res" "not any(c['bench'] == 'tailcall_percpu' and (c['reason'] or '').startswith('validation') for c in d['cases'])"
# The TOD clock ticks 4.096 times a ns, converted to ns and floored: a
# difference is off by up to 1 (slack 2), and test_run's fixed cost reads
# 44 to 46 from case to case: no case may be skipped by the exactness
# checks for it, and each count is found again at another repeat.
check "the clock's slack is the TOD clock's (2), and no case is skipped by the exactness checks" \
	pyjson "$res" "d['meta']['exact']['clock_slack'] == 2 and not any(w in (c['reason'] or '') for w in ('runs counts', 'never counted', 'not proved small', 'no two of', 'a count above the smallest') for c in d['cases'])"
check "a case's single runs (those no interrupt landed in) spread within the clock's rounding (at most 2)" \
	pyjson "$res" "all((c['exact']['one_run_spread'] or 0) <= 2 for c in d['cases'] if c.get('exact'))"
check "static, dynamic and poisoned chains have exact per-hop counts" \
	pyjson "$res" "all(any(f['bench'] == 'tailcall' and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for m in ('static', 'dynamic', 'poisoned'))"
check "the guest has no counter that opens (said in meta.no_counters)" \
	pyjson "$res" "d['meta']['counters'] == [] and 'perf_event_open' in d['meta']['no_counters']"
check "no hop path is walked, and each says the interpreter runs it" \
	bash -c "! '$TOP/build/tailbench' explain --check '$res' >'$TMP/explain.out' 2>&1; grep -q 'the interpreter runs these programs' '$TMP/explain.out' && ! grep -q ': agrees$' '$TMP/explain.out'"

# The s390 JIT, on the z196 kernel that './run.sh build-kernel --arch s390x
# --series 6.12' builds (about an hour on a loaded 2-core machine: never
# built here, only booted when the cache has it), one scenario a boot (the
# whole suite in one boot panics that kernel: docs/s390x.md): tail calls
# from subprograms pass, and the hop paths walked as s390x code agree with
# their exact per-hop counts.
image=$(ls "$TOP"/.cache/kbuild/images/6.12.*-s390x-base-c"$(sha256sum <"$TOP/harness/kbuild/s390x.config" | cut -c1-8)"/bzImage 2>/dev/null | tail -n 1)
if [ -z "$image" ]; then
	skip "the s390 JIT on a z196 build of 6.12" "no image in .cache/kbuild/images (./run.sh build-kernel --arch s390x --series 6.12)"
else
	# That kernel panics now and then (rb_erase from
	# prog_array_map_clear_deferred, open): a boot that panicked is a
	# skip, said; anything else that fails is a failure.
	for s in chain nesting; do
		"$VM/matrix.sh" --arch s390x --results "$TMP/jit" --timeout 300 --jobs 1 --image "$image" \
			--label "z196-6.12-$s" --add-args "-s $s" 2>"$TMP/jit-$s.log"
		f=$(ls "$TMP"/jit/vm-z196-6.12-$s-*.json 2>/dev/null)
		if [ -z "$f" ] && grep -q 'FAILED: kernel panic' "$TMP/jit-$s.log"; then
			skip "the z196 build of 6.12 with the $s scenario" "the kernel panicked (docs/s390x.md: open)"
			continue
		fi
		check "the z196 build of 6.12 runs the $s scenario" bash -c "[ -s '$f' ]"
		[ -s "$f" ] || { sed 's/^/# /' "$TMP/jit-$s.log"; continue; }
		check "... with the JIT (meta.jit.mode)" pyjson "$f" "d['meta']['jit']['mode'] == 'jit'"
		[ "$s" != nesting ] || check "... tail calls from subprograms pass their checks (the seed: allowed from 6.3)" \
			pyjson "$f" "any(c['status'] == 'ok' and '/n0/' not in c['id'] for c in d['cases'])"
		# A family left without a per-hop figure (a boot that skipped
		# its cases) has nothing to agree with; every one that has one
		# must agree.
		"$TOP/build/tailbench" explain --check "$f" >"$TMP/explain.out" 2>&1
		if ! grep -Eq 'measured [0-9.]+ insns a hop' "$TMP/explain.out"; then
			skip "the $s hop paths against their per-hop counts" "no per-hop figure was fitted in this run"
			continue
		fi
		check "... every $s hop path with a per-hop figure is walked as s390x code and agrees with it" \
			bash -c "! grep -E 'measured [0-9.]+ insns a hop' '$TMP/explain.out' | grep -qv ': agrees\$' && grep -Eq 'counter +laal' '$TMP/explain.out'"
		grep -v ': agrees$' "$TMP/explain.out" | grep 'measured' | sed 's/^/# /'
	done
fi
echo "# s390x tests took $(($(date +%s) - start)) s"
finish
