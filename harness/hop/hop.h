/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop: the native instructions one hop of a case executes, found by walking
 * the JIT's code of its loaded, armed programs the way the CPU runs it (an
 * abstract machine over capstone, one walker per architecture (hop/walk.c):
 * known stack, known .bss, the rest unknown; a branch on an unknown value
 * falls through, which is the passing side of every limit check of a tail
 * call).
 *
 * A hop ends where the next one begins, by the family's rule (its bench's,
 * bench/hop_rule.h), and a frame returned into keeps the hop it was entered
 * in, so that the code a nested chain runs on the way back counts for its
 * own hop.
 */
#ifndef TB_HOP_H
#define TB_HOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/hop_rule.h"

/* The machine code walked; each has its own walker (hop/walk.c's table). */
enum hop_arch { HOP_X86_64, HOP_ARM64, HOP_RISCV64, HOP_PPC64EL, HOP_ARMHF, HOP_I386, HOP_S390X, HOP_ARCH_OTHER };

#if defined(__x86_64__)
#define HOP_ARCH_NATIVE HOP_X86_64
#elif defined(__aarch64__)
#define HOP_ARCH_NATIVE HOP_ARM64
#elif defined(__riscv) && __riscv_xlen == 64
#define HOP_ARCH_NATIVE HOP_RISCV64
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define HOP_ARCH_NATIVE HOP_PPC64EL
#elif defined(__arm__)
#define HOP_ARCH_NATIVE HOP_ARMHF
#elif defined(__i386__)
#define HOP_ARCH_NATIVE HOP_I386
#elif defined(__s390x__)
#define HOP_ARCH_NATIVE HOP_S390X
#else
#define HOP_ARCH_NATIVE HOP_ARCH_OTHER
#endif

/* One function's native code: a program's main function or a subprogram. */
struct hop_image {
	uint64_t addr;
	const uint8_t *code;
	size_t len;
	int prog;		/* position of its program on the path, entry 0 */
	bool main;		/* the program's main function (not a subprogram) */
};

/* Memory the walker knows: the object's .bss, as user space read it. */
struct hop_memory {
	uint64_t addr;
	uint8_t *data;
	size_t len;
};

/* Reads kernel text (thunks, helpers); -errno when it cannot. */
typedef int (*hop_read_text)(uint64_t addr, uint8_t *buf, size_t len);
/* The name of the kernel symbol holding addr, or NULL. */
typedef const char *(*hop_symbol)(uint64_t addr);

struct hop_walk {
	enum hop_arch arch;
	const struct hop_image *images;
	int nimages;
	int nprogs;		/* programs on the path */
	enum hop_boundary boundary;
	struct hop_memory bss;
	/* Read-only memory the kernel filled and the family read back: an
	 * indirect jump's table of native targets (len 0: none). */
	struct hop_memory table;
	hop_read_text read_text;
	hop_symbol symbol;
};

/* Roles of an instruction in a hop, for explain. */
#define HOP_ROLES "work", "check", "counter", "jump", "thunk", "frame", "other"

/*
 * Memory an instruction accesses (struct hop_insn's mem): a load reads
 * memory, a store writes it, one that does both is both.  The STACK bits
 * are the stack accesses no operand names (push, pop, call, ret, leave);
 * "push qword ptr [rax]" is a LOAD and a STACK_STORE.  lea and the
 * multi-byte nops name memory they never access: neither.
 */
#define HOP_MEM_LOAD 1u
#define HOP_MEM_STORE 2u
#define HOP_MEM_STACK_LOAD 4u
#define HOP_MEM_STACK_STORE 8u

struct hop_insn {
	char *text;		/* "mov eax, dword ptr [rbp - 0x4]" */
	const char *role;	/* one of HOP_ROLES */
	bool indirect;
	unsigned int mem;	/* HOP_MEM_* */
};

/* A path's instructions that load and that store, each counted once
 * however many operands it has; stack_*: those whose access of that kind
 * is only the implicit stack one. */
struct hop_mem_counts {
	int loads, stores, stack_loads, stack_stores;
};

struct hop_path {
	struct hop_insn *insns;
	int count;
	int indirect;
	struct hop_mem_counts mem;
	/* Steady hops compared (each one's instruction count), and why the
	 * path may be incomplete (NULL: complete). */
	int checked[4], nchecked;
	char *note;
	/* Where its code lies: bytes of the instructions executed, distinct
	 * 64-byte lines and 4 KiB pages they touch, and the offset of its
	 * first instruction in its page (for placement experiments). */
	int bytes, lines, pages, entry_offset;
};

/*
 * Walks one run from the entry program's first instruction to its return
 * to the kernel, and keeps hop number `hop` (0 is what runs before the first
 * boundary).  The other hops between 1 and last are compared with it.
 * 0 or -errno; then p->note says what went wrong (an architecture without
 * a walker: -EOPNOTSUPP, and nothing walked).
 */
int hop_walk(const struct hop_walk *w, int hop, int last, struct hop_path *p);

/*
 * The kernel addresses one function's code builds into registers for its
 * ld_imm64 of a map or map value, in order (x86-64: movabs; arm64: movz/movn
 * + movk runs); *out is allocated.  The count, or -errno (-EOPNOTSUPP: no
 * walker for arch).
 */
int hop_constants(enum hop_arch arch, const struct hop_image *img, uint64_t **out);
void hop_path_free(struct hop_path *p);
/* Adds one instruction's HOP_MEM_* bits to n. */
void hop_mem_count(struct hop_mem_counts *n, unsigned int mem);

#endif
