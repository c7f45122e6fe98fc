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

compare_to "$TMP/out" "$TMP/err" "$VM" "$VM_OTHER"
check "two kernels compare, with a warning" \
	bash -c "[ $RC -ne 2 ] && grep -q 'different kernels' '$TMP/err'"
check "the report is labelled kernel A -> kernel B (before/after patch)" \
	grep -q '^kernel 6.1.0-50-cloud-amd64 -> 6.12.107+deb13-cloud-amd64 (before/after patch)$' "$TMP/out"
finish
