#!/usr/bin/env bash
# compare on exact instruction counts (meta.clock "insns", the icount VM):
# any difference counts, one instruction included.
. "$(dirname "$0")/lib.sh"
tmpdir

mutate "$VM" "$TMP/plus1.json" "add_per_hop(d, '$STATIC', 1)"
mutate "$VM" "$TMP/minus1.json" "add_per_hop(d, '$STATIC', -1)"
mutate "$VM" "$TMP/case.json" "
c = next(c for c in d['cases'] if c['id'] == '$CASE')
c['samples'] = [v + 1 for v in c['samples']]
c['stat']['agreed'] += 1"

compare_to "$TMP/out" "$TMP/err" "$VM" "$VM"
check "counts against themselves: exit 0, every row unchanged" \
	bash -c "[ $RC -eq 0 ] && grep -qx '[0-9]* unchanged' '$TMP/out'"
check "the report says the counts are exact, with no p-value" \
	bash -c "grep -q 'exact counts, threshold 0 insns' '$TMP/out' && grep -q '^$STATIC/per_hop .* +0 insns (+0.00%) *- *- unchanged' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$VM" "$TMP/plus1.json"
check "one instruction more per hop: exit 1" [ "$RC" -eq 1 ]
check "it is reported as +1 insns per hop, regressed" \
	grep -q "^$STATIC/per_hop  *15  *16  *+1 insns (+6.67%) .*REGRESSED" "$TMP/out"
check "and as +33 insns at 33 hops" grep -q "^$STATIC/d33 .* +33 insns .*REGRESSED" "$TMP/out"

compare_to "$TMP/out" "$TMP/err" --threshold 1 "$VM" "$TMP/plus1.json"
check "--threshold 1 is in instructions: +1 per hop passes, +33 at 33 hops does not" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$STATIC/per_hop .*unchanged' '$TMP/out' && grep -q '^$STATIC/d33 .*REGRESSED' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$VM" "$TMP/minus1.json"
check "one instruction fewer per hop: exit 0, improved" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$STATIC/per_hop .* -1 insns .*improved' '$TMP/out'"

compare_to "$TMP/out" "$TMP/err" "$VM" "$TMP/case.json"
check "one instruction more in one case: exit 1, that case alone" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$CASE .* +1 insns .*REGRESSED' '$TMP/out' && grep -qx '[0-9]* unchanged, 1 REGRESSED' '$TMP/out'"

# Issue 18: counts made before meta.exact hold test_run's fixed cost over
# a repeat fit to the run's longest case; another repeat moves them.
mutate "$VM" "$TMP/r93.json" "
for c in d['cases']: c['repeat'] = 93
add_per_hop(d, '$STATIC', 1)"
mutate "$VM" "$TMP/perrun.json" "d['meta']['exact'] = {'count': 'per-run', 'repeat': 128, 'clock_step': 1}"
mutate "$VM" "$TMP/perrun64.json" "
d['meta']['exact'] = {'count': 'per-run', 'repeat': 64, 'clock_step': 1}
for c in d['cases']: c['repeat'] = 64"
compare_to "$TMP/out" "$TMP/err" "$VM" "$TMP/r93.json"
check "counts of another repeat (before meta.exact): exit 2, not judged, the reason named" \
	bash -c "[ $RC -eq 2 ] && grep -q 'per-case counts not judged: .* took 34 repetitions a sample, .* 93' '$TMP/err'"
check "the per-hop costs are judged all the same: +1 per hop regressed, no case row" \
	bash -c "grep -q '^$STATIC/per_hop .*REGRESSED' '$TMP/out' && ! grep -q '^$STATIC/d33 ' '$TMP/out' && grep -q 'not comparable' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "$VM" "$TMP/perrun.json"
check "repeat-bound counts against per-run ones: exit 2, meta.exact.count named" \
	bash -c "[ $RC -eq 2 ] && grep -q 'meta.exact.count' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" "$TMP/perrun.json" "$TMP/perrun64.json"
check "per-run counts of two repeats compare: exit 0" [ "$RC" -eq 0 ]

compare_to "$TMP/out" "$TMP/err" "$VM" "$VM_OTHER"
check "two kernels compare per hop, with a warning; per case these two cannot (repeat 34 and 26)" \
	bash -c "[ $RC -eq 2 ] && grep -q 'different kernels' '$TMP/err' && grep -q 'took 34 repetitions a sample, .* 26' '$TMP/err'"
check "the report is labelled kernel A -> kernel B (before/after patch)" \
	grep -q '^kernel 6.1.0-50-cloud-amd64 -> 6.12.107+deb13-cloud-amd64 (before/after patch)$' "$TMP/out"
finish
