/* SPDX-License-Identifier: GPL-2.0 */
/* The x86-64 and i386 JITs' code, walked by hop_core (hop/walk.c's table). */
#ifndef TB_HOP_X86_H
#define TB_HOP_X86_H

struct hop_isa;
extern const struct hop_isa hop_x86_64;
extern const struct hop_isa hop_i386;

#endif
