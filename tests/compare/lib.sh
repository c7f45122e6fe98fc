# Shared by tests/compare/*.test.sh: the fixtures they start from and a way
# to derive synthetic results from them.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

NATIVE="$TOP/tests/fixtures/native-6.18.44.json"	# real, ns, 3 trials
VM="$TOP/tests/fixtures/vm-6.1.0-50.json"		# real, exact insns
VM_OTHER="$TOP/tests/fixtures/vm-6.12.107.json"		# the same on another kernel
STATIC=chain/tailcall/xdp/static/n0/s0			# a fit family
DYNAMIC=chain/tailcall/xdp/dynamic/n0/s0		# another
CASE=chain/tailcall/xdp/dynamic/n0/s0/d30		# a case of another family
# A threshold past every interval of NATIVE's three trials, for checks of
# input rather than of the rule: at 5% each of its timed rows, unprofiled,
# is inconclusive (exit 3).
WIDE=(--threshold 1000)

# mutate IN OUT CODE: OUT is IN changed by Python statements (mutate.py).
mutate() { python3 "$TOP/tests/compare/mutate.py" "$@"; }

# compare_to OUT ERR ARGS...: runs compare, sets RC.
compare_to() {
	local out=$1 err=$2
	shift 2
	"$TB" compare "$@" >"$out" 2>"$err"
	RC=$?
}
