#!/usr/bin/env bash
# arm64 in the matrix: the sysroot and the cross-built payload, Debian's
# bookworm arm64 kernel (6.1) booted under TCG with -icount, and its PMU
# counting beside test_run, the two cross-checked.  Downloads about 40 MB
# once (cached in .cache/arm64).
# run-all: two at a time
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir
need_tools "arm64 VM" "qemu-system-arm and crossbuild-essential-arm64" qemu-system-aarch64 aarch64-linux-gnu-gcc
start=$(date +%s)

# The zboot unpacking, on an image made here: Debian's kernels of this test
# come gzipped, later ones may come as EFI zboot images.
fetch_arch_kernel arm64 6.1 "as a plain Image"
# zboot NAME COMPRESSION: the Image in a zboot header (payload at 64).
zboot() {
	python3 - "$kernel" "$TMP/$1" "$2" <<'PY'
import gzip, struct, sys
p = gzip.compress(open(sys.argv[1], "rb").read(), 1)
head = b"MZ\0\0zimg" + struct.pack("<II", 64, len(p)) + bytes(8) + sys.argv[3].encode().ljust(40, b"\0")
open(sys.argv[2], "wb").write(head + p)
PY
}
zboot zboot gzip
zboot zboot-lz4 lz4
check "an EFI zboot image is unpacked to the Image it wraps" \
	bash -c ". '$VM/lib.sh' && arch_use arm64 && arch_bootable '$TMP/zboot' '$TMP/image' 2>/dev/null && cmp -s '$TMP/image' '$kernel'"
check "... one compressed in a way not handled is refused by name" \
	bash -c "! (. '$VM/lib.sh' && arch_use arm64 && arch_bootable '$TMP/zboot-lz4' '$TMP/image2') 2>'$TMP/err' && grep -q \"compressed with 'lz4'\" '$TMP/err'"

"$VM/matrix.sh" --arch arm64 --results "$TMP/res" --timeout 300 6.1 2>"$TMP/matrix.log"
status=$?
res=$(ls "$TMP"/res/vm-6.1.*-cloud-arm64-*.json 2>/dev/null)
check "the arm64 6.1 kernel runs the suite, and its PMU agrees with test_run" \
	bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/matrix.log"
check "the payload is an aarch64 static binary" \
	bash -c "file '$TOP/build/arm64/vm-payload/tailbench' | grep -q 'ARM aarch64.*statically linked'"
check "the result says arm64, icount, and the CPU model" \
	pyjson "$res" "d['meta']['arch'] == 'aarch64' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == 'cortex-a72' and d['meta']['vm']['accel'] == 'tcg-icount'"
check "the guest's PMU opened cycles and instructions, and said why not the others" \
	pyjson "$res" "d['meta']['counters'] == ['cycles', 'instructions'] and set(d['meta']['counters_refused']) == {'branches', 'branch-misses'} and all(d['meta']['counters_refused'].values()) and 'no_counters' not in d['meta']"
check "every measured case has both counters beside test_run's count" \
	pyjson "$res" "all(len(x['series'][k]['samples']) == len(x['samples']) for x in d['cases'] if x['status'] == 'ok' for k in ('cycles', 'instructions'))"
check "static, dynamic and poisoned chains have exact per-hop counts" \
	pyjson "$res" "all(any(f['bench'] == 'tailcall' and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for m in ('static', 'dynamic', 'poisoned'))"

check "every family's hop path is walked as arm64 code and agrees with its exact per-hop count" \
	bash -c "'$TOP/build/tailbench' explain --check '$res' >'$TMP/explain.out' && grep -Eq '^self-check: ([1-9][0-9]*) of \1 paths agree' '$TMP/explain.out' && grep -q 'br x10' '$TMP/explain.out'"
[ -s "$TMP/explain.out" ] && grep -v ': agrees$' "$TMP/explain.out" | grep 'measured' | sed 's/^/# /'

# The cross-check must be able to fail: tests/vm/pmu.test.sh makes the PMU's
# counts disagree in copies of an arm64 result, with no VM.
echo "# arm64 tests took $(($(date +%s) - start)) s"
finish
