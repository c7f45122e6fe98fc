// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "load/rv_zb.h"

/* zext.w for a 32-bit result or a tail call's index, shNadd for an array's
 * slot, sign and zero extension, byte swaps. */
static const struct rv_zb table[] = {
	{ 0xfff0707f, 0x0800003b, "zext.w", RV_ADD_UW, false },	/* add.uw rd, rs1, zero */
	{ 0xfe00707f, 0x0800003b, "add.uw", RV_ADD_UW, true },
	{ 0xfe00707f, 0x20002033, "sh1add", RV_SH1ADD, true },
	{ 0xfe00707f, 0x20004033, "sh2add", RV_SH2ADD, true },
	{ 0xfe00707f, 0x20006033, "sh3add", RV_SH3ADD, true },
	{ 0xfff0707f, 0x0800403b, "zext.h", RV_ZEXT_H, false },
	{ 0xfff0707f, 0x60401013, "sext.b", RV_SEXT_B, false },
	{ 0xfff0707f, 0x60501013, "sext.h", RV_SEXT_H, false },
	{ 0xfff0707f, 0x6b805013, "rev8", RV_REV8, false },
};

static const char *const abi[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const struct rv_zb *rv_zb_find(uint32_t w)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if ((w & table[i].mask) == table[i].match)
			return &table[i];
	return NULL;
}

bool rv_zb_insn(const uint8_t *code, size_t len, uint64_t addr, cs_insn *insn)
{
	const struct rv_zb *zb;
	uint32_t w;

	if (len < 4 || (code[0] & 3) != 3)
		return false;
	w = code[0] | code[1] << 8 | (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
	zb = rv_zb_find(w);
	if (!zb)
		return false;
	insn->id = 0;
	insn->address = addr;
	insn->size = 4;
	memcpy(insn->bytes, code, 4);
	snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%s", zb->name);
	snprintf(insn->op_str, sizeof(insn->op_str), "%s, %s%s%s", abi[(w >> 7) & 31],
		 abi[(w >> 15) & 31], zb->two ? ", " : "", zb->two ? abi[(w >> 20) & 31] : "");
	return true;
}
