// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 walker of hop/hop.h, on hop_core: an abstract AArch64 machine over
 * capstone's ARM64 mode, with x0..x30 and sp, NZCV of the last flag-setting
 * compare, and a branch on an unknown value falling through (the passing
 * side of the tail call's checks: b.hs past the bounds and the count, cbz
 * past an empty slot).  Calls leave their return address in x30; the hop a
 * frame was entered in is kept with that address, not on the stack.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/arm64.h"
#include "hop/core.h"
#include "load/cs.h"

#define STACK_TOP 0xffff800000200000ull
/* x30 on entry: the return into the kernel's test_run loop ends the walk. */
#define RET_KERNEL 0xffff80008badf00cull
#define NREGS 32		/* x0..x30, sp */
#define SP 31
#define ZR (-2)
#define LR 30

struct machine {
	struct hop_core c;
	int8_t rmap[ARM64_REG_ENDING];	/* capstone register: index, ZR or -1 */
	uint8_t rwidth[ARM64_REG_ENDING];	/* 4 for w registers */
	struct val reg[NREGS];
	struct {
		bool known, test;
		uint64_t a, b;
		int size;
	} fl;
	struct hop_frames frames;
};

/* A kernel address, as the JIT builds one for a map or a helper. */
static bool kernel_addr(uint64_t v)
{
	return v >> 48 == 0xffff && v < 0xffffffff80000000ull;
}

static void map_regs(struct machine *m)
{
	for (int r = 0; r < ARM64_REG_ENDING; r++) {
		const char *n = cs_reg_name(m->c.cs, r);
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
			struct val v = hop_mem_read(&m->c, at, size, r);

			if (v.known && (insn->id == ARM64_INS_LDRSW || insn->id == ARM64_INS_LDURSW))
				v.v = (uint64_t)(int64_t)(int32_t)v.v;
			r->src = v;
			reg_write(m, rg, v, r);
		} else {
			r->src = reg_read(m, rg);
			r->dst = r->src;
			hop_mem_write(&m->c, at, size, r->src, r);
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
	if (!load && !r->stack_addr && a.known && hop_in_bss(&m->c, a.v, 1))
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

/* A call into unreadable text, returned from at once. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[0] = (struct val){ 0 };
	return m->reg[LR];
}

static int call(struct machine *m, struct val target, uint64_t next)
{
	m->reg[LR] = known(next);
	return hop_call(&m->c, &m->frames, target, next);
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

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	const cs_arm64 *x = &insn->detail->arm64;
	const cs_arm64_op *op = x->operands;
	uint64_t next = insn->address + 4;
	unsigned int id = insn->id;
	int size = x->op_count && op[0].type == ARM64_OP_REG && op[0].reg < ARM64_REG_ENDING ?
			   m->rwidth[op[0].reg] : 8;
	struct val a, b;
	int t;

	if (is_load(id) || is_store(id)) {
		/* By instruction: capstone 4 flags a store's memory operand as
		 * read too, and a writeback's as written.  ldp and stp count
		 * once, as one instruction. */
		r->mem = is_load(id) ? HOP_MEM_LOAD : HOP_MEM_STORE;
		load_store(m, insn, r);
		return 0;
	}
	switch (id) {
	case ARM64_INS_NOP: case ARM64_INS_HINT:
		r->frame = true;	/* nop, bti, paciasp, autiasp */
		return 0;
	case ARM64_INS_BRK: case ARM64_INS_HLT:
		return hop_fail(c, -EINVAL, "the walk ran into a trap at 0x%llx",
				(unsigned long long)insn->address);
	case ARM64_INS_MOVZ: case ARM64_INS_MOVN:
		a = known((uint64_t)op[1].imm << op[1].shift.value);
		if (id == ARM64_INS_MOVN)
			a.v = ~a.v;
		a.v &= mask(size);
		a.origin = ++m->c.norigins;
		a.global = kernel_addr(a.v);
		r->built = ridx(m, op[0].reg);
		reg_write(m, op[0].reg, a, r);
		return 0;
	case ARM64_INS_MOVK:
		a = reg_read(m, op[0].reg);
		if (a.known) {
			a.v = (a.v & ~(0xffffull << op[1].shift.value)) |
			      ((uint64_t)op[1].imm << op[1].shift.value);
			a.global = kernel_addr(a.v);
		}
		r->built = ridx(m, op[0].reg);
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
		if (id == ARM64_INS_CMP && b.known && HOP_TAIL_CALL_CNT(b.v))
			hop_note_counter(&m->c, a, r);
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
		return t > 0 ? hop_transfer(c, known((uint64_t)op[0].imm), T_JUMP) : 0;
	case ARM64_INS_CBZ: case ARM64_INS_CBNZ:
		a = read_op(m, &op[0]);
		r->check = true;
		r->src = a;
		/* Arena casts aside, the JIT's only cbz is the tail call's check
		 * of the slot it loaded: on the path's last program, the run
		 * found that slot empty. */
		if (!a.known && hop_last_prog(c))
			a = known(0);
		if (!a.known)
			return 0;
		return !a.v == (id == ARM64_INS_CBZ) ?
			       hop_transfer(c, known((uint64_t)op[1].imm), T_JUMP) : 0;
	case ARM64_INS_TBZ: case ARM64_INS_TBNZ:
		a = read_op(m, &op[0]);
		r->check = true;
		r->src = a;
		if (!a.known)
			return 0;
		t = (a.v >> op[1].imm) & 1;
		return t == (id == ARM64_INS_TBNZ) ?
			       hop_transfer(c, known((uint64_t)op[2].imm), T_JUMP) : 0;
	case ARM64_INS_BL: case ARM64_INS_BLR:
		r->jump = true;
		r->src = read_op(m, &op[0]);
		r->indirect = id == ARM64_INS_BLR && c->img;
		return call(m, r->src, next);
	case ARM64_INS_BR:
		r->jump = true;
		r->src = read_op(m, &op[0]);
		r->indirect = c->img;
		return hop_transfer(c, r->src, T_JUMP);
	case ARM64_INS_RET:
		r->jump = true;
		r->src = x->op_count ? read_op(m, &op[0]) : m->reg[LR];
		return hop_return(c, &m->frames, r->src, RET_KERNEL);
	default:
		break;
	}
	/* Anything else: what it writes becomes unknown. */
	{
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (!cs_regs_access(m->c.cs, insn, rd, &nrd, wr, &nwr)) {
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

/* A kernel address is known as one once its last movk is in: the whole
 * run of moves that built it is the hop's work. */
static void recorded(struct hop_core *c, const cs_insn *insn, int tag)
{
	int reg = c->nrecs ? c->recs[c->nrecs - 1].built : -1;

	if (tag != c->keep || insn->id != ARM64_INS_MOVK || !c->recs[c->nrecs - 1].dst.global)
		return;
	for (int i = c->nrecs - 2; reg >= 0 && i >= 0 && c->recs[i].built == reg; i--) {
		c->recs[i].dst.global = true;
		if (!strncmp(c->recs[i].text, "mov", 3) && c->recs[i].text[3] != 'k')
			break;	/* the movz or movn that began it */
	}
}

static bool is_call(const cs_insn *insn)
{
	return insn->id == ARM64_INS_BL || insn->id == ARM64_INS_BLR;
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	map_regs(m);
	m->reg[SP] = known(STACK_TOP - 64);
	m->reg[LR] = known(RET_KERNEL);
}

/*
 * A kernel address the code builds into a BPF register (the JIT's movz/movn
 * + movk run for an ld_imm64 of a map or map value): hop_isa's constant.
 */
static bool constant(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
		     size_t n, size_t *k, uint64_t *v)
{
	struct machine *m = (struct machine *)c;
	struct rec r = {};
	int dst;

	(void)img;
	if (!*k)
		map_regs(m);	/* the image's first instruction: a new machine */
	if (insn[*k].id != ARM64_INS_MOVZ && insn[*k].id != ARM64_INS_MOVN)
		return false;
	/* A run: movz/movn, then movk into the same register. */
	dst = ridx(m, insn[*k].detail->arm64.operands[0].reg);
	step(c, &insn[*k], &r);
	while (*k + 1 < n && insn[*k + 1].id == ARM64_INS_MOVK &&
	       ridx(m, insn[*k + 1].detail->arm64.operands[0].reg) == dst)
		step(c, &insn[++*k], &r);
	/* x9..x12 are the JIT's own temporaries (calls, blinding); an
	 * ld_imm64 loads a BPF register. */
	if (dst < 0 || (dst >= 9 && dst <= 12))
		return false;
	*v = m->reg[dst].v;
	return m->reg[dst].known && kernel_addr(*v);
}

const struct hop_isa hop_arm64 = {
	.name = "arm64", .cs_arch = CS_ARCH_ARM64, .cs_mode = CS_MODE_ARM,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .insn_max = 4, .branch = "branch",
	/* The counter also lives in a register (x26), and stp/ldp save and
	 * restore registers that may hold a map's address. */
	.origins = true, .frame_first = true,
	.enter = enter, .step = step, .stores_bss = hop_stores_bss, .is_call = is_call,
	.returned = returned, .recorded = recorded, .constant = constant,
};
