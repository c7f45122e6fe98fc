#!/usr/bin/env bash
# patch-series and bisect without a kernel: a fake builder and a fake VM
# matrix (TB_KBUILD_BUILDER, TB_KBUILD_MATRIX) over a small git history.
# The fake kernel's "image" is a number: how many instructions its static
# tail calls cost per hop more than the fixture's kernel.
. "$(dirname "$0")/../lib.sh"
tmpdir
KB="$TOP/harness/kbuild"
export TB_KBUILD_CACHE="$TMP/cache" LC_ALL=C
[ -x "$TB" ] || { not_ok "build/tailbench is built (make)"; finish; }

# The builder: the tree's file "cost", plus the numbers the patches add
# (a patch's "+N" line in a file named cost); a tree with a file "broken"
# does not build.  Output as build.sh's.
cat >"$TMP/builder" <<'EOF'
#!/usr/bin/env bash
src="" patches=()
while [ $# -gt 0 ]; do
	case "$1" in
	--source) src=$2; shift 2 ;;
	--patch) patches+=("$2"); shift 2 ;;
	*) shift 2 ;;
	esac
done
[ -n "${FAKE_SLOW:-}" ] && sleep "$FAKE_SLOW"
[ ! -e "$src/broken" ] || { echo "fake: broken.c:1: error" >&2; exit 1; }
cost=$(cat "$src/cost")
label=9.9.0-base
for p in "${patches[@]}"; do cost=$((cost + $(sed -n 's/^+\([0-9][0-9]*\)$/\1/p' "$p"))); done
[ ${#patches[@]} -eq 0 ] || label=9.9.0-$(basename "${patches[0]}" .patch)+$((${#patches[@]} - 1))
mkdir -p "$TB_KBUILD_CACHE/images/$label"
echo "$cost" >"$TB_KBUILD_CACHE/images/$label/bzImage"
echo "$label" >>"$TB_KBUILD_CACHE/built"
printf 'image=%s\nlabel=%s\n' "$TB_KBUILD_CACHE/images/$label/bzImage" "$label"
EOF
# The matrix: a result per kernel, the fixture's with the image's number
# added to every static tail call's per-hop figure; an image "noboot" does
# not boot.
cat >"$TMP/matrix" <<'EOF'
#!/usr/bin/env bash
results="" images=() labels=()
while [ $# -gt 0 ]; do
	case "$1" in
	--results) results=$2; shift 2 ;;
	--image) images+=("$2"); shift 2 ;;
	--label) labels+=("$2"); shift 2 ;;
	*) shift 2 ;;
	esac
done
[ -n "${FAKE_SLOW:-}" ] && sleep "$FAKE_SLOW"
for i in "${!images[@]}"; do
	python3 - "$FIXTURE" "$(cat "${images[$i]}")" "${labels[$i]}" "$results/vm-${labels[$i]}-$(date +%Y%m%dT%H%M%S%NZ).json" <<'PY' || exit 1
import json, sys
fixture, add, label, out = sys.argv[1:]
if add == "noboot":
    sys.exit("fake: no boot")
d = json.load(open(fixture))
d["meta"]["vm"]["label"] = label
for f in d["fits"]:
    if f["bench"].startswith("tailcall") and f["key_mode"] == "static":
        f["per_hop"]["value"] += int(add)
json.dump(d, open(out, "w"))
PY
done
EOF
chmod +x "$TMP/builder" "$TMP/matrix"
export TB_KBUILD_BUILDER="$TMP/builder" TB_KBUILD_MATRIX="$TMP/matrix"
export FIXTURE="$TOP/tests/fixtures/vm-6.12.107.json"

# --- patch-series -----------------------------------------------------------------

tree=$TMP/tree
mkdir -p "$tree"
echo 0 >"$tree/cost"
printf -- '--- a/cost\n+++ b/cost\n+1\n' >"$TMP/one.patch"
printf -- '--- a/doc\n+++ b/doc\n+0\n' >"$TMP/two.patch"
printf -- '--- a/cost\n+++ b/cost\n+1\n' >"$TMP/three.patch"
rc=0
"$KB/series.sh" --source "$tree" --results "$TMP/res" --html "$TMP/series.html" \
	"$TMP/one.patch" "$TMP/two.patch" "$TMP/three.patch" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "a series that makes static hops dearer: the gate fails (exit 1, got $rc)" [ "$rc" -eq 1 ]
check "... the base and every prefix were built, in order" \
	diff <(printf '9.9.0-base\n9.9.0-one+0\n9.9.0-one+1\n9.9.0-one+2\n') "$TMP/cache/built"
check "... a result kept for each, labelled with its prefix" \
	bash -c "ls '$TMP/res' | sed 's/-2026.*//' | diff - <(printf 'vm-9.9.0-base\nvm-9.9.0-one+0\nvm-9.9.0-one+1\nvm-9.9.0-one+2\n')"
check "... a column per patch" grep -Eq '^family +vm-6\.12\.107.*9\.9\.0-base +one\.patch +two\.patch +three\.patch$|^family +9\.9\.0-base +one\.patch +two\.patch +three\.patch$' "$TMP/out"
check "... a static family: +1, +0, +1, and the running total" \
	grep -Eq '^chain/tailcall/xdp/static/n0/s0 +21 +\+1/\+1 +\+0/\+1 +\+1/\+2$' "$TMP/out"
check "... a dynamic family: no change anywhere" \
	grep -Eq '^chain/tailcall/xdp/dynamic/n0/s0 +33 +\+0/\+0 +\+0/\+0 +\+0/\+0$' "$TMP/out"
check "... compare's report of the whole series follows" grep -q REGRESSED "$TMP/out"
check "... the table in HTML" grep -q '<td>chain/tailcall/xdp/static/n0/s0</td><td>21</td><td>+1/+1</td><td>+0/+1</td><td>+1/+2</td>' "$TMP/series.html"
rc=0
"$KB/series.sh" --source "$tree" --results "$TMP/res" --html "$TMP/series.html" "$TMP/two.patch" \
	>/dev/null 2>"$TMP/err" || rc=$?
check "an HTML file that exists is not replaced (exit 2)" \
	bash -c "[ $rc -eq 2 ] && grep -q 'never replaced' '$TMP/err'"
rc=0
"$KB/series.sh" --source "$tree" --results "$TMP/res2" "$TMP/two.patch" >"$TMP/out" 2>&1 || rc=$?
check "a series that changes nothing passes the gate (exit 0, got $rc)" [ "$rc" -eq 0 ]
touch "$tree/broken"
rc=0
"$KB/series.sh" --source "$tree" --results "$TMP/res3" "$TMP/one.patch" >/dev/null 2>"$TMP/err" || rc=$?
check "a kernel that does not build stops the series (exit 1), nothing booted" \
	bash -c "[ $rc -eq 1 ] && [ ! -e '$TMP/res3' ] || [ -z \"\$(ls '$TMP/res3')\" ]"
rm "$tree/broken"
check "patch-series without a patch: exit 2" bash -c "'$KB/series.sh' 6.12 2>&1 | grep -q 'at least one PATCH'; [ \${PIPESTATUS[0]} -eq 2 ]"
check "patch-series with a patch that is no file: exit 2" \
	bash -c "'$KB/series.sh' --source '$tree' '$TMP/none' 2>&1 | grep -q 'not a readable patch'; [ \${PIPESTATUS[0]} -eq 2 ]"

# --- tailbench series on its own ----------------------------------------------------

r=("$TMP"/res/vm-9.9.0-base-* "$TMP"/res/vm-9.9.0-one+0-*)
check "series: a family that changed, exit 1" bash -c "'$TB' series '${r[0]}' '${r[1]}' >/dev/null; [ \$? -eq 1 ]"
check "series: only families that did not change, exit 0" \
	"$TB" series --family '*/dynamic/*' --family '*/bpf2bpf/*' "${r[0]}" "${r[1]}" >/dev/null
check "series: a change within the threshold, exit 0" "$TB" series --threshold 1 "${r[0]}" "${r[1]}" >/dev/null
check "series: no family matches, exit 2" \
	bash -c "'$TB' series --family nothing '${r[0]}' '${r[1]}' 2>&1 | grep -q 'no family matches'; [ \${PIPESTATUS[0]} -eq 2 ]"
check "series: one file, exit 2" bash -c "'$TB' series '${r[0]}' 2>/dev/null; [ \$? -eq 2 ]"
check "series: --name not once per NEW, exit 2" \
	bash -c "'$TB' series --name a --name b '${r[0]}' '${r[1]}' 2>&1 | grep -q 'once for each'; [ \${PIPESTATUS[0]} -eq 2 ]"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['meta']['clock'] = 'ns'
json.dump(d, open(sys.argv[2], 'w'))" "${r[1]}" "$TMP/ns.json"
check "series: two clocks, exit 2" \
	bash -c "'$TB' series '${r[0]}' '$TMP/ns.json' 2>&1 | grep -q 'do not subtract'; [ \${PIPESTATUS[0]} -eq 2 ]"

# --- bisect over a small history ------------------------------------------------------

repo=$TMP/repo
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=t -c user.email=t@t "$@"; }
g init -q -b main
# commit FILE CONTENT SUBJECT: one commit setting a file (content "-": removed).
commit() {
	if [ "$2" = - ]; then rm "$repo/$1"; else echo "$2" >"$repo/$1"; fi
	g add -A && g commit -q -m "$3"
}
commit cost 0 "the base"
commit README one "docs: one"
commit README two "docs: two"
commit README three "docs: three"
commit broken yes "a commit that does not build"
commit broken - "the build fixed"
commit cost 1 "the commit that costs one more per hop"
commit README four "docs: four"
commit README five "docs: five"
good=$(g rev-parse HEAD~8) bad=$(g rev-parse HEAD) culprit=$(g rev-parse HEAD~2)
g checkout -q -b topic HEAD~4
echo "unrelated" >"$repo/untracked-but-ignored.log"
echo '*.log' >"$repo/.git/info/exclude"
state() { g rev-parse HEAD; g symbolic-ref -q HEAD; g --no-optional-locks status --porcelain; sha256sum "$repo/.git/index"; }
state >"$TMP/before"

rc=0
"$KB/bisect.sh" --source "$repo" --results "$TMP/bres" "$good" "$bad" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "bisect finds the first bad commit (exit 0, got $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -qx 'first bad commit: $culprit the commit that costs one more per hop' '$TMP/out'"
check "... with the per-hop change it brings" grep -Eq '^chain/tailcall/xdp/static/n0/s0 +21 +\+1/\+1$' "$TMP/out"
check "... and the steps: GOOD, BAD, then each commit with its build time and verdict" \
	bash -c "grep -Eq '^${good:0:12} +[0-9]+ s  good \(GOOD\) +the base$' '$TMP/out' &&
		grep -Eq '^${bad:0:12} +[0-9]+ s  bad \(BAD\) +docs: five$' '$TMP/out' &&
		grep -Eq '^${culprit:0:12} +[0-9]+ s  bad +the commit that costs' '$TMP/out'"
check "... the commit that does not build is skipped, said so" \
	grep -Eq '^[0-9a-f]{12} +[0-9]+ s  skip \(no build\) +a commit that does not build$' "$TMP/out"
check "... never called good or bad" bash -c "! grep -E '(good|bad) +a commit that does not build' '$TMP/out'"
check "... a result kept per commit measured, labelled with it" \
	bash -c "ls '$TMP/bres' | grep -q 'vm-9.9.0-base-g${culprit:0:12}-'"
check "... the user's tree exactly as it was (HEAD, branch, status, index)" diff "$TMP/before" <(state)
check "... and no bisect left in it" bash -c "[ ! -e '$repo/.git/BISECT_LOG' ] && [ -z \"\$(git -C '$repo' for-each-ref refs/bisect)\" ]"
check "... nor a worktree" bash -c "[ \$(git -C '$repo' worktree list | wc -l) -eq 1 ]"

rc=0
"$KB/bisect.sh" --source "$repo" --results "$TMP/bres" --family '*/dynamic/*' "$good" "$bad" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "BAD not differing in the chosen families: exit 1, said" \
	bash -c "[ $rc -eq 1 ] && grep -q 'do not differ from GOOD' '$TMP/err'"
rc=0
"$KB/bisect.sh" --source "$repo" --results "$TMP/bres" --threshold 1 "$good" "$bad" >/dev/null 2>"$TMP/err" || rc=$?
check "a change within --threshold is no change: exit 1" [ "$rc" -eq 1 ]

echo change >>"$repo/README"
state >"$TMP/dirty"
rc=0
"$KB/bisect.sh" --source "$repo" "$good" "$bad" >/dev/null 2>"$TMP/err" || rc=$?
check "a dirty tree is refused (exit 2), said" bash -c "[ $rc -eq 2 ] && grep -q 'changes not committed' '$TMP/err'"
check "... and left as it was" diff "$TMP/dirty" <(state)
git -C "$repo" checkout -q README
state >"$TMP/before"
check "bisect: GOOD not an ancestor of BAD, exit 2" \
	bash -c "'$KB/bisect.sh' --source '$repo' '$bad' '$good' 2>&1 | grep -q 'not an ancestor'; [ \${PIPESTATUS[0]} -eq 2 ]"
check "bisect: a revision that is none, exit 2" \
	bash -c "'$KB/bisect.sh' --source '$repo' nope '$bad' 2>&1 | grep -q 'not a commit'; [ \${PIPESTATUS[0]} -eq 2 ]"
check "bisect: not a git tree, exit 2" \
	bash -c "'$KB/bisect.sh' --source '$TMP/tree' a b 2>&1 | grep -q 'not in a git work tree'; [ \${PIPESTATUS[0]} -eq 2 ]"
check "bisect: no --source, exit 2" bash -c "'$KB/bisect.sh' a b 2>/dev/null; [ \$? -eq 2 ]"
check "bisect --help" bash -c "'$KB/bisect.sh' --help | grep -q '^usage:'"

# --work: a clone of the user's, put back on its branch afterwards.
git clone -q "$repo" "$TMP/mine" && git -C "$TMP/mine" checkout -q -b mine "$good"
rc=0
"$KB/bisect.sh" --source "$repo" --work "$TMP/mine" --results "$TMP/bres" "$good" "$bad" >"$TMP/out" 2>&1 || rc=$?
check "bisect --work DIR: the same answer" bash -c "[ $rc -eq 0 ] && grep -q 'first bad commit: $culprit' '$TMP/out'"
check "... DIR back on its branch and commit, clean" bash -c "[ \"\$(git -C '$TMP/mine' symbolic-ref HEAD) \$(git -C '$TMP/mine' rev-parse HEAD)\" = 'refs/heads/mine $good' ] &&
	[ -z \"\$(git -C '$TMP/mine' status --porcelain)\" ]"
check "bisect --work the tree's own repository: exit 2" \
	bash -c "'$KB/bisect.sh' --source '$repo' --work '$repo' '$good' '$bad' 2>&1 | grep -q 'shares'; [ \${PIPESTATUS[0]} -eq 2 ]"

# A GOOD that does not build: nothing to compare against.
rc=0
"$KB/bisect.sh" --source "$repo" --results "$TMP/bres" "$(g rev-parse main~4)" "$bad" >/dev/null 2>"$TMP/err" || rc=$?
check "a GOOD that does not build: exit 1, said" bash -c "[ $rc -eq 1 ] && grep -q 'did not build' '$TMP/err'"

# Ctrl-C in the middle: the builder is slow, SIGINT comes during a build.
rc=0
(
	set -m # background jobs of a shell without job control ignore SIGINT
	# SIGINT back to its default first: a test run started in the
	# background of a shell inherits it ignored, and bash cannot trap a
	# signal ignored at its start (the bisect then ran to the end, exit 0).
	FAKE_SLOW=2 python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$KB/bisect.sh" --source "$repo" --results "$TMP/cres" "$good" "$bad" >"$TMP/out" 2>"$TMP/err" &
	pid=$!
	for _ in $(seq 600); do
		[ "$(grep -c '^== ' "$TMP/err" 2>/dev/null)" -ge 3 ] && break
		sleep 0.1
	done
	kill -INT "$pid"
	wait "$pid"
) || rc=$?
check "Ctrl-C mid-bisect: exit 130 (got $rc)" [ "$rc" -eq 130 ]
check "... after measuring GOOD and BAD, during a step" bash -c "[ \$(grep -c '^== ' '$TMP/err') -ge 3 ]"
check "... the user's tree exactly as it was" diff "$TMP/before" <(state)
work=$(find "$TMP/cache/bisect" -mindepth 1 -maxdepth 1 -type d)
check "... the clone's bisect is reset" bash -c "[ ! -e '$work/.git/BISECT_LOG' ]"
check "... the builder was stopped with it" bash -c "! pgrep -f '$TMP/[b]uilder' >/dev/null"
rc=0
"$KB/bisect.sh" --source "$repo" --results "$TMP/bres" "$good" "$bad" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "... and the next bisect runs through" \
	bash -c "[ $rc -eq 0 ] && grep -q 'first bad commit: $culprit' '$TMP/out'"

finish
