#!/usr/bin/env bash
# Indirect jumps (gotox) on this kernel: where it has them, the chain and the
# dispatch prove their hops and targets and the JIT emits one indirect jump
# per hop; where it has not, every gotox case is skipped in the kernel's
# words and the other benches of the run are not held back.
. "$(dirname "$0")/../lib.sh"
need_root "gotox"
tmpdir
here=$(dirname "$0")

"$TB" -q run -s "$here/gotox.json" -o "$TMP/r.json" 2>"$TMP/err"
rc=$?
r="$TMP/r.json"
check "the run exits 0 and writes a result" \
	bash -c "[ $rc -eq 0 ] && [ -s '$r' ]"
check "the inlined hops ran beside them" \
	pyjson "$r" "all(c['gotox/inline/%s/none/n0/s0/d33' % t]['retval'] == 33 for t in ('xdp', 'tc'))"
if pyjson "$r" "c['gotox/gotox_chain/xdp/static/n0/s0/d1']['status'] == 'ok'"; then
	for t in xdp tc; do
		check "$t: a chain of 33 indirect jumps runs its 34 hops and returns 33" \
			pyjson "$r" "all(c['gotox/gotox_chain/$t/static/n0/s0/d%d' % k]['retval'] == k for k in (0, 1, 33))"
		check "$t: dispatch through the jump table reaches the last of 64 handlers" \
			pyjson "$r" "c['gotox/gotox_dispatch/$t/dynamic/n0/s0/d64']['retval'] == 1063 and c['gotox/gotox_dispatch/$t/dynamic/n0/s0/d1']['retval'] == 1000"
	done
	if [ "$(uname -m)" = x86_64 ] && [ "$(cat /proc/sys/net/core/bpf_jit_enable)" = 1 ]; then
		check "x86 JIT: one indirect jump per hop of the chain, one in the dispatch" \
			pyjson "$r" "c['gotox/gotox_chain/xdp/static/n0/s0/d33']['prog']['jit_indirect'] == 33 and c['gotox/gotox_dispatch/xdp/dynamic/n0/s0/d64']['prog']['jit_indirect'] == 1"
	else
		skip "JIT jump kinds" "needs the x86-64 JIT"
	fi
else
	check "without indirect jumps every gotox case is skipped, in the kernel's words" \
		pyjson "$r" "all(x['status'] == 'skipped' and ('BPF_MAP_TYPE_INSN_ARRAY' in x['reason'] or 'verifier' in x['reason']) for x in d['cases'] if x['bench'].startswith('gotox'))"
	check "... all ten of them" \
		pyjson "$r" "sum(x['bench'].startswith('gotox') for x in d['cases']) == 10"
fi
finish
