// SPDX-License-Identifier: GPL-2.0
/* The walkers' shared core (hop/core.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/core.h"

#define MAX_STEPS 200000

int hop_fail(struct hop_core *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (!c->note) {
		va_start(ap, fmt);
		if (vasprintf(&c->note, fmt, ap) < 0)
			c->note = NULL;
		va_end(ap);
	}
	return err;
}

void hop_incomplete(struct hop_core *c, const char *what, uint64_t addr)
{
	const char *sym = c->w->symbol ? c->w->symbol(addr) : NULL;

	hop_fail(c, 0, "%s %s (0x%llx) not counted: kernel text is not readable here", what,
		 sym ? sym : "?", (unsigned long long)addr);
}

static const struct hop_image *find_image(const struct hop_core *c, uint64_t addr)
{
	for (int i = 0; i < c->w->nimages; i++)
		if (addr >= c->w->images[i].addr && addr < c->w->images[i].addr + c->w->images[i].len)
			return &c->w->images[i];
	return NULL;
}

static bool on_stack(const struct hop_core *c, uint64_t a, int size)
{
	return a >= c->stack_lo && a + size <= c->isa->stack_top;
}

/* Bytes a stack slot holds: a machine word (isa->word), 8 by default. */
static int slot_size(const struct hop_core *c)
{
	return c->isa->word ? c->isa->word : 8;
}

bool hop_in_bss(const struct hop_core *c, uint64_t a, int size)
{
	return c->bss && a >= c->w->bss.addr && a + size <= c->w->bss.addr + c->w->bss.len;
}

static bool in_table(const struct hop_core *c, uint64_t a, int size)
{
	return c->w->table.len && a >= c->w->table.addr &&
	       a + size <= c->w->table.addr + c->w->table.len;
}

/* Where a size-byte access at byte off of a word-byte slot sits in its value. */
static int slot_shift(const struct hop_core *c, int word, int off, int size)
{
	return (c->isa->big_endian ? word - off - size : off) * 8;
}

/* Memory as the walked machine stores it, whatever the walker runs on. */
static uint64_t bytes_value(const struct hop_core *c, const uint8_t *b, int size)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)b[i] << (c->isa->big_endian ? (size - 1 - i) * 8 : i * 8);
	return v;
}

struct val hop_mem_read(struct hop_core *c, struct val a, int size, struct rec *r)
{
	struct val out = { .global = true, .origin = ++c->norigins };
	const uint8_t *from = NULL;

	if (!a.known)
		return out;
	if (on_stack(c, a.v, size)) {
		int word = slot_size(c), off = a.v % word;
		const struct val *s = &c->stack[(a.v - c->stack_lo) / word];

		r->stack_addr = a.v;
		if (off + size > word)
			out = (struct val){ 0 };
		else if (s->known)
			out = known((s->v >> slot_shift(c, word, off, size)) & mask(size));
		else
			out = off || size != word ? (struct val){ 0 } : *s;
		out.slot = a.v;
		out.origin = s->origin ? s->origin : ++c->norigins;
		return out;
	}
	if (hop_in_bss(c, a.v, size))
		from = c->bss + (a.v - c->w->bss.addr);
	if (in_table(c, a.v, size))
		from = c->w->table.data + (a.v - c->w->table.addr);
	if (from) {
		out.v = bytes_value(c, from, size);
		out.known = true;
	}
	return out;
}

void hop_mem_write(struct hop_core *c, struct val a, int size, struct val v, struct rec *r)
{
	if (!a.known)
		return;
	if (on_stack(c, a.v, size)) {
		int word = slot_size(c), off = a.v % word;
		struct val *s = &c->stack[(a.v - c->stack_lo) / word];

		r->stack_addr = a.v;
		if (!off && size == word) {
			*s = v;
		} else if (off + size <= word && s->known && v.known) {
			uint64_t mk = mask(size) << slot_shift(c, word, off, size);

			s->v = (s->v & ~mk) | ((v.v << slot_shift(c, word, off, size)) & mk);
		} else {
			/* Every slot it reaches into (a 32-bit machine's are 4 bytes). */
			for (uint64_t e = a.v + size; s < c->stack + HOP_STACK_SLOTS &&
			     c->stack_lo + (uint64_t)(s - c->stack) * word < e; s++)
				*s = (struct val){ 0 };
		}
		return;
	}
	if (hop_in_bss(c, a.v, size) && v.known)
		for (int i = 0; i < size; i++)
			c->bss[a.v - c->w->bss.addr + i] =
				v.v >> (c->isa->big_endian ? (size - 1 - i) * 8 : i * 8);
}

static bool listed(const uint64_t *l, int n, uint64_t x)
{
	for (int i = 0; i < n; i++)
		if (l[i] == x)
			return true;
	return false;
}

void hop_note_counter(struct hop_core *c, struct val a, const struct rec *r)
{
	uint64_t slot = r->stack_addr ? r->stack_addr : a.slot;

	if (slot && !listed(c->counter_slots, c->nslots, slot) && c->nslots < HOP_MAX_COUNTERS)
		c->counter_slots[c->nslots++] = slot;
	if (c->isa->origins && a.origin && c->norig < HOP_MAX_COUNTERS)
		c->counter_origins[c->norig++] = a.origin;
}

bool hop_stores_bss(struct hop_core *c, const cs_insn *insn, const struct rec *r)
{
	(void)c;
	(void)insn;
	return (r->mem & HOP_MEM_STORE) && r->dst.global;
}

/* hop_transfer; f: the open calls hop_call pushed a call's frame on, NULL:
 * none. */
static int transfer(struct hop_core *c, struct val target, enum hop_transfer kind,
		    struct hop_frames *f)
{
	const struct hop_image *img;
	struct val to;
	uint8_t probe;

	if (!target.known) {
		if (c->w->boundary != HOP_TAIL || c->last_prog + 1 >= c->w->nprogs)
			return hop_fail(c, -EINVAL, "an indirect %s at 0x%llx goes nowhere known",
					c->isa->branch, (unsigned long long)c->pc);
		for (int i = 0; i < c->w->nimages && !target.known; i++) {
			const struct hop_image *next = &c->w->images[i];

			if (next->prog != c->last_prog + 1 || !next->main)
				continue;
			if (!target.v && c->isa->tail_entry)
				target.v = c->isa->tail_entry(c, next);
			target = known(next->addr + target.v);
		}
		if (!target.known)
			return hop_fail(c, -EINVAL, "program %d of the path has no image",
					c->last_prog + 1);
		/* Even as the ret of a retpoline, this is the tail call's jump. */
		kind = T_JUMP;
	}
	img = find_image(c, target.v);
	if (img) {
		if (kind == T_JUMP && c->w->boundary == HOP_TAIL && img->prog != c->last_prog)
			c->tag = img->prog;
		/* A subprogram called by the main program, or by a helper (a
		 * callback): the main program's subprograms call on within
		 * their own hop. */
		if (kind == T_CALL && c->w->boundary == HOP_CALL && (!c->img || c->img->main) &&
		    !img->main)
			c->tag = ++c->seq;
		c->pc = target.v;
		c->img = img;
		return 0;
	}
	if (c->w->read_text && !c->w->read_text(target.v, &probe, 1)) {
		c->pc = target.v;
		c->img = NULL;
		return 0;
	}
	if (kind == T_CALL) {
		hop_incomplete(c, "call of", target.v);
		to = c->isa->returned(c);
		if (f)
			f->n--;	/* the call's frame, returned from */
		return hop_transfer(c, to, T_RET);
	}
	if (c->isa->thunk && c->isa->thunk(c, target.v, &to)) {
		hop_incomplete(c, "thunk", target.v);
		return hop_transfer(c, to, T_JUMP);
	}
	return hop_fail(c, -EINVAL, "a %s at 0x%llx leaves for unreadable code at 0x%llx",
			c->isa->branch, (unsigned long long)c->pc, (unsigned long long)target.v);
}

int hop_transfer(struct hop_core *c, struct val target, enum hop_transfer kind)
{
	return transfer(c, target, kind, NULL);
}

int hop_call(struct hop_core *c, struct hop_frames *f, struct val target, uint64_t next)
{
	if (f->n == HOP_MAX_FRAMES)
		return hop_fail(c, -ELOOP, "calls nest deeper than %d", HOP_MAX_FRAMES);
	int i = f->n++, err;

	f->at[i].ret = next;
	err = transfer(c, target, T_CALL, f);
	/* The frame returns into the hop its call belongs to (a bpf2bpf
	 * call begins one). */
	f->at[i].tag = c->tag;
	return err;
}

int hop_return(struct hop_core *c, struct hop_frames *f, struct val target, uint64_t kernel)
{
	if (target.known && target.v == kernel) {
		c->done = true;
		return 0;
	}
	for (int i = f->n - 1; target.known && i >= 0; i--)
		if (f->at[i].ret == target.v) {
			c->tag = f->at[i].tag;
			f->n = i;
			break;
		}
	return hop_transfer(c, target, T_JUMP);
}

/* a is in the 8 bytes of the tail-call counter (a BPF register, two slots
 * of a 32-bit machine). */
static bool counter_slot(const struct hop_core *c, uint64_t a)
{
	for (int i = 0; a && i < c->nslots; i++)
		if ((c->counter_slots[i] & ~7ull) == (a & ~7ull))
			return true;
	return false;
}

static bool counter_origin(const struct hop_core *c, int o)
{
	for (int i = 0; o && i < c->norig; i++)
		if (c->counter_origins[i] == o)
			return true;
	return false;
}

static const char *role(const struct hop_core *c, const struct rec *r)
{
	bool work = r->src.global || r->dst.global;

	if (!r->in_image)
		return "thunk";
	if (r->check)
		return "check";
	if (r->jump)
		return "jump";
	if (counter_slot(c, r->stack_addr) || counter_slot(c, r->src.slot) ||
	    counter_slot(c, r->dst.slot) || counter_origin(c, r->src.origin) ||
	    counter_origin(c, r->dst.origin) ||
	    (c->isa->counter_address && r->dst.known && counter_slot(c, r->dst.v)))
		return "counter";
	if (work && !(r->frame && c->isa->frame_first))
		return "work";
	return r->frame ? "frame" : "other";
}

/* Distinct units of 2^shift bytes that the hop's instructions touch. */
static int spans(const struct hop_core *c, int shift)
{
	uint64_t *u = xcalloc(2 * c->nrecs + 1, sizeof(*u));
	int n = 0;

	for (int i = 0; i < c->nrecs; i++)
		for (uint64_t a = c->recs[i].addr >> shift;
		     a <= (c->recs[i].addr + c->recs[i].size - 1) >> shift; a++) {
			int k = 0;

			while (k < n && u[k] != a)
				k++;
			if (k == n)
				u[n++] = a;
		}
	free(u);
	return n;
}

static int decode(struct hop_core *c, cs_insn *insn)
{
	const uint8_t *code;
	size_t len;
	uint64_t addr = c->pc;
	uint8_t buf[16];

	if (c->img) {
		code = c->img->code + (addr - c->img->addr);
		len = c->img->addr + c->img->len - addr;
	} else {
		len = c->isa->insn_max;
		if (c->w->read_text(addr, buf, len))
			return hop_fail(c, -EIO, "kernel text at 0x%llx is not readable",
					(unsigned long long)addr);
		code = buf;
	}
	if (!cs_disasm_iter(c->cs, &code, &len, &addr, insn) &&
	    !(c->isa->decode && c->isa->decode(code, len, addr, insn)))
		return hop_fail(c, -EINVAL, "no instruction decodes at 0x%llx",
				(unsigned long long)c->pc);
	return 0;
}

/* Only the kept hop's instructions are written out as text: a walk steps
 * through every hop of the chain to reach it. */
static void record(struct hop_core *c, struct rec *r, const cs_insn *insn, int tag)
{
	if (tag >= 0 && tag < HOP_MAX_TAGS)
		c->counts[tag]++;
	if (tag != c->keep)
		return;
	r->text = xasprintf("%s%s%s", insn->mnemonic, insn->op_str[0] ? " " : "", insn->op_str);
	c->recs = xrealloc(c->recs, c->nrecs + 1, sizeof(*c->recs));
	c->recs[c->nrecs++] = *r;
}

static int run(struct hop_core *c)
{
	cs_insn *insn = cs_malloc(c->cs);
	int err = 0;

	for (int steps = 0; !c->done && !err; steps++) {
		struct rec r = { .built = -1 };
		int tag = c->tag;

		if (steps == MAX_STEPS) {
			err = hop_fail(c, -ELOOP, "the walk did not end within %d instructions",
				       MAX_STEPS);
			break;
		}
		err = decode(c, insn);
		if (err)
			break;
		r.in_image = c->img;
		r.addr = insn->address;
		r.size = insn->size;
		if (c->img)
			c->last_prog = c->img->prog;
		c->pc = insn->address + insn->size;
		err = c->isa->step(c, insn, &r);
		if (c->w->boundary == HOP_STORE && r.in_image && c->isa->stores_bss(c, insn, &r))
			c->tag = ++c->seq;
		/* A bpf2bpf hop begins with its call. */
		if (c->w->boundary == HOP_CALL && c->isa->is_call(insn))
			tag = c->tag;
		record(c, &r, insn, tag);
		if (c->isa->recorded)
			c->isa->recorded(c, insn, tag);
	}
	cs_free(insn, 1);
	return err;
}

static void fill(const struct hop_core *c, int last, struct hop_path *p)
{
	p->insns = xcalloc(c->nrecs + 1, sizeof(*p->insns));
	for (int i = 0; i < c->nrecs; i++) {
		p->insns[i] = (struct hop_insn){ .text = c->recs[i].text,
						 .role = role(c, &c->recs[i]),
						 .indirect = c->recs[i].indirect,
						 .mem = c->recs[i].mem };
		p->indirect += c->recs[i].indirect;
		hop_mem_count(&p->mem, c->recs[i].mem);
		p->bytes += c->recs[i].size;
	}
	p->count = c->nrecs;
	p->lines = spans(c, 6);
	p->pages = spans(c, 12);
	p->entry_offset = c->nrecs ? c->recs[0].addr % 4096 : 0;
	for (int t = 1; t <= last && p->nchecked < (int)ARRAY_SIZE(p->checked); t++)
		p->checked[p->nchecked++] = c->counts[t];
	p->note = c->note;
}

int hop_core_walk(const struct hop_isa *isa, const struct hop_walk *w, int hop, int last,
		  struct hop_path *p)
{
	struct hop_core *c = xcalloc(1, isa->size);
	int err = -EINVAL;

	c->isa = isa;
	c->w = w;
	c->keep = hop;
	c->stack_lo = isa->stack_top - HOP_STACK_SLOTS * (uint64_t)slot_size(c);
	for (int i = 0; i < w->nimages; i++)
		if (w->images[i].prog == 0 && w->images[i].main)
			c->img = &w->images[i];
	if (!c->img || hop < 1 || last < hop || last >= HOP_MAX_TAGS) {
		p->note = xstrdup("no entry program, or no steady hop to keep");
		goto out_free;
	}
	if (cs_open(isa->cs_arch, isa->cs_mode, &c->cs) != CS_ERR_OK) {
		p->note = xasprintf("capstone cannot open %s", isa->name);
		goto out_free;
	}
	cs_option(c->cs, CS_OPT_DETAIL, CS_OPT_ON);
	if (w->bss.len) {
		c->bss = xcalloc(1, w->bss.len);
		memcpy(c->bss, w->bss.data, w->bss.len);
	}
	/* Entered as test_run calls it, on a known stack. */
	c->pc = c->img->addr;
	isa->enter(c);

	err = run(c);
	if (!err && !c->counts[last])
		err = hop_fail(c, -EINVAL, "the run ended before hop %d", last);
	fill(c, last, p);
	cs_close(&c->cs);
out_free:
	free(c->recs);
	free(c->bss);
	free(c);
	return err;
}

/* An image split by isa->length, each instruction's address, size and
 * bytes in *insn; how many. */
static size_t split(const struct hop_isa *isa, const struct hop_image *img, cs_insn **insn)
{
	size_t n = 0, cap = 0;
	int size;

	for (size_t off = 0; off < img->len; off += size, n++) {
		size = isa->length(img->code + off, img->len - off);
		if (size <= 0)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*insn = xrealloc(*insn, cap, sizeof(**insn));
		}
		(*insn)[n] = (cs_insn){ .address = img->addr + off, .size = size };
		memcpy((*insn)[n].bytes, img->code + off, size);
	}
	return n;
}

int hop_core_constants(const struct hop_isa *isa, const struct hop_image *img, uint64_t **out)
{
	struct hop_core *c = xcalloc(1, isa->size);
	cs_insn *insn = NULL;
	size_t n;
	int nout = 0;
	uint64_t v;

	*out = NULL;
	c->isa = isa;
	if (isa->length) {
		n = split(isa, img, &insn);
	} else if (cs_open(isa->cs_arch, isa->cs_mode, &c->cs) == CS_ERR_OK) {
		cs_option(c->cs, CS_OPT_DETAIL, CS_OPT_ON);
		n = cs_disasm(c->cs, img->code, img->len, img->addr, 0, &insn);
	} else {
		free(c);
		return -EINVAL;
	}
	for (size_t k = 0; k < n; k++)
		if (isa->constant(c, img, insn, n, &k, &v)) {
			*out = xrealloc(*out, nout + 1, sizeof(**out));
			(*out)[nout++] = v;
		}
	if (isa->length) {
		free(insn);
	} else {
		cs_free(insn, n);
		cs_close(&c->cs);
	}
	free(c);
	return nout;
}
