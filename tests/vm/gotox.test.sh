#!/usr/bin/env bash
# Indirect jumps (gotox) across the kernel where they came in: Debian's 6.16
# refuses them, each case skipped in the kernel's words, and 6.19 runs them,
# proved by return values and hop counts, with exact per-hop counts and the
# path of one hop (hops[]) agreeing with them.
# Downloads about 26 MB once (cached in .cache/vm).
. "$(dirname "$0")/../lib.sh"
tmpdir

if ! command -v qemu-system-x86_64 >/dev/null || ! command -v busybox >/dev/null; then
	skip "gotox in VMs" "qemu-system-x86 and busybox-static are needed"
	finish
fi
# A guest takes about 20 s alone; the timeout leaves room for a loaded host.
"$TOP/harness/vm/matrix.sh" --results "$TMP/res" --timeout 600 --jobs 1 \
	--args "run -s baseline -s dispatch --quick --trials 3 --repeat 1000 --warmup 100" \
	6.16 6.19 2>"$TMP/matrix.log"
check "both kernels boot and write a result" [ $? -eq 0 ]
old=$(ls "$TMP"/res/vm-6.16.*.json 2>/dev/null)
new=$(ls "$TMP"/res/vm-6.19.*.json 2>/dev/null)

check "6.16: every gotox case is skipped: no instruction-array maps" \
	pyjson "$old" "all(x['status'] == 'skipped' and 'BPF_MAP_TYPE_INSN_ARRAY' in x['reason'] for x in d['cases'] if x['bench'].startswith('gotox')) and any(x['bench'].startswith('gotox') for x in d['cases'])"
check "6.16: the tail calls beside them are measured" \
	pyjson "$old" "c['baseline/tailcall/xdp/static/n0/s0/d33']['status'] == 'ok'"
check "6.19: every gotox case is measured" \
	pyjson "$new" "all(x['status'] == 'ok' for x in d['cases'] if x['bench'].startswith('gotox'))"
check "6.19: a chain of 33 indirect jumps returns 33; dispatch reaches handler 63" \
	pyjson "$new" "c['baseline/gotox_chain/xdp/static/n0/s0/d33']['retval'] == 33 and c['dispatch/gotox_dispatch/xdp/dynamic/n0/s0/d64']['retval'] == 1063"
check "6.19: an exact per-hop count, above the inlined hop's (the jump adds instructions)" \
	pyjson "$new" "(lambda f: f['gotox_chain'] == int(f['gotox_chain']) and f['gotox_chain'] > f['inline'])({x['bench']: x['per_hop']['value'] for x in d['fits'] if x['prog_type'] == 'xdp'})"
check "6.19: the path of one gotox hop agrees with its count, the jump table's jump in it" \
	pyjson "$new" "[(h['count'] > 3, h['indirect'], h['check']['agrees'], h['note']) for h in d['hops'] if h['bench'] == 'gotox_chain'] == [(True, 1, True, None)]"
finish
