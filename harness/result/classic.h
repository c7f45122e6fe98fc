/* SPDX-License-Identifier: GPL-2.0 */
/*
 * classic: the table of tail calls against bpf2bpf calls and inlined code,
 * reduced once from a loaded result so that show, the dat export and the
 * report print the same figures.  Mechanisms compare within one scenario
 * (same trials, same repeat) at one depth every one of them was measured at.
 */
#ifndef TB_CLASSIC_H
#define TB_CLASSIC_H

#include <stdbool.h>

#include <jansson.h>

/* Deepest chain in hops: the next depth is the limit case. */
#define CLASSIC_MAX_HOPS 33

/* A row: a bench's struct bench_row (bench/bench.h), in the bench table's
 * order. */
struct classic_mech {
	const char *id;		/* the dat's name: a bench, or tailcall_KEYMODE */
	const char *bench;
	const char *key_mode;	/* NULL: the bench's only one */
	const char *label;	/* for show */
};

/* At most this many rows (bits of a mask): the bench table may not give more. */
enum { CLASSIC_MAX_MECHS = 32 };
int classic_nmechs(void);
const struct classic_mech *classic_mech(int m);
/* The row named id, or -1. */
int classic_find(const char *id);

/* Verifier refusals that state a limit: the smallest figure refused. */
enum { CLASSIC_NREFUSALS = 2 };
struct classic_refusal {
	const char *name;	/* the dat's property */
	const char *label;	/* for show, before the bytes */
};
extern const struct classic_refusal classic_refusals[CLASSIC_NREFUSALS];

struct classic_row {
	json_t *c;		/* the case at the common depth; NULL: none */
	json_t *refused;	/* none ran: a case the kernel refused, with its words */
	json_t *fit;		/* its family's fit; NULL: none */
	/* c's figure: the agreed count for exact clocks, else the median */
	double run, q1, q3;
	double per_hop, ci_low, ci_high, jited_per_hop;		/* fit's, else NaN */
	int jited_len, xlated_len, verified_insns, stack_depth, jit_indirect;
	double load_ns, verify_ns;
};

struct classic {
	const char *scenario;	/* the one that measured most mechanisms; NULL: none */
	int depth;		/* deepest depth all of them have; -1: none */
	struct classic_row rows[CLASSIC_MAX_MECHS];	/* by classic_mech() */
	json_t *limit;		/* the case attempting a 34th tail call */
	json_t *frames;		/* the deepest nesting a tail call ran at */
	json_t *refused[CLASSIC_NREFUSALS];	/* a case refused at the least bytes */
	int refused_bytes[CLASSIC_NREFUSALS];
};

/* Reduce root's cases and fits of one program type, in time linear in them.
 * A mechanism is in the table when its row has a case or a fit. */
void classic_reduce(json_t *root, const char *type, struct classic *out);

static inline bool classic_has(const struct classic *t, int m)
{
	return t->rows[m].c || t->rows[m].fit;
}

#endif
