#!/usr/bin/env bash
# The table of tail calls against bpf2bpf calls says the same in the terminal
# (tailbench show), in the dat export and in the report's HTML: the same run
# figure and per-hop figure for every mechanism, from one scenario and depth.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

for f in "$FX"/native-6.18.44.json "$FX"/vm-6.1.0-50.json "$FX"/vm-6.12.107.json; do
	name=$(basename "$f" .json)
	"$TB" show "$f" >"$TMP/$name.show" &&
		"$TB" export --format dat "$f" >"$TMP/$name.dat" &&
		{ awk -v block=classic_columns -v pre=column -f "$TOP/plots/rows.awk" "$TMP/$name.dat" &&
			awk -v block=classic_cells -v pre=cell -f "$TOP/plots/rows.awk" "$TMP/$name.dat" &&
			awk -v block="classic xdp" -v pre="value	K	env	unit" -f "$TOP/plots/rows.awk" "$TMP/$name.dat"; } |
		awk -v table=classic -f "$TOP/plots/tables.awk" >"$TMP/$name.html"
	check "$name: show, dat and report are made" [ $? -eq 0 ]
	check "$name: show, dat and report agree on each mechanism's run and per-hop figures" \
		python3 - "$f" "$TMP/$name.show" "$TMP/$name.dat" "$TMP/$name.html" <<'PY'
import json, math, re, shlex, sys
d = json.load(open(sys.argv[1]))
show = open(sys.argv[2]).read().splitlines()
labels = {"tail call, static key": "tailcall", "tail call, dynamic key": "tailcall_dynamic",
          "tail call, poisoned map": "tailcall_poisoned", "tail call, per-CPU ctx": "tailcall_percpu",
          "bpf2bpf calls": "bpf2bpf", "bpf2bpf, ctx in args": "bpf2bpf_args", "inlined": "inline"}

# show's table: "mechanism run per-hop ..." under its heading, to a blank line.
at = next(i for i, l in enumerate(show) if l.startswith("Tail call vs bpf2bpf vs inline: xdp"))
scenario = re.search(r"scenario (\S+), (\d+) hops", show[at]).groups()
shown = {}
for l in show[at + 2:]:
    if l[:24].strip() not in labels:
        break
    w = l[24:].split()
    shown[labels[l[:24].strip()]] = (w[0], w[1])
assert shown, "show has no comparison rows"

# The dat's classic block.
rows, on = [], False
for l in open(sys.argv[3]):
    l = l.rstrip("\n")
    if l.startswith("# "):
        on = l == "# classic xdp"
        head = None
    elif on and l:
        w = shlex.split(l)
        if head is None:
            head = w
        else:
            rows.append(dict(zip(head, w)))
dat = {(r["property"], r["mechanism"]): r for r in rows}

def same(text, v):
    """show's rounding of v: as many decimals as it printed."""
    dec = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - v) <= 0.5 * 10 ** -dec + 1e-9

assert set(m for p, m in dat if p == "run") == set(shown), (sorted(dat), sorted(shown))
for mech, (run, hop) in shown.items():
    r, h = dat[("run", mech)], dat[("per_hop", mech)]
    assert same(run, float(r["value"])), (mech, "run", run, r["value"])
    assert same(hop, float(h["value"])), (mech, "per hop", hop, h["value"])
    # Both come from the case and fit of the scenario and depth show names.
    case = "%s/%s/xdp" % (scenario[0], r["detail"].split("/")[1])
    assert r["detail"].startswith(case) and h["detail"].startswith(case), (mech, r, h)
    assert int(r["depth"]) == int(scenario[1]), (mech, r["depth"], scenario)
    c = [c for c in d["cases"] if c["id"] == "%s/d%s" % (r["detail"], r["depth"])][0]
    exact = d["meta"]["clock"] == "insns"
    assert float(r["value"]) == (c["stat"]["agreed"] if exact else c["stat"]["median"]), mech

# The report's cells: tables.awk's rounding of the dat's value, an exact
# count as the integer it is, with no interval; any other with its kind.
html = open(sys.argv[4]).read()
def num(r):
    v = float(r["value"])
    if r["kind"] == "exact":
        return "%d" % v
    a = abs(v)
    return "%.2f" % v if a < 10 else "%.1f" % v if a < 100 else "%.0f" % v
unit = "unit"
for p, mechs, fmt in (("per_hop", ("tailcall", "bpf2bpf", "tailcall_percpu", "bpf2bpf_args"), "<b>%s %s/hop</b>"),
                      ("run", ("tailcall", "bpf2bpf"), "<b>%s %s</b>")):
    for mech in mechs:
        r = dat[(p, mech)]
        cell = fmt % (num(r), unit)
        assert cell in html, (mech, cell)
        after = re.sub(r" at \d+ hops$", "", html[html.index(cell) + len(cell):].split(" <span class=\"k\">")[0])
        if r["kind"] == "exact":
            assert after == "", (mech, "an exact count has no interval", after)
        else:
            assert after.endswith('<span class="d">%s</span>' % r["kind"]), (mech, after)
exact = d["meta"]["clock"] == "insns"
assert exact == any(r["kind"] == "exact" for r in rows), "exact counts flagged only on an exact clock"
PY
done

# The native fixture's static tail call: the baseline scenario measured most
# mechanisms; its 33-hop case and fit are the figures all three print.
check "native: show prints the baseline scenario's 33-hop tail call, 164.0 and 4.15 per hop" \
	grep -Eq '^tail call, static key +164\.0 +4\.15 ' "$TMP/native-6.18.44.show"
check "native: show names the mechanisms that scenario did not measure (its result predates gotox and bpf_loop)" \
	grep -q '^not measured in scenario baseline: tail call, dynamic key; tail call, poisoned map; bpf_loop callbacks; indirect jumps (gotox)$' \
	"$TMP/native-6.18.44.show"
finish
