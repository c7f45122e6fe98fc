/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench: one entry per benchmark kind (a tail-call chain, a baseline, a
 * dispatch), as hooks the runner drives: which object and programs a case
 * needs, how to arm its prog arrays, and the return value that proves it
 * ran what was intended, and everything else keyed on a kind: its titles and
 * units, how its hops are walked (hop/), its rows in the classic table.
 * Adding a kind is one descriptor in a file of bench/ and one entry in
 * benches[]; its program names come from progs/layout.h, which the
 * generator shares.
 */
#ifndef TB_BENCH_H
#define TB_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"
#include "bench/hop_rule.h"
#include "load/loader.h"

enum {
	AXIS_KEY_MODE = 1 << 0,	/* static / dynamic / poisoned */
	AXIS_NEST = 1 << 1,	/* tail call issued from nesting depth 0..7 */
	AXIS_STACK = 1 << 2,	/* bytes of stack in every frame */
};

struct hop_record;

#define TB_MAX_PACKET 256

/* Names of series a case can carry: the primary clock plus alternates. */
#define TB_MAX_SERIES 8

struct series {
	const char *name;	/* "ns", "cycles", "insns", "instructions", "tsc"... */
	double *v;
	int n;
};

enum case_status { CASE_PENDING, CASE_OK, CASE_SKIPPED };

struct tb_case {
	char *id;		/* scenario/bench/type/mode/nN/sS/dD: unique in a run */
	const char *scenario;
	const struct bench *bench;
	const char *prog_type;	/* "xdp", "tc" */
	const char *key_mode;	/* "static", "dynamic", "poisoned", "none" */
	int nest;
	int frame_stack;
	int depth;		/* tail calls attempted, calls made, or dispatch targets */
	int repeat, trials, warmup;	/* from the scenario */

	struct progset *set;	/* the loaded programs it runs */
	int entry_fd;		/* the program a run starts at, once loaded */
	enum case_status status;
	char *reason;		/* why skipped */
	uint32_t expected;	/* return value that proves the intended run */
	uint64_t counted;	/* hops the counter gained in one validating run */
	uint32_t retval;
	/* Exact clocks (measure/exact.c): one run's count (test_run's fixed cost
	 * in it) and the largest of its probes no interrupt landed in, the
	 * smallest count of a sample so far, that cost, the samples taken again,
	 * and the interrupts every sample takes; the count again at another
	 * repeat (recount_repeat), its samples, and whether every check was
	 * made. */
	uint32_t once, once_max, least, recount;
	int fixed, disturbed, recount_repeat, recount_tries;
	uint64_t quiet_irqs;
	bool checked;
	struct series series[TB_MAX_SERIES];	/* [0] is meta.clock */
	int nseries;
	struct prog_metrics path;	/* summed over the programs the case runs */
	int path_progs;
	/* Several runs in one result: samples each run gave, in order. */
	int *run_samples, nruns;
	int skipped_run;	/* 1-based run that skipped it, 0: none */
	struct hop_record *hop;	/* its family's hop path (hop/case.h), first case only */
};

/* A row of the classic table (result/classic.h): the name the dat export
 * gives it, the key mode its cases have (NULL: the bench's only one), and
 * its label in show. */
struct bench_row {
	const char *id;
	const char *key_mode;
	const char *label;
};

struct bench {
	const char *name;
	const char *desc;
	const char *title;	/* its legend in plots and the report */
	unsigned int axes;
	const char *key_mode;	/* for kinds without AXIS_KEY_MODE */
	/* The one program type the kind is built for, whatever the scenario's
	 * prog_types say (NULL: each of those). */
	const char *prog_type;
	int min_depth, max_depth;
	const char *depth_unit;	/* "hops" or "targets" */
	bool fit;		/* cost is linear in depth: fit a per-hop slope */

	/* Object file name, under the objects directory. */
	char *(*object)(const struct tb_case *c);
	/* Programs built by the harness, not read from the object (NULL:
	 * libbpf loads them from the object). */
	int (*load)(struct progset *f, const struct strlist *progs, int pad);
	/* Programs the case needs loaded: first the ones a run goes through,
	 * in order, entry first. */
	void (*progs)(const struct tb_case *c, struct strlist *out);
	/* How many of those a run goes through (NULL: one). */
	int (*path_len)(const struct tb_case *c);
	/* Fill prog arrays and globals so that the entry runs this case (NULL:
	 * nothing to fill). */
	int (*arm)(struct progset *f, const struct tb_case *c);
	uint32_t (*expected)(const struct tb_case *c);
	/* What a return value says, for the message of a failed proof (NULL:
	 * the number alone). */
	void (*describe)(const struct tb_case *c, uint32_t v, char *buf, size_t len);
	/* Hops one run adds to the counter (tb_hops, or with percpu_counter
	 * the per-CPU map tb_percpu_ctx); NULL when the kind keeps none. */
	int (*counted)(const struct tb_case *c);
	bool percpu_counter;
	/* Its programs have no --pad site (a study's bare hop): skipped under
	 * --pad. */
	bool no_pad;
	/* Bytes of the packet test_run is given, at most TB_MAX_PACKET (0: 64). */
	int packet_bytes;
	/* Optional: depths inside [min, max] that the kind has no program for. */
	bool (*depth_ok)(int depth);
	/* How its hop path is walked (boundary HOP_NONE: it is not). */
	struct hop_rule hop;
	/* Its rows in the classic table, in the table's order (none: not in it):
	 * the same hops by each means, compared at one depth. */
	const struct bench_row *rows;
	int nrows;
};

/* The rows of a bench: BENCH_ROWS({ "id", NULL, "label" }, ...). */
#define BENCH_ROWS(...)                                                    \
	.rows = (const struct bench_row[]){ __VA_ARGS__ },                \
	.nrows = sizeof((const struct bench_row[]){ __VA_ARGS__ }) /       \
		 sizeof(struct bench_row)

const struct bench *bench_find(const char *name);
const struct bench *const *bench_all(int *n);

/* Load the programs of a case of b: from the object at path, or b's own. */
int bench_load(const struct bench *b, struct progset *f, const char *path,
	       const struct strlist *progs, int pad);

/* Fill slots first..first+count-1 of the named prog arrays with the
 * programs prog(c, slot) names (a string to free), and empty the slots
 * after them. */
int arm_slots(struct progset *f, const struct tb_case *c, const char *const *maps, int nmaps,
	      char *(*prog)(const struct tb_case *c, int slot), int first, int count);

/* The object of the baselines, shared by the kinds built into it. */
char *baseline_object(const struct tb_case *c);

extern const struct bench bench_tailcall, bench_tailcall_percpu, bench_inline, bench_bpf2bpf,
	bench_bpf2bpf_args, bench_bpf_loop, bench_bpf_loop_helper, bench_dispatch_table, bench_dispatch_switch, bench_gotox_chain,
	bench_gotox_dispatch, bench_chaignon2021;

#endif
