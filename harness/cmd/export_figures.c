// SPDX-License-Identifier: GPL-2.0
/*
 * The dat export's blocks that say what plots/ draws and the report lays
 * out, so that shell, awk and gnuplot name no scenario, bench or depth:
 *
 *   figures    a row per figure of a program type: its name, whether it is
 *              a result's or its group's (scope; by: a group figure's
 *              series titled and coloured by kernel or as given), the
 *              gnuplot script (kind), words for a skip, title, labels,
 *              columns, axis limits, footer and caption
 *   series     a row per series of a figure: the data set, its legend,
 *              colour, dash, slot, and the fits and segments it draws
 *   perhop     the per-hop table's cells of this result: a row per slot
 *              (tail calls by key mode, the indirect jump), the figure, its
 *              interval and kind (exact counts have none), or the kernel's
 *              words refusing it
 *   explain    the family prefix whose hop paths the report compares
 *   classic_columns, classic_cells
 *              the layout of the table of tail calls against bpf2bpf calls:
 *              column titles, and which property of which mechanism each
 *              cell shows under which row label
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "bench/bench.h"
#include "cmd/dat.h"
#include "result/classic.h"
#include "result/interval.h"
#include "result/read.h"

/* The scenarios and the bench the figures are of (scenarios/). */
#define CHAIN "chain"		/* tail-call chains by key mode, 0..CLASSIC_MAX_HOPS */
#define BASELINE "baseline"	/* the same hops by every mechanism */
#define DISPATCH "dispatch"	/* one of M targets */
#define TAILCALL "tailcall"
/* The verifier's rule for tail calls mixed with bpf2bpf calls: the callers'
 * frames must use less stack than this. */
#define MIXED_STACK_LIMIT 256

struct ctx {
	FILE *out;
	json_t *root, *meta;
	const char *type, *axis;
	bool exact;
	struct result_index ix;
	/* The figure being made: its series, and what they hold. */
	FILE *series;
	char *series_text;
	size_t series_len;
	const char *figure;
	int n;
	bool fits, segs, jumps;
};

/* The columns of the figures block; a figure fills those it uses. */
struct figure {
	const char *name, *scope, *by, *what, *skip, *set, *kind;
	int min;		/* a group figure needs this many kernels */
	char title[160], xlabel[96], ylabel[96];
	const char *xcol, *ycol, *locol, *hicol;
	int xmax, logx, nslots;
	char xrange[32], xtics[32];
	double dodge;
	char foot[256], caption[400];
};

static void word(FILE *out, const char *s, char sep)
{
	dat_string(out, s ? s : "");
	fputc(sep, out);
}

static void series(struct ctx *c, const char *block, const char *title, int color, int dash,
		   int slot, const char *fits, const char *segs)
{
	word(c->series, c->figure, ' ');
	word(c->series, block, ' ');
	word(c->series, title, ' ');
	fprintf(c->series, "%d %d %d ", color, dash, slot);
	word(c->series, fits, ' ');
	word(c->series, segs, '\n');
	c->n++;
	c->fits |= fits && *fits;
	c->segs |= segs && *segs;
}

static void figure_begin(struct ctx *c, const char *name)
{
	c->figure = name;
	c->n = 0;
	c->fits = c->segs = c->jumps = false;
}

static void figure_end(struct ctx *c, const struct figure *f)
{
	FILE *o = c->out;

	word(o, f->name, ' ');
	word(o, f->scope, ' ');
	word(o, f->by ? f->by : "series", ' ');
	word(o, f->what, ' ');
	word(o, f->skip, ' ');
	word(o, f->set ? f->set : f->what, ' ');
	fprintf(o, "%d ", f->min);
	word(o, f->kind, ' ');
	word(o, f->title, ' ');
	word(o, f->xlabel, ' ');
	word(o, f->ylabel, ' ');
	word(o, f->xcol, ' ');
	word(o, f->ycol, ' ');
	word(o, f->locol, ' ');
	word(o, f->hicol, ' ');
	fprintf(o, "%d %d ", f->xmax, f->logx);
	word(o, f->xrange, ' ');
	word(o, f->xtics, ' ');
	fprintf(o, "%g %d ", f->dodge, f->nslots);
	word(o, f->foot, ' ');
	word(o, f->caption, '\n');
}

/* A family's measured cases: whether there are any. */
static bool measured(struct ctx *c, const char *family)
{
	size_t n;
	const struct result_entry *e = result_index_family(&c->ix, family, &n);

	for (size_t i = 0; i < n; i++)
		if (case_ok(e[i].item))
			return true;
	return false;
}

/* A series of a family's cases, with its fit's line (or segments). */
static void cases_series(struct ctx *c, const char *family, const char *title, int color,
			 int dash)
{
	json_t *fit = result_index_fit(&c->ix, family);
	char *block = xasprintf("cases %s", family);
	char *fam = fit ? dat_fit_family(fit) : NULL;
	char *fits = fit ? xasprintf("fits %s", fam) : NULL;
	char *segs = json_array_size(json_object_get(fit, "segments")) ?
			     xasprintf("segments %s", family) : NULL;

	series(c, block, title, color, dash, 0, fits, segs);
	free(block);
	free(fam);
	free(fits);
	free(segs);
}

static char *chain_family(struct ctx *c, int mode)
{
	return xasprintf(CHAIN "/" TAILCALL "/%s/%s/n0/s0", c->type, model_key_modes[mode]);
}

/* What the points and bars of a run's cost are (cmd/export_dat.c's "figure"). */
static const char *points(struct ctx *c)
{
	return c->exact ? "the count the trials agreed on; bars: first to third quartile." :
			  "median of the trials; bars: first to third quartile.";
}

/* Run cost against depth: lines.gp's columns and the chain's axis. */
static void chain_axis(struct ctx *c, struct figure *f)
{
	f->kind = "lines";
	f->xcol = "depth", f->ycol = "figure", f->locol = "q1", f->hicol = "q3";
	f->xmax = CLASSIC_MAX_HOPS;
	/* 0..33 tail calls; the 34th attempt is the limit case, not a chain. */
	snprintf(f->xrange, sizeof(f->xrange), "[-1:%d]", CLASSIC_MAX_HOPS + 1);
	snprintf(f->xtics, sizeof(f->xtics), "0,3,%d", CLASSIC_MAX_HOPS);
	f->dodge = 0.2;
	snprintf(f->xlabel, sizeof(f->xlabel), "tail calls in the chain (depth)");
	snprintf(f->ylabel, sizeof(f->ylabel), "cost of one run, %s", c->axis);
	snprintf(f->foot, sizeof(f->foot), "Points: %s%s%s", points(c),
		 c->fits ? " Lines: per-hop fits." : "", c->segs ? " Circles: knees." : "");
}

static void fig_depth(struct ctx *c)
{
	struct figure f = { .name = "depth", .scope = "result", .what = "depth plot",
			    .skip = "no " CHAIN " scenario case",
			    .caption = "Cost of one run against chain depth, one line per key mode." };

	figure_begin(c, f.name);
	for (int m = 0; m < MODEL_NR_KEY_MODES; m++) {
		char *family = chain_family(c, m);
		char *title = xasprintf("%s key", model_key_modes[m]);

		if (measured(c, family))
			cases_series(c, family, title, m + 1, 1);
		free(family);
		free(title);
	}
	chain_axis(c, &f);
	snprintf(f.title, sizeof(f.title), "Cost against chain depth");
	figure_end(c, &f);
}

static void fig_depth_kernels(struct ctx *c, int m)
{
	char name[64], what[96];
	struct figure f = { .name = name, .scope = "group", .by = "kernel", .what = what,
			    .skip = "fewer than two kernels have it",
			    .set = "depth plots across kernels", .min = 2 };
	char *family = chain_family(c, m);

	snprintf(name, sizeof(name), "depth-kernels-%s", model_key_modes[m]);
	snprintf(what, sizeof(what), "depth plot across kernels, %s key", model_key_modes[m]);
	snprintf(f.caption, sizeof(f.caption),
		 "Cost of one run against chain depth, one line per kernel: %s key.",
		 model_key_modes[m]);
	figure_begin(c, name);
	if (measured(c, family))
		cases_series(c, family, "", 1, 1);
	free(family);
	chain_axis(c, &f);
	snprintf(f.title, sizeof(f.title), "Cost against chain depth by kernel: %s key",
		 model_key_modes[m]);
	figure_end(c, &f);
}

/* Scenarios with a tail-call fit at a nest > 0 draw every frame size of
 * theirs (one the verifier refused beyond nest 0 still shows). */
struct nest_fit {
	json_t *fit;
	int stack, mode;
};

static int cmp_nest_fit(const void *a, const void *b)
{
	const struct nest_fit *x = a, *y = b;

	return x->stack != y->stack ? x->stack - y->stack : x->mode - y->mode;
}

static void fig_nesting(struct ctx *c)
{
	json_t *fits = json_object_get(c->root, "fits"), *fit;
	struct nest_fit *v = xcalloc(json_array_size(fits) + 1, sizeof(*v));
	struct strlist nested = {}, blocks = {};
	int n = 0, stacks = 0, modes = 0, last = -1;
	unsigned int seen_modes = 0;
	size_t i;
	struct figure f = { .name = "nesting", .scope = "result", .what = "nesting plot",
			    .skip = "no case with nest > 0", .kind = "lines",
			    .xcol = "nest", .ycol = "per_hop", .locol = "ci_low",
			    .hicol = "ci_high", .xmax = TB_MAX_NEST, .dodge = 0.06 };

	json_array_foreach(fits, i, fit)
		if (!strcmp(jstr(fit, "bench", ""), TAILCALL) &&
		    !strcmp(jstr(fit, "prog_type", ""), c->type) && jint(fit, "nest", 0) > 0 &&
		    strlist_find(&nested, jstr(fit, "scenario", "?")) < 0)
			strlist_add(&nested, jstr(fit, "scenario", "?"));
	/* One series per fits block (its rows are the nests). */
	json_array_foreach(fits, i, fit) {
		char *block;
		int mode = -1;

		if (strcmp(jstr(fit, "bench", ""), TAILCALL) ||
		    strcmp(jstr(fit, "prog_type", ""), c->type) ||
		    strlist_find(&nested, jstr(fit, "scenario", "?")) < 0)
			continue;
		block = dat_fit_family(fit);
		if (strlist_find(&blocks, block) < 0) {
			strlist_add(&blocks, block);
			for (int m = 0; m < MODEL_NR_KEY_MODES; m++)
				if (!strcmp(model_key_modes[m], jstr(fit, "key_mode", "")))
					mode = m;
			v[n++] = (struct nest_fit){ fit, jint(fit, "frame_stack", 0), mode };
			seen_modes |= 1u << (mode + 1);
		}
		free(block);
	}
	qsort(v, n, sizeof(*v), cmp_nest_fit);
	modes = __builtin_popcount(seen_modes);
	figure_begin(c, f.name);
	for (int k = 0; k < n; k++) {
		char *fam = dat_fit_family(v[k].fit);
		char *block = xasprintf("fits %s", fam);
		char *title = modes > 1 ? xasprintf("%d bytes per frame, %s key", v[k].stack,
						    jstr(v[k].fit, "key_mode", "?")) :
					  xasprintf("%d bytes per frame", v[k].stack);

		if (v[k].stack != last)
			stacks++, last = v[k].stack;
		series(c, block, title, stacks, v[k].mode + 1, 0, NULL, NULL);
		free(fam);
		free(block);
		free(title);
	}
	snprintf(f.xrange, sizeof(f.xrange), "[-0.5:%d.5]", TB_MAX_NEST);
	snprintf(f.xtics, sizeof(f.xtics), "0,1,%d", TB_MAX_NEST);
	snprintf(f.caption, sizeof(f.caption),
		 "Per-hop cost of a tail call issued from a subprogram nested 0..%d deep, one line "
		 "per frame stack size; missing points were refused by the verifier.", TB_MAX_NEST);
	snprintf(f.title, sizeof(f.title), "Per-hop cost against bpf2bpf nesting");
	snprintf(f.xlabel, sizeof(f.xlabel), "nesting depth of the subprogram issuing the tail calls");
	snprintf(f.ylabel, sizeof(f.ylabel), "cost per tail call, %s", c->axis);
	snprintf(f.foot, sizeof(f.foot),
		 "Slope over depths 0..%d, bars: %s; no point: the verifier refused it.",
		 CLASSIC_MAX_HOPS, interval_label(interval_result_kind(c->root)));
	figure_end(c, &f);
	strlist_free(&nested);
	strlist_free(&blocks);
	free(v);
}

/* A series per bench of that depth unit the scenario measured unnested,
 * coloured by the bench's place among them, in the bench table's order. */
static void bench_series(struct ctx *c, const char *scenario, const char *unit)
{
	const struct bench *const *benches;
	int nb, k = 0;

	benches = bench_all(&nb);
	for (int b = 0; b < nb; b++) {
		json_t *cs;
		size_t i;

		if (strcmp(benches[b]->depth_unit, unit))
			continue;
		k++;
		json_array_foreach(json_object_get(c->root, "cases"), i, cs) {
			if (!case_ok(cs) || strcmp(jstr(cs, "scenario", ""), scenario) ||
			    strcmp(jstr(cs, "bench", ""), benches[b]->name) ||
			    strcmp(jstr(cs, "prog_type", ""), c->type) || jint(cs, "nest", -1) ||
			    jint(cs, "frame_stack", -1))
				continue;
			char *family = model_family_key(cs);
			char *block = xasprintf("cases %s", family);

			series(c, block, benches[b]->title, k, 1, 0, NULL, NULL);
			free(block);
			free(family);
			break;
		}
	}
}

static void fig_baseline(struct ctx *c)
{
	struct figure f = { .name = "baseline", .scope = "result", .what = "baseline plot",
			    .skip = "no " BASELINE " scenario case", .kind = "baseline",
			    .xmax = CLASSIC_MAX_HOPS,
			    .caption = "The same hops as tail calls, bpf2bpf calls and inlined code: "
				       "run cost, JIT image size and stack depth against the "
				       "number of hops." };

	figure_begin(c, f.name);
	bench_series(c, BASELINE, "hops");
	snprintf(f.xrange, sizeof(f.xrange), "[-1:%d]", CLASSIC_MAX_HOPS + 1);
	snprintf(f.xtics, sizeof(f.xtics), "0,%d,%d", CLASSIC_MAX_HOPS / 3, CLASSIC_MAX_HOPS);
	snprintf(f.title, sizeof(f.title), "Tail calls against bpf2bpf calls and inlined code");
	snprintf(f.xlabel, sizeof(f.xlabel), "hops (tail calls, calls or inlined steps)");
	snprintf(f.ylabel, sizeof(f.ylabel), "cost of one run, %s", c->axis);
	snprintf(f.foot, sizeof(f.foot), "Run cost: %s Sizes as the kernel reports them.",
		 points(c));
	figure_end(c, &f);
}

static void fig_dispatch(struct ctx *c)
{
	struct figure f = { .name = "dispatch", .scope = "result", .what = "dispatch plot",
			    .skip = "no " DISPATCH " scenario case", .kind = "lines",
			    .xcol = "depth", .ycol = "figure", .locol = "q1", .hicol = "q3",
			    .xmax = TB_DISPATCH_MAX, .logx = 1, .dodge = 0.03,
			    .caption = "Dispatch to the last of M targets: one tail call through a "
				       "prog array against a switch over bpf2bpf calls (log2 axis)." };

	figure_begin(c, f.name);
	bench_series(c, DISPATCH, "targets");
	/* log2: room of a factor 1.4 on both sides */
	snprintf(f.xrange, sizeof(f.xrange), "[0.7:%.0f]", TB_DISPATCH_MAX * 1.4);
	snprintf(f.xtics, sizeof(f.xtics), "1,2,%d", TB_DISPATCH_MAX);
	snprintf(f.title, sizeof(f.title), "Dispatch to the last of M targets");
	snprintf(f.xlabel, sizeof(f.xlabel), "targets M");
	snprintf(f.ylabel, sizeof(f.ylabel), "cost of one run, %s", c->axis);
	snprintf(f.foot, sizeof(f.foot), "Points: %s", points(c));
	figure_end(c, &f);
}

/* The slots of the per-hop figure and table: tail calls by key mode, then
 * the same hops joined by indirect jumps. */
static const struct slot {
	const char *scenario, *bench;
	int mode;		/* in model_key_modes; -1: the bench's own */
	const char *legend, *heading;
	const char *mech;	/* its classic row, for the kernel's refusal */
} slots[] = {
	{ CHAIN, TAILCALL, 0, "static key", "tail call, static key", "tailcall" },
	{ CHAIN, TAILCALL, 1, "dynamic key", "tail call, dynamic key", "tailcall_dynamic" },
	{ CHAIN, TAILCALL, 2, "poisoned key", "tail call, poisoned key", "tailcall_poisoned" },
	{ BASELINE, "gotox_chain", -1, "indirect jump (gotox)", "indirect jump (gotox)",
	  "gotox_chain" },
};
#define NSLOTS ((int)ARRAY_SIZE(slots))

/* The slot's unnested fit, or NULL. */
static json_t *slot_fit(struct ctx *c, const struct slot *s)
{
	json_t *fit;
	size_t i;

	json_array_foreach(json_object_get(c->root, "fits"), i, fit)
		if (!strcmp(jstr(fit, "scenario", ""), s->scenario) &&
		    !strcmp(jstr(fit, "bench", ""), s->bench) &&
		    !strcmp(jstr(fit, "prog_type", ""), c->type) && !jint(fit, "nest", -1) &&
		    !jint(fit, "frame_stack", -1) &&
		    (s->mode < 0 || !strcmp(jstr(fit, "key_mode", ""), model_key_modes[s->mode])))
			return fit;
	return NULL;
}

static void fig_perhop(struct ctx *c)
{
	struct figure f = { .name = "perhop-kernels", .scope = "group",
			    .what = "per-hop plot by kernel",
			    .skip = "no fit of the " CHAIN " scenario", .min = 1, .kind = "perhop",
			    .nslots = NSLOTS,
			    .caption = "Per-hop cost of a tail call by kernel (by architecture, then "
				       "sorted as versions), by key mode, and, where a kernel ran "
				       "it, of the same hop joined by an indirect jump (gotox), "
				       "with intervals of the kind its footer names." };

	figure_begin(c, f.name);
	for (int s = 0; s < NSLOTS; s++) {
		json_t *fit = slot_fit(c, &slots[s]);
		char *fam, *block;

		if (!fit)
			continue;
		fam = dat_fit_family(fit);
		block = xasprintf("fits %s", fam);
		series(c, block, slots[s].legend, s + 1, 1, s + 1, NULL, NULL);
		c->jumps |= slots[s].mode < 0;
		free(fam);
		free(block);
	}
	/* The title promises indirect jumps only where a kernel ran them. */
	snprintf(f.title, sizeof(f.title), "Per-hop cost of a tail call%s by kernel",
		 c->jumps ? ", and of an indirect jump," : "");
	snprintf(f.xlabel, sizeof(f.xlabel), "kernel release: by architecture, then sorted as versions");
	snprintf(f.ylabel, sizeof(f.ylabel), "cost per hop, %s", c->axis);
	snprintf(f.foot, sizeof(f.foot), "Points: slope over depths 0..%d; bars: %s.",
		 CLASSIC_MAX_HOPS, interval_label(interval_result_kind(c->root)));
	figure_end(c, &f);
}

/* The per-hop table's cells of this result. */
static void write_perhop(struct ctx *c)
{
	struct classic t;

	classic_reduce(c->root, c->type, &t);
	fprintf(c->out, "\n\n# perhop %s\nslot heading per_hop ci_low ci_high exact interval "
			"depths detail\n", c->type);
	for (int s = 0; s < NSLOTS; s++) {
		int m = classic_find(slots[s].mech);
		json_t *fit = slot_fit(c, &slots[s]), *refused = m < 0 ? NULL : t.rows[m].refused;
		struct interval iv;
		char *depths, *detail;

		if (!fit && !refused)
			continue;
		fprintf(c->out, "%d ", s + 1);
		word(c->out, slots[s].heading, ' ');
		if (!fit) {
			detail = xasprintf("%s: %s", jstr(refused, "id", "?"),
					   jstr(refused, "reason", "?"));
			fprintf(c->out, "NaN NaN NaN 0 ");
			word(c->out, "refused", ' ');
			word(c->out, "", ' ');
			word(c->out, detail, '\n');
			free(detail);
			continue;
		}
		iv = interval_of(c->meta, json_object_get(fit, "per_hop"), false);
		dat_num(c->out, iv.value);
		fputc(' ', c->out);
		dat_num(c->out, iv.low);
		fputc(' ', c->out);
		dat_num(c->out, iv.high);
		fprintf(c->out, " %d ", !strcmp(iv.kind, "exact"));
		word(c->out, interval_label(iv.kind), ' ');
		depths = xasprintf("%.0f..%.0f",
				   json_number_value(json_array_get(json_object_get(fit, "depths"), 0)),
				   json_number_value(json_array_get(json_object_get(fit, "depths"), 1)));
		word(c->out, depths, ' ');
		word(c->out, "", '\n');
		free(depths);
	}
}

void dat_figures(FILE *out, json_t *root, const char *type)
{
	struct ctx c = { .out = out, .root = root, .meta = json_object_get(root, "meta"),
			 .type = type };
	FILE *all;
	char *text = NULL;
	size_t len = 0;

	c.axis = model_clock(jstr(c.meta, "clock", "?"))->axis;
	c.exact = model_exact_clock(jstr(c.meta, "clock", "?"));
	result_index_init(&c.ix, root);
	all = open_memstream(&text, &len);
	if (!all) {
		/* Out of memory: a failure like any other (base/util.c). */
		p_err("out of memory");
		exit(TB_EXIT_FAIL);
	}
	c.series = all;
	fprintf(out, "\n\n# figures %s\nname scope by what skip set min kind title "
		     "xlabel ylabel xcol ycol locol hicol xmax logx xrange xtics dodge nslots foot "
		     "caption\n", type);
	fig_depth(&c);
	fig_nesting(&c);
	fig_baseline(&c);
	fig_dispatch(&c);
	for (int m = 0; m < MODEL_NR_KEY_MODES; m++)
		fig_depth_kernels(&c, m);
	fig_perhop(&c);
	fclose(all);
	fprintf(out, "\n\n# series %s\nfigure block title color dash slot fits segs\n%s",
		type, text);
	free(text);
	write_perhop(&c);
	/* The family whose hop paths the report compares kernel to kernel. */
	fprintf(out, "\n\n# explain %s\nfamily\n\"" CHAIN "/" TAILCALL "/%s/\"\n", type, type);
	result_index_free(&c.ix);
}

/* --- the layout of the table of tail calls against bpf2bpf calls --------- */

/* The columns: each way of making the same hops, a classic row
 * (result/classic.h) that is neither a tail call's other key mode nor a
 * way of passing the context (its own row below).  These have titles of
 * their own; any other row of the bench table follows them, titled by its
 * bench, so that a new bench is a column without an edit here. */
static const struct {
	const char *id, *title;
} titled[] = {
	{ "tailcall", "tail calls" },
	{ "bpf2bpf", "bpf2bpf calls" },
	{ "inline", "inlined code" },
	{ "gotox_chain", "indirect jumps (gotox)" },
};
static const char *const context_ids[] = { "tailcall_percpu", "bpf2bpf_args" };

static bool is_column(const struct classic_mech *m)
{
	for (size_t i = 0; i < ARRAY_SIZE(context_ids); i++)
		if (!strcmp(m->id, context_ids[i]))
			return false;
	return !m->key_mode || !strcmp(m->key_mode, model_key_modes[0]);
}

/* The columns' mechanism ids, the titled ones first; returns how many. */
static int classic_columns(const char **ids, const char **titles)
{
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(titled); i++)
		if (classic_find(titled[i].id) >= 0)
			ids[n] = titled[i].id, titles[n++] = titled[i].title;
	for (int m = 0; m < classic_nmechs(); m++) {
		const struct classic_mech *x = classic_mech(m);
		bool seen = false;

		for (int k = 0; k < n; k++)
			seen |= !strcmp(ids[k], x->id);
		if (!seen && is_column(x))
			ids[n] = x->id, titles[n++] = bench_find(x->bench)->title;
	}
	return n;
}

static void cell(FILE *out, int row, const char *label, int col, const char *property,
		 const char *mechanism)
{
	fprintf(out, "%d ", row);
	word(out, label, ' ');
	fprintf(out, "%d ", col);
	word(out, property, ' ');
	word(out, mechanism, '\n');
}

void dat_classic_layout(FILE *out)
{
	static const struct {
		const char *property, *label;
	} every[] = {
		{ "per_hop", "Cost per hop (slope of run cost against hops; its interval's kind beside it)" },
		{ "run", "Cost of a run through the most hops all mechanisms were measured at "
			 "(median, or agreed count [quartiles])" },
		{ "stack_depth", "Memory: stack in use (the verifier's stack_depth)" },
		{ "jited_len", "Image size: JIT code of the programs a run goes through (jited_len)" },
		{ "jited_per_hop", "Code reuse: JIT bytes each further hop adds" },
	};
	const char *ids[CLASSIC_MAX_MECHS], *titles[CLASSIC_MAX_MECHS];
	int n = classic_columns(ids, titles), row = 0;
	char limits[128], mixed[160];

	fprintf(out, "\n\n# classic_columns\ncol title\n");
	for (int col = 0; col < n; col++) {
		fprintf(out, "%d ", col + 1);
		word(out, titles[col], '\n');
	}
	fprintf(out, "\n\n# classic_cells\nrow label col property mechanism\n");
	for (size_t r = 0; r < ARRAY_SIZE(every); r++) {
		row++;
		for (int col = 0; col < n; col++)
			cell(out, row, every[r].label, col + 1, every[r].property, ids[col]);
	}
	/* The facts of tail calls, with the bpf2bpf calls' beside them. */
	snprintf(limits, sizeof(limits), "Limits: %d tail calls in a chain; %d call frames",
		 CLASSIC_MAX_HOPS, TB_MAX_NEST + 1);
	row++;
	cell(out, row, limits, 1, "tail_call_limit", TAILCALL);
	cell(out, row, limits, 2, "call_frames", TAILCALL);
	snprintf(mixed, sizeof(mixed),
		 "Mixed: tail calls need under %d bytes of stack in the callers' frames; all "
		 "frames together %d bytes", MIXED_STACK_LIMIT, TB_MAX_FRAME_STACK);
	row++;
	cell(out, row, mixed, 1, classic_refusals[0].name, TAILCALL);
	cell(out, row, mixed, 2, classic_refusals[1].name, TAILCALL);
	row++;
	for (size_t i = 0; i < ARRAY_SIZE(context_ids); i++)
		cell(out, row, "Passing context: a per-CPU map (tail calls) against function "
			       "arguments (bpf2bpf calls)", (int)i + 1, "per_hop", context_ids[i]);
}
