#!/usr/bin/env bash
# compare's refusals and bad input (exit 2), and the rows that are not
# figures: cases newly skipped or measured, cases and fits in one file only.
. "$(dirname "$0")/lib.sh"
tmpdir

# refused KEY VALUE: a copy of the native fixture with meta.KEY changed is
# refused, naming both files and the field.
refused() {
	mutate "$NATIVE" "$TMP/$1.json" "d['meta']['$1'] = '$2'"
	compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/$1.json"
	check "different meta.$1: exit 2, naming both files and the field" \
		bash -c "[ $RC -eq 2 ] && grep -q '$NATIVE and $TMP/$1.json differ in meta.$1' '$TMP/err' && [ ! -s '$TMP/out' ]"
	compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" --force "$NATIVE" "$TMP/$1.json"
	check "different meta.$1 with --force: compared, with a warning" \
		bash -c "[ $RC -eq 0 ] && grep -q 'warning: comparing across meta.$1' '$TMP/err'"
}
refused clock cycles
refused cpu "Some Other CPU @ 9.99GHz"
refused env vm

compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$VM"
check "a native ns result against an insns VM one: exit 2, clocks named" \
	bash -c "[ $RC -eq 2 ] && grep -q 'differ in meta.clock (ns vs insns)' '$TMP/err'"

mutate "$NATIVE" "$TMP/kernel.json" 'd["meta"]["kernel"] = "6.18.44-patched"'
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$NATIVE" "$TMP/kernel.json"
check "another kernel: exit 0, a warning, the report labelled before/after" \
	bash -c "[ $RC -eq 0 ] && grep -q 'different kernels' '$TMP/err' && grep -q '^kernel 6.18.44-fc-v595 -> 6.18.44-patched (before/after patch)$' '$TMP/out'"

echo '{"schema": "other/1", "meta": {}, "cases": []}' >"$TMP/other.json"
compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/other.json"
check "another schema: exit 2, naming the file" \
	bash -c "[ $RC -eq 2 ] && grep -q 'other.json: not a tailbench/1 result file' '$TMP/err'"
echo '{"schema": ' >"$TMP/broken.json"
compare_to "$TMP/out" "$TMP/err" "$TMP/broken.json" "$NATIVE"
check "malformed JSON: exit 2, naming the file" \
	bash -c "[ $RC -eq 2 ] && grep -q 'broken.json:.*not valid JSON' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" "$TMP/missing.json" "$TMP/broken.json"
check "both files bad: exit 2, each named" \
	bash -c "[ $RC -eq 2 ] && grep -q missing.json '$TMP/err' && grep -q broken.json '$TMP/err'"
mutate "$NATIVE" "$TMP/elsewhere.json" '
for c in d["cases"]:
    c["id"] = "elsewhere/" + c["id"]
d["fits"] = []'
compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/elsewhere.json"
check "no case in common: exit 2, naming both files" \
	bash -c "[ $RC -eq 2 ] && grep -q '$NATIVE and $TMP/elsewhere.json have no case in common' '$TMP/err'"

mutate "$NATIVE" "$TMP/skip.json" "
c = next(c for c in d['cases'] if c['id'] == '$CASE')
c.update(status='skipped', reason='verifier: too many instructions')
for k in ('samples', 'stat'):
    c.pop(k)"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$NATIVE" "$TMP/skip.json"
check "a case newly skipped: exit 1, reported with NEW's reason" \
	bash -c "[ $RC -eq 1 ] && grep -q '^$CASE .*NEWLY SKIPPED (verifier: too many instructions)' '$TMP/out'"
check "and counted" grep -qx '[0-9]* unchanged, 1 NEWLY SKIPPED' "$TMP/out"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$TMP/skip.json" "$NATIVE"
check "a case newly measured: exit 0, reported" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$CASE .*newly measured' '$TMP/out'"

mutate "$NATIVE" "$TMP/fewer.json" "
d['cases'] = [c for c in d['cases'] if c['id'] != '$CASE']
d['fits'] = [f for f in d['fits'] if f['key_mode'] != 'static' or f['scenario'] != 'chain']"
compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/fewer.json"
check "a case and a fit only in BASE: exit 2, the gate cannot pass on what NEW lacks" \
	bash -c "[ $RC -eq 2 ] && grep -q 'lacks 2 cases or fits' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" --subset "$NATIVE" "$TMP/fewer.json"
check "with --subset: exit 0, both reported" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$CASE .*only in BASE' '$TMP/out' && grep -q '^$STATIC/per_hop .*only in BASE' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$TMP/fewer.json" "$NATIVE"
check "and the other way round, only in NEW" \
	bash -c "[ $RC -eq 0 ] && grep -q '^$CASE .*only in NEW' '$TMP/out' && grep -q '^$STATIC/per_hop .*only in NEW' '$TMP/out'"

"$TB" compare --help >"$TMP/out"
check "--help: exit 0, usage on stdout" bash -c "[ $? -eq 0 ] && grep -q '^usage: tailbench compare' '$TMP/out'"
compare_to "$TMP/out" "$TMP/err" "$NATIVE"
check "one file: exit 2, one line saying both are needed (no usage dump)" \
	bash -c "[ $RC -eq 2 ] && [ \$(wc -l <'$TMP/err') -eq 1 ] && grep -q 'needs BASE and NEW' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" --threshold five "$NATIVE" "$NATIVE"
check "--threshold five: exit 2, saying why" bash -c "[ $RC -eq 2 ] && grep -q 'threshold' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" --alpha 1.5 "$NATIVE" "$NATIVE"
check "--alpha 1.5: exit 2" [ "$RC" -eq 2 ]

"$TB" --json compare "$NATIVE" "$TMP/skip.json" >"$TMP/json" 2>/dev/null
RC=$?
check "--json: the report as one JSON document, the same exit status" python3 -c "
import json
d = json.load(open('$TMP/json'))
assert $RC == 1 and d['unit'] == 'ns' and d['counts']['NEWLY SKIPPED'] == 1
row = next(r for r in d['rows'] if r['what'] == '$CASE')
assert row['verdict'] == 'NEWLY SKIPPED' and row['reason'] == 'verifier: too many instructions'
assert any(r['kind'] == 'per_hop' and r['what'] == '$STATIC/per_hop' for r in d['rows'])"
finish
