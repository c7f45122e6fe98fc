/* SPDX-License-Identifier: GPL-2.0 */
/*
 * capstone, as the harness includes it.  capstone 5 (Debian trixie's: the
 * riscv64 payload's) declares "enum bpf_insn" for its BPF module, the tag
 * of linux/bpf.h's struct: the harness never decodes BPF with capstone, so
 * capstone's is renamed here.  capstone 4 (bookworm's) has no such enum.
 */
#ifndef TB_CS_H
#define TB_CS_H

#define bpf_insn cs_bpf_insn
#include <capstone/capstone.h>
#undef bpf_insn

#endif
