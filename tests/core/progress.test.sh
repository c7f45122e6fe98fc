#!/usr/bin/env bash
# run's progress line in a log (stderr not a terminal): one line a trial,
# never more, each with the time so far and an ETA, and the cases a trial
# leaves out explained: those whose fewer trials are done.
. "$(dirname "$0")/../lib.sh"
need_root "run's progress line"
tmpdir

scenario() {
	printf '{"description": "progress test", "benches": ["tailcall"], "prog_types": ["xdp"],
	 "key_modes": ["static"], "depths": [0, 3], "repeat": 200, "trials": %d}\n' "$2" >"$TMP/$1.json"
}
scenario three 3
scenario one 1
"$TB" run -s "$TMP/three.json" -s "$TMP/one.json" --warmup 0 -o "$TMP/r.json" >/dev/null 2>"$TMP/err"
check "the run: exit 0" [ $? -eq 0 ]
grep '^trial ' "$TMP/err" >"$TMP/lines"
check "one line a trial, three in all" [ "$(wc -l <"$TMP/lines")" -eq 3 ]
check "each with the time so far and an ETA" \
	bash -c "! grep -v -E '[0-9]+ s, ETA [0-9]+ s$' '$TMP/lines'"
check "the first trial runs every case" grep -q '^trial 1/3: 4 of 4 cases, ' "$TMP/lines"
check "the second says why it runs fewer: the cases that asked for one trial finished" \
	grep -q '^trial 2/3: 2 of 2 cases (2 finished their trials, 0 skipped), ' "$TMP/lines"
check "the last ends with nothing left" grep -q '^trial 3/3: .*, ETA 0 s$' "$TMP/lines"

# A case skipped mid-run takes its later trials out of the ETA.  SIGSTOP
# inside a long test_run ends the call with EINTR (no handler of ours sees
# it): the sample fails and its case is skipped, in the first trial.
printf '{"description": "skip test", "benches": ["tailcall"], "prog_types": ["tc"],
 "key_modes": ["static"], "depths": [0, 1], "repeat": 10000000, "trials": 6}\n' >"$TMP/long.json"
"$TB" run -s "$TMP/long.json" --warmup 0 -o "$TMP/s.json" >/dev/null 2>"$TMP/serr" &
pid=$!
for _ in $(seq 100); do grep -q '^loaded' "$TMP/serr" && break; sleep 0.1; done
sleep 0.3
kill -STOP "$pid" && kill -CONT "$pid"
wait "$pid"
if grep -q 'trial 1 failed: Interrupted system call' "$TMP/s.json"; then
	grep '^trial ' "$TMP/serr" >"$TMP/slines"
	check "a case skipped in trial 1: the next trials say so" \
		grep -q '^trial 2/6: 1 of 1 cases (0 finished their trials, 1 skipped), ' "$TMP/slines"
	check "its trials left the estimate: the last ends with nothing left" \
		grep -q '^trial 6/6: .*, ETA 0 s$' "$TMP/slines"
else
	skip "a case skipped mid-run leaves the ETA" "the stop landed outside test_run: $(grep -c . "$TMP/serr") lines"
fi
finish
