#!/usr/bin/env bash
# The matrix's progress in a log (stderr not a terminal): a line as each
# boot begins, naming it, its place, the time so far and an ETA once a
# kernel is done; a last line with the total time.  Files that are no
# kernel image fail at once, so nothing boots.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
need_qemu "the matrix's progress"
tmpdir
for k in a b c; do echo "not a kernel" >"$TMP/$k.img"; done
"$VM/matrix.sh" --jobs 1 --results "$TMP/results" --image "$TMP/a.img" --label a \
	--image "$TMP/b.img" --label b --image "$TMP/c.img" --label c >/dev/null 2>"$TMP/log"
check "three junk images: exit 1, each FAILED" [ $? -eq 1 ]
check "a line as the first boot begins, no ETA yet" \
	grep -Eq '^booting a \(1 of 3\); [0-9]+ s, ETA after the first kernel$' "$TMP/log"
check "later boots with their place and an ETA" \
	bash -c "grep -Eq '^booting b \(2 of 3\); [0-9]+ s, ETA [0-9]+ s$' '$TMP/log' &&
		grep -Eq '^booting c \(3 of 3\); [0-9]+ s, ETA [0-9]+ s$' '$TMP/log'"
check "one line a boot, and the total at the end" \
	bash -c "[ \$(grep -c '^booting [abc] ' '$TMP/log') -eq 3 ] && grep -Eq '^3 of 3 kernels done in [0-9]+ s$' '$TMP/log'"
finish
