#!/usr/bin/env bash
# The build and the test runner: an edit rebuilds only what it touches, BPF
# objects find the host's multiarch headers, and tests/run-all.sh gives each
# script its own verdict.
. "$(dirname "$0")/../lib.sh"
tmpdir
cd "$TOP" || exit 1

make -s build/tailbench >/dev/null || not_ok "make build/tailbench"
# -W: as if harness/cmd/show.c had just been edited; REV=: as if the revision
# had changed (a commit, or the first edit making the tree dirty).
cc=$(make -n -W harness/cmd/show.c build/tailbench V=1 2>/dev/null | grep -c -- ' -c harness/')
check "an edit of one source recompiles that source alone (got $cc)" [ "$cc" -eq 1 ]
cc=$(make -n REV=another build/tailbench V=1 2>/dev/null | grep -c -- ' -c harness/')
check "a new revision recompiles no source of the harness (got $cc)" [ "$cc" -eq 0 ]
check "the revision is compiled into one object, not into every one" \
	bash -c "! make -n -B build/obj/cmd/show.o V=1 2>/dev/null | grep -q -- '-include'"
arch=$(gcc -print-multiarch)
check "BPF objects take the host's multiarch include directory ($arch)" \
	bash -c "make -n -B build/progs/baseline.bpf.o V=1 2>/dev/null | grep -q -- '-I/usr/include/$arch '"

# A tree of fake tests: one fails, a later one dies without a word.
mkdir -p "$TMP/t/tests/a" "$TMP/t/tests/b" "$TMP/t/build"
cp "$TOP/tests/run-all.sh" "$TMP/t/tests/"
printf 'unit:\n\t@true\n' >"$TMP/t/Makefile"
printf '#!/bin/sh\necho "ok - u"\n' >"$TMP/t/build/unit-tests"
printf '#!/bin/sh\necho "ok - a1"\necho "not ok - a2"\nexit 1\n' >"$TMP/t/tests/a/x.test.sh"
printf '#!/bin/sh\necho "ok - b1"\nexit 3\n' >"$TMP/t/tests/b/y.test.sh"
chmod +x "$TMP/t/build/unit-tests" "$TMP/t/tests"/*/*.sh
# Two that run two at a time: reported in order, each with its own count.
printf '#!/bin/sh\n# run-all: two at a time\nsleep 1; echo "ok - c1"\n' >"$TMP/t/tests/b/c.test.sh"
printf '#!/bin/sh\n# run-all: two at a time\necho "not ok - d1"\nexit 1\n' >"$TMP/t/tests/b/d.test.sh"
chmod +x "$TMP/t/tests/b"/*.sh
"$TMP/t/tests/run-all.sh" >"$TMP/out" 2>&1
check "run-all: a failure exits non-zero" [ $? -ne 0 ]
check "run-all: a script that dies silently after another's failure gets its own not ok" \
	grep -qx 'not ok - tests/b/y.test.sh exited with status 3' "$TMP/out"
check "run-all: a count per script, and its time" \
	bash -c "grep -qx '# tests/a/x.test.sh: 1 passed, 1 failed ([0-9]* s)' '$TMP/out' && grep -qx '# tests/b/y.test.sh: 1 passed, 1 failed ([0-9]* s)' '$TMP/out'"
check "run-all: scripts run two at a time are reported after the rest, in order, each counted" \
	bash -c "grep '^# tests/' '$TMP/out' | tail -n 4 | tr '\n' '|' | grep -qx '# tests/b/c.test.sh|# tests/b/c.test.sh: 1 passed, 0 failed ([1-9][0-9]* s)|# tests/b/d.test.sh|# tests/b/d.test.sh: 0 passed, 1 failed ([0-9]* s)|'"
check "run-all: the last line is the total" \
	bash -c "[ \"\$(tail -n 1 '$TMP/out')\" = '4 passed, 3 failed (0 of the passed were skipped)' ]"
finish
