// SPDX-License-Identifier: GPL-2.0
/*
 * The 32-bit Arm walker of hop/hop.h, on hop_core: an abstract A32 machine
 * over capstone's ARM mode, with r0..r15 (values masked to 32 bits), NZCV
 * of the last flag-setting instruction, and any instruction conditional.
 * One whose condition is unknown has what it writes unknown; a branch on an
 * unknown condition falls through (the passing side of the tail call's
 * checks: bhs past the bounds and the count, beq past an empty slot).  The
 * stack is kept a word a slot, as the JIT saves and moves it.  Calls leave
 * their return address in lr; the hop a frame was entered in is kept with
 * that address.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/armhf.h"
#include "hop/core.h"
#include "load/cs.h"

/* Made up, below every kernel address (3G/1G split: the kernel's modules,
 * the JIT's images among them, begin 16 MiB below 0xc0000000; maps lie in
 * lowmem or vmalloc, which ends at 0xff800000, above which a word is more
 * likely a small negative number). */
#define STACK_TOP 0x7ff00000ull
/* lr on entry: the return into the kernel's test_run loop ends the walk. */
#define RET_KERNEL 0x0badf00cull
#define KERNEL_LO 0xbf000000ull
#define KERNEL_HI 0xff800000ull
#define NREGS 16
#define SP 13
#define LR 14
#define PC 15
#define WORD 0xffffffffull

struct flags {
	bool known, n, z, c, v;
};

struct machine {
	struct hop_core c;
	struct val reg[NREGS];
	struct flags fl;
	/* The register the last instruction loaded from a register-indexed
	 * word (the tail call's array->ptrs[index]), -1: none. */
	int ptrs, loaded;
	bool to_bss;		/* the last instruction stored into .bss */
	struct hop_frames frames;
};

/* A kernel address, as the JIT builds one for a map or a helper. */
static bool kernel_addr(uint64_t v)
{
	return v >= KERNEL_LO && v < KERNEL_HI;
}

static int ridx(unsigned int r)
{
	if (r >= ARM_REG_R0 && r <= ARM_REG_R12)
		return r - ARM_REG_R0;
	switch (r) {
	case ARM_REG_SP: return SP;
	case ARM_REG_LR: return LR;
	case ARM_REG_PC: return PC;
	default: return -1;
	}
}

static struct val reg_read(const struct machine *m, unsigned int r, uint64_t pc)
{
	int i = ridx(r);

	if (i == PC)
		return known((pc + 8) & WORD);	/* A32 reads pc two instructions on */
	return i < 0 ? (struct val){ 0 } : m->reg[i];
}

static void reg_write(struct machine *m, int i, struct val v, struct rec *r)
{
	if (i < 0)
		return;
	if (v.known)
		v.v &= WORD;
	r->dst = v;
	if (i == SP || (i == 11 && !v.global))
		r->frame = true;
	m->reg[i] = v;
}

/* A value shifted as its operand says; unknown stays unknown. */
static struct val shifted(const struct machine *m, struct val v, const cs_arm_op *op,
			  uint64_t pc)
{
	unsigned int n = op->shift.value;
	uint32_t x = v.v;

	if (!op->shift.type)
		return v;
	if (op->shift.type >= ARM_SFT_ASR_REG) {
		struct val s = reg_read(m, n, pc);

		if (!s.known)
			return (struct val){ .global = v.global };
		n = s.v & 0xff;
	}
	if (!v.known)
		return (struct val){ .global = v.global };
	switch (op->shift.type) {
	case ARM_SFT_LSL: case ARM_SFT_LSL_REG: x = n >= 32 ? 0 : x << n; break;
	case ARM_SFT_LSR: case ARM_SFT_LSR_REG: x = n >= 32 ? 0 : x >> n; break;
	case ARM_SFT_ASR: case ARM_SFT_ASR_REG:
		x = (uint32_t)((int32_t)x >> (n >= 32 ? 31 : n));
		break;
	case ARM_SFT_ROR: case ARM_SFT_ROR_REG:
		n &= 31;
		x = n ? x >> n | x << (32 - n) : x;
		break;
	default: return (struct val){ .global = v.global };	/* rrx: the carry */
	}
	v.v = x;
	return v;
}

static struct val read_op(const struct machine *m, const cs_arm_op *op, uint64_t pc)
{
	if (op->type == ARM_OP_IMM)
		return known((uint32_t)op->imm);
	if (op->type == ARM_OP_REG)
		return shifted(m, reg_read(m, op->reg, pc), op, pc);
	return (struct val){ 0 };
}

/* The address a memory operand names (its base before a post-index). */
static struct val address(const struct machine *m, const cs_arm_op *op, bool post, uint64_t pc)
{
	struct val a = reg_read(m, op->mem.base, pc);

	if (!a.known)
		return (struct val){ 0 };
	if (op->mem.index != ARM_REG_INVALID) {
		struct val x = shifted(m, reg_read(m, op->mem.index, pc), op, pc);

		if (!x.known)
			return (struct val){ 0 };
		a.v = op->subtracted ? a.v - x.v : a.v + x.v;
	}
	if (!post)
		a.v += (int64_t)op->mem.disp;
	a.v &= WORD;
	return a;
}

static int access_size(unsigned int id)
{
	switch (id) {
	case ARM_INS_LDRB: case ARM_INS_LDRSB: case ARM_INS_STRB: return 1;
	case ARM_INS_LDRH: case ARM_INS_LDRSH: case ARM_INS_STRH: return 2;
	default: return 4;
	}
}

static bool is_store(unsigned int id)
{
	switch (id) {
	case ARM_INS_STR: case ARM_INS_STRB: case ARM_INS_STRH: case ARM_INS_STRD:
		return true;
	default:
		return false;
	}
}

static bool is_load(unsigned int id)
{
	switch (id) {
	case ARM_INS_LDR: case ARM_INS_LDRB: case ARM_INS_LDRH: case ARM_INS_LDRSB:
	case ARM_INS_LDRSH: case ARM_INS_LDRD:
		return true;
	default:
		return false;
	}
}

static int ret(struct machine *m, struct val target);

/*
 * ldr/str and their byte, halfword and dual forms, with a pre- or
 * post-indexed base update.  run: 1 executes, -1 executes with an unknown
 * condition (what it writes is unknown).
 */
static int load_store(struct machine *m, const cs_insn *insn, struct rec *r, int run)
{
	const cs_arm *x = &insn->detail->arm;
	int nregs = insn->id == ARM_INS_LDRD || insn->id == ARM_INS_STRD ? 2 : 1;
	const cs_arm_op *mop = &x->operands[nregs];
	bool post = x->op_count > nregs + 1;
	struct val a = address(m, mop, post, insn->address);
	int size = access_size(insn->id), base = ridx(mop->mem.base);
	bool load = is_load(insn->id);
	struct val pc_to = { 0 };
	bool to_pc = false, global = false;

	if (load && base >= 0 && mop->mem.index != ARM_REG_INVALID && mop->shift.type == ARM_SFT_LSL &&
	    mop->shift.value == 2)
		m->loaded = ridx(x->operands[0].reg);
	for (int k = 0; k < nregs; k++) {
		int rg = ridx(x->operands[k].reg);
		struct val at = a;

		at.v += k * size;
		if (load) {
			struct val v = hop_mem_read(&m->c, at, size, r);

			if (v.known && insn->id == ARM_INS_LDRSB)
				v.v = (uint32_t)(int8_t)v.v;
			if (v.known && insn->id == ARM_INS_LDRSH)
				v.v = (uint32_t)(int16_t)v.v;
			if (run < 0)
				v = (struct val){ 0 };
			r->src = v;
			global |= v.global;
			if (rg == PC) {
				to_pc = true;
				pc_to = v;
			} else {
				reg_write(m, rg, v, r);
			}
		} else {
			struct val v = reg_read(m, x->operands[k].reg, insn->address);

			if (v.known)
				v.v &= mask(size);
			r->src = v;
			r->dst = v;
			global |= v.global;
			hop_mem_write(&m->c, at, size, run < 0 ? (struct val){ 0 } : v, r);
		}
	}
	if (x->writeback && base >= 0) {
		struct val b = reg_read(m, mop->mem.base, insn->address);

		if (b.known && post) {
			struct val off = read_op(m, &x->operands[nregs + 1], insn->address);

			b = off.known ? known((x->operands[nregs + 1].subtracted && off.v ?
						       b.v - off.v : b.v + off.v) & WORD) :
					(struct val){ 0 };
		} else if (b.known) {
			b = a;
		}
		m->reg[base] = run < 0 ? (struct val){ 0 } : b;
	}
	/* A pair moves a 64-bit BPF register: the pointer is one word. */
	r->src.global |= global;
	r->dst.global |= global;
	if (base == SP)
		r->frame = true;
	m->to_bss = !load && !r->stack_addr && a.known && hop_in_bss(&m->c, a.v, 1);
	r->dst.global |= m->to_bss;
	if (to_pc) {
		r->jump = true;
		return ret(m, pc_to);
	}
	return 0;
}

/* ldm/stm and push/pop: registers in ascending order at ascending words. */
static int block(struct machine *m, const cs_insn *insn, struct rec *r, int run)
{
	const cs_arm *x = &insn->detail->arm;
	bool push = insn->id == ARM_INS_PUSH, pop = insn->id == ARM_INS_POP;
	int first = push || pop ? 0 : 1, n = x->op_count - first;
	unsigned int base = push || pop ? ARM_REG_SP : (unsigned int)x->operands[0].reg;
	struct val b = reg_read(m, base, insn->address), a = b, vals[NREGS], pc_to = { 0 };
	bool load, to_pc = false, base_loaded = false;
	uint64_t lo = b.v, end = b.v;

	switch (insn->id) {
	case ARM_INS_PUSH: case ARM_INS_STMDB: case ARM_INS_LDMDB:
		lo = b.v - 4 * n;
		end = lo;
		break;
	case ARM_INS_POP: case ARM_INS_LDM: case ARM_INS_STM:
		end = b.v + 4 * n;
		break;
	case ARM_INS_STMIB: case ARM_INS_LDMIB:
		lo = b.v + 4;
		end = b.v + 4 * n;
		break;
	case ARM_INS_STMDA: case ARM_INS_LDMDA:
		lo = b.v - 4 * n + 4;
		end = b.v - 4 * n;
		break;
	default:
		return hop_fail(&m->c, -EINVAL, "%s at 0x%llx: a block transfer not modelled",
				insn->mnemonic, (unsigned long long)insn->address);
	}
	load = pop || insn->id == ARM_INS_LDM || insn->id == ARM_INS_LDMDB ||
	       insn->id == ARM_INS_LDMIB || insn->id == ARM_INS_LDMDA;
	r->mem = push ? HOP_MEM_STACK_STORE : pop ? HOP_MEM_STACK_LOAD :
		 load ? HOP_MEM_LOAD : HOP_MEM_STORE;
	r->frame = true;
	for (int k = 0; k < n && k < NREGS; k++) {
		unsigned int rg = x->operands[first + k].reg;

		a = b.known ? known((lo + 4 * k) & WORD) : (struct val){ 0 };
		if (load) {
			vals[k] = hop_mem_read(&m->c, a, 4, r);
			if (run < 0)
				vals[k] = (struct val){ 0 };
		} else {
			struct val v = reg_read(m, rg, insn->address);

			hop_mem_write(&m->c, a, 4, run < 0 ? (struct val){ 0 } : v, r);
		}
	}
	for (int k = 0; load && k < n && k < NREGS; k++) {
		int i = ridx(x->operands[first + k].reg);

		if (i == PC) {
			to_pc = true;
			pc_to = vals[k];
		} else {
			base_loaded |= i == ridx(base);
			reg_write(m, i, vals[k], r);
		}
	}
	if ((push || pop || x->writeback) && !base_loaded)
		m->reg[ridx(base)] = b.known && run > 0 ? known(end & WORD) : (struct val){ 0 };
	if (to_pc) {
		r->jump = true;
		return ret(m, pc_to);
	}
	return 0;
}

static void flags_nz(struct machine *m, uint32_t res)
{
	m->fl.n = res >> 31;
	m->fl.z = !res;
}

/* a + b + carry, as the adder sets the flags. */
static uint32_t adder(struct machine *m, uint32_t a, uint32_t b, bool carry, bool sets)
{
	uint64_t s = (uint64_t)a + b + carry;
	uint32_t res = s;

	if (sets) {
		flags_nz(m, res);
		m->fl.c = s >> 32;
		m->fl.v = (~(a ^ b) & (a ^ res)) >> 31;
	}
	return res;
}

/* A condition on the last flags; -1: unknown. */
static int cond(const struct machine *m, arm_cc cc)
{
	if (cc == ARM_CC_AL || cc == ARM_CC_INVALID)
		return 1;
	if (!m->fl.known)
		return -1;
	switch (cc) {
	case ARM_CC_EQ: return m->fl.z;
	case ARM_CC_NE: return !m->fl.z;
	case ARM_CC_HS: return m->fl.c;
	case ARM_CC_LO: return !m->fl.c;
	case ARM_CC_MI: return m->fl.n;
	case ARM_CC_PL: return !m->fl.n;
	case ARM_CC_VS: return m->fl.v;
	case ARM_CC_VC: return !m->fl.v;
	case ARM_CC_HI: return m->fl.c && !m->fl.z;
	case ARM_CC_LS: return !m->fl.c || m->fl.z;
	case ARM_CC_GE: return m->fl.n == m->fl.v;
	case ARM_CC_LT: return m->fl.n != m->fl.v;
	case ARM_CC_GT: return !m->fl.z && m->fl.n == m->fl.v;
	case ARM_CC_LE: return m->fl.z || m->fl.n != m->fl.v;
	default: return -1;
	}
}

/* Whether insn sets the flags: capstone 4 says so of every adc, sbc and
 * rsc, which set them only as adcs, sbcs and rscs. */
static bool sets_flags(const cs_insn *insn)
{
	switch (insn->id) {
	case ARM_INS_ADC: case ARM_INS_SBC: case ARM_INS_RSC:
		return insn->mnemonic[3] == 's';
	default:
		return insn->detail->arm.update_flags;
	}
}

/*
 * Data processing: dst = a OP b (mov, mvn: dst = b), or flags only (cmp,
 * cmn, tst, teq); only "unknown plus a constant" keeps its addend.
 */
static int data(struct machine *m, const cs_insn *insn, struct rec *r, int run)
{
	const cs_arm *x = &insn->detail->arm;
	const cs_arm_op *op = x->operands;
	unsigned int id = insn->id;
	bool compare = id == ARM_INS_CMP || id == ARM_INS_CMN || id == ARM_INS_TST ||
		       id == ARM_INS_TEQ;
	/* mov, mvn, and a shift by a constant (capstone's "lsl r0, r1, #3":
	 * two operands, the second shifted) take one source */
	bool unary = !compare && x->op_count == 2;
	bool sets = sets_flags(insn), flags_known = m->fl.known, carry = m->fl.c;
	struct val a = compare ? read_op(m, &op[0], insn->address) :
			 unary ? known(0) : read_op(m, &op[1], insn->address);
	struct val b = read_op(m, &op[compare || unary ? 1 : 2], insn->address);
	struct val v = { .known = a.known && b.known, .global = a.global || b.global,
			 .slot = unary ? b.slot : a.slot,
			 .origin = unary ? b.origin : a.origin ? a.origin : b.origin };
	bool arith = false;

	switch (id) {
	case ARM_INS_MOV: case ARM_INS_LSL: case ARM_INS_LSR: case ARM_INS_ASR: case ARM_INS_ROR:
		if (x->op_count == 3) {	/* a shift by a register */
			struct val n = read_op(m, &op[2], insn->address);
			cs_arm_op as = op[1];

			as.shift.type = id == ARM_INS_LSL ? ARM_SFT_LSL : id == ARM_INS_LSR ?
					ARM_SFT_LSR : id == ARM_INS_ASR ? ARM_SFT_ASR : ARM_SFT_ROR;
			as.shift.value = n.v & 0xff;
			a = read_op(m, &op[1], insn->address);
			v = n.known ? shifted(m, a, &as, insn->address) : (struct val){ .global = a.global };
			v.slot = a.slot;
			v.origin = a.origin;
			break;
		}
		v = b;
		break;
	case ARM_INS_MVN: v = b; v.v = ~b.v; v.known = b.known; break;
	case ARM_INS_ADD: case ARM_INS_CMN: v.v = adder(m, a.v, b.v, false, sets && v.known); arith = true; break;
	case ARM_INS_ADC: v.v = adder(m, a.v, b.v, carry, sets && v.known); v.known &= flags_known; arith = true; break;
	case ARM_INS_SUB: case ARM_INS_CMP: v.v = adder(m, a.v, ~b.v, true, sets && v.known); arith = true; break;
	case ARM_INS_SBC: v.v = adder(m, a.v, ~b.v, carry, sets && v.known); v.known &= flags_known; arith = true; break;
	case ARM_INS_RSB: v.v = adder(m, b.v, ~a.v, true, sets && v.known); arith = true; break;
	case ARM_INS_AND: case ARM_INS_TST: v.v = a.v & b.v; v.known |= b.known && !b.v; break;
	case ARM_INS_ORR: v.v = a.v | b.v; break;
	case ARM_INS_EOR: case ARM_INS_TEQ: v.v = a.v ^ b.v; break;
	case ARM_INS_BIC: v.v = a.v & ~b.v; break;
	case ARM_INS_MUL: v.v = a.v * b.v; break;
	default: v.known = false; break;
	}
	if (sets) {
		/* Logical ops set N and Z; their carry comes from the shifter,
		 * unknown here when an operand is shifted. */
		if (!arith && v.known)
			flags_nz(m, v.v);
		m->fl.known = v.known && run > 0 && (arith || (flags_known && !op[x->op_count - 1].shift.type));
	}
	if (compare) {
		r->check = true;
		r->src = a;
		/* MAX_TAIL_CALL_CNT's low word. */
		if (id == ARM_INS_CMP && b.known && HOP_TAIL_CALL_CNT(b.v))
			hop_note_counter(&m->c, a, r);
		/* The tail call's check of the slot it loaded: on the path's
		 * last program, the run found that slot empty. */
		if (id == ARM_INS_CMP && b.known && !b.v && !a.known && m->ptrs >= 0 &&
		    op[0].type == ARM_OP_REG && ridx(op[0].reg) == m->ptrs && hop_last_prog(&m->c)) {
			m->fl = (struct flags){ .known = true, .z = true, .c = true };
		}
		return 0;
	}
	if (v.known)
		v.v &= WORD;
	else if (!(b.known && !unary && (id == ARM_INS_ADD || id == ARM_INS_SUB)))
		v.v = 0;
	else if (id == ARM_INS_SUB)
		v.v = a.v - b.v;
	else
		v.v = a.v + b.v;
	r->src = unary ? b : a;
	if (run < 0)
		v = (struct val){ .global = v.global };
	if (ridx(op[0].reg) == PC) {
		r->jump = true;
		return ret(m, v);
	}
	reg_write(m, ridx(op[0].reg), v, r);
	return 0;
}

/* A call into unreadable text, returned from at once: what the calling
 * convention lets it change is unknown. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	for (int i = 0; i <= 3; i++)
		m->reg[i] = (struct val){ 0 };
	m->reg[12] = (struct val){ 0 };
	m->fl.known = false;
	return m->reg[LR];
}

/* A return, or a jump through a register: to a frame's return address it
 * returns into that frame's hop. */
static int ret(struct machine *m, struct val target)
{
	return hop_return(&m->c, &m->frames, target, RET_KERNEL);
}

static int branch(struct machine *m, const cs_insn *insn, struct rec *r, int run)
{
	const cs_arm *x = &insn->detail->arm;
	struct val to = read_op(m, &x->operands[0], insn->address);
	bool reg = x->operands[0].type == ARM_OP_REG;

	r->check = x->cc != ARM_CC_AL;
	r->jump = !r->check;
	r->src = to;
	if (run <= 0)
		return 0;	/* an unknown condition falls through */
	if (insn->id == ARM_INS_BL || insn->id == ARM_INS_BLX) {
		r->indirect = reg && m->c.img;
		m->reg[LR] = known(insn->address + 4);
		return hop_call(&m->c, &m->frames, to, insn->address + 4);
	}
	if (insn->id == ARM_INS_BX) {
		r->indirect = m->c.img && ridx(x->operands[0].reg) != LR;
		return ret(m, to);
	}
	return hop_transfer(&m->c, to, T_JUMP);
}

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	const cs_arm *x = &insn->detail->arm;
	int run = cond(m, x->cc), err = 0;
	unsigned int id = insn->id;

	m->ptrs = m->loaded;
	m->loaded = -1;
	m->to_bss = false;
	if (is_load(id) || is_store(id)) {
		/* One whose condition failed accesses nothing. */
		if (!run)
			return 0;
		r->mem = is_load(id) ? HOP_MEM_LOAD : HOP_MEM_STORE;
		return load_store(m, insn, r, run);
	}
	switch (id) {
	case ARM_INS_PUSH: case ARM_INS_POP: case ARM_INS_LDM: case ARM_INS_LDMDB:
	case ARM_INS_LDMIB: case ARM_INS_LDMDA: case ARM_INS_STM: case ARM_INS_STMDB:
	case ARM_INS_STMIB: case ARM_INS_STMDA:
		if (!run) {
			r->frame = true;
			return 0;
		}
		return block(m, insn, r, run);
	case ARM_INS_B: case ARM_INS_BL: case ARM_INS_BLX: case ARM_INS_BX:
		return branch(m, insn, r, run);
	case ARM_INS_NOP: case ARM_INS_HINT:
		r->frame = true;
		return 0;
	case ARM_INS_UDF: case ARM_INS_BKPT: case ARM_INS_TRAP:
		return hop_fail(c, -EINVAL, "the walk ran into a trap at 0x%llx",
				(unsigned long long)insn->address);
	case ARM_INS_MOVW: case ARM_INS_MOVT: {
		int i = ridx(x->operands[0].reg);
		struct val v = id == ARM_INS_MOVW ? known((uint32_t)x->operands[1].imm) : m->reg[i];

		if (!run)
			return 0;
		if (id == ARM_INS_MOVT && v.known)
			v.v = (v.v & 0xffff) | (uint64_t)(x->operands[1].imm & 0xffff) << 16;
		if (id == ARM_INS_MOVW)
			v.origin = ++m->c.norigins;
		v.global = v.known && kernel_addr(v.v);
		r->built = i;
		reg_write(m, i, run < 0 ? (struct val){ 0 } : v, r);
		return 0;
	}
	case ARM_INS_MOV: case ARM_INS_MVN: case ARM_INS_ADD: case ARM_INS_ADC: case ARM_INS_SUB:
	case ARM_INS_SBC: case ARM_INS_RSB: case ARM_INS_AND: case ARM_INS_ORR: case ARM_INS_EOR:
	case ARM_INS_BIC: case ARM_INS_MUL: case ARM_INS_LSL: case ARM_INS_LSR: case ARM_INS_ASR:
	case ARM_INS_ROR: case ARM_INS_CMP: case ARM_INS_CMN: case ARM_INS_TST: case ARM_INS_TEQ:
		if (!run) {
			r->check = id == ARM_INS_CMP || id == ARM_INS_CMN || id == ARM_INS_TST ||
				   id == ARM_INS_TEQ;
			return 0;
		}
		return data(m, insn, r, run);
	default:
		break;
	}
	/* Anything else: what it writes becomes unknown; a write of pc is
	 * a jump the walker cannot follow. */
	if (run) {
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (cs_regs_access(m->c.cs, insn, rd, &nrd, wr, &nwr))
			return hop_fail(c, -EINVAL, "%s at 0x%llx: what it writes is not known",
					insn->mnemonic, (unsigned long long)insn->address);
		for (int i = 0; i < nwr && !err; i++) {
			if (ridx(wr[i]) == PC)
				err = hop_fail(c, -EINVAL, "%s at 0x%llx writes pc: not modelled",
					       insn->mnemonic, (unsigned long long)insn->address);
			else if (ridx(wr[i]) >= 0)
				m->reg[ridx(wr[i])] = (struct val){ 0 };
			else if (wr[i] == ARM_REG_CPSR)
				m->fl.known = false;
		}
	}
	return err;
}

/* A kernel address is known as one once its movt is in: the movw that
 * began it is the hop's work too. */
static void recorded(struct hop_core *c, const cs_insn *insn, int tag)
{
	struct rec *last = c->nrecs ? &c->recs[c->nrecs - 1] : NULL;

	if (tag != c->keep || insn->id != ARM_INS_MOVT || !last || !last->dst.global ||
	    c->nrecs < 2 || c->recs[c->nrecs - 2].built != last->built)
		return;
	c->recs[c->nrecs - 2].dst.global = true;
}

/* What the store moved may be global (a map's address spilled to the
 * stack): where it went decides. */
static bool stores_bss(struct hop_core *c, const cs_insn *insn, const struct rec *r)
{
	(void)r;
	return is_store(insn->id) && ((struct machine *)c)->to_bss;
}

static bool is_call(const cs_insn *insn)
{
	return insn->id == ARM_INS_BL || insn->id == ARM_INS_BLX;
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[SP] = known(STACK_TOP - 64);
	m->reg[LR] = known(RET_KERNEL);
	m->ptrs = m->loaded = -1;
}

/*
 * A kernel address the code builds for an ld_imm64 of a map or map value (a
 * movw + movt run; 32-bit Arm's maps and values lie in the kernel's
 * quarter): hop_isa's constant.  A run that a blx or bx takes at once is a
 * helper's address, no ld_imm64's.
 */
static bool constant(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
		     size_t n, size_t *k, uint64_t *v)
{
	const cs_arm *w, *t;
	const cs_insn *next;

	(void)c;
	(void)img;
	if (*k + 1 >= n || insn[*k].id != ARM_INS_MOVW || insn[*k + 1].id != ARM_INS_MOVT)
		return false;
	w = &insn[*k].detail->arm;
	t = &insn[*k + 1].detail->arm;
	*v = (uint64_t)(t->operands[1].imm & 0xffff) << 16 | (w->operands[1].imm & 0xffff);
	if (w->operands[0].reg != t->operands[0].reg || !kernel_addr(*v))
		return false;
	if (++*k + 1 >= n)
		return true;
	next = &insn[*k + 1];
	return !((next->id == ARM_INS_BLX || next->id == ARM_INS_BX) &&
		 next->detail->arm.operands[0].type == ARM_OP_REG &&
		 next->detail->arm.operands[0].reg == w->operands[0].reg);
}

const struct hop_isa hop_armhf = {
	.name = "armhf", .cs_arch = CS_ARCH_ARM, .cs_mode = CS_MODE_ARM,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .word = 4, .insn_max = 4,
	.branch = "branch",
	/* push/pop save and restore registers that may hold a map's address. */
	.frame_first = true,
	.enter = enter, .step = step, .stores_bss = stores_bss, .is_call = is_call,
	.returned = returned, .recorded = recorded, .constant = constant,
};
