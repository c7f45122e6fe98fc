#!/usr/bin/env bash
# The CI files' validators, from npm, installed once into the shared cache:
# @action-validator/cli (GitHub workflows) and gitlab-ci-local, for the
# GitLab CI schema it ships (tests/ci/gitlab-schema.mjs checks with it).
#   validators.sh          installs them if needed; prints their npm prefix
#   validators.sh --where  prints the prefix if they are installed, else fails
# Installed by './run.sh test' (when npm is there), used by validate.test.sh.
set -euo pipefail
TOP=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

PACKAGES=(@action-validator/cli@0.6.0 gitlab-ci-local@4.60.0)
# A folder per package set: a change installs beside, never over, what
# other checkouts sharing the cache use.
PREFIX="$TOP/.cache/npm/validators-$(printf '%s\n' "${PACKAGES[@]}" | md5sum | cut -c1-12)"

if [ -e "$PREFIX/.installed" ]; then
	echo "$PREFIX"
	exit 0
fi
[ "${1:-}" != --where ] || exit 1
command -v npm >/dev/null || { echo "validators.sh: no npm here (Debian package npm)" >&2; exit 1; }
mkdir -p "$TOP/.cache/npm"
work=$(mktemp -d "$TOP/.cache/npm/install.XXXXXX")
trap 'rm -rf "$work"' EXIT
# --ignore-scripts: no native module is built; what is used is plain JS.
if ! (cd "$work" && timeout 300 npm install --ignore-scripts --no-audit --no-fund --prefix "$work" \
	"${PACKAGES[@]}") >"$work.log" 2>&1; then
	tail -n 5 "$work.log" >&2
	rm -f "$work.log"
	echo "validators.sh: npm install ${PACKAGES[*]} failed" >&2
	exit 1
fi
rm -f "$work.log"
touch "$work/.installed"
# Another checkout may have got there first: its copy serves.
mv -T "$work" "$PREFIX" 2>/dev/null || true
echo "$PREFIX"
