#!/usr/bin/env bash
# Loads and runs real programs on this kernel and checks the tail-call
# semantics the benchmark's validation depends on.
. "$(dirname "$0")/../lib.sh"
need_root "semantics"
tmpdir
here=$(dirname "$0")

"$TB" -q run -s "$here/semantics.json" -s "$here/limits.json" -s dispatch --quick \
	--trials 2 --repeat 200 -o "$TMP/r.json" 2>"$TMP/err"
check "run exits 0" [ $? -eq 0 ]
r="$TMP/r.json"
id() { echo "semantics/tailcall/$1/$2/n$3/s0/d$4"; }

for t in xdp tc; do
	for m in static dynamic poisoned; do
		check "$t $m: a chain of 33 tail calls runs and ends at program 34" \
			pyjson "$r" "c['$(id $t $m 0 33)']['status'] == 'ok' and c['$(id $t $m 0 33)']['retval'] == 34"
		check "$t $m: the 34th call falls through, ending the chain at program 33" \
			pyjson "$r" "c['$(id $t $m 0 34)']['status'] == 'ok' and c['$(id $t $m 0 34)']['retval'] == 33"
		# Nest 1: main (A) calls sub1 (B), which tail-calls the next program (C);
		# C's return lands in A, which adds 256; B's fall-through code never runs
		# (it would return its own index instead).
		check "$t $m: a tail call from a subprogram returns to the caller's caller" \
			pyjson "$r" "c['$(id $t $m 1 1)']['retval'] == 34 + 2 * 256 and c['$(id $t $m 1 33)']['retval'] == 34 + 34 * 256"
		check "$t $m: the limit holds from a subprogram too" \
			pyjson "$r" "c['$(id $t $m 1 34)']['retval'] == 33 + 34 * 256"
	done
	check "$t: static, dynamic and poisoned chains give the same results" \
		pyjson "$r" "all(c['$(id $t static 0 0)'.replace('/d0', '/d%d' % k).replace('static', m)]['retval'] == c['$(id $t static 0 0)'.replace('/d0', '/d%d' % k)]['retval'] for m in ('dynamic', 'poisoned') for k in (0, 1, 33, 34))"
done

check "a frame of 320 bytes mixed with tail calls is rejected, with the verifier's reason" \
	pyjson "$r" "c['limits/tailcall/xdp/static/n1/s320/d33']['status'] == 'skipped' and 'tail_calls are not allowed' in c['limits/tailcall/xdp/static/n1/s320/d33']['reason']"
check "baselines run the same 33 hops" \
	pyjson "$r" "all(c['limits/%s/xdp/none/n0/s0/d33' % b]['retval'] == 33 for b in ('inline', 'bpf2bpf', 'bpf2bpf_args'))"
check "the per-CPU-context chain ends at program 34 too" \
	pyjson "$r" "c['limits/tailcall_percpu/xdp/static/n0/s0/d33']['retval'] == 34"
check "dispatch picks the last of 64 targets by jump table and by switch" \
	pyjson "$r" "c['dispatch/dispatch_table/xdp/dynamic/n0/s0/d64']['retval'] == 1063 and c['dispatch/dispatch_switch/xdp/none/n0/s0/d64']['retval'] == 1063"
check "every measured case carries its samples and statistics" \
	pyjson "$r" "all(len(x['samples']) == x['stat']['n'] == 2 for x in d['cases'] if x['status'] == 'ok')"

if [ "$(uname -m)" = x86_64 ] && [ "$(cat /proc/sys/net/core/bpf_jit_enable)" = 1 ]; then
	check "x86 JIT: a static key becomes direct jumps, a dynamic key indirect ones" \
		pyjson "$r" "c['$(id xdp static 0 33)']['prog']['jit_indirect'] == 0 and c['$(id xdp dynamic 0 33)']['prog']['jit_indirect'] >= 33"
else
	skip "JIT jump kinds" "needs the x86-64 JIT"
fi
finish
