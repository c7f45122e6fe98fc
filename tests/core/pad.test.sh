#!/usr/bin/env bash
# tailbench run --pad N: N no-op ALU instructions more in every hop, with the
# same cases, all still validated, and exactly N instructions per pad site in
# what the kernel loaded.
. "$(dirname "$0")/../lib.sh"
tmpdir
here=$(dirname "$0")

for bad in 129 -1 abc; do
	"$TB" run --pad "$bad" -o "$TMP/bad.json" 2>"$TMP/err"
	rc=$?
	check "--pad $bad exits 2 and names the option" \
		eval '[ $rc -eq 2 ] && grep -q -- --pad "$TMP/err" && [ ! -e "$TMP/bad.json" ]'
done

need_root "pad"
for n in 0 1 128; do
	"$TB" -q run -s "$here/pad.json" --pad "$n" -o "$TMP/p$n.json" 2>"$TMP/err$n"
	check "run --pad $n exits 0" [ $? -eq 0 ]
	check "run --pad $n records meta.pad" pyjson "$TMP/p$n.json" "d['meta']['pad'] == $n"
	check "run --pad $n validates every case" \
		pyjson "$TMP/p$n.json" "d['cases'] and all(x['status'] == 'ok' for x in d['cases'])"
done

# pyjson over two results: a (pad 0) and b (pad N), cases by id in ca and cb.
pair() {
	python3 - "$TMP/p0.json" "$TMP/p$1.json" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ca, cb = ({x["id"]: x for x in r["cases"]} for r in (a, b))
n = b["meta"]["pad"]
sys.exit(0 if eval(sys.argv[3]) else 1)
PY
}

# Pad sites in the programs a case runs, as the kernel keeps them: one per
# program of a chain; inline has one per hop; bpf2bpf one in main and one in
# its subprogram once called; bpf2bpf_args one in its subprogram; a dispatch
# one per handler (the switch program holds all M of its handlers).
sites='{"tailcall": x["prog"]["progs"], "tailcall_percpu": x["prog"]["progs"],
	"inline": x["depth"] + 1, "bpf2bpf": 1 + (x["depth"] > 0),
	"bpf2bpf_args": int(x["depth"] > 0), "dispatch_table": 1,
	"dispatch_switch": x["depth"]}[x["bench"]]'
for n in 1 128; do
	check "--pad $n: the same case ids as --pad 0" pair $n "sorted(ca) == sorted(cb)"
	check "--pad $n: the same return values" \
		pair $n "all(ca[i]['retval'] == cb[i]['retval'] for i in ca)"
	check "--pad $n: xlated code grows by exactly $n instructions per pad site" \
		pair $n "all(cb[i]['prog']['xlated_len'] - x['prog']['xlated_len'] == 8 * n * ($sites) for i, x in ca.items())"
	# x86: "add reg, 0" is 4 bytes; a long pad also turns short jumps over
	# it into near ones, so only --pad 1 gives the exact figure.
	if [ "$(uname -m)" = x86_64 ] && [ "$(cat /proc/sys/net/core/bpf_jit_enable)" = 1 ]; then
		[ $n -eq 1 ] && op='==' || op='>='
		check "--pad $n: x86 JIT code grows by 4 bytes per pad instruction ($op)" \
			pair $n "all(cb[i]['prog']['jited_len'] - x['prog']['jited_len'] $op 4 * n * ($sites) for i, x in ca.items())"
	else
		skip "--pad $n: JIT code size" "needs the x86-64 JIT"
	fi
done

# The pad is where disasm shows it: right after the hop's store.
"$TB" disasm --depth 0 --pad 3 >"$TMP/d3" && "$TB" disasm --depth 0 >"$TMP/d0"
check "disasm --pad 3 shows 3 more native adds of 0 than --pad 0" \
	[ $(($(grep -c 'add .*, 0$' "$TMP/d3") - $(grep -c 'add .*, 0$' "$TMP/d0"))) -eq 3 ]
finish
