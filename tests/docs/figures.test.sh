#!/usr/bin/env bash
# Every figure the Markdown pages mark, <!-- fig:NAME -->VALUE<!-- /fig -->,
# equals what its command below gives today: case counts from the scenarios,
# hop paths from a native run of one trial (about 5 s, root), exact counts
# and native figures from kept results (tests/fixtures, docs/data) reduced
# again by this build.  A figure with no command, or a command no page
# uses, fails too.
# shellcheck disable=SC2034 # the figures' commands read the settings through eval
. "$(dirname "$0")/../lib.sh"
tmpdir
SELF=$(readlink -f "$0")
cd "$TOP" || exit 1

# The eight x86-64 kernels of the README's matrix, and those of arm64; BPF
# indirect jumps load from 6.19 on x86-64 and on 7.3 of arm64's three
# (tests/vm/gotox.test.sh: 6.16 refuses them, 6.19 runs them; docs/gotox.md).
X86_KERNELS="5.10 6.1 6.12 6.16 6.19 7.1 7.2 7.3" X86_GOTOX_FROM=6.19
ARM64_KERNELS="6.1 6.12 7.3" ARM64_GOTOX_FROM=7.3
# bpf_loop loads from 5.17: 5.10's verifier refuses it (docs/benches.md).
LOOP_FROM=6.1
# The kept VM results exact counts come from (tests/fixtures/README.md has
# their commands): 6.19.14 ran the shipped quick suite.
EXACT=tests/fixtures/gotox/vm-6.19.14.json
EXACT_61=tests/fixtures/hops/vm-6.1.0-50.json
EXACT_73=tests/fixtures/gotox-hops/vm-7.3.4.json
# A native quick run kept with docs/findings.md (its command is there).
NATIVE=docs/data/findings-2026-12-04/quick-seed1.json.xz

# NAME, then the command that prints its value.  One place for each figure.
FIGURES=$(
	cat <<'EOF'
quick-cases          cases --quick
full-cases           cases
quick-measured       measured quick
full-measured        measured full
quick-paths          paths quick
quick-paths-gotox    echo $(( $(paths quick) + $(gotox_paths quick) ))
quick-paths-x86      echo $(( $(words $X86_KERNELS) * $(paths quick) - $(before $LOOP_FROM $X86_KERNELS) * $(loop_paths quick) + $(from $X86_GOTOX_FROM $X86_KERNELS) * $(gotox_paths quick) ))
full-paths           paths full
full-paths-gotox     echo $(( $(paths full) + $(gotox_paths full) ))
full-paths-x86       echo $(( $(words $X86_KERNELS) * $(paths full) - $(before $LOOP_FROM $X86_KERNELS) * $(loop_paths full) + $(from $X86_GOTOX_FROM $X86_KERNELS) * $(gotox_paths full) ))
arm64-paths          paths arm64
arm64-paths-all      echo $(( $(words $ARM64_KERNELS) * $(paths arm64) + $(from $ARM64_GOTOX_FROM $ARM64_KERNELS) * $(gotox_paths arm64) ))
max-tail-calls       max_hops tailcall
exact-static         fit chain/tailcall/xdp/static/n0/s0
exact-dynamic        fit chain/tailcall/xdp/dynamic/n0/s0
exact-poisoned       fit chain/tailcall/xdp/poisoned/n0/s0
exact-percpu         fit baseline/tailcall_percpu/xdp/static/n0/s0
exact-bpf2bpf        fit baseline/bpf2bpf/xdp/none/n0/s0
exact-bpf2bpf-args   fit baseline/bpf2bpf_args/xdp/none/n0/s0
exact-inline         fit baseline/inline/xdp/none/n0/s0
exact-gotox          fit baseline/gotox_chain/xdp/static/n0/s0
exact-nest1          fit nesting/tailcall/xdp/static/n1/s0
exact-nest7          fit nesting/tailcall/xdp/static/n7/s0
exact-static-6.1     fit chain/tailcall/xdp/static/n0/s0 $EXACT_61
exact-dynamic-6.1    fit chain/tailcall/xdp/dynamic/n0/s0 $EXACT_61
exact-poisoned-6.1   fit chain/tailcall/xdp/poisoned/n0/s0 $EXACT_61
exact-percpu-6.1     fit baseline/tailcall_percpu/xdp/static/n0/s0 $EXACT_61
exact-bpf2bpf-6.1    fit baseline/bpf2bpf/xdp/none/n0/s0 $EXACT_61
exact-bpf2bpf-args-6.1 fit baseline/bpf2bpf_args/xdp/none/n0/s0 $EXACT_61
exact-inline-6.1     fit baseline/inline/xdp/none/n0/s0 $EXACT_61
exact-gotox-7.3      fit baseline/gotox_chain/xdp/static/n0/s0 $EXACT_73
case-static-d33      agreed baseline/tailcall/xdp/static/n0/s0/d33
case-bpf2bpf-d33     agreed baseline/bpf2bpf/xdp/none/n0/s0/d33
case-inline-d33      agreed baseline/inline/xdp/none/n0/s0/d33
case-gotox-d33       agreed baseline/gotox_chain/xdp/static/n0/s0/d33
native-static        ns chain/tailcall/xdp/static/n0/s0 $NATIVE
native-bpf2bpf       ns baseline/bpf2bpf/xdp/none/n0/s0 $NATIVE
EOF
)

words() { echo $#; }
# before V VERSION...: how many of the versions are earlier than V.
before() { echo $(( $# - 1 - $(from "$@") )); }
# from V VERSION...: how many of the versions are V or later.
from() {
	local v=$1 x n=0
	shift
	for x; do
		[ "$(printf '%s\n' "$v" "$x" | sort -V | head -n 1)" = "$v" ] && n=$((n + 1))
	done
	echo "$n"
}
# cases [--quick]: the cases of the shipped scenarios (run --check).
cases() { "$TB" run --check -o - "$@" | sed -n 's/^[0-9]* scenarios*, \([0-9]*\) cases.*: valid$/\1/p'; }
# max_hops BENCH: the most tail calls a chain of BENCH makes; its depths
# ("tailbench list") go one further, to the call the kernel must refuse.
max_hops() {
	local top
	top=$("$TB" list | sed -n "s/^  $1 .*(hops 0\.\.\([0-9]*\))$/\1/p")
	echo $((top - 1))
}

# One trial of each case, natively: what this kernel's verifier takes and
# which families it walks.  "arm64" is the quick run cut to arm64's default
# scenarios (harness/vm/arch/arm64.sh), whose families are the same there.
# Its counts go to RUN.counts, "KEY VALUE" lines, in one pass: cases
# measured and hop paths walked leaving gotox out (which kernels load it is
# told apart above, so the figures hold on any kernel here), and the gotox
# families with a hop path (gotox_chain's: harness/hop/case.c).
native() {
	[ -s "$TMP/$1.counts" ] && return 0
	case $1 in
	quick) "$TB" run --quick --trials 1 --repeat 1 --warmup 0 --noise none -o "$TMP/quick.json" ;;
	full) "$TB" run --trials 1 --repeat 1 --warmup 0 --noise none -o "$TMP/full.json" ;;
	arm64)
		# shellcheck disable=SC2046 # the scenario options, split
		"$TB" run --quick --trials 1 --repeat 1 --warmup 0 --noise none -o "$TMP/arm64.json" \
			$(. harness/vm/arch/arm64.sh && echo "$ARCH_SCENARIOS")
		;;
	esac >/dev/null 2>"$TMP/$1.err" || { sed 's/^/# /' "$TMP/$1.err" >&2; return 1; }
	python3 - "$TMP/$1.json" >"$TMP/$1.counts" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
gotox = lambda x: x["bench"].startswith("gotox")
print("measured", sum(c["status"] == "ok" and not gotox(c) for c in d["cases"]))
print("paths", sum(not gotox(h) for h in d["hops"]))
print("gotox_paths", len({c["id"].rsplit("/", 1)[0] for c in d["cases"] if c["bench"] == "gotox_chain"}))
print("loop_paths", sum(h["bench"] == "bpf_loop" for h in d["hops"]))
PY
}
# value KEY FILE: KEY's value in FILE's "KEY VALUE" lines.
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
measured() { native "$1" && value measured "$TMP/$1.counts"; }
paths() { native "$1" && value paths "$TMP/$1.counts"; }
gotox_paths() { native "$1" && value gotox_paths "$TMP/$1.counts"; }
loop_paths() { native "$1" && value loop_paths "$TMP/$1.counts"; }
# fits FILE: "FAMILY VALUE INTERVAL" of each fit of FILE (xz-compressed
# or not), reduced again by this build, once.
fits() {
	local out
	out=$TMP/refit-$(tr / - <<<"$1")
	if [ ! -s "$out.fits" ]; then
		case $1 in
		*.xz) xz -dc "$1" >"$out.in" ;;
		*) cp "$1" "$out.in" ;;
		esac
		"$TB" refit "$out.in" -o "$out" 2>/dev/null || return 1
		python3 - "$out" >"$out.fits" <<'PY'
import json, sys
for x in json.load(open(sys.argv[1]))["fits"]:
    print("%(scenario)s/%(bench)s/%(prog_type)s/%(key_mode)s/n%(nest)d/s%(frame_stack)d" % x,
          x["per_hop"]["value"], x["per_hop"].get("interval", "within-run"))
PY
	fi
	echo "$out.fits"
}
# fit FAMILY [FILE]: its exact per-hop count in FILE (default $EXACT).
fit() {
	awk -v f="$1" '$1 == f { print $3 == "exact" ? $2 + 0 : "not-exact" }' "$(fits "${2:-$EXACT}")"
}
# agreed ID [FILE]: the exact count a case's trials agreed on in FILE
# (default $EXACT), as kept.
agreed() {
	local out
	out=$TMP/cases-$(tr / - <<<"${2:-$EXACT}")
	[ -s "$out" ] || python3 - "${2:-$EXACT}" >"$out" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    print(c["id"], "%g" % c["stat"]["agreed"] if c.get("stat", {}).get("agreed") is not None else "none")
PY
	value "$1" "$out"
}
# ns FAMILY FILE: its per-hop cost in FILE, one decimal, as the pages quote it.
ns() { awk -v f="$1" '$1 == f { printf "%.1f\n", $2 }' "$(fits "$2")"; }

# Figures needing a native run need root; the rest are checked anyway.
needs_root() { grep -Eq '\b(measured|paths|gotox_paths|loop_paths)\b' <<<"$1"; }

# Given pages, only those are checked (the self-test below uses it).
if [ $# -gt 0 ]; then
	pages=("$@")
else
	mapfile -t pages < <(git ls-files --cached --others --exclude-standard '*.md' 2>/dev/null || find . -name '*.md' -not -path './build/*')
fi
python3 tests/docs/mdcheck.py figures "${pages[@]}" >"$TMP/marks" ||
	not_ok "figure markers are well formed"
while IFS=$'\t' read -r where name value; do
	cmd=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ +/, ""); print }' <<<"$FIGURES")
	if [ -z "$cmd" ]; then
		not_ok "$where: fig:$name has no command in tests/docs/figures.test.sh"
	elif needs_root "$cmd" && [ "$(id -u)" -ne 0 ]; then
		skip "$where: fig:$name" "needs root to load BPF programs"
	else
		got=$(eval "$cmd")
		if [ "$got" = "$value" ]; then
			ok "$where: fig:$name is $value ($cmd)"
		else
			not_ok "$where: fig:$name says $value, but '$cmd' gives '$got'"
		fi
	fi
done <"$TMP/marks"
[ $# -gt 0 ] && finish

unused=$(awk '{ print $1 }' <<<"$FIGURES" | while read -r n; do
	cut -f2 "$TMP/marks" | grep -qx "$n" || echo "$n"
done)
check "every figure command is used by a page${unused:+ (unused: $(tr '\n' ' ' <<<"$unused"))}" [ -z "$unused" ]

# The check must be able to fail: a changed number, a figure with no
# command, a marker left open.
# The real line that quotes the quick suite's case count, one more.
IFS=$'\t' read -r where name value < <(grep -P '\tquick-cases\t' "$TMP/marks" | head -n 1)
sed -n "${where#*:}s/<!-- fig:$name -->$value</<!-- fig:$name -->$((value + 1))</p" "${where%%:*}" >"$TMP/changed.md"
check "a page whose fig:$name says $((value + 1)) fails, naming it" \
	bash -c "! '$SELF' '$TMP/changed.md' >'$TMP/changed.out' && grep -q '^not ok - .*fig:$name says $((value + 1)), but' '$TMP/changed.out'"
printf 'x <!-- fig:no-such-figure -->1<!-- /fig -->\n' >"$TMP/unknown.md"
check "a figure with no command fails" \
	bash -c "! '$SELF' '$TMP/unknown.md' >'$TMP/unknown.out' && grep -q 'fig:no-such-figure has no command' '$TMP/unknown.out'"
printf 'x <!-- fig:quick-cases -->101\n' >"$TMP/open.md"
check "a marker left open fails" bash -c "! '$SELF' '$TMP/open.md' >/dev/null 2>&1"
finish
