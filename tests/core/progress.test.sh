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
finish
