#!/usr/bin/env bash
# Fuzzes the readers (libFuzzer, with ASan, UBSan and LeakSanitizer) from
# the seeds in tests/fuzz/corpus/: scenarios, results (with show and every
# export, the dat file among them), noise profiles (and the one result
# `noise` splits into runs), and explain's hop paths.  A bounded
# pass by default; for a long one:
#   FUZZ_SECONDS=600 tests/fuzz/fuzz.test.sh
# New inputs go to a temporary corpus; a crash, leak or hang (an input
# over 10 s) is a failure, and its input is kept in build/fuzz/.
. "$(dirname "$0")/../lib.sh"
tmpdir
cd "$TOP" || exit 1
seconds=${FUZZ_SECONDS:-15}

if ! make -s fuzz >"$TMP/build" 2>&1; then
	cat "$TMP/build"
	not_ok "build the fuzz targets (make fuzz: clang with libFuzzer)"
	finish
fi
for target in scenario result noise explain; do
	mkdir "$TMP/$target"
	# -close_fd_mask=2: the readers' messages go, sanitizer reports stay.
	nice -n 10 "build/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 \
		-close_fd_mask=2 -print_final_stats=1 -artifact_prefix=build/fuzz/ \
		"$TMP/$target" "tests/fuzz/corpus/$target" >"$TMP/log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/log")
	echo "# fuzz-$target: ${runs:-0} inputs in $seconds s, exit $status"
	if [ "$status" -ne 0 ] || grep -q 'ERROR: \|runtime error:' "$TMP/log"; then
		grep -A30 'ERROR: \|runtime error:' "$TMP/log" | head -40
		not_ok "fuzz-$target: no crash, leak, undefined behaviour or hang"
	else
		check "fuzz-$target: no crash, leak, undefined behaviour or hang (${runs:-0} inputs)" \
			[ "${runs:-0}" -gt 0 ]
	fi
done
finish
