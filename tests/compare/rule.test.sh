#!/usr/bin/env bash
# compare's rule for timed clocks on synthetic trials: seeded noise around
# the medians of a real result, so that every verdict here is deterministic.
# A noise profile made of synthetic A/A runs tells compare the rerun noise.
. "$(dirname "$0")/lib.sh"
tmpdir

# synth OUT SEED [SPREAD]: an A/A run, its figures reduced by this build.
synth() {
	mutate "$NATIVE" "$TMP/raw-$1" "trials(d, 15, $2, spread=${3:-0.01})"
	"$TB" -q refit --noise none "$TMP/raw-$1" -o "$TMP/$1"
}
synth a.json 1
synth b.json 2
for s in 3 4 5 6; do synth aa$s.json $s; done
# A machine whose reruns move the static chain's per-hop cost by some 30%.
for f in 0.7 1.0 1.3; do mutate "$TMP/a.json" "$TMP/loud$f.json" "scale(d, '$STATIC', $f)"; done
"$TB" -q noise -o "$TMP/noise.json" "$TMP"/aa*.json 2>/dev/null
"$TB" -q noise -o "$TMP/loud.json" "$TMP"/loud*.json 2>/dev/null
check "a noise profile from four A/A runs" python3 -c "
import json
d = json.load(open('$TMP/noise.json'))
assert d['schema'] == 'tailbench-noise/1' and d['meta']['runs'] == 4
assert d['fits']['$STATIC']['runs'] == 4 and d['fits']['$STATIC']['sd_log'] > 0"
mutate "$TMP/b.json" "$TMP/slow.json" "scale(d, '$STATIC', 1.2); scale_case(d, '$CASE', 1.2)"
mutate "$TMP/a.json" "$TMP/slight.json" "scale(d, '$STATIC', 1.03)"
mutate "$TMP/a.json" "$TMP/fast.json" "scale(d, '$STATIC', 0.8)"
mutate "$NATIVE" "$TMP/three.json" 'trials(d, 3, 1, spread=0.01)'
mutate "$NATIVE" "$TMP/five.json" 'trials(d, 5, 1, spread=0.01)'
mutate "$TMP/five.json" "$TMP/lone.json" "scale_case(d, '$CASE', 1.2)"
mutate "$TMP/three.json" "$TMP/few.json" "scale_case(d, '$CASE', 1.2)"
N=(--noise "$TMP/noise.json")

compare_to "$TMP/out" "$TMP/err" "${N[@]}" "$TMP/a.json" "$TMP/a.json"
check "a result against itself: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "${N[@]}" --threshold 10 "$TMP/a.json" "$TMP/b.json"
check "two results that differ by noise only, well inside 10%: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"
check "every per-hop cost is listed, with its interval and rerun noise" \
	grep -q "^$STATIC/per_hop .*\[.*\] .* ±[0-9.]*% unchanged" "$TMP/out"
# At 5% the dynamic family's noise (about 4%) around its +1.4% reaches past
# the threshold: nothing proves it within 5%, though the noise is below it.
compare_to "$TMP/out" "$TMP/err" "${N[@]}" "$TMP/a.json" "$TMP/b.json"
check "noise only, but an interval reaching past 5%: exit 3, inconclusive, not unchanged" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$DYNAMIC/per_hop .*+1.4% \[-1.6, +5.1\] .* ±4.4% inconclusive' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "${N[@]}" "$TMP/a.json" "$TMP/slow.json"
check "+20% on a family and on one case: exit 1" [ "$RC" -eq 1 ]
check "the family's per-hop cost regressed" grep -q "^$STATIC/per_hop .*REGRESSED" "$TMP/out"
check "the family's cases and the one case regressed" \
	bash -c "grep -q '^$STATIC/d33 .*REGRESSED' '$TMP/out' && grep -q '^$CASE .*REGRESSED' '$TMP/out'"
check "nothing else regressed" \
	bash -c "! grep ' REGRESSED$' '$TMP/out' | grep -v -e '^$STATIC/' -e '^$CASE ' -e '^[0-9]'"
check "the same two files give the same report" \
	bash -c "'$TB' compare ${N[*]} '$TMP/a.json' '$TMP/slow.json' | cmp -s - '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "${N[@]}" --threshold 10 "$TMP/a.json" "$TMP/slight.json"
check "+3% with a 10% threshold, well above the noise: exit 0, unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$STATIC/per_hop .*+3.0% .* unchanged' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "${N[@]}" --threshold 1 "$TMP/a.json" "$TMP/slight.json"
check "+3% with --threshold 1: exit 1, regressed" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$STATIC/per_hop .*REGRESSED' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "${N[@]}" --threshold 3 "$TMP/a.json" "$TMP/slight.json"
check "+3% against a 3% threshold, the noise straddling it: exit 3, inconclusive, never regressed" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$STATIC/per_hop .*+3.0% .* inconclusive' '$TMP/out' && ! grep -q REGRESSED '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "${N[@]}" "$TMP/a.json" "$TMP/fast.json"
check "-20%: exit 0, reported as improved" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$STATIC/per_hop .*improved' '$TMP/out' && ! grep -q REGRESSED '$TMP/out'"

# The noise a gate must know before it may fail.
compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/slow.json"
check "+20% with no noise profile: exit 3, inconclusive, not a guess" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$STATIC/per_hop .*inconclusive' '$TMP/out' && ! grep -q REGRESSED '$TMP/out'"
check "and it says what would decide it" \
	bash -c "grep -q 'No noise profile' '$TMP/out' && grep -q 'run.sh noise' '$TMP/out' && grep -q 'gate --vm' '$TMP/out'"
check "without a profile the rerun noise is said to be unknown" \
	grep -q "^$STATIC/per_hop .* unknown inconclusive$" "$TMP/out"

# No profile, and trials so spread that +10% is not significant: the
# interval reaches far past 5%, so the change is not known to be small.
synth wide.json 7 0.2
mutate "$TMP/wide.json" "$TMP/wide-slow.json" "scale(d, '$STATIC', 1.1)"
compare_to "$TMP/out" "$TMP/err" "$TMP/wide.json" "$TMP/wide-slow.json"
check "+10% of spread trials, not significant, no profile: inconclusive, not unchanged (exit 3)" \
	bash -c "[ $RC -eq 3 ] && grep '^$STATIC/per_hop ' '$TMP/out' | tr -d '[],' |
		awk '{ exit !(\$5 < 5 && \$6 > 5 && \$7 >= 0.05 && \$8 == \"unknown\" && \$9 == \"inconclusive\") }'"
"$TB" --json compare "$TMP/wide.json" "$TMP/wide-slow.json" >"$TMP/json" 2>/dev/null
check "--json carries each row's verdict, and no rerun noise where none is known" pyjson "$TMP/json" \
	"d['exit'] == 3 and [(r['verdict'], r['rerun_noise_pct']) for r in d['rows'] if r['what'] == '$STATIC/per_hop'] == [('inconclusive', None)] and not d['noise']['known']"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$TMP/wide.json" "$TMP/wide-slow.json"
check "the same within a threshold past its interval: unchanged, exit 0" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$STATIC/per_hop .* unknown unchanged$' '$TMP/out'"

mutate "$TMP/a.json" "$TMP/slowfam.json" "scale(d, '$STATIC', 1.2)"
compare_to "$TMP/out" "$TMP/err" --noise "$TMP/loud.json" "$TMP/a.json" "$TMP/slowfam.json"
check "+20% on a machine whose reruns move 30%: exit 3, inconclusive" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$STATIC/per_hop .*inconclusive' '$TMP/out'"
check "naming the noise floor above the threshold" grep -q 'widest rerun noise of a per-hop cost here is ±' "$TMP/out"

# A run whose machine changed speed halfway: regimes widen the interval.
mutate "$TMP/raw-a.json" "$TMP/raw-regime.json" "
for c in measured(d):
    if family(c) == '$STATIC':
        c['samples'] = [v * (1.4 if i < 8 else 1) for i, v in enumerate(c['samples'])]
        restat(c)"
"$TB" -q refit --noise none "$TMP/raw-regime.json" -o "$TMP/regime.json"
check "a run that changed speed at trial 9 reports two regimes" pyjson "$TMP/regime.json" \
	"[[r['from_trial'], r['to_trial']] for f in d['fits'] if f['scenario'] == 'chain' and f['key_mode'] == 'static' for r in f['regimes']] == [[1, 8], [9, 15]]"
mutate "$TMP/regime.json" "$TMP/regime-slow.json" "scale(d, '$STATIC', 1.2)"
compare_to "$TMP/out" "$TMP/err" "${N[@]}" "$TMP/regime.json" "$TMP/regime-slow.json"
check "+20% inside a 40% regime change: inconclusive, not regressed" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$STATIC/per_hop .*+regime inconclusive' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "$TMP/regime.json" "$TMP/regime-slow.json"
check "the same without a profile: the noise unknown, widened by the regimes" \
	bash -c "[ $RC -eq 3 ] && grep -q '^$STATIC/per_hop .* unknown+regime inconclusive$' '$TMP/out'"

# Three trials a side (no ties here): Mann-Whitney's smallest two-sided p
# is about 0.08, before the adjustment, however clear the interval.
compare_to "$TMP/out" "$TMP/err" "${N[@]}" --all "$TMP/three.json" "$TMP/few.json"
check "+20% on one case of 3 trials: its interval is past 5% but p is not significant" \
	bash -c "grep '^$CASE .*+20.0% \[' '$TMP/out' | tr -d '[],' |
		awk '{ exit !(\$5 > 5 && \$7 >= 0.05 && \$NF != \"REGRESSED\") }'"

# Five trials a side: p is about 0.011 for one case alone, which the
# adjustment for the hundred rows compared at once multiplies.
compare_to "$TMP/out" "$TMP/err" "${N[@]}" --all "$TMP/five.json" "$TMP/lone.json"
check "+20% on one case of 5 trials among 100 rows: adjusted, not significant, not regressed" \
	bash -c "[ $RC -ne 1 ] && grep '^$CASE .*+20.0% \[' '$TMP/out' | tr -d '[],' |
		awk '{ exit !(\$5 > 5 && \$7 >= 0.05 && \$NF != \"REGRESSED\") }'"
check "--all lists every case" \
	bash -c "[ \$(grep -c '^[a-z_]*/[a-z_0-9]*/[a-z]*/[a-z]*/n[0-9]*/s[0-9]*/d[0-9]* ' '$TMP/out') -ge 80 ]"

compare_to "$TMP/out" "$TMP/err" "${N[@]}" --markdown "$TMP/a.json" "$TMP/slow.json"
check "--markdown: a table with its alignment row" grep -qx '| --- | ---: | ---: | ---: | ---: | ---: | --- |' "$TMP/out"
check "--markdown: every row has seven cells" \
	bash -c "grep '^|' '$TMP/out' | awk -F'|' 'NF != 9 { bad = 1 } END { exit bad }'"
check "--markdown: the exit status is the same" [ "$RC" -eq 1 ]
finish
