// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 walker of hop.h: an abstract AArch64 machine over capstone's
 * ARM64 mode, with the same model as the x86-64 one (hop.c): 64-bit values
 * known or unknown (an unknown one keeps an addend, so that "bpf_func of
 * some program, plus the prologue offset" lands at the next program of the
 * chain), a known stack, .bss as user space read it, any other memory
 * unknown, and a branch on an unknown value falling through (the passing
 * side of the tail call's checks: b.hs past the bounds and the count, cbz
 * past an empty slot).  Calls leave their return address in x30; the hop a
 * frame was entered in is kept with that address, not on the stack.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "hop_arm64.h"
#include "util.h"

#define STACK_SLOTS 8192
#define STACK_TOP 0xffff800000200000ull
#define STACK_LO (STACK_TOP - STACK_SLOTS * 8ull)
/* x30 on entry: the return into the kernel's test_run loop ends the walk. */
#define RET_KERNEL 0xffff80008badf00cull
#define MAX_STEPS 200000
#define MAX_TAGS 64
#define MAX_FRAMES 256
#define MAX_COUNTERS 16
#define NREGS 32		/* x0..x30, sp */
#define SP 31
#define ZR (-2)
#define LR 30

struct val {
	uint64_t v;		/* the value, or the addend of an unknown one */
	bool known;
	bool global;		/* derived from memory outside the stack, or a kernel address */
	uint64_t slot;		/* the stack address it was loaded from, 0: none */
	int origin;		/* the load or constant it derives from, 0: none */
};

struct rec {
	char *text;
	uint64_t addr;
	bool in_image, indirect, check, jump, frame;
	int mov_reg;		/* movz/movn/movk: the register built, else -1 */
	uint64_t stack_addr;
	struct val src, dst;
};

struct frame {
	uint64_t ret;
	int tag;
};

struct machine {
	const struct hop_walk *w;
	csh cs;
	int8_t rmap[ARM64_REG_ENDING];	/* capstone register: index, ZR or -1 */
	uint8_t rwidth[ARM64_REG_ENDING];	/* 4 for w registers */
	struct val reg[NREGS];
	struct val stack[STACK_SLOTS];
	uint8_t *bss;
	struct {
		bool known, test;
		uint64_t a, b;
		int size;
	} fl;
	uint64_t pc;
	const struct hop_image *img;
	int last_prog, tag, seq, norigins;
	bool done;
	struct frame frames[MAX_FRAMES];
	int nframes;
	uint64_t counter_slots[MAX_COUNTERS];
	int counter_origins[MAX_COUNTERS], nslots, norig;
	int counts[MAX_TAGS];
	struct rec *recs;
	int nrecs, keep;
	char *note;
};

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

static struct val known(uint64_t v)
{
	return (struct val){ .v = v, .known = true };
}

static uint64_t mask(int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* A kernel address, as the JIT builds one for a map or a helper. */
static bool kernel_addr(uint64_t v)
{
	return v >> 48 == 0xffff && v < 0xffffffff80000000ull;
}

static void map_regs(struct machine *m)
{
	for (int r = 0; r < ARM64_REG_ENDING; r++) {
		const char *n = cs_reg_name(m->cs, r);
		char *end;
		long i;

		m->rmap[r] = -1;
		m->rwidth[r] = 8;
		if (!n)
			continue;
		if (!strcmp(n, "sp") || !strcmp(n, "wsp")) {
			m->rmap[r] = SP;
		} else if (!strcmp(n, "xzr") || !strcmp(n, "wzr")) {
			m->rmap[r] = ZR;
		} else if ((n[0] == 'x' || n[0] == 'w') && n[1] >= '0' && n[1] <= '9') {
			i = strtol(n + 1, &end, 10);
			if (!*end && i <= 30)
				m->rmap[r] = i;
		} else if (!strcmp(n, "fp") || !strcmp(n, "lr")) {
			m->rmap[r] = n[0] == 'f' ? 29 : LR;
		}
		if (n[0] == 'w')
			m->rwidth[r] = 4;
	}
}

static int ridx(const struct machine *m, unsigned int r)
{
	return r < ARM64_REG_ENDING ? m->rmap[r] : -1;
}

static struct val reg_read(const struct machine *m, unsigned int r)
{
	int i = ridx(m, r);
	struct val v;

	if (i == ZR)
		return known(0);
	if (i < 0)
		return (struct val){ 0 };
	v = m->reg[i];
	if (v.known && m->rwidth[r] == 4)
		v.v &= 0xffffffffull;
	return v;
}

static void reg_write(struct machine *m, unsigned int r, struct val v, struct rec *rec)
{
	int i = ridx(m, r);

	if (i < 0)
		return;
	if (m->rwidth[r] == 4) {
		if (v.known)
			v.v &= 0xffffffffull;
		else
			v.v = 0;
	}
	rec->dst = v;
	if (i == SP || (i == 29 && !v.global))
		rec->frame = true;
	m->reg[i] = v;
}

static bool on_stack(uint64_t a, int size)
{
	return a >= STACK_LO && a + size <= STACK_TOP;
}

static bool in_bss(const struct machine *m, uint64_t a, int size)
{
	return m->bss && a >= m->w->bss.addr && a + size <= m->w->bss.addr + m->w->bss.len;
}

static struct val mem_read(struct machine *m, struct val a, int size, struct rec *r)
{
	struct val out = { .global = true, .origin = ++m->norigins };

	if (!a.known)
		return out;
	if (on_stack(a.v, size)) {
		const struct val *s = &m->stack[(a.v - STACK_LO) / 8];
		int off = a.v % 8;

		r->stack_addr = a.v;
		if (off + size > 8)
			out = (struct val){ 0 };
		else if (s->known)
			out = known((s->v >> (off * 8)) & mask(size));
		else
			out = off || size != 8 ? (struct val){ 0 } : *s;
		out.slot = a.v;
		out.origin = s->origin ? s->origin : ++m->norigins;
		return out;
	}
	if (in_bss(m, a.v, size)) {
		uint64_t v = 0;

		memcpy(&v, m->bss + (a.v - m->w->bss.addr), size);
		out.v = v;
		out.known = true;
	}
	return out;
}

static void mem_write(struct machine *m, struct val a, int size, struct val v, struct rec *r)
{
	if (!a.known)
		return;
	if (on_stack(a.v, size)) {
		struct val *s = &m->stack[(a.v - STACK_LO) / 8];
		int off = a.v % 8;

		r->stack_addr = a.v;
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
	if (in_bss(m, a.v, size) && v.known)
		memcpy(m->bss + (a.v - m->w->bss.addr), &v.v, size);
}

/* A value shifted or extended as an operand says; unknown stays unknown. */
static struct val shifted(struct val v, const cs_arm64_op *op)
{
	if (!v.known)
		return op->shift.type || op->ext ? (struct val){ .global = v.global } : v;
	switch (op->ext) {
	case ARM64_EXT_UXTW: v.v &= 0xffffffffull; break;
	case ARM64_EXT_SXTW: v.v = (uint64_t)(int64_t)(int32_t)v.v; break;
	case ARM64_EXT_INVALID: case ARM64_EXT_UXTX: case ARM64_EXT_SXTX: break;
	default: return (struct val){ 0 };
	}
	switch (op->shift.type) {
	case ARM64_SFT_INVALID: break;
	case ARM64_SFT_LSL: v.v <<= op->shift.value; break;
	case ARM64_SFT_LSR: v.v >>= op->shift.value; break;
	case ARM64_SFT_ASR: v.v = (uint64_t)((int64_t)v.v >> op->shift.value); break;
	default: return (struct val){ 0 };
	}
	return v;
}

static struct val read_op(const struct machine *m, const cs_arm64_op *op)
{
	if (op->type == ARM64_OP_IMM)
		return shifted(known((uint64_t)op->imm), op);
	if (op->type == ARM64_OP_REG)
		return shifted(reg_read(m, op->reg), op);
	return (struct val){ 0 };
}

static struct val address(const struct machine *m, const cs_arm64_op *op, bool post)
{
	struct val a = reg_read(m, op->mem.base);

	if (!a.known)
		return (struct val){ 0 };
	if (op->mem.index != ARM64_REG_INVALID) {
		struct val x = shifted(reg_read(m, op->mem.index), op);

		if (!x.known)
			return (struct val){ 0 };
		a.v += x.v;
	}
	if (!post)
		a.v += (int64_t)op->mem.disp;
	return a;
}

/* Access size of a load or store of register r. */
static int access_size(const struct machine *m, unsigned int id, unsigned int r)
{
	switch (id) {
	case ARM64_INS_LDRB: case ARM64_INS_LDURB: case ARM64_INS_STRB: case ARM64_INS_STURB:
	case ARM64_INS_LDRSB: case ARM64_INS_LDURSB:
		return 1;
	case ARM64_INS_LDRH: case ARM64_INS_LDURH: case ARM64_INS_STRH: case ARM64_INS_STURH:
	case ARM64_INS_LDRSH: case ARM64_INS_LDURSH:
		return 2;
	case ARM64_INS_LDRSW: case ARM64_INS_LDURSW:
		return 4;
	default:
		return r < ARM64_REG_ENDING ? m->rwidth[r] : 8;
	}
}

static bool is_store(unsigned int id)
{
	switch (id) {
	case ARM64_INS_STR: case ARM64_INS_STUR: case ARM64_INS_STRB: case ARM64_INS_STURB:
	case ARM64_INS_STRH: case ARM64_INS_STURH: case ARM64_INS_STP:
		return true;
	default:
		return false;
	}
}

static bool is_load(unsigned int id)
{
	switch (id) {
	case ARM64_INS_LDR: case ARM64_INS_LDUR: case ARM64_INS_LDRB: case ARM64_INS_LDURB:
	case ARM64_INS_LDRH: case ARM64_INS_LDURH: case ARM64_INS_LDRSW: case ARM64_INS_LDURSW:
	case ARM64_INS_LDRSB: case ARM64_INS_LDURSB: case ARM64_INS_LDRSH: case ARM64_INS_LDURSH:
	case ARM64_INS_LDP:
		return true;
	default:
		return false;
	}
}

/* ldr/str/ldp/stp with their pre- or post-indexed base update. */
static void load_store(struct machine *m, const cs_insn *insn, struct rec *r)
{
	const cs_arm64 *x = &insn->detail->arm64;
	int nregs = x->operands[1].type == ARM64_OP_MEM ? 1 : 2;
	const cs_arm64_op *mop = &x->operands[nregs];
	bool post = x->op_count > nregs + 1 && x->operands[nregs + 1].type == ARM64_OP_IMM;
	struct val a = address(m, mop, post);
	bool load = is_load(insn->id);

	for (int k = 0; k < nregs; k++) {
		unsigned int rg = x->operands[k].reg;
		int size = access_size(m, insn->id, rg);
		struct val at = a;

		at.v += k * size;
		if (load) {
			struct val v = mem_read(m, at, size, r);

			if (v.known && (insn->id == ARM64_INS_LDRSW || insn->id == ARM64_INS_LDURSW))
				v.v = (uint64_t)(int64_t)(int32_t)v.v;
			r->src = v;
			reg_write(m, rg, v, r);
		} else {
			r->src = reg_read(m, rg);
			r->dst = r->src;
			mem_write(m, at, size, r->src, r);
		}
	}
	if (x->writeback && ridx(m, mop->mem.base) >= 0) {
		struct val b = reg_read(m, mop->mem.base);

		if (b.known)
			b.v += post ? (uint64_t)x->operands[nregs + 1].imm : (uint64_t)(int64_t)mop->mem.disp;
		m->reg[ridx(m, mop->mem.base)] = b;
	}
	/* Saving and restoring registers is the frame's business. */
	if (nregs == 2 || ridx(m, mop->mem.base) == SP)
		r->frame = true;
	if (!load && !r->stack_addr && a.known && in_bss(m, a.v, 1))
		r->dst.global = true;
}

static void set_flags(struct machine *m, bool test, struct val a, struct val b, int size)
{
	m->fl.known = a.known && b.known;
	m->fl.test = test;
	m->fl.a = a.v;
	m->fl.b = b.v;
	m->fl.size = size;
}

/* A condition on the last flags; -1: unknown. */
static int cond(const struct machine *m, arm64_cc cc)
{
	uint64_t mk = mask(m->fl.size), sign = 1ull << (m->fl.size * 8 - 1);
	uint64_t a = m->fl.a & mk, b = m->fl.b & mk, d;
	bool n, z, c, v;

	if (cc == ARM64_CC_AL || cc == ARM64_CC_NV)
		return 1;
	if (!m->fl.known)
		return -1;
	if (m->fl.test) {
		d = a & b;
		c = v = false;
	} else {
		d = (a - b) & mk;
		c = a >= b;
		v = ((a ^ b) & (a ^ d)) & sign;
	}
	n = d & sign;
	z = !d;
	switch (cc) {
	case ARM64_CC_EQ: return z;
	case ARM64_CC_NE: return !z;
	case ARM64_CC_HS: return c;
	case ARM64_CC_LO: return !c;
	case ARM64_CC_MI: return n;
	case ARM64_CC_PL: return !n;
	case ARM64_CC_VS: return v;
	case ARM64_CC_VC: return !v;
	case ARM64_CC_HI: return c && !z;
	case ARM64_CC_LS: return !c || z;
	case ARM64_CC_GE: return n == v;
	case ARM64_CC_LT: return n != v;
	case ARM64_CC_GT: return !z && n == v;
	case ARM64_CC_LE: return z || n != v;
	default: return -1;
	}
}

static const struct hop_image *find_image(const struct machine *m, uint64_t addr)
{
	for (int i = 0; i < m->w->nimages; i++)
		if (addr >= m->w->images[i].addr && addr < m->w->images[i].addr + m->w->images[i].len)
			return &m->w->images[i];
	return NULL;
}

/*
 * Move pc to target.  An unknown target is the next program's entry plus
 * the addend (the tail call's br); a call into kernel text that cannot be
 * read returns at once, noted.
 */
static int transfer(struct machine *m, struct val target, bool call)
{
	const struct hop_image *img;
	uint8_t probe[4];

	if (!target.known) {
		if (m->w->boundary != HOP_TAIL || m->last_prog + 1 >= m->w->nprogs)
			return fail(m, -EINVAL, "an indirect branch at 0x%llx goes nowhere known",
				    (unsigned long long)m->pc);
		for (int i = 0; i < m->w->nimages && !target.known; i++)
			if (m->w->images[i].prog == m->last_prog + 1 && m->w->images[i].main)
				target = known(m->w->images[i].addr + target.v);
		if (!target.known)
			return fail(m, -EINVAL, "program %d of the path has no image", m->last_prog + 1);
	}
	img = find_image(m, target.v);
	if (img) {
		if (!call && m->w->boundary == HOP_TAIL && img->prog != m->last_prog)
			m->tag = img->prog;
		if (call && m->w->boundary == HOP_CALL && m->img && m->img->main && !img->main)
			m->tag = ++m->seq;
		m->img = img;
		m->pc = target.v;
		return 0;
	}
	if (m->w->read_text && !m->w->read_text(target.v, probe, sizeof(probe))) {
		m->img = NULL;
		m->pc = target.v;
		return 0;
	}
	if (call) {
		const char *sym = m->w->symbol ? m->w->symbol(target.v) : NULL;

		fail(m, 0, "call of %s (0x%llx) not counted: kernel text is not readable here",
		     sym ? sym : "?", (unsigned long long)target.v);
		m->reg[0] = (struct val){ 0 };
		m->nframes--;
		return transfer(m, m->reg[LR], false);
	}
	return fail(m, -EINVAL, "a branch at 0x%llx leaves for unreadable code at 0x%llx",
		    (unsigned long long)m->pc, (unsigned long long)target.v);
}

static int call(struct machine *m, struct val target, uint64_t next)
{
	if (m->nframes == MAX_FRAMES)
		return fail(m, -ELOOP, "calls nest deeper than %d", MAX_FRAMES);
	int f = m->nframes++, err;

	m->reg[LR] = known(next);
	m->frames[f].ret = next;
	err = transfer(m, target, true);
	/* The frame returns into the hop its call belongs to (a bpf2bpf
	 * call begins one). */
	m->frames[f].tag = m->tag;
	return err;
}

static int ret(struct machine *m, struct val target)
{
	if (target.known && target.v == RET_KERNEL) {
		m->done = true;
		return 0;
	}
	for (int i = m->nframes - 1; target.known && i >= 0; i--)
		if (m->frames[i].ret == target.v) {
			m->tag = m->frames[i].tag;
			m->nframes = i;
			break;
		}
	return transfer(m, target, false);
}

static void note_counter(struct machine *m, struct val a, struct rec *r)
{
	uint64_t slot = r->stack_addr ? r->stack_addr : a.slot;

	if (slot && m->nslots < MAX_COUNTERS)
		m->counter_slots[m->nslots++] = slot;
	if (a.origin && m->norig < MAX_COUNTERS)
		m->counter_origins[m->norig++] = a.origin;
}

/* Data processing with a destination and two sources. */
static struct val alu(struct machine *m, unsigned int id, struct val a, struct val b, int size,
		      bool flags)
{
	struct val r = { .known = a.known && b.known, .global = a.global || b.global,
			 .slot = a.slot, .origin = a.origin ? a.origin : b.origin };

	switch (id) {
	case ARM64_INS_ADD: r.v = a.v + b.v; break;
	case ARM64_INS_SUB: r.v = a.v - b.v; break;
	case ARM64_INS_AND:
		r.v = a.v & b.v;
		r.known = r.known || (b.known && !b.v);
		break;
	case ARM64_INS_ORR: r.v = a.v | b.v; break;
	case ARM64_INS_EOR: r.v = a.v ^ b.v; break;
	case ARM64_INS_LSL: r.v = a.v << (b.v & 63); break;
	case ARM64_INS_LSR: r.v = (a.v & mask(size)) >> (b.v & 63); break;
	case ARM64_INS_ASR: r.v = (uint64_t)((int64_t)a.v >> (b.v & 63)); break;
	case ARM64_INS_MUL: r.v = a.v * b.v; break;
	default: r.known = false; break;
	}
	/* adds, subs, ands: capstone marks them as setting flags. */
	if (flags && id == ARM64_INS_SUB)
		set_flags(m, false, a, b, size);
	else if (flags && id == ARM64_INS_AND)
		set_flags(m, true, a, b, size);
	else if (flags)
		m->fl.known = false;
	if (r.known)
		r.v &= mask(size);
	else if (!(b.known && (id == ARM64_INS_ADD || id == ARM64_INS_SUB)))
		r.v = 0;	/* only "unknown plus a constant" keeps its addend */
	return r;
}

static int step(struct machine *m, const cs_insn *insn, struct rec *r)
{
	const cs_arm64 *x = &insn->detail->arm64;
	const cs_arm64_op *op = x->operands;
	uint64_t next = insn->address + 4;
	unsigned int id = insn->id;
	int size = x->op_count && op[0].type == ARM64_OP_REG && op[0].reg < ARM64_REG_ENDING ?
			   m->rwidth[op[0].reg] : 8;
	struct val a, b;
	int t;

	m->pc = next;
	if (is_load(id) || is_store(id)) {
		load_store(m, insn, r);
		return 0;
	}
	switch (id) {
	case ARM64_INS_NOP: case ARM64_INS_HINT:
		r->frame = true;	/* nop, bti, paciasp, autiasp */
		return 0;
	case ARM64_INS_BRK: case ARM64_INS_HLT:
		return fail(m, -EINVAL, "the walk ran into a trap at 0x%llx",
			    (unsigned long long)insn->address);
	case ARM64_INS_MOVZ: case ARM64_INS_MOVN:
		a = known((uint64_t)op[1].imm << op[1].shift.value);
		if (id == ARM64_INS_MOVN)
			a.v = ~a.v;
		a.v &= mask(size);
		a.origin = ++m->norigins;
		a.global = kernel_addr(a.v);
		reg_write(m, op[0].reg, a, r);
		return 0;
	case ARM64_INS_MOVK:
		a = reg_read(m, op[0].reg);
		if (a.known) {
			a.v = (a.v & ~(0xffffull << op[1].shift.value)) |
			      ((uint64_t)op[1].imm << op[1].shift.value);
			a.global = kernel_addr(a.v);
		}
		reg_write(m, op[0].reg, a, r);
		return 0;
	case ARM64_INS_MOV:
		r->src = read_op(m, &op[1]);
		reg_write(m, op[0].reg, r->src, r);
		return 0;
	case ARM64_INS_SXTW:
		a = read_op(m, &op[1]);
		if (a.known)
			a.v = (uint64_t)(int64_t)(int32_t)a.v;
		r->src = a;
		reg_write(m, op[0].reg, a, r);
		return 0;
	case ARM64_INS_CMP: case ARM64_INS_TST:
		a = read_op(m, &op[0]);
		b = read_op(m, &op[1]);
		r->check = true;
		r->src = a;
		set_flags(m, id == ARM64_INS_TST, a, b, size);
		/* MAX_TAIL_CALL_CNT: 33 from 5.17 on, 32 before. */
		if (id == ARM64_INS_CMP && b.known && (b.v == 33 || b.v == 32))
			note_counter(m, a, r);
		return 0;
	case ARM64_INS_ADD: case ARM64_INS_SUB: case ARM64_INS_AND: case ARM64_INS_ORR:
	case ARM64_INS_EOR:
	case ARM64_INS_LSL: case ARM64_INS_LSR: case ARM64_INS_ASR: case ARM64_INS_MUL:
		if (x->op_count != 3)
			break;
		a = read_op(m, &op[1]);
		b = read_op(m, &op[2]);
		r->src = a;
		reg_write(m, op[0].reg, alu(m, id, a, b, size, x->update_flags), r);
		return 0;
	case ARM64_INS_B:
		r->jump = x->cc == ARM64_CC_INVALID || x->cc == ARM64_CC_AL;
		r->check = !r->jump;
		t = r->jump ? 1 : cond(m, x->cc);
		return t > 0 ? transfer(m, known((uint64_t)op[0].imm), false) : 0;
	case ARM64_INS_CBZ: case ARM64_INS_CBNZ:
		a = read_op(m, &op[0]);
		r->check = true;
		r->src = a;
		/* Arena casts aside, the JIT's only cbz is the tail call's check
		 * of the slot it loaded: on the path's last program, the run
		 * found that slot empty. */
		if (!a.known && m->img && m->w->boundary == HOP_TAIL &&
		    m->img->prog + 1 >= m->w->nprogs)
			a = known(0);
		if (!a.known)
			return 0;
		return !a.v == (id == ARM64_INS_CBZ) ? transfer(m, known((uint64_t)op[1].imm), false) : 0;
	case ARM64_INS_TBZ: case ARM64_INS_TBNZ:
		a = read_op(m, &op[0]);
		r->check = true;
		r->src = a;
		if (!a.known)
			return 0;
		t = (a.v >> op[1].imm) & 1;
		return t == (id == ARM64_INS_TBNZ) ? transfer(m, known((uint64_t)op[2].imm), false) : 0;
	case ARM64_INS_BL: case ARM64_INS_BLR:
		r->jump = true;
		r->src = read_op(m, &op[0]);
		r->indirect = id == ARM64_INS_BLR && m->img;
		return call(m, r->src, next);
	case ARM64_INS_BR:
		r->jump = true;
		r->src = read_op(m, &op[0]);
		r->indirect = m->img;
		return transfer(m, r->src, false);
	case ARM64_INS_RET:
		r->jump = true;
		r->src = x->op_count ? read_op(m, &op[0]) : m->reg[LR];
		return ret(m, r->src);
	default:
		break;
	}
	/* Anything else: what it writes becomes unknown. */
	{
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (!cs_regs_access(m->cs, insn, rd, &nrd, wr, &nwr)) {
			for (int i = 0; i < nwr; i++)
				if (ridx(m, wr[i]) >= 0 && ridx(m, wr[i]) != SP)
					m->reg[ridx(m, wr[i])] = (struct val){ 0 };
		} else if (x->op_count && op[0].type == ARM64_OP_REG && ridx(m, op[0].reg) >= 0) {
			m->reg[ridx(m, op[0].reg)] = (struct val){ 0 };
		}
		if (x->update_flags)
			m->fl.known = false;
	}
	return 0;
}

static bool counter_slot(const struct machine *m, uint64_t a)
{
	for (int i = 0; a && i < m->nslots; i++)
		if ((m->counter_slots[i] & ~7ull) == (a & ~7ull))
			return true;
	return false;
}

static bool counter_origin(const struct machine *m, int o)
{
	for (int i = 0; o && i < m->norig; i++)
		if (m->counter_origins[i] == o)
			return true;
	return false;
}

static const char *role(const struct machine *m, const struct rec *r)
{
	if (!r->in_image)
		return "thunk";
	if (r->check)
		return "check";
	if (r->jump)
		return "jump";
	if (counter_slot(m, r->stack_addr) || counter_slot(m, r->src.slot) ||
	    counter_slot(m, r->dst.slot) || counter_origin(m, r->src.origin) ||
	    counter_origin(m, r->dst.origin))
		return "counter";
	if (r->frame)
		return "frame";
	if (r->src.global || r->dst.global)
		return "work";
	return "other";
}

/* Distinct units of 2^shift bytes that the hop's instructions touch. */
static int spans(const struct machine *m, int shift)
{
	uint64_t *u = xcalloc(m->nrecs + 1, sizeof(*u));
	int n = 0;

	for (int i = 0; i < m->nrecs; i++) {
		int k = 0;

		while (k < n && u[k] != m->recs[i].addr >> shift)
			k++;
		if (k == n)
			u[n++] = m->recs[i].addr >> shift;
	}
	free(u);
	return n;
}

static int decode(struct machine *m, cs_insn *insn)
{
	const uint8_t *code;
	size_t len = 4;
	uint64_t addr = m->pc;
	uint8_t buf[4];

	if (m->img) {
		code = m->img->code + (addr - m->img->addr);
		len = m->img->addr + m->img->len - addr;
	} else {
		if (m->w->read_text(addr, buf, sizeof(buf)))
			return fail(m, -EIO, "kernel text at 0x%llx is not readable",
				    (unsigned long long)addr);
		code = buf;
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

/* A kernel address is known as one once its last movk is in: the whole
 * run of moves that built it is the hop's work. */
static void address_built(struct machine *m)
{
	int reg = m->recs[m->nrecs - 1].mov_reg;

	for (int i = m->nrecs - 2; reg >= 0 && i >= 0 && m->recs[i].mov_reg == reg; i--) {
		m->recs[i].dst.global = true;
		if (!strncmp(m->recs[i].text, "mov", 3) && m->recs[i].text[3] != 'k')
			break;	/* the movz or movn that began it */
	}
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
		if (m->img)
			m->last_prog = m->img->prog;
		r.text = xasprintf("%s%s%s", insn->mnemonic, insn->op_str[0] ? " " : "",
				   insn->op_str);
		err = step(m, insn, &r);
		if (m->w->boundary == HOP_STORE && r.in_image && is_store(insn->id) && r.dst.global)
			m->tag = ++m->seq;
		/* A bpf2bpf hop begins with its call. */
		if (m->w->boundary == HOP_CALL && (insn->id == ARM64_INS_BL || insn->id == ARM64_INS_BLR))
			tag = m->tag;
		r.mov_reg = insn->id == ARM64_INS_MOVZ || insn->id == ARM64_INS_MOVN ||
					    insn->id == ARM64_INS_MOVK ?
				    ridx(m, insn->detail->arm64.operands[0].reg) : -1;
		record(m, &r, tag);
		if (tag == m->keep && insn->id == ARM64_INS_MOVK && r.dst.global)
			address_built(m);
	}
	cs_free(insn, 1);
	return err;
}

int hop_walk_arm64(const struct hop_walk *w, int hop, int last, struct hop_path *p)
{
	struct machine *m = xcalloc(1, sizeof(*m));
	int err = -EINVAL;

	m->w = w;
	m->keep = hop;
	for (int i = 0; i < w->nimages; i++)
		if (w->images[i].prog == 0 && w->images[i].main)
			m->img = &w->images[i];
	if (!m->img || hop < 1 || last < hop || last >= MAX_TAGS) {
		p->note = xstrdup("no entry program, or no steady hop to keep");
		goto out_free;
	}
	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &m->cs) != CS_ERR_OK) {
		p->note = xstrdup("capstone cannot open arm64");
		goto out_free;
	}
	cs_option(m->cs, CS_OPT_DETAIL, CS_OPT_ON);
	map_regs(m);
	if (w->bss.len) {
		m->bss = xcalloc(1, w->bss.len);
		memcpy(m->bss, w->bss.data, w->bss.len);
	}
	/* Entered as test_run calls it: a known stack, x30 into the kernel. */
	m->pc = m->img->addr;
	m->reg[SP] = known(STACK_TOP - 64);
	m->reg[LR] = known(RET_KERNEL);

	err = run(m);
	if (!err && !m->counts[last])
		err = fail(m, -EINVAL, "the run ended before hop %d", last);
	p->insns = xcalloc(m->nrecs + 1, sizeof(*p->insns));
	for (int i = 0; i < m->nrecs; i++) {
		p->insns[i] = (struct hop_insn){ .text = m->recs[i].text,
						 .role = role(m, &m->recs[i]),
						 .indirect = m->recs[i].indirect };
		p->indirect += m->recs[i].indirect;
	}
	p->count = m->nrecs;
	p->bytes = 4 * m->nrecs;
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

int hop_arm64_constants(const struct hop_image *img, uint64_t **out)
{
	struct machine *m = xcalloc(1, sizeof(*m));
	cs_insn *insn = NULL;
	size_t n;
	int nout = 0;

	*out = NULL;
	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &m->cs) != CS_ERR_OK) {
		free(m);
		return -EINVAL;
	}
	cs_option(m->cs, CS_OPT_DETAIL, CS_OPT_ON);
	map_regs(m);
	n = cs_disasm(m->cs, img->code, img->len, img->addr, 0, &insn);
	for (size_t k = 0; k < n; k++) {
		const cs_arm64 *x = &insn[k].detail->arm64;
		struct rec r = {};
		int dst;

		if (insn[k].id != ARM64_INS_MOVZ && insn[k].id != ARM64_INS_MOVN)
			continue;
		/* A run: movz/movn, then movk into the same register. */
		dst = ridx(m, x->operands[0].reg);
		step(m, &insn[k], &r);
		while (k + 1 < n && insn[k + 1].id == ARM64_INS_MOVK &&
		       ridx(m, insn[k + 1].detail->arm64.operands[0].reg) == dst)
			step(m, &insn[++k], &r);
		/* x9..x12 are the JIT's own temporaries (calls, blinding);
		 * an ld_imm64 loads a BPF register. */
		if (dst >= 0 && (dst < 9 || dst > 12) && m->reg[dst].known &&
		    kernel_addr(m->reg[dst].v)) {
			*out = xrealloc(*out, nout + 1, sizeof(**out));
			(*out)[nout++] = m->reg[dst].v;
		}
	}
	cs_free(insn, n);
	cs_close(&m->cs);
	free(m);
	return nout;
}
