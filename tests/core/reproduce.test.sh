#!/usr/bin/env bash
# tailbench reproduce and plots/chaignon.sh on the chaignon2021 results kept
# in docs/data (Debian's 5.10 and 6.1 in the icount VM, with and without
# retpoline): his table, the ratios, and a fixture changed to a known ratio.
. "$(dirname "$0")/../lib.sh"
tmpdir
data=$TOP/docs/data/chaignon2021-2026-12-04
for k in 5.10 6.1; do
	for m in auto off; do
		xz -dc "$data"/vm-$k.*-mitigations-$m.json.xz >"$TMP/vm-$k-$m.json"
	done
done
run() { "$TB" reproduce "$@" >"$TMP/out" 2>"$TMP/err"; echo $? >"$TMP/rc"; }
rc() { [ "$(cat "$TMP/rc")" = "$1" ]; }
has() { grep -qF -- "$1" "$TMP/out"; }

run
check "no file is a usage error (exit 2)" rc 2
run "$TOP/tests/fixtures/native-6.18.44.json"
check "a result without the scenario alone fails (exit 1), saying how to make one" \
	eval 'rc 1 && grep -q "left out: no measured chaignon2021 cases.*tailbench run -s chaignon2021" "$TMP/err"'
run "$TOP/tests/fixtures/native-6.18.44.json" "$TMP/vm-6.1-auto.json"
check "beside one that has it, it is left out, saying so (exit 0)" \
	eval 'rc 0 && grep -q "native-6.18.44.json left out" "$TMP/err" && ! has "6.18"'
echo '{' >"$TMP/broken.json"
run "$TMP/broken.json" "$TMP/vm-6.1-auto.json"
check "a file that is no result fails the command (exit 1)" rc 1

run "$TMP"/vm-5.10-auto.json "$TMP"/vm-5.10-off.json "$TMP"/vm-6.1-*.json
check "reproduce exits 0" rc 0
check "his rows stand with his ratio, ours empty where he alone measured" \
	has "| 4.19 | 772 | 429 | 1.80 | - | - | - | - |"
check "5.10: his and ours on one row, ours in instructions, with/without from the 33-call chain" \
	has "| 5.10 | 325 | 312 | 1.04 | 503.0 | 501.0 | 1.00 | insns |"
check "a kernel he did not measure has a row of its own" \
	has "| 6.1 | - | - | - | 423.0 | 421.0 | 1.00 | insns |"
check "33/0 and the counter's work (counted hop minus bare hop): exact, 4 instructions" \
	has "| 5.10.0-32-cloud-amd64 mitigations=auto | retpoline | insns | 143.0 | 503.0 | 3.52 | 11 | 15 | 4 | exact count; the counter's work from both |"
check "his 33/0 comes from his 0-chain range" has "His 33/0: 13 to 15"
check "kernel to kernel: his 5.5 to 5.10 dearer, our 5.10 to 6.1 cheaper" \
	eval 'has "| 5.5 | 5.10 | dearer (x2.69) | - | - |" && has "| 5.10 | 6.1 | - | cheaper (x0.84) | insns |"'

# The 33-call chain without retpoline made half as dear: the ratio follows.
python3 - "$TMP/vm-5.10-off.json" "$TMP/half.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cases"]:
    if c["id"].endswith("/chaignon2021/act/static/n0/s0/d33"):
        c["stat"]["agreed"] = c["stat"]["median"] = 251.5
json.dump(d, open(sys.argv[2], "w"))
PY
run "$TMP"/vm-5.10-auto.json "$TMP/half.json"
check "with/without is computed from the cases (a fixture made 2.00)" \
	has "| 5.10 | 325 | 312 | 1.04 | 503.0 | 251.5 | 2.00 | insns |"

mkdir "$TMP/dat"
run --dat "$TMP/dat" "$TMP"/vm-5.10-*.json
check "--dat writes one chain and one bars file per clock" \
	eval '[ -s "$TMP/dat/chaignon-chain-insns.dat" ] && [ -s "$TMP/dat/chaignon-bars-insns.dat" ]'
check "the bars file holds his block, then ours" \
	eval 'grep -qx "5.10 325 312" "$TMP/dat/chaignon-bars-insns.dat" && grep -qx "5.10 503.000 501.000" "$TMP/dat/chaignon-bars-insns.dat"'
cp "$TMP/dat/chaignon-chain-insns.dat" "$TMP/before"
run --dat "$TMP/dat" "$TMP/half.json"
check "an existing dat file is never replaced (exit 1)" \
	eval 'rc 1 && grep -q "never replaced" "$TMP/err" && cmp -s "$TMP/before" "$TMP/dat/chaignon-chain-insns.dat"'

# A study's scenario runs when named, not in the default suite.
check "run with no scenario named leaves chaignon2021 out (\"suite\": false)" \
	eval '! "$TB" run --check 2>&1 | grep -q chaignon2021'
check "named, it runs: 34 bare chains and 34 counted ones" \
	eval '"$TB" run --check -s chaignon2021 2>&1 | grep -q "^chaignon2021 *68 cases"'
printf '{"description": "x", "benches": ["inline"], "suite": "no"}\n' >"$TMP/bad.json"
"$TB" run --check -s "$TMP/bad.json" >/dev/null 2>"$TMP/err"
bad_rc=$?
check "a suite field that is not a boolean is refused (exit 2), naming it" \
	eval '[ $bad_rc -eq 2 ] && grep -q "field .suite.: expected true or false" "$TMP/err"'

if command -v gnuplot >/dev/null; then
	TB=$TB "$TOP/plots/chaignon.sh" --out "$TMP/plots" "$TMP"/vm-5.10-*.json >/dev/null 2>"$TMP/err"
	check "plots/chaignon.sh draws his layout: the chain and the bars, png and svg" \
		eval '[ -s "$TMP/plots/chaignon-insns-chain.png" ] && [ -s "$TMP/plots/chaignon-insns-bars.svg" ] && [ -s "$TMP/plots/chaignon.md" ]'
else
	skip "plots/chaignon.sh" "needs gnuplot"
fi
finish
