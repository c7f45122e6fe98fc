#!/usr/bin/env bash
# tailbench explain and the hop paths (hops[]) it reads: the 6.1 and 6.12
# fixtures give the static, dynamic and poisoned paths the VM measured, and
# their difference; bad input is refused; a run on this kernel records a
# path for every family.
. "$(dirname "$0")/lib.sh"

check "explain --help" bash -c "'$TB' explain --help | grep -q '^usage: tailbench explain'"
check "explain without a file is a usage error" status 2 "$TB" explain
check "explain of three files is a usage error" status 2 "$TB" explain "$OLD" "$NEW" "$OLD"
check "a result made before hop paths: exit 2" status 2 "$TB" explain "$F/vm-6.1.0-50.json"
check "... and the message names it" grep -q 'has no hop paths' "$TMP/out"

check "6.1: every path agrees with the measured count" status 0 "$TB" explain --check "$OLD"
check "... said in the last line" grep -Eq '^self-check: ([0-9]+) of \1 paths agree' "$TMP/out"
for want in "static/n0/s0: 15 " "dynamic/n0/s0: 27 " "poisoned/n0/s0: 29 "; do
	check "6.1: chain/tailcall/xdp/${want}instructions a hop, agreeing" \
		grep -q "^chain/tailcall/xdp/${want}instructions a hop, .*: agrees$" "$TMP/out"
done
check "6.1: the static path sums its roles to 15" \
	bash -c "'$TB' explain --family chain/tailcall/xdp/static '$OLD' | grep -q 'by role: .* = 15$'"
check "6.12: the static path is 21" \
	bash -c "'$TB' explain --family chain/tailcall/xdp/static '$NEW' | grep -q '^chain/tailcall/xdp/static/n0/s0: 21 instructions a hop, 0 indirect; measured 21 insns a hop: agrees'"

check "6.1 -> 6.12: the static path gains 6 instructions" \
	status 0 "$TB" explain --family chain/tailcall/xdp/static "$OLD" "$NEW"
check "... 15 -> 21, named by role" bash -c "grep -q '15 -> 21 instructions a hop (+6)' '$TMP/out' &&
	grep -q 'added 10, removed 4, .*: +6 instructions; check +2 counter +2 jump +1 frame +1' '$TMP/out'"
check "... endbr64 and the counter pointer's prologue are among the added" \
	bash -c "grep -q '^  + frame    endbr64' '$TMP/out' && grep -q '^  + counter  mov rax, rsp' '$TMP/out' &&
	grep -q '^  - counter  add eax, 1' '$TMP/out'"
check "6.1 -> 6.12: dynamic 27 -> 33" \
	bash -c "'$TB' explain --family xdp/dynamic '$OLD' '$NEW' | grep -q '27 -> 33 instructions a hop (+6)'"
check "no family in common: exit 1" status 1 "$TB" explain --family nosuch "$OLD" "$NEW"
check "--html: the diff as an escaped fragment" \
	bash -c "'$TB' explain --html --family static/n0/s0 '$OLD' '$NEW' | grep -q '^<h4>chain/tailcall/xdp/static/n0/s0: .* 15 &rarr; 21 instructions'"

# The report's section: each kernel's chains against the one before.
if command -v gnuplot >/dev/null; then
	"$TOP/plots/report.sh" --out "$TMP/r" -o "$TMP/r/report.html" "$F/hops" >/dev/null 2>&1
	check "report: the hop paths of 6.1 against 6.12, for each key mode" \
		bash -c "[ \"\$(grep -c '^<h4>chain/tailcall/xdp/.*6.1.0-50-cloud-amd64 &rarr; 6.12.107' '$TMP/r/report.html')\" -eq 3 ] &&
			grep -q 'static/n0/s0: .* 15 &rarr; 21 instructions a hop (+6)' '$TMP/r/report.html'"
	check "report: an arm64 result's path is never aligned with an x86-64 one's" \
		bash -c "! grep -q 'cloud-amd64 &rarr; 6.12.117+deb13-cloud-arm64' '$TMP/r/report.html' &&
			! grep -q 'cloud-arm64 &rarr; .*cloud-amd64' '$TMP/r/report.html'"
	# Two architectures: the headline (first) a table each, x86-64's two
	# kernels in one, arm64's in the other; the per-hop tables and the
	# inputs name them too.
	check "report: the headline grouped by architecture, each table its own kernels" \
		env PYTHONPATH="$TOP/tests/plots" python3 - "$TMP/r/report.html" <<'PY'
import re, sys
from html_tables import tables
s = open(sys.argv[1]).read()
head = s[s.index('<section id="headline">'):s.index("</section>")]
assert re.findall(r'<h3 class="arch">Architecture ([^<]*)</h3>', head) == ["x86_64", "aarch64"], head[:300]
x86, arm = head.split('<h3 class="arch">')[1:]
assert "6.1.0-50-cloud-amd64" in x86 and "6.12.107+deb13-cloud-amd64" in x86 and "arm64" not in x86
assert "<td>6.12.117+deb13-cloud-arm64</td><td>30</td><td>34</td><td>36</td><td>20</td><td>16</td>" in arm, arm
caps = re.findall(r"<caption>vm, insns clock, ([a-z0-9_]+): cost per hop", s)
assert caps == ["x86_64", "aarch64"], caps
inputs = [t for t in tables(sys.argv[1]) if t[0][:3] == ["file", "kernel", "architecture"]]
assert sorted(r[2] for r in inputs[0][1:]) == ["aarch64", "x86_64", "x86_64"], inputs
PY
	check "report: a tail call's hop on arm64 against x86-64's of its series, by role" bash -c "
		sed -n '/<h2>What one hop executes, architecture to architecture/,/<h2>/p' '$TMP/r/report.html' >'$TMP/across' &&
		grep -q '^<h4>x86_64 &rarr; aarch64</h4>' '$TMP/across' &&
		grep -q '<br>B: 6.12.117+deb13-cloud-arm64 (aarch64)<br>' '$TMP/across' &&
		grep -q 'A: 6.12.107+deb13-cloud-amd64 (x86_64)<br>' '$TMP/across' &&
		grep -q '<td>a hop</td><td>21</td><td>30</td><td>+9</td>' '$TMP/across' &&
		[ \$(grep -c '<table class=\"roles\">' '$TMP/across') -eq 3 ]"
else
	skip "report: the hop paths" "gnuplot is not installed (./run.sh installs it)"
fi

# An indirect jump (gotox) through its jump table: one hop of the chain, on
# 6.19 (9 instructions) and 7.3 (10), each agreeing with its count.
G619="$F/gotox-hops/vm-6.19.14.json" G73="$F/gotox-hops/vm-7.3.4.json"
check "gotox 6.19: 9 instructions a hop, 1 indirect, agreeing" \
	status 0 "$TB" explain --check --family gotox_chain "$G619"
check "... said as such" grep -q '^baseline/gotox_chain/xdp/static/n0/s0: 9 instructions a hop, 1 indirect; measured 9 insns a hop: agrees$' "$TMP/out"
check "... the table's slot, its target, the jump through the retpoline" \
	bash -c "grep -Eq '^ +1  work +movabs (r[a-z0-9]+), 0x' '$TMP/out' && grep -Eq '^ +2  work +mov (r[a-z0-9]+), qword ptr \[\1\]$' '$TMP/out' &&
	grep -q 'by role: work 5, jump 1, thunk 3 = 9$' '$TMP/out'"
check "gotox 7.3: 10 instructions a hop, agreeing" \
	bash -c "'$TB' explain --check --family gotox_chain '$G73' | grep -q '^baseline/gotox_chain/xdp/static/n0/s0: 10 instructions a hop, 1 indirect; measured 10 insns a hop: agrees$'"
check "6.19 -> 7.3: the one added instruction is the jump target's endbr64" \
	status 0 "$TB" explain --family gotox_chain "$G619" "$G73"
check "... 9 -> 10, nothing else changed" bash -c "grep -q '9 -> 10 instructions a hop (+1)' '$TMP/out' &&
	grep -q '^  + frame    endbr64$' '$TMP/out' && grep -q 'added 1, removed 0, changed 0, same 9: +1 instructions; frame +1$' '$TMP/out'"

# A self-check is redone by every reader, never read back: one instruction
# more per depth in every sample of the static chain, refit, and the fit
# says 16 against a walked path of 15.
python3 - "$OLD" "$TMP/edited.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["cases"]:
    if c["id"].startswith("chain/tailcall/xdp/static/") and c["samples"]:
        c["samples"] = [v + c["depth"] for v in c["samples"]]
        for k in ("median", "min", "max", "q1", "q3", "mean", "agreed"):
            c["stat"][k] += c["depth"]
json.dump(d, open(sys.argv[2], "w"))
PY
"$TB" -q refit "$TMP/edited.json" -o "$TMP/refit.json" >/dev/null 2>&1
check "refit of an edited file redoes the self-check: it fails" \
	pyjson "$TMP/refit.json" "[(h['check']['per_hop'], h['check']['agrees'], h['check']['diff']) for h in d['hops'] if h['family'] == 'chain/tailcall/xdp/static/n0/s0'] == [(16, False, -1)]"
check "... explain --check exits 1" status 1 "$TB" explain --check "$TMP/refit.json"
check "... and says by how much" grep -q '^chain/tailcall/xdp/static/n0/s0: 15 instructions a hop, 0 indirect; measured 16 insns a hop: DIFFERS by -1' "$TMP/out"
check "... without --check, explain still exits 0" status 0 "$TB" explain "$TMP/refit.json"
python3 - "$TMP/refit.json" "$TMP/stale.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for h in d["hops"]:
    if h["check"]:
        h["check"]["agrees"], h["check"]["diff"] = True, 0.0
json.dump(d, open(sys.argv[2], "w"))
PY
check "a stored 'agrees' against the file's own fits: explain --check exits 1" \
	status 1 "$TB" explain --check "$TMP/stale.json"
check "... and warns that the stored check no longer holds" grep -q 'stale.json: 1 stored self-check no longer holds' "$TMP/out"
python3 - "$OLD" "$TMP/short.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["hops"][0]["note"] = "return thunk srso_alias_return_thunk (0xffffffff8110410b) not counted: kernel text is not readable here"
json.dump(d, open(sys.argv[2], "w"))
PY
check "an incomplete path is never printed as whole: 'at least', and --check fails" \
	status 1 "$TB" explain --check "$TMP/short.json"
check "... its count given as a lower bound, the note beside it" \
	bash -c "grep -q ': at least [0-9]* instructions a hop, .*the path is incomplete' '$TMP/out' && grep -q '^  note: return thunk srso_alias_return_thunk' '$TMP/out'"
python3 - "$OLD" "$TMP/count.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["hops"][0]["count"] += 1
json.dump(d, open(sys.argv[2], "w"))
PY
check "the strict reader refuses a count that is not its listing's length" \
	status 2 "$TB" explain "$TMP/count.json"
check "... naming where" grep -q 'hops\[0\]: count' "$TMP/out"

# On this kernel: every family of a quick chain run gets a path, next to ns.
if [ "$(id -u)" -ne 0 ]; then
	skip "hop paths on this kernel" "needs root to load BPF programs"
	finish
fi
"$TB" -q run -s chain --quick --trials 1 --repeat 10 --warmup 1 -o "$TMP/native.json" 2>"$TMP/run.log"
check "a native run records a path for each key mode" \
	pyjson "$TMP/native.json" "sorted(h['key_mode'] for h in d['hops']) == ['dynamic', 'poisoned', 'static'] and all(h['count'] > 10 and h['check']['clock'] in ('ns', 'cycles') for h in d['hops'])"
check "... the dynamic and poisoned ones have an indirect jump" \
	pyjson "$TMP/native.json" "all(h['indirect'] == 1 for h in d['hops'] if h['key_mode'] != 'static')"
check "... and explain prints the path next to the measured figure" \
	bash -c "'$TB' explain '$TMP/native.json' | grep -Eq '^chain/tailcall/xdp/static/n0/s0: [0-9]+ instructions a hop, 0 indirect; measured [0-9.]+ (ns|cycles) a hop'"
# Its memory accesses, against what each mnemonic must access (not
# capstone's flags).
check "a native run: every path's accesses agree with their mnemonics and sum to its counts" \
	pyjson "$TMP/native.json" "(
all(len(h['memory']['access']) == h['count'] for h in d['hops']) and
all((not i.startswith('push') or 's' in a) and (not i.startswith('pop') or 'l' in a) and
    (not i.startswith(('lea', 'nop')) or a == '') and
    (not i.startswith('mov') or '[' not in i or a in ('L', 'S')) and
    (not i.startswith('cmp') or '[' not in i or a == 'L')
    for h in d['hops'] for i, a in zip(h['insns'], h['memory']['access'])) and
all(h['memory']['loads'] == sum(1 for a in h['memory']['access'] if 'L' in a or 'l' in a) and
    h['memory']['stores'] == sum(1 for a in h['memory']['access'] if 'S' in a or 's' in a)
    for h in d['hops']))"
check "... the static path loads (the tail-call counter's at least)" \
	pyjson "$TMP/native.json" "all(h['memory']['loads'] >= 1 for h in d['hops'] if h['key_mode'] == 'static')"
finish
