// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "load/cs.h"
#include "load/jit.h"
#include "load/rv_zb.h"

/*
 * Under retpoline or ITS mitigations the JIT emits "jmp __x86_indirect_..._thunk_<reg>":
 * a direct jump, into a thunk that makes it indirect; and returns may go
 * through a return thunk.  Their addresses come from kallsyms (zero when
 * kptr_restrict hides them: then only plain indirect jumps are recognised).
 */
struct thunk {
	uint64_t addr;
	char name[64];
	bool indirect;
};

#if defined(__x86_64__) || defined(__i386__)
/* x86-64, and 32-bit x86 (i386) in its own mode: retpoline thunks on both. */
#if defined(__i386__)
#define CS_TARGET CS_ARCH_X86, CS_MODE_32
#else
#define CS_TARGET CS_ARCH_X86, CS_MODE_64
#endif

static struct thunk *thunks;
static int nthunks = -1;

static void load_thunks(void)
{
	char line[256], name[200], type;
	unsigned long long addr;
	FILE *f;

	nthunks = 0;
	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		bool indirect;

		if (sscanf(line, "%llx %c %199s", &addr, &type, name) != 3 || !addr ||
		    !strstr(name, "thunk"))
			continue;
		indirect = !strncmp(name, "__x86_indirect_", 15);
		if (!indirect && !strstr(name, "return_thunk"))
			continue;
		thunks = xrealloc(thunks, nthunks + 1, sizeof(*thunks));
		thunks[nthunks].addr = addr;
		thunks[nthunks].indirect = indirect;
		snprintf(thunks[nthunks++].name, sizeof(thunks->name), "%.63s", name);
	}
	fclose(f);
}

static const struct thunk *find_thunk(uint64_t addr)
{
	if (nthunks < 0)
		load_thunks();
	for (int i = 0; i < nthunks; i++)
		if (thunks[i].addr == addr)
			return &thunks[i];
	return NULL;
}

/* The thunk a direct jump or call goes to, if it goes to one. */
static const struct thunk *branch_thunk(csh cs, const cs_insn *insn)
{
	const cs_x86 *x86 = &insn->detail->x86;

	if (!cs_insn_group(cs, insn, CS_GRP_JUMP) && !cs_insn_group(cs, insn, CS_GRP_CALL))
		return NULL;
	if (x86->op_count < 1 || x86->operands[0].type != X86_OP_IMM)
		return NULL;
	return find_thunk((uint64_t)x86->operands[0].imm);
}

static bool is_indirect(csh cs, const cs_insn *insn)
{
	const cs_x86 *x86 = &insn->detail->x86;

	if (!cs_insn_group(cs, insn, CS_GRP_JUMP) && !cs_insn_group(cs, insn, CS_GRP_CALL))
		return false;
	if (x86->op_count < 1)
		return false;
	if (x86->operands[0].type == X86_OP_IMM) {
		const struct thunk *t = find_thunk((uint64_t)x86->operands[0].imm);

		return t && t->indirect;
	}
	return true;
}
#else
/* Elsewhere the JIT's code has no thunks, and its indirect branches are
 * few: arm64 br (tail calls) and blr (helper calls), 32-bit Arm bx and blx
 * to a register other than the return (bx lr; the JIT emits Arm, not Thumb,
 * code), RISC-V jalr other than ret (capstone 5, trixie's: 4 has no
 * RISC-V), ppc64 bctr and bctrl (through the count register), s390x br and
 * basr.  An architecture not named here is not decoded (its jit_insns stay
 * 0), never read as x86. */
static const struct thunk *branch_thunk(csh cs, const cs_insn *insn)
{
	(void)cs;
	(void)insn;
	return NULL;
}

#if defined(__aarch64__)
#define CS_TARGET CS_ARCH_ARM64, CS_MODE_ARM
#define INDIRECT(i) ((i)->id == ARM64_INS_BR || (i)->id == ARM64_INS_BLR)
#elif defined(__arm__)
#define CS_TARGET CS_ARCH_ARM, CS_MODE_ARM
#define INDIRECT(i) arm_indirect(i)

static bool arm_indirect(const cs_insn *insn)
{
	const cs_arm *arm = &insn->detail->arm;

	if (insn->id != ARM_INS_BX && insn->id != ARM_INS_BLX)
		return false;
	return arm->op_count == 1 && arm->operands[0].type == ARM_OP_REG &&
	       !(insn->id == ARM_INS_BX && arm->operands[0].reg == ARM_REG_LR);
}
#elif defined(__riscv)
#define CS_TARGET CS_ARCH_RISCV, CS_MODE_RISCV64 | CS_MODE_RISCVC
#define INDIRECT(i) ((i)->id == RISCV_INS_JALR && strcmp((i)->mnemonic, "ret"))
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define CS_TARGET CS_ARCH_PPC, CS_MODE_64 | CS_MODE_LITTLE_ENDIAN
#define INDIRECT(i) ((i)->id == PPC_INS_BCTR || (i)->id == PPC_INS_BCTRL)
#elif defined(__s390x__)
#define CS_TARGET CS_ARCH_SYSZ, CS_MODE_BIG_ENDIAN
#define INDIRECT(i) ((i)->id == SYSZ_INS_BR || (i)->id == SYSZ_INS_BASR)
#else
#define CS_TARGET CS_ARCH_MAX, 0	/* cs_open refuses it */
#define INDIRECT(i) ((void)(i), false)
#endif

static bool is_indirect(csh cs, const cs_insn *insn)
{
	(void)cs;
	return INDIRECT(insn);
}
#endif

/* Instructions a JIT emits that capstone does not decode: riscv64's Zba and
 * Zbb (capstone 5 has neither). */
#if defined(__riscv)
#define DECODE_MORE rv_zb_insn
#else
#define DECODE_MORE(code, len, addr, insn) ((void)(code), (void)(addr), (void)(insn), false)
#endif

/* Walk the image; print each instruction when out is set. */
static int walk(FILE *out, const uint8_t *image, size_t len, uint64_t addr, uint32_t *insns,
		uint32_t *indirect)
{
	const uint8_t *code = image;
	size_t left = len;
	uint64_t at = addr;
	cs_insn *insn;
	csh cs;

	if (cs_open(CS_TARGET, &cs) != CS_ERR_OK)
		return -EINVAL;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	insn = cs_malloc(cs);
	*insns = *indirect = 0;
	while (left) {
		bool ind;
		const struct thunk *t;

		if (!cs_disasm_iter(cs, &code, &left, &at, insn)) {
			if (!DECODE_MORE(code, left, at, insn))
				break;
			code += insn->size;
			left -= insn->size;
			at += insn->size;
		}
		ind = is_indirect(cs, insn);
		t = out ? branch_thunk(cs, insn) : NULL;
		(*insns)++;
		*indirect += ind;
		if (out)
			fprintf(out, "  %4" PRIx64 ":  %-8s %s%s%s%s\n", insn->address - addr,
				insn->mnemonic, insn->op_str, t ? "  <" : "", t ? t->name : "",
				ind ? (t ? ">  <- indirect" : "   <- indirect") : (t ? ">" : ""));
	}
	cs_free(insn, 1);
	cs_close(&cs);
	if (*insns && left) {
		/* Stopped at an instruction nothing here decodes: a partial
		 * count is no count. */
		if (out)
			fprintf(out, "  %4zx:  (%zu bytes capstone cannot decode: the listing stops)\n",
				len - left, left);
		*insns = *indirect = 0;
		return -EILSEQ;
	}
	return *insns ? 0 : -EINVAL;
}

int jit_inspect(const uint8_t *image, size_t len, uint64_t addr, uint32_t *insns,
		uint32_t *indirect)
{
	return walk(NULL, image, len, addr, insns, indirect);
}

int jit_dump(FILE *out, const uint8_t *image, size_t len, uint64_t addr)
{
	uint32_t insns, indirect;

	return walk(out, image, len, addr, &insns, &indirect);
}
