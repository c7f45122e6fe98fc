#!/usr/bin/env bash
# Every relative link of the project's Markdown pages resolves: the file or
# folder exists and, into a Markdown page, so does the heading.  Pages the
# README announces before they are written are listed in PENDING.
. "$(dirname "$0")/../lib.sh"
tmpdir
cd "$TOP" || exit 1

# Pages written on other branches that the README links already (none now).
PENDING=()

mapfile -t pages < <(git ls-files --cached --others --exclude-standard '*.md' 2>/dev/null || find . -name '*.md' -not -path './build/*')
pending=()
for p in "${PENDING[@]}"; do
	[ -e "$p" ] || pending+=(--pending "$p")
done
python3 tests/docs/mdcheck.py links "${pending[@]}" "${pages[@]}" >"$TMP/out" 2>"$TMP/err"
status=$?
sed 's/^/# /' "$TMP/out" "$TMP/err"
check "every relative link in ${#pages[@]} pages resolves" [ "$status" -eq 0 ]

# The check must be able to fail: a missing page, a missing heading.
mkdir -p "$TMP/d"
printf '# Top\n\n## A heading, with `code`\n\n[ok](#a-heading-with-code) [up](a.md#top)\n' >"$TMP/d/a.md"
printf '[gone](missing.md) [bad](a.md#no-such-heading) [code: `[x](nowhere.md)`]\n' >"$TMP/d/b.md"
check "links to a heading of the page and of another resolve" python3 tests/docs/mdcheck.py links "$TMP/d/a.md"
python3 tests/docs/mdcheck.py links "$TMP/d/b.md" 2>"$TMP/err2"
check "a link to a missing page, or to a missing heading, fails, naming each" \
	bash -c "[ $? -eq 1 ] && grep -q 'missing.md: no such file' '$TMP/err2' && grep -q 'no heading with anchor #no-such-heading' '$TMP/err2' && ! grep -q nowhere '$TMP/err2'"
printf '[soon](later.md)\n' >"$TMP/d/c.md"
check "a pending page passes, and says so; not pending, it fails" \
	bash -c "python3 tests/docs/mdcheck.py links --pending '$TMP/d/later.md' '$TMP/d/c.md' | grep -q 'later.md: pending' &&
		! python3 tests/docs/mdcheck.py links '$TMP/d/c.md' 2>/dev/null"
finish
