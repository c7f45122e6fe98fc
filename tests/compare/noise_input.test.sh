#!/usr/bin/env bash
# noise and --noise under hostile input: a profile is made of independent
# runs only, and a profile is read in full and must describe the machine of
# the figures it is applied to (compare here; run in tests/core/output).
. "$(dirname "$0")/lib.sh"
tmpdir

# synth OUT SEED: an A/A run of the native fixture, reduced by this build.
synth() {
	mutate "$NATIVE" "$TMP/raw-$1" "trials(d, 9, $2, spread=0.02)"
	"$TB" -q refit --noise none "$TMP/raw-$1" -o "$TMP/$1"
}
for s in 1 2 3 4; do synth r$s.json $s; done

# noise_status WANT ARGS...: tailbench noise exits WANT and writes nothing.
noise_status() {
	local want=$1
	shift
	"$TB" noise -o "$TMP/p.json" "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	[ "$rc" -eq "$want" ] && { [ "$want" -eq 0 ] || [ ! -e "$TMP/p.json" ]; }
}

check "noise A A A (one file three times): exit 2, nothing written" \
	noise_status 2 "$TMP/r1.json" "$TMP/r1.json" "$TMP/r1.json"
check "... saying they are one run" grep -q 'are one run (the same file, or copies)' "$TMP/err"
cp "$TMP/r1.json" "$TMP/copy.json"
check "noise A B copy-of-A: exit 2, nothing written" \
	noise_status 2 "$TMP/r1.json" "$TMP/r2.json" "$TMP/copy.json"
mutate "$TMP/r1.json" "$TMP/runs3.json" 'd["meta"]["run"]["runs"] = 3'
check "one result of runs 3 without sample_runs: exit 2, nothing written" \
	noise_status 2 "$TMP/runs3.json"
check "... naming the missing sample_runs" grep -q 'sample_runs: missing: meta.run.runs is 3' "$TMP/err"
for bad in '-3' '10**8'; do
	mutate "$TMP/r1.json" "$TMP/runs$bad.json" "d['meta']['run']['runs'] = $bad"
	check "meta.run.runs = $bad: exit 2, no abort, no hang" \
		noise_status 2 "$TMP/runs$bad.json"
done
mutate "$TMP/r1.json" "$TMP/neg.json" \
	'd["meta"]["run"]["runs"] = 2; [c.__setitem__("sample_runs", [-1000000, 1000000 + len(c["samples"])]) for c in measured(d)]'
check "sample_runs of -1000000: exit 2, no abort" noise_status 2 "$TMP/neg.json"
check "four independent runs make a profile" noise_status 0 "$TMP"/r[1-4].json

# Profiles given to compare are checked in full, and must match.
P=$TMP/p.json
check "compare --noise with the matching profile: exit 0" \
	bash -c "'$TB' compare --threshold 50 --noise '$P' '$TMP/r1.json' '$TMP/r2.json' >/dev/null 2>&1"
mutate "$P" "$TMP/other-kernel.json" 'd["meta"]["kernel"] = "5.10.0-other"'
"$TB" compare --noise "$TMP/other-kernel.json" "$TMP/r1.json" "$TMP/r2.json" >/dev/null 2>"$TMP/err"
check "compare --noise of another kernel's profile: exit 2, saying so" \
	bash -c "[ $? -eq 2 ] && grep -q 'describes another machine: its meta.kernel is 5.10.0-other, here 6.18.44' '$TMP/err'"
"$TB" compare --threshold 50 --force-noise --noise "$TMP/other-kernel.json" "$TMP/r1.json" "$TMP/r2.json" \
	>/dev/null 2>"$TMP/err"
check "... with --force-noise: compared, with a warning" \
	bash -c "[ $? -eq 0 ] && grep -q 'as --force-noise asks' '$TMP/err'"
mutate "$P" "$TMP/other-cpu.json" 'd["meta"]["cpu"] = "another CPU"'
check "compare --noise of another CPU's profile: exit 2" \
	bash -c "'$TB' compare --noise '$TMP/other-cpu.json' '$TMP/r1.json' '$TMP/r2.json' >/dev/null 2>&1; [ \$? -eq 2 ]"
for bad in 'd["meta"]["runs"] = -3' 'd["meta"]["runs"] = 1' \
	'd["fits"][next(iter(d["fits"]))]["runs"] = 10**8' \
	'd["fits"][next(iter(d["fits"]))]["sd_log"] = -1' 'd["fits"] = []' 'del d["meta"]["clock"]'; do
	rm -f "$TMP/bad.json"
	mutate "$P" "$TMP/bad.json" "$bad"
	"$TB" compare --noise "$TMP/bad.json" "$TMP/r1.json" "$TMP/r2.json" >/dev/null 2>"$TMP/err"
	check "a profile with $bad: refused, exit 2, naming the file" \
		bash -c "[ $? -eq 2 ] && grep -q '$TMP/bad.json: ' '$TMP/err'"
done
finish
