// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "base/util.h"
#include "hop/images.h"
#include "load/gotox.h"
#include "load/proginfo.h"

int images_add_prog(struct walk_set *s, int fd, int prog)
{
	struct proginfo pi;
	size_t off = 0;
	int err = proginfo_read(fd, PROGINFO_JITED | PROGINFO_KSYMS | PROGINFO_FUNC_LENS, &pi);
	__u32 nk = pi.info.nr_jited_ksyms;

	if (!err && !pi.info.jited_prog_len)
		err = -ENOEXEC;	/* the interpreter runs it */
	if (!err && (!pi.jited || !pi.ksyms || !pi.func_lens || nk != pi.info.nr_jited_func_lens))
		err = -ENODATA;
	for (__u32 i = 0; i < nk && !err; i++) {
		if (!pi.ksyms[i] || off + pi.func_lens[i] > pi.info.jited_prog_len) {
			err = -ENODATA;	/* addresses hidden (kptr_restrict) */
			break;
		}
		s->images = xrealloc(s->images, s->nimages + 1, sizeof(*s->images));
		s->images[s->nimages++] = (struct hop_image){
			.addr = pi.ksyms[i], .code = pi.jited + off, .len = pi.func_lens[i],
			.prog = prog, .main = !i
		};
		off += pi.func_lens[i];
	}
	if (!err) {
		/* The images point into the code: the walk set keeps it. */
		s->bufs = xrealloc(s->bufs, s->nbufs + 1, sizeof(*s->bufs));
		s->bufs[s->nbufs++] = pi.jited;
		pi.jited = NULL;
	}
	proginfo_free(&pi);
	return err;
}

/* The verifier's code of a program (free it); its length in *n. */
static struct bpf_insn *xlated_insns(int fd, int *n)
{
	struct proginfo pi;
	struct bpf_insn *x = NULL;

	if (!proginfo_read(fd, PROGINFO_XLATED, &pi) && pi.xlated) {
		x = pi.xlated;
		pi.xlated = NULL;
		*n = pi.info.xlated_prog_len / sizeof(*x);
	}
	proginfo_free(&pi);
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

	x = xlated_insns(fd, &nx);
	if (!x)
		return -ENODATA;
	for (int i = 0; i < s->nimages && s->images[i].prog == 0; i++) {
		uint64_t *v;
		int n = hop_constants(HOP_ARCH_NATIVE, &s->images[i], &v);

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

int images_bss(const struct walk_set *s, int globals_fd, int entry_fd, struct hop_memory *bss)
{
	struct bpf_map_info mi;
	__u32 zero = 0;

	if (!proginfo_map(globals_fd, &mi)) {
		bss->len = mi.value_size;
		bss->data = xcalloc(1, bss->len);
	}
	if (!bss->len || bpf_map_lookup_elem(globals_fd, &zero, bss->data) ||
	    bss_address(entry_fd, s, mi.id, &bss->addr)) {
		bss->len = 0;
		return -ENODATA;
	}
	return 0;
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
int images_jump_table(int fd, uint64_t image, struct hop_memory *t)
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

void images_free(struct walk_set *s)
{
	for (int i = 0; i < s->nbufs; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->images);
}
