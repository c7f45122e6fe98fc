#!/usr/bin/env bash
# Issue 18: a case's exact count is its own, whatever else the run holds and
# whatever the repeat.  One kernel (6.1, in qemu's icount VM), three runs:
# the chain scenario alone at another repeat, chain with nesting, and the
# whole quick suite; every case they share must count the same in each, and
# compare must pass each smaller run against the whole suite (docs/exact.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir
TB="$TOP/build/tailbench"

need_qemu "exact counts across runs"
fetch_kernel 6.1
# One after the other: each builds the payload in the same tree first.
run=(--timeout 600 --image "$kernel" --label k)
"$VM/matrix.sh" --results "$TMP/chain" "${run[@]}" \
	--args "run --quick -s chain --trials 3 --repeat 64 --warmup 100" 2>"$TMP/chain.log"
rc=$?
"$VM/matrix.sh" --results "$TMP/nesting" "${run[@]}" --add-args "-s chain -s nesting" \
	2>"$TMP/nesting.log"
rc=$rc$?
"$VM/matrix.sh" --results "$TMP/all" "${run[@]}" 2>"$TMP/all.log"
rc=$rc$?
check "the three runs came back" [ "$rc" = 000 ]
[ "$rc" = 000 ] || tail -n 5 "$TMP"/*.log >&2
chain=$(ls "$TMP"/chain/vm-k-*.json 2>/dev/null)
nesting=$(ls "$TMP"/nesting/vm-k-*.json 2>/dev/null)
all=$(ls "$TMP"/all/vm-k-*.json 2>/dev/null)
if ! pyjson "$all" "d['meta']['clock'] == 'insns'"; then
	skip "exact counts across runs" "KVM ran the guest: its clock is ns, not instructions"
	finish
fi
check "the runs say what their counts are: per run, whatever the repeat" \
	pyjson "$chain" "d['meta']['exact']['count'] == 'per-run' and all(c['repeat'] == 64 and c['exact']['fixed_cost'] > 0 for c in d['cases'] if c['status'] == 'ok')"
"$TB" same "$chain" "$nesting" "$all" >"$TMP/same" 2>&1
check "every case the runs share counts the same in each (tailbench same exits 0)" \
	bash -c "[ $? -eq 0 ] && grep -q ' 0 differ, 0 skipped in some; .* 0 differ$' '$TMP/same'"
check "the 36 chain cases are among them" \
	bash -c "n=\$(sed -n 's/.*: \([0-9]*\) cases measured in two or more.*/\1/p' '$TMP/same'); [ \"\$n\" -ge 36 ]"
"$TB" compare "$chain" "$all" >"$TMP/cmp" 2>&1
check "compare passes the chain run against the whole suite, at another repeat: exit 0" \
	bash -c "[ $? -eq 0 ] && ! grep -q 'REGRESSED\|not comparable' '$TMP/cmp'"
"$TB" compare "$nesting" "$all" >"$TMP/cmp" 2>&1
check "and the chain and nesting run: exit 0" bash -c "[ $? -eq 0 ] && ! grep -q REGRESSED '$TMP/cmp'"
finish
