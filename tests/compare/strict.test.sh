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
	local name=$1 where=$2 file="$TMP/bad$((++n)).json" cmd
	mutate "$NATIVE" "$file" "$3"
	for cmd in "compare $NATIVE $file" "compare $file $NATIVE" "export --format bmf $file" \
		"show $file"; do
		$TB $cmd >"$TMP/out" 2>"$TMP/err"
		RC=$?
		if [ $RC -eq 2 ] && grep -qF "$file: $where" "$TMP/err"; then
			continue
		fi
		not_ok "$name: tailbench $cmd exits 2 naming '$where' (exit $RC: $(head -c 300 "$TMP/err"))"
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
compare_to "$TMP/out" "$TMP/err" "$NATIVE" "$TMP/more.json"
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
compare_to "$TMP/out" "$TMP/err" --allow-incomplete "$NATIVE" "$TMP/partial.json"
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
