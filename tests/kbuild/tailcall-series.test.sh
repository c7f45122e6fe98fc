#!/usr/bin/env bash
# The tail-call series (harness/kbuild/patches/tailcall-series/, the 2026
# cover letter's idea for x86-64): its patches apply in order, without
# fuzz, to Debian's linux-source-6.12, and each one keeps what the VM run
# cannot show: the known-map encoding stays out of the xlated dump, the
# bound and the target fall back to memory for a map the verifier does not
# know, and every slot update and delete writes the cached target too.
. "$(dirname "$0")/../lib.sh"
tmpdir
S=$TOP/harness/kbuild/patches/tailcall-series
tarball=/usr/src/linux-source-6.12.tar.xz
files=(arch/x86/net/bpf_jit_comp.c kernel/bpf/arraymap.c kernel/bpf/core.c kernel/bpf/syscall.c
	kernel/bpf/verifier.c)

check "the series has three patches, numbered" \
	bash -c "[ \"\$(ls '$S' | tr '\n' ' ')\" = '0001-bpf-tail-call-known-map.patch 0002-x86-tail-call-bound-immediate.patch 0003-x86-tail-call-cached-target.patch ' ]"
# The series' own header is new: filter.h and bpf.h, which most of the
# kernel includes, stay as they are, so a step rebuilds only these files.
printf '%s\n' "${files[@]}" include/linux/bpf_tail_call.h >"$TMP/files"
check "... touching only the files this test unpacks and a header of its own" \
	bash -c "! grep -h '^+++ b/' '$S'/*.patch | sed 's|^+++ b/||' | grep -vxFf '$TMP/files'"

if [ ! -r "$tarball" ]; then
	skip "the series on linux-source-6.12" "$tarball is not installed (apt-get install linux-source-6.12)"
	finish
fi
tar -xJf "$tarball" -C "$TMP" "${files[@]/#/linux-source-6.12/}"
tree=$TMP/linux-source-6.12
for p in "$S"/*.patch; do
	check "$(basename "$p") applies without fuzz" patch -p1 -s -f -F0 -d "$tree" -i "$p"
done
jit=$tree/arch/x86/net/bpf_jit_comp.c arr=$tree/kernel/bpf/arraymap.c

check "the verifier marks a call site of one map only, where the JIT asks" \
	grep -q 'prog->jit_requested && !bpf_map_ptr_poisoned(aux) &&' "$tree/kernel/bpf/verifier.c"
check "the xlated dump reads as a helper call again (src_reg 0)" \
	grep -q 'insns\[i\].src_reg = 0;' "$tree/kernel/bpf/syscall.c"
check "a direct tail call is never taken for a known-map one" \
	grep -q 'if (imm32 && insn->src_reg != BPF_TAIL_CALL_KNOWN_MAP)' "$jit"
check "an unknown map keeps its max_entries load" \
	grep -q 'cmp dword ptr \[rsi + 16\], edx' "$jit"
check "... and its prog->bpf_func load" \
	bash -c "grep -B2 'mov rcx, qword ptr \[rcx + 32\]' '$jit' | grep -q 'if (!cached)'"
check "every update and delete of a slot writes its cached target" \
	bash -c "[ \"\$(grep -c 'prog_array_set_target(array, index' '$arr')\" -eq 2 ]"
check "the prog array's second half is allocated" \
	grep -q 'if (attr->map_type == BPF_MAP_TYPE_PROG_ARRAY)' "$arr"
finish
