# Shared by tests/explain/*.test.sh: the hop-path fixtures and a way to check
# a command's exit status.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
tmpdir
F="$TOP/tests/fixtures"
OLD="$F/hops/vm-6.1.0-50.json" NEW="$F/hops/vm-6.12.107.json"

# status EXPECTED CMD...: CMD exits with EXPECTED, its output in $TMP/out.
status() {
	local want=$1 rc=0
	shift
	"$@" >"$TMP/out" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ]
}
