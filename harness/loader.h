/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loader: opens one generated BPF object, loads the programs a set of
 * cases needs through libbpf, and reads back what the kernel made of them.
 */
#ifndef TB_LOADER_H
#define TB_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct bpf_insn;
struct bpf_map;
struct bpf_object;

/* What the verifier and the JIT made of one program. */
struct prog_metrics {
	uint32_t jited_len;	/* bytes of native code */
	uint32_t xlated_len;	/* bytes of BPF after the verifier's rewrites */
	uint32_t verified_insns;	/* instructions the verifier processed */
	uint32_t stack_depth;	/* bytes, summed over the program's frames */
	uint64_t verify_ns;	/* the verifier's own clock, from its log */
	uint64_t load_ns;	/* BPF_PROG_LOAD start to the next one's (see loader.c) */
	uint32_t jit_insns;	/* native instructions (capstone), 0 if unknown */
	uint32_t jit_indirect;	/* indirect jumps and calls among them */
};

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
};

/* Load the named programs of the object with pad no-op instructions run
 * per hop (--pad, layout.h); on failure f->reason says why. */
int progset_load(struct progset *f, const char *obj_path, const struct strlist *progs, int pad);
void progset_unload(struct progset *f);


const struct progset_prog *progset_prog(const struct progset *f, const char *name);
int progset_map_fd(const struct progset *f, const char *name);
/* The object's .bss map, NULL if it has none. */
struct bpf_map *progset_bss(const struct progset *f);
/* A 32-bit global of the object's .bss (tb_sel, tb_hops). */
int progset_set_global(const struct progset *f, const char *var, uint32_t value);
int progset_get_global(const struct progset *f, const char *var, uint32_t *value);
/* A per-CPU u32 at key 0, summed over the CPUs. */
int progset_percpu_sum(const struct progset *f, const char *map, uint64_t *sum);

/* The native code of a loaded program and its address; free(*image). */
int prog_jited_image(int fd, uint8_t **image, uint32_t *len, uint64_t *addr);

/* Silence or forward libbpf's own messages (to pr_debug). */
void loader_init(void);

#endif
