// SPDX-License-Identifier: GPL-2.0
/*
 * The indirect-jump programs (load/gotox.h), written as instructions.  Encoding,
 * as the kernel's uapi has it since indirect jumps came in:
 *   rX = map_value(insn_array, off)   ld_imm64, src BPF_PSEUDO_MAP_VALUE
 *   rX = *(u64 *)(rX + 0)             the target, as the verifier knows it
 *   gotox rX                          BPF_JMP | BPF_JA | BPF_X, dst rX
 * The instruction array holds the targets as instruction indexes; it is
 * frozen before the load, and the verifier follows every target that the
 * offset's range allows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "../progs/layout.h"
#include "load/gotox.h"
#include "load/pad.h"
#include "load/proginfo.h"
#include "load/verifier_log.h"

/* Newer than the uapi headers Debian 12 ships. */
#define TB_MAP_TYPE_INSN_ARRAY 34
#define TB_GOTOX (BPF_JMP | BPF_JA | BPF_X)

struct insn_array_value {
	__u32 orig_off;		/* set by us: the target instruction */
	__u32 xlated_off;	/* set by the kernel */
	__u32 jitted_off;
	__u32 reserved;
};

/* A slot whose target the verifier removed as dead code. */
#define INSN_DELETED ((__u32)-1)

#define VERIFIER_LOG_STATS 4
#define VERIFIER_LOG_SIZE (64 * 1024)

/* Registers: r6 holds the globals' address, r1 and r2 are scratch. */
enum { R0 = 0, R1 = 1, R2 = 2, R6 = 6 };

struct prog_buf {
	struct bpf_insn *v;
	int n, cap;
	__u32 *targets;		/* the jump table, instruction indexes */
	int ntargets;
};

static void put(struct prog_buf *p, __u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->v = xrealloc(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
					  .off = off, .imm = imm };
}

/* reg = the address of byte off of the map's value (two instructions). */
static void put_map_value(struct prog_buf *p, int reg, int map_fd, int off)
{
	put(p, BPF_LD | BPF_DW | BPF_IMM, reg, BPF_PSEUDO_MAP_VALUE, 0, map_fd);
	put(p, 0, 0, 0, 0, off);
}

static void put_exit(struct prog_buf *p, int ret)
{
	put(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, ret);
	put(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* The --pad site of layout.h, on a register that holds a scalar. */
static void put_pad(struct prog_buf *p, int reg)
{
	put(p, BPF_JMP | BPF_JGE | BPF_K, reg, 0, TB_PAD_SLOTS, 0);
	for (int i = 0; i < TB_PAD_SLOTS; i++)
		put(p, BPF_ALU64 | BPF_ADD | BPF_K, reg, 0, 0, 0);
}

/* The hop of tb.bpf.h: tb_hops += 1 (load, add, store), then the pad. */
static void put_hop(struct prog_buf *p, int hops_off)
{
	put(p, BPF_LDX | BPF_W | BPF_MEM, R1, R6, hops_off, 0);
	put(p, BPF_ALU64 | BPF_ADD | BPF_K, R1, 0, 0, 1);
	put(p, BPF_STX | BPF_W | BPF_MEM, R6, R1, hops_off, 0);
	put_pad(p, R1);
}

/* gotox through entry slot of the table, or (slot < 0) through the entry
 * that reg_index, already scaled to bytes, selects. */
static void put_gotox(struct prog_buf *p, int jt_fd, int slot, int reg_index)
{
	put_map_value(p, R1, jt_fd, slot < 0 ? 0 : slot * 8);
	if (slot < 0)
		put(p, BPF_ALU64 | BPF_ADD | BPF_X, R1, reg_index, 0, 0);
	put(p, BPF_LDX | BPF_DW | BPF_MEM, R1, R1, 0, 0);
	put(p, TB_GOTOX, R1, 0, 0, 0);
}

static void add_target(struct prog_buf *p)
{
	p->targets = xrealloc(p->targets, p->ntargets + 1, sizeof(*p->targets));
	p->targets[p->ntargets++] = p->n;
}

/* d+1 hops; hop i leaves through table entry i to hop i+1. */
static void build_chain(struct prog_buf *p, int globals_fd, int jt_fd, int depth)
{
	int hops = progset_builtin_global_off(TB_GLOBAL_HOPS);

	put_map_value(p, R6, globals_fd, 0);
	for (int i = 0; i <= depth; i++) {
		if (i)
			add_target(p);
		put_hop(p, hops);
		if (i < depth)
			put_gotox(p, jt_fd, i, 0);
	}
	put_exit(p, depth);
}

/* Bounds check, then gotox through the table to handler tb_sel. */
static void build_dispatch(struct prog_buf *p, int globals_fd, int jt_fd, int m)
{
	int check;

	put_map_value(p, R6, globals_fd, 0);
	put(p, BPF_LDX | BPF_W | BPF_MEM, R2, R6, progset_builtin_global_off(TB_GLOBAL_SEL), 0);
	check = p->n;
	put(p, BPF_JMP | BPF_JGE | BPF_K, R2, 0, 0, m);
	put(p, BPF_ALU64 | BPF_LSH | BPF_K, R2, 0, 0, 3);
	put_gotox(p, jt_fd, -1, R2);
	for (int k = 0; k < m; k++) {
		add_target(p);
		put(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, TB_RET_TARGET + k);
		put_pad(p, R0);
		put(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	p->v[check].off = p->n - check - 1;
	put_exit(p, TB_RET_FELL_THROUGH);
}

static int create_jump_table(int entries)
{
	return bpf_map_create(TB_MAP_TYPE_INSN_ARRAY, "tb_jt", sizeof(__u32),
			      sizeof(struct insn_array_value), entries, NULL);
}

/* The table gets its targets and is frozen, as the verifier requires. */
static int fill_jump_table(int fd, const struct prog_buf *p)
{
	for (int i = 0; i < p->ntargets; i++) {
		struct insn_array_value v = { .orig_off = p->targets[i] };
		__u32 key = i;

		if (bpf_map_update_elem(fd, &key, &v, BPF_ANY))
			return -errno;
	}
	return bpf_map_freeze(fd) ? -errno : 0;
}

struct spec {
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	bool dispatch;
	int n;			/* chain depth or dispatch targets */
};

static int parse_name(const char *name, struct spec *s)
{
	char type[8], kind[16];
	int len = 0;

	if (sscanf(name, "%7[a-z]_gotox_%15[a-z]_%d%n", type, kind, &s->n, &len) != 3 ||
	    name[len])
		return -EINVAL;
	if (!strcmp(type, "xdp")) {
		s->type = BPF_PROG_TYPE_XDP;
		s->attach = BPF_XDP;
	} else if (!strcmp(type, "tc")) {
		s->type = BPF_PROG_TYPE_SCHED_CLS;
		s->attach = 0;
	} else {
		return -EINVAL;
	}
	s->dispatch = !strcmp(kind, "dispatch");
	if (s->dispatch)
		return s->n >= 1 && s->n <= TB_DISPATCH_MAX ? 0 : -EINVAL;
	return !strcmp(kind, "chain") && s->n >= 0 && s->n < TB_BASELINE_DEPTHS ? 0 : -EINVAL;
}

/* Load one program; on failure reason says why, in the kernel's words. */
static int load_one(const struct spec *s, const char *name, int globals_fd, int pad,
		    struct progset_prog *out, char *reason, size_t len)
{
	char *log = xcalloc(1, VERIFIER_LOG_SIZE);
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = s->attach,
		    .log_level = VERIFIER_LOG_STATS, .log_buf = log, .log_size = VERIFIER_LOG_SIZE);
	int jt = -1, fd = -1, err = 0;
	struct prog_buf p = {};
	uint64_t t0;

	if (s->n) {
		jt = create_jump_table(s->n);
		if (jt < 0) {
			err = -errno;
			snprintf(reason, len, "the kernel has no instruction-array maps for indirect "
				 "jumps: BPF_MAP_CREATE(BPF_MAP_TYPE_INSN_ARRAY): %s", strerror(-err));
			goto out;
		}
	}
	if (s->dispatch)
		build_dispatch(&p, globals_fd, jt, s->n);
	else
		build_chain(&p, globals_fd, jt, s->n);
	if (pad_program(p.v, p.n, pad) != (s->dispatch ? s->n : s->n + 1)) {
		snprintf(reason, len, "%s: the pad sites are not where they were put", name);
		err = -EINVAL;
		goto out;
	}
	err = jt >= 0 ? fill_jump_table(jt, &p) : 0;
	if (err) {
		snprintf(reason, len, "filling the jump table of %s: %s", name, strerror(-err));
		goto out;
	}
	/* BPF_PROG_LOAD alone: the verifier and the JIT. */
	t0 = now_ns();
	fd = bpf_prog_load(s->type, name, "GPL", p.v, p.n, &opts);
	out->m.load_ns = now_ns() - t0;
	if (fd < 0) {
		char why[400];

		err = -errno;
		if (verifier_log_reason(log, why, sizeof(why)))
			snprintf(reason, len, "verifier rejected %s: %s", name, why);
		else
			snprintf(reason, len, "loading %s failed: %s", name, strerror(-err));
		goto out;
	}
	out->fd = fd;
	out->name = xstrdup(name);
	prog_read_metrics(fd, &out->m);
	verifier_log_stats(log, &out->m);
out:
	if (jt >= 0)
		close(jt);	/* the program holds its own reference */
	free(p.v);
	free(p.targets);
	free(log);
	return err;
}

/*
 * Probe before anything else: the smallest program with one indirect jump,
 * so that a kernel without them is told apart from a refused benchmark
 * program, and its answer is the skip reason of every case.
 */
static int probe(int globals_fd, char *reason, size_t len)
{
	static int answer = 1;
	static char said[512];
	struct spec s = { BPF_PROG_TYPE_XDP, BPF_XDP, false, 1 };
	struct progset_prog prog = { .fd = -1 };

	if (answer <= 0)
		goto out;
	answer = load_one(&s, "tb_gotox_probe", globals_fd, 0, &prog, said, sizeof(said));
	if (!answer) {
		close(prog.fd);
		free(prog.name);
	}
out:
	snprintf(reason, len, "%s", said);
	return answer;
}

char *gotox_object(const struct tb_case *c)
{
	(void)c;
	return xstrdup("(built in: gotox)");
}

int gotox_load(struct progset *f, const struct strlist *progs, int pad)
{
	uint64_t t0 = now_ns();
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->builtin = true;
	f->obj_path = gotox_object(NULL);
	f->globals_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "tb_globals", sizeof(__u32),
				       PROGSET_BUILTIN_GLOBALS * sizeof(__u32), 1, NULL);
	if (f->globals_fd < 0) {
		err = -errno;
		snprintf(f->reason, sizeof(f->reason), "creating the globals' array map: %s",
			 strerror(-err));
		goto out;
	}
	err = probe(f->globals_fd, f->reason, sizeof(f->reason));
	if (err)
		goto out;
	f->progs = xcalloc(progs->n, sizeof(*f->progs));
	for (int i = 0; i < progs->n && !err; i++) {
		struct spec s;

		err = parse_name(progs->v[i], &s);
		if (err) {
			snprintf(f->reason, sizeof(f->reason), "%s: not a gotox program", progs->v[i]);
			break;
		}
		f->progs[i].fd = -1;
		err = load_one(&s, progs->v[i], f->globals_fd, pad, &f->progs[i], f->reason,
			       sizeof(f->reason));
		if (!err)
			f->nprogs++;
	}
	f->load_ns = now_ns() - t0;
out:
	if (err)
		progset_unload(f);
	return err;
}

/* The instruction array among the maps a loaded program uses, or -ENOENT. */
static int jump_table_fd(int prog_fd, __u32 *entries)
{
	struct proginfo pi;
	int fd = proginfo_read(prog_fd, PROGINFO_MAP_IDS, &pi);

	if (!fd)
		fd = -ENOENT;
	for (__u32 i = 0; i < pi.info.nr_map_ids && pi.map_ids && fd == -ENOENT; i++) {
		struct bpf_map_info mi;
		int m = bpf_map_get_fd_by_id(pi.map_ids[i]);

		if (m < 0) {
			fd = -errno;
		} else if (!proginfo_map(m, &mi) && mi.type == TB_MAP_TYPE_INSN_ARRAY) {
			*entries = mi.max_entries;
			fd = m;
		} else {
			close(m);
		}
	}
	proginfo_free(&pi);
	return fd;
}

int gotox_jitted_targets(int prog_fd, uint32_t **offs, int *n)
{
	__u32 entries = 0;
	int fd = jump_table_fd(prog_fd, &entries), err = 0;

	if (fd < 0)
		return fd;
	*offs = xcalloc(entries, sizeof(**offs));
	*n = entries;
	for (__u32 key = 0; key < entries && !err; key++) {
		struct insn_array_value v;

		if (bpf_map_lookup_elem(fd, &key, &v))
			err = -errno;
		else if (v.xlated_off == INSN_DELETED)
			err = -ENODATA;
		else
			(*offs)[key] = v.jitted_off;
	}
	close(fd);
	if (err) {
		free(*offs);
		*offs = NULL;
	}
	return err;
}
