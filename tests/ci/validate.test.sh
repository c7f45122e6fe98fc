#!/usr/bin/env bash
# The CI files, checked with real validators from npm (tests/ci/validators.sh):
# the GitHub workflow with @action-validator/cli, the GitLab file against
# GitLab's CI schema; and each validator must catch a broken copy.
. "$(dirname "$0")/../lib.sh"
tmpdir
GH="$TOP/ci/github/tailbench-gate.yml"
GL="$TOP/ci/gitlab/tailbench-gate.yml"

if ! command -v node >/dev/null; then
	skip "the CI files against their validators" "no node here (Debian packages nodejs, npm)"
	finish
fi
if ! prefix=$("$TOP/tests/ci/validators.sh" --where); then
	skip "the CI files against their validators" \
		"the validators are not installed: tests/ci/validators.sh (run by ./run.sh test when npm is there)"
	finish
fi
av="$prefix/node_modules/.bin/action-validator"

"$av" "$GH" >"$TMP/out" 2>&1
check "action-validator: the GitHub workflow is valid" [ $? -eq 0 ]
sed 's/^    runs-on: ubuntu-latest/    runs-onn: ubuntu-latest/' "$GH" >"$TMP/bad.yml"
"$av" "$TMP/bad.yml" >"$TMP/out" 2>&1
check "action-validator: a job without runs-on is refused" \
	bash -c "[ $? -ne 0 ] && grep -q 'runs-onn' '$TMP/out'"

node "$TOP/tests/ci/gitlab-schema.mjs" "$prefix" "$GL" >"$TMP/out" 2>&1
check "GitLab's CI schema: the GitLab file is valid" [ $? -eq 0 ]
sed 's/^  allow_failure:/  allow_failur:/' "$GL" >"$TMP/bad.yml"
node "$TOP/tests/ci/gitlab-schema.mjs" "$prefix" "$TMP/bad.yml" >"$TMP/out" 2>&1
check "GitLab's CI schema: a misspelt key is refused" \
	bash -c "[ $? -eq 1 ] && grep -q 'additional properties' '$TMP/out'"
finish
