#!/usr/bin/env bash
# The first answer: tailbench headline, and show's first table.  One source
# (chain's tail calls, baseline's other mechanisms, XDP, unnested), every
# mechanism a figure or why not, intervals by kind (exact counts as
# integers), the mitigations a path passes beside it; several results a row
# per kernel label; tables on stdout, -v for the detail.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures
MUTATE=$TOP/tests/compare/mutate.py
A=$FX/facts/vm-6.1.0-50.json B=$FX/facts/vm-6.12.117.json G=$FX/gotox-hops/vm-6.19.14.json
N=$FX/native-6.18.44.json

# --- one result --------------------------------------------------------------
"$TB" headline "$A" >"$TMP/a" 2>"$TMP/err"
check "headline FILE: exit 0, nothing on stderr" bash -c "[ $? -eq 0 ] && [ ! -s '$TMP/err' ]"
check "the unit of the clock and the one source, named" bash -c \
	"grep -qx 'Headline: cost per hop, guest instructions (icount VM)' '$TMP/a' &&
	grep -q '^  source: per-hop fits of XDP chains, unnested .*tail calls from scenario chain, the others from scenario baseline$' '$TMP/a'"
check "exact counts as integers, labelled exact, from their family" python3 - "$TMP/a" <<'PY'
import re, sys
rows = {l[:25].strip(): l[25:].split() for l in open(sys.argv[1]) if l[:1] not in " H"}
want = {"tail call, static key": ("15", "chain/tailcall/xdp/static/n0/s0"),
        "tail call, dynamic key": ("27", "chain/tailcall/xdp/dynamic/n0/s0"),
        "tail call, poisoned map": ("29", "chain/tailcall/xdp/poisoned/n0/s0"),
        "bpf2bpf calls": ("12", "baseline/bpf2bpf/xdp/none/n0/s0"),
        "bpf2bpf, ctx in args": ("10", "baseline/bpf2bpf_args/xdp/none/n0/s0"),
        "inlined": ("3", "baseline/inline/xdp/none/n0/s0")}
for label, (v, fam) in want.items():
    assert rows[label] == [v, "exact", "count", fam], (label, rows.get(label))
PY
check "a mechanism the kernel refused says so, in its words" bash -c \
	"grep -Eq '^indirect jumps \(gotox\) +refused \[1\] ' '$TMP/a' &&
	grep -qx '  \[1\] refused by this kernel: the kernel has no instruction-array maps for indirect jumps: BPF_MAP_CREATE(BPF_MAP_TYPE_INSN_ARRAY): Invalid argument' '$TMP/a'"
"$TB" headline "$G" >"$TMP/g"
check "a mechanism without cases: not in this run; gotox's count where the kernel has it" bash -c \
	"grep -Eq '^tail call, static key +not in this run ' '$TMP/g' &&
	grep -Eq '^indirect jumps \(gotox\) +9 +exact count +baseline/gotox_chain/xdp/static/n0/s0$' '$TMP/g'"
check "the retpoline on the dynamic key's path, not the static one's: a note with its fact" \
	grep -q "^  note: tail call, dynamic key: its path passes retpoline (spectre_v2: Mitigation: Retpolines; .*), and a static tail call's does not: its figure includes it (recorded facts; that it explains part of the difference is inferred" "$TMP/a"

"$TB" headline "$N" >"$TMP/n"
check "a timed result without a noise profile: the banner, then within-run intervals" bash -c \
	"head -1 '$TMP/n' | grep -qx 'rerun noise unknown: run ./run.sh noise' &&
	grep -Eq '^tail call, static key +3\.15 \[3\.00, 4\.33\] +within-run 95% bootstrap CI ' '$TMP/n'"
python3 "$MUTATE" "$N" "$TMP/runs.json" '
for f in d["fits"]:
    f["per_hop"]["interval"] = "between-runs"
    if f["bench"] == "bpf2bpf":
        f["per_hop"].update(rerun_low=1.5, rerun_high=2.5)
d["meta"]["noise_profile"] = {"file": "noise/x.json", "runs": 5, "time": "2025-06-01T10:00:00Z"}
'
"$TB" headline "$TMP/runs.json" >"$TMP/runs"
check "--runs: between-runs; a noise profile's range: rerun; no banner with a profile" bash -c \
	"grep -Eq '^tail call, static key +3\.15 \[3\.00, 4\.33\] +between-runs 95% bootstrap CI ' '$TMP/runs' &&
	grep -Eq '^bpf2bpf calls +1\.95 \[1\.50, 2\.50\] +rerun 95% \(noise profile\) ' '$TMP/runs' &&
	! grep -q 'rerun noise unknown' '$TMP/runs'"

# --- several: a row per kernel label, a table per clock ------------------------
"$TB" headline "$A" "$B" "$G" "$N" >"$TMP/many"
check "several results: a row per kernel label, a column per mechanism" python3 - "$TMP/many" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
head = [i for i, l in enumerate(lines) if l.startswith("kernel ")]
assert len(head) == 2, "a table per clock: %r" % head
cols = lines[head[0]].split("  ")
assert [c.strip() for c in cols if c.strip()] == ["kernel", "static", "dynamic", "poisoned",
    "bpf2bpf", "bpf2bpf args", "inline", "gotox"], cols
# One kind of interval in the table: said once above it, not in a column.
assert lines[head[0] - 1] == "  every interval: exact count", lines[head[0] - 1]
row = {l.split()[0]: l.split()[1:] for l in lines[head[0] + 1:head[0] + 4]}
assert row["6.1.0-50-cloud-amd64"] == "15 27 29 12 10 3 refused [1]".split(), row
assert row["6.12.117+deb13-cloud-amd64"] == "21 * 33 * 35 * 14 * 12 * 3 refused [1]".split(), row
assert row["6.19.14+deb13-cloud-amd64"] == "- - - 14 12 3 9".split(), row
assert "  -: not in this run" in lines and "  *: differs from the row above" in lines, lines
assert lines[head[1] + 1].startswith("6.18.44-fc-v595 "), lines[head[1] + 1]
# One note for the kernels it holds for.
assert any(l.startswith("  [1] refused by this kernel: ") and
           l.endswith("(6.1.0-50-cloud-amd64, 6.12.117+deb13-cloud-amd64)") for l in lines), lines
PY
# --- several architectures: a table each, within the clock's ----------------
X61=$FX/hops/vm-6.1.0-50.json X612=$FX/hops/vm-6.12.107.json ARM=$FX/hops/vm-6.12.117-arm64.json
"$TB" headline "$X61" "$ARM" "$X612" >"$TMP/arch"
check "x86-64 and arm64: one heading, then a table per architecture, each of its own kernels" python3 - "$TMP/arch" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
assert sum(l.startswith("Headline: ") for l in lines) == 1, lines
arch = [i for i, l in enumerate(lines) if l.startswith("architecture ")]
assert [lines[i] for i in arch] == ["architecture x86_64", "architecture aarch64"], arch
def rows(i):
    head = next(j for j in range(i, len(lines)) if lines[j].startswith("kernel "))
    out = {}
    for l in lines[head + 1:]:
        if l.startswith(" ") or not l:
            break
        out[l.split()[0]] = l.split()[1:]
    return out
x86, arm = rows(arch[0]), rows(arch[1])
assert list(x86) == ["6.1.0-50-cloud-amd64", "6.12.107+deb13-cloud-amd64"], x86
assert x86["6.12.107+deb13-cloud-amd64"][:2] == ["21", "*"], x86
assert list(arm) == ["6.12.117+deb13-cloud-arm64"] and arm["6.12.117+deb13-cloud-arm64"][:5] == \
    "30 34 36 20 16".split(), arm
PY
check "one architecture: no architecture heading" bash -c "! '$TB' headline '$X61' '$X612' | grep -q '^architecture '"
check "--html: a heading per architecture" bash -c "'$TB' headline --html '$X61' '$ARM' '$X612' |
	grep -c '^<h3 class=\"arch\">Architecture ' | grep -qx 2"
# --- 48 kernels: a TEST FIXTURE MADE HERE, real results copied under other
# point-release labels (meta.kernel and the VM label varied, nothing else):
# 5.10 and 6.1 hold 6.1.0-50's counts, 6.12 6.12.117's (labelled +deb12 up
# to 6.12.109 and +deb13 after, as Debian's are), 6.19 6.19.14's, 7.1
# and 7.3 7.3.4's.  Never real kernels' figures.
mkdir "$TMP/k48"
python3 - "$A" "$B" "$G" "$FX/gotox-hops/vm-7.3.4.json" "$TMP/k48" <<'PY'
import json, sys
a, b, g, h, out = sys.argv[1:]
labels = ([("5.10.0-%d-cloud-amd64" % n, a) for n in range(30, 36)] +
          [("6.1.0-%d-cloud-amd64" % n, a) for n in range(30, 48)] +
          [("6.12.%d+deb%d-cloud-amd64" % (n, 12 if n < 110 else 13), b) for n in range(102, 118)] +
          [("6.19.%d+deb13-cloud-amd64" % n, g) for n in range(12, 15)] +
          [("7.1.%d+deb13-cloud-amd64" % n, h) for n in range(1, 3)] +
          [("7.3.%d+deb13-cloud-amd64" % n, h) for n in range(2, 5)])
assert len(labels) == 48
for i, (k, src) in enumerate(labels):
    d = json.load(open(src))
    d["meta"]["kernel"] = d["meta"]["vm"]["label"] = k
    json.dump(d, open("%s/fixture-%02d.json" % (out, i), "x"))
PY
"$TB" headline "$TMP"/k48/*.json >"$TMP/k48.txt"
check "48 kernels: one row per run of a series whose figures read the same, a mark where one changes" python3 - "$TMP/k48.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
head = next(i for i, l in enumerate(lines) if l.startswith("kernel "))
rows = [l.split("  ")[0].strip() for l in lines[head + 1:] if l[:1].isdigit()]
assert rows == ["5.10.0-30 \u2026 5.10.0-35-cloud-amd64 (6)", "6.1.0-30 \u2026 6.1.0-47-cloud-amd64 (18)",
                "6.12.102+deb12 \u2026 6.12.117+deb13-cloud-amd64 (16)", "6.19.12 \u2026 6.19.14+deb13-cloud-amd64 (3)",
                "7.1.1 \u2026 7.1.2+deb13-cloud-amd64 (2)", "7.3.2 \u2026 7.3.4+deb13-cloud-amd64 (3)"], rows
cells = {l.split("  ")[0].split(" ")[0]: l.split("  ", 1)[1].split() for l in lines[head + 1:head + 7]}
assert cells["6.12.102+deb12"][:2] == ["21", "*"] and cells["6.1.0-30"][:1] == ["15"], cells
assert cells["7.1.1"][-2:] == ["10", "*"] and cells["7.3.2"][-1:] == ["10"], cells
table = lines[head:head + 7]
assert max(len(l) for l in table) <= 120, max(len(l) for l in table)
# A note that holds for folded rows names their ranges, not 40 kernels.
ref = next(l for l in lines if l.startswith("  [1] refused by this kernel: "))
assert ref.endswith("(5.10.0-30 \u2026 5.10.0-35-cloud-amd64 (6), 6.1.0-30 \u2026 6.1.0-47-cloud-amd64 (18), "
                    "6.12.102+deb12 \u2026 6.12.117+deb13-cloud-amd64 (16))"), ref
PY
"$TB" headline $(ls -r "$TMP"/k48/*.json) >"$TMP/k48r.txt"
check "... the same table whatever order the files come in (oldest kernel first)" \
	cmp -s "$TMP/k48.txt" "$TMP/k48r.txt"
"$TB" headline "$TMP"/k48/fixture-0[0-5].json "$TMP"/k48/fixture-3[6-9].json >"$TMP/k10.txt"
check "... a note that holds for every one of them says 'all N'" grep -q '(all 10)$' "$TMP/k10.txt"
"$TB" headline "$TMP"/k48/fixture-4[0-2].json >"$TMP/k3.txt"
check "... a column none of them has is left out, said beneath" bash -c \
	"grep -q '^  static: in none of these runs$' '$TMP/k3.txt' && grep -q '^kernel  *bpf2bpf  ' '$TMP/k3.txt'"
"$TB" headline --html "$A" "$B" >"$TMP/h.html"
# A result whose programs the interpreter ran (Debian's s390x kernels have no
# JIT) is never a row that passes for a JIT's.
python3 - "$A" "$TMP/interp.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["meta"]["jit"]["mode"] = "interpreter"
d["meta"]["vm"]["label"] = "interp"
json.dump(d, open(sys.argv[2], "w"))
PY
"$TB" headline "$A" "$TMP/interp.json" >"$TMP/interp" 2>&1
check "several results: the interpreter's row says so in its label, the JIT's does not" bash -c \
	"grep -q '^interp (interpreter) ' '$TMP/interp' && [ \$(grep -c '(interpreter)' '$TMP/interp') -eq 1 ]"
"$TB" headline "$TMP/interp.json" >"$TMP/interp1" 2>&1
check "one result: the interpreter that ran it is said above its table" \
	grep -q '^engine: (interpreter): ' "$TMP/interp1"
"$TB" --json headline "$A" "$TMP/interp.json" >"$TMP/interp.jsn"
check "--json: each result's jit_mode (the JIT's, the interpreter's)" \
	pyjson "$TMP/interp.jsn" "[h['jit_mode'] for h in d] == [json.load(open('$A'))['meta']['jit'].get('mode'), 'interpreter']"
check "--html: a section with the table and the notes, escaped" bash -c \
	"grep -q '^<section id=\"headline\">' '$TMP/h.html' &&
	grep -q '<tr><td>6.1.0-50-cloud-amd64</td><td>15</td><td>27</td><td>29</td><td>12</td><td>10</td><td>3</td><td>refused \[1\]</td></tr>' '$TMP/h.html' &&
	grep -q '^<p>Every interval: exact count.</p>' '$TMP/h.html' &&
	grep -q 'a static tail call&#39;s does not' '$TMP/h.html'"
"$TB" --json headline "$A" >"$TMP/a.json"
check "--json: each row with its value, interval kind, family or why, and the mitigations" \
	pyjson "$TMP/a.json" "d[0]['rows'][0] == {'mechanism': 'tailcall', 'scenario': 'chain', 'mitigations': [], 'family': 'chain/tailcall/xdp/static/n0/s0', 'value': 15, 'low': 15, 'high': 15, 'interval': 'exact'} and d[0]['rows'][6]['why'].startswith('refused by this kernel: ') and d[0]['rows'][1]['mitigations'][0]['name'] == 'retpoline'"
"$TB" headline >/dev/null 2>"$TMP/err"
check "no file: exit 2, saying what it needs" \
	bash -c "[ $? -eq 2 ] && grep -q 'needs one or more result files' '$TMP/err'"
"$TB" headline "$TMP/none.json" >/dev/null 2>&1
check "a missing file: exit 2" [ $? -eq 2 ]

# --- show: the headline first, every other table relating to it ----------------
"$TB" show "$A" >"$TMP/show"
check "show: the headline right after the machine and the case count" bash -c \
	"sed -n '/^[0-9]* cases: /{n;n;p;q}' '$TMP/show' | grep -qx 'Headline: cost per hop, guest instructions (icount VM)'"
check "show: the fits mark the headline's rows; the comparison and dispatch tables say how they relate" bash -c \
	"grep -Eq '^chain +tailcall +xdp +static .* line <- headline' '$TMP/show' &&
	! grep -Eq '^baseline +tailcall +xdp +static .*<- headline' '$TMP/show' &&
	grep -q \"^Tail call vs bpf2bpf vs inline: xdp, scenario baseline, 33 hops \[insns\]; the headline's bpf2bpf, bpf2bpf args, inline, gotox rows are this scenario's per-hop fits$\" '$TMP/show' &&
	'$TB' show '$N' | grep -q '^Dispatch to the last of M targets: xdp \[ns, median\]; not in the headline$'"
check "show, VM: exact per-hop figures as integers, their kind a column" \
	grep -Eq '^chain +tailcall +xdp +static +0 +0 +15 exact ' "$TMP/show"
check "show, VM: load and verify labelled by the clock (thousands of guest instructions), not us" bash -c \
	"grep -Eq '^mechanism +run +per hop .* load ki verify ki ' '$TMP/show' && ! grep -q 'load us' '$TMP/show' &&
	grep -qx 'load ki, verify ki: thousands of guest instructions (a guest ns under icount)' '$TMP/show'"
"$TB" show "$N" >"$TMP/nshow"
check "show, native: load us, verify us; the fits' intervals labelled within-run" bash -c \
	"grep -Eq '^mechanism +run +per hop .* load us verify us ' '$TMP/nshow' &&
	grep -qx 'intervals: within-run 95% bootstrap CI' '$TMP/nshow' &&
	grep -Eq '^chain +tailcall +xdp +static +0 +0 +3\.15 \[3\.00, 4\.33\] within-run ' '$TMP/nshow'"
"$TB" --json show "$A" >"$TMP/show.json"
check "--json show: the headline among its parts" \
	pyjson "$TMP/show.json" "d['headline']['rows'][0]['value'] == 15 and d['headline']['kernel'] == '6.1.0-50-cloud-amd64'"

# --- run: tables on stdout, the headline last; -o - keeps stdout the JSON's ----
if [ "$(id -u)" -ne 0 ]; then
	skip "run's tables on stdout" "needs root to load BPF programs"
	finish
fi
cat >"$TMP/tiny.json" <<'J'
{"description": "tiny", "benches": ["tailcall"], "key_modes": ["static"], "depths": [0, 2], "trials": 2, "repeat": 10}
J
"$TB" run -s "$TMP/tiny.json" --warmup 0 -o "$TMP/r.json" >"$TMP/out" 2>"$TMP/err"
check "run: exit 0, the tables on stdout, progress on stderr" bash -c \
	"[ $? -eq 0 ] && grep -q '^Tail call vs bpf2bpf vs inline' '$TMP/out' && ! grep -q '^Tail call vs' '$TMP/err' &&
	grep -q '^trial 1/2' '$TMP/err' && ! grep -q '^trial' '$TMP/out'"
check "run: the headline is the last table it prints" bash -c \
	"[ \"\$(grep -n '^Headline: ' '$TMP/out' | cut -d: -f1)\" -gt \"\$(grep -n '^Tail call vs' '$TMP/out' | cut -d: -f1)\" ] &&
	tail -1 '$TMP/out' | grep -Eq '^indirect jumps \(gotox\) +not in this run '"
"$TB" run -s "$TMP/tiny.json" --warmup 0 -o - >"$TMP/out.json" 2>"$TMP/err"
check "run -o -: stdout is the result alone, no table anywhere" bash -c \
	"[ $? -eq 0 ] && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' '$TMP/out.json' &&
	! grep -q 'Headline' '$TMP/err'"
finish
