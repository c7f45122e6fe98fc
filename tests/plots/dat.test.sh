#!/usr/bin/env bash
# tailbench export --format dat: the blocks plots/ reads hold the result
# file's own figures, and gnuplot selects them by name.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

"$TB" export --help | grep -q '^  dat '
check "export --help lists the dat format" [ $? -eq 0 ]

for f in "$FX"/*.json; do
	name=$(basename "$f")
	if ! "$TB" export --format dat "$f" >"$TMP/$name.dat" 2>"$TMP/err"; then
		not_ok "$name: export --format dat exits 0"
		continue
	fi
	# Every measured case, fit and skipped case is in its block with the
	# file's values; the header holds kernel and clock.
	check "$name: dat blocks carry the file's cases, fits and meta" python3 - "$f" "$TMP/$name.dat" <<'PY'
import json, shlex, sys
d = json.load(open(sys.argv[1]))
blocks, name, head = {}, None, None
for line in open(sys.argv[2]):
    line = line.rstrip("\n")
    if line.startswith("# "):
        name, head = line[2:], None
    elif line and name:
        w = shlex.split(line)
        if head is None:
            head = w
        else:
            blocks.setdefault(name, []).append(dict(zip(head, w)))
meta = {r["key"]: r["value"] for r in blocks["meta"]}
assert meta["kernel"] == d["meta"]["kernel"] and meta["clock"] == d["meta"]["clock"], meta
n = 0
for c in d["cases"]:
    fam = "%s/%s/%s/%s/n%d/s%d" % (c["scenario"], c["bench"], c["prog_type"], c["key_mode"],
                                   c["nest"], c["frame_stack"])
    if c["status"] != "ok":
        assert any(r["id"] == c["id"] and r["reason"] == c["reason"]
                   for r in blocks["skipped"]), c["id"]
        continue
    rows = [r for r in blocks["cases " + fam] if int(r["depth"]) == c["depth"]]
    assert len(rows) == 1, c["id"]
    for k in ("median", "q1", "q3"):
        assert abs(float(rows[0][k]) - c["stat"][k]) < 1e-6, (c["id"], k)
    # The figure plots draw: the count the trials agreed on, else the median.
    figure = c["stat"].get("agreed", c["stat"]["median"])
    assert abs(float(rows[0]["figure"]) - figure) < 1e-6, (c["id"], "figure")
    assert int(rows[0]["jited_len"]) == c["prog"]["jited_len"], c["id"]
    n += 1
assert n == sum(len(v) for k, v in blocks.items() if k.startswith("cases ")), "extra rows"
for f in d["fits"]:
    fam = "fits %s/%s/%s/%s/s%d" % (f["scenario"], f["bench"], f["prog_type"], f["key_mode"],
                                    f["frame_stack"])
    rows = [r for r in blocks[fam] if int(r["nest"]) == f["nest"]]
    assert len(rows) == 1 and abs(float(rows[0]["per_hop"]) - f["per_hop"]["value"]) < 1e-6, fam
PY
done

dat=$TMP/vm-6.1.0-50.json.dat
python3 - "$FX/vm-6.1.0-50.json" >"$TMP/expect" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(c["status"] == "ok" and c["id"].startswith("chain/tailcall/xdp/static/n0/s0/") for c in d["cases"]))
PY
if command -v gnuplot >/dev/null; then
	gnuplot -e "stats '$dat' index 'cases chain/tailcall/xdp/static/n0/s0' using 'depth':'median' nooutput; print STATS_records" >"$TMP/got" 2>&1
	check "gnuplot selects a family by name: one record per measured depth" \
		[ "$(cat "$TMP/got")" = "$(cat "$TMP/expect")" ]
else
	skip "gnuplot selects a family by name" "gnuplot is not installed"
fi

# The report's figures: the 34th call, the nesting limits, the verifier's words.
classic=$(sed -n '/^# classic xdp$/,/^$/p' "$dat")
check "classic block: the 34th tail call fell through" \
	grep -q '^"tail_call_limit" "tailcall" 34 33 ' <<<"$classic"
check "classic block: the verifier refused 256 bytes of callers' stack, in its words" \
	grep -q '^"mixed_stack_refused" "tailcall" -1 256 .*previous frames is 256 bytes' <<<"$classic"

echo '{"schema": "other/2"}' >"$TMP/other.json"
"$TB" export --format dat "$TMP/other.json" >/dev/null 2>"$TMP/err"
check "a file of another schema: exit 2, named" \
	bash -c "[ $? -eq 2 ] && grep -q 'other.json: not a tailbench/1 result file' '$TMP/err'"
finish
