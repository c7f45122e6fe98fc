#!/usr/bin/env bash
# includes.sh [DIR]: the include graph of the harness's C sources (DIR,
# harness/ by default), at the level of modules (x.c and x.h are one), as
# the lines
#   edge A B        A includes B's header
#   circle A B...   modules that include each other, around
#   up A B          A's folder comes before B's in the stages' order
#                   (docs/layout.md), so A reaches up into a later stage
# and a last line "circles N, up M".  Exit 0 whatever it finds: the layout
# test judges.
set -euo pipefail
dir=${1:-harness}
# The stages, lowest first: a folder may include its own and earlier ones.
order="base load bench result hop measure cmd"

edges=$(cd "$dir" && for f in $(find . -name '*.[ch]' | sort); do
	f=${f#./}
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
		if [ -e "$inc" ] && [[ $inc == */* ]]; then t=$inc
		elif [ -e "$(dirname "$f")/$inc" ]; then t=$(realpath -m --relative-to=. "$(dirname "$f")/$inc")
		else continue; fi	# outside the tree (../progs): not the harness's
		a=${f%.[ch]} b=${t%.[ch]}
		[ "$a" = "$b" ] || echo "$a $b"
	done
done | sort -u)

printf '%s\n' "$edges" | sed '/^$/d; s/^/edge /'
# tsort names the modules of each loop it breaks (on stderr); one per loop.
printf '%s\n' "$edges" | tsort 2>&1 >/dev/null | awk '
	/input contains a loop/ { if (cur != "") print "circle" cur; cur = ""; next }
	{ sub(/^tsort: /, ""); cur = cur " " $0 }
	END { if (cur != "") print "circle" cur }' >"${TMPDIR:-/tmp}/includes.$$" || true
cat "${TMPDIR:-/tmp}/includes.$$"
circles=$(grep -c '^circle' "${TMPDIR:-/tmp}/includes.$$" || true)
rm -f "${TMPDIR:-/tmp}/includes.$$"
up=$(printf '%s\n' "$edges" | awk -v order="$order" '
	BEGIN { n = split(order, o, " "); for (i = 1; i <= n; i++) rank[o[i]] = i }
	NF == 2 {
		split($1, a, "/"); split($2, b, "/")
		# Flat files (no folder) have no stage: only circles judge them.
		if ((a[1] in rank) && (b[1] in rank) && rank[b[1]] > rank[a[1]]) { print "up " $1 " " $2; n_up++ }
	}
	END { exit 0 }')
[ -z "$up" ] || printf '%s\n' "$up"
echo "circles $circles, up $(printf '%s' "$up" | grep -c '^up' || true)"
