#!/usr/bin/env bash
# Faults the harness must meet with a message and an exit status, never a
# crash: out of memory is exit 1 (no abort(), no core file), and text from a
# result file never drives the terminal that show prints to.
. "$(dirname "$0")/../lib.sh"
tmpdir
F="$TOP/tests/fixtures"

# Two hop paths of 20000 instructions each: their alignment wants 1.6 GB.
python3 - "$F/hops/vm-6.1.0-50.json" "$TMP/big.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
h = d["hops"][0]
h["insns"], h["roles"], h["count"] = ["nop %d" % i for i in range(20000)], ["work"] * 20000, 20000
json.dump(d, open(sys.argv[2], "w"))
PY
(ulimit -v 600000 && ulimit -c 0 && cd "$TMP" && exec "$TB" explain big.json big.json) \
	>/dev/null 2>"$TMP/err"
rc=$?
check "out of memory (ulimit -v): exit 1, not abort()'s 134" [ "$rc" -eq 1 ]
# (The edited path's stale self-check is warned of first: not an error.)
check "... saying so in one line" \
	bash -c "[ \"\$(grep -v ': warning: ' '$TMP/err')\" = 'tailbench: out of memory' ]"
check "... and no core file" bash -c "[ -z \"\$(find '$TMP' -name 'core*')\" ]"

# Escape sequences in a result (title, clear screen, colour, C1 CSI).
python3 - "$F/native-6.18.44.json" "$TMP/esc.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["meta"]["cpu"] = "EVIL\x1b]0;pwned\x07\x1b[2J"
d["meta"]["kernel"] += "\x1b[31m"
d["meta"]["vm"] = {"accel\x1b[5m": "tcg\u009b1m"}
json.dump(d, open(sys.argv[2], "w"))
PY
if command -v script >/dev/null; then
	# script(1) gives show a terminal.
	script -qec "'$TB' show '$TMP/esc.json'" /dev/null >"$TMP/tty" 2>&1
	check "show on a terminal: exit 0" [ $? -eq 0 ]
	check "show on a terminal: no ESC, BEL or C1 control from the file" \
		bash -c "! grep -q \$'\\e\\|\\a\\|\\xc2\\x9b' '$TMP/tty'"
	check "show on a terminal: each shown as '?'" \
		bash -c "grep -qF 'cpu EVIL?]0;pwned??[2J' '$TMP/tty' && grep -qF 'accel?[5m=tcg??1m' '$TMP/tty'"
	NAME="$TMP/no"$'\e[2J'".json" script -qec "'$TB' show \"\$NAME\"" /dev/null >"$TMP/tty" 2>&1
	check "an error message on a terminal: no ESC from the file name, shown as '?'" \
		bash -c "! grep -q \$'\\e' '$TMP/tty' && grep -qF 'no?[2J.json: No such file' '$TMP/tty'"
else
	skip "show on a terminal" "script(1) is not installed"
fi
"$TB" show "$TMP/esc.json" >"$TMP/pipe"
check "show into a pipe: the text as it is (no terminal to protect)" \
	grep -qF $'cpu EVIL\e]0;pwned\a\e[2J' "$TMP/pipe"
finish
