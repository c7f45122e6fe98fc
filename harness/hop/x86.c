// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 walkers of hop/hop.h, on hop_core: x86-64 and i386 (the same
 * instructions, with eight registers of 32 bits and 4-byte stack slots).
 * Registers, flags of the last cmp/test/sub/logic op and the carry that adc
 * and sbb add, calls that push their return address (the hop a frame was
 * entered in is kept beside it), and retpoline or ITS thunks resolved by the
 * register they are named after when their text cannot be read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/core.h"
#include "hop/hop.h"
#include "hop/x86.h"
#include "load/cs.h"

#define STACK_TOP 0xffffc90000200000ull
/* i386's made-up stack: below the kernel's 3 GiB split, clear of its
 * addresses. */
#define STACK_TOP_32 0x7fff0000ull
/* i386's kernel addresses: from CONFIG_PAGE_OFFSET of Debian's 686 kernels
 * (3G/1G) to vmalloc's end, above which a word is more likely a small
 * negative constant (-320: 0xfffffec0) than an address. */
#define I386_KERNEL 0xc0000000u
#define I386_KERNEL_END 0xff800000u
/* The return address into the kernel's test_run loop: the walk ends there. */
#define RET_KERNEL 0xffffffff8badf00dull
#define NREGS 16

static bool i386_kernel(uint64_t v)
{
	return v >= I386_KERNEL && v < I386_KERNEL_END;
}

struct flags {
	enum { FL_NONE, FL_CMP, FL_TEST } kind;
	uint64_t a, b;
	int size;
	int carry;		/* CF for adc and sbb, -1: unknown */
};

struct machine {
	struct hop_core c;
	struct val reg[NREGS];
	int ret_tag[HOP_STACK_SLOTS];	/* the hop a return address on the stack returns into */
	struct flags fl;
	int word;		/* bytes of a register: 8, or 4 on i386 */
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
	a.v &= mask(m->word);
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
		return hop_mem_read(&m->c, address(m, insn, &op->mem), op->size, r);
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
		hop_mem_write(&m->c, address(m, insn, &op->mem), op->size, v, r);
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
	m->reg[RSP].v -= m->word;
	hop_mem_write(&m->c, m->reg[RSP], m->word, v, r);
}

static struct val pop(struct machine *m, struct rec *r)
{
	struct val v = hop_mem_read(&m->c, m->reg[RSP], m->word, r);

	m->reg[RSP].v += m->word;
	return v;
}

/* The return address slot at the top of the stack. */
static int top_slot(const struct machine *m)
{
	return (m->reg[RSP].v - m->c.stack_lo) / m->word;
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
	bool k = a.known && b.known;

	m->fl = (struct flags){ .kind = k ? kind : FL_NONE, .a = a.v, .b = b.v, .size = size,
				.carry = kind == FL_TEST ? 0 :
					 k ? (a.v & mask(size)) < (b.v & mask(size)) : -1 };
}

/* The register a thunk named "..._thunk_<reg>" jumps through. */
static int thunk_reg(struct machine *m, const char *sym)
{
	const char *r = sym ? strrchr(sym, '_') : NULL;

	if (!r || !strstr(sym, "indirect"))
		return -1;
	for (int i = 0; i < NREGS; i++)
		if (!strcmp(cs_reg_name(m->c.cs, gpr[i][m->word == 8 ? 0 : 1]), r + 1))
			return i;
	return -1;
}

/* A JIT's jump through a register or memory, or into a retpoline or ITS
 * thunk (whose own instructions then do not count again). */
static bool indirect(struct machine *m, const cs_x86_op *op, struct val target)
{
	return m->c.img && (op->type != X86_OP_IMM ||
			    thunk_reg(m, m->c.w->symbol ? m->c.w->symbol(target.v) : NULL) >= 0);
}

/* A retpoline or ITS thunk, resolved by its register. */
static bool thunk(struct hop_core *c, uint64_t addr, struct val *to)
{
	struct machine *m = (struct machine *)c;
	int r = thunk_reg(m, c->w->symbol ? c->w->symbol(addr) : NULL);

	if (r >= 0)
		*to = m->reg[r];
	return r >= 0;
}

/* A jump to a return thunk (the JIT's ret under RETHUNK: SRSO's Safe RET,
 * ITS, retbleed's untrained return) whose text cannot be read. */
static bool return_thunk(struct machine *m, struct val target)
{
	const char *sym = target.known && m->c.w->symbol ? m->c.w->symbol(target.v) : NULL;
	uint8_t probe;

	return sym && strstr(sym, "return_thunk") &&
	       !(m->c.w->read_text && !m->c.w->read_text(target.v, &probe, 1));
}

/* A ret, or what a return thunk ends in. */
static int do_ret(struct machine *m, struct rec *r)
{
	int t = m->ret_tag[top_slot(m)];
	struct val to = pop(m, r);

	if (to.known && to.v == (RET_KERNEL & mask(m->word))) {
		m->c.done = true;
		return 0;
	}
	if (t >= 0)
		m->c.tag = t;
	return hop_transfer(&m->c, to, T_RET);
}

/* A call into unreadable text, returned from at once. */
static struct val returned(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->reg[0] = (struct val){ 0 };
	return pop(m, &(struct rec){});
}

static bool is_cond_jump(csh cs, const cs_insn *insn)
{
	return insn->id != X86_INS_JMP && cs_insn_group(cs, insn, CS_GRP_JUMP);
}

/* CF after id on a and b with carry cin in: -1 unknown (inc and dec keep
 * it; the logic ops clear it).  The i386 JIT's 64-bit adds carry into the
 * high word with adc (its tail-call counter among them). */
static int carry(x86_insn id, struct val a, struct val b, int cin, int size)
{
	uint64_t mk = mask(size), x = a.v & mk, y = b.v & mk;

	switch (id) {
	case X86_INS_INC: case X86_INS_DEC:
		return cin;
	case X86_INS_ADD: case X86_INS_SUB:
		cin = 0;
		break;
	case X86_INS_ADC: case X86_INS_SBB:
		break;
	default:
		return 0;
	}
	if (!a.known || !b.known || cin < 0)
		return -1;
	if (id == X86_INS_ADD || id == X86_INS_ADC)
		return y > mk - x || (y == mk - x && cin);
	return x < y || (x == y && cin);
}

/* ALU with a destination: add, adc, sub, sbb, and, or, xor, inc, dec. */
static struct val alu(struct machine *m, x86_insn id, struct val a, struct val b, int size,
		      bool same_reg)
{
	struct val r = { .global = a.global || b.global, .slot = a.slot };
	int cin = m->fl.carry;

	if (id == X86_INS_XOR && same_reg) {
		m->fl.carry = 0;
		return known(0);
	}
	r.known = a.known && b.known;
	switch (id) {
	case X86_INS_ADD: case X86_INS_INC: r.v = a.v + b.v; break;
	case X86_INS_SUB: case X86_INS_DEC: r.v = a.v - b.v; break;
	case X86_INS_ADC: r.v = a.v + b.v + (cin > 0); r.known = r.known && cin >= 0; break;
	case X86_INS_SBB: r.v = a.v - b.v - (cin > 0); r.known = r.known && cin >= 0; break;
	case X86_INS_AND: r.v = a.v & b.v; r.known = r.known || (b.known && !b.v); break;
	case X86_INS_OR: r.v = a.v | b.v; break;
	case X86_INS_XOR: r.v = a.v ^ b.v; break;
	default: r.known = false; break;
	}
	/* Zero and sign flags of the result, and the carry for adc and sbb; a
	 * branch on the carry after an add is not modelled (the JIT never
	 * takes one). */
	if (id == X86_INS_SUB)
		set_flags(m, FL_CMP, a, b, size);
	else
		set_flags(m, FL_TEST, r, known(~0ull), size);
	m->fl.carry = carry(id, a, b, cin, size);
	if (r.known)
		r.v &= mask(size);
	else if (!b.known)
		r.v = 0;	/* the addend of an unknown value stays meaningful */
	return r;
}

/* The memory insn accesses, from capstone's access flags of its memory
 * operands; the stack accesses no operand names, by instruction. */
static unsigned int mem_access(const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;
	unsigned int mem = 0;

	/* Their operand is an address computed, or padding: never accessed. */
	if (insn->id == X86_INS_LEA || insn->id == X86_INS_NOP)
		return 0;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM)
			mem |= (x->operands[i].access & CS_AC_READ ? HOP_MEM_LOAD : 0) |
			       (x->operands[i].access & CS_AC_WRITE ? HOP_MEM_STORE : 0);
	switch (insn->id) {
	case X86_INS_PUSH: case X86_INS_CALL:
		return mem | HOP_MEM_STACK_STORE;
	case X86_INS_POP: case X86_INS_RET: case X86_INS_LEAVE:
		return mem | HOP_MEM_STACK_LOAD;
	default:
		return mem;
	}
}

static int step(struct hop_core *c, const cs_insn *insn, struct rec *r)
{
	struct machine *m = (struct machine *)c;
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *op = x->operands;
	uint64_t next = insn->address + insn->size;
	x86_insn id = insn->id;
	struct val a, b;

	r->mem = mem_access(insn);
	switch (id) {
	case X86_INS_NOP: case X86_INS_ENDBR64: case X86_INS_LFENCE: case X86_INS_PAUSE:
		r->frame = true;
		return 0;
	case X86_INS_INT3: case X86_INS_UD2:
		return hop_fail(c, -EINVAL, "the walk ran into a trap at 0x%llx",
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
		/* A 64-bit constant is the address of a map or of .bss, as
		 * is an i386 constant in the kernel's half. */
		r->src.global |= id == X86_INS_MOVABS ||
				 (m->word == 4 && op[1].type == X86_OP_IMM && i386_kernel(r->src.v));
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
		if (id == X86_INS_CMP && op[1].type == X86_OP_IMM && HOP_TAIL_CALL_CNT(op[1].imm))
			hop_note_counter(&m->c, a, r);
		return 0;
	case X86_INS_ADD: case X86_INS_SUB: case X86_INS_AND: case X86_INS_OR: case X86_INS_XOR:
	case X86_INS_INC: case X86_INS_DEC: case X86_INS_ADC: case X86_INS_SBB:
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
		if (return_thunk(m, r->src)) {
			/* Its own instructions are not counted: the path says so. */
			hop_incomplete(c, "return thunk", r->src.v);
			return do_ret(m, &(struct rec){});
		}
		return hop_transfer(c, r->src, T_JUMP);
	case X86_INS_CALL:
		r->jump = true;
		r->src = read_op(m, insn, &op[0], r);
		r->indirect = indirect(m, &op[0], r->src);
		push(m, known(next), r);
		{
			int s = top_slot(m), err = hop_transfer(c, r->src, T_CALL);

			/* The frame returns into the hop its call belongs to. */
			m->ret_tag[s] = m->c.tag;
			return err;
		}
	case X86_INS_RET:
		r->jump = true;
		return do_ret(m, r);
	default:
		break;
	}
	if (is_cond_jump(m->c.cs, insn)) {
		int t = taken(m, id);

		r->check = true;
		return t > 0 ? hop_transfer(c, known((uint64_t)op[0].imm), T_JUMP) : 0;
	}
	/* Anything else: what it writes becomes unknown. */
	{
		cs_regs rd, wr;
		uint8_t nrd, nwr;

		if (!cs_regs_access(m->c.cs, insn, rd, &nrd, wr, &nwr))
			for (int i = 0; i < nwr; i++)
				if (reg_index(wr[i]) >= 0 && reg_index(wr[i]) != RSP)
					m->reg[reg_index(wr[i])] = (struct val){ 0 };
		if (x->op_count && op[0].type == X86_OP_MEM)
			hop_mem_write(&m->c, address(m, insn, &op[0].mem), op[0].size, (struct val){ 0 }, r);
		m->fl.kind = FL_NONE;
		m->fl.carry = -1;
	}
	return 0;
}

/* An instruction whose first operand is memory it writes, in .bss. */
static bool stores_bss(struct hop_core *c, const cs_insn *insn, const struct rec *r)
{
	const cs_x86 *x = &insn->detail->x86;

	return !r->stack_addr && x->op_count && x->operands[0].type == X86_OP_MEM &&
	       (x->operands[0].access & CS_AC_WRITE) &&
	       hop_in_bss(c, address((struct machine *)c, insn, &x->operands[0].mem).v, 1);
}

static bool is_call(const cs_insn *insn)
{
	return insn->id == X86_INS_CALL;
}

/*
 * Where a tail call enters img: past the prologue's "mov rbp, rsp", as
 * X86_TAIL_CALL_OFFSET has it (6.1: 11 bytes; 6.12: 16, endbr64 first).
 * A JIT that caches the target, offset included, loads it from memory
 * (tailcall-series 0003); one that loads bpf_func adds the offset itself.
 * 0: no such instruction in the first 32 bytes.
 */
static uint64_t tail_entry(struct hop_core *c, const struct hop_image *img)
{
	cs_insn *insn;
	size_t n = cs_disasm(c->cs, img->code, img->len < 32 ? img->len : 32, img->addr, 0, &insn);
	uint64_t at = 0;

	for (size_t i = 0; i < n && !at; i++)
		if (insn[i].id == X86_INS_MOV && !strcmp(insn[i].op_str, "rbp, rsp"))
			at = insn[i].address + insn[i].size - img->addr;
	if (n)
		cs_free(insn, n);
	return at;
}

static void enter(struct hop_core *c)
{
	struct machine *m = (struct machine *)c;

	m->word = c->isa->word ? c->isa->word : 8;
	m->fl.carry = -1;
	for (int i = 0; i < HOP_STACK_SLOTS; i++)
		m->ret_tag[i] = -1;
	m->reg[RSP] = known(c->isa->stack_top - 64);
	push(m, known(RET_KERNEL & mask(m->word)), &(struct rec){});
}

/*
 * The kernel address an ld_imm64 of a map builds at insn[*at] (hop_isa's
 * constant).  x86-64: a movabs.  i386: the JIT writes the register's two
 * stack words, "mov dword ptr [ebp + d], imm32", then the high word (0 for
 * a kernel address: "xor eax, eax", "mov dword ptr [ebp + d + 4], eax").
 * A negative 64-bit constant has all ones there; a 32-bit move of a
 * constant as high as a kernel address would count too, and images.c's
 * pairing with the xlated code then refuses the lot.
 */
static bool ld_imm64_at(struct hop_core *c, const struct hop_image *img, const cs_insn *insn,
			size_t n, size_t *at, uint64_t *v)
{
	size_t k = *at;
	const cs_x86_op *lo = insn[k].detail->x86.operands, *hi;

	(void)img;
	if (c->isa->cs_mode == CS_MODE_64) {
		if (insn[k].id != X86_INS_MOVABS || insn[k].size != 10)
			return false;
		memcpy(v, insn[k].bytes + 2, sizeof(*v));
		return true;
	}
	if (k + 2 >= n || insn[k].id != X86_INS_MOV || lo[0].type != X86_OP_MEM ||
	    lo[0].mem.base != X86_REG_EBP || lo[1].type != X86_OP_IMM ||
	    !i386_kernel((uint32_t)lo[1].imm) || insn[k + 1].id != X86_INS_XOR ||
	    strcmp(insn[k + 1].op_str, "eax, eax") || insn[k + 2].id != X86_INS_MOV)
		return false;
	hi = insn[k + 2].detail->x86.operands;
	if (hi[0].type != X86_OP_MEM || hi[0].mem.base != X86_REG_EBP ||
	    hi[0].mem.disp != lo[0].mem.disp + 4 || hi[1].type != X86_OP_REG || hi[1].reg != X86_REG_EAX)
		return false;
	*v = (uint32_t)lo[1].imm;
	return true;
}

const struct hop_isa hop_x86_64 = {
	.name = "x86-64", .cs_arch = CS_ARCH_X86, .cs_mode = CS_MODE_64,
	.size = sizeof(struct machine), .stack_top = STACK_TOP, .insn_max = 16, .branch = "jump",
	/* lea of the counter's slot is the counter's business; a push or pop
	 * of a map's address is work. */
	.counter_address = true,
	.enter = enter, .step = step, .stores_bss = stores_bss, .is_call = is_call,
	.returned = returned, .thunk = thunk, .tail_entry = tail_entry, .constant = ld_imm64_at,
};

/*
 * i386: BPF's registers are pairs of stack words off ebp; a tail call jumps
 * to bpf_func plus the prologue's size, the addend the walk carries.  The
 * stack's top is 4 below a multiple of 8, so that, as test_run calls the
 * program, each register's two words share the 8 bytes a counter's role
 * is told by.
 */
const struct hop_isa hop_i386 = {
	.name = "i386", .cs_arch = CS_ARCH_X86, .cs_mode = CS_MODE_32,
	.size = sizeof(struct machine), .stack_top = STACK_TOP_32 - 4, .word = 4, .insn_max = 16,
	.branch = "jump", .counter_address = true,
	.enter = enter, .step = step, .stores_bss = stores_bss, .is_call = is_call,
	.returned = returned, .thunk = thunk, .constant = ld_imm64_at,
};
