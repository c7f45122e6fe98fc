#!/usr/bin/env bash
# harness/gate.sh: its command line, then one real gate run (the quick
# suite) against a baseline it must refuse, which shows the whole chain:
# run, a new result under results/, compare, compare's exit status.
. "$(dirname "$0")/lib.sh"
tmpdir
GATE="$TOP/harness/gate.sh"

"$GATE" --help >"$TMP/out"
check "--help: exit 0, usage" bash -c "[ $? -eq 0 ] && grep -q '^usage: ./run.sh gate' '$TMP/out'"
"$GATE" 2>/dev/null
check "no baseline: exit 2" [ $? -eq 2 ]
"$GATE" --args 2>"$TMP/err"
check "--args without its value: exit 2, said" \
	bash -c "[ $? -eq 2 ] && grep -q -- '--args needs options of tailbench run' '$TMP/err'"
"$GATE" "$TMP/missing.json" 2>"$TMP/err"
check "a missing baseline: exit 2, named, before any run" \
	bash -c "[ $? -eq 2 ] && grep -q 'missing.json: no such file' '$TMP/err'"

[ "$(id -u)" -eq 0 ] || { skip "a real gate run" "needs root to load BPF programs"; finish; }
# Issue 18: the gate takes run's scenario options, as a baseline was made.
before=$(ls -d "$TOP"/results/gate.* 2>/dev/null | sort)
# Its options after BASELINE too, as the issue tried them.
"$GATE" --out "$TMP/kept.json" "$VM" --args "-s chain" >"$TMP/out" 2>"$TMP/err"
RC=$?
new=$(sed -n 's/^gate: comparing \(.*\) with .*/\1/p' "$TMP/err")
check "the gate ran the quick suite into a new file under results/gate.*/" \
	bash -c "[[ '$new' == '$TOP/results/gate.'*/native.json ]]"
check "--out kept that result; its folder is gone (gate folders do not accumulate)" \
	bash -c "[ -s '$TMP/kept.json' ] && [ ! -e '$(dirname "$new")' ] &&
		[ '$before' = \"\$(ls -d '$TOP'/results/gate.* 2>/dev/null | sort)\" ]"
check "that file is a complete quick tailbench/1 result of the scenario --args named" pyjson "$TMP/kept.json" \
	"d['schema'] == 'tailbench/1' and d['meta']['quick'] and d['meta']['complete'] and [s['name'] for s in d['meta']['scenarios']] == ['chain']"
check "compare refused the baseline of another clock: the gate exits 2" \
	bash -c "[ $RC -eq 2 ] && grep -q 'differ in meta.clock (insns vs ns)' '$TMP/err'"
check "the run's tables went to stderr, not into the report" [ ! -s "$TMP/out" ]
"$GATE" --out "$TMP/kept.json" "$VM" >/dev/null 2>"$TMP/err"
check "--out never replaces a file: exit 2 before any run" \
	bash -c "[ $? -eq 2 ] && grep -q 'exists: a result is never replaced' '$TMP/err'"
finish
