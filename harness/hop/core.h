/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_core: what the walkers of hop/hop.h share, whatever the machine code.
 * Values are 64-bit and known or unknown (an unknown one keeps an addend,
 * so that "bpf_func of some program, plus the tail-call offset" lands at the
 * next program of the chain); the stack is known exactly (slots of a
 * machine word below a made-up top), .bss and an indirect jump's table
 * are what user space read, any other memory is unknown.  The core decodes, records the
 * hop kept, moves pc between images and kernel text, and fills the path; an
 * architecture (hop/x86.c: x86-64 and i386, hop/arm64.c, riscv64.c,
 * ppc64el.c, armhf.c, s390x.c) brings its registers, its
 * instructions' semantics and what begins a hop in its code.
 */
#ifndef TB_HOP_CORE_H
#define TB_HOP_CORE_H

#include "hop/hop.h"
#include "load/cs.h"

#define HOP_STACK_SLOTS 8192
#define HOP_MAX_TAGS 64
#define HOP_MAX_COUNTERS 16
#define HOP_MAX_FRAMES 256

struct val {
	uint64_t v;		/* the value, or the addend of an unknown one */
	bool known;
	bool global;		/* derived from memory outside the stack, or a kernel address */
	uint64_t slot;		/* the stack address it was loaded from, 0: none */
	int origin;		/* the load or constant it derives from, 0: none */
};

/* What the walker noted of one executed instruction, for its role. */
struct rec {
	char *text;
	uint64_t addr;
	int size;
	bool in_image, indirect, check, jump;
	bool frame;		/* saves, restores, stack pointer arithmetic, nops */
	unsigned int mem;	/* HOP_MEM_*: the memory it accesses */
	int built;		/* a register a run of moves builds a constant in, -1: none */
	uint64_t stack_addr;	/* a stack slot it read or wrote, 0: none */
	struct val src;		/* what it read (register or memory) */
	struct val dst;		/* what it wrote */
};

enum hop_transfer { T_JUMP, T_CALL, T_RET };

struct hop_core;

/* One architecture's walker. */
struct hop_isa {
	const char *name;
	cs_arch cs_arch;
	cs_mode cs_mode;
	size_t size;		/* of its machine, which begins with struct hop_core */
	uint64_t stack_top;
	int word;		/* bytes of a stack slot: 0 is 8; 4 on a 32-bit machine,
				 * whose registers are saved and moved a word at a time */
	int insn_max;		/* bytes one instruction may take */
	bool big_endian;	/* of its memory: .bss and sub-slot stack accesses */
	const char *branch;	/* what its code calls a jump, for notes */
	/* How roles read (hop/core.c's role()): a counter is also followed
	 * through the loads and constants it derives from; an instruction
	 * that writes the counter slot's address handles the counter; saves
	 * and restores are the frame's even when what they move is work. */
	bool origins, counter_address, frame_first;
	/* Registers as test_run calls the entry program. */
	void (*enter)(struct hop_core *c);
	/* Executes insn (c->pc already past it): 0 or -errno. */
	int (*step)(struct hop_core *c, const cs_insn *insn, struct rec *r);
	/* insn stored into .bss (HOP_STORE: the hop counter). */
	bool (*stores_bss)(struct hop_core *c, const cs_insn *insn, const struct rec *r);
	bool (*is_call)(const cs_insn *insn);
	/* A call into unreadable text returns at once: the return value is
	 * unknown; where it returns to (the frame hop_call pushed, the core
	 * pops). */
	struct val (*returned)(struct hop_core *c);
	/* The value a thunk at addr jumps to, false: addr is no thunk; may be
	 * NULL. */
	bool (*thunk)(struct hop_core *c, uint64_t addr, struct val *to);
	/* After insn was counted in hop tag; may be NULL. */
	void (*recorded)(struct hop_core *c, const cs_insn *insn, int tag);
	/* The offset of img's tail-call entry, for an unknown target with no
	 * addend: the JIT took it, offset included, from memory (a target
	 * cached in the prog array); may be NULL: the addend is the offset. */
	uint64_t (*tail_entry)(struct hop_core *c, const struct hop_image *img);
	/* Whether the run of insn (of img's n) that begins at insn[*k] builds
	 * a kernel address for an ld_imm64 of a map or map value (hop.h's
	 * hop_constants): then that address in *v; *k is left at the run's
	 * last instruction.  Called at every instruction in order, on one
	 * machine for the image, zeroed but for isa and (where capstone
	 * splits the image) cs. */
	bool (*constant)(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
			 size_t n, size_t *k, uint64_t *v);
	/* The size of the instruction at code (0: none), for a walker that
	 * splits its images itself for constant (insn: address, size and
	 * bytes; no capstone); NULL: capstone splits them. */
	int (*length)(const uint8_t *code, size_t len);
	/* Decodes what capstone does not know into insn (false: nothing
	 * does); may be NULL. */
	bool (*decode)(const uint8_t *code, size_t len, uint64_t addr, cs_insn *insn);
};

struct hop_core {
	const struct hop_isa *isa;
	const struct hop_walk *w;
	csh cs;
	struct val stack[HOP_STACK_SLOTS];
	uint64_t stack_lo;
	uint8_t *bss;
	uint64_t pc;
	const struct hop_image *img;	/* where pc is, NULL in kernel text */
	int last_prog;		/* program of the last image instruction */
	int tag, seq, norigins;
	bool done;
	uint64_t counter_slots[HOP_MAX_COUNTERS];
	int counter_origins[HOP_MAX_COUNTERS], nslots, norig;
	int counts[HOP_MAX_TAGS];
	struct rec *recs;	/* of the hop kept */
	int nrecs, keep;
	char *note;
};

static inline struct val known(uint64_t v)
{
	return (struct val){ .v = v, .known = true };
}

static inline uint64_t mask(int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* pc is in the last program of a tail-call path: the run ended there, its
 * tail call finding the slot empty, so the JIT's check of the slot it
 * loaded (unknown memory) is taken as null there. */
static inline bool hop_last_prog(const struct hop_core *c)
{
	return c->img && c->w->boundary == HOP_TAIL && c->img->prog + 1 >= c->w->nprogs;
}

/* Notes why the walk stops (the first reason only); returns err. */
int hop_fail(struct hop_core *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Says once that the path is incomplete: what (at addr) was not counted
 * because kernel text is not readable here; the walk goes on. */
void hop_incomplete(struct hop_core *c, const char *what, uint64_t addr);
bool hop_in_bss(const struct hop_core *c, uint64_t a, int size);
struct val hop_mem_read(struct hop_core *c, struct val a, int size, struct rec *r);
void hop_mem_write(struct hop_core *c, struct val a, int size, struct val v, struct rec *r);
/* The kernel's MAX_TAIL_CALL_CNT, a tail-call counter's compare with it:
 * 33 from 5.17 on, 32 before. */
#define HOP_TAIL_CALL_CNT(v) ((v) == 33 || (v) == 32)
/* A compare with MAX_TAIL_CALL_CNT read a (the tail-call counter). */
void hop_note_counter(struct hop_core *c, struct val a, const struct rec *r);
/* hop_isa.stores_bss of a walker whose stores mark their record's dst
 * global where they store into .bss. */
bool hop_stores_bss(struct hop_core *c, const cs_insn *insn, const struct rec *r);
/*
 * Moves pc to target.  An unknown target is the next program's entry plus
 * its addend (the only unknown jump of a tail-call family), or with no
 * addend its tail-call entry where the isa finds one; kernel text that
 * cannot be read is skipped, noted: a called function as if it returned at
 * once, a thunk by the register it jumps through.  0 or -errno.
 */
int hop_transfer(struct hop_core *c, struct val target, enum hop_transfer kind);

/*
 * The open calls of a machine whose calls leave their return address in a
 * register (arm64, riscv64, ppc64el, 32-bit Arm): where each returns to, and the
 * hop it returns into (a bpf2bpf call begins one).
 */
struct hop_frames {
	struct {
		uint64_t ret;
		int tag;
	} at[HOP_MAX_FRAMES];
	int n;
};

/* A call of target returning to next (its link register already set). */
int hop_call(struct hop_core *c, struct hop_frames *f, struct val target, uint64_t next);
/* A jump to target, which may return from open calls, or (at kernel) from
 * the walk. */
int hop_return(struct hop_core *c, struct hop_frames *f, struct val target, uint64_t kernel);

/* hop_walk for one architecture. */
int hop_core_walk(const struct hop_isa *isa, const struct hop_walk *w, int hop, int last,
		  struct hop_path *p);
/* hop_constants for one architecture, by its isa->constant. */
int hop_core_constants(const struct hop_isa *isa, const struct hop_image *img, uint64_t **out);

#endif
