/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pad: --pad N, a known slowdown.  Every hop of the generated programs
 * carries TB_PAD_SLOTS no-op ALU instructions behind an always-taken jump
 * (layout.h); just before libbpf loads a program, the jump of each such site
 * is shortened so that the last N run, and the verifier drops the rest.
 */
#ifndef TB_PAD_H
#define TB_PAD_H

#include <stddef.h>

struct bpf_insn;

/* Before loading an object: its programs run pad no-ops per site.  Returns
 * 0, or libbpf's refusal of the program handlers. */
int pad_begin(int pad);
/* Pad sites found in the programs loaded since pad_begin(). */
int pad_sites(void);

/* Shorten the jump of every pad site in insns so that pad of its no-op
 * instructions run; returns how many sites there were. */
int pad_program(struct bpf_insn *insns, size_t n, int pad);

#endif
