#!/usr/bin/env bash
# compare on real runs of this build: what it says of noise, and of a
# slowdown injected into a real result, with a noise profile measured here.
. "$(dirname "$0")/lib.sh"
need_root "compare on real runs"
tmpdir

for r in a b c d; do
	"$TB" -q run -s chain --quick --trials 5 --noise none -o "$TMP/$r.json" >/dev/null 2>&1
done
check "four real quick runs of the chain scenario" \
	test -s "$TMP/a.json" -a -s "$TMP/b.json" -a -s "$TMP/c.json" -a -s "$TMP/d.json"
# From all four: on a machine whose load changes (CI's, shared), a profile
# of b, c and d alone once missed what set a apart from them, and a against
# b came out regressed.  A profile is meant to hold the reruns it will
# judge (./run.sh noise spreads ten over minutes).
"$TB" -q noise -o "$TMP/noise.json" "$TMP/a.json" "$TMP/b.json" "$TMP/c.json" "$TMP/d.json" 2>/dev/null
check "a noise profile of this machine from the four" [ -s "$TMP/noise.json" ]

# Five trials, no profile: whether an interval of no change stays inside 5%
# depends on this machine, but nothing can be a change.
compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/a.json"
check "a run against itself: exit 0 or 3, every row unchanged or inconclusive" \
	bash -c "{ [ $RC -eq 0 ] || [ $RC -eq 3 ]; } && grep -Eqx '[0-9]* (unchanged|inconclusive)(, [0-9]* (unchanged|inconclusive))?' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$TMP/a.json" "$TMP/a.json"
check "and at a threshold past its intervals: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/b.json"
check "two runs of the same build, no profile: never a regression (exit 0 or 3)" \
	bash -c "[ $RC -eq 0 ] || [ $RC -eq 3 ]"
compare_to "$TMP/out" "$TMP/err" --noise "$TMP/noise.json" "$TMP/a.json" "$TMP/b.json"
check "two runs of the same build, with the profile: never a regression (exit 0 or 3)" \
	bash -c "[ $RC -eq 0 ] || [ $RC -eq 3 ]"
check "their per-hop costs are compared, with the rerun noise" \
	grep -q "^$STATIC/per_hop .* ±[0-9.]*%" "$TMP/out"

# The injected change is exact (every sample of a family and of one case
# scaled), so the size reported is.
mutate "$TMP/a.json" "$TMP/slow20.json" "scale(d, '$STATIC', 1.2); scale_case(d, '$CASE', 1.2)"
compare_to "$TMP/out" "$TMP/err" --all "$TMP/a.json" "$TMP/slow20.json"
check "+20% injected into a real run: the per-hop cost and the case show +20.0%" \
	bash -c "grep -q '^$STATIC/per_hop .* +20.0% \[' '$TMP/out' && grep -q '^$CASE .* +20.0% \[' '$TMP/out'"
# Whether +100% is decided depends on the noise this machine showed: where
# the interval widened by it reaches below the threshold, the gate must say
# so rather than guess.
mutate "$TMP/a.json" "$TMP/slow100.json" "scale(d, '$STATIC', 2)"
"$TB" --json compare --noise "$TMP/noise.json" "$TMP/a.json" "$TMP/slow100.json" >"$TMP/json" 2>/dev/null
check "+100% injected: regressed where the interval widened by the rerun noise clears 5%, else inconclusive" \
	pyjson "$TMP/json" "([r['verdict'] for r in d['rows'] if r['what'] == '$STATIC/per_hop'] ==
		['REGRESSED' if r['p'] < 0.05 and r['change_pct'] - __import__('math').hypot(max(r['change_pct'] -
		 r['ci_low_pct'], r['rerun_noise_pct']), r['regime_pct']) > 5 else 'inconclusive'
		 for r in d['rows'] if r['what'] == '$STATIC/per_hop'])"
check "and the exit status is the worst verdict's" \
	pyjson "$TMP/json" "d['exit'] == (1 if 'REGRESSED' in d['counts'] else 3 if 'inconclusive' in d['counts'] else 0)"
finish
