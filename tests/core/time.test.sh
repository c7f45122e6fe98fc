#!/usr/bin/env bash
# Where a run's time goes (meta.run.time): stages, test_run's calls by
# program type with what they timed, and the XDP entry programs held in the
# dispatcher (one swap a sample, no attachment left behind).
. "$(dirname "$0")/../lib.sh"
need_root "run's time accounting"
tmpdir

printf '{"description": "time test", "benches": ["tailcall"], "prog_types": ["xdp", "tc"],
 "key_modes": ["static"], "depths": [0, 3], "repeat": 200, "trials": 3}\n' >"$TMP/t.json"
"$TB" run -s "$TMP/t.json" -o "$TMP/r.json" >/dev/null 2>"$TMP/err"
check "the run: exit 0" [ $? -eq 0 ]
check "every stage is timed, within the run's wall time" pyjson "$TMP/r.json" "(lambda t:
all(t[k] >= 0 for k in ('load_s', 'validate_s', 'probe_s', 'sample_s', 'retake_s', 'hop_s', 'reduce_s')) and
t['load_s'] + t['validate_s'] + t['sample_s'] + t['hop_s'] <= d['meta']['run']['wall_s'])(d['meta']['run']['time'])"
check "test_run's calls by type: a validating call a case, a warm-up and a timed call a sample" \
	pyjson "$TMP/r.json" "(lambda t:
all(t[ty]['calls'] == 2 + 2 * 2 * 3 and 0 < t[ty]['timed_s'] <= t[ty]['s'] for ty in ('xdp', 'tc'))
)(d['meta']['run']['time']['test_run'])"
check "XDP entry programs held in the dispatcher: at most one swap a sample" pyjson "$TMP/r.json" "(lambda h:
1 <= h['swaps'] <= 2 * 3 and h['s'] > 0)(d['meta']['run']['time']['xdp_held'])"
check "nothing left attached in this namespace" bash -c "! ip link show lo | grep -q xdp"
finish
