#!/usr/bin/env bash
# The A/A experiment: what the native figures and the gate are worth on this
# machine.  Makes RUNS consecutive quick runs of this build (and, with
# --pad N, RUNS more with N ALU instructions added to every hop), then says:
#   - how often a run's rerun interval holds the next run's per-hop cost;
#   - what compare says of each consecutive pair (0 unchanged, 1 regression,
#     3 inconclusive): A/A pairs must never exit 1;
#   - how often compare catches the padded runs against the plain ones.
set -euo pipefail
TOP=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
TB=$TOP/build/tailbench

usage() {
	cat <<'USAGE'
usage: ./run.sh aa [--runs N] [--pad P [--pad-runs M]] [--threshold T] [--scenario S] [--out DIR]

Runs N quick runs (default 10) of this build one after the other, using the
newest noise profile of this machine (./run.sh noise makes one: make it
before, not from these runs), and reports rerun-interval coverage and the
gate's verdicts on A/A pairs; with --pad P, M runs more (default 10, at
most N) with P ALU instructions per hop, each compared with the plain run
before it.  Result
files stay in DIR (default results/aa-<time>/).
USAGE
}

die() { printf 'aa: %s\n' "$1" >&2; exit "${2:-1}"; }
need() { [ $# -ge 2 ] || die "$1 needs a value" 2; }
runs=10 pad=0 pad_runs=10 threshold=5 scenario=() out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) need "$@"; runs=$2; shift 2 ;;
	--pad) need "$@"; pad=$2; shift 2 ;;
	--pad-runs) need "$@"; pad_runs=$2; shift 2 ;;
	--threshold) need "$@"; threshold=$2; shift 2 ;;
	--scenario) need "$@"; scenario+=(-s "$2"); shift 2 ;;
	--out) need "$@"; out=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -ge 2 ] || die "--runs: 2 or more" 2
[[ $pad =~ ^[0-9]+$ ]] || die "--pad: a number of instructions" 2
[[ $pad_runs =~ ^[0-9]+$ ]] && [ "$pad_runs" -ge 1 ] || die "--pad-runs: 1 or more" 2
[ "$pad_runs" -le "$runs" ] || pad_runs=$runs
out=${out:-$TOP/results/aa-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"

for i in $(seq 1 "$runs"); do
	printf 'aa: plain run %d of %d\n' "$i" "$runs" >&2
	"$TB" -q run --quick "${scenario[@]}" -o "$out/plain-$i.json" 2>/dev/null >&2 ||
		die "run $i failed"
	if [ "$pad" -gt 0 ] && [ "$i" -le "$pad_runs" ]; then
		printf 'aa: padded run %d of %d\n' "$i" "$pad_runs" >&2
		"$TB" -q run --quick "${scenario[@]}" --pad "$pad" -o "$out/pad-$i.json" 2>/dev/null >&2 ||
			die "padded run $i failed"
	fi
done

verdicts() {
	local base=$1 new=$2 rc=0
	"$TB" compare --threshold "$threshold" "$base" "$new" >"$new.vs.$(basename "$base").txt" 2>&1 || rc=$?
	echo "$rc"
}
aa=() det=()
for i in $(seq 2 "$runs"); do
	aa+=("$(verdicts "$out/plain-$((i - 1)).json" "$out/plain-$i.json")")
done
if [ "$pad" -gt 0 ]; then
	for i in $(seq 1 "$pad_runs"); do det+=("$(verdicts "$out/plain-$i.json" "$out/pad-$i.json")"); done
fi
python3 - "$out" "$runs" "$pad" "${aa[*]}" "${det[*]:-}" <<'PY'
import json, sys
out, runs, pad = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
aa, det = sys.argv[4].split(), sys.argv[5].split()
load = lambda p: json.load(open(p))
plain = [load("%s/plain-%d.json" % (out, i)) for i in range(1, runs + 1)]
def fam(f):
    return "%s/%s/%s/%s/n%d/s%d" % (f["scenario"], f["bench"], f["prog_type"], f["key_mode"], f["nest"], f["frame_stack"])
fams = [fam(f) for f in plain[0]["fits"]]
print("noise profile: %s" % (plain[0]["meta"].get("noise_profile") or {}).get("file", "none"))
print("%-44s %28s %10s %10s" % ("per-hop cost of", "values (first..last run)", "within", "rerun"))
for k in fams:
    ph = [next((f["per_hop"] for f in r["fits"] if fam(f) == k), None) for r in plain]
    if any(p is None for p in ph):
        continue
    within = sum(ph[i]["ci_low"] <= ph[i + 1]["value"] <= ph[i]["ci_high"] for i in range(runs - 1))
    has = all("rerun_low" in p for p in ph)
    rerun = sum(ph[i]["rerun_low"] <= ph[i + 1]["value"] <= ph[i]["rerun_high"] for i in range(runs - 1)) if has else None
    vals = sorted(p["value"] for p in ph)
    print("%-44s %12.2f .. %-12.2f %5d/%-4d %10s" % (k, vals[0], vals[-1], within, runs - 1,
          "%d/%d" % (rerun, runs - 1) if has else "-"))
count = lambda v, c: sum(x == c for x in v)
print("A/A pairs: %d; exit 0 (unchanged) %d, 1 (REGRESSED) %d, 3 (inconclusive) %d, 2 %d"
      % (len(aa), count(aa, "0"), count(aa, "1"), count(aa, "3"), count(aa, "2")))
if pad:
    import statistics
    print("padded by %d insns/hop against plain: %d pairs; exit 1 (detected) %d, 3 %d, 0 %d"
          % (pad, len(det), count(det, "1"), count(det, "3"), count(det, "0")))
    padded = [load("%s/pad-%d.json" % (out, i)) for i in range(1, len(det) + 1)]
    for k in fams:
        d = []
        for p, q in zip(plain, padded):
            a = next((f["per_hop"]["value"] for f in p["fits"] if fam(f) == k), None)
            b = next((f["per_hop"]["value"] for f in q["fits"] if fam(f) == k), None)
            if a is not None and b is not None:
                d.append((b - a, 100 * (b / a - 1)))
        if d:
            print("  %-42s +%.2f ns/hop (+%.0f%%), median of %d pairs"
                  % (k, statistics.median(x for x, _ in d), statistics.median(y for _, y in d), len(d)))
PY
echo "aa: files and compare reports in $out" >&2
