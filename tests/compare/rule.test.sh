#!/usr/bin/env bash
# compare's rule for timed clocks on synthetic trials: seeded noise around
# the medians of a real result, so that every verdict here is deterministic.
. "$(dirname "$0")/lib.sh"
tmpdir

mutate "$NATIVE" "$TMP/a.json" 'trials(d, 15, 1)'
mutate "$NATIVE" "$TMP/b.json" 'trials(d, 15, 2)'
mutate "$TMP/b.json" "$TMP/slow.json" "scale(d, '$STATIC', 1.2); scale_case(d, '$CASE', 1.2)"
mutate "$TMP/b.json" "$TMP/slight.json" "scale(d, '$STATIC', 1.03)"
mutate "$TMP/b.json" "$TMP/fast.json" "scale(d, '$STATIC', 0.8)"
mutate "$NATIVE" "$TMP/three.json" 'trials(d, 3, 1, spread=0.01)'
mutate "$NATIVE" "$TMP/five.json" 'trials(d, 5, 1, spread=0.01)'
mutate "$TMP/five.json" "$TMP/lone.json" "scale_case(d, '$CASE', 1.2)"
mutate "$TMP/three.json" "$TMP/few.json" "scale_case(d, '$CASE', 1.2)"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/a.json"
check "a result against itself: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/b.json"
check "two results that differ by noise only: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"
check "every per-hop cost is listed, with its interval" \
	grep -q "^$STATIC/per_hop .*+0.0% \[.*\] .* unchanged" "$TMP/out"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/slow.json"
check "+20% on a family and on one case: exit 1" [ "$RC" -eq 1 ]
check "the family's per-hop cost regressed" grep -q "^$STATIC/per_hop .*REGRESSED" "$TMP/out"
check "the family's cases and the one case regressed" \
	bash -c "grep -q '^$STATIC/d33 .*REGRESSED' '$TMP/out' && grep -q '^$CASE .*REGRESSED' '$TMP/out'"
check "nothing else regressed" \
	bash -c "! grep ' REGRESSED$' '$TMP/out' | grep -v -e '^$STATIC/' -e '^$CASE ' -e '^[0-9]'"
check "the same two files give the same report" \
	bash -c "'$TB' compare '$TMP/a.json' '$TMP/slow.json' | cmp -s - '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/slight.json"
check "+3%, significant but within the 5% threshold: exit 0, unchanged" \
	bash -c "[ $RC -eq 0 ] && grep '^$STATIC/per_hop .*+3.0% .* unchanged' '$TMP/out' |
		awk '{ exit !(\$(NF - 1) < 0.05) }'"
compare_to "$TMP/out" "$TMP/err" --threshold 2 "$TMP/a.json" "$TMP/slight.json"
check "+3% with --threshold 2: exit 1, regressed" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$STATIC/per_hop .*REGRESSED' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$TMP/a.json" "$TMP/fast.json"
check "-20%: exit 0, reported as improved" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$STATIC/per_hop .*improved' '$TMP/out' && ! grep -q REGRESSED '$TMP/out'"

# Three trials a side (no ties here): Mann-Whitney's smallest two-sided p
# is about 0.08, before the adjustment, however clear the interval.
compare_to "$TMP/out" "$TMP/err" --all "$TMP/three.json" "$TMP/few.json"
check "+20% on one case of 3 trials: its interval is past 5% but p is not significant" \
	bash -c "grep '^$CASE .*+20.0% \[' '$TMP/out' | tr -d '[],' |
		awk '{ exit !(\$5 > 5 && \$7 >= 0.05 && \$8 == \"unchanged\") }'"
check "so it is unchanged: exit 0" [ "$RC" -eq 0 ]

# Five trials a side: p is about 0.011 for one case alone, which the
# adjustment for the hundred rows compared at once multiplies.
compare_to "$TMP/out" "$TMP/err" --all "$TMP/five.json" "$TMP/lone.json"
check "+20% on one case of 5 trials among 100 rows: adjusted, not significant, exit 0" \
	bash -c "[ $RC -eq 0 ] && grep '^$CASE .*+20.0% \[' '$TMP/out' | tr -d '[],' |
		awk '{ exit !(\$5 > 5 && \$7 >= 0.05 && \$8 == \"unchanged\") }'"
check "--all lists every case" \
	bash -c "[ \$(grep -c '^[a-z_]*/[a-z_0-9]*/[a-z]*/[a-z]*/n[0-9]*/s[0-9]*/d[0-9]* ' '$TMP/out') -ge 80 ]"

compare_to "$TMP/out" "$TMP/err" --markdown "$TMP/a.json" "$TMP/slow.json"
check "--markdown: a table with its alignment row" grep -qx '| --- | ---: | ---: | ---: | ---: | --- |' "$TMP/out"
check "--markdown: every row has six cells" \
	bash -c "grep '^|' '$TMP/out' | awk -F'|' 'NF != 8 { bad = 1 } END { exit bad }'"
check "--markdown: the exit status is the same" [ "$RC" -eq 1 ]
finish
