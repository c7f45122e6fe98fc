#!/usr/bin/env bash
# The command line: help, bad input (exit 2, a message naming what was
# wrong, nothing run), no privileges, results never overwritten (signals: signals.test.sh).
. "$(dirname "$0")/../lib.sh"
tmpdir

check "--help exits 0" bash -c "'$TB' --help >/dev/null"
check "run --help exits 0" bash -c "'$TB' run --help >/dev/null"
# --version and -V, as bpftool, perf and hyperfine answer them.
for v in --version -V version; do
	check "tailbench $v prints the version" bash -c "'$TB' $v | grep -qx 'tailbench [^ ]\{1,\}'"
done
"$TB" frobnicate 2>"$TMP/err"
check "an unknown command exits 2" [ $? -eq 2 ]
"$TB" --json list >"$TMP/list.json"
check "--json list: scenarios and benches as JSON" python3 -c "
import json
d = json.load(open('$TMP/list.json'))
assert {'chain', 'nesting'} <= {s['name'] for s in d['scenarios']}
assert {'tailcall', 'dispatch_table'} <= {b['name'] for b in d['benches']}"
# --json works where a command answers in JSON, and is refused elsewhere, as
# bpftool's -j: never silently ignored.
check "--json version: the version as JSON" bash -c "'$TB' --json version | python3 -c 'import json, sys; assert json.load(sys.stdin)[\"version\"]'"
FX=$TOP/tests/fixtures/native-6.18.44.json
for args in "refit $FX" "same $FX $FX" "run --check" "export --format dat $FX"; do
	"$TB" --json $args >"$TMP/jsonerr" 2>&1
	check "--json ${args%% *}: refused, exit 2, as a JSON error" \
		bash -c "[ $? -eq 2 ] && grep -q '^{\"error\": *\"--json: ${args%% *} has no JSON output' '$TMP/jsonerr'"
done
check "a scenario's description names every frame size it runs, full and quick" python3 -c "
import glob, json, re
for f in glob.glob('$TOP/scenarios/*.json'):
    d = json.load(open(f))
    sizes = set(d.get('frame_stack', [])) | set(d.get('quick', {}).get('frame_stack', []))
    words = set(re.findall(r'\d+', d['description']))
    assert {str(v) for v in sizes} <= words, (f, sizes)"
# Without a noise profile a native result's intervals say nothing of a rerun:
# show says so first.  Exact counts (the VM) and a profiled run need no banner.
banner='rerun noise unknown: run ./run.sh noise'
check "show, native, no noise profile: the banner first" \
	bash -c "'$TB' show '$TOP/tests/fixtures/native-6.18.44.json' | sed -n 2p | grep -qx '$banner'"
python3 -c "
import json
d = json.load(open('$TOP/tests/fixtures/native-6.18.44.json'))
d['meta']['noise_profile'] = {'file': 'noise/x.json', 'runs': 10, 'time': '2026-01-01T00:00:00Z'}
json.dump(d, open('$TMP/profiled.json', 'w'))"
for f in "$TOP/tests/fixtures/vm-6.1.0-50.json" "$TMP/profiled.json"; do
	check "show $(basename "$f"): no banner (exact counts, or a profile known)" \
		bash -c "'$TB' show '$f' >'$TMP/show' && ! grep -q 'rerun noise unknown' '$TMP/show'"
done
"$TB" --json show "$TOP/tests/fixtures/native-6.18.44.json" >"$TMP/show.json"
check "--json show: meta, counts, fits and skipped reasons as JSON" python3 -c "
import json
d = json.load(open('$TMP/show.json'))
assert d['meta']['clock'] == 'ns' and d['counts']['cases'] == d['counts']['measured'] + d['counts']['skipped']
assert d['fits'] and all(g['count'] >= 1 and g['reason'] for g in d['skipped'])"

cat >"$TMP/bad.json" <<'J'
{"description": "bad", "benches": ["tailcall"], "nest": "0..9"}
J
"$TB" run -s "$TMP/bad.json" --results-dir "$TMP/out" 2>"$TMP/err"
check "a malformed scenario exits 2" [ $? -eq 2 ]
check "the message names the file, the field and what was expected" \
	grep -q "bad.json: field 'nest': expected integers 0..7" "$TMP/err"
check "nothing ran: no result was written" [ ! -e "$TMP/out" ]

printf '{"description": "x", "benches": ["tailcall"],' >"$TMP/broken.json"
"$TB" run -s "$TMP/broken.json" -s chain 2>"$TMP/err"
check "invalid JSON exits 2, naming file and position" \
	bash -c "[ $? -eq 2 ] && grep -q 'broken.json:1:' '$TMP/err'"
"$TB" run -s no-such-scenario 2>"$TMP/err"
check "an unknown scenario exits 2" bash -c "[ $? -eq 2 ] && grep -q 'no-such-scenario' '$TMP/err'"
"$TB" run --check -s chian 2>"$TMP/err"
check "a misspelt scenario: exit 2, did you mean chain" \
	bash -c "[ $? -eq 2 ] && grep -q 'did you mean chain?' '$TMP/err'"
"$TB" shwo 2>"$TMP/err"
check "a misspelt command: exit 2, did you mean show" \
	bash -c "[ $? -eq 2 ] && grep -q \"unknown command 'shwo' (did you mean show?\" '$TMP/err'"
"$TB" run --trials x 2>/dev/null
check "a bad option value exits 2" [ $? -eq 2 ]

echo keep >"$TMP/exists.json"
"$TB" run -s chain -o "$TMP/exists.json" 2>"$TMP/err"
check "an existing -o file is refused before running" \
	bash -c "[ $? -eq 2 ] && grep -q 'never overwritten' '$TMP/err' && [ \"\$(cat '$TMP/exists.json')\" = keep ]"

# Where the result goes is checked before anything is measured (no root
# needed to see it: the check comes first).
touch "$TMP/afile"
ln -s "$TMP/nowhere" "$TMP/dangling.json"
for args in "-o T/nodir/r.json" "-o T/dangling.json" "-o ''" "-o T/afile/r.json" \
	"--results-dir T/no/such" "--results-dir T/afile" "--results-dir ''"; do
	eval "'$TB' run -s chain --quick ${args//T\//$TMP/}" >/dev/null 2>"$TMP/err"
	check "run $args: refused before measuring, exit 2" \
		bash -c "[ $? -eq 2 ] && [ \$(wc -l <'$TMP/err') -eq 1 ] && ! grep -q loaded '$TMP/err'"
done
check "a dangling link is never replaced" [ -L "$TMP/dangling.json" ] && [ ! -e "$TMP/nowhere" ]

# A CPU this process may not run on is refused, by --check and by run,
# before anything runs: pinning would fail and the result name that CPU.
past=$(getconf _NPROCESSORS_ONLN)
"$TB" run --check --quick --cpu "$past" >/dev/null 2>"$TMP/err"
check "run --check --cpu $past (past the last CPU): exit 2, naming the CPUs allowed" \
	bash -c "[ $? -eq 2 ] && grep -q -- '--cpu $past: not a CPU this process may run on (0' '$TMP/err'"
"$TB" run --quick -s chain --cpu "$past" --results-dir "$TMP/none" >/dev/null 2>"$TMP/err"
check "run --cpu $past: refused before measuring, nothing written" \
	bash -c "[ $? -eq 2 ] && [ ! -e '$TMP/none' ] && ! grep -q loaded '$TMP/err'"
if command -v taskset >/dev/null && [ "$past" -ge 2 ]; then
	taskset -c 0 "$TB" run --check --quick --cpu 1 >/dev/null 2>"$TMP/err"
	check "a CPU online but outside this process's affinity is refused too" \
		bash -c "[ $? -eq 2 ] && grep -q '(0; -1' '$TMP/err'"
fi
check "run --check --cpu -1 (no pinning) is valid" \
	bash -c "'$TB' run --check --quick --cpu -1 >/dev/null"

# A scenario file is checked whole, whichever mode runs; --check runs nothing.
"$TB" run --check -s "$TOP/tests/core/semantics.json" --results-dir "$TMP/none" >"$TMP/out" 2>"$TMP/err"
check "run --check: exit 0, the case count, nothing written" \
	bash -c "[ $? -eq 0 ] && grep -q '^1 scenario, 48 cases: valid' '$TMP/out' && [ ! -e '$TMP/none' ]"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$TB" run --check --quick -o - >/dev/null 2>"$TMP/err"
	check "run --check needs no privileges" [ $? -eq 0 ]
fi
for quick in '{"trials": 0}' '{"depht": [1]}' '{"depths": [34]}'; do
	echo "{\"description\": \"d\", \"benches\": [\"inline\"], \"quick\": $quick}" >"$TMP/q.json"
	for mode in "" --quick; do
		"$TB" run --check $mode -s "$TMP/q.json" >/dev/null 2>"$TMP/err"
		check "quick overrides $quick are refused ${mode:+with }${mode:-without --quick}" \
			bash -c "[ $? -eq 2 ] && grep -q 'q.json: quick: field' '$TMP/err'"
	done
done
echo '{"description": "d", "benches": ["inline"], "trials": 0, "quick": {"trials": 1}}' >"$TMP/q.json"
"$TB" run --check --quick -s "$TMP/q.json" >/dev/null 2>"$TMP/err"
check "a bad top-level field is refused under --quick too, where quick overrides it" [ $? -eq 2 ]

# One range-checked parser for every numeric option.
for args in "run --warmup -1" "run --repeat 0" "run --trials 0" "run --cpu -2" "run --seed x" \
	"run --trials 1e3" "run --trials ' 3'" "disasm --nest x" "disasm --nest -1" "disasm --depth 1x" \
	"disasm --stack 100"; do
	eval "'$TB' $args" >/dev/null 2>"$TMP/err"
	status=$?
	opt=$(echo "$args" | cut -d' ' -f2)
	check "$args: refused with exit 2, naming the option" \
		bash -c "[ $status -eq 2 ] && grep -q -- '$opt' '$TMP/err'"
done

# A FIFO (or any file that is not regular) given as input is refused at once.
mkfifo "$TMP/fifo.json"
for i in 1 2 3 4; do
	case $i in
	1) args=(run -s "$TMP/fifo.json") ;;
	2) args=(show "$TMP/fifo.json") ;;
	3) args=(compare "$TMP/fifo.json" "$TMP/fifo.json") ;;
	4) args=(export --format bmf "$TMP/fifo.json") ;;
	esac
	timeout 20 "$TB" "${args[@]}" >/dev/null 2>"$TMP/err"
	check "${args[0]} of a FIFO: refused, not waited on" \
		bash -c "[ $? -eq 2 ] && grep -q 'not a regular file' '$TMP/err'"
done

# Scenario names start every case id: two files of one name are refused.
mkdir "$TMP/other"
cp "$TOP/scenarios/chain.json" "$TMP/other/chain.json"
"$TB" run -s chain -s "$TMP/other/chain.json" -o - >/dev/null 2>"$TMP/err"
check "two scenario files of one name: exit 2, saying why" \
	bash -c "[ $? -eq 2 ] && grep -q 'would share ids' '$TMP/err'"
# A scenario's name reaches case ids, dat files, plots and HTML: names
# outside A-Z a-z 0-9 . _ + - are refused before anything runs.
for name in $'\xff' 'x<img src=y onerror=alert(1)>' '$(touch PWNED)' $'two\nlines' $'esc\e[2J' \
	' lead' '.hidden' -dash; do
	cp "$TOP/scenarios/chain.json" "$TMP/other/$name.json"
	(cd "$TMP" && "$TB" run --check -s "$TMP/other/$name.json" >/dev/null 2>"$TMP/err")
	rc=$?
	check "a scenario named $(printf %q "$name"): exit 2, saying which names are allowed" \
		bash -c "[ $rc -eq 2 ] && grep -q 'expected a file name of 1..64 of A-Z a-z 0-9 . _ + -' '$TMP/err'"
	rm "$TMP/other/$name.json"
done
check "no command in a scenario's name ran" bash -c "[ -z \"\$(find '$TMP' -name PWNED)\" ]"
cp "$TOP/scenarios/chain.json" "$TMP/other/chain-v2_b+c.json"
check "a name of the allowed alphabet is taken" \
	bash -c "'$TB' run --check -s '$TMP/other/chain-v2_b+c.json' >/dev/null"
cp "$TOP/scenarios/chain.json" "$TMP/other/"$'\xff'".json"
"$TB" --json show "$TMP/other/"$'\xff'".json" >"$TMP/out.json" 2>/dev/null
check "--json: an error naming a file not in UTF-8 is still a JSON object" \
	pyjson "$TMP/out.json" "'not a tailbench/1 result' in d['error']"

"$TB" show "$TMP/exists.json" 2>"$TMP/err"
check "show refuses a file that is not a result" [ $? -eq 2 ]

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$TB" run -s chain -o - 2>"$TMP/err"
	check "without privileges: exit 1 and one sentence saying what is needed" \
		bash -c "[ $? -eq 1 ] && grep -q 'needs root, or CAP_BPF with CAP_NET_ADMIN' '$TMP/err' && [ \$(wc -l <'$TMP/err') -eq 1 ]"
else
	skip "unprivileged run" "needs root and setpriv to drop privileges"
fi

need_root "options reach the cases"
cat >"$TMP/tiny.json" <<'J'
{"description": "two cases", "benches": ["tailcall", "tailcall"], "key_modes": ["static"], "depths": [0, 0, 1]}
J
"$TB" -q run -s "$TMP/tiny.json" -s "$TMP/tiny.json" --warmup 0 --repeat 1 --trials 1 -o "$TMP/tiny-r.json" 2>"$TMP/err"
check "repeated values and a repeated -s run each case once" \
	pyjson "$TMP/tiny-r.json" "len(d['cases']) == len(c) == 2"
check "--warmup 0 means no warm-up, --repeat 1 one repetition" \
	pyjson "$TMP/tiny-r.json" "all(x['warmup'] == 0 and x['repeat'] == 1 and x['status'] == 'ok' for x in d['cases'])"

# A FIFO among the noise profiles is passed over, never read (it would block).
mkdir -p "$TMP/rd/noise" && mkfifo "$TMP/rd/noise/noise-fifo.json"
timeout 60 "$TB" -q run -s "$TMP/tiny.json" --repeat 1 --trials 1 --results-dir "$TMP/rd" \
	-o "$TMP/fifo-r.json" >/dev/null 2>&1
check "a FIFO named like a noise profile does not block a run" \
	bash -c "[ $? -eq 0 ] && [ -s '$TMP/fifo-r.json' ]"
finish
