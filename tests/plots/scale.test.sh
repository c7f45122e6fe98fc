#!/usr/bin/env bash
# export --format dat of a result of 10k cases takes seconds, not minutes:
# its readers sort once instead of looking a family up per item.
. "$(dirname "$0")/../lib.sh"
tmpdir

# The native fixture's cases and fits, copied into new scenarios (chain0,
# chain1...) until there are 10k cases.
python3 - "$TOP/tests/fixtures/native-6.18.44.json" "$TMP/big.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
cases, fits = d["cases"], d["fits"]
d["cases"], d["fits"] = [], []
k = 0
while len(d["cases"]) < 10000:
    for x in copy.deepcopy(cases) + copy.deepcopy(fits):
        x["scenario"] = "%s%d" % (x["scenario"], k)
        if "id" in x:
            x["id"] = "%s/%s" % (x["scenario"], x["id"].split("/", 1)[1])
        (d["cases"] if "id" in x else d["fits"]).append(x)
    k += 1
json.dump(d, open(sys.argv[2], "x"))
PY

start=$(date +%s)
timeout 30 "$TB" export --format dat "$TMP/big.json" >"$TMP/big.dat"
rc=$?
secs=$(($(date +%s) - start))
check "10k cases: export --format dat exits 0 within 30 s on a loaded machine (took ${secs}s)" \
	[ $rc -eq 0 ]
check "10k cases: a block per family, a row per measured case" python3 - "$TMP/big.json" "$TMP/big.dat" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = [c for c in d["cases"] if c["status"] == "ok"]
fams = {c["id"].rsplit("/", 1)[0] for c in ok}
names, rows, name = [], 0, None
for line in open(sys.argv[2]):
    if line.startswith("# "):
        name = line[2:].rstrip("\n")
        names.append(name)
        head = True
    elif line.strip() and name and name.startswith("cases "):
        rows += not head
        head = False
cases = [n[6:] for n in names if n.startswith("cases ")]
assert sorted(cases) == sorted(fams) and rows == len(ok), (len(cases), len(fams), rows, len(ok))
# Blocks come in the order their families first appear in the file.
first = list(dict.fromkeys(c["id"].rsplit("/", 1)[0] for c in ok))
assert cases == first
PY
finish
