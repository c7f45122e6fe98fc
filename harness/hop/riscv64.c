// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv64 walker of hop/hop.h, on hop_core: an abstract RV64 machine
 * with x0..x31, no flags (a branch compares two registers), and a branch on
 * an unknown value falling through (the passing side of the tail call's
 * checks: bgeu past the bounds, beq past an empty slot).  Calls leave their
 * return address in the link register; the hop a frame was entered in is
 * kept with that address.
 *
 * capstone 5 (trixie's, in the payload) gives each instruction's size and
 * text, load/rv_zb those of the Zba/Zbb instructions it lacks; what an
 * instruction does is read from its bits here (RISC-V's few
 * fixed formats, compressed ones expanded), so that the machine needs no
 * capstone detail and its semantics are the same wherever it runs.  The
 * host's capstone 4 has no RISC-V: there the walk stops at cs_open, said.
 */
#include <errno.h>
#include <stdlib.h>

#include "base/util.h"
#include "hop/core.h"
#include "hop/riscv64.h"
#include "load/rv_zb.h"

#if CS_API_MAJOR >= 5
#define RV_CS_ARCH CS_ARCH_RISCV
#define RV_CS_MODE (CS_MODE_RISCV64 | CS_MODE_RISCVC)
#else
#define RV_CS_ARCH CS_ARCH_MAX	/* capstone 4: no RISC-V, cs_open refuses it */
#define RV_CS_MODE 0
#endif

/* No kernel address (not sign-extended from any Sv mode): the stack can
 * overlap no image, .bss or table. */
#define STACK_TOP 0x8000000000200000ull
/* ra on entry: the return into the kernel's test_run loop ends the walk. */
#define RET_KERNEL 0xffffffff8badf00cull
#define RA 1
#define SP 2
#define T2 7
#define S0 8
#define A0 10
#define TCC 16			/* a6: the JIT's tail-call counter, no BPF register */

enum rv_kind { RV_ALU, RV_LUI, RV_AUIPC, RV_JAL, RV_JALR, RV_BRANCH, RV_LOAD, RV_STORE,
	       RV_AMO, RV_FENCE, RV_CSR, RV_TRAP };

enum rv_alu { ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND, MUL, MULDIV, ZB };

/* One instruction as the machine runs it (a compressed one expanded). */
struct rv_op {
	enum rv_kind kind;
	enum rv_alu alu;
	enum rv_zb_op zb;	/* alu ZB: which (load/rv_zb.h) */
	bool word;		/* a *W op: 32-bit result, sign-extended */
	bool has_imm;		/* the second source is imm, not rs2 */
	int rd, rs1, rs2, size;
	int cond;		/* a branch's funct3 */
	int width;		/* bytes a load or store accesses */
	bool sign;		/* a load sign-extends */
	int64_t imm;
};

static int64_t sext(uint64_t v, int n)
{
	return (int64_t)(v << (64 - n)) >> (64 - n);
}

static uint32_t bits(uint32_t w, int hi, int lo)
{
	return (w >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static int alu_op(struct rv_op *o, enum rv_alu alu, int rd, int rs1, int rs2)
{
	*o = (struct rv_op){ .kind = RV_ALU, .alu = alu, .rd = rd, .rs1 = rs1, .rs2 = rs2 };
	return 0;
}

static int alu_imm(struct rv_op *o, enum rv_alu alu, int rd, int rs1, int64_t imm)
{
	*o = (struct rv_op){ .kind = RV_ALU, .alu = alu, .rd = rd, .rs1 = rs1, .has_imm = true,
			     .imm = imm };
	return 0;
}

static int mem_op(struct rv_op *o, enum rv_kind kind, int width, bool sign, int reg, int base,
		  int64_t imm)
{
	*o = (struct rv_op){ .kind = kind, .width = width, .sign = sign, .rs1 = base, .imm = imm };
	if (kind == RV_LOAD)
		o->rd = reg;
	else
		o->rs2 = reg;
	return 0;
}

static const enum rv_alu op_f3[8] = { ADD, SLL, SLT, SLTU, XOR, SRL, OR, AND };

/* A 32-bit instruction; -1: one the machine does not model. */
static int decode32(uint32_t w, struct rv_op *o)
{
	int rd = bits(w, 11, 7), rs1 = bits(w, 19, 15), rs2 = bits(w, 24, 20), f3 = bits(w, 14, 12);
	uint32_t f7 = bits(w, 31, 25);
	int64_t imm_i = sext(w >> 20, 12);
	const struct rv_zb *zb = rv_zb_find(w);

	if (zb) {
		alu_op(o, ZB, rd, rs1, zb->two ? rs2 : 0);
		o->zb = zb->op;
		return 0;
	}
	switch (w & 0x7f) {
	case 0x37:
		*o = (struct rv_op){ .kind = RV_LUI, .rd = rd, .imm = sext(w & 0xfffff000u, 32) };
		return 0;
	case 0x17:
		*o = (struct rv_op){ .kind = RV_AUIPC, .rd = rd, .imm = sext(w & 0xfffff000u, 32) };
		return 0;
	case 0x6f:
		*o = (struct rv_op){ .kind = RV_JAL, .rd = rd,
				     .imm = sext(bits(w, 31, 31) << 20 | bits(w, 19, 12) << 12 |
						 bits(w, 20, 20) << 11 | bits(w, 30, 21) << 1, 21) };
		return 0;
	case 0x67:
		*o = (struct rv_op){ .kind = RV_JALR, .rd = rd, .rs1 = rs1, .imm = imm_i };
		return f3 ? -1 : 0;
	case 0x63:
		*o = (struct rv_op){ .kind = RV_BRANCH, .rs1 = rs1, .rs2 = rs2, .cond = f3,
				     .imm = sext(bits(w, 31, 31) << 12 | bits(w, 7, 7) << 11 |
						 bits(w, 30, 25) << 5 | bits(w, 11, 8) << 1, 13) };
		return f3 == 2 || f3 == 3 ? -1 : 0;
	case 0x03:
		return f3 == 7 ? -1 : mem_op(o, RV_LOAD, 1 << (f3 & 3), !(f3 & 4), rd, rs1, imm_i);
	case 0x23:
		return f3 > 3 ? -1 : mem_op(o, RV_STORE, 1 << f3, false, rs2, rs1,
					    sext(f7 << 5 | rd, 12));
	case 0x13:
		if (f3 == 1)
			return w >> 26 ? -1 : alu_imm(o, SLL, rd, rs1, bits(w, 25, 20));
		if (f3 == 5)
			return (w >> 26) & ~0x10u ? -1 :
			       alu_imm(o, w >> 30 ? SRA : SRL, rd, rs1, bits(w, 25, 20));
		return alu_imm(o, op_f3[f3], rd, rs1, imm_i);
	case 0x1b:
		if (f3 == 0)
			alu_imm(o, ADD, rd, rs1, imm_i);
		else if (f3 == 1 && !f7)
			alu_imm(o, SLL, rd, rs1, rs2);
		else if (f3 == 5 && !(f7 & ~0x20u))
			alu_imm(o, f7 ? SRA : SRL, rd, rs1, rs2);
		else
			return -1;
		o->word = true;
		return 0;
	case 0x33:
		if (f7 == 0)
			return alu_op(o, op_f3[f3], rd, rs1, rs2);
		if (f7 == 0x20 && (f3 == 0 || f3 == 5))
			return alu_op(o, f3 ? SRA : SUB, rd, rs1, rs2);
		if (f7 == 1)
			return alu_op(o, f3 ? MULDIV : MUL, rd, rs1, rs2);
		return -1;
	case 0x3b:
		if (f7 == 0 && (f3 == 0 || f3 == 1 || f3 == 5))
			alu_op(o, op_f3[f3], rd, rs1, rs2);
		else if (f7 == 0x20 && (f3 == 0 || f3 == 5))
			alu_op(o, f3 ? SRA : SUB, rd, rs1, rs2);
		else if (f7 == 1 && (f3 == 0 || f3 >= 4))
			alu_op(o, f3 ? MULDIV : MUL, rd, rs1, rs2);
		else
			return -1;
		o->word = true;
		return 0;
	case 0x2f:
		*o = (struct rv_op){ .kind = RV_AMO, .rd = rd, .rs1 = rs1, .rs2 = rs2,
				     .width = 1 << f3 };
		return f3 == 2 || f3 == 3 ? 0 : -1;
	case 0x0f:
		*o = (struct rv_op){ .kind = RV_FENCE };
		return 0;
	case 0x73:	/* ecall, ebreak (funct3 0); the csr* (4: none) */
		*o = (struct rv_op){ .kind = f3 ? RV_CSR : RV_TRAP, .rd = rd };
		return f3 == 4 ? -1 : 0;
	default:
		return -1;
	}
}

/* A compressed instruction, as the 32-bit one it stands for; -1: one the
 * machine does not model. */
static int decode16(uint32_t h, struct rv_op *o)
{
	int rd = bits(h, 11, 7), rs2 = bits(h, 6, 2);
	int rdp = 8 + bits(h, 4, 2), rs1p = 8 + bits(h, 9, 7);
	int64_t imm6 = sext(bits(h, 12, 12) << 5 | bits(h, 6, 2), 6);
	uint32_t sh = bits(h, 12, 12) << 5 | bits(h, 6, 2);

	switch ((h & 3) << 3 | bits(h, 15, 13)) {
	case 000:	/* c.addi4spn */
		return !h ? -1 : alu_imm(o, ADD, rdp, SP, bits(h, 10, 7) << 6 | bits(h, 12, 11) << 4 |
						       bits(h, 5, 5) << 3 | bits(h, 6, 6) << 2);
	case 002:	/* c.lw */
		return mem_op(o, RV_LOAD, 4, true, rdp, rs1p,
			      bits(h, 12, 10) << 3 | bits(h, 6, 6) << 2 | bits(h, 5, 5) << 6);
	case 003:	/* c.ld */
		return mem_op(o, RV_LOAD, 8, true, rdp, rs1p, bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6);
	case 006:	/* c.sw */
		return mem_op(o, RV_STORE, 4, false, rdp, rs1p,
			      bits(h, 12, 10) << 3 | bits(h, 6, 6) << 2 | bits(h, 5, 5) << 6);
	case 007:	/* c.sd */
		return mem_op(o, RV_STORE, 8, false, rdp, rs1p, bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6);
	case 010:	/* c.addi, c.nop */
		return alu_imm(o, ADD, rd, rd, imm6);
	case 011:	/* c.addiw */
		alu_imm(o, ADD, rd, rd, imm6);
		o->word = true;
		return rd ? 0 : -1;
	case 012:	/* c.li */
		return alu_imm(o, ADD, rd, 0, imm6);
	case 013:	/* c.addi16sp, c.lui */
		if (rd == SP)
			return alu_imm(o, ADD, SP, SP,
				       sext(bits(h, 12, 12) << 9 | bits(h, 4, 3) << 7 | bits(h, 5, 5) << 6 |
						    bits(h, 2, 2) << 5 | bits(h, 6, 6) << 4, 10));
		*o = (struct rv_op){ .kind = RV_LUI, .rd = rd, .imm = imm6 << 12 };
		return 0;
	case 014:
		rd = rs1p;
		switch (bits(h, 11, 10)) {
		case 0: return alu_imm(o, SRL, rd, rd, sh);
		case 1: return alu_imm(o, SRA, rd, rd, sh);
		case 2: return alu_imm(o, AND, rd, rd, imm6);
		}
		if (!bits(h, 12, 12)) {
			static const enum rv_alu f[4] = { SUB, XOR, OR, AND };

			return alu_op(o, f[bits(h, 6, 5)], rd, rd, rdp);
		}
		if (bits(h, 6, 5) > 1)
			return -1;	/* Zcb's, which the JIT does not emit */
		alu_op(o, bits(h, 6, 5) ? ADD : SUB, rd, rd, rdp);
		o->word = true;
		return 0;
	case 015:	/* c.j */
		*o = (struct rv_op){ .kind = RV_JAL,
				     .imm = sext(bits(h, 12, 12) << 11 | bits(h, 11, 11) << 4 |
							 bits(h, 10, 9) << 8 | bits(h, 8, 8) << 10 |
							 bits(h, 7, 7) << 6 | bits(h, 6, 6) << 7 |
							 bits(h, 5, 3) << 1 | bits(h, 2, 2) << 5, 12) };
		return 0;
	case 016:	/* c.beqz */
	case 017:	/* c.bnez */
		*o = (struct rv_op){ .kind = RV_BRANCH, .rs1 = rs1p, .cond = bits(h, 13, 13),
				     .imm = sext(bits(h, 12, 12) << 8 | bits(h, 11, 10) << 3 |
							 bits(h, 6, 5) << 6 | bits(h, 4, 3) << 1 |
							 bits(h, 2, 2) << 5, 9) };
		return 0;
	case 020:	/* c.slli */
		return alu_imm(o, SLL, rd, rd, sh);
	case 022:	/* c.lwsp */
		return mem_op(o, RV_LOAD, 4, true, rd, SP,
			      bits(h, 12, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6);
	case 023:	/* c.ldsp */
		return mem_op(o, RV_LOAD, 8, true, rd, SP,
			      bits(h, 12, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6);
	case 024:
		if (!bits(h, 12, 12) && !rs2) {	/* c.jr */
			*o = (struct rv_op){ .kind = RV_JALR, .rs1 = rd };
			return rd ? 0 : -1;
		}
		if (!bits(h, 12, 12))	/* c.mv */
			return alu_op(o, ADD, rd, 0, rs2);
		if (!rd && !rs2) {	/* c.ebreak */
			*o = (struct rv_op){ .kind = RV_TRAP };
			return 0;
		}
		if (!rs2) {	/* c.jalr */
			*o = (struct rv_op){ .kind = RV_JALR, .rd = RA, .rs1 = rd };
			return 0;
		}
		return alu_op(o, ADD, rd, rd, rs2);	/* c.add */
	case 026:	/* c.swsp */
		return mem_op(o, RV_STORE, 4, false, rs2, SP, bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6);
	case 027:	/* c.sdsp */
		return mem_op(o, RV_STORE, 8, false, rs2, SP, bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6);
	default:
		return -1;
	}
}

/* The instruction at code; its size, 0: cut short or not modelled. */
static int rv_decode(const uint8_t *code, size_t len, struct rv_op *o)
{
	uint32_t w;

	if (len < 2)
		return 0;
	w = code[0] | code[1] << 8;
	if ((w & 3) != 3)
		return decode16(w, o) ? 0 : (o->size = 2);
	if (len < 4)
		return 0;
	w |= (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
	return decode32(w, o) ? 0 : (o->size = 4);
}

struct machine {
	struct hop_core c;
	struct val reg[32];
	struct hop_frames frames;
	/* The register a run of constant moves builds, the index of the
	 * record that began it (in the hop kept), and how many runs began. */
	int build_reg, build_from, runs;
	int tcc_origin;		/* of every start of the counter, 0: none yet */
};

/* A kernel address, as the JIT builds one for a map or map value (not the
 * kernel's image or modules, where the JIT's code and helpers are). */
static bool kernel_addr(uint64_t v)
{
	return v >> 56 == 0xff && v < 0xffffffff00000000ull;
}

static struct val reg_read(const struct machine *m, int r)
{
	return r ? m->reg[r] : known(0);
}

static void reg_write(struct machine *m, int r, struct val v, struct rec *rec)
{
	rec->dst = v;
	if (!r || r == SP || (r == S0 && !v.global))
		rec->frame = true;	/* a nop writes zero */
	if (r)
		m->reg[r] = v;
}

static uint64_t zb_value(enum rv_zb_op op, uint64_t a, uint64_t b)
{
	switch (op) {
	case RV_ADD_UW: return (uint32_t)a + b;
	case RV_SH1ADD: return (a << 1) + b;
	case RV_SH2ADD: return (a << 2) + b;
	case RV_SH3ADD: return (a << 3) + b;
	case RV_ZEXT_H: return (uint16_t)a;
	case RV_SEXT_B: return (uint64_t)(int8_t)a;
	case RV_SEXT_H: return (uint64_t)(int16_t)a;
	default: return __builtin_bswap64(a);	/* rev8 */
	}
}

static struct val alu(const struct rv_op *o, struct val a, struct val b)
{
	struct val r = { .known = a.known && b.known, .global = a.global || b.global,
			 .slot = a.slot, .origin = a.origin ? a.origin : b.origin };
	int sh = b.v & (o->word ? 31 : 63);

	/* mv, and adding a known 0: the value itself, where it came from
	 * included. */
	if (o->alu == ADD && !o->word && (a.known && !a.v))
		return b;
	if (o->alu == ADD && !o->word && (b.known && !b.v))
		return a;
	switch (o->alu) {
	case ADD: r.v = a.v + b.v; break;
	case SUB: r.v = a.v - b.v; break;
	case SLL: r.v = a.v << sh; break;
	case SLT: r.v = (int64_t)a.v < (int64_t)b.v; break;
	case SLTU: r.v = a.v < b.v; break;
	case XOR: r.v = a.v ^ b.v; break;
	case SRL: r.v = (o->word ? (uint32_t)a.v : a.v) >> sh; break;
	case SRA: r.v = o->word ? (uint64_t)((int32_t)a.v >> sh) : (uint64_t)((int64_t)a.v >> sh); break;
	case OR: r.v = a.v | b.v; break;
	case AND:
		r.v = a.v & b.v;
		r.known = r.known || (b.known && !b.v);
		break;
	case MUL: r.v = a.v * b.v; break;
	case ZB: r.v = zb_value(o->zb, a.v, b.v); break;
	default: r.known = false; break;
	}
	if (r.known && o->word)
		r.v = (uint64_t)(int64_t)(int32_t)r.v;
	else if (!r.known && !(o->alu == ADD && b.known && !o->word))
		r.v = 0;	/* only "unknown plus a constant" keeps its addend */
	return r;
}

/* A branch's condition (funct3) on two known values. */
static bool taken(int cond, uint64_t a, uint64_t b)
{
	switch (cond) {
	case 0: return a == b;
	case 1: return a != b;
	case 4: return (int64_t)a < (int64_t)b;
	case 5: return (int64_t)a >= (int64_t)b;
	case 6: return a < b;
	default: return a >= b;
	}
}

/* A call into unreadable text, returned from at once. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[A0] = (struct val){ 0 };
	return m->reg[RA];
}

static int call(struct machine *m, int link, struct val target, uint64_t next, struct rec *r)
{
	reg_write(m, link, known(next), r);
	return hop_call(&m->c, &m->frames, target, next);
}

/* Whether o continues the run of constant moves into m->build_reg. */
static bool builds_on(const struct machine *m, const struct rv_op *o)
{
	return o->kind == RV_ALU && o->has_imm && o->rd == m->build_reg && o->rs1 == o->rd &&
	       (o->alu == ADD || o->alu == SLL);
}

static int step_alu(struct machine *m, const struct rv_op *o, struct rec *r)
{
	struct val a = reg_read(m, o->rs1), b = o->has_imm ? known(o->imm) : reg_read(m, o->rs2);
	struct val v;

	if (o->kind == RV_LUI || (o->kind == RV_ALU && o->has_imm && !o->rs1 && o->alu == ADD)) {
		/* lui or li: a constant begins. */
		v = known(o->imm);
		v.origin = ++m->c.norigins;
		m->build_reg = o->rd;
		m->build_from = m->c.nrecs;
		m->runs++;
		/* The counter's start in every function's prologue (a tail
		 * call skips it): one origin for them all. */
		if (o->rd == TCC && o->kind == RV_ALU && HOP_TAIL_CALL_CNT(o->imm) && m->c.img) {
			if (!m->tcc_origin) {
				m->tcc_origin = v.origin;
				hop_note_counter(&m->c, v, r);
			}
			v.origin = m->tcc_origin;
		}
	} else if (o->kind == RV_AUIPC) {
		v = known(r->addr + o->imm);
		m->build_reg = -1;
	} else {
		if (!builds_on(m, o))
			m->build_reg = -1;
		r->src = a;
		v = alu(o, a, b);
	}
	if (o->rd && o->rd == m->build_reg) {
		r->built = o->rd;
		v.global = v.known && kernel_addr(v.v);
	}
	reg_write(m, o->rd, v, r);
	return 0;
}

static void load_store(struct machine *m, const struct rv_op *o, struct rec *r)
{
	struct val a = reg_read(m, o->rs1), v;

	a = a.known ? known(a.v + o->imm) : (struct val){ 0 };
	if (o->kind == RV_LOAD) {
		r->mem = HOP_MEM_LOAD;
		v = hop_mem_read(&m->c, a, o->width, r);
		if (v.known && o->sign)
			v.v = sext(v.v, o->width * 8);
		r->src = v;
		reg_write(m, o->rd, v, r);
	} else {
		r->mem = HOP_MEM_STORE;
		r->src = reg_read(m, o->rs2);
		r->dst = r->src;
		hop_mem_write(&m->c, a, o->width, r->src, r);
		if (!r->stack_addr && a.known && hop_in_bss(&m->c, a.v, 1))
			r->dst.global = true;
	}
	/* Saving and restoring registers is the frame's business. */
	if (o->rs1 == SP)
		r->frame = true;
}

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	uint64_t next = insn->address + insn->size;
	struct rv_op o;
	struct val a, b;

	if (rv_decode(insn->bytes, insn->size, &o) != insn->size)
		return hop_fail(c, -EINVAL, "the walker does not model \"%s %s\" at 0x%llx",
				insn->mnemonic, insn->op_str, (unsigned long long)insn->address);
	if (o.kind != RV_ALU && o.kind != RV_LUI)
		m->build_reg = -1;
	switch (o.kind) {
	case RV_ALU: case RV_LUI: case RV_AUIPC:
		return step_alu(m, &o, r);
	case RV_LOAD: case RV_STORE:
		load_store(m, &o, r);
		return 0;
	case RV_AMO:
		r->mem = HOP_MEM_LOAD | HOP_MEM_STORE;
		reg_write(m, o.rd, (struct val){ .global = true }, r);
		return 0;
	case RV_FENCE:
		return 0;
	case RV_CSR:
		/* rd takes the CSR's old value (time, cycle: unknown here);
		 * the CSRs themselves are no part of the machine. */
		if (o.rd)
			reg_write(m, o.rd, (struct val){ 0 }, r);
		return 0;
	case RV_TRAP:
		return hop_fail(c, -EINVAL, "the walk ran into a trap at 0x%llx",
				(unsigned long long)insn->address);
	case RV_BRANCH:
		a = reg_read(m, o.rs1);
		b = reg_read(m, o.rs2);
		r->check = true;
		r->src = a;
		/* The JIT's only compare of t2 (its temporary) with zero that
		 * reads unknown memory is the tail call's check of the slot it
		 * loaded: on the path's last program, the run found that slot
		 * empty. */
		if (!a.known && o.rs1 == T2 && !o.rs2 && o.cond < 2 && hop_last_prog(c))
			a = known(0);
		if (!a.known || !b.known || !taken(o.cond, a.v, b.v))
			return 0;
		return hop_transfer(c, known(insn->address + o.imm), T_JUMP);
	case RV_JAL:
		r->jump = true;
		a = known(insn->address + o.imm);
		r->src = a;
		return o.rd ? call(m, o.rd, a, next, r) : hop_transfer(c, a, T_JUMP);
	case RV_JALR:
		r->jump = true;
		a = reg_read(m, o.rs1);
		a.v += o.imm;
		if (a.known)
			a.v &= ~1ull;
		r->src = a;
		/* Every jalr but the return (jalr zero, 0(ra)) is indirect, as
		 * load/jit.c counts them. */
		r->indirect = c->img && !(!o.rd && o.rs1 == RA && !o.imm);
		return o.rd ? call(m, o.rd, a, next, r) : hop_return(c, &m->frames, a, RET_KERNEL);
	}
	return 0;
}

/* A kernel address is known as one once its last move is in: the whole
 * run of moves that built it is the hop's work. */
static void recorded(struct hop_core *c, const cs_insn *insn, int tag)
{
	struct machine *m = (struct machine *)c;
	const struct rec *last = c->nrecs ? &c->recs[c->nrecs - 1] : NULL;

	(void)insn;
	if (tag != c->keep || !last || last->built < 0 || !last->dst.global)
		return;
	for (int i = c->nrecs - 2; i >= m->build_from && i >= 0 && c->recs[i].built == last->built; i--)
		c->recs[i].dst.global = true;
}

static bool is_call(const cs_insn *insn)
{
	struct rv_op o;

	return rv_decode(insn->bytes, insn->size, &o) && (o.kind == RV_JAL || o.kind == RV_JALR) &&
	       o.rd;
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->build_reg = -1;
	m->reg[SP] = known(STACK_TOP - 64);
	m->reg[RA] = known(RET_KERNEL);
}

/* The BPF registers (R0..R9 and the frame pointer: a5, a0..a4, s1..s5): an
 * ld_imm64 loads one; t0..t6 are the JIT's own (calls, blinding). */
static bool maps_reg(int r)
{
	return (r >= A0 && r <= A0 + 5) || r == 9 || (r >= 18 && r <= 21);
}

/*
 * A kernel address the code builds into a BPF register (the JIT's lui/li,
 * then addiw, slli, addi run for an ld_imm64 of a map or map value):
 * hop_isa's constant.  By the instructions' own bits, the image split by
 * length: capstone's disassembly would stop at the first Zb one it lacks.
 */
static bool constant(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
		     size_t n, size_t *k, uint64_t *v)
{
	struct machine *m = (struct machine *)c;
	struct rec r = { .built = -1 };
	struct rv_op o;
	int runs = m->runs, reg;

	(void)img;
	if (!rv_decode(insn[*k].bytes, insn[*k].size, &o) || (o.kind != RV_ALU && o.kind != RV_LUI))
		return false;
	step_alu(m, &o, &r);
	if (m->runs == runs)
		return false;	/* no run begins here */
	reg = m->build_reg;
	while (*k + 1 < n && rv_decode(insn[*k + 1].bytes, insn[*k + 1].size, &o) &&
	       builds_on(m, &o)) {
		step_alu(m, &o, &r);
		++*k;
	}
	*v = m->reg[reg].v;
	return maps_reg(reg) && m->reg[reg].known && kernel_addr(*v);
}

/* An instruction's size, by its low bits. */
static int length(const uint8_t *code, size_t len)
{
	size_t size = (code[0] & 3) == 3 ? 4 : 2;

	return size <= len ? (int)size : 0;
}

const struct hop_isa hop_riscv64 = {
	.name = "riscv64", .cs_arch = RV_CS_ARCH, .cs_mode = RV_CS_MODE,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .insn_max = 4, .branch = "branch",
	/* The counter lives in a register (a6, or s6 across calls), and the
	 * frame saves and restores registers that may hold a map's address. */
	.origins = true, .frame_first = true,
	.enter = enter, .step = step, .stores_bss = hop_stores_bss, .is_call = is_call,
	.returned = returned, .recorded = recorded, .constant = constant,
	.length = length, .decode = rv_zb_insn,
};
