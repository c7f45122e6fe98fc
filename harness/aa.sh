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
before it (tailbench noise --check reads them).  Result files and each
pair's compare report stay in DIR (default results/aa-<time>/).  Exit
status: 0 no A/A pair regressed, 1 one did (a false alarm of the gate), 2
bad input.
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

# Each pair's report, for reading; tailbench noise --check counts the
# verdicts and the coverage.
report() {
	"$TB" compare --threshold "$threshold" "$1" "$2" >"$2.vs.$(basename "$1").txt" 2>&1 || true
}
plain=("$out/plain-1.json") padded=()
for i in $(seq 2 "$runs"); do
	report "$out/plain-$((i - 1)).json" "$out/plain-$i.json"
	plain+=("$out/plain-$i.json")
done
if [ "$pad" -gt 0 ]; then
	for i in $(seq 1 "$pad_runs"); do
		report "$out/plain-$i.json" "$out/pad-$i.json"
		padded+=(--padded "$out/pad-$i.json")
	done
fi
status=0
"$TB" noise --check --threshold "$threshold" "${plain[@]}" "${padded[@]}" || status=$?
echo "aa: files and compare reports in $out" >&2
exit "$status"
