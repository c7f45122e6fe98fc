/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gotox: BPF indirect jumps (the gotox instruction through a jump table in a
 * BPF_MAP_TYPE_INSN_ARRAY map).  Debian 12's libbpf (1.1) cannot load the
 * jump tables clang writes (.jumptables), so these programs are built here
 * as instructions and loaded with bpf_prog_load, one instruction-array map
 * per program.  Programs, by name:
 *   <type>_gotox_chain_<d>     d+1 hops in one program, each but the last
 *                              leaving through gotox to the next (a target
 *                              the verifier knows); returns d
 *   <type>_gotox_dispatch_<m>  gotox through a table of m handlers chosen
 *                              by tb_sel; handler k returns TB_RET_TARGET+k
 * Their globals tb_hops and tb_sel live in one array map, as in .bss.
 */
#ifndef TB_GOTOX_H
#define TB_GOTOX_H

#include "load/loader.h"

struct tb_case;

/* meta.gotox of a result: how these programs were made (no compiler). */
#define GOTOX_BUILD "instructions written by tailbench (load/gotox.c), loaded with bpf_prog_load"

/* What a case's programs come from, in place of an object file. */
char *gotox_object(const struct tb_case *c);
/* Build and load the named programs with pad no-ops per hop; on failure,
 * including a kernel without indirect jumps, f->reason says why. */
int gotox_load(struct progset *f, const struct strlist *progs, int pad);
/* Where a loaded program's jump table leads, as the kernel set it after the
 * JIT: each slot's target as an offset in the program's native code
 * (jitted_off); *n slots in *offs (free it).  -ENOENT: the program has no
 * instruction array. */
int gotox_jitted_targets(int prog_fd, uint32_t **offs, int *n);

#endif
