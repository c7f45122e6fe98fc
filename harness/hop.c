// SPDX-License-Identifier: GPL-2.0
/*
 * The walker of hop.h.  Values are 64-bit and either known or unknown; an
 * unknown one keeps an addend, so that "the bpf_func loaded from a prog
 * array, plus the tail-call offset" can be resolved once the family says
 * where that jump goes (the next program of the chain).  The stack is known
 * exactly (8-byte slots below a made-up top), .bss is what user space read,
 * any other memory is unknown.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "hop.h"
#include "hop_arm64.h"
#include "util.h"

#define STACK_SLOTS 8192
#define STACK_TOP 0xffffc90000200000ull
#define STACK_LO (STACK_TOP - STACK_SLOTS * 8ull)
/* The return address into the kernel's test_run loop: the walk ends there. */
#define RET_KERNEL 0xffffffff8badf00dull
#define MAX_STEPS 200000
#define MAX_TAGS 64
#define MAX_COUNTER_SLOTS 16
#define NREGS 16

struct val {
	uint64_t v;		/* the value, or the addend of an unknown one */
	bool known;
	bool global;		/* derived from memory outside the stack */
	uint64_t slot;		/* the stack address it was loaded from, 0: none */
};

/* What the walker noted of one executed instruction, for its role. */
struct rec {
	char *text;
	uint64_t addr;
	int size;
	bool in_image, indirect, branch, check, jump;
	uint64_t stack_addr;	/* a stack slot it read or wrote, 0: none */
	struct val src;		/* what it read (register or memory) */
	struct val dst;		/* what it wrote */
	bool frame;		/* push, pop, leave, rsp/rbp arithmetic, nops */
};

struct flags {
	enum { FL_NONE, FL_CMP, FL_TEST } kind;
	uint64_t a, b;
	int size;
};

struct machine {
	const struct hop_walk *w;
	csh cs;
	struct val reg[NREGS];
	struct val stack[STACK_SLOTS];
	int ret_tag[STACK_SLOTS];
	uint8_t *bss;
	struct flags fl;
	uint64_t pc;
	const struct hop_image *img;	/* where pc is, NULL in kernel text */
	int last_prog;		/* program of the last image instruction */
	int tag, seq;
	bool done;
	uint64_t counter_slots[MAX_COUNTER_SLOTS];
	int ncounter_slots;
	int counts[MAX_TAGS];
	struct rec *recs;	/* of the hop kept */
	int nrecs, keep;
	char *note;
};

static const x86_reg gpr[NREGS][4] = {
	{ X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL },
	{ X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL },
	{ X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL },
	{ X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL },
	{ X86_REG_RSP, X86_REG_ESP, X86_REG_SP, X86_REG_SPL },
	{ X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL },
	{ X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL },
	{ X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL },
	{ X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B },
	{ X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B },
	{ X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B },
	{ X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B },
	{ X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B },
	{ X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B },
	{ X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B },
	{ X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B },
};

enum { RSP = 4, RBP = 5 };

static int reg_index(x86_reg r)
{
	for (int i = 0; i < NREGS; i++)
		for (int k = 0; k < 4; k++)
			if (gpr[i][k] == r)
				return i;
	return -1;
}

static uint64_t mask(int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static int fail(struct machine *m, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct machine *m, int err, const char *fmt, ...)
{
	va_list ap;

	if (!m->note) {
		va_start(ap, fmt);
		if (vasprintf(&m->note, fmt, ap) < 0)
			m->note = NULL;
		va_end(ap);
	}
	return err;
}

/* Say once that the path is incomplete, and go on. */
static void incomplete(struct machine *m, const char *what, uint64_t addr)
{
	const char *sym = m->w->symbol ? m->w->symbol(addr) : NULL;

	fail(m, 0, "%s %s (0x%llx) not counted: kernel text is not readable here", what,
	     sym ? sym : "?", (unsigned long long)addr);
}

static const struct hop_image *find_image(const struct machine *m, uint64_t addr)
{
	for (int i = 0; i < m->w->nimages; i++)
		if (addr >= m->w->images[i].addr && addr < m->w->images[i].addr + m->w->images[i].len)
			return &m->w->images[i];
	return NULL;
}

static struct val known(uint64_t v)
{
	return (struct val){ .v = v, .known = true };
}

static bool on_stack(uint64_t a, int size)
{
	return a >= STACK_LO && a + size <= STACK_TOP;
}

static bool in_bss(const struct machine *m, uint64_t a, int size)
{
	return m->bss && a >= m->w->bss.addr && a + size <= m->w->bss.addr + m->w->bss.len;
}

static bool in_table(const struct machine *m, uint64_t a, int size)
{
	return m->w->table.len && a >= m->w->table.addr &&
	       a + size <= m->w->table.addr + m->w->table.len;
}

static struct val mem_read(struct machine *m, struct val addr, int size, struct rec *r)
{
	struct val out = { .global = true };

	if (!addr.known)
		return out;
	if (on_stack(addr.v, size)) {
		const struct val *s = &m->stack[(addr.v - STACK_LO) / 8];
		int off = addr.v % 8;

		r->stack_addr = addr.v;
		if (off + size > 8)
			out = (struct val){ 0 };
		else if (s->known)
			out = known((s->v >> (off * 8)) & mask(size));
		else
			out = off || size != 8 ? (struct val){ 0 } : *s;
		out.slot = addr.v;
		return out;
	}
	if (in_bss(m, addr.v, size)) {
		uint64_t v = 0;

		memcpy(&v, m->bss + (addr.v - m->w->bss.addr), size);
		out = known(v);
		out.global = true;
	}
	if (in_table(m, addr.v, size)) {
		uint64_t v = 0;

		memcpy(&v, m->w->table.data + (addr.v - m->w->table.addr), size);
		out = known(v);
		out.global = true;
	}
	return out;
}

static void mem_write(struct machine *m, struct val addr, int size, struct val v, struct rec *r)
{
	if (!addr.known)
		return;
	if (on_stack(addr.v, size)) {
		struct val *s = &m->stack[(addr.v - STACK_LO) / 8];
		int off = addr.v % 8;

		r->stack_addr = addr.v;
		if (!off && size == 8) {
			*s = v;
		} else if (off + size <= 8 && s->known && v.known) {
			uint64_t mk = mask(size) << (off * 8);

			s->v = (s->v & ~mk) | ((v.v << (off * 8)) & mk);
		} else {
			*s = (struct val){ 0 };
		}
		return;
	}
	if (in_bss(m, addr.v, size) && v.known)
		memcpy(m->bss + (addr.v - m->w->bss.addr), &v.v, size);
}

static struct val address(struct machine *m, const cs_insn *insn, const x86_op_mem *mem)
{
	struct val a = known(mem->disp);

	if (mem->segment != X86_REG_INVALID)
		return (struct val){ 0 };	/* per-CPU (gs:): unknown */
	if (mem->base == X86_REG_RIP) {
		a.v += insn->address + insn->size;
	} else if (mem->base != X86_REG_INVALID) {
		int b = reg_index(mem->base);

		if (b < 0 || !m->reg[b].known)
			return (struct val){ 0 };
		a.v += m->reg[b].v;
	}
	if (mem->index != X86_REG_INVALID) {
		int x = reg_index(mem->index);

		if (x < 0 || !m->reg[x].known)
			return (struct val){ 0 };
		a.v += m->reg[x].v * mem->scale;
	}
	return a;
}

static struct val read_op(struct machine *m, const cs_insn *insn, const cs_x86_op *op,
			  struct rec *r)
{
	struct val v = { 0 };
	int i;

	switch (op->type) {
	case X86_OP_IMM:
		return known((uint64_t)op->imm & mask(op->size ? op->size : 8));
	case X86_OP_REG:
		i = reg_index(op->reg);
		if (i < 0)
			return v;
		v = m->reg[i];
		if (v.known)
			v.v &= mask(op->size);
		return v;
	case X86_OP_MEM:
		return mem_read(m, address(m, insn, &op->mem), op->size, r);
	default:
		return v;
	}
}

static void write_op(struct machine *m, const cs_insn *insn, const cs_x86_op *op,
		     struct val v, struct rec *r)
{
	int i;

	r->dst = v;
	if (op->type == X86_OP_MEM) {
		mem_write(m, address(m, insn, &op->mem), op->size, v, r);
		return;
	}
	if (op->type != X86_OP_REG || (i = reg_index(op->reg)) < 0)
		return;
	if (op->size == 4 && v.known)
		v.v &= 0xffffffffull;	/* a 32-bit write zero-extends */
	else if (op->size < 4) {
		struct val old = m->reg[i];

		v = old.known && v.known ?
			    known((old.v & ~mask(op->size)) | (v.v & mask(op->size))) :
			    (struct val){ 0 };
	}
	m->reg[i] = v;
}

static void push(struct machine *m, struct val v, struct rec *r)
{
	m->reg[RSP].v -= 8;
	mem_write(m, m->reg[RSP], 8, v, r);
}

static struct val pop(struct machine *m, struct rec *r)
{
	struct val v = mem_read(m, m->reg[RSP], 8, r);

	m->reg[RSP].v += 8;
	return v;
}

/* Decide a conditional jump from the last comparison; -1: unknown. */
static int taken(const struct machine *m, x86_insn id)
{
	const struct flags *f = &m->fl;
	uint64_t a, b, mk = mask(f->size), sign = 1ull << (f->size * 8 - 1);
	int64_t sa, sb;
	bool zf, cf, sf, of;

	if (f->kind == FL_NONE)
		return -1;
	a = f->a & mk;
	b = f->b & mk;
	if (f->kind == FL_CMP) {
		uint64_t d = (a - b) & mk;

		zf = a == b;
		cf = a < b;
		sf = d & sign;
		sa = (int64_t)(a & sign ? a | ~mk : a);
		sb = (int64_t)(b & sign ? b | ~mk : b);
		of = (sa < sb) != sf;
	} else {
		zf = !(a & b);
		sf = (a & b) & sign;
		cf = of = false;
	}
	switch (id) {
	case X86_INS_JE: return zf;
	case X86_INS_JNE: return !zf;
	case X86_INS_JB: return cf;
	case X86_INS_JAE: return !cf;
	case X86_INS_JBE: return cf || zf;
	case X86_INS_JA: return !cf && !zf;
	case X86_INS_JS: return sf;
	case X86_INS_JNS: return !sf;
	case X86_INS_JL: return sf != of;
	case X86_INS_JGE: return sf == of;
	case X86_INS_JLE: return zf || sf != of;
	case X86_INS_JG: return !zf && sf == of;
	default: return -1;
	}
}

static void set_flags(struct machine *m, int kind, struct val a, struct val b, int size)
{
	m->fl = (struct flags){ .kind = a.known && b.known ? kind : FL_NONE, .a = a.v, .b = b.v,
				.size = size };
}

/* The register a thunk named "..._thunk_<reg>" jumps through. */
static int thunk_reg(struct machine *m, const char *sym)
{
	const char *r = sym ? strrchr(sym, '_') : NULL;

	if (!r || !strstr(sym, "indirect"))
		return -1;
	for (int i = 0; i < NREGS; i++)
		if (!strcmp(cs_reg_name(m->cs, gpr[i][0]), r + 1))
			return i;
	return -1;
}

/* A JIT's jump through a register or memory, or into a retpoline or ITS
 * thunk (whose own instructions then do not count again). */
static bool indirect(struct machine *m, const cs_x86_op *op, struct val target)
{
	return m->img && (op->type != X86_OP_IMM ||
			  thunk_reg(m, m->w->symbol ? m->w->symbol(target.v) : NULL) >= 0);
}

enum transfer { T_JUMP, T_CALL, T_RET };

/*
 * Move pc to target.  An unknown target is the next program's entry plus
 * the addend (the only unknown jump of a tail-call family); kernel text that
 * cannot be read is skipped, noted: a thunk resolved by its register, a
 * called function as if it returned at once.
 */
static int transfer(struct machine *m, struct val target, enum transfer kind, uint64_t ret)
{
	const struct hop_image *img;
	uint8_t probe;

	if (!target.known) {
		if (m->w->boundary != HOP_TAIL || m->last_prog + 1 >= m->w->nprogs)
			return fail(m, -EINVAL, "an indirect jump at 0x%llx goes nowhere known",
				    (unsigned long long)m->pc);
		for (int i = 0; i < m->w->nimages && !target.known; i++)
			if (m->w->images[i].prog == m->last_prog + 1 && m->w->images[i].main)
				target = known(m->w->images[i].addr + target.v);
		if (!target.known)
			return fail(m, -EINVAL, "program %d of the path has no image", m->last_prog + 1);
		/* Even as the ret of a retpoline, this is the tail call's jump. */
		kind = T_JUMP;
	}
	img = find_image(m, target.v);
	if (img) {
		if (kind == T_JUMP && m->w->boundary == HOP_TAIL && img->prog != m->last_prog)
			m->tag = img->prog;
		if (kind == T_CALL && m->w->boundary == HOP_CALL && m->img && m->img->main &&
		    !img->main)
			m->tag = ++m->seq;
		m->pc = target.v;
		m->img = img;
		return 0;
	}
	if (m->w->read_text && !m->w->read_text(target.v, &probe, 1)) {
		m->pc = target.v;
		m->img = NULL;
		return 0;
	}
	if (kind == T_CALL) {
		incomplete(m, "call of", target.v);
		m->reg[0] = (struct val){ 0 };
		m->reg[RSP].v += 8;
		return transfer(m, known(ret), T_RET, 0);
	}
	{
		int r = thunk_reg(m, m->w->symbol ? m->w->symbol(target.v) : NULL);

		if (r < 0)
			return fail(m, -EINVAL, "a jump at 0x%llx leaves for unreadable code at 0x%llx",
				    (unsigned long long)m->pc, (unsigned long long)target.v);
		incomplete(m, "thunk", target.v);
		return transfer(m, m->reg[r], T_JUMP, 0);
	}
}

static bool is_cond_jump(csh cs, const cs_insn *insn)
{
	return insn->id != X86_INS_JMP && cs_insn_group(cs, insn, CS_GRP_JUMP);
}

static void note_counter_slot(struct machine *m, struct val a, struct rec *r)
{
	uint64_t slot = r->stack_addr ? r->stack_addr : a.slot;

	for (int i = 0; i < m->ncounter_slots; i++)
		if (m->counter_slots[i] == slot)
			return;
	if (slot && m->ncounter_slots < MAX_COUNTER_SLOTS)
		m->counter_slots[m->ncounter_slots++] = slot;
}

/* ALU with a destination: add, sub, and, or, xor, inc, dec. */
static struct val alu(struct machine *m, x86_insn id, struct val a, struct val b, int size,
		      bool same_reg)
{
	struct val r = { .global = a.global || b.global, .slot = a.slot };

	if (id == X86_INS_XOR && same_reg)
		return known(0);
	r.known = a.known && b.known;
	switch (id) {
	case X86_INS_ADD: case X86_INS_INC: r.v = a.v + b.v; break;
	case X86_INS_SUB: case X86_INS_DEC: r.v = a.v - b.v; break;
	case X86_INS_AND: r.v = a.v & b.v; r.known = r.known || (b.known && !b.v); break;
	case X86_INS_OR: r.v = a.v | b.v; break;
	case X86_INS_XOR: r.v = a.v ^ b.v; break;
	default: r.known = false; break;
	}
	/* Zero and sign flags of the result; a carry after an add is not
	 * modelled (the JIT never branches on one). */
	if (id == X86_INS_SUB)
		set_flags(m, FL_CMP, a, b, size);
	else
		set_flags(m, FL_TEST, r, known(~0ull), size);
	if (r.known)
		r.v &= mask(size);
	else if (!b.known)
		r.v = 0;	/* the addend of an unknown value stays meaningful */
	return r;
}

static int step(struct machine *m, const cs_insn *insn, struct rec *r)
{
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *op = x->operands;
	uint64_t next = insn->address + insn->size;
	x86_insn id = insn->id;
	struct val a, b;

	m->pc = next;
	switch (id) {
	case X86_INS_NOP: case X86_INS_ENDBR64: case X86_INS_LFENCE: case X86_INS_PAUSE:
		r->frame = true;
		return 0;
	case X86_INS_INT3: case X86_INS_UD2:
		return fail(m, -EINVAL, "the walk ran into a trap at 0x%llx",
			    (unsigned long long)insn->address);
	case X86_INS_PUSH:
		r->frame = true;
		r->src = read_op(m, insn, &op[0], r);
		push(m, r->src, r);
		r->dst = r->src;
		return 0;
	case X86_INS_POP:
		r->frame = true;
		r->src = pop(m, r);
		write_op(m, insn, &op[0], r->src, r);
		return 0;
	case X86_INS_LEAVE:
		r->frame = true;
		m->reg[RSP] = m->reg[RBP];
		m->reg[RBP] = pop(m, r);
		return 0;
	case X86_INS_MOV: case X86_INS_MOVABS: case X86_INS_MOVZX:
		r->src = read_op(m, insn, &op[1], r);
		/* A 64-bit constant is the address of a map or of .bss. */
		r->src.global |= id == X86_INS_MOVABS;
		write_op(m, insn, &op[0], r->src, r);
		return 0;
	case X86_INS_MOVSXD: case X86_INS_MOVSX:
		r->src = read_op(m, insn, &op[1], r);
		if (r->src.known && (r->src.v >> (op[1].size * 8 - 1)) & 1)
			r->src.v |= ~mask(op[1].size);
		write_op(m, insn, &op[0], r->src, r);
		return 0;
	case X86_INS_LEA:
		r->src = address(m, insn, &op[1].mem);
		write_op(m, insn, &op[0], r->src, r);
		return 0;
	case X86_INS_CMP: case X86_INS_TEST:
		a = read_op(m, insn, &op[0], r);
		b = read_op(m, insn, &op[1], r);
		r->check = true;
		r->src = a;
		set_flags(m, id == X86_INS_CMP ? FL_CMP : FL_TEST, a, b, op[0].size);
		/* MAX_TAIL_CALL_CNT: 33 from 5.17 on, 32 before. */
		if (id == X86_INS_CMP && op[1].type == X86_OP_IMM && (op[1].imm == 33 || op[1].imm == 32))
			note_counter_slot(m, a, r);
		return 0;
	case X86_INS_ADD: case X86_INS_SUB: case X86_INS_AND: case X86_INS_OR: case X86_INS_XOR:
	case X86_INS_INC: case X86_INS_DEC:
		a = read_op(m, insn, &op[0], r);
		b = x->op_count > 1 ? read_op(m, insn, &op[1], r) : known(1);
		r->src = a;
		r->frame = op[0].type == X86_OP_REG && (reg_index(op[0].reg) == RSP);
		write_op(m, insn, &op[0],
			 alu(m, id, a, b, op[0].size,
			     x->op_count > 1 && op[0].type == X86_OP_REG &&
				     op[1].type == X86_OP_REG && op[0].reg == op[1].reg),
			 r);
		return 0;
	case X86_INS_JMP:
		r->jump = true;
		r->src = read_op(m, insn, &op[0], r);
		r->indirect = indirect(m, &op[0], r->src);
		return transfer(m, r->src, T_JUMP, 0);
	case X86_INS_CALL:
		r->jump = true;
		r->src = read_op(m, insn, &op[0], r);
		r->indirect = indirect(m, &op[0], r->src);
		push(m, known(next), r);
		{
			int s = (m->reg[RSP].v - STACK_LO) / 8, err = transfer(m, r->src, T_CALL, next);

			/* The frame returns into the hop its call belongs to. */
			m->ret_tag[s] = m->tag;
			return err;
		}
	case X86_INS_RET: {
		int t = m->ret_tag[(m->reg[RSP].v - STACK_LO) / 8];

		r->jump = true;
		r->src = pop(m, r);
		if (r->src.known && r->src.v == RET_KERNEL) {
			m->done = true;
			return 0;
		}
		if (t >= 0)
			m->tag = t;
		return transfer(m, r->src, T_RET, 0);
	}
	default:
		break;
	}
	if (is_cond_jump(m->cs, insn)) {
		int t = taken(m, id);

		r->check = true;
		return t > 0 ? transfer(m, known((uint64_t)op[0].imm), T_JUMP, 0) : 0;
	}
	/* Anything else: what it writes becomes unknown. */
	{
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (!cs_regs_access(m->cs, insn, rd, &nrd, wr, &nwr))
			for (int i = 0; i < nwr; i++)
				if (reg_index(wr[i]) >= 0 && reg_index(wr[i]) != RSP)
					m->reg[reg_index(wr[i])] = (struct val){ 0 };
		if (x->op_count && op[0].type == X86_OP_MEM)
			mem_write(m, address(m, insn, &op[0].mem), op[0].size, (struct val){ 0 }, r);
		m->fl.kind = FL_NONE;
	}
	return 0;
}

/* a is in the 8-byte stack slot of the tail-call counter. */
static bool touches(const struct machine *m, uint64_t a)
{
	for (int i = 0; a && i < m->ncounter_slots; i++)
		if ((m->counter_slots[i] & ~7ull) == (a & ~7ull))
			return true;
	return false;
}

/* Distinct units of 2^shift bytes that the hop's instructions touch. */
static int spans(const struct machine *m, int shift)
{
	uint64_t *u = xcalloc(2 * m->nrecs + 1, sizeof(*u));
	int n = 0;

	for (int i = 0; i < m->nrecs; i++)
		for (uint64_t a = m->recs[i].addr >> shift;
		     a <= (m->recs[i].addr + m->recs[i].size - 1) >> shift; a++) {
			int k = 0;

			while (k < n && u[k] != a)
				k++;
			if (k == n)
				u[n++] = a;
		}
	free(u);
	return n;
}

static const char *role(const struct machine *m, const struct rec *r)
{
	if (!r->in_image)
		return "thunk";
	if (r->check)
		return "check";
	if (r->jump)
		return "jump";
	if (touches(m, r->stack_addr) || touches(m, r->src.slot) ||
	    (r->dst.known && touches(m, r->dst.v)) || touches(m, r->dst.slot))
		return "counter";
	if (r->src.global || r->dst.global)
		return "work";
	return r->frame ? "frame" : "other";
}

static int decode(struct machine *m, cs_insn *insn)
{
	const uint8_t *code;
	size_t len;
	uint64_t addr = m->pc;
	uint8_t buf[16];

	if (m->img) {
		code = m->img->code + (addr - m->img->addr);
		len = m->img->addr + m->img->len - addr;
	} else {
		if (m->w->read_text(addr, buf, sizeof(buf)))
			return fail(m, -EIO, "kernel text at 0x%llx is not readable",
				    (unsigned long long)addr);
		code = buf;
		len = sizeof(buf);
	}
	if (!cs_disasm_iter(m->cs, &code, &len, &addr, insn))
		return fail(m, -EINVAL, "no instruction decodes at 0x%llx", (unsigned long long)m->pc);
	return 0;
}

static void record(struct machine *m, struct rec *r, int tag)
{
	if (tag >= 0 && tag < MAX_TAGS)
		m->counts[tag]++;
	if (tag != m->keep) {
		free(r->text);
		return;
	}
	m->recs = xrealloc(m->recs, m->nrecs + 1, sizeof(*m->recs));
	m->recs[m->nrecs++] = *r;
}

static int run(struct machine *m)
{
	cs_insn *insn = cs_malloc(m->cs);
	int err = 0;

	for (int steps = 0; !m->done && !err; steps++) {
		struct rec r = {};
		int tag = m->tag;

		if (steps == MAX_STEPS) {
			err = fail(m, -ELOOP, "the walk did not end within %d instructions", MAX_STEPS);
			break;
		}
		err = decode(m, insn);
		if (err)
			break;
		r.in_image = m->img;
		r.addr = insn->address;
		r.size = insn->size;
		if (m->img)
			m->last_prog = m->img->prog;
		r.text = xasprintf("%s%s%s", insn->mnemonic, insn->op_str[0] ? " " : "",
				   insn->op_str);
		err = step(m, insn, &r);
		if (m->w->boundary == HOP_STORE && r.in_image && !r.stack_addr &&
		    insn->detail->x86.op_count && insn->detail->x86.operands[0].type == X86_OP_MEM &&
		    (insn->detail->x86.operands[0].access & CS_AC_WRITE) &&
		    in_bss(m, address(m, insn, &insn->detail->x86.operands[0].mem).v, 1))
			m->tag = ++m->seq;
		/* A bpf2bpf hop begins with its call. */
		if (m->w->boundary == HOP_CALL && insn->id == X86_INS_CALL)
			tag = m->tag;
		record(m, &r, tag);
	}
	cs_free(insn, 1);
	return err;
}

static int walk_x86(const struct hop_walk *w, int hop, int last, struct hop_path *p)
{
	struct machine *m = xcalloc(1, sizeof(*m));
	int err = -EINVAL;

	memset(p, 0, sizeof(*p));
	m->w = w;
	m->keep = hop;
	for (int i = 0; i < w->nimages; i++)
		if (w->images[i].prog == 0 && w->images[i].main)
			m->img = &w->images[i];
	if (!m->img || hop < 1 || last < hop || last >= MAX_TAGS) {
		p->note = xstrdup("no entry program, or no steady hop to keep");
		goto out_free;
	}
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &m->cs) != CS_ERR_OK) {
		p->note = xstrdup("capstone cannot open x86-64");
		goto out_free;
	}
	cs_option(m->cs, CS_OPT_DETAIL, CS_OPT_ON);
	if (w->bss.len) {
		m->bss = xcalloc(1, w->bss.len);
		memcpy(m->bss, w->bss.data, w->bss.len);
	}
	for (int i = 0; i < STACK_SLOTS; i++)
		m->ret_tag[i] = -1;
	/* Entered as test_run calls it: a return address on a known stack. */
	m->pc = m->img->addr;
	m->reg[RSP] = known(STACK_TOP - 64);
	push(m, known(RET_KERNEL), &(struct rec){});

	err = run(m);
	if (!err && !m->counts[last])
		err = fail(m, -EINVAL, "the run ended before hop %d", last);
	for (int i = 0; i < m->nrecs; i++) {
		p->insns = xrealloc(p->insns, i + 1, sizeof(*p->insns));
		p->insns[i] = (struct hop_insn){ .text = m->recs[i].text,
						 .role = role(m, &m->recs[i]),
						 .indirect = m->recs[i].indirect };
		p->indirect += m->recs[i].indirect;
	}
	p->count = m->nrecs;
	for (int i = 0; i < m->nrecs; i++)
		p->bytes += m->recs[i].size;
	p->lines = spans(m, 6);
	p->pages = spans(m, 12);
	p->entry_offset = m->nrecs ? m->recs[0].addr % 4096 : 0;
	for (int t = 1; t <= last && p->nchecked < (int)ARRAY_SIZE(p->checked); t++)
		p->checked[p->nchecked++] = m->counts[t];
	p->note = m->note;
	cs_close(&m->cs);
out_free:
	free(m->recs);
	free(m->bss);
	free(m);
	return err;
}

static int (*const walkers[])(const struct hop_walk *, int, int, struct hop_path *) = {
	[HOP_X86_64] = walk_x86,
	[HOP_ARM64] = hop_walk_arm64,
};

int hop_walk(const struct hop_walk *w, int hop, int last, struct hop_path *p)
{
	memset(p, 0, sizeof(*p));
	if ((unsigned int)w->arch < ARRAY_SIZE(walkers) && walkers[w->arch])
		return walkers[w->arch](w, hop, last, p);
	p->note = xstrdup("no walker for this architecture: the hop path is not walked");
	return -EOPNOTSUPP;
}

void hop_path_free(struct hop_path *p)
{
	for (int i = 0; i < p->count; i++)
		free(p->insns[i].text);
	free(p->insns);
	free(p->note);
	memset(p, 0, sizeof(*p));
}
