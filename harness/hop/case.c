// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a family's hop path on the live kernel: the JIT images of every
 * function of the programs one run goes through (with their addresses, so
 * that patched direct jumps and calls land somewhere known), the .bss the
 * programs read (tb_sel picks the poisoned map), and kernel text through
 * /proc/kcore for the thunks and helpers the path steps into.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <capstone/capstone.h>

#include "hop/arm64.h"
#include "hop/case.h"
#include "load/gotox.h"
#include "result/hop_check.h"
#include "result/read.h"

/* --- kernel text and symbols -------------------------------------------- */

static int kcore_fd = -2;
static Elf64_Phdr *kcore_ph;
static int kcore_nph;

static void kcore_open(void)
{
	Elf64_Ehdr eh;

	kcore_fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	if (kcore_fd < 0)
		return;
	if (pread(kcore_fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
		goto bad;
	kcore_ph = xcalloc(eh.e_phnum, sizeof(*kcore_ph));
	kcore_nph = eh.e_phnum;
	if (pread(kcore_fd, kcore_ph, eh.e_phnum * sizeof(*kcore_ph), eh.e_phoff) ==
	    (ssize_t)(eh.e_phnum * sizeof(*kcore_ph)))
		return;
bad:
	close(kcore_fd);
	kcore_fd = -1;
}

static int kcore_read(uint64_t addr, uint8_t *buf, size_t len)
{
	if (kcore_fd == -2)
		kcore_open();
	for (int i = 0; kcore_fd >= 0 && i < kcore_nph; i++) {
		const Elf64_Phdr *p = &kcore_ph[i];

		if (p->p_type != PT_LOAD || addr < p->p_vaddr || addr + len > p->p_vaddr + p->p_filesz)
			continue;
		return pread(kcore_fd, buf, len, p->p_offset + (addr - p->p_vaddr)) == (ssize_t)len ?
			       0 : -EIO;
	}
	return -ENOENT;
}

struct ksym {
	uint64_t addr;
	char *name;
};

static struct ksym *ksyms;
static int nksyms = -1;

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void ksyms_load(void)
{
	char line[512], name[256], type;
	unsigned long long addr;
	FILE *f = fopen("/proc/kallsyms", "r");
	int cap = 0;

	nksyms = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr ||
		    (type != 't' && type != 'T'))
			continue;
		if (nksyms == cap) {
			cap = cap ? 2 * cap : 4096;
			ksyms = xrealloc(ksyms, cap, sizeof(*ksyms));
		}
		ksyms[nksyms++] = (struct ksym){ addr, xstrdup(name) };
	}
	if (f)
		fclose(f);
	qsort(ksyms, nksyms, sizeof(*ksyms), ksym_cmp);
}

/* The text symbol at or before addr (the function holding it). */
static const char *ksym_name(uint64_t addr)
{
	int lo = 0, hi;

	if (nksyms < 0)
		ksyms_load();
	hi = nksyms - 1;
	if (hi < 0 || addr < ksyms[0].addr)
		return NULL;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid - 1;
	}
	/* Prefer the plain name over an alias at the same address (__pi_...). */
	while (lo > 0 && ksyms[lo - 1].addr == ksyms[lo].addr && !strncmp(ksyms[lo].name, "__pi_", 5))
		lo--;
	return ksyms[lo].name;
}

/* --- images ----------------------------------------------------------- */

struct walk_set {
	struct hop_image *images;
	int nimages;
	uint8_t **bufs;
	int nbufs;
};

/* Every function of one program: main first, then its subprograms. */
static int add_prog_images(struct walk_set *s, int fd, int prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), nk, nl, total;
	__u64 *addrs = NULL;
	__u32 *lens = NULL;
	uint8_t *code = NULL;
	size_t off = 0;
	int err = 0;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	nk = info.nr_jited_ksyms;
	nl = info.nr_jited_func_lens;
	total = info.jited_prog_len;
	if (!total || !nk || nk != nl)
		return -ENODATA;
	addrs = xcalloc(nk, sizeof(*addrs));
	lens = xcalloc(nl, sizeof(*lens));
	code = xcalloc(1, total);
	memset(&info, 0, sizeof(info));
	info.nr_jited_ksyms = nk;
	info.jited_ksyms = (__u64)(unsigned long)addrs;
	info.nr_jited_func_lens = nl;
	info.jited_func_lens = (__u64)(unsigned long)lens;
	info.jited_prog_len = total;
	info.jited_prog_insns = (__u64)(unsigned long)code;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	for (__u32 i = 0; i < nk && !err; i++) {
		if (!addrs[i] || off + lens[i] > total) {
			err = -ENODATA;	/* addresses hidden (kptr_restrict) */
			break;
		}
		s->images = xrealloc(s->images, s->nimages + 1, sizeof(*s->images));
		s->images[s->nimages++] = (struct hop_image){
			.addr = addrs[i], .code = code + off, .len = lens[i], .prog = prog, .main = !i
		};
		off += lens[i];
	}
out:
	if (err) {
		free(code);
	} else {
		s->bufs = xrealloc(s->bufs, s->nbufs + 1, sizeof(*s->bufs));
		s->bufs[s->nbufs++] = code;
	}
	free(addrs);
	free(lens);
	return err;
}

/* The verifier's code of a program (free it); its length in *n. */
static struct bpf_insn *xlated_insns(int fd, int *n)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct bpf_insn *x;

	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.xlated_prog_len)
		return NULL;
	x = xcalloc(1, info.xlated_prog_len);
	len = info.xlated_prog_len;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = len;
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		free(x);
		return NULL;
	}
	*n = info.xlated_prog_len / sizeof(*x);
	return x;
}

/* The 64-bit value of an ld_imm64 as the xlated code shows it. */
static uint64_t ld_imm64_value(const struct bpf_insn *x)
{
	return (uint64_t)(uint32_t)x[1].imm << 32 | (uint32_t)x[0].imm;
}

/* An ld_imm64 the x86 JIT emits as movabs: a map's (named in the dump), or
 * a raw constant that fits no 32-bit mov (an address the dump shows as is,
 * like a gotox jump table's). */
static bool is_movabs(const struct bpf_insn *x)
{
	uint64_t v = ld_imm64_value(x);

	return x->src_reg || (v > UINT32_MAX && (int64_t)v != (int32_t)v);
}

/* The 64-bit constants of one x86-64 function: its movabs, in order. */
static int x86_constants(const struct hop_image *img, uint64_t **out)
{
	cs_insn *insn;
	size_t n;
	int nout = 0;
	csh cs;

	*out = NULL;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs))
		return -EINVAL;
	n = cs_disasm(cs, img->code, img->len, img->addr, 0, &insn);
	for (size_t k = 0; k < n; k++) {
		if (insn[k].id != X86_INS_MOVABS || insn[k].size != 10)
			continue;
		*out = xrealloc(*out, nout + 1, sizeof(**out));
		memcpy(&(*out)[nout++], insn[k].bytes + 2, sizeof(**out));
	}
	cs_free(insn, n);
	cs_close(&cs);
	return nout;
}

/* The kernel addresses a function's code builds, per architecture. */
static int (*const constants[])(const struct hop_image *, uint64_t **) = {
	[HOP_X86_64] = x86_constants,
	[HOP_ARM64] = hop_arm64_constants,
};

/*
 * Where .bss is in the kernel: the verifier turned every "ld_imm64 map
 * value" into one constant of its address (a movabs on x86-64, a
 * movz/movn + movk run on arm64), in order, and the xlated code
 * (kernel/bpf/syscall.c, bpf_insn_prepare_dump) names the map and offset of
 * each.  Matching the two gives the base of the .bss value.
 */
static int bss_address(int fd, const struct walk_set *s, uint32_t bss_id, uint64_t *base)
{
	struct bpf_insn *x;
	uint64_t *imms = NULL;
	int nx = 0, nimm = 0, nld = 0, err = -ENOENT;

	if ((unsigned int)HOP_ARCH_NATIVE >= ARRAY_SIZE(constants))
		return -EOPNOTSUPP;
	x = xlated_insns(fd, &nx);
	if (!x)
		return -ENODATA;
	for (int i = 0; i < s->nimages && s->images[i].prog == 0; i++) {
		uint64_t *v;
		int n = constants[HOP_ARCH_NATIVE](&s->images[i], &v);

		for (int k = 0; k < n; k++) {
			imms = xrealloc(imms, nimm + 1, sizeof(*imms));
			imms[nimm++] = v[k];
		}
		free(v);
	}
	for (int i = 0; i + 1 < nx; i++) {
		if (x[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (x[i].src_reg == BPF_PSEUDO_MAP_VALUE && (uint32_t)x[i].imm == bss_id &&
		    nld < nimm && err) {
			*base = imms[nld] - (uint32_t)x[i + 1].imm;
			err = 0;
		}
		nld += is_movabs(&x[i]);
		i++;
	}
	/* Every map reference must have had its constant, or the pairing is off. */
	if (nld != nimm)
		err = -EPROTO;
	free(imms);
	free(x);
	return err;
}

/*
 * A gotox program's jump table as the CPU reads it.  The JIT loads each
 * target from the table's kernel slots (bpf_insn_array's ips[]), which user
 * space cannot read; but the kernel reports each slot's target as an offset
 * in the native code (jitted_off, through a lookup of the instruction
 * array), and the xlated code shows the slots' address as the raw ld_imm64
 * of each gotox (the dump names no map for it, and shows raw values to
 * whoever may see the JIT's addresses).  load/gotox.c writes no other raw 64-bit
 * constant and puts slot 0's address first (the chain's first hop, the
 * dispatch's base), so the first raw one is the table's base; every other
 * must lie in the table.
 */
static int jump_table(int fd, uint64_t image, struct hop_memory *t)
{
	struct bpf_insn *x;
	uint32_t *offs = NULL;
	uint64_t *slots;
	int nx = 0, n = 0, err;

	err = gotox_jitted_targets(fd, &offs, &n);
	if (err)
		return err;
	x = xlated_insns(fd, &nx);
	err = x ? -ENOENT : -ENODATA;
	for (int i = 0; x && i + 1 < nx; i++) {
		uint64_t v = ld_imm64_value(&x[i]);
		bool raw = !x[i].src_reg && is_movabs(&x[i]);

		if (x[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		i++;	/* its second half */
		if (!raw)
			continue;
		if (err) {
			t->addr = v;
			err = 0;
		} else if (v < t->addr || v >= t->addr + 8ull * n || (v - t->addr) % 8) {
			err = -EPROTO;
			break;
		}
	}
	free(x);
	if (!err) {
		slots = xcalloc(n, sizeof(*slots));
		for (int k = 0; k < n; k++)
			slots[k] = image + offs[k];
		t->data = (uint8_t *)slots;
		t->len = n * sizeof(*slots);
	}
	free(offs);
	return err;
}

static void walk_set_free(struct walk_set *s)
{
	for (int i = 0; i < s->nbufs; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->images);
}

/* --- families --------------------------------------------------------- */

/* The family of a case: its id without "/d<depth>". */
static size_t family_len(const struct tb_case *c)
{
	const char *slash = strrchr(c->id, '/');

	return slash ? (size_t)(slash - c->id) : strlen(c->id);
}

static bool same_family(const struct tb_case *a, const struct tb_case *b)
{
	return family_len(a) == family_len(b) && !strncmp(a->id, b->id, family_len(a));
}

static void walk_family(struct tb_case *c, int depth, const struct hop_rule *rule,
			struct hop_record *r)
{
	struct tb_case run = *c;
	struct strlist progs = {};
	struct walk_set s = {};
	struct hop_walk w = { .arch = HOP_ARCH_NATIVE, .boundary = rule->boundary,
			      .read_text = kcore_read, .symbol = ksym_name };
	struct bpf_map *bss = progset_bss(c->set);
	/* The globals: the object's .bss, or a built-in set's array map. */
	int globals = bss ? bpf_map__fd(bss) : c->set->builtin ? c->set->globals_fd : -1;
	int err = 0, last;

	run.depth = depth;
	/* The JIT patches a constant key's jump to what its slot holds now: a
	 * kind whose fill varies with depth is armed for the run walked. */
	if (c->bench->arm && (err = c->bench->arm(c->set, &run))) {
		r->path.note = xasprintf("arming the walked run failed: %s", strerror(-err));
		goto out;
	}
	c->bench->progs(&run, &progs);
	w.nprogs = c->bench->path_len ? c->bench->path_len(&run) : 1;
	for (int i = 0; i < w.nprogs && !err; i++) {
		const struct progset_prog *p = progset_prog(c->set, progs.v[i]);

		if (!p) {
			r->path.note = xasprintf("%s of the walked run is not loaded", progs.v[i]);
			goto out;
		}
		err = add_prog_images(&s, p->fd, i);
	}
	if (err) {
		r->path.note = xasprintf("no JIT images with addresses (%s): is the JIT on, and "
					 "kptr_restrict below 2?", strerror(-err));
		goto out;
	}
	if (globals >= 0) {
		struct bpf_map_info mi = {};
		__u32 len = sizeof(mi), zero = 0;
		const struct progset_prog *entry = progset_prog(c->set, progs.v[0]);

		if (!bpf_obj_get_info_by_fd(globals, &mi, &len)) {
			w.bss.len = mi.value_size;
			w.bss.data = xcalloc(1, w.bss.len);
		}
		if (!w.bss.len || bpf_map_lookup_elem(globals, &zero, w.bss.data) ||
		    bss_address(entry->fd, &s, mi.id, &w.bss.addr))
			w.bss.len = 0;	/* then .bss is unknown memory */
	}
	if (rule->table) {
		err = jump_table(progset_prog(c->set, progs.v[0])->fd, s.images[0].addr, &w.table);
		if (err) {
			r->path.note = xasprintf("the jump table's targets cannot be read back: %s",
						 strerror(-err));
			goto out;
		}
	}
	w.images = s.images;
	w.nimages = s.nimages;
	r->depth = depth;
	r->hop = depth / 2;
	last = rule->boundary == HOP_STORE ? depth : depth - 1;
	hop_walk(&w, r->hop, last, &r->path);
out:
	free(w.bss.data);
	free(w.table.data);
	walk_set_free(&s);
	strlist_free(&progs);
}

void hop_record_all(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];
		const struct hop_rule *rule = &c->bench->hop;
		struct tb_case *first = NULL;
		int depth = 0;

		if (rule->boundary == HOP_NONE)
			continue;
		for (int j = 0; j < ncases && !first; j++)
			if (same_family(c, &cases[j]))
				first = &cases[j];
		if (first != c || c->hop)
			continue;
		/* The deepest case measured has its programs loaded and armed. */
		for (int j = i; j < ncases; j++)
			if (same_family(c, &cases[j]) && cases[j].status == CASE_OK &&
			    cases[j].depth > depth)
				depth = cases[j].depth;
		if (!depth || !c->set || !progset_loaded(c->set))
			continue;
		c->hop = xcalloc(1, sizeof(*c->hop));
		depth = rule->depth ? rule->depth : depth;
		if (depth < 2) {
			c->hop->path.note = xasprintf("no depth of 2 or more measured to walk");
			continue;
		}
		walk_family(c, depth, rule, c->hop);
		pr_debug("%.*s: hop path of %d instructions%s%s", (int)family_len(c), c->id,
			 c->hop->path.count, c->hop->path.note ? ": " : "",
			 c->hop->path.note ? c->hop->path.note : "");
	}
}

void hop_record_free(struct hop_record *r)
{
	if (!r)
		return;
	hop_path_free(&r->path);
	free(r);
}

/* --- the result ------------------------------------------------------- */

/* An instruction's HOP_MEM_* bits as memory.access[] writes them: L load,
 * S store, l and s the stack's implicit load and store ("Ls": push [mem]). */
static json_t *mem_code(unsigned int mem)
{
	char code[5], *o = code;

	if (mem & HOP_MEM_LOAD)
		*o++ = 'L';
	if (mem & HOP_MEM_STORE)
		*o++ = 'S';
	if (mem & HOP_MEM_STACK_LOAD)
		*o++ = 'l';
	if (mem & HOP_MEM_STACK_STORE)
		*o++ = 's';
	*o = 0;
	return json_string(code);
}

json_t *hop_results(json_t *root, const struct tb_case *cases, int ncases)
{
	json_t *hops = json_array();

	for (int i = 0; i < ncases; i++) {
		const struct tb_case *c = &cases[i];
		const struct hop_record *r = c->hop;
		json_t *insns, *roles, *steady, *access, *h;
		char *family;

		if (!r)
			continue;
		insns = json_array();
		roles = json_array();
		steady = json_array();
		access = json_array();
		family = xasprintf("%.*s", (int)family_len(c), c->id);
		for (int k = 0; k < r->path.count; k++) {
			json_array_append_new(insns, json_string(r->path.insns[k].text));
			json_array_append_new(roles, json_string(r->path.insns[k].role));
			json_array_append_new(access, mem_code(r->path.insns[k].mem));
		}
		for (int k = 0; k < r->path.nchecked; k++)
			json_array_append_new(steady, json_integer(r->path.checked[k]));
		h = json_pack("{ss ss ss ss si si si si so so si si so}", "family", family, "bench",
			      c->bench->name, "prog_type", c->prog_type, "key_mode", c->key_mode,
			      "nest", c->nest, "frame_stack", c->frame_stack, "depth", r->depth, "hop",
			      r->hop, "insns", insns, "roles", roles, "count", r->path.count,
			      "indirect", r->path.indirect, "steady", steady);
		json_object_set_new(h, "footprint",
				    json_pack("{si si si si}", "bytes", r->path.bytes, "lines",
					      r->path.lines, "pages", r->path.pages, "entry_offset",
					      r->path.entry_offset));
		json_object_set_new(h, "memory",
				    json_pack("{si si si si so}", "loads", r->path.mem.loads, "stores",
					      r->path.mem.stores, "stack_loads", r->path.mem.stack_loads,
					      "stack_stores", r->path.mem.stack_stores, "access", access));
		json_object_set_new(h, "note", r->path.note ? json_string(r->path.note) : json_null());
		json_object_set_new(h, "check", hop_check(root, h));
		json_array_append_new(hops, h);
		free(family);
	}
	return hops;
}
