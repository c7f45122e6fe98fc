#!/usr/bin/env bash
# tailbench check-pmu on the arm64 fixture (a VM result with the PMU's
# instructions beside test_run's icount clock): it passes the result as
# measured, and fails it where the PMU's counts are made to disagree, so
# that the matrix's gate on it can fail.  No VM: the fixture is enough.
. "$(dirname "$0")/../lib.sh"
tmpdir
res=$TOP/tests/fixtures/hops/vm-6.12.117-arm64.json

check "check-pmu --help" bash -c "'$TB' check-pmu --help | grep -q '^usage: tailbench check-pmu FILE'"
"$TB" check-pmu >/dev/null 2>"$TMP/err"
check "check-pmu without a file: usage, exit 2" bash -c "[ $? -eq 2 ] && grep -q '^usage:' '$TMP/err'"

"$TB" check-pmu "$res" >"$TMP/ok.out" 2>&1
check "the fixture as measured: every check holds, exit 0" [ $? -eq 0 ]
check "a line per family, its PMU slope beside test_run's per-hop count" \
	grep -Eq '^  chain/tailcall/xdp/static/n0/s0 +per hop: test_run +30.00  PMU +30.01  ok$' "$TMP/ok.out"
check "the fixed cost of each bench's samples" \
	grep -qx '  fixed cost E of tailcall/xdp: 12020..12119 instructions a sample' "$TMP/ok.out"

# One hop more per depth in the PMU's counts of one family; every sample of
# the deepest case with 2 000 instructions more outside test_run's timing
# (6.x XDP's dispatcher waits: not a slope), and interrupts in every sample
# (exact.quiet_irqs), which leave its fixed cost unchecked; the PMU counting less than
# test_run in one sample; the fixed cost of one quiet case grown by 500.
python3 - "$res" "$TMP" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
def case_of(d, prefix):
    return [c for c in d["cases"] if c["status"] == "ok" and c["id"].startswith(prefix)]
d = json.load(open(src))
for c in case_of(d, "chain/tailcall/xdp/static/"):
    c["series"]["instructions"]["samples"] = [v + c["depth"] for v in c["series"]["instructions"]["samples"]]
json.dump(d, open(out + "/slope.json", "w"))
d = json.load(open(src))
deepest = max(case_of(d, "chain/tailcall/xdp/static/"), key=lambda c: c["depth"])
deepest["series"]["instructions"]["samples"] = [v + 2000 / deepest["repeat"] for v in deepest["series"]["instructions"]["samples"]]
deepest["exact"] = {"quiet_irqs": 1}
json.dump(d, open(out + "/busy.json", "w"))
d = json.load(open(src))
ok = case_of(d, "")
ok[0]["series"]["instructions"]["samples"][0] = ok[0]["samples"][0] - 1
json.dump(d, open(out + "/less.json", "w"))
d = json.load(open(src))
c = case_of(d, "baseline/inline/xdp/")[0]
c["series"]["instructions"]["samples"] = [v + 500 / c["repeat"] for v in c["series"]["instructions"]["samples"]]
json.dump(d, open(out + "/spread.json", "w"))
PY
"$TB" check-pmu "$TMP/slope.json" >"$TMP/slope.out" 2>&1
check "fails a family whose PMU slope is off by one per hop" \
	bash -c "[ $? -eq 1 ] && grep -q '^  chain/tailcall/xdp/static/n0/s0 .*DISAGREE$' '$TMP/slope.out' &&
		grep -q 'FAILED: chain/tailcall/xdp/static/n0/s0: per hop 31.0. from the PMU, 30.00 from test_run' '$TMP/slope.out'"
"$TB" check-pmu "$TMP/busy.json" >"$TMP/busy.out" 2>&1
check "passes a family whose deepest case carried extra work in every sample" \
	bash -c "[ $? -eq 0 ] && grep -q '^  chain/tailcall/xdp/static/n0/s0 .* ok$' '$TMP/busy.out' &&
		grep -qx '  fixed cost E of tailcall/xdp: not checked in 1 cases, which take interrupts in every sample (per hop checked above)' '$TMP/busy.out'"
"$TB" check-pmu "$TMP/less.json" >"$TMP/less.out" 2>&1
check "fails a sample where the PMU counted less than test_run" \
	bash -c "[ $? -eq 1 ] && grep -q 'the PMU counted less than test_run' '$TMP/less.out'"
"$TB" check-pmu "$TMP/spread.json" >"$TMP/spread.out" 2>&1
check "fails a bench whose fixed cost spreads over the repeat + 1%" \
	bash -c "[ $? -eq 1 ] && grep -q 'FAILED: inline/xdp: the fixed cost E spreads over' '$TMP/spread.out'"
"$TB" check-pmu "$TOP/tests/fixtures/vm-6.1.0-50.json" >/dev/null 2>"$TMP/nopmu.err"
check "refuses a result without the PMU's instructions (exit 2)" \
	bash -c "[ $? -eq 2 ] && grep -q 'no PMU instructions beside test_run.s icount clock' '$TMP/nopmu.err'"
echo '{}' >"$TMP/not.json"
"$TB" check-pmu "$TMP/not.json" >/dev/null 2>&1
check "refuses a file that is not a result (exit 2)" [ $? -eq 2 ]
finish
