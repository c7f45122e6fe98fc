#!/usr/bin/env bash
# tailbench noise --check: the A/A experiment's reading (./run.sh aa) of runs
# made of the 6.1 fixture's exact counts, so that every verdict is known:
# two copies are an A/A pair compare calls unchanged; one instruction more
# per hop in one family is a pair it calls a regression (a false alarm, had
# the build been the same); two more, a padded run it must catch.
. "$(dirname "$0")/lib.sh"
tmpdir
base=$TOP/tests/fixtures/vm-6.1.0-50.json
fam=chain/tailcall/xdp/static/n0/s0

cp "$base" "$TMP/a1.json"
cp "$base" "$TMP/a2.json"
mutate "$base" "$TMP/a3.json" "add_per_hop(d, '$fam', 1)"
mutate "$base" "$TMP/p1.json" "add_per_hop(d, '$fam', 2); d['meta']['pad'] = 2"

check "noise --help names --check and --padded" \
	bash -c "'$TB' noise --help | grep -q 'tailbench noise --check \[--threshold T\] RUN... \[--padded FILE\]...'"
check "noise --check --help: its own usage" \
	bash -c "'$TB' noise --check --help | grep -q '^usage: tailbench noise --check'"
"$TB" noise --check "$TMP/a1.json" "$TMP/a2.json" --padded "$TMP/p1.json" >"$TMP/out" 2>"$TMP/err"
check "an A/A pair compare calls unchanged, and a padded run it catches: exit 0" [ $? -eq 0 ]
check "the A/A verdicts counted" \
	grep -qx 'A/A pairs: 1; exit 0 (unchanged) 1, 1 (REGRESSED) 0, 3 (inconclusive) 0, 2 0' "$TMP/out"
check "the padded verdicts counted, with the pad from the result" \
	grep -qx 'padded by 2 insns/hop against plain: 1 pairs; exit 1 (detected) 1, 3 0, 0 0' "$TMP/out"
check "each family's median change under the pad" \
	grep -Eq "^  $fam +\+2.00 insns/hop \(\+13%\), median of 1 pairs$" "$TMP/out"
check "the coverage of each family: its values, and how often an interval held the next run" \
	grep -Eq "^$fam +15.00 .. 15.00 +1/1 +-$" "$TMP/out"
check "the noise profile the runs used" grep -qx 'noise profile: none' "$TMP/out"

"$TB" noise --check "$TMP/a1.json" "$TMP/a2.json" "$TMP/a3.json" >"$TMP/out" 2>"$TMP/err"
check "an A/A pair compare calls a regression: exit 1, counted" \
	bash -c "[ $? -eq 1 ] && grep -qx 'A/A pairs: 2; exit 0 (unchanged) 1, 1 (REGRESSED) 1, 3 (inconclusive) 0, 2 0' '$TMP/out'"
check "... and the within-run interval held the next run once in two" \
	grep -Eq "^$fam +15.00 .. 16.00 +1/2 +-$" "$TMP/out"

"$TB" noise --check "$TMP/a1.json" >/dev/null 2>"$TMP/err"
check "--check with one run: exit 2, said" bash -c "[ $? -eq 2 ] && grep -q 'needs 2 or more runs' '$TMP/err'"
"$TB" noise --check "$TMP/a1.json" "$TMP/a2.json" --padded "$TMP/p1.json" --padded "$TMP/p1.json" \
	--padded "$TMP/p1.json" >/dev/null 2>"$TMP/err"
check "--check with more padded runs than runs: exit 2" [ $? -eq 2 ]
"$TB" noise --padded "$TMP/p1.json" "$TMP/a1.json" "$TMP/a2.json" >/dev/null 2>"$TMP/err"
check "--padded without --check: exit 2, the usage" bash -c "[ $? -eq 2 ] && grep -q '^usage: tailbench noise' '$TMP/err'"
"$TB" noise --check "$TMP/a1.json" "$TMP/missing.json" >/dev/null 2>"$TMP/err"
check "--check with a missing file: exit 2" [ $? -eq 2 ]
finish
