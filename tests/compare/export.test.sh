#!/usr/bin/env bash
# export --format bmf and gab: the structure CI dashboards read.
. "$(dirname "$0")/lib.sh"
tmpdir

"$TB" export --format bmf "$NATIVE" >"$TMP/bmf.json"
check "bmf: exit 0, a JSON object" pyjson "$TMP/bmf.json" "isinstance(d, dict)"
expected="sum(c['status'] == 'ok' for c in r['cases']) + len(r['fits'])"
check "bmf: a benchmark per measured case and per fit" python3 -c "
import json
r, d = json.load(open('$NATIVE')), json.load(open('$TMP/bmf.json'))
assert len(d) == $expected, len(d)"
check "bmf: one measure, latency, with value, lower_value, upper_value in order" pyjson "$TMP/bmf.json" \
	"all(list(v) == ['latency'] and list(v['latency']) == ['value', 'lower_value', 'upper_value'] for v in d.values())"
check "bmf: a case is its median between its quartiles" python3 -c "
import json
r, d = json.load(open('$NATIVE')), json.load(open('$TMP/bmf.json'))
for c in r['cases']:
    if c['status'] == 'ok':
        m = d[c['id']]['latency']
        assert (m['value'], m['lower_value'], m['upper_value']) == (c['stat']['median'], c['stat']['q1'], c['stat']['q3']), c['id']"
check "bmf: a fit is <family>/per_hop, its value between its CI bounds" python3 -c "
import json
r, d = json.load(open('$NATIVE')), json.load(open('$TMP/bmf.json'))
assert sum(k.endswith('/per_hop') for k in d) == len(r['fits'])
m = d['$STATIC/per_hop']['latency']
f = next(f for f in r['fits'] if f['scenario'] == 'chain' and f['key_mode'] == 'static')
assert m == {'value': f['per_hop']['value'], 'lower_value': f['per_hop']['ci_low'],
             'upper_value': f['per_hop']['ci_high']}, m"
check "bmf: no skipped case" pyjson "$TMP/bmf.json" \
	"not any(c['status'] != 'ok' and c['id'] in d for c in json.load(open('$NATIVE'))['cases'])"

"$TB" export --format bmf "$VM" >"$TMP/bmf-vm.json"
check "bmf of exact counts: measure instructions, value the agreed count" python3 -c "
import json
r, d = json.load(open('$VM')), json.load(open('$TMP/bmf-vm.json'))
for c in r['cases']:
    if c['status'] == 'ok':
        m = d[c['id']]['instructions']
        assert m['value'] == c['stat']['agreed'] and m['lower_value'] <= m['value'] <= m['upper_value'], c['id']"

"$TB" export --format gab "$NATIVE" >"$TMP/gab.json"
check "gab: a list of {name, unit, value, range, extra}" pyjson "$TMP/gab.json" \
	"isinstance(d, list) and all(list(x) == ['name', 'unit', 'value', 'range', 'extra'] for x in d)"
check "gab: extra says what the range is, a fit's interval by its kind" pyjson "$TMP/gab.json" \
	"all(x['extra'] == ('per-hop slope; range: within-run 95% bootstrap CI' if x['name'].endswith('/per_hop') else 'median of the trials; range: first to third quartile') for x in d)"
check "gab: unit ns, numeric values, ranges written ± N" pyjson "$TMP/gab.json" \
	"all(x['unit'] == 'ns' and isinstance(x['value'], float) and x['range'].startswith('± ') and float(x['range'][2:]) >= 0 for x in d)"
check "gab: the same benchmarks as bmf, each once" python3 -c "
import json
g, b = json.load(open('$TMP/gab.json')), json.load(open('$TMP/bmf.json'))
names = [x['name'] for x in g]
assert len(names) == len(set(names)) and set(names) == set(b)
assert all(x['value'] == b[x['name']]['latency']['value'] for x in g)"
"$TB" export --format gab "$VM" >"$TMP/gab-vm.json"
check "gab of exact counts: unit insns, range ± 0" pyjson "$TMP/gab-vm.json" \
	"all(x['unit'] == 'insns' for x in d) and any(x['range'] == '± 0' for x in d)"
check "gab of exact counts: an exact fit's extra says exact count" pyjson "$TMP/gab-vm.json" \
	"any(x['name'].startswith('chain/tailcall/xdp/static/') and x['extra'] == 'per-hop slope; range: exact count' for x in d)"

"$TB" export --format nosuch "$NATIVE" >/dev/null 2>&1
check "an unknown format: exit 2" [ $? -eq 2 ]
"$TB" export --format bmf "$TMP/missing.json" >/dev/null 2>&1
check "a missing file: exit 2" [ $? -eq 2 ]
finish
