/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit: reads the native code the JIT made (capstone), to tell a tail call
 * patched into a direct jump from one that goes through an indirect jump.
 */
#ifndef TB_JIT_H
#define TB_JIT_H

#include <stdint.h>
#include <stdio.h>

/* Count the instructions of a JIT image loaded at addr, and how many are
 * indirect jumps or calls (including jumps into retpoline thunks). */
int jit_inspect(const uint8_t *image, size_t len, uint64_t addr, uint32_t *insns,
		uint32_t *indirect);
/* Print the image, one instruction a line, marking the indirect ones. */
int jit_dump(FILE *out, const uint8_t *image, size_t len, uint64_t addr);

#endif
