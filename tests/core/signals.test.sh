#!/usr/bin/env bash
# SIGINT and SIGTERM at any point of a run: what was measured is written as
# a valid result marked incomplete, with the exit status a shell expects;
# the signal is never recorded as a kernel's answer.
. "$(dirname "$0")/../lib.sh"
need_root "signals"
tmpdir

# wait_for PATTERN FILE: until a line of FILE matches (30 s at most).
wait_for() {
	for _ in $(seq 300); do
		grep -q "$1" "$2" && return 0
		sleep 0.1
	done
	return 1
}

# No case reads as refused by the kernel because of the signal, and none is
# "ok" without a sample.
honest_cases="not any('Interrupted system call' in (x['reason'] or '') or 'trial 0' in (x['reason'] or '') for x in d['cases']) and all(x['stat']['n'] >= 1 for x in d['cases'] if x['status'] == 'ok')"

# SIGTERM while the program sets load: nothing measured, every case says so.
"$TB" run -s chain -s nesting -o "$TMP/load.json" 2>"$TMP/err" &
pid=$!
wait_for ' cases' "$TMP/err"
kill -TERM "$pid"
wait "$pid"
check "SIGTERM while loading exits 143" [ $? -eq 143 ]
check "SIGTERM while loading writes a valid result marked incomplete and interrupted" \
	pyjson "$TMP/load.json" "d['meta']['complete'] is False and d['meta']['run']['interrupted'] is True"
check "cases stopped before their first sample are skipped as interrupted" \
	pyjson "$TMP/load.json" "$honest_cases and any(x['reason'] == 'interrupted before this case was measured' for x in d['cases'])"

# Ctrl-C once timing has begun, then SIGTERMs: the first signal decides, the
# file is whole, no temporary is left.  The run is stopped while both signals
# are sent, so both are pending when it continues: the case that used to let
# the later SIGTERM's handler run first, every time, not by luck of timing.
# More SIGTERMs follow while the result is written.
mkdir "$TMP/out"
"$TB" run -s chain --trials 1000 --repeat 20000 -o "$TMP/out/int.json" 2>"$TMP/err" &
pid=$!
wait_for '^trial 1/' "$TMP/err"
sleep 0.5
kill -STOP "$pid"
kill -INT "$pid"
kill -TERM "$pid"
kill -CONT "$pid"
for _ in $(seq 40); do
	kill -TERM "$pid" 2>/dev/null || break
	sleep 0.01
done
wait "$pid"
check "Ctrl-C exits 130, later signals notwithstanding" [ $? -eq 130 ]
check "Ctrl-C writes a valid result marked incomplete" \
	pyjson "$TMP/out/int.json" "d['meta']['complete'] is False and d['meta']['run']['interrupted'] and any(x['status'] == 'ok' and x['stat']['n'] >= 1 for x in d['cases'])"
check "the case timed at the signal is not skipped for it; no case is ok without samples" \
	pyjson "$TMP/out/int.json" "$honest_cases"
check "no temporary file is left beside the result" [ "$(ls "$TMP/out")" = int.json ]
check "show marks the incomplete result" bash -c "'$TB' show '$TMP/out/int.json' | grep -q INCOMPLETE"
finish
