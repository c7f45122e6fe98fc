// SPDX-License-Identifier: GPL-2.0
/*
 * The ppc64el walker of hop/hop.h, on hop_core: an abstract 64-bit POWER
 * machine, little-endian, with r0..r31, LR, CTR and the eight CR fields,
 * each the operands of the compare (or record form) that last set it; a
 * branch on an unknown field falls through (the passing side of the tail
 * call's checks: bge past the bounds and the count, beq past an empty
 * slot).  Semantics come from the instruction word itself (the fields of
 * the ISA's forms), capstone giving the text: capstone 4 drops operands of
 * some extended mnemonics (sldi's shift, a compare's CR field).  Calls leave
 * their return address in LR; the hop a frame was entered in is kept with
 * that address, not on the stack.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/core.h"
#include "hop/ppc64el.h"
#include "load/cs.h"

/* A made-up kernel stack and return into test_run's loop (the walk ends
 * there), in the linear map where the kernel's own lie. */
#define STACK_TOP 0xc000000008200000ull
#define RET_KERNEL 0xc00000000badf00cull
#define SP 1
#define TOC 2
/* The JIT's temporaries TMP_REG_1 and TMP_REG_2: its tail call loads
 * array->ptrs[index] into one of them. */
#define TMP1 9
#define TMP2 10

/* A CR field: the operands of what last set it. */
struct crf {
	bool known, sign;
	uint64_t a, b;
	int size;
	int zero;	/* the register a cmpldi compared with 0, -1: none */
};

struct machine {
	struct hop_core c;
	struct val reg[32], lr, ctr;
	struct crf cr[8];
	struct hop_frames frames;
};

/* A kernel address, as the JIT builds one for a map or a call (the
 * made-up stack aside). */
static bool kernel_addr(uint64_t v)
{
	return v >> 60 == 0xc && (v >= STACK_TOP || v < STACK_TOP - HOP_STACK_SLOTS * 8ull);
}

static uint32_t word(const cs_insn *insn)
{
	return insn->bytes[0] | insn->bytes[1] << 8 | insn->bytes[2] << 16 |
	       (uint32_t)insn->bytes[3] << 24;
}

#define OPCD(w) ((w) >> 26)
#define RT(w) ((int)((w) >> 21) & 31)
#define RA(w) ((int)((w) >> 16) & 31)
#define RB(w) ((int)((w) >> 11) & 31)
#define XO(w) ((int)((w) >> 1) & 0x3ff)
#define SI(w) ((uint64_t)(int64_t)(int16_t)((w) & 0xffff))
#define UI(w) ((uint64_t)((w) & 0xffff))

static void reg_write(struct machine *m, int i, struct val v, struct rec *r)
{
	r->dst = v;
	if (i == SP || i == TOC)
		r->frame = true;
	m->reg[i] = v;
}

/* (RA|0): r0 as a base or addend reads as 0. */
static struct val base(const struct machine *m, int i)
{
	return i ? m->reg[i] : known(0);
}

static void set_cr(struct machine *m, int f, bool sign, struct val a, struct val b, int size)
{
	m->cr[f] = (struct crf){ .known = a.known && b.known, .sign = sign, .a = a.v, .b = b.v,
				 .size = size, .zero = -1 };
}

/* CR bit bi (LT, GT, EQ, SO of field bi / 4); -1: unknown. */
static int cr_bit(const struct machine *m, int bi)
{
	const struct crf *f = &m->cr[bi / 4];
	uint64_t a = f->a, b = f->b;

	if (!f->known || bi % 4 == 3)
		return -1;
	if (f->size == 4) {
		a = f->sign ? (uint64_t)(int64_t)(int32_t)a : (uint32_t)a;
		b = f->sign ? (uint64_t)(int64_t)(int32_t)b : (uint32_t)b;
	}
	switch (bi % 4) {
	case 0: return f->sign ? (int64_t)a < (int64_t)b : a < b;
	case 1: return f->sign ? (int64_t)a > (int64_t)b : a > b;
	default: return a == b;
	}
}

/* A record form's CR0: the result against 0, signed. */
static void record_form(struct machine *m, struct val v)
{
	set_cr(m, 0, true, v, known(0), 8);
}

/* Rotate left, 64 bits. */
static uint64_t rotl(uint64_t v, int n)
{
	n &= 63;
	return n ? v << n | v >> (64 - n) : v;
}

/* The mask of bits mb..me (IBM numbering, 0 the most significant). */
static uint64_t mask_of(int mb, int me)
{
	uint64_t from = ~0ull >> mb, to = ~0ull << (63 - me);

	return mb <= me ? from & to : from | to;
}

/* A value computed from a and b: known when both are; an unknown plus a
 * constant keeps its addend. */
static struct val derive(struct val a, struct val b, uint64_t v, bool addend)
{
	struct val r = { .known = a.known && b.known, .global = a.global || b.global,
			 .slot = a.slot, .origin = a.origin ? a.origin : b.origin };

	r.v = r.known || (addend && b.known) ? v : 0;
	return r;
}

static struct val unknown(struct val a)
{
	return (struct val){ .global = a.global, .origin = a.origin };
}

/* Rotate-and-mask forms (opcodes 21, 30); false: not one. */
static bool rotate(struct machine *m, uint32_t w, struct rec *r)
{
	struct val s = m->reg[RT(w)], v = s;
	int sh, mb, me;
	uint64_t rot, mk;

	if (OPCD(w) == 21) {	/* rlwinm: the low word doubled, rotated */
		sh = RB(w);
		mb = ((w >> 6) & 31) + 32;
		me = ((w >> 1) & 31) + 32;
		rot = rotl((s.v & 0xffffffffull) | s.v << 32, sh);
	} else {
		sh = RB(w) | ((w >> 1) & 1) << 5;
		mb = ((w >> 6) & 31) | ((w >> 5) & 1) << 5;
		rot = rotl(s.v, sh);
		switch ((w >> 2) & 7) {
		case 0: me = 63; break;		/* rldicl */
		case 1: me = mb; mb = 0; break;	/* rldicr */
		case 2: me = 63 - sh; break;	/* rldic */
		default: return false;
		}
	}
	mk = mask_of(mb, me);
	v = derive(s, known(0), rot & mk, false);
	if (!s.known)
		v = unknown(s);
	else if (RA(w) == RT(w))
		r->built = RA(w);	/* sldi, in a run that builds a constant */
	reg_write(m, RA(w), v, r);
	r->src = s;
	if (w & 1)
		record_form(m, v);
	return true;
}

/* A load or store: its size, sign-extended, byte-reversed, with update
 * (RA takes the address), indexed (RA + RB). */
struct access {
	int size;
	bool load, sign, rev, update, indexed;
};

/* By primary opcode, and for opcode 31 (X-form, indexed) by XO; ld, lwa
 * and std (DS-form) by the low bits. */
static const struct {
	int opcd, xo;
	struct access a;
} accesses[] = {
	{ 32, 0, { 4, true } }, { 33, 0, { 4, true, .update = true } },
	{ 34, 0, { 1, true } }, { 35, 0, { 1, true, .update = true } },
	{ 40, 0, { 2, true } }, { 41, 0, { 2, true, .update = true } },
	{ 42, 0, { 2, true, true } }, { 43, 0, { 2, true, true, .update = true } },
	{ 36, 0, { 4, false } }, { 37, 0, { 4, false, .update = true } },
	{ 38, 0, { 1, false } }, { 39, 0, { 1, false, .update = true } },
	{ 44, 0, { 2, false } }, { 45, 0, { 2, false, .update = true } },
	{ 31, 21, { 8, true } }, { 31, 53, { 8, true, .update = true } },
	{ 31, 23, { 4, true } }, { 31, 55, { 4, true, .update = true } },
	{ 31, 87, { 1, true } }, { 31, 279, { 2, true } }, { 31, 343, { 2, true, true } },
	{ 31, 341, { 4, true, true } }, { 31, 532, { 8, true, .rev = true } },
	{ 31, 534, { 4, true, .rev = true } }, { 31, 790, { 2, true, .rev = true } },
	{ 31, 20, { 4, true } }, { 31, 84, { 8, true } },	/* lwarx, ldarx */
	{ 31, 149, { 8, false } }, { 31, 181, { 8, false, .update = true } },
	{ 31, 151, { 4, false } }, { 31, 215, { 1, false } }, { 31, 407, { 2, false } },
	{ 31, 660, { 8, false, .rev = true } }, { 31, 662, { 4, false, .rev = true } },
	{ 31, 918, { 2, false, .rev = true } },
	{ 31, 150, { 4, false } }, { 31, 214, { 8, false } },	/* stwcx., stdcx. */
};

static bool access_of(uint32_t w, struct access *a)
{
	if (OPCD(w) == 58 && (w & 3) != 3) {	/* ld, ldu, lwa */
		*a = (struct access){ (w & 3) == 2 ? 4 : 8, true, (w & 3) == 2, false, (w & 3) == 1 };
		return true;
	}
	if (OPCD(w) == 62 && (w & 3) < 2) {	/* std, stdu */
		*a = (struct access){ 8, false, .update = w & 1 };
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(accesses); i++)
		if (OPCD(w) == (uint32_t)accesses[i].opcd &&
		    (OPCD(w) != 31 || XO(w) == accesses[i].xo)) {
			*a = accesses[i].a;
			a->indexed = OPCD(w) == 31;
			return true;
		}
	return false;
}

static uint64_t bswap(uint64_t v, int size)
{
	uint64_t out = 0;

	for (int i = 0; i < size; i++)
		out |= ((v >> (8 * i)) & 0xff) << (8 * (size - 1 - i));
	return out;
}

static void load_store(struct machine *m, uint32_t w, const struct access *ac, struct rec *r)
{
	struct val b = base(m, RA(w)), a = b, v;
	uint64_t disp = OPCD(w) == 58 || OPCD(w) == 62 ? SI(w & ~3u) : SI(w);

	if (ac->indexed) {
		struct val x = m->reg[RB(w)];

		a = derive(b, x, b.v + x.v, false);
	} else {
		a.v += disp;
	}
	if (!b.known)
		a = (struct val){ 0 };
	r->mem = ac->load ? HOP_MEM_LOAD : HOP_MEM_STORE;
	if (ac->load) {
		v = hop_mem_read(&m->c, a, ac->size, r);
		if (v.known && ac->rev)
			v.v = bswap(v.v, ac->size);
		if (v.known && ac->sign)
			v.v = ac->size == 2 ? (uint64_t)(int64_t)(int16_t)v.v :
					      (uint64_t)(int64_t)(int32_t)v.v;
		r->src = v;
		reg_write(m, RT(w), v, r);
	} else {
		v = m->reg[RT(w)];
		if (v.known && ac->rev)
			v.v = bswap(v.v, ac->size);
		if (v.known)
			v.v &= mask(ac->size);
		r->src = v;
		r->dst = v;
		hop_mem_write(&m->c, a, ac->size, v, r);
		if (!r->stack_addr && a.known && hop_in_bss(&m->c, a.v, 1))
			r->dst.global = true;
		/* stwcx., stdcx.: CR0 says whether it stored. */
		if (XO(w) == 150 || XO(w) == 214)
			m->cr[0].known = false;
	}
	if (ac->update && RA(w))
		m->reg[RA(w)] = a;
	/* Saving and restoring LR's copy and the non-volatile registers, and
	 * the stack pointer's own moves, are the frame's business. */
	if (RA(w) == SP && (RT(w) == 0 || RT(w) >= 14 || ac->update))
		r->frame = true;
}

/* A call into unreadable text, returned from at once. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[3] = (struct val){ 0 };
	return m->lr;
}

/* b, bc, bclr, bcctr, with or without LK. */
static int branch(struct machine *m, const cs_insn *insn, uint32_t w, struct rec *r)
{
	struct hop_core *c = &m->c;
	uint64_t next = insn->address + 4;
	int bo = RT(w), ok = 1;
	bool lk = w & 1;
	struct val to;

	if (OPCD(w) == 18) {
		uint64_t li = (uint64_t)(((int64_t)(w & 0x03fffffc) << 38) >> 38);

		to = known(((w >> 1) & 1 ? 0 : insn->address) + li);
	} else {
		if (!(bo & 4))
			return hop_fail(c, -EINVAL, "a branch that counts down CTR at 0x%llx",
					(unsigned long long)insn->address);
		if (!(bo & 0x10)) {
			int bit = cr_bit(m, RA(w));

			r->check = true;
			ok = bit < 0 ? -1 : bit == ((bo >> 3) & 1);
		}
		if (OPCD(w) == 16)
			to = known(((w >> 1) & 1 ? 0 : insn->address) + SI(w & ~3u));
		else
			to = XO(w) == 16 ? m->lr : m->ctr;
		/* The JIT's tail call loads array->ptrs[index] into a temporary
		 * of its own and takes "beq out" when it is NULL (a BPF program
		 * compares its own registers only): on the path's last program,
		 * the run found that slot empty. */
		if (ok < 0 && OPCD(w) == 16 && RA(w) % 4 == 2 &&
		    (m->cr[RA(w) / 4].zero == TMP1 || m->cr[RA(w) / 4].zero == TMP2) &&
		    hop_last_prog(c))
			ok = (bo >> 3) & 1;
	}
	if (to.known)
		to.v &= ~3ull;
	r->src = to;
	r->jump = !r->check;
	r->indirect = OPCD(w) == 19 && XO(w) == 528 && c->img;
	if (ok <= 0)
		return 0;
	if (lk)
		m->lr = known(next);
	/* An unknown callee is a kernel function the JIT reaches through the
	 * kernel's TOC (r2, which the prologue loads from the paca): its code
	 * is not counted, and the caller goes on. */
	if (lk && !to.known) {
		m->reg[3] = (struct val){ 0 };
		return hop_fail(c, 0, "a call through the kernel's TOC (r2 %c 0x%llx) not counted: "
				"the TOC is not known here", (int64_t)to.v < 0 ? '-' : '+',
				(unsigned long long)((int64_t)to.v < 0 ? -to.v : to.v));
	}
	if (lk)
		return hop_call(c, &m->frames, to, next);
	if (OPCD(w) == 19 && XO(w) == 16)
		return hop_return(c, &m->frames, to, RET_KERNEL);
	return hop_transfer(c, to, T_JUMP);
}

/* Opcode 31's arithmetic and logic; false: not handled here. */
static bool alu31(struct machine *m, uint32_t w, struct rec *r)
{
	struct val s = m->reg[RT(w)], a = m->reg[RA(w)], b = m->reg[RB(w)], v;
	int dst = RA(w), n = b.v & 127;
	uint64_t x;

	switch (XO(w)) {
	/* XO-form: RT = f(RA, RB) */
	case 266:								/* add */
		v = a.known ? b : a;	/* an unknown plus a known keeps its addend */
		v.known = a.known && b.known;
		v.v = v.known || a.known || b.known ? a.v + b.v : 0;
		v.global = a.global || b.global;
		dst = RT(w);
		break;
	case 40: v = derive(b, a, b.v - a.v, false); dst = RT(w); break;		/* subf */
	case 104: v = derive(a, known(0), -a.v, false); dst = RT(w); break;		/* neg */
	case 233: v = derive(a, b, a.v * b.v, false); dst = RT(w); break;		/* mulld */
	case 235:								/* mullw */
		v = derive(a, b, (uint64_t)((int64_t)(int32_t)a.v * (int32_t)b.v), false);
		dst = RT(w);
		break;
	case 457: case 459: case 265: case 267:		/* divdu, divwu, modud, moduw */
		x = XO(w) == 457 || XO(w) == 265 ? b.v : (uint32_t)b.v;
		v = derive(a, b, 0, false);
		v.known = v.known && x;
		if (v.known) {
			uint64_t y = XO(w) == 457 || XO(w) == 265 ? a.v : (uint32_t)a.v;

			v.v = XO(w) == 457 || XO(w) == 459 ? y / x : y % x;
		}
		dst = RT(w);
		break;
	/* X-form: RA = f(RS, RB) */
	case 28: v = derive(s, b, s.v & b.v, false); break;			/* and */
	case 60: v = derive(s, b, s.v & ~b.v, false); break;			/* andc */
	case 444: v = derive(s, b, s.v | b.v, false); break;			/* or, mr */
	case 316: v = derive(s, b, s.v ^ b.v, false); break;			/* xor */
	case 124: v = derive(s, b, ~(s.v | b.v), false); break;		/* nor */
	case 27: v = derive(s, b, n > 63 ? 0 : s.v << n, false); break;		/* sld */
	case 539: v = derive(s, b, n > 63 ? 0 : s.v >> n, false); break;	/* srd */
	case 794:								/* srad */
		v = derive(s, b, (uint64_t)((int64_t)s.v >> (n > 63 ? 63 : n)), false);
		break;
	case 24: n &= 63; v = derive(s, b, n > 31 ? 0 : (uint32_t)(s.v << n), false); break; /* slw */
	case 536: n &= 63; v = derive(s, b, n > 31 ? 0 : (uint32_t)s.v >> n, false); break;  /* srw */
	case 986: v = derive(s, known(0), (uint64_t)(int64_t)(int32_t)s.v, false); break; /* extsw */
	case 922: v = derive(s, known(0), (uint64_t)(int64_t)(int16_t)s.v, false); break; /* extsh */
	case 954: v = derive(s, known(0), (uint64_t)(int64_t)(int8_t)s.v, false); break;  /* extsb */
	default:
		if (OPCD(w) == 31 && ((w >> 2) & 0x1ff) == 413) {	/* sradi */
			n = RB(w) | ((w >> 1) & 1) << 5;
			v = derive(s, known(0), (uint64_t)((int64_t)s.v >> n), false);
			break;
		}
		return false;
	}
	if (!v.known && XO(w) != 266)
		v = unknown(v);
	r->src = dst == RT(w) ? a : s;
	reg_write(m, dst, v, r);
	if (w & 1)
		record_form(m, v);
	return true;
}

/* The immediate forms that build a register from a constant or another. */
static bool alu_imm(struct machine *m, uint32_t w, struct rec *r)
{
	struct val a = base(m, RA(w)), s = m->reg[RT(w)], v;
	int dst = RA(w);

	switch (OPCD(w)) {
	case 14: case 15:	/* addi, addis (li, lis) */
		v = OPCD(w) == 14 ? known(SI(w)) : known(SI(w) << 16);
		if (!RA(w)) {
			v.origin = ++m->c.norigins;
			v.global = kernel_addr(v.v);
			r->built = RT(w);
		} else {
			uint64_t k = v.v;

			v = a;
			v.v += k;
			/* A stack address: the frame pointer's, or a slot's. */
			r->frame = RA(w) == SP;
		}
		dst = RT(w);
		break;
	case 7:			/* mulli: RA is a register here, r0 included */
		a = m->reg[RA(w)];
		v = derive(a, known(SI(w)), a.v * SI(w), false);
		if (!v.known)
			v = unknown(v);
		dst = RT(w);
		break;
	case 24: case 25: case 26: case 27: case 28: case 29: {
		uint64_t k = OPCD(w) & 1 ? UI(w) << 16 : UI(w);

		if (OPCD(w) <= 25)
			v = derive(s, known(k), s.v | k, false);
		else if (OPCD(w) <= 27)
			v = derive(s, known(k), s.v ^ k, false);
		else
			v = derive(s, known(k), s.v & k, false);
		if (!v.known)
			v = unknown(s);
		if (OPCD(w) <= 25 && v.known) {
			v.global = kernel_addr(v.v);
			r->built = dst;
		}
		if (OPCD(w) >= 28)
			record_form(m, v);
		r->src = s;
		break;
	}
	default:
		return false;
	}
	reg_write(m, dst, v, r);
	return true;
}

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	uint32_t w = word(insn);
	struct access ac;
	struct val a, b;
	int spr;

	if (w == 0x60000000) {	/* nop */
		r->frame = true;
		return 0;
	}
	if (access_of(w, &ac)) {
		load_store(m, w, &ac, r);
		return 0;
	}
	switch (OPCD(w)) {
	case 16: case 18:
		return branch(m, insn, w, r);
	case 19:
		if (XO(w) == 16 || XO(w) == 528)
			return branch(m, insn, w, r);
		if (XO(w) == 150)	/* isync */
			return 0;
		break;
	case 10: case 11:	/* cmpli, cmpi */
		a = m->reg[RA(w)];
		b = known(OPCD(w) == 11 ? SI(w) : UI(w));
		r->check = true;
		r->src = a;
		set_cr(m, (w >> 23) & 7, OPCD(w) == 11, a, b, (w >> 21) & 1 ? 8 : 4);
		if (OPCD(w) == 10 && !b.v && ((w >> 21) & 1))
			m->cr[(w >> 23) & 7].zero = RA(w);
		if (OPCD(w) == 10 && HOP_TAIL_CALL_CNT(b.v))
			hop_note_counter(c, a, r);
		return 0;
	case 21: case 30:
		if (rotate(m, w, r))
			return 0;
		break;
	case 31:
		if (XO(w) == 0 || XO(w) == 32) {	/* cmp, cmpl */
			a = m->reg[RA(w)];
			b = m->reg[RB(w)];
			r->check = true;
			r->src = a;
			set_cr(m, (w >> 23) & 7, XO(w) == 0, a, b, (w >> 21) & 1 ? 8 : 4);
			return 0;
		}
		if (XO(w) == 339 || XO(w) == 467) {	/* mfspr, mtspr */
			spr = RA(w) | RB(w) << 5;
			if (spr != 8 && spr != 9)
				break;
			if (XO(w) == 339) {
				reg_write(m, RT(w), spr == 8 ? m->lr : m->ctr, r);
				r->frame = spr == 8;
			} else if (spr == 8) {
				m->lr = m->reg[RT(w)];
				r->frame = true;
			} else {
				m->ctr = m->reg[RT(w)];
				r->src = m->ctr;
				r->jump = true;
			}
			return 0;
		}
		if (XO(w) == 598)	/* sync, lwsync */
			return 0;
		if (alu31(m, w, r))
			return 0;
		break;
	default:
		if (alu_imm(m, w, r))
			return 0;
		break;
	}
	if (w == 0 || OPCD(w) == 2 || OPCD(w) == 3 || (OPCD(w) == 31 && XO(w) == 4))
		return hop_fail(c, -EINVAL, "the walk ran into a trap at 0x%llx",
				(unsigned long long)insn->address);
	/* Anything else: what it writes becomes unknown. */
	{
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (!cs_regs_access(c->cs, insn, rd, &nrd, wr, &nwr)) {
			for (int i = 0; i < nwr; i++)
				if (wr[i] >= PPC_REG_R0 && wr[i] <= PPC_REG_R31 && wr[i] != PPC_REG_R1)
					m->reg[wr[i] - PPC_REG_R0] = (struct val){ 0 };
		} else {
			/* Its RT and RA fields, never the stack pointer. */
			for (int i = 0; i < 2; i++)
				if ((i ? RA(w) : RT(w)) != 1)
					m->reg[i ? RA(w) : RT(w)] = (struct val){ 0 };
		}
		for (int i = 0; i < 8; i++)
			m->cr[i].known = false;
	}
	return 0;
}

/* A kernel address is known as one once its last ori is in: the whole
 * run of instructions that built it is the hop's work. */
static void recorded(struct hop_core *c, const cs_insn *insn, int tag)
{
	int reg = c->nrecs ? c->recs[c->nrecs - 1].built : -1;

	(void)insn;
	if (tag != c->keep || reg < 0 || !c->recs[c->nrecs - 1].dst.global)
		return;
	for (int i = c->nrecs - 2; i >= 0 && c->recs[i].built == reg; i--) {
		c->recs[i].dst.global = true;
		if (!strncmp(c->recs[i].text, "li", 2))
			break;	/* the li or lis that began it */
	}
}

static bool is_call(const cs_insn *insn)
{
	uint32_t w = word(insn);

	return (w & 1) && (OPCD(w) == 18 || OPCD(w) == 16 ||
			   (OPCD(w) == 19 && (XO(w) == 16 || XO(w) == 528)));
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[SP] = known(STACK_TOP - 512);
	m->lr = known(RET_KERNEL);
}

/* The BPF registers the JIT maps to (an ld_imm64 loads one): r3..r8 and
 * r27..r31; r9..r12 are its own temporaries (calls, blinding). */
static bool is_bpf_reg(int i)
{
	return (i >= 3 && i <= 8) || i >= 27;
}

/*
 * A kernel address the code builds into a BPF register (the JIT's li/lis,
 * ori, sldi, oris, ori run for an ld_imm64 of a map or map value):
 * hop_isa's constant.
 */
static bool constant(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
		     size_t n, size_t *k, uint64_t *v)
{
	struct machine *m = (struct machine *)c;
	uint32_t w = word(&insn[*k]);
	struct rec r = { .built = -1 };
	int dst = RT(w);

	(void)img;
	/* A run: li or lis, then ori, sldi, oris into the same register. */
	if ((OPCD(w) != 14 && OPCD(w) != 15) || RA(w))
		return false;
	alu_imm(m, w, &r);
	for (; *k + 1 < n; ++*k) {
		uint32_t x = word(&insn[*k + 1]);
		bool more = (OPCD(x) == 24 || OPCD(x) == 25) && RT(x) == dst && RA(x) == dst;

		more = more || (OPCD(x) == 30 && ((x >> 2) & 7) == 1 && RT(x) == dst &&
				RA(x) == dst);
		if (!more)
			break;
		step(c, &insn[*k + 1], &r);
	}
	*v = m->reg[dst].v;
	return is_bpf_reg(dst) && m->reg[dst].known && kernel_addr(*v);
}

const struct hop_isa hop_ppc64el = {
	.name = "ppc64el", .cs_arch = CS_ARCH_PPC, .cs_mode = CS_MODE_64 | CS_MODE_LITTLE_ENDIAN,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .insn_max = 4, .branch = "branch",
	/* As arm64: saves and restores move registers that may hold a map's
	 * address, and the counter is followed through its loads; where the
	 * JIT takes tail calls from subprograms (7.2), a frame may hold the
	 * counter's address instead of the counter. */
	.origins = true, .counter_address = true, .frame_first = true,
	.enter = enter, .step = step, .stores_bss = hop_stores_bss, .is_call = is_call,
	.returned = returned, .recorded = recorded, .constant = constant,
};
