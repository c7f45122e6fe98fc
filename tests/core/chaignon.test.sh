#!/usr/bin/env bash
# The chaignon2021 scenario on this kernel: Chaignon's bare sched_act chain
# validates at every depth by its return value alone, and its hop path is
# walked whatever fill the last case timed left in the prog array.
. "$(dirname "$0")/../lib.sh"
need_root "chaignon2021"
tmpdir

"$TB" -q run -s chaignon2021 --quick --trials 2 --repeat 200 -o "$TMP/r.json" 2>"$TMP/err"
check "run -s chaignon2021 exits 0" [ $? -eq 0 ]
check "every bare chain of d calls is sched_act and returns d (keys 1..d filled, one failed call)" \
	pyjson "$TMP/r.json" "all(x['status'] == 'ok' and x['prog_type'] == 'act' and x['retval'] == x['depth'] for x in d['cases'] if x['bench'] == 'chaignon2021') and len([x for x in d['cases'] if x['bench'] == 'chaignon2021']) == 12"
check "beside it, our counted static tc chain over the same depths" \
	pyjson "$TMP/r.json" "sorted(x['depth'] for x in d['cases'] if x['bench'] == 'tailcall' and x['prog_type'] == 'tc' and x['status'] == 'ok') == sorted(x['depth'] for x in d['cases'] if x['bench'] == 'chaignon2021')"

# Only chains of 0 and 1 calls are timed, so the array holds at most key 1
# when the hop path is walked over a run of 4 calls: it must be armed for it.
cat >"$TMP/short.json" <<'JSON'
{ "description": "bare chains of 0 and 1 calls", "benches": ["chaignon2021"],
  "depths": [0, 1], "repeat": 200, "warmup": 0, "trials": 2 }
JSON
"$TB" -q run -s "$TMP/short.json" -o "$TMP/s.json" 2>"$TMP/err"
if [ "$(uname -m)" = x86_64 ] && [ "$(cat /proc/sys/net/core/bpf_jit_enable)" = 1 ]; then
	check "the hop path is walked over a run armed for it (4 calls), not over the last case's fill" \
		pyjson "$TMP/s.json" "[(h['note'], h['count'] > 0, len(set(h['steady']))) for h in d['hops'] if h['bench'] == 'chaignon2021'] == [(None, True, 1)]"
else
	skip "chaignon2021's hop path" "needs the x86-64 JIT"
fi
"$TB" -q run -s "$TMP/short.json" --pad 2 -o "$TMP/p.json" 2>"$TMP/err"
check "under --pad the bare chain is skipped, saying it has no pad site (not a stale build)" \
	pyjson "$TMP/p.json" "all(x['status'] == 'skipped' and 'no --pad site' in x['reason'] and 'stale' not in x['reason'] for x in d['cases'])"
finish
