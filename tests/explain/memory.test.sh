#!/usr/bin/env bash
# Memory accesses of a hop path (hops[].memory): explain prints them, per
# path, in its table by key mode and in the difference of two results; the
# strict reader refuses an access list that is not the listing's length.
# (The walker's own count against a hand count is in the unit tests: hop
# memory; a run on this kernel, in explain.test.sh.)
. "$(dirname "$0")/lib.sh"

# The static paths of 6.1 and 6.12, their accesses counted by hand:
# L load, S store, l and s the stack's (pop, push).
python3 - "$OLD" "$NEW" "$TMP/old.json" "$TMP/new.json" <<'PY'
import json, sys
hand = {
    # push; ...; mov edx, [rsi]; ...; mov [rsi], edx; ...; mov eax, [rbp-4];
    # ...; mov [rbp-4], eax; nop [rax+rax]; pop rax; jmp
    15: "s - L - S - - L - - - S - l -",
    # endbr64; cmp; ja; push; mov; jmp; push; ...; mov edx, [rsi]; ...;
    # mov [rsi], edx; ...; mov rax, [rbp-0x10]; cmp [rax], 0x21; jae; nop;
    # add [rax], 1; pop; pop; jmp
    21: "- - - s - - s - L - S - - L L - - LS l l -",
}
for src, dst in zip(sys.argv[1:3], sys.argv[3:5]):
    d = json.load(open(src))
    for h in d["hops"]:
        if h["family"] == "chain/tailcall/xdp/static/n0/s0":
            acc = [a.replace("-", "") for a in hand[h["count"]].split()]
            assert len(acc) == h["count"]
            h["memory"] = {
                "loads": sum(1 for a in acc if "L" in a or "l" in a),
                "stores": sum(1 for a in acc if "S" in a or "s" in a),
                "stack_loads": sum(1 for a in acc if a == "l"),
                "stack_stores": sum(1 for a in acc if a == "s"),
                "access": acc,
            }
    json.dump(d, open(dst, "w"))
PY

check "6.1 static: 3 loads, 3 stores, where" \
	status 0 "$TB" explain --family xdp/static/n0 "$TMP/old.json"
check "... each listed by its number, the stack's marked" \
	grep -q "^  memory: 3 loads, 3 stores a hop (of them 1 and 1 only the stack's: push, pop, call, ret, leave); loads at 3, 8, 14 (stack); stores at 1 (stack), 5, 12$" "$TMP/out"
check "... and in the table by key mode" \
	grep -Eq '^ +chain/tailcall/xdp/static/n0/s0 +static +15 +3 +3 +1/1 +0$' "$TMP/out"
check "... before the self-check line, still the last" \
	bash -c "tail -n 1 '$TMP/out' | grep -q '^self-check: '"
check "a path without memory counts prints none and no table row" \
	bash -c "'$TB' explain --family xdp/dynamic/n0 '$TMP/old.json' >'$TMP/dyn' && ! grep -q 'memory:\|by key mode' '$TMP/dyn'"
check "6.1 -> 6.12 static: loads 3 -> 6, stores 3 -> 4" \
	status 0 "$TB" explain --family xdp/static/n0 "$TMP/old.json" "$TMP/new.json"
check "... said under the aligned difference" \
	grep -q '^  memory: loads 3 -> 6 (+3), stores 3 -> 4 (+1); indirect 0 -> 0 (+0)$' "$TMP/out"

python3 - "$TMP/old.json" "$TMP/short.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for h in d["hops"]:
    if "memory" in h:
        h["memory"]["access"].pop()
json.dump(d, open(sys.argv[2], "w"))
PY
check "an access list short of the listing: refused, exit 2" status 2 "$TB" explain "$TMP/short.json"
check "... naming where" grep -q 'hops\[[0-9]*\]: memory.access has 14 entries for 15 instructions' "$TMP/out"

finish
