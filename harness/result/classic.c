// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "bench/bench.h"
#include "result/classic.h"
#include "result/read.h"

static struct classic_mech mech_table[CLASSIC_MAX_MECHS];
static int nmech_table = -1;

/* The rows the benches declare, in the bench table's order. */
static void mechs_init(void)
{
	const struct bench *const *b;
	int n;

	if (nmech_table >= 0)
		return;
	nmech_table = 0;
	b = bench_all(&n);
	for (int i = 0; i < n; i++)
		for (int r = 0; r < b[i]->nrows; r++) {
			const struct bench_row *row = &b[i]->rows[r];

			if (nmech_table == CLASSIC_MAX_MECHS) {
				/* A bench table error, caught by the unit tests. */
				fprintf(stderr, "classic: the benches give more than %d rows\n",
					CLASSIC_MAX_MECHS);
				abort();
			}
			mech_table[nmech_table++] = (struct classic_mech){
				row->id, b[i]->name, row->key_mode, row->label
			};
		}
}

int classic_nmechs(void)
{
	mechs_init();
	return nmech_table;
}

const struct classic_mech *classic_mech(int m)
{
	mechs_init();
	return &mech_table[m];
}

int classic_find(const char *id)
{
	mechs_init();
	for (int m = 0; m < nmech_table; m++)
		if (!strcmp(mech_table[m].id, id))
			return m;
	return -1;
}

const struct classic_refusal classic_refusals[CLASSIC_NREFUSALS] = {
	{ "mixed_stack_refused", "tail calls refused with callers' stack of" },
	{ "stack_refused", "refused: combined stack of" },
};

/* How the verifier words each refusal, and where its figure is. */
static const struct {
	const char *anchor, *format;
} refusals[CLASSIC_NREFUSALS] = {
	/* mixing tail calls with bpf2bpf calls: the callers' stack */
	{ "tail_calls are not allowed when call stack of previous frames is ", "%d" },
	{ "combined stack size of ", "%*d calls is %d" },
};

static bool is_type(json_t *c, const char *type)
{
	return !strcmp(jstr(c, "prog_type", ""), type);
}

static bool unnested(json_t *item)
{
	return !jint(item, "nest", -1) && !jint(item, "frame_stack", -1);
}

/* The mechanism a case or fit of an unnested chain belongs to; -1: none. */
static int mech_of(json_t *item)
{
	const char *bench = jstr(item, "bench", ""), *mode = jstr(item, "key_mode", "");

	if (!unnested(item))
		return -1;
	for (int m = 0; m < classic_nmechs(); m++)
		if (!strcmp(mech_table[m].bench, bench) &&
		    (!mech_table[m].key_mode || !strcmp(mech_table[m].key_mode, mode)))
			return m;
	return -1;
}

/* A measured case of a mechanism within the hops that compare. */
struct plain {
	const char *scenario;
	int mech, depth;
	size_t idx;
};

static int cmp_plain(const void *a, const void *b)
{
	const struct plain *x = a, *y = b;
	int d = strcmp(x->scenario, y->scenario);

	return d ? d : (x->idx > y->idx) - (x->idx < y->idx);
}

/* The plain cases of a type, sorted by scenario then file order; returns
 * how many. */
static size_t collect(json_t *cases, const char *type, struct plain **out)
{
	struct plain *p = xcalloc(json_array_size(cases) + 1, sizeof(*p));
	size_t i, n = 0;
	json_t *c;

	json_array_foreach(cases, i, c) {
		int m = mech_of(c), depth = jint(c, "depth", -1);

		if (m < 0 || !case_ok(c) || !is_type(c, type) || depth < 0 ||
		    depth > CLASSIC_MAX_HOPS)
			continue;
		p[n++] = (struct plain){ jstr(c, "scenario", ""), m, depth, i };
	}
	qsort(p, n, sizeof(*p), cmp_plain);
	*out = p;
	return n;
}

/* Depths each mechanism of the scenario starting at p[*at] was measured at,
 * as bit masks; advances *at past the scenario.  Returns its mechanisms. */
static unsigned scan_scenario(const struct plain *p, size_t n, size_t *at,
			      uint64_t depths[CLASSIC_MAX_MECHS])
{
	const char *scenario = p[*at].scenario;
	unsigned mechs = 0;

	memset(depths, 0, CLASSIC_MAX_MECHS * sizeof(*depths));
	for (; *at < n && !strcmp(p[*at].scenario, scenario); (*at)++) {
		mechs |= 1u << p[*at].mech;
		depths[p[*at].mech] |= 1ull << p[*at].depth;
	}
	return mechs;
}

static void fill_case(struct classic_row *r, json_t *c, bool exact)
{
	json_t *stat = json_object_get(c, "stat"), *prog = json_object_get(c, "prog");

	r->c = c;
	r->run = exact && json_object_get(stat, "agreed") ? jnum(stat, "agreed", NAN) :
							    jnum(stat, "median", NAN);
	r->q1 = jnum(stat, "q1", NAN);
	r->q3 = jnum(stat, "q3", NAN);
	r->jited_len = jint(prog, "jited_len", -1);
	r->xlated_len = jint(prog, "xlated_len", -1);
	r->verified_insns = jint(prog, "verified_insns", -1);
	r->stack_depth = jint(prog, "stack_depth", -1);
	r->jit_indirect = jint(prog, "jit_indirect", -1);
	r->load_ns = jnum(prog, "load_ns", NAN);
	r->verify_ns = jnum(prog, "verify_ns", NAN);
}

static void fill_fit(struct classic_row *r, json_t *fit)
{
	json_t *ph = json_object_get(fit, "per_hop");

	r->fit = fit;
	r->per_hop = jnum(ph, "value", NAN);
	r->ci_low = jnum(ph, "ci_low", NAN);
	r->ci_high = jnum(ph, "ci_high", NAN);
	r->jited_per_hop = jnum(fit, "jited_per_hop", NAN);
}

/* The scenario that measured most mechanisms (of equals, the first by
 * name), its deepest common depth and the case of each mechanism there. */
static void reduce_cases(struct classic *t, json_t *cases, const char *type, bool exact)
{
	uint64_t depths[CLASSIC_MAX_MECHS], common = 0;
	size_t n, at = 0, best = 0;
	int most = 0;
	struct plain *p;

	n = collect(cases, type, &p);
	while (at < n) {
		size_t start = at;
		int k = __builtin_popcount(scan_scenario(p, n, &at, depths));

		if (k > most) {
			most = k;
			best = start;
		}
	}
	if (most) {
		unsigned mechs;

		at = best;
		mechs = scan_scenario(p, n, &at, depths);
		t->scenario = p[best].scenario;
		common = ~0ull;
		for (int m = 0; m < classic_nmechs(); m++)
			if (mechs & (1u << m))
				common &= depths[m];
		t->depth = common ? 63 - __builtin_clzll(common) : -1;
		for (size_t i = best; i < at; i++)
			if (p[i].depth == t->depth && !t->rows[p[i].mech].c)
				fill_case(&t->rows[p[i].mech], json_array_get(cases, p[i].idx),
					  exact);
	}
	free(p);
}

static void reduce_fits(struct classic *t, json_t *fits, const char *type)
{
	json_t *fit;
	size_t i;

	json_array_foreach(fits, i, fit) {
		int m = mech_of(fit);

		if (m >= 0 && is_type(fit, type) && !t->rows[m].fit &&
		    !strcmp(jstr(fit, "scenario", ""), t->scenario))
			fill_fit(&t->rows[m], fit);
	}
}

/* The first refused case of each mechanism that has no measured one: a
 * kernel without a feature (gotox before 6.19) says so in its words. */
static void reduce_refused(struct classic *t, json_t *cases, const char *type)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c) {
		int m = mech_of(c);

		if (m >= 0 && !case_ok(c) && is_type(c, type) && !classic_has(t, m) &&
		    !t->rows[m].refused)
			t->rows[m].refused = c;
	}
}

/* The 34th tail call, the deepest nesting that ran, and the least stack
 * each refusal names: one pass. */
static void reduce_limits(struct classic *t, json_t *cases, const char *type)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c) {
		if (!is_type(c, type))
			continue;
		if (!t->limit && !strcmp(jstr(c, "bench", ""), "tailcall") && unnested(c) &&
		    jint(c, "depth", -1) == CLASSIC_MAX_HOPS + 1)
			t->limit = c;
		if (case_ok(c) &&
		    jint(c, "nest", 0) > (t->frames ? jint(t->frames, "nest", 0) : 0))
			t->frames = c;
		for (int r = 0; r < CLASSIC_NREFUSALS; r++) {
			const char *at = strstr(jstr(c, "reason", ""), refusals[r].anchor);
			int bytes;

			if (at && sscanf(at + strlen(refusals[r].anchor), refusals[r].format,
					 &bytes) == 1 &&
			    (!t->refused[r] || bytes < t->refused_bytes[r])) {
				t->refused[r] = c;
				t->refused_bytes[r] = bytes;
			}
		}
	}
}

void classic_reduce(json_t *root, const char *type, struct classic *t)
{
	json_t *cases = json_object_get(root, "cases");
	bool exact = model_exact_clock(jstr(json_object_get(root, "meta"), "clock", "?"));

	*t = (struct classic){ .depth = -1 };
	for (int m = 0; m < CLASSIC_MAX_MECHS; m++)
		t->rows[m] = (struct classic_row){
			.run = NAN, .q1 = NAN, .q3 = NAN, .per_hop = NAN, .ci_low = NAN,
			.ci_high = NAN, .jited_per_hop = NAN, .load_ns = NAN, .verify_ns = NAN,
		};
	reduce_cases(t, cases, type, exact);
	if (t->scenario)
		reduce_fits(t, json_object_get(root, "fits"), type);
	reduce_refused(t, cases, type);
	reduce_limits(t, cases, type);
}
