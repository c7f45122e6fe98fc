#!/usr/bin/env bash
# The two 32-bit JITs in the matrix, each on Debian's bookworm kernel (6.1)
# under TCG with -icount: armhf (armmp, not rt-armmp, on qemu's 'virt'
# machine with a Cortex-A15) and i386 (686 on 'pc': the i386 multiarch
# sysroot with the i686 toolchain).  Both kernels boot with the JIT off:
# the guest switches it on and records that.  Both JITs compile tail calls
# and give up programs with bpf2bpf calls, which the interpreter would run:
# those cases are skipped, never measured among the JIT's.  Downloads about
# 60 MB once (cached in .cache/armhf and .cache/i386).  Their hop paths
# are walked (hop/armhf.c, docs/armhf-hops.md; hop/x86.c's i386).  armhf's 6.12 and
# 7.2, i386's 6.5 are the long check (docs/riscv64-armhf-i386.md).
# run-all: two at a time
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
tmpdir

# walked_or_incomplete RESULT OUT INSN: explain --check agrees on the
# static, dynamic and poisoned chains and the inlined hops, every path that
# does not agree is marked incomplete (a helper's code or memory the walk
# cannot read), and the walk went through INSN (a regex), the tail call's
# jump.
walked_or_incomplete() {
	local n m k
	"$TOP/build/tailbench" explain --check "$1" >"$2" 2>&1
	read -r n m < <(sed -En 's/^self-check: ([0-9]+) of ([0-9]+) paths agree.*/\1 \2/p' "$2")
	k=$(grep -c 'DIFFERS.*the path is incomplete' "$2")
	[ "$(grep -Ec '^(chain/tailcall/xdp/(static|dynamic|poisoned)|baseline/inline/xdp/none)/n0/s0: .*agrees$' "$2")" -eq 4 ] &&
		[ $((${n:-0} + k)) -eq "${m:--1}" ] && grep -q "$3" "$2"
}

# ARCH QEMU CC IMAGE-GLOB UNAME CPU STEP FILE-SAYS
for spec in "armhf qemu-system-arm arm-linux-gnueabihf-gcc armmp armv7l cortex-a15 16 32-bit LSB executable, ARM" \
	"i386 qemu-system-i386 i686-linux-gnu-gcc 686 i686 qemu32 1 32-bit LSB executable, Intel 80386"; do
	read -r arch qemu cc flavour uname cpu step says <<<"$spec"
	if ! command -v "$qemu" >/dev/null || ! command -v "$cc" >/dev/null; then
		skip "$arch VM" "$qemu and $cc (crossbuild-essential-$arch) are needed"
		continue
	fi
	start=$(date +%s)
	kernel=$("$VM/kernels.sh" --arch "$arch" fetch 6.1 | cut -d' ' -f2-)
	check "$arch: the 6.1 kernel is fetched, its image, of its own flavour ($flavour)" \
		bash -c ". '$VM/lib.sh' && arch_use $arch && arch_is_image '$kernel' && ! arch_is_image '$TOP/README.md' && [[ '$kernel' == */6.1.0-*[0-9]-$flavour/* ]]"

	"$VM/matrix.sh" --arch "$arch" --results "$TMP/$arch" --timeout 400 6.1 2>"$TMP/$arch.log"
	status=$?
	res=$(ls "$TMP/$arch"/vm-6.1.*-"$flavour"-*.json 2>/dev/null)
	check "$arch: the 6.1 kernel runs the suite and sends its result back" \
		bash -c "[ $status -eq 0 ] && [ -s '$res' ]"
	[ "$status" -eq 0 ] || sed 's/^/# /' "$TMP/$arch.log"
	check "$arch: the payload is a static $says binary" \
		bash -c "file '$TOP/build/$arch/vm-payload/tailbench' | grep -q '$says.*statically linked'"
	check "$arch: the result says $uname, icount, $cpu, and the JIT switched on from off" \
		pyjson "$res" "d['meta']['arch'] == '$uname' and d['meta']['clock'] == 'insns' and d['meta']['vm']['cpu_model'] == '$cpu' and d['meta']['vm']['jit_boot'] == '0' and d['meta']['jit']['enable'] == 1"
	check "$arch: test_run's clock steps by $step, which divides the exact repeat (128)" \
		pyjson "$res" "d['meta']['exact']['clock_step'] == $step and d['meta']['exact']['repeat'] == 128"
	check "$arch: bpf2bpf cases the JIT gave up are skipped as the interpreter's, not measured" \
		pyjson "$res" "c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['status'] == 'skipped' and 'left xdp_bpf2bpf_11 to the interpreter' in c['baseline/bpf2bpf/xdp/none/n0/s0/d11']['reason'] and all(x['prog']['jited_len'] > 0 for x in d['cases'] if x['status'] == 'ok') and d['meta']['jit']['mode'] == 'mixed'"
	check "$arch: tail calls mixed with bpf2bpf calls are refused, in the verifier's words" \
		pyjson "$res" "any(x['status'] == 'skipped' and 'tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls' in x['reason'] for x in d['cases'] if x['scenario'] == 'nesting')"
	check "$arch: static, dynamic and poisoned chains have exact per-hop counts" \
		pyjson "$res" "all(any(f['bench'] == 'tailcall' and f['key_mode'] == m and f['per_hop']['value'] > 0 and f['per_hop']['value'] == int(f['per_hop']['value']) for f in d['fits']) for m in ('static', 'dynamic', 'poisoned'))"
	# The jump each walk must go through: armhf's tail call, i386's
	# retpoline thunk (read from the ELF32 /proc/kcore).
	case $arch in
	armhf) jump='bx r6' ;;
	i386) jump='thunk \+mov dword ptr \[esp\], edx$' ;;
	esac
	check "$arch: every hop path walked agrees with the measured count, or is marked incomplete" \
		walked_or_incomplete "$res" "$TMP/$arch.explain" "$jump"
	grep -E '^self-check|DIFFERS' "$TMP/$arch.explain" | sed 's/^/# /'
	echo "# $arch tests took $(($(date +%s) - start)) s"
done
finish
