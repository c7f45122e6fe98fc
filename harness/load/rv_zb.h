/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rv_zb: the Zba and Zbb instructions riscv64's JIT emits where the CPU has
 * them (qemu's rv64 does), which capstone 5 (trixie's) does not decode.
 * load/jit.c lists them with capstone's; hop/riscv64.c also runs them.
 */
#ifndef TB_RV_ZB_H
#define TB_RV_ZB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load/cs.h"

enum rv_zb_op { RV_ADD_UW, RV_SH1ADD, RV_SH2ADD, RV_SH3ADD, RV_ZEXT_H, RV_SEXT_B, RV_SEXT_H,
		RV_REV8 };

struct rv_zb {
	uint32_t mask, match;	/* its exact encoding, register fields masked out */
	const char *name;
	enum rv_zb_op op;
	bool two;		/* rd, rs1, rs2; else rd, rs1 */
};

/* The entry of a 32-bit instruction word, NULL: none. */
const struct rv_zb *rv_zb_find(uint32_t w);

/* Decodes one of them at code into insn (size, bytes, mnemonic and the
 * operands' text, id 0); false for any other bytes. */
bool rv_zb_insn(const uint8_t *code, size_t len, uint64_t addr, cs_insn *insn);

#endif
