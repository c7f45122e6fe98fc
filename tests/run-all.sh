#!/usr/bin/env bash
# Runs every test: the unit-test binary, then each tests/<area>/*.test.sh.
# Each prints "ok - NAME" or "not ok - NAME" lines (and "ok - NAME # SKIP why");
# this script counts them per script and in all, and ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

log=$(mktemp)
trap 'rm -rf "$log" "$log.one" "${lanedir:-}"' EXIT
status=0

# run NAME COMMAND...: a script's own lines decide its verdict, so one that
# dies silently after another script's failure still gets its "not ok".
# Each ends with its own time (a laned script's, given in RUN_SECS).
run() {
	local name=$1 rc passed failed start=$SECONDS
	shift
	printf '# %s\n' "$name"
	"$@" 2>&1 | tee "$log.one"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$log.one"; then
		echo "not ok - $name exited with status $rc" | tee -a "$log.one"
	fi
	passed=$(grep -c '^ok ' "$log.one")
	failed=$(grep -c '^not ok ' "$log.one")
	printf '# %s: %d passed, %d failed (%d s)\n' "$name" "$passed" "$failed" \
		"${RUN_SECS:-$((SECONDS - start))}"
	[ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] && status=1
	cat "$log.one" >>"$log"
}

# replay DIR: a script run earlier in the background, its output and status.
replay() {
	cat "$1/out"
	return "$(cat "$1/rc")"
}

# lanes DIR SCRIPT...: scripts that say "# run-all: two at a time" (a
# guest of another architecture each: one qemu, one core, its own cache
# and payload) run two at a time beside the others, each into DIR/N; they
# are reported at the end, one by one, in order, as if run alone.
lanes() {
	local dir=$1 i=0 n=0
	shift
	for t in "$@"; do
		if [ "$n" -ge 2 ]; then
			wait -n
			n=$((n - 1))
		fi
		mkdir "$dir/$i"
		(s=$SECONDS; "$t" >"$dir/$i/out" 2>&1; echo $? >"$dir/$i/rc"
		 echo $((SECONDS - s)) >"$dir/$i/secs") &
		i=$((i + 1)) n=$((n + 1))
	done
	wait
}

# selected SCRIPT: in the areas asked for (all without arguments).
selected() {
	[ -x "$1" ] && { [ "$nareas" -eq 0 ] || printf '%s\n' "${areas[@]}" | grep -qx "$(basename "$(dirname "$1")")"; }
}

areas=("$@") nareas=$#
make -s unit >/dev/null || { echo "not ok - build unit tests"; exit 1; }
laned=()
for t in tests/*/*.test.sh; do
	selected "$t" && grep -qx '# run-all: two at a time' "$t" && laned+=("$t")
done
lanedir=$(mktemp -d)
lanes "$lanedir" "${laned[@]}" &
lanes_pid=$!
run unit ./build/unit-tests
for t in tests/*/*.test.sh; do
	selected "$t" || continue
	grep -qx '# run-all: two at a time' "$t" && continue
	run "$t" "$t"
done
wait "$lanes_pid"
i=0
for t in "${laned[@]}"; do
	RUN_SECS=$(cat "$lanedir/$i/secs") run "$t" replay "$lanedir/$i"
	i=$((i + 1))
done
rm -rf "$lanedir"

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
skipped=$(grep -c '^ok .*# SKIP' "$log")
echo "$passed passed, $failed failed ($skipped of the passed were skipped)"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
