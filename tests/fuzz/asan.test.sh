#!/usr/bin/env bash
# The unit tests and the command line under AddressSanitizer, UBSan and
# LeakSanitizer (make asan: build/asan/, a tree of its own).
. "$(dirname "$0")/../lib.sh"
tmpdir
cd "$TOP" || exit 1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
ASAN_TB=build/asan/tailbench

if ! make -s asan >"$TMP/build" 2>&1; then
	cat "$TMP/build"
	not_ok "build with sanitizers (make asan)"
	finish
fi

# clean LOG: no sanitizer report in it.
clean() { ! grep -q 'ERROR: .*Sanitizer\|runtime error:' "$1"; }

build/asan/unit-tests build >"$TMP/log" 2>&1
status=$?
check "unit tests pass under ASan and UBSan" [ "$status" -eq 0 ]
check "unit tests: no sanitizer finding (leaks included)" clean "$TMP/log"
grep -a -A20 'ERROR: .*Sanitizer\|runtime error:' "$TMP/log" | head -30

fix=tests/fixtures/native-6.18.44.json
for args in "run --check" "run --check --quick -s nesting -s chain" "run --trials 0" "show $fix" \
	"compare $fix $fix" "export --format dat $fix" "export --format bmf $fix" "disasm --nest x" \
	"show no-such-result.json"; do
	$ASAN_TB $args >/dev/null 2>"$TMP/log"
	check "tailbench $args: no sanitizer finding" clean "$TMP/log"
done
if [ "$(id -u)" -eq 0 ]; then
	$ASAN_TB -q run -s tests/core/semantics.json --trials 2 --repeat 10 -o "$TMP/r.json" \
		>/dev/null 2>"$TMP/log"
	check "a real run (validation, skipped cases, result): no sanitizer finding" \
		bash -c "[ $? -eq 0 ] && ! grep -q 'ERROR: .*Sanitizer\|runtime error:' '$TMP/log'"
else
	skip "a real run under ASan" "needs root to load BPF programs"
fi
finish
