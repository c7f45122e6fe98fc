#!/usr/bin/env bash
# The machine facts that change a hop path (meta.vulnerabilities,
# meta.kconfig), the mitigations they show in show and explain, and explain's
# split of a difference between two kernels into config and code: on two VM
# results that recorded them, and on older fixtures given facts here (IBT
# built into both kernels; a host with SRSO's Safe RET).
. "$(dirname "$0")/lib.sh"

# with_facts IN OUT IBT SRO: IN with vulnerabilities (spec_rstack_overflow:
# SRO; "-": no lines at all) and a kconfig whose IBT option is IBT ("-": none).
with_facts() {
	python3 - "$@" <<'PY'
import json, sys
src, out, ibt, sro = sys.argv[1:]
d = json.load(open(src))
m = d["meta"]
if sro != "-":
    m["vulnerabilities"] = {"spectre_v2": m["spectre_v2"], "spec_rstack_overflow": sro,
                            "retbleed": "Not affected"}
if ibt != "-":
    m["kconfig"] = {"source": "/boot/config-" + m["kernel"],
                    "options": {"CONFIG_X86_KERNEL_IBT": ibt, "CONFIG_RETPOLINE": "y"}}
json.dump(d, open(out, "w"))
PY
}

# Two VM runs that recorded their facts (tests/fixtures/README.md).
A="$F/facts/vm-6.1.0-50.json" B="$F/facts/vm-6.12.117.json"
check "the VM records the packaged config: 6.1 without IBT, 6.12 with it" \
	bash -c "python3 -c 'import json, sys; print(*(json.load(open(f))[\"meta\"][\"kconfig\"][\"options\"][\"CONFIG_X86_KERNEL_IBT\"] for f in sys.argv[1:]))' '$A' '$B' | grep -qx 'n y'"
check "... and every vulnerability line of the guest" \
	pyjson "$A" "len(d['meta']['vulnerabilities']) > 10 and d['meta']['vulnerabilities']['spectre_v2'] == d['meta']['spectre_v2']"
check "6.1 -> 6.12: the static hop's +6 is config +1 (IBT), code +5" \
	status 0 "$TB" explain --family chain/tailcall/xdp/static "$A" "$B"
check "... the config part names the option on both sides" bash -c "grep -q '15 -> 21 instructions a hop (+6)' '$TMP/out' &&
	grep -q '^  by source: code +5, config +1 (IBT: CONFIG_X86_KERNEL_IBT=n -> CONFIG_X86_KERNEL_IBT=y)$' '$TMP/out'"
check "... the dynamic hop's the same way" bash -c "'$TB' explain --family chain/tailcall/xdp/dynamic '$A' '$B' |
	grep -q '^  by source: code +5, config +1 (IBT: CONFIG_X86_KERNEL_IBT=n -> CONFIG_X86_KERNEL_IBT=y)$'"
with_facts "$NEW" "$TMP/b.json" y "Not affected"
with_facts "$OLD" "$TMP/a-ibt.json" y "Not affected"
check "with IBT built into both, the endbr64 is the code's" \
	bash -c "'$TB' explain --family chain/tailcall/xdp/static '$TMP/a-ibt.json' '$TMP/b.json' | grep -q '^  by source: code +6$'"
check "without recorded facts, config and code are not told apart" \
	bash -c "'$TB' explain --family chain/tailcall/xdp/static '$OLD' '$NEW' | grep -q '^  by source: code +5, not told apart +1 (IBT: not recorded in the first result'"
check "--html: the split, escaped" \
	bash -c "'$TB' explain --html --family static/n0/s0 '$A' '$B' | grep -q 'by source: code +5, config +1 (IBT: CONFIG_X86_KERNEL_IBT=n -&gt; CONFIG_X86_KERNEL_IBT=y)'"

# A host whose every ret goes through SRSO's return thunk.
with_facts "$OLD" "$TMP/srso.json" - "Mitigation: Safe RET"
check "explain names the return thunk among the mitigations on" \
	status 0 "$TB" explain "$TMP/srso.json"
check "... with the line that says so" grep -q \
	'^  SRSO return thunk: each ret jumps to srso_return_thunk .*(spec_rstack_overflow: Mitigation: Safe RET)$' "$TMP/out"
check "... beside the bpf2bpf path, not the static tail call's" bash -c \
	"grep -A3 '^baseline/bpf2bpf/xdp/none/n0/s0:' '$TMP/out' | grep -q 'mitigations on this path: SRSO return thunk' &&
	! grep -A3 '^chain/tailcall/xdp/static/n0/s0:' '$TMP/out' | grep -q 'mitigations on this path'"
check "show: the mitigation beside the bpf2bpf figure, and the headline's note" status 0 "$TB" show "$TMP/srso.json"
check "... in the table of tail calls against bpf2bpf calls" bash -c \
	"grep -Eq '^bpf2bpf calls +.*  SRSO return thunk$' '$TMP/out' && grep -Eq '^tail call, static key .*  -$' '$TMP/out' &&
	grep -q '^  note: bpf2bpf calls: its path passes SRSO return thunk (spec_rstack_overflow: Mitigation: Safe RET), and a static tail call.s does not: its figure includes it' '$TMP/out'"
check "an older result: show says the mitigations are not all recorded" \
	bash -c "'$TB' show '$OLD' | grep -q '^mitigations: not all recorded .*; spectre_v2: Mitigation: Retpolines'"

# i386 (uname i686): its JIT jumps through a register on a static tail call
# too, so the retpoline is on every tail call's path, and no note sets the
# dynamic key's apart for it.
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["meta"]["arch"] = "i686"; json.dump(d, open(sys.argv[2], "w"))' "$A" "$TMP/i686.json"
check "i386: the retpoline is on every tail call, the static one's included" bash -c \
	"'$TB' explain '$TMP/i686.json' >'$TMP/i686' && grep -q '^  retpoline: .*; on tail calls, gotox (spectre_v2: ' '$TMP/i686' &&
	grep -A3 '^chain/tailcall/xdp/static/n0/s0:' '$TMP/i686' | grep -q 'mitigations on this path: retpoline' &&
	! '$TB' headline '$TMP/i686.json' | grep -q 'a static tail call.s does not' && '$TB' headline '$A' | grep -q 'a static tail call.s does not'"

python3 - "$TMP/srso.json" "$TMP/badvuln.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["meta"]["vulnerabilities"]["retbleed"] = 1
json.dump(d, open(sys.argv[2], "w"))
PY
check "the strict reader refuses a vulnerability line that is not a string" \
	status 2 "$TB" show "$TMP/badvuln.json"
check "... naming where" grep -q 'meta.vulnerabilities.retbleed' "$TMP/out"
python3 - "$TMP/b.json" "$TMP/badcfg.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["meta"]["kconfig"]["source"]
json.dump(d, open(sys.argv[2], "w"))
PY
check "... and a kconfig without its source" status 2 "$TB" show "$TMP/badcfg.json"

# The report lays out what C read from the facts, a row per mitigation on.
if command -v gnuplot >/dev/null; then
	with_facts "$F/native-6.18.44.json" "$TMP/native-srso.json" - "Mitigation: Safe RET"
	"$TOP/plots/report.sh" --out "$TMP/r" -o "$TMP/r/report.html" "$F/facts" "$TMP/native-srso.json" >/dev/null 2>&1
	python3 - "$TOP/tests/plots" "$TMP/r/report.html" >"$TMP/tables" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from html_tables import tables
for t in tables(sys.argv[2]):
    for row in t:
        print("\t".join(row))
PY
	check "report: the mitigations on each result's hop paths, with their facts" bash -c \
		"grep -q '^6.12.117+deb13-cloud-amd64, vm	IBT	every hop	.*	CONFIG_X86_KERNEL_IBT=y$' '$TMP/tables' &&
		grep -q '^6.18.44-fc-v595, native	SRSO return thunk	bpf2bpf calls, nested subprograms	.*	spec_rstack_overflow: Mitigation: Safe RET$' '$TMP/tables' &&
		! grep -q '^6.1.0-50-cloud-amd64, vm	IBT' '$TMP/tables'"
else
	skip "report: the mitigations" "gnuplot is not installed (./run.sh installs it)"
fi

check "boot.sh: --kconfig must be a readable config-<release>" \
	status 2 "$TOP/harness/vm/boot.sh" --kernel "$OLD" --initrd "$OLD" --out "$TMP/x.json" --kconfig "$OLD"

# On this machine: every vulnerability line, as the kernel says it.
need_root "a native run records every vulnerability line"
"$TB" -q run -s chain --quick --trials 1 --repeat 10 --warmup 1 -o "$TMP/native.json" 2>"$TMP/run.log"
check "a native run records every line of the vulnerabilities folder" python3 - "$TMP/native.json" <<'PY'
import json, os, sys
d = "/sys/devices/system/cpu/vulnerabilities"
want = {f: open(os.path.join(d, f)).read().strip() for f in os.listdir(d)} if os.path.isdir(d) else None
sys.exit(0 if json.load(open(sys.argv[1]))["meta"]["vulnerabilities"] == want else 1)
PY
if [ -r /proc/config.gz ] || [ -r "/boot/config-$(uname -r)" ]; then
	check "... and the config options that change a hop path" pyjson "$TMP/native.json" \
		"d['meta']['kconfig']['source'] in ('/proc/config.gz', '/boot/config-' + d['meta']['kernel']) and all(v for v in d['meta']['kconfig']['options'].values())"
else
	check "... and no kconfig where none can be read" pyjson "$TMP/native.json" "d['meta']['kconfig'] is None"
fi
finish
