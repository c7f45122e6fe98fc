#!/usr/bin/env bash
# The strict reader: a result compare, export or show cannot read in full is
# refused (exit 2), naming the file and where in it the fault lies; one of an
# interrupted run is refused by compare and export unless allowed.
. "$(dirname "$0")/lib.sh"
tmpdir

for f in "$TOP"/tests/fixtures/*.json; do
	"$TB" export --format dat "$f" >/dev/null 2>"$TMP/err"
	check "fixture $(basename "$f") loads" [ $? -eq 0 ] && [ ! -s "$TMP/err" ]
done

# malformed NAME WHERE CODE: a copy of the native fixture changed by CODE is
# refused by compare as NEW and as BASE, by export and by show, each naming
# the file and WHERE (a path in the document, and what is wrong there).
n=0
malformed() {
	local name=$1 where=$2 file="$TMP/bad$((++n)).json" i args
	mutate "$NATIVE" "$file" "$3"
	# Each command's words as an array: the paths may hold spaces.
	for i in 1 2 3 4; do
		case $i in
		1) args=(compare "$NATIVE" "$file") ;;
		2) args=(compare "$file" "$NATIVE") ;;
		3) args=(export --format bmf "$file") ;;
		4) args=(show "$file") ;;
		esac
		"$TB" "${args[@]}" >"$TMP/out" 2>"$TMP/err"
		RC=$?
		if [ $RC -eq 2 ] && grep -qF "$file: $where" "$TMP/err"; then
			continue
		fi
		not_ok "$name: tailbench ${args[*]} exits 2 naming '$where' (exit $RC: $(head -c 300 "$TMP/err"))"
		return
	done
	ok "$name: refused by compare (either side), export and show, naming $where"
}

malformed "a sample written as a string" 'cases[12].samples[1]: expected a number, got a string' \
	'd["cases"][12]["samples"][1] = str(d["cases"][12]["samples"][1])'
malformed "a measured case without samples" 'cases[12].samples: expected at least one element, got an empty array' \
	'd["cases"][12]["samples"] = []'
malformed "a measured case missing samples" 'cases[3].samples: missing' \
	'del d["cases"][3]["samples"]'
malformed "a median that is null" 'cases[0].stat.median: expected a number, got null' \
	'd["cases"][0]["stat"]["median"] = None'
malformed "a fit without per_hop" 'fits[2].per_hop: missing' \
	'del d["fits"][2]["per_hop"]'
malformed "a per-hop value written as a string" 'fits[0].per_hop.value: expected a number, got a string' \
	'd["fits"][0]["per_hop"]["value"] = "3.1"'
malformed "a fit's nest fractional" 'fits[1].nest: expected an integer, got a fractional number' \
	'd["fits"][1]["nest"] = 0.5'
malformed "two cases of one id" "cases[7]: id $(python3 -c "import json; print(json.load(open('$NATIVE'))['cases'][6]['id'])") is already cases[6]" \
	'd["cases"][7]["id"] = d["cases"][6]["id"]'
malformed "two fits of one family" "fits[$(python3 -c "import json; print(len(json.load(open('$NATIVE'))['fits']))")]: family $STATIC is already fits[0]" \
	'd["fits"].append(dict(d["fits"][0]))'
malformed "an unknown status" 'cases[4].status: expected "ok" or "skipped", got "done"' \
	'd["cases"][4]["status"] = "done"'
skipped=$(python3 -c "import json; print([c['status'] for c in json.load(open('$NATIVE'))['cases']].index('skipped'))")
malformed "a skipped case without a reason" "cases[$skipped].reason: expected a string, got null" \
	"d['cases'][$skipped]['reason'] = None"
malformed "depth missing" 'cases[9].depth: missing' 'del d["cases"][9]["depth"]'
malformed "meta.clock a number" 'meta.clock: expected a string, got an integer' 'd["meta"]["clock"] = 1'
malformed "meta.kernel missing" 'meta.kernel: missing' 'del d["meta"]["kernel"]'
malformed "cases an object" 'cases: expected an array, got an object' 'd["cases"] = {}'
malformed "a segment's per_hop a number" 'fits[0].segments[0].per_hop: expected an object, got a fractional number' \
	'd["fits"][0].update(model="segments", segments=[dict(per_hop=1.5, **{"from": 0, "to": 6})])'
malformed "a residual's depth a string" 'fits[0].residuals[0].depth: expected an integer, got a string' \
	'd["fits"][0]["residuals"] = [{"depth": "6", "off": 1}]'
malformed "a regime's per_hop missing" 'fits[0].regimes[0].per_hop: missing' \
	'd["fits"][0]["regimes"] = [{"from_trial": 1, "to_trial": 3}]'
malformed "meta.noise_profile a string" 'meta.noise_profile: expected an object, got a string' \
	'd["meta"]["noise_profile"] = "noise.json"'

# Domains: what the model allows, and no integer an int cannot hold (a
# reader would see another value, or overflow on it).
malformed "a nest of 2147483647" 'cases[0].nest: 2147483647 is out of range (0..7)' \
	'd["cases"][0]["nest"] = 2147483647'
malformed "a fit's nest of -1" 'fits[0].nest: -1 is out of range (0..7)' 'd["fits"][0]["nest"] = -1'
malformed "a frame_stack of 4096" 'cases[5].frame_stack: 4096 is out of range (0..512)' \
	'd["cases"][5]["frame_stack"] = 4096'
malformed "a depth of 65" 'cases[7].depth: 65 is out of range (0..64)' 'd["cases"][7]["depth"] = 65'
malformed "a depth of 2^32 + 3 (3 in 32 bits)" 'cases[7].depth: 4294967299 is out of range (0..64)' \
	'd["cases"][7]["depth"] = 2**32 + 3'
malformed "a fit's depths[] of 2^63 - 1" 'fits[0].depths[1]: 9223372036854775807 is out of range (0..64)' \
	'd["fits"][0]["depths"][1] = 2**63 - 1'
malformed "meta.run.runs of -3" 'meta.run.runs: -3 is out of range (1..100)' 'd["meta"]["run"]["runs"] = -3'
malformed "meta.run.runs of 1e8" 'meta.run.runs: 100000000 is out of range (1..100)' \
	'd["meta"]["run"]["runs"] = 10**8'
malformed "meta.pad of 1000" 'meta.pad: 1000 is out of range (0..128)' 'd["meta"]["pad"] = 1000'
malformed "trials_done of 2^31" 'meta.run.trials_done: 2147483648 is out of range (0..2147483647)' \
	'd["meta"]["run"]["trials_done"] = 2**31'
# Names (scenario, bench, type, key mode) go into ids, dat files and HTML.
malformed "a scenario name with a newline" 'cases[0].scenario: expected a name: 1..64 of A-Z a-z 0-9 . _ + -' \
	'd["cases"][0]["scenario"] = "chain\nx"'
malformed "a bench name with markup" 'fits[2].bench: expected a name' \
	'd["fits"][2]["bench"] = "<script>x</script>"'
malformed "a key mode with an escape" 'cases[3].key_mode: expected a name' \
	'd["cases"][3]["key_mode"] = "static\x1b[2J"'
# Runs in one result: each measured case says how many samples each gave.
malformed "runs 3, no sample_runs" 'cases[0].sample_runs: missing: meta.run.runs is 3' \
	'd["meta"]["run"]["runs"] = 3'
malformed "sample_runs of -1000000" 'cases[0].sample_runs[0]: -1000000 is out of range (0..2147483647)' \
	'd["meta"]["run"]["runs"] = 2; d["cases"][0]["sample_runs"] = [-1000000, 1000003]'
malformed "sample_runs that do not add up" 'cases[0].sample_runs: they add up to 4 samples, the case has 3' \
	'd["meta"]["run"]["runs"] = 2; d["cases"][0]["sample_runs"] = [2, 2]'
malformed "sample_runs of another number of runs" 'cases[0].sample_runs: 3 entries for 2 runs' \
	'd["meta"]["run"]["runs"] = 2; d["cases"][0]["sample_runs"] = [1, 1, 1]'
malformed "a run of a complete result without samples" 'cases[0].sample_runs[1]: a run of a complete result gave no samples' \
	'd["meta"]["run"]["runs"] = 2; d["cases"][0]["sample_runs"] = [3, 0]'

# What tailbench/1 may add is allowed, and so are the documented optional
# fields: a reader of today reads tomorrow's file.
mutate "$NATIVE" "$TMP/more.json" '
d["meta"].update(future={"x": 1}, pad=0, noise_profile=None)
d["cases"][0]["future"] = [1, "two"]
d["fits"][0].update(model="segments", knees=[{"depth": 12, "jump": 3.5}], residuals=[],
                    segments=[{"from": 0, "to": 6, "per_hop": {"value": 1, "ci_low": 0, "ci_high": 2},
                               "base": 1, "r2": 1}],
                    regimes=[{"from_trial": 1, "to_trial": 3, "per_hop": 3.2}])
d["fits"][0]["per_hop"].update(interval="within-run", rerun_low=2, rerun_high=4)'
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" "$NATIVE" "$TMP/more.json"
check "extra and optional fields are read: exit 0, nothing said" bash -c "[ $RC -eq 0 ] && [ ! -s '$TMP/err' ]"

# An interrupted run: 1 of 3 trials, the last cases never reached.
mutate "$NATIVE" "$TMP/partial.json" '
d["meta"].update(complete=False)
d["meta"]["run"].update(trials_done=1, interrupted=True)
for c in measured(d)[-5:]:
    c["samples"] = []
    del c["stat"]'
incomplete="$TMP/partial.json is incomplete (interrupted after 1 of 3 trials)"
compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/partial.json"
check "compare refuses an incomplete NEW: exit 2, saying so and how to use it" \
	bash -c "[ $RC -eq 2 ] && grep -qF '$incomplete' '$TMP/err' && grep -q -- '--allow-incomplete' '$TMP/err' && [ ! -s '$TMP/out' ]"
compare_to "$TMP/out" "$TMP/err" "$TMP/partial.json" "$NATIVE"
check "compare refuses an incomplete BASE" bash -c "[ $RC -eq 2 ] && grep -qF '$incomplete' '$TMP/err'"
compare_to "$TMP/out" "$TMP/err" "${WIDE[@]}" --allow-incomplete "$NATIVE" "$TMP/partial.json"
check "compare --allow-incomplete uses it" bash -c "[ $RC -le 1 ] && grep -q 'unchanged' '$TMP/out'"
"$TB" export --format dat "$TMP/partial.json" >"$TMP/out" 2>"$TMP/err"
check "export refuses it: exit 2, saying so" bash -c "[ $? -eq 2 ] && grep -qF '$incomplete' '$TMP/err'"
"$TB" export --format bmf --allow-incomplete "$TMP/partial.json" >"$TMP/out" 2>"$TMP/err"
check "export --allow-incomplete uses it" bash -c "[ $? -eq 0 ] && [ -s '$TMP/out' ]"
"$TB" show "$TMP/partial.json" >"$TMP/out" 2>"$TMP/err"
check "show shows it, marked incomplete" bash -c "[ $? -eq 0 ] && grep -q 'INCOMPLETE' '$TMP/out'"
# Only an interrupted run may have measured cases it never reached.
mutate "$TMP/partial.json" "$TMP/unreached.json" 'd["meta"]["complete"] = True'
"$TB" show "$TMP/unreached.json" >/dev/null 2>"$TMP/err"
check "a complete run with a case never reached: exit 2" \
	bash -c "[ $? -eq 2 ] && grep -q 'samples: expected at least one element' '$TMP/err'"
finish
