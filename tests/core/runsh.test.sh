#!/usr/bin/env bash
# ./run.sh passes every command of build/tailbench through (but noise,
# baseline and help, which are its own), and refuses an unknown one with exit 2.
. "$(dirname "$0")/../lib.sh"
tmpdir

if [ "$(id -u)" -ne 0 ]; then
	skip "run.sh commands" "./run.sh installs packages first: needs root"
	exit 0
fi
# The commands tailbench help lists.
cmds=$("$TB" help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }')
check "tailbench help lists its commands" contains "$cmds" explain
for c in $cmds; do
	case "$c" in noise | baseline | help) continue ;; esac
	"$TOP/run.sh" "$c" --help >"$TMP/out" 2>"$TMP/err"
	check "./run.sh $c --help is tailbench $c --help" \
		bash -c "[ $? -eq 0 ] && '$TB' $c --help | cmp -s - '$TMP/out'"
done
"$TOP/run.sh" frobnicate >/dev/null 2>"$TMP/err"
check "./run.sh frobnicate: exit 2, named as unknown" \
	bash -c "[ $? -eq 2 ] && grep -q \"unknown command 'frobnicate'\" '$TMP/err'"
finish
