#!/usr/bin/env bash
# compare --expect GLOB=+N: a predicted change of exact per-hop counts,
# checked family by family (harness/kbuild/example.sh's check of the example
# patch).  NEW is the 6.1 fixture with one instruction more per hop in every
# tail-call family of a static key, as the example patch makes it.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
base=$FX/vm-6.1.0-50.json

python3 - "$base" "$TMP/new.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["fits"]:
    if f["bench"].startswith("tailcall") and f["key_mode"] == "static":
        for k in ("value", "ci_low", "ci_high"):
            f["per_hop"][k] += 1
json.dump(d, open(sys.argv[2], "w"))
PY

check "compare --help names --expect" bash -c "'$TB' compare --help | grep -q -- '--expect GLOB=+N'"
"$TB" compare --expect '*/tailcall*/*/static/*=+1' "$base" "$TMP/new.json" >"$TMP/ok.out" 2>&1
check "the predicted change: exit 0, said" \
	bash -c "[ $? -eq 0 ] && grep -q '^the effect is as expected: ' '$TMP/ok.out'"
check "a line per family: base, new, the difference and the prediction" \
	bash -c "grep -Eq '^chain/tailcall/xdp/static/n0/s0 +15.00 +16.00 +\+1.00 +\+1$' '$TMP/ok.out' &&
		grep -Eq '^chain/tailcall/xdp/dynamic/n0/s0 +27.00 +27.00 +\+0.00 +\+0$' '$TMP/ok.out'"
check "compare's own verdict is said too" grep -q "^compare's verdict: " "$TMP/ok.out"

"$TB" compare --expect '*/tailcall/*/static/*=+1' "$base" "$TMP/new.json" >"$TMP/miss.out" 2>&1
check "a family that changed though predicted not to: exit 1, marked WRONG" \
	bash -c "[ $? -eq 1 ] && grep -Eq '^baseline/tailcall_percpu/xdp/static/n0/s0 .* WRONG$' '$TMP/miss.out' &&
		grep -q '^the effect is NOT as expected' '$TMP/miss.out'"
"$TB" compare --expect '*/tailcall*/*/static/*=+2' "$base" "$TMP/new.json" >"$TMP/two.out" 2>&1
check "a change of another size than predicted: exit 1" [ $? -eq 1 ]
"$TB" compare --expect 'chian/*=+1' "$base" "$TMP/new.json" >"$TMP/typo.out" 2>&1
check "a glob no family matches: exit 1, said (a typo predicts nothing)" \
	bash -c "[ $? -eq 1 ] && grep -q 'chian/\*=+1: no family of BASE matches it' '$TMP/typo.out'"
"$TB" compare --expect 'nonumber' "$base" "$TMP/new.json" >/dev/null 2>"$TMP/err"
check "--expect without =N: exit 2, said" bash -c "[ $? -eq 2 ] && grep -q 'expected GLOB=+N' '$TMP/err'"
"$TB" compare --expect 'x=+one' "$base" "$TMP/new.json" >/dev/null 2>"$TMP/err"
check "--expect with a change that is no number: exit 2" [ $? -eq 2 ]
"$TB" compare --expect '*=+1' "$FX/native-6.18.44.json" "$FX/native-6.18.44.json" >/dev/null 2>"$TMP/err"
check "--expect on timings: exit 2, it needs exact counts" \
	bash -c "[ $? -eq 2 ] && grep -q 'needs exact counts' '$TMP/err'"
"$TB" --json compare --expect '*=+1' "$base" "$TMP/new.json" >/dev/null 2>"$TMP/err"
check "--expect with --json: refused, exit 2" [ $? -eq 2 ]
finish
