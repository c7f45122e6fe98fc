# Helpers for tests/<area>/*.test.sh: source it, call check/ok/not_ok, end with finish.
# Lines follow the convention tests/run-all.sh counts: "ok - NAME", "not ok - NAME".

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TB="$TOP/build/tailbench"
export TB_OBJECTS="$TOP/build/progs" TB_SCENARIOS="$TOP/scenarios"
FAILED=0

ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	FAILED=1
}
skip() { echo "ok - $1 # SKIP $2"; }

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# contains TEXT PART: true when TEXT has PART in it.
contains() { [[ $1 == *"$2"* ]]; }

# pyjson FILE EXPR: evaluates a Python expression over the JSON document
# bound to d (and its cases, by id, to c); true when the expression is.
pyjson() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in d.get("cases", [])} if isinstance(d, dict) else {}
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		skip "$1" "needs root to load BPF programs"
		exit 0
	fi
}

tmpdir() {
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
}

finish() { exit "$FAILED"; }
