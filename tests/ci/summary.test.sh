#!/usr/bin/env bash
# tailbench baseline and summary on fixtures (no VM): the layout of
# baselines, the verdict per kernel and for the matrix, missing, duplicated
# and unbaselined kernels, a baseline of an older tailbench refit and one of
# another schema refused, the exit of an inconclusive gate mapped, the size
# limit; compare's verdict fields; matrix.sh --shard; the mirror override.
. "$(dirname "$0")/../lib.sh"
tmpdir
mutate() { python3 "$TOP/tests/compare/mutate.py" "$@"; }
HOPS="$TOP/tests/fixtures/hops/vm-6.1.0-50.json"	# exact counts, with hops[]
NATIVE="$TOP/tests/fixtures/native-6.18.44.json"	# timed (ns)
STATIC=chain/tailcall/xdp/static/n0/s0
KEY=x86_64/6.1.0-50-cloud-amd64
B="$TMP/bl"

# run_to OUT CMD...: CMD's stdout to OUT, stderr to OUT.err; sets RC.
run_to() {
	local out=$1
	shift
	"$@" >"$out" 2>"$out.err"
	RC=$?
}
first_line() { head -n 1 "$1"; }

# --- tailbench baseline --------------------------------------------------
run_to "$TMP/out" "$TB" baseline "$B" "$HOPS"
check "baseline: stored as DIR/<arch>/<kernel>.json, byte for byte" \
	bash -c "[ $RC -eq 0 ] && cmp -s '$HOPS' '$B/$KEY.json' && grep -q '^new ' '$TMP/out'"
run_to "$TMP/out" "$TB" baseline "$B" "$HOPS"
check "baseline again: replaced, said so" bash -c "[ $RC -eq 0 ] && grep -q '^replaced ' '$TMP/out'"
cp "$HOPS" "$TMP/copy.json"
run_to "$TMP/out" "$TB" baseline "$TMP/bl2" "$HOPS" "$TMP/copy.json"
check "two results of one kernel: exit 2, nothing stored" \
	bash -c "[ $RC -eq 2 ] && [ ! -e '$TMP/bl2' ] && grep -q 'a second result of $KEY' '$TMP/out.err'"
mutate "$HOPS" "$TMP/evil.json" "d['meta']['kernel'] = '../../evil'"
run_to "$TMP/out" "$TB" baseline "$TMP/bl2" "$TMP/evil.json"
check "a kernel name that is no file name: exit 2, nothing stored" \
	bash -c "[ $RC -eq 2 ] && [ ! -e '$TMP/bl2' ] && grep -q 'cannot name a baseline file' '$TMP/out.err'"

# --- tailbench summary: verdicts ------------------------------------------
run_to "$TMP/same.md" "$TB" summary --baselines "$B" "$HOPS"
check "unchanged: exit 0, the verdict first" \
	bash -c "[ $RC -eq 0 ] && [ \"\$(head -n 1 '$TMP/same.md')\" = '## tailbench: pass (exit 0)' ]"
check "unchanged per-hop rows are folded into <details>" \
	bash -c "grep -q '^<details><summary><code>$KEY</code>: 8 per-hop costs unchanged' '$TMP/same.md' && ! grep -q '^### ' '$TMP/same.md'"
check "exact counts: no p, interval or noise column" \
	bash -c "grep -q '^| per-hop cost | BASE | NEW | change | verdict |$' '$TMP/same.md' && ! grep -q 'rerun noise' '$TMP/same.md'"

mutate "$HOPS" "$TMP/plus1.json" "add_per_hop(d, '$STATIC', 1)"
run_to "$TMP/plus1.md" "$TB" summary --baselines "$B" --report https://ci.example/run/1 "$TMP/plus1.json"
check "+1 instruction a hop: exit 1, FAIL first" \
	bash -c "[ $RC -eq 1 ] && [ \"\$(head -n 1 '$TMP/plus1.md')\" = '## tailbench: FAIL (exit 1)' ]"
check "the kernel's line, then its changed per-hop row" \
	bash -c "grep -q '^| \`$KEY\` | \*\*FAIL\*\* | 1 of 8 |' '$TMP/plus1.md' &&
		grep -q '^| \`$STATIC/per_hop\` | 15 | 16 | +1 insns (+6.67%) | REGRESSED |' '$TMP/plus1.md'"
check "the hop path of the family that changed (explain's diff)" \
	bash -c "grep -q 'hop path of <code>$STATIC</code>' '$TMP/plus1.md' &&
		grep -q '^$STATIC: 15 -> 15 instructions a hop' '$TMP/plus1.md'"
check "a link to the report" grep -q '\[The HTML report\](https://ci.example/run/1)' "$TMP/plus1.md"
run_to "$TMP/plus1.json.out" "$TB" --json summary --baselines "$B" "$TMP/plus1.json"
check "--json: verdict, pass, exit, and the kernel's own" pyjson "$TMP/plus1.json.out" \
	"(d['verdict'] == 'FAIL' and d['pass'] is False and d['exit'] == 1 and
	 d['kernels'][0]['kernel'] == '$KEY' and d['kernels'][0]['exit'] == 1 and
	 d['kernels'][0]['report']['pass'] is False)"

# --- kernels missing, duplicated, without a baseline ------------------------
cp "$HOPS" "$B/x86_64/6.12.117+deb13-cloud-amd64.json"
run_to "$TMP/out" "$TB" summary --baselines "$B" "$HOPS"
check "a baselined kernel without a result: exit 2, named MISSING" \
	bash -c "[ $RC -eq 2 ] && grep -q '^| \`x86_64/6.12.117+deb13-cloud-amd64\` | \*\*MISSING\*\*' '$TMP/out'"
run_to "$TMP/out" "$TB" summary --baselines "$B" "$TMP/plus1.json"
check "a regression outranks a missing kernel: exit 1" [ "$RC" -eq 1 ]
rm "$B/x86_64/6.12.117+deb13-cloud-amd64.json"
mkdir -p "$TMP/two/a" "$TMP/two/b"
cp "$HOPS" "$TMP/two/a/r.json"
cp "$HOPS" "$TMP/two/b/r.json"
run_to "$TMP/out" "$TB" summary --baselines "$B" "$TMP/two"
check "two results of one kernel (the union of two jobs' folders): exit 2, both named" \
	bash -c "[ $RC -eq 2 ] && grep -q 'DUPLICATED.*a/r.json.*b/r.json' '$TMP/out'"
run_to "$TMP/out" "$TB" summary --baselines "$B" "$HOPS" "$HOPS" "$TOP/tests/fixtures/hops"
check "one file named twice is one result" bash -c "! grep -q DUPLICATED '$TMP/out'"
mutate "$HOPS" "$TMP/other.json" "d['meta']['kernel'] = '6.19.14+deb13-cloud-amd64'"
run_to "$TMP/out" "$TB" summary --baselines "$B" "$HOPS" "$TMP/other.json"
check "a kernel without a baseline: exit 2, saying how to make one" \
	bash -c "[ $RC -eq 2 ] && grep -q 'no baseline .*6.19.14+deb13-cloud-amd64.json: make it with ./run.sh baseline update' '$TMP/out'"

# --- baselines of another tailbench -----------------------------------------
mkdir -p "$TMP/old/x86_64"
mutate "$HOPS" "$TMP/old/x86_64/6.1.0-50-cloud-amd64.json" \
	"d['meta']['tailbench_rev'] = 'abc1234'; [f['per_hop'].update(value=f['per_hop']['value'] - 2) for f in d['fits']]"
run_to "$TMP/out" "$TB" summary --baselines "$TMP/old" "$HOPS"
check "a baseline of an older tailbench whose fits read otherwise: refit, passes, said so" \
	bash -c "[ $RC -eq 0 ] && grep -q 'baseline of tailbench abc1234, refit by' '$TMP/out'"
mutate "$HOPS" "$TMP/old/x86_64/6.1.0-50-cloud-amd64.json.new" "d['schema'] = 'tailbench/0'"
mv "$TMP/old/x86_64/6.1.0-50-cloud-amd64.json.new" "$TMP/old/x86_64/6.1.0-50-cloud-amd64.json"
run_to "$TMP/out" "$TB" summary --baselines "$TMP/old" "$HOPS"
check "a baseline of another schema: refused with the reason, exit 2" \
	bash -c "[ $RC -eq 2 ] && grep -q 'baseline refused: .*not a tailbench/1 result file (schema: tailbench/0)' '$TMP/out'"

# --- timed results, inconclusive ----------------------------------------------
# Seeded synthetic trials around a real result (as tests/compare/rule.test.sh
# makes them), reduced by this build: +20% with no noise profile known.
mutate "$NATIVE" "$TMP/raw-a.json" "trials(d, 15, 1, spread=0.01)"
mutate "$NATIVE" "$TMP/raw-b.json" "trials(d, 15, 2, spread=0.01); scale(d, '$STATIC', 1.2)"
"$TB" -q refit --noise none "$TMP/raw-a.json" -o "$TMP/a.json"
"$TB" -q refit --noise none "$TMP/raw-b.json" -o "$TMP/slow.json"
"$TB" baseline "$TMP/nat" "$TMP/a.json" >/dev/null
run_to "$TMP/out" "$TB" summary --baselines "$TMP/nat" "$TMP/slow.json"
check "timed, no noise profile: exit 3, inconclusive first, with p and noise columns" \
	bash -c "[ $RC -eq 3 ] && [ \"\$(head -n 1 '$TMP/out')\" = '## tailbench: inconclusive (exit 3)' ] &&
		grep -q '| p | rerun noise | verdict |' '$TMP/out'"
run_to "$TMP/out" "$TB" summary --baselines "$TMP/nat" --inconclusive-exit 42 "$TMP/slow.json"
check "--inconclusive-exit 42: exit 42, the verdict still inconclusive" \
	bash -c "[ $RC -eq 42 ] && [ \"\$(head -n 1 '$TMP/out')\" = '## tailbench: inconclusive (exit 42)' ]"
run_to "$TMP/out" "$TB" --json summary --baselines "$TMP/nat" --inconclusive-exit 0 "$TMP/slow.json"
check "--json: verdict inconclusive, not a pass, exit as mapped, exit_unmapped 3" pyjson "$TMP/out" \
	"d['verdict'] == 'inconclusive' and d['pass'] is False and d['exit'] == 0 and d['exit_unmapped'] == 3"
run_to "$TMP/out" "$TB" summary --baselines "$TMP/nat" --inconclusive-exit 256 "$TMP/slow.json"
check "--inconclusive-exit 256: exit 2" [ "$RC" -eq 2 ]

# --- the size limit: 11 kernels ---------------------------------------------
mkdir -p "$TMP/eleven/bl/x86_64" "$TMP/eleven/new"
for i in $(seq 1 11); do
	k="6.1.0-$i-cloud-amd64"
	mutate "$HOPS" "$TMP/eleven/bl/x86_64/$k.json" "d['meta']['kernel'] = '$k'"
	mutate "$HOPS" "$TMP/eleven/new/$k.json" \
		"d['meta']['kernel'] = '$k'; [add_per_hop(d, family(f), 1) for f in d['fits']]"
done
run_to "$TMP/eleven.md" "$TB" summary --baselines "$TMP/eleven/bl" "$TMP/eleven/new"
size=$(wc -c <"$TMP/eleven.md")
echo "# the summary of 11 kernels, each +1 instruction a hop in every family: $size bytes"
check "11 kernels, every family changed: whole, within GitHub's 1 MiB" \
	bash -c "[ $RC -eq 1 ] && [ $size -lt 1000000 ] && ! grep -q 'Cut short' '$TMP/eleven.md' &&
		[ \$(grep -c '^### ' '$TMP/eleven.md') -eq 11 ]"
run_to "$TMP/cut.md" "$TB" summary --baselines "$TMP/eleven/bl" --max-bytes 8000 "$TMP/eleven/new"
check "--max-bytes 8000: at most 8000 bytes, the verdict and every kernel's line kept, a note at the end" \
	bash -c "[ $RC -eq 1 ] && [ \$(wc -c <'$TMP/cut.md') -le 8000 ] &&
		[ \"\$(head -n 1 '$TMP/cut.md')\" = '## tailbench: FAIL (exit 1)' ] &&
		[ \$(grep -c '^| \`x86_64/6.1.0-' '$TMP/cut.md') -eq 11 ] && tail -n 1 '$TMP/cut.md' | grep -q 'Cut short'"
check "and no block is left open" \
	bash -c "[ \$(grep -c '<details' '$TMP/cut.md') -eq \$(grep -c '</details>' '$TMP/cut.md') ] &&
		[ \$((\$(grep -c '^\`\`\`' '$TMP/cut.md') % 2)) -eq 0 ]"

# --- compare's verdict fields -----------------------------------------------
"$TB" --json compare "$HOPS" "$TMP/plus1.json" >"$TMP/out" 2>/dev/null
check "compare --json: verdict, pass and exit" pyjson "$TMP/out" \
	"d['verdict'] == 'FAIL' and d['pass'] is False and d['exit'] == 1"
"$TB" --json compare "$HOPS" "$HOPS" >"$TMP/out" 2>/dev/null
check "compare --json, unchanged: pass" pyjson "$TMP/out" "d['pass'] is True and d['exit'] == 0"
"$TB" compare --markdown "$HOPS" "$TMP/plus1.json" >"$TMP/out" 2>/dev/null
check "compare --markdown: the verdict line first" \
	bash -c "head -n 1 '$TMP/out' | grep -q '^\*\*tailbench: FAIL\*\* (exit 1): '"

# --- matrix.sh --shard, the mirror override ---------------------------------
VM="$TOP/harness/vm"
head -c 4096 /dev/zero >"$TMP/junk"
run_to "$TMP/out" "$VM/matrix.sh" --results "$TMP/res" --shard 2/3 \
	--image "$TMP/junk" --label a --image "$TMP/junk" --label b --image "$TMP/junk" --label c \
	--image "$TMP/junk" --label d --image "$TMP/junk" --label e
check "--shard 2/3 of 5: the 2nd and 5th alone" \
	bash -c "grep -q 'shard 2/3: 2 of the 5 kernels named' '$TMP/out.err' &&
		grep -Eq '^b +[0-9]+ s  FAILED \(not a kernel image' '$TMP/out.err' &&
		grep -Eq '^e +[0-9]+ s' '$TMP/out.err' && ! grep -Eq '^[acd] +[0-9]+ s' '$TMP/out.err'"
for s in 0/2 3/2 x 1/0; do
	run_to "$TMP/out" "$VM/matrix.sh" --shard "$s" 6.1
	check "--shard $s: exit 2" bash -c "[ $RC -eq 2 ] && grep -q 'I/N, with 1 <= I <= N' '$TMP/out.err'"
done
run_to "$TMP/out" env TB_DEBIAN_MIRROR=nowhere "$VM/kernels.sh" fetch 0.0.1
check "TB_DEBIAN_MIRROR that is no URL: exit 2, saying so" \
	bash -c "[ $RC -eq 2 ] && grep -q \"TB_DEBIAN_MIRROR 'nowhere': not a mirror's URL\" '$TMP/out.err'"
if [ -s "$TOP/.cache/vm/kernels/6.1.0-50-cloud-amd64/vmlinuz" ]; then
	run_to "$TMP/out" env TB_DEBIAN_MIRROR=nowhere "$VM/kernels.sh" fetch 6.1.0-50
	check "a pinned release already fetched: no package lists, no mirror needed" [ "$RC" -eq 0 ]
else
	skip "a pinned release already fetched needs no mirror" "6.1.0-50 is not in .cache/vm"
fi
finish
