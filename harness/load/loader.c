// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../progs/layout.h"
#include "load/loader.h"
#include "load/pad.h"
#include "load/proginfo.h"
#include "load/verifier_log.h"

/* Level 4 (BPF_LOG_STATS) asks the verifier for its statistics and errors
 * only, not the instruction trace: small, and what the metrics need. */
#define VERIFIER_LOG_STATS 4
#define VERIFIER_LOG_SIZE (64 * 1024)

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (tb_verbose < 1 || level == LIBBPF_DEBUG)
		return 0;
	fputs("libbpf: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

void loader_init(void)
{
	libbpf_set_print(libbpf_print);
}

static uint64_t boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * libbpf loads the programs one after another, and the kernel stamps each
 * with the boot time its BPF_PROG_LOAD began: the gap to the next stamp is
 * that program's load (verifier, JIT, and libbpf's preparation of the next
 * one); the last one's runs to the end of bpf_object__load.
 */
static void attribute_load_times(struct progset *f, const uint64_t *start, uint64_t end)
{
	for (int i = 0; i < f->nprogs; i++) {
		uint64_t next = end;

		for (int j = 0; j < f->nprogs; j++)
			if (start[j] > start[i] && start[j] < next)
				next = start[j];
		f->progs[i].m.load_ns = start[i] && next > start[i] ? next - start[i] : 0;
	}
}

/* Open the object, with --pad's handlers in place for its load. */
static int open_object(struct progset *f, const char *obj_path, int pad)
{
	int err = pad_begin(pad);

	if (err) {
		snprintf(f->reason, sizeof(f->reason), "libbpf refused the program handlers of --pad: %s",
			 strerror(-err));
		return err;
	}
	f->obj = bpf_object__open_file(obj_path, NULL);
	err = libbpf_get_error(f->obj);
	if (err) {
		f->obj = NULL;
		snprintf(f->reason, sizeof(f->reason), "cannot open %s: %s (is the build complete? run make)",
			 obj_path, strerror(-err));
	}
	return err;
}

/* Load only the programs asked for, each with a verifier log of its own:
 * logs[i] for progs->v[i]. */
static int select_programs(struct progset *f, const struct strlist *progs, char **logs)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, f->obj) {
		int i = strlist_find(progs, bpf_program__name(prog));

		if (i < 0) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		logs[i] = xcalloc(1, VERIFIER_LOG_SIZE);
		bpf_program__set_log_level(prog, VERIFIER_LOG_STATS);
		bpf_program__set_log_buf(prog, logs[i], VERIFIER_LOG_SIZE);
	}
	for (int i = 0; i < progs->n; i++) {
		if (!logs[i]) {
			snprintf(f->reason, sizeof(f->reason), "%s has no program %s (stale build? run make)",
				 f->obj_path, progs->v[i]);
			return -ENOENT;
		}
	}
	return 0;
}

/* Why the kernel refused: libbpf stops at the first program it refuses,
 * whose log says why in the verifier's words. */
static void say_refusal(struct progset *f, const struct strlist *progs, char **logs, int err)
{
	for (int i = 0; i < progs->n; i++) {
		char why[400];

		if (verifier_log_reason(logs[i], why, sizeof(why))) {
			snprintf(f->reason, sizeof(f->reason), "verifier rejected %s: %s", progs->v[i],
				 why);
			return;
		}
	}
	snprintf(f->reason, sizeof(f->reason), "loading %s failed: %s", f->obj_path, strerror(-err));
}

/* Each loaded program's fd and what the kernel and its log say of it. */
static void read_programs(struct progset *f, const struct strlist *progs, char **logs,
			  uint64_t end)
{
	uint64_t *starts = xcalloc(progs->n, sizeof(*starts));

	f->nprogs = progs->n;
	f->progs = xcalloc(progs->n, sizeof(*f->progs));
	for (int i = 0; i < progs->n; i++) {
		struct progset_prog *fp = &f->progs[i];

		fp->name = xstrdup(progs->v[i]);
		fp->fd = bpf_program__fd(bpf_object__find_program_by_name(f->obj, fp->name));
		starts[i] = prog_read_metrics(fp->fd, &fp->m);
		verifier_log_stats(logs[i], &fp->m);
	}
	attribute_load_times(f, starts, end);
	free(starts);
}

int progset_load(struct progset *f, const char *obj_path, const struct strlist *progs, int pad)
{
	char **logs = xcalloc(progs->n + 1, sizeof(*logs));
	uint64_t t0, t_end;
	int err;

	memset(f, 0, sizeof(*f));
	f->obj_path = xstrdup(obj_path);
	err = open_object(f, obj_path, pad);
	if (!err)
		err = select_programs(f, progs, logs);
	if (err)
		goto out;
	t0 = now_ns();
	err = bpf_object__load(f->obj);
	f->load_ns = now_ns() - t0;
	t_end = boottime_ns();
	if (err) {
		say_refusal(f, progs, logs, err);
	} else if (pad && !pad_sites()) {
		snprintf(f->reason, sizeof(f->reason), "%s has no --pad sites (stale build? run make)",
			 obj_path);
		err = -ENOENT;
	} else {
		read_programs(f, progs, logs, t_end);
	}
out:
	for (int i = 0; i < progs->n; i++)
		free(logs[i]);
	free(logs);
	if (err)
		progset_unload(f);
	return err;
}

void progset_unload(struct progset *f)
{
	free(f->obj_path);
	f->obj_path = NULL;
	for (int i = 0; i < f->nprogs; i++) {
		if (f->builtin)
			close(f->progs[i].fd);
		free(f->progs[i].name);
	}
	if (f->builtin && f->globals_fd >= 0)
		close(f->globals_fd);
	f->builtin = false;
	free(f->progs);
	f->progs = NULL;
	f->nprogs = 0;
	bpf_object__close(f->obj);
	f->obj = NULL;
}

const struct progset_prog *progset_prog(const struct progset *f, const char *name)
{
	for (int i = 0; i < f->nprogs; i++)
		if (!strcmp(f->progs[i].name, name))
			return &f->progs[i];
	return NULL;
}

int progset_map_fd(const struct progset *f, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(f->obj, name);

	return map ? bpf_map__fd(map) : -ENOENT;
}

struct bpf_map *progset_bss(const struct progset *f)
{
	struct bpf_map *m, *bss = NULL;

	if (!f->obj) /* a built-in set keeps its globals in a map of its own */
		return NULL;
	bpf_object__for_each_map(m, f->obj) {
		const char *name = bpf_map__name(m);
		size_t n = strlen(name);

		if (n >= 4 && !strcmp(name + n - 4, ".bss"))
			bss = m;
	}
	return bss;
}

/* Globals live in the .bss map, at offsets its BTF datasec gives. */
static int bss_var(const struct progset *f, const char *var, struct bpf_map **bss, size_t *off)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct btf *btf = bpf_object__btf(f->obj);
	int id;

	*bss = progset_bss(f);
	id = btf ? btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC) : -ENOENT;
	if (!*bss || id < 0)
		return -ENOENT;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *t = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, t->name_off), var) &&
		    vs->size == sizeof(uint32_t)) {
			*off = vs->offset;
			return 0;
		}
	}
	return -ENOENT;
}

static const char *const builtin_globals[PROGSET_BUILTIN_GLOBALS] = { TB_GLOBAL_HOPS, TB_GLOBAL_SEL };

int progset_builtin_global_off(const char *var)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtin_globals); i++)
		if (!strcmp(builtin_globals[i], var))
			return i * sizeof(uint32_t);
	return -1;
}

/* The map that holds the globals, its value size and var's offset in it. */
static int globals_map(const struct progset *f, const char *var, int *fd, size_t *size,
		       size_t *off)
{
	struct bpf_map *bss;
	int err, o;

	if (f->builtin) {
		o = progset_builtin_global_off(var);
		*fd = f->globals_fd;
		*size = PROGSET_BUILTIN_GLOBALS * sizeof(uint32_t);
		*off = o;
		return o < 0 ? -ENOENT : 0;
	}
	err = bss_var(f, var, &bss, off);
	if (err)
		return err;
	*fd = bpf_map__fd(bss);
	*size = bpf_map__value_size(bss);
	return 0;
}

/* Read the globals' value, change one variable if set is true, write it back. */
static int access_global(const struct progset *f, const char *var, uint32_t *value, bool set)
{
	uint8_t *data;
	__u32 zero = 0;
	size_t off, size;
	int fd, err = globals_map(f, var, &fd, &size, &off);

	if (err)
		return err;
	data = xcalloc(1, size);
	if (bpf_map_lookup_elem(fd, &zero, data)) {
		err = -errno;
	} else if (set) {
		memcpy(data + off, value, sizeof(*value));
		if (bpf_map_update_elem(fd, &zero, data, BPF_ANY))
			err = -errno;
	} else {
		memcpy(value, data + off, sizeof(*value));
	}
	free(data);
	return err;
}

int progset_set_global(const struct progset *f, const char *var, uint32_t value)
{
	return access_global(f, var, &value, true);
}

int progset_get_global(const struct progset *f, const char *var, uint32_t *value)
{
	return access_global(f, var, value, false);
}

/* Sum of a per-CPU u32 over all CPUs (each value is padded to 8 bytes and
 * sits at the start of its slot: on a big-endian machine, s390x, that is the
 * slot's upper half, not what a cast of the 64 bits keeps). */
int progset_percpu_sum(const struct progset *f, const char *map, uint64_t *sum)
{
	int ncpus = libbpf_num_possible_cpus(), fd = progset_map_fd(f, map), err = 0;
	__u32 zero = 0;
	uint64_t *vals;

	if (fd < 0 || ncpus < 0)
		return fd < 0 ? fd : ncpus;
	vals = xcalloc(ncpus, sizeof(*vals));
	*sum = 0;
	if (bpf_map_lookup_elem(fd, &zero, vals))
		err = -errno;
	for (int i = 0; !err && i < ncpus; i++) {
		uint32_t v;

		memcpy(&v, &vals[i], sizeof(v));
		*sum += v;
	}
	free(vals);
	return err;
}
