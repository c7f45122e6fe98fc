#!/usr/bin/env bash
# The whole of patch-compare on the example patch, and its effect checked
# exactly: what docs/kbuild.md's example shows, as one command.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/kbuild/example.sh [--series SERIES]

Runs ./run.sh patch-compare SERIES (default 6.12) with
harness/kbuild/patches/tailcall-direct-nop.patch (patches/SERIES/ has the
version for a series where it differs: 6.1), one nop more on every
direct tail call the x86-64 JIT emits, and checks what the gate must find:
compare exits 1, the per-hop count of every tail-call family with static
keys grows by exactly 1 instruction, and every other per-hop count (dynamic
and poisoned keys, bpf2bpf, inlined) stays the same.  Exit 0 when all of it
holds, 1 when not (each family's difference is listed), 2 on bad input.
The first run builds the kernel twice (docs/kbuild.md says how long).
USAGE
}

series=6.12
while [ $# -gt 0 ]; do
	case "$1" in
	--series) need_value "$@"; series=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" 2 ;;
	esac
done

cd "$TOP"
before=$(mktemp)
trap 'rm -f "$before"' EXIT
find results -maxdepth 1 -name 'vm-*.json' | sort >"$before"
rc=0
# A series whose JIT differs has its own version of the patch.
patch=harness/kbuild/patches/tailcall-direct-nop.patch
[ -f "harness/kbuild/patches/$series/${patch##*/}" ] && patch=harness/kbuild/patches/$series/${patch##*/}
./run.sh patch-compare "$series" "$patch" || rc=$?
mapfile -t new < <(find results -maxdepth 1 -name 'vm-*.json' | sort | comm -13 "$before" -)
[ ${#new[@]} -eq 2 ] || die "patch-compare exited $rc and left ${#new[@]} new results, not 2"
base=$(printf '%s\n' "${new[@]}" | grep -- '-base-')
patched=$(printf '%s\n' "${new[@]}" | grep -v -- '-base-')

# Per family: the per-hop counts and their difference, against the
# prediction (+1 for tail calls through a static key, 0 for the rest).
python3 - "$base" "$patched" "$rc" <<'PY'
import json, sys
base, new, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
def fits(path):
    d = json.load(open(path))
    assert d["meta"]["clock"] == "insns", path + ": not exact instruction counts"
    return {"/".join(str(f[k]) for k in ("scenario", "bench", "prog_type", "key_mode", "nest", "frame_stack")):
            (f["per_hop"]["value"], f["bench"].startswith("tailcall") and f["key_mode"] == "static")
            for f in d["fits"]}
b, n = fits(base), fits(new)
bad = rc != 1
print(f"\n{'family':45} {'base':>8} {'patched':>8} {'diff':>6} {'expected':>8}")
for fam in sorted(b):
    if fam not in n:
        print(f"{fam:45} only in {base}")
        bad = True
        continue
    want = 1 if b[fam][1] else 0
    diff = n[fam][0] - b[fam][0]
    ok = abs(diff - want) < 1e-6
    bad |= not ok
    print(f"{fam:45} {b[fam][0]:8.2f} {n[fam][0]:8.2f} {diff:+6.2f} {want:+8d}{'' if ok else '  WRONG'}")
print(f"\ncompare exited {rc} (expected 1)")
print("the effect is as predicted" if not bad else "the effect is NOT as predicted")
sys.exit(1 if bad else 0)
PY
