/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the domain said once.  Clocks and how their figures were obtained,
 * program types, key modes, and the family key that groups the cases of one
 * depth curve.  Readers of result files (show, compare, export, reduce) and
 * the writer use these instead of restating them.
 */
#ifndef TB_MODEL_H
#define TB_MODEL_H

#include <stdbool.h>

#include <jansson.h>

#include "../progs/layout.h"

struct clock_desc {
	const char *name;	/* meta.clock: "ns", "cycles", "insns" */
	const char *label;	/* how its figures were obtained, for headings */
	const char *axis;	/* short, for a plot axis */
	const char *bmf;	/* Bencher's measure */
	bool exact;		/* counts, not timings: compare exactly, fit integers */
};

/* The description of a clock; an unknown one gets a description naming it. */
const struct clock_desc *model_clock(const char *name);
bool model_exact_clock(const char *name);

/* The domains of what results hold, beside layout.h's (nest, depth, pad). */
#define TB_MAX_FRAME_STACK 512	/* the verifier's limit; frame_stack_ok narrows it */
#define TB_MAX_RUNS 100		/* runs in one result: each holds every sample again */
/* The deepest case of any bench: a dispatch to 64 targets. */
#define MODEL_MAX_DEPTH (TB_DISPATCH_MAX > TB_MAX_DEPTH ? TB_DISPATCH_MAX : TB_MAX_DEPTH)

/*
 * A name that goes into case ids, file names, dat files and HTML (a
 * scenario's, bench's, program type's, key mode's): 1..64 of
 * [A-Za-z0-9._+-], not starting with '.' or '-'.  Nothing in it needs
 * quoting anywhere.
 */
#define MODEL_NAME_MAX 64
bool model_name_ok(const char *name);

#define MODEL_NR_PROG_TYPES 2
#define MODEL_NR_KEY_MODES 3
extern const char *const model_prog_types[MODEL_NR_PROG_TYPES];	/* "xdp", "tc" */
extern const char *const model_key_modes[MODEL_NR_KEY_MODES];	/* "static", "dynamic", "poisoned" */
/* name is one of the n names in list. */
bool model_is_one_of(const char *name, const char *const *list, int n);

/*
 * The family of a case or fit: "scenario/bench/type/mode/nN/sS", a case id
 * without its depth.  Cases of one family make one depth curve and one fit.
 * The caller frees it.
 */
char *model_family_key(json_t *item);
/* A case of a result was measured (status "ok"). */
bool case_ok(json_t *c);

/* A measured case that belongs on its family's depth curve: hops, not
 * dispatch targets, and not the 34th call, which must fall through. */
bool model_fit_point(json_t *c);

/* A case's figure: for exact clocks the count its trials agreed on, else
 * the median of its trials. */
double model_case_figure(json_t *c);

/* "<family>/per_hop": a fit's name in compare reports and dashboards. */
char *model_fit_name(json_t *fit);

#endif
