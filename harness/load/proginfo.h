/* SPDX-License-Identifier: GPL-2.0 */
/*
 * proginfo: what the kernel says of a loaded program (BPF_OBJ_GET_INFO_BY_FD),
 * its arrays included: asked once for their sizes, then again with room
 * for them.  The one place that reads program (and map) info.
 */
#ifndef TB_PROGINFO_H
#define TB_PROGINFO_H

#include <stdint.h>

#include <linux/bpf.h>

#include "load/metrics.h"

/* The arrays to fetch besides the figures. */
enum {
	PROGINFO_JITED = 1 << 0,	/* jited: the native code */
	PROGINFO_XLATED = 1 << 1,	/* xlated: the verifier's code */
	PROGINFO_KSYMS = 1 << 2,	/* ksyms: each function's address, main first */
	PROGINFO_FUNC_LENS = 1 << 3,	/* func_lens: each function's bytes of native code */
	PROGINFO_MAP_IDS = 1 << 4,	/* map_ids: the maps it uses */
};

struct proginfo {
	/* The figures, and the arrays' lengths (jited_prog_len, nr_jited_ksyms, ...). */
	struct bpf_prog_info info;
	uint8_t *jited;
	struct bpf_insn *xlated;
	uint64_t *ksyms;
	uint32_t *func_lens;
	uint32_t *map_ids;
};

/* 0 or a negative errno; an array asked for but empty stays NULL.  Free
 * with proginfo_free, also after a failure. */
int proginfo_read(int fd, unsigned int want, struct proginfo *pi);
void proginfo_free(struct proginfo *pi);
/* A map's info (no arrays to fetch); 0 or a negative errno. */
int proginfo_map(int fd, struct bpf_map_info *mi);

/* What the kernel says of a loaded program (not load_ns, verify_ns nor
 * stack_depth); returns its load_time, boot-time ns when BPF_PROG_LOAD
 * began, 0 if unknown. */
uint64_t prog_read_metrics(int fd, struct prog_metrics *m);
/* The native code of a loaded program and its address; free(*image). */
int prog_jited_image(int fd, uint8_t **image, uint32_t *len, uint64_t *addr);

#endif
