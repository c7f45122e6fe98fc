#!/usr/bin/env bash
# compare on real runs of this build: what it says of noise, and of a
# slowdown injected into a real result.
. "$(dirname "$0")/lib.sh"
need_root "compare on real runs"
tmpdir

for r in a b; do
	"$TB" -q run -s chain --quick --trials 5 -o "$TMP/$r.json" >/dev/null 2>&1
done
check "two real quick runs of the chain scenario" bash -c "[ -s '$TMP/a.json' ] && [ -s '$TMP/b.json' ]"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/a.json"
check "a run against itself: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/b.json"
check "two runs of the same build: no false regression at the default threshold" [ "$RC" -eq 0 ]
check "their per-hop costs are compared" grep -q "^$STATIC/per_hop " "$TMP/out"

# The injected change is exact (every sample of a family and of one case
# scaled), so the size reported is.  Whether it passes the threshold depends
# on the run's noise: here trials can fall in two modes some 40% apart, and
# 5 of them do not resolve +20% or even +50% every time (docs/compare.md has
# the rates measured); +100% they always did.
mutate "$TMP/a.json" "$TMP/slow20.json" "scale(d, '$STATIC', 1.2); scale_case(d, '$CASE', 1.2)"
compare_to "$TMP/out" "$TMP/err" --all "$TMP/a.json" "$TMP/slow20.json"
check "+20% injected into a real run: the per-hop cost and the case show +20.0%" \
	bash -c "grep -q '^$STATIC/per_hop .* +20.0% \[' '$TMP/out' && grep -q '^$CASE .* +20.0% \[' '$TMP/out'"
mutate "$TMP/a.json" "$TMP/slow100.json" "scale(d, '$STATIC', 2)"
compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/slow100.json"
check "+100% injected into a real run: exit 1, the per-hop cost regressed" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$STATIC/per_hop .*+100.0% .*REGRESSED' '$TMP/out'"
finish
