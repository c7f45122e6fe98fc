#!/usr/bin/env bash
# Runs every test: the unit-test binary, then each tests/<area>/*.test.sh.
# Each prints "ok - NAME" or "not ok - NAME" lines (and "ok - NAME # SKIP why");
# this script counts them and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run() {
	local name=$1
	shift
	printf '# %s\n' "$name"
	if ! "$@" 2>&1 | tee -a "$log"; then
		# A script that dies without saying what failed still fails.
		grep -q '^not ok' "$log" || echo "not ok - $name exited non-zero" | tee -a "$log"
		status=1
	fi
}

make -s unit >/dev/null || { echo "not ok - build unit tests"; exit 1; }
run unit ./build/unit-tests
for t in tests/*/*.test.sh; do
	[ -x "$t" ] || continue
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$(basename "$(dirname "$t")")"; then
		continue
	fi
	run "$t" "$t"
done

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
skipped=$(grep -c '^ok .*# SKIP' "$log")
echo "$passed passed, $failed failed ($skipped of the passed were skipped)"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
