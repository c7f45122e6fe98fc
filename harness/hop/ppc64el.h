/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_ppc64el: the walker of hop/hop.h for the ppc64 JIT's code, little-endian
 * (ELFv2: no function descriptors).  Its tail call patches nothing: the
 * bounds check, the count, the load of array->ptrs[index], and mtctr of
 * bpf_func plus the prologue's skip, then bctr, run for a constant key as
 * for any other.
 */
#ifndef TB_HOP_PPC64EL_H
#define TB_HOP_PPC64EL_H

struct hop_isa;
/* The walker hop_walk runs for HOP_PPC64EL (hop/core.h). */
extern const struct hop_isa hop_ppc64el;

#endif
