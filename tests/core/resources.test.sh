#!/usr/bin/env bash
# Running out of file descriptors is the harness's problem, never a kernel
# fact: the soft limit is raised to the hard one, and where that is not
# enough the run fails loudly without writing a result.
. "$(dirname "$0")/../lib.sh"
need_root "resources"
tmpdir

# A full nesting run holds about 1700 descriptors at once.
(ulimit -Sn 1024 && exec "$TB" -q run -s nesting --trials 1 --repeat 10 -o "$TMP/soft.json") \
	>/dev/null 2>"$TMP/err"
check "soft limit 1024: the full nesting scenario runs (the limit is raised)" [ $? -eq 0 ]
check "soft limit 1024: no case is skipped for lack of descriptors" \
	pyjson "$TMP/soft.json" "not any('Too many open files' in (x['reason'] or '') for x in d['cases']) and sum(x['status'] == 'ok' for x in d['cases']) > 200"

(ulimit -n 100 && exec "$TB" -q run -s nesting --trials 1 --repeat 10 -o "$TMP/hard.json") \
	>/dev/null 2>"$TMP/err"
check "hard limit 100: exit 1" [ $? -eq 1 ]
check "hard limit 100: the message blames the harness's limit, not the kernel" \
	grep -q "Too many open files.*the harness ran out of resources, the kernel did not refuse" "$TMP/err"
check "hard limit 100: no result is written" [ ! -e "$TMP/hard.json" ]
finish
