// SPDX-License-Identifier: GPL-2.0
/*
 * The s390x walker of hop/hop.h, on hop_core: an abstract z/Architecture
 * machine, r0..r15 and the condition code of the last compare or test,
 * big-endian memory.  capstone (CS_ARCH_SYSZ) decodes and prints; the
 * semantics are taken from the instruction's own bytes (opcode and fields),
 * as capstone folds condition masks into dozens of mnemonics.  An
 * instruction not modelled here makes what it writes unknown, and a branch
 * on an unknown condition falls through: the passing side of the tail
 * call's checks (clrj past the bounds, clij past the count, brc past an
 * empty slot).  Calls (basr, brasl) leave their return address in r14; the
 * hop a frame was entered in is kept with that address.  Loads from the
 * image itself (the JIT's literal pool: lgrl of an ld_imm64's constant or a
 * helper's address, and loads off the pool's base register) read its bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/core.h"
#include "hop/s390x.h"
#include "load/cs.h"

/* Any address that is no image, .bss or kernel text the walk reads. */
#define STACK_TOP 0x7fff000000200000ull
/* r14 on entry: the return into the kernel's test_run loop ends the walk. */
#define RET_KERNEL 0x7fff00000badf00eull
/* r15 on entry, below its caller's frame: the entry program saves its
 * registers and keeps the tail-call counter in the 160 bytes above. */
#define SP_ENTRY (STACK_TOP - 1024)
#define SP 15
#define LINK 14
/* Work registers of the JIT (w0, w1) and the literal pool's base (l):
 * an ld_imm64 loads one of the others. */
#define W0 0
#define W1 1
#define LIT 11

struct machine {
	struct hop_core c;
	struct val reg[16];
	int cc;			/* 0..3, -1: unknown */
	bool bss_store;		/* the last instruction stored into .bss */
	struct hop_frames frames;
};

/* The fields of one instruction, by format, from its bytes. */
struct fields {
	const uint8_t *b;
	int len;
	unsigned int op;	/* first byte */
	unsigned int op2;	/* the second opcode part, by format, or 0 */
	unsigned int key;	/* op << 8 | op2 where there is one, else op */
	int r1, r2, x2, b2;	/* r2 doubles as r3 (RS, RSY) and m3 (RIE-c) */
	int64_t d2, i2;
};

static int64_t sext(uint64_t v, int bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static void fields(const cs_insn *insn, struct fields *f)
{
	const uint8_t *b = insn->bytes;

	memset(f, 0, sizeof(*f));
	f->b = b;
	f->len = insn->size;
	f->op = b[0];
	f->r1 = b[1] >> 4;
	f->r2 = b[1] & 15;
	f->key = f->op;
	if (f->len == 2)
		return;
	f->x2 = b[1] & 15;
	f->b2 = b[2] >> 4;
	f->d2 = (b[2] & 15) << 8 | b[3];
	f->i2 = sext(b[2] << 8 | b[3], 16);
	switch (f->op) {
	case 0xa7: case 0xc0: case 0xc2: case 0xc4: case 0xc6:	/* RI, RIL */
		f->op2 = b[1] & 15;
		break;
	case 0xb9:	/* RRE */
		f->op2 = b[1];
		f->r1 = b[3] >> 4;
		f->r2 = b[3] & 15;
		break;
	case 0xe3: case 0xeb: case 0xec:	/* RXY, RSY, RIE */
		f->op2 = b[5];
		break;
	default:	/* RX, RS, SS: the first byte only */
		break;
	}
	if (f->op2 || f->op == 0xb9 || f->op == 0xa7 || f->op == 0xc0 || f->op == 0xc2 ||
	    f->op == 0xc4)
		f->key = f->op << 8 | f->op2;
	if (f->len == 6)
		f->i2 = sext((uint64_t)b[2] << 24 | b[3] << 16 | b[4] << 8 | b[5], 32);
	if (f->op == 0xe3 || f->op == 0xeb)
		f->d2 = sext((uint64_t)b[4] << 12 | ((b[2] & 15) << 8 | b[3]), 20);
}

static struct val reg_read(const struct machine *m, int r)
{
	return m->reg[r];
}

static void reg_write(struct machine *m, int r, struct val v, struct rec *rec)
{
	rec->dst = v;
	if (r == SP)
		rec->frame = true;
	m->reg[r] = v;
}

/* A 32-bit result: bits 0-31 (the high half) keep what they held. */
static void reg_write32(struct machine *m, int r, struct val v, struct rec *rec)
{
	struct val old = m->reg[r];

	if (v.known && old.known)
		v.v = (old.v & ~0xffffffffull) | (v.v & 0xffffffffull);
	else
		v = (struct val){ .global = v.global, .origin = v.origin, .slot = v.slot };
	reg_write(m, r, v, rec);
}

/* A result of size bytes: 4 keeps the high half. */
static void reg_write_sized(struct machine *m, int r, struct val v, int size, struct rec *rec)
{
	if (size == 4)
		reg_write32(m, r, v, rec);
	else
		reg_write(m, r, v, rec);
}

/* D(X,B): register 0 as X or B adds nothing. */
static struct val address(const struct machine *m, int x, int b, int64_t d)
{
	struct val a = known((uint64_t)d);

	if (b) {
		struct val v = reg_read(m, b);

		if (!v.known)
			return (struct val){ .v = v.v + (uint64_t)d };
		a.v += v.v;
	}
	if (x) {
		struct val v = reg_read(m, x);

		if (!v.known)
			return (struct val){ 0 };
		a.v += v.v;
	}
	return a;
}

static const struct hop_image *image_at(const struct hop_core *c, uint64_t a, int size)
{
	for (int i = 0; i < c->w->nimages; i++) {
		const struct hop_image *img = &c->w->images[i];

		if (a >= img->addr && a + size <= img->addr + img->len)
			return img;
	}
	return NULL;
}

static struct val load(struct machine *m, struct val a, int size, struct rec *r)
{
	const struct hop_image *img = a.known ? image_at(&m->c, a.v, size) : NULL;
	struct val v;

	r->mem |= HOP_MEM_LOAD;
	if (!img) {
		v = hop_mem_read(&m->c, a, size, r);
		r->src = v;
		return v;
	}
	/* The literal pool: constants the JIT wrote, kernel addresses. */
	v = known(0);
	for (int i = 0; i < size; i++)
		v.v = v.v << 8 | img->code[a.v - img->addr + i];
	v.global = size == 8;
	v.origin = ++m->c.norigins;
	r->src = v;
	return v;
}

static void store(struct machine *m, struct val a, int size, struct val v, struct rec *r)
{
	r->mem |= HOP_MEM_STORE;
	r->src = v;
	r->dst = v;
	hop_mem_write(&m->c, a, size, v, r);
	if (!r->stack_addr && a.known && hop_in_bss(&m->c, a.v, size))
		m->bss_store = r->dst.global = true;
}

static struct val ext(struct val v, int size, bool sign)
{
	if (!v.known)
		return (struct val){ .global = v.global, .origin = v.origin, .slot = v.slot };
	v.v &= mask(size);
	if (sign)
		v.v = (uint64_t)sext(v.v, size * 8);
	return v;
}

static void compare(struct machine *m, struct val a, struct val b, int size, bool sign)
{
	uint64_t x = a.v & mask(size), y = b.v & mask(size);

	if (!a.known || !b.known) {
		m->cc = -1;
		return;
	}
	if (sign) {
		int64_t sx = sext(x, size * 8), sy = sext(y, size * 8);

		m->cc = sx == sy ? 0 : sx < sy ? 1 : 2;
	} else {
		m->cc = x == y ? 0 : x < y ? 1 : 2;
	}
}

/* The condition code of a signed result (overflow aside). */
static void result_cc(struct machine *m, struct val v, int size)
{
	compare(m, v, known(0), size, true);
}

static int taken(const struct machine *m, int mask4)
{
	if (mask4 == 15)
		return 1;
	if (!mask4)
		return 0;
	if (m->cc < 0)
		return -1;
	return !!(mask4 & (8 >> m->cc));
}

static int call(struct machine *m, int link, struct val target, uint64_t next, struct rec *r)
{
	r->jump = true;
	reg_write(m, link, known(next), r);
	return hop_call(&m->c, &m->frames, target, next);
}

/* A conditional branch: the check of a condition, or a jump if always. */
static int branch(struct machine *m, int mask4, struct val target, struct rec *r)
{
	int t = taken(m, mask4);

	if (!mask4) {
		r->frame = true;	/* a nop: brcl 0, bcr 0 */
		return 0;
	}
	if (mask4 != 15)
		r->check = true;
	if (t <= 0)
		return 0;
	r->jump = true;
	return hop_return(&m->c, &m->frames, target, RET_KERNEL);
}

/* A relative target: the instruction's address plus halfwords. */
static struct val rel(const cs_insn *insn, int64_t halfwords)
{
	return known(insn->address + 2 * halfwords);
}

/* RR and RRE arithmetic; size 4 keeps the high half. */
static struct val arith(unsigned int kind, struct val a, struct val b, int size)
{
	struct val v = { .known = a.known && b.known, .global = a.global || b.global,
			 .origin = a.origin ? a.origin : b.origin, .slot = a.slot };

	switch (kind) {
	case 'a': v.v = a.v + b.v; break;
	case 's': v.v = a.v - b.v; break;
	case 'n': v.v = a.v & b.v; v.known = v.known || (b.known && !b.v); break;
	case 'o': v.v = a.v | b.v; break;
	case 'x': v.v = a.v ^ b.v; break;
	case 'm': v.v = a.v * b.v; break;
	default: v.known = false; break;
	}
	if (v.known)
		v.v &= mask(size);
	else if (!(b.known && (kind == 'a' || kind == 's')))
		v.v = 0;	/* only "unknown plus a constant" keeps its addend */
	else
		v.v = kind == 'a' ? a.v + b.v : a.v - b.v;
	return v;
}

/* The arithmetic of an RR (32-bit) or RRE (B9xx) register pair. */
static unsigned int rr_kind(const struct fields *f, int *size)
{
	static const struct { unsigned int op; char kind; int size; } ops[] = {
		{ 0x1a, 'a', 4 }, { 0x1b, 's', 4 }, { 0x14, 'n', 4 }, { 0x16, 'o', 4 },
		{ 0x17, 'x', 4 }, { 0xb908, 'a', 8 }, { 0xb909, 's', 8 }, { 0xb980, 'n', 8 },
		{ 0xb981, 'o', 8 }, { 0xb982, 'x', 8 }, { 0xb90c, 'm', 8 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i].op == f->key) {
			*size = ops[i].size;
			return ops[i].kind;
		}
	return 0;
}

static void arith_cc(struct machine *m, unsigned int kind, struct val v, int size)
{
	if (kind == 'n' || kind == 'o' || kind == 'x')
		m->cc = v.known ? (v.v & mask(size)) != 0 : -1;
	else if (kind == 'a' || kind == 's')
		result_cc(m, v, size);
	else
		m->cc = -1;
}

/* Loads and stores of RX (4 bytes) and RXY (6 bytes): the access's size,
 * sign extension, a store, and a load that fills only the low 32 bits. */
struct mem_op {
	unsigned int key;
	int size;
	bool sign, st, low;
};

static const struct mem_op *mem_op(const struct fields *f)
{
	static const struct mem_op ops[] = {
		{ 0x58, 4, false, false, true }, { 0x50, 4, false, true, false },
		{ 0x48, 2, true, false, true }, { 0x40, 2, false, true, false },
		{ 0x42, 1, false, true, false }, { 0xe304, 8, false, false, false },
		{ 0xe314, 4, true, false, false }, { 0xe316, 4, false, false, false },
		{ 0xe315, 2, true, false, false }, { 0xe391, 2, false, false, false },
		{ 0xe377, 1, true, false, false }, { 0xe390, 1, false, false, false },
		{ 0xe358, 4, false, false, true }, { 0xe324, 8, false, true, false },
		{ 0xe350, 4, false, true, false }, { 0xe370, 2, false, true, false },
		{ 0xe372, 1, false, true, false }, { 0xe302, 8, true, false, false },
		{ 0xe312, 4, true, false, true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i].key == f->key)
			return &ops[i];
	return NULL;
}

/* ltg, lt: load and test */
static bool load_test(const struct fields *f)
{
	return f->op == 0xe3 && (f->op2 == 0x02 || f->op2 == 0x12);
}

static int step_mem(struct machine *m, const struct fields *f, struct rec *r)
{
	const struct mem_op *op = mem_op(f);
	struct val a, v;

	if (!op)
		return 1;
	a = address(m, f->x2, f->b2, f->d2);
	if (f->b2 == SP)
		r->frame = true;	/* saves, restores, the backchain */
	if (op->st) {
		store(m, a, op->size, ext(reg_read(m, f->r1), op->size, false), r);
		return 0;
	}
	v = ext(load(m, a, op->size, r), op->size, op->sign);
	if (load_test(f)) {
		/* The JIT's only load and test is the tail call's of the slot
		 * it loaded: on the path's last program, the run found it
		 * empty. */
		struct val t = v;

		if (!t.known && hop_last_prog(&m->c))
			t = known(0);
		result_cc(m, t, op->size);
		r->check = true;
	}
	reg_write_sized(m, f->r1, v, op->low ? 4 : 8, r);
	return 0;
}

/* stmg, lmg: registers r1 to r3, 8 bytes each */
static void multiple(struct machine *m, const struct fields *f, bool st, struct rec *r)
{
	struct val a = address(m, 0, f->b2, f->d2);

	r->frame = true;
	r->mem |= st ? HOP_MEM_STORE : HOP_MEM_LOAD;
	for (int k = f->r1;; k = (k + 1) & 15) {
		if (st) {
			hop_mem_write(&m->c, a, 8, m->reg[k], r);
		} else {
			struct val v = hop_mem_read(&m->c, a, 8, r);

			m->reg[k] = v;
		}
		a.v += 8;
		if (k == f->r2)
			break;
	}
}

/* mvc, xc: L bytes at D1(B1) from, or xor, D2(B2) */
static void storage(struct machine *m, const struct fields *f, struct rec *r)
{
	int len = f->b[1] + 1;
	struct val d = address(m, 0, f->b[2] >> 4, (f->b[2] & 15) << 8 | f->b[3]);
	struct val s = address(m, 0, f->b[4] >> 4, (f->b[4] & 15) << 8 | f->b[5]);
	struct val v = { 0 };

	r->mem = HOP_MEM_LOAD | HOP_MEM_STORE;
	if (len != 1 && len != 2 && len != 4 && len != 8) {
		d = (struct val){ 0 };	/* not a value the stack holds */
	} else if (f->op == 0xd7 && d.known && s.known && d.v == s.v) {
		v = known(0);		/* xc of itself: zeroes */
		r->src = v;
	} else if (f->op == 0xd2) {
		v = hop_mem_read(&m->c, s, len, r);
		r->src = v;
	}
	r->dst = v;
	hop_mem_write(&m->c, d, len, v, r);
}

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	uint64_t next = insn->address + insn->size;
	struct fields f;
	struct val a, b, v;
	unsigned int kind;
	int size;

	fields(insn, &f);
	m->bss_store = false;
	if (!step_mem(m, &f, r))
		return 0;
	if (f.len == 2 || f.op == 0xb9) {
		kind = rr_kind(&f, &size);
		if (kind) {
			a = reg_read(m, f.r1);
			b = reg_read(m, f.r2);
			r->src = b;
			v = arith(kind, a, b, size);
			arith_cc(m, kind, v, size);
			reg_write_sized(m, f.r1, v, size, r);
			return 0;
		}
	}
	switch (f.key) {
	case 0x07:	/* bcr m1,r2: r2 0 is a nop */
		r->indirect = f.r2 && c->img;
		return branch(m, f.r2 ? f.r1 : 0, reg_read(m, f.r2), r);
	case 0x0d:	/* basr r1,r2: r2 0 only takes the next address */
		if (!f.r2) {
			reg_write(m, f.r1, known(next), r);
			return 0;
		}
		r->indirect = c->img;
		return call(m, f.r1, reg_read(m, f.r2), next, r);
	case 0x18:	/* lr */
		r->src = reg_read(m, f.r2);
		reg_write32(m, f.r1, r->src, r);
		return 0;
	case 0x12: case 0x19: case 0x15:	/* ltr, cr, clr */
		a = reg_read(m, f.r1);
		b = f.op == 0x12 ? known(0) : reg_read(m, f.r2);
		r->check = f.op != 0x12;
		r->src = a;
		compare(m, a, b, 4, f.op != 0x15);
		if (f.op == 0x12)
			reg_write32(m, f.r1, reg_read(m, f.r2), r);
		return 0;
	case 0x41:	/* la */
		r->frame = f.b2 == SP;
		reg_write(m, f.r1, address(m, f.x2, f.b2, f.d2), r);
		return 0;
	case 0x47:	/* bc m1,d2(x2,b2) */
		r->indirect = (f.x2 || f.b2) && c->img;
		return branch(m, f.r1, address(m, f.x2, f.b2, f.d2), r);
	case 0x88: case 0x89: case 0x8a:	/* srl, sll, sra */
		a = reg_read(m, f.r1);
		b = address(m, 0, f.b2, f.d2);
		v = ext(a, 4, false);
		if (v.known && b.known) {
			b.v &= 63;
			v.v = f.op == 0x88 ? v.v >> b.v : f.op == 0x89 ? v.v << b.v :
			      (uint64_t)(sext(v.v, 32) >> b.v);
		} else {
			v = (struct val){ 0 };
		}
		if (f.op == 0x8a)
			result_cc(m, v, 4);
		reg_write32(m, f.r1, v, r);
		return 0;
	case 0xa704: case 0xc004:	/* brc, brcl */
		return branch(m, f.r1, rel(insn, f.i2), r);
	case 0xa705: case 0xc005:	/* bras, brasl */
		return call(m, f.r1, rel(insn, f.i2), next, r);
	case 0xa708: case 0xa709:	/* lhi, lghi */
		v = known((uint64_t)f.i2);
		reg_write_sized(m, f.r1, v, f.op2 == 8 ? 4 : 8, r);
		return 0;
	case 0xa70a: case 0xa70b:	/* ahi, aghi */
		size = f.op2 == 0xa ? 4 : 8;
		v = arith('a', reg_read(m, f.r1), known((uint64_t)f.i2), size);
		result_cc(m, v, size);
		reg_write_sized(m, f.r1, v, size, r);
		return 0;
	case 0xa70e: case 0xa70f:	/* chi, cghi */
		r->check = true;
		r->src = reg_read(m, f.r1);
		compare(m, r->src, known((uint64_t)f.i2), f.op2 == 0xe ? 4 : 8, true);
		return 0;
	case 0xb904: case 0xb914: case 0xb916: case 0xb902: case 0xb912:
		/* lgr, lgfr, llgfr, ltgr, ltgfr */
		v = reg_read(m, f.r2);
		if (f.op2 == 0x14 || f.op2 == 0x16 || f.op2 == 0x12)
			v = ext(v, 4, f.op2 != 0x16);
		r->src = v;
		r->frame = f.r2 == SP;
		if (f.op2 == 0x02 || f.op2 == 0x12)
			result_cc(m, v, 8);
		reg_write(m, f.r1, v, r);
		return 0;
	case 0xb920: case 0xb921:	/* cgr, clgr */
		r->check = true;
		r->src = reg_read(m, f.r1);
		compare(m, r->src, reg_read(m, f.r2), 8, f.op2 == 0x20);
		return 0;
	case 0xc000:	/* larl */
		reg_write(m, f.r1, rel(insn, f.i2), r);
		return 0;
	case 0xc001:	/* lgfi */
		reg_write(m, f.r1, known((uint64_t)f.i2), r);
		return 0;
	case 0xc009: case 0xc00f:	/* iilf, llilf */
		v = known((uint32_t)f.i2);
		reg_write_sized(m, f.r1, v, f.op2 == 9 ? 4 : 8, r);
		return 0;
	case 0xc00e:	/* llihf */
		reg_write(m, f.r1, known((uint64_t)(uint32_t)f.i2 << 32), r);
		return 0;
	case 0xc00d:	/* oilf */
		v = reg_read(m, f.r1);
		if (v.known)
			v.v |= (uint32_t)f.i2;
		m->cc = v.known ? (v.v & 0xffffffffull) != 0 : -1;
		reg_write(m, f.r1, v, r);
		return 0;
	case 0xc208: case 0xc209:	/* agfi, afi */
		size = f.op2 == 8 ? 8 : 4;
		v = arith('a', reg_read(m, f.r1), known((uint64_t)f.i2), size);
		result_cc(m, v, size);
		reg_write_sized(m, f.r1, v, size, r);
		return 0;
	case 0xc20c: case 0xc20d: case 0xc20e: case 0xc20f:	/* cgfi, cfi, clgfi, clfi */
		r->check = true;
		r->src = reg_read(m, f.r1);
		b = known(f.op2 < 0xe ? (uint64_t)f.i2 : (uint32_t)f.i2);
		compare(m, r->src, b, f.op2 & 1 ? 4 : 8, f.op2 < 0xe);
		return 0;
	case 0xc408: case 0xc40c: case 0xc40d: case 0xc40e:	/* lgrl, lgfrl, lrl, llgfrl */
		size = f.op2 == 8 ? 8 : 4;
		v = ext(load(m, rel(insn, f.i2), size, r), size, f.op2 == 0xc);
		reg_write_sized(m, f.r1, v, f.op2 == 0xd ? 4 : 8, r);
		return 0;
	case 0xe371:	/* lay */
		reg_write(m, f.r1, address(m, f.x2, f.b2, f.d2), r);
		return 0;
	case 0xeb04: case 0xeb24:	/* lmg, stmg */
		multiple(m, &f, f.op2 == 0x24, r);
		return 0;
	case 0xeb0a: case 0xeb0c: case 0xeb0d:	/* srag, srlg, sllg r1,r3,d2(b2) */
		a = reg_read(m, f.r2);
		b = address(m, 0, f.b2, f.d2);
		v = a;
		if (a.known && b.known) {
			b.v &= 63;
			v.v = f.op2 == 0x0c ? a.v >> b.v : f.op2 == 0x0d ? a.v << b.v :
			      (uint64_t)((int64_t)a.v >> b.v);
		} else {
			v = (struct val){ .global = a.global };
		}
		if (f.op2 == 0x0a)
			result_cc(m, v, 8);
		r->src = a;
		reg_write(m, f.r1, v, r);
		return 0;
	case 0xebf8: case 0xebfa: case 0xebe8: case 0xebea:
		/* laa, laal, laag, laalg r1,r3,d2(b2): r1 = old, memory += r3 */
		size = f.op2 >= 0xf8 ? 4 : 8;
		a = address(m, 0, f.b2, f.d2);
		r->mem = HOP_MEM_LOAD | HOP_MEM_STORE;
		v = hop_mem_read(&m->c, a, size, r);
		b = arith('a', v, reg_read(m, f.r2), size);
		hop_mem_write(&m->c, a, size, b, r);
		r->src = v;
		m->cc = -1;
		reg_write_sized(m, f.r1, v, size, r);
		return 0;
	case 0xec64: case 0xec65: case 0xec76: case 0xec77:
		/* cgrj, clgrj, crj, clrj r1,r2,m3,i4 */
		a = reg_read(m, f.r1);
		b = reg_read(m, f.r2);
		r->src = a;
		r->check = true;
		compare(m, a, b, f.op2 >= 0x76 ? 4 : 8, !(f.op2 & 1));
		return branch(m, f.b[4] >> 4, rel(insn, sext(f.b[2] << 8 | f.b[3], 16)), r);
	case 0xec7c: case 0xec7d: case 0xec7e: case 0xec7f:
		/* cgij, clgij, cij, clij r1,i2,m3,i4 */
		a = reg_read(m, f.r1);
		b = known(f.op2 & 1 ? (uint64_t)f.b[4] : (uint64_t)sext(f.b[4], 8));
		r->src = a;
		size = f.op2 >= 0x7e ? 4 : 8;
		compare(m, a, b, size, !(f.op2 & 1));
		/* MAX_TAIL_CALL_CNT - 1: clij %w1,32 after laal of the count */
		if (f.op2 == 0x7f && (b.v == 32 || b.v == 31))
			hop_note_counter(&m->c, a, r);
		r->check = true;
		return branch(m, f.r2, rel(insn, sext(f.b[2] << 8 | f.b[3], 16)), r);
	case 0xd2: case 0xd7:	/* mvc, xc */
		storage(m, &f, r);
		return 0;
	default:
		break;
	}
	if (f.op == 0x00)
		return hop_fail(c, -EINVAL, "the walk ran into an illegal instruction at 0x%llx",
				(unsigned long long)insn->address);
	/* Anything else: its first register operand and the condition code
	 * become unknown. */
	m->reg[f.r1] = (struct val){ 0 };
	m->cc = -1;
	return 0;
}

/*
 * bc m1,d2(x2,b2), which capstone 4 does not decode: the JIT's tail call
 * jumps with it (bc 0xf,tail_call_start(%r1)) where expolines are off.
 * Printed the way capstone prints its other branches.
 */
static bool decode(const uint8_t *code, size_t len, uint64_t addr, cs_insn *insn)
{
	int x2, b2;

	if (len < 4 || code[0] != 0x47)
		return false;
	x2 = code[1] & 15;
	b2 = code[2] >> 4;
	insn->id = 0;
	insn->address = addr;
	insn->size = 4;
	memcpy(insn->bytes, code, 4);
	snprintf(insn->mnemonic, sizeof(insn->mnemonic), "bc");
	if (x2)
		snprintf(insn->op_str, sizeof(insn->op_str), "%d, 0x%x(%%r%d, %%r%d)", code[1] >> 4,
			 (code[2] & 15) << 8 | code[3], x2, b2);
	else
		snprintf(insn->op_str, sizeof(insn->op_str), "%d, 0x%x(%%r%d)", code[1] >> 4,
			 (code[2] & 15) << 8 | code[3], b2);
	return true;
}

static bool stores_bss(struct hop_core *c, const cs_insn *insn, const struct rec *r)
{
	(void)insn;
	(void)r;
	return ((struct machine *)c)->bss_store;
}

static bool is_call(const cs_insn *insn)
{
	unsigned int op = insn->bytes[0];

	/* basr with a target, bras, brasl */
	return (op == 0x0d && (insn->bytes[1] & 15)) ||
	       (op == 0xa7 && (insn->bytes[1] & 15) == 5) ||
	       (op == 0xc0 && (insn->bytes[1] & 15) == 5);
}

/* A call into unreadable text, returned from at once. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[2] = (struct val){ 0 };
	m->cc = -1;
	return m->reg[LINK];
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[SP] = known(SP_ENTRY);
	m->reg[LINK] = known(RET_KERNEL);
	m->cc = -1;
}

/*
 * A kernel address the code loads for an ld_imm64 of a map or map value:
 * the JIT puts every ld_imm64's constant into the image's literal pool and
 * loads it with lgrl into the BPF register (a helper's address goes into
 * w1 the same way): hop_isa's constant.
 */
static bool constant(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
		     size_t n, size_t *k, uint64_t *v)
{
	const uint8_t *b = insn[*k].bytes;
	int r1 = b[1] >> 4;
	uint64_t at;

	(void)c;
	(void)n;
	if (insn[*k].size != 6 || b[0] != 0xc4 || (b[1] & 15) != 8 || r1 == W0 || r1 == W1 ||
	    r1 == LIT)
		return false;
	at = insn[*k].address + 2 * sext((uint64_t)b[2] << 24 | b[3] << 16 | b[4] << 8 | b[5], 32);
	if (at < img->addr || at + 8 > img->addr + img->len)
		return false;
	*v = 0;
	for (int i = 0; i < 8; i++)
		*v = *v << 8 | img->code[at - img->addr + i];
	return true;
}

const struct hop_isa hop_s390x = {
	.name = "s390x", .cs_arch = CS_ARCH_SYSZ, .cs_mode = CS_MODE_BIG_ENDIAN,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .insn_max = 6, .branch = "branch",
	.big_endian = true,
	/* stmg and lmg save and restore registers that may hold a map's
	 * address: the frame's. */
	.frame_first = true,
	.decode = decode, .enter = enter, .step = step, .stores_bss = stores_bss, .is_call = is_call,
	.returned = returned, .constant = constant,
};
