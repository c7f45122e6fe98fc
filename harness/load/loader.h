/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loader: opens one generated BPF object, loads the programs a set of
 * cases needs through libbpf, and reads back what the kernel made of them.
 */
#ifndef TB_LOADER_H
#define TB_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"
#include "load/metrics.h"

struct bpf_insn;
struct bpf_map;
struct bpf_object;

struct progset_prog {
	char *name;
	int fd;
	struct prog_metrics m;
};

struct progset {
	char *obj_path;
	struct bpf_object *obj;
	struct progset_prog *progs;
	int nprogs;
	uint64_t load_ns;	/* wall clock of loading all of them */
	char reason[512];	/* why the kernel refused, when it did */
	int armed;		/* bench-private state of the prog arrays */
	/* Built in the harness (load/gotox.c), not from an object: the programs'
	 * fds are ours, and the globals live in one array map. */
	bool builtin;
	int globals_fd;
};

/* Load the named programs of the object with pad no-op instructions run
 * per hop (--pad, layout.h); on failure f->reason says why. */
int progset_load(struct progset *f, const char *obj_path, const struct strlist *progs, int pad);
void progset_unload(struct progset *f);
/* Whether the set holds loaded programs. */
static inline bool progset_loaded(const struct progset *f)
{
	return f->obj || f->builtin;
}

const struct progset_prog *progset_prog(const struct progset *f, const char *name);
int progset_map_fd(const struct progset *f, const char *name);
/* The object's .bss map, NULL if it has none. */
struct bpf_map *progset_bss(const struct progset *f);
/* A built-in set's globals: PROGSET_BUILTIN_GLOBALS u32 (tb_hops, tb_sel)
 * in the value of one array map; a global's offset in bytes, -1 for a name
 * it has none of. */
#define PROGSET_BUILTIN_GLOBALS 2
int progset_builtin_global_off(const char *var);
/* A 32-bit global (tb_sel, tb_hops): in the object's .bss, or in a
 * built-in set's array map. */
int progset_set_global(const struct progset *f, const char *var, uint32_t value);
int progset_get_global(const struct progset *f, const char *var, uint32_t *value);
/* A per-CPU u32 at key 0, summed over the CPUs. */
int progset_percpu_sum(const struct progset *f, const char *map, uint64_t *sum);

/* Silence or forward libbpf's own messages (to pr_debug). */
void loader_init(void);

#endif
