#!/usr/bin/env bash
# The house by stage (docs/layout.md): harness/ is one folder per stage,
# each with its README, no include circle, no include of a later stage,
# and the views read results without the writer.
. "$(dirname "$0")/../lib.sh"
tmpdir
cd "$TOP" || exit 1

graph=$(tests/core/includes.sh harness)
check "harness/: no include circle and no include of a later stage ($(tail -n 1 <<<"$graph"))" \
	[ "$(tail -n 1 <<<"$graph")" = "circles 0, up 0" ]
flat=$(find harness -maxdepth 1 -name '*.[ch]')
check "harness/: no C file outside a stage's folder (${flat:-none})" [ -z "$flat" ]
for d in harness/*/; do
	[ -n "$(find "$d" -maxdepth 1 -name '*.[ch]' -print -quit)" ] || continue
	check "${d%/}: a README.md saying what it holds and may use" \
		grep -q '^May use:' "$d/README.md"
done
writers=$(grep -l '#include "measure/record.h"' harness/cmd/*.c | grep -v '^harness/cmd/run.c$' || true)
check "only run includes the result's writer (others: ${writers:-none})" [ -z "$writers" ]

# The check can fail: a tree with a circle (a <-> b) and an include of a
# later stage (base/a includes cmd/c).
mkdir -p "$TMP/h/base" "$TMP/h/cmd"
printf '#include "base/b.h"\n#include "cmd/c.h"\n' >"$TMP/h/base/a.c"
printf '#include "base/a.h"\n' >"$TMP/h/base/b.c"
touch "$TMP/h/base/a.h" "$TMP/h/base/b.h" "$TMP/h/cmd/c.h"
out=$(tests/core/includes.sh "$TMP/h")
check "includes.sh finds a circle and an include of a later stage" \
	bash -c "grep -qx 'circle base/[ab] base/[ab]' <<<'$out' && grep -qx 'up base/a cmd/c' <<<'$out' && [ \"\$(tail -n 1 <<<'$out')\" = 'circles 1, up 1' ]"
finish
