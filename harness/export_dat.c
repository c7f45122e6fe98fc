// SPDX-License-Identifier: GPL-2.0
/*
 * export --format dat: a result file as gnuplot data, for plots/.
 *
 * Blocks are gnuplot data sets (two blank lines apart), each named by its
 * first line, a comment, so that gnuplot 5 selects one with
 *   index "cases chain/tailcall/xdp/static/n0/s0"
 * The next line names the columns after the result file's own fields, so
 * that scripts write  using "depth":"median".  Strings are double-quoted;
 * a number the file lacks is NaN.
 *
 *   meta                              key value: meta flattened one level,
 *                                     plus file, axis and clock_label
 *   cases SCEN/BENCH/TYPE/MODE/nN/sS  the measured cases of a family, by depth
 *   fits SCEN/BENCH/TYPE/MODE/sS      its per-hop fits, by nest
 *   skipped                           the cases not measured, with the reason
 *   classic TYPE                      the figures of the report's table of
 *                                     tail calls against bpf2bpf calls
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "model.h"
#include "results.h"
#include "show.h"
#include "util.h"

/* Largest depth in hops: deeper is the limit case, not a chain to compare. */
#define MAX_HOPS 33

/* A column: its name in the header, and where an item of the block has it. */
struct column {
	const char *name;
	const char *obj;	/* the member holding it; NULL: the item itself */
	const char *key;	/* its key there; NULL: element idx of the array obj */
	int idx;
	const char *fallback;	/* the key to use where key is missing */
};

#define FIELD(k) { k, NULL, k, 0, NULL }
#define SUB(o, k) { k, o, k, 0, NULL }
/* A case's figure: the count its trials agreed on, for exact clocks (the
 * icount VM), else the median of its trials. */
#define FIGURE { "figure", "stat", "agreed", 0, "median" }

static const struct column figure_col = FIGURE;
/* The fields that make a family: a case's id but its depth. */
#define FAMILY_COLS FIELD("scenario"), FIELD("bench"), FIELD("prog_type"), FIELD("key_mode"), \
	FIELD("nest"), FIELD("frame_stack")

static const struct column case_cols[] = {
	FAMILY_COLS, FIELD("depth"), FIGURE,
	SUB("stat", "median"), SUB("stat", "q1"), SUB("stat", "q3"), SUB("stat", "min"),
	SUB("stat", "max"), SUB("stat", "mean"), SUB("stat", "n"),
	SUB("prog", "jited_len"), SUB("prog", "xlated_len"), SUB("prog", "verified_insns"),
	SUB("prog", "stack_depth"), SUB("prog", "progs"), SUB("prog", "jit_insns"),
	SUB("prog", "jit_indirect"), SUB("prog", "load_ns"), SUB("prog", "verify_ns"),
	FIELD("retval"), FIELD("expected_retval"), FIELD("repeat"),
	{}
};

static const struct column fit_cols[] = {
	FAMILY_COLS,
	{ "per_hop", "per_hop", "value", 0, NULL }, SUB("per_hop", "ci_low"),
	SUB("per_hop", "ci_high"), FIELD("base"), FIELD("r2"), FIELD("points"),
	{ "depth_lo", "depths", NULL, 0, NULL }, { "depth_hi", "depths", NULL, 1, NULL },
	FIELD("jited_per_hop"),
	{}
};

static const struct column skipped_cols[] = {
	FIELD("id"), FIELD("prog_type"), FIELD("nest"), FIELD("frame_stack"), FIELD("depth"),
	FIELD("reason"),
	{}
};

static bool is_skipped(json_t *c)
{
	return !case_ok(c);
}

static bool any_fit(json_t *fit)
{
	(void)fit;
	return true;
}

static char *case_family(json_t *c)
{
	return xasprintf("%s/%s/%s/%s/n%d/s%d", jstr(c, "scenario", "?"), jstr(c, "bench", "?"),
			 jstr(c, "prog_type", "?"), jstr(c, "key_mode", "?"), jint(c, "nest", -1),
			 jint(c, "frame_stack", -1));
}

/* Fits differ by nest only, so that one block draws per-hop cost by nest. */
static char *fit_family(json_t *f)
{
	return xasprintf("%s/%s/%s/%s/s%d", jstr(f, "scenario", "?"), jstr(f, "bench", "?"),
			 jstr(f, "prog_type", "?"), jstr(f, "key_mode", "?"),
			 jint(f, "frame_stack", -1));
}

/* One kind of block: which items of which array, named and ordered how. */
struct block {
	const char *name;
	const char *array;			/* of the root */
	bool (*keep)(json_t *item);
	char *(*family)(json_t *item);		/* a block per family; NULL: one */
	const char *order;			/* the field rows are sorted by */
	const struct column *cols;
};

static const struct block blocks[] = {
	{ "cases", "cases", case_ok, case_family, "depth", case_cols },
	{ "fits", "fits", any_fit, fit_family, "nest", fit_cols },
	{ "skipped", "cases", is_skipped, NULL, "depth", skipped_cols },
};

/* Quoted for gnuplot: a double quote becomes a single one, white space a space. */
static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++)
		fputc(*s == '"' ? '\'' : (*s == '\n' || *s == '\t' || *s == '\r') ? ' ' : *s, out);
	fputc('"', out);
}

static void put_num(FILE *out, double v)
{
	if (isnan(v))
		fputs("NaN", out);
	else
		fprintf(out, "%.10g", v);
}

static double num_of(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void put_value(FILE *out, json_t *v)
{
	if (json_is_string(v))
		put_string(out, json_string_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "1" : "0", out);
	else
		put_num(out, num_of(v));
}

static json_t *column_value(json_t *item, const struct column *c)
{
	json_t *where = c->obj ? json_object_get(item, c->obj) : item;

	if (!c->key)
		return json_array_get(where, c->idx);
	if (c->fallback && !json_object_get(where, c->key))
		return json_object_get(where, c->fallback);
	return json_object_get(where, c->key);
}

static void put_row(FILE *out, const struct column *cols, json_t *item)
{
	for (const struct column *c = cols; c->name; c++) {
		if (c != cols)
			fputc(' ', out);
		if (item)
			put_value(out, column_value(item, c));
		else
			fputs(c->name, out);
	}
	fputc('\n', out);
}

struct row {
	int order;
	json_t *item;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

static void write_blocks(FILE *out, json_t *root, const struct block *b)
{
	json_t *items = json_object_get(root, b->array), *it;
	size_t n = json_array_size(items), i;
	char **family = xcalloc(n + 1, sizeof(*family));
	struct row *rows = xcalloc(n + 1, sizeof(*rows));
	struct strlist names = {};

	json_array_foreach(items, i, it) {
		if (!b->keep(it))
			continue;
		family[i] = b->family ? b->family(it) : xstrdup("");
		if (strlist_find(&names, family[i]) < 0)
			strlist_add(&names, family[i]);
	}
	for (int k = 0; k < names.n; k++) {
		int nrows = 0;

		for (i = 0; i < n; i++) {
			it = json_array_get(items, i);
			if (family[i] && !strcmp(family[i], names.v[k]))
				rows[nrows++] = (struct row){ jint(it, b->order, 0), it };
		}
		qsort(rows, nrows, sizeof(*rows), cmp_rows);
		fprintf(out, "\n\n# %s%s%s\n", b->name, b->family ? " " : "", names.v[k]);
		put_row(out, b->cols, NULL);
		for (int r = 0; r < nrows; r++)
			put_row(out, b->cols, rows[r].item);
	}
	for (i = 0; i < n; i++)
		free(family[i]);
	free(family);
	free(rows);
	strlist_free(&names);
}

/* The clock as an axis states it: short, but saying where figures came from. */
static const char *axis_label(const char *clock)
{
	static const struct {
		const char *clock, *label;
	} axes[] = {
		{ "ns", "ns (test_run's clock)" },
		{ "cycles", "cycles (PMU)" },
		{ "insns", "guest instructions (icount VM)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(axes); i++)
		if (!strcmp(axes[i].clock, clock))
			return axes[i].label;
	return clock;
}

static void put_meta(FILE *out, const char *key, const char *sub, json_t *v)
{
	if (json_is_array(v) || json_is_object(v))
		return;
	fprintf(out, "%s%s%s ", key, sub ? "." : "", sub ? sub : "");
	put_value(out, v);
	fputc('\n', out);
}

static void write_meta(FILE *out, json_t *root, const char *path)
{
	json_t *meta = json_object_get(root, "meta"), *v, *w;
	const char *clock = jstr(meta, "clock", "?");
	json_t *added = json_pack("{ssssss}", "file", path, "axis", axis_label(clock),
				  "clock_label", model_clock(clock)->label);
	const char *key, *sub;

	fprintf(out, "# meta\nkey value\n");
	json_object_foreach(added, key, v)
		put_meta(out, key, NULL, v);
	json_object_foreach(meta, key, v) {
		put_meta(out, key, NULL, v);
		if (json_is_object(v))
			json_object_foreach(v, sub, w)
				put_meta(out, key, sub, w);
	}
	json_decref(added);
}

/* --- the classic table: tail calls against bpf2bpf calls ------------------ */

static const char *const classic_benches[] = {
	"tailcall", "tailcall_percpu", "bpf2bpf", "bpf2bpf_args", "inline",
};

/* A measured hop of a plain chain: no nesting or frame stack, and a key the
 * JIT can patch into a direct jump (or none, for the other mechanisms). */
static bool is_plain(json_t *c)
{
	const char *mode = jstr(c, "key_mode", "");

	return case_ok(c) && !jint(c, "nest", -1) && !jint(c, "frame_stack", -1) &&
	       jint(c, "depth", -1) <= MAX_HOPS &&
	       (!strcmp(mode, "static") || !strcmp(mode, "none"));
}

static json_t *plain_at(json_t *cases, json_t *proto, int depth)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c)
		if (is_plain(c) && model_same_family(c, proto) && jint(c, "depth", -1) == depth)
			return c;
	return NULL;
}

/* The plain case of a bench in a scenario, standing for its family. */
static json_t *plain_case(json_t *cases, const char *scenario, const char *bench,
			  const char *type)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c)
		if (is_plain(c) && !strcmp(jstr(c, "scenario", ""), scenario) &&
		    !strcmp(jstr(c, "bench", ""), bench) && !strcmp(jstr(c, "prog_type", ""), type))
			return c;
	return NULL;
}

/* Mechanisms compare within one scenario (same trials, same repeat): the
 * one that measured most of them. */
static const char *classic_scenario(json_t *cases, const char *type)
{
	const char *best = NULL;
	int most = 0;
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c) {
		const char *scenario = jstr(c, "scenario", "");
		int n = 0;

		if (!is_plain(c) || strcmp(jstr(c, "prog_type", ""), type))
			continue;
		for (size_t b = 0; b < ARRAY_SIZE(classic_benches); b++)
			n += !!plain_case(cases, scenario, classic_benches[b], type);
		if (n > most) {
			best = scenario;
			most = n;
		}
	}
	return best;
}

/* The most hops every mechanism was measured at, so that sizes compare. */
static int common_depth(json_t *cases, json_t **protos, int n)
{
	for (int d = MAX_HOPS; d >= 0; d--) {
		int k = 0;

		while (k < n && plain_at(cases, protos[k], d))
			k++;
		if (k == n)
			return d;
	}
	return -1;
}

static void put_classic(FILE *out, const char *property, const char *bench, int depth,
			double value, double low, double high, const char *detail)
{
	put_string(out, property);
	fputc(' ', out);
	put_string(out, bench);
	fprintf(out, " %d ", depth);
	put_num(out, value);
	fputc(' ', out);
	put_num(out, low);
	fputc(' ', out);
	put_num(out, high);
	fputc(' ', out);
	put_string(out, detail);
	fputc('\n', out);
}

/* A figure of case c at its depth: col's value, with the quartiles when
 * spread is set. */
static void put_stat(FILE *out, const char *property, json_t *c, const struct column *col,
		     bool spread)
{
	json_t *stat = json_object_get(c, "stat");
	char *id = case_family(c);

	put_classic(out, property, jstr(c, "bench", "?"), jint(c, "depth", -1),
		    num_of(column_value(c, col)), spread ? jnum(stat, "q1", NAN) : NAN,
		    spread ? jnum(stat, "q3", NAN) : NAN, id);
	free(id);
}

static void put_fit(FILE *out, json_t *root, json_t *proto)
{
	json_t *fit;
	size_t i;

	json_array_foreach(json_object_get(root, "fits"), i, fit) {
		json_t *ph = json_object_get(fit, "per_hop");
		char *id;

		if (!model_same_family(fit, proto))
			continue;
		id = fit_family(fit);
		put_classic(out, "per_hop", jstr(fit, "bench", "?"), -1, jnum(ph, "value", NAN),
			    jnum(ph, "ci_low", NAN), jnum(ph, "ci_high", NAN), id);
		put_classic(out, "jited_per_hop", jstr(fit, "bench", "?"), -1,
			    jnum(fit, "jited_per_hop", NAN), NAN, NAN, id);
		free(id);
		return;
	}
}

/* The 34th tail call: a case that ran proves it fell through (its return
 * value and hop count were checked); a refused one says why. */
static void put_limit(FILE *out, json_t *cases, const char *type)
{
	json_t *c;
	size_t i;

	json_array_foreach(cases, i, c) {
		char *why;

		if (strcmp(jstr(c, "bench", ""), "tailcall") ||
		    strcmp(jstr(c, "prog_type", ""), type) || jint(c, "nest", -1) ||
		    jint(c, "frame_stack", -1) ||
		    jint(c, "depth", -1) != MAX_HOPS + 1)
			continue;
		why = case_ok(c) ? xasprintf("%s: %d calls attempted, the last fell through "
					   "(returned %d as expected)", jstr(c, "id", "?"),
					   MAX_HOPS + 1, jint(c, "retval", -1)) :
				 xasprintf("%s: %s", jstr(c, "id", "?"), jstr(c, "reason", "?"));
		put_classic(out, "tail_call_limit", "tailcall", MAX_HOPS + 1,
			    case_ok(c) ? MAX_HOPS : NAN, NAN, NAN, why);
		free(why);
		return;
	}
}

/* Verifier refusals that state a limit: the smallest figure refused. */
static const struct {
	const char *property, *anchor, *format;
} refusals[] = {
	/* mixing tail calls with bpf2bpf calls: the callers' stack */
	{ "mixed_stack_refused",
	  "tail_calls are not allowed when call stack of previous frames is ", "%d" },
	{ "stack_refused", "combined stack size of ", "%*d calls is %d" },
};

static void put_refusal(FILE *out, json_t *cases, const char *type, int r)
{
	json_t *c, *best = NULL;
	int least = 0, bytes;
	size_t i;

	json_array_foreach(cases, i, c) {
		const char *at = strstr(jstr(c, "reason", ""), refusals[r].anchor);

		if (!at || strcmp(jstr(c, "prog_type", ""), type) ||
		    sscanf(at + strlen(refusals[r].anchor), refusals[r].format, &bytes) != 1)
			continue;
		if (!best || bytes < least) {
			best = c;
			least = bytes;
		}
	}
	if (best) {
		char *why = xasprintf("%s: %s", jstr(best, "id", "?"), jstr(best, "reason", "?"));

		put_classic(out, refusals[r].property, jstr(best, "bench", "?"), -1, least,
			    NAN, NAN, why);
		free(why);
	}
}

/* The deepest nesting a tail call ran from: call frames in use. */
static void put_frames(FILE *out, json_t *cases, const char *type)
{
	json_t *c, *deepest = NULL;
	size_t i;

	json_array_foreach(cases, i, c)
		if (case_ok(c) && !strcmp(jstr(c, "prog_type", ""), type) &&
		    jint(c, "nest", 0) > (deepest ? jint(deepest, "nest", 0) : 0))
			deepest = c;
	if (deepest) {
		int nest = jint(deepest, "nest", 0);
		char *why = xasprintf("%s: a tail call issued at nest %d, %d frames deep, ran",
				      jstr(deepest, "id", "?"), nest, nest + 1);

		put_classic(out, "call_frames", jstr(deepest, "bench", "?"), -1, nest + 1, NAN, NAN,
			    why);
		free(why);
	}
}

static void write_classic(FILE *out, json_t *root, const char *type)
{
	json_t *cases = json_object_get(root, "cases");
	json_t *protos[ARRAY_SIZE(classic_benches)];
	const char *scenario = classic_scenario(cases, type);
	int n = 0, depth;

	for (size_t b = 0; scenario && b < ARRAY_SIZE(classic_benches); b++) {
		protos[n] = plain_case(cases, scenario, classic_benches[b], type);
		n += !!protos[n];
	}
	fprintf(out, "\n\n# classic %s\nproperty bench depth value low high detail\n", type);
	depth = common_depth(cases, protos, n);
	for (int k = 0; k < n; k++) {
		json_t *c = plain_at(cases, protos[k], depth);

		put_fit(out, root, protos[k]);
		if (!c)
			continue;
		put_stat(out, "run", c, &figure_col, true);
		put_stat(out, "jited_len", c, &(struct column)SUB("prog", "jited_len"), false);
		put_stat(out, "stack_depth", c, &(struct column)SUB("prog", "stack_depth"), false);
	}
	put_limit(out, cases, type);
	put_frames(out, cases, type);
	for (size_t r = 0; r < ARRAY_SIZE(refusals); r++)
		put_refusal(out, cases, type, r);
}

static int write_dat(FILE *out, json_t *root, const char *path)
{
	struct strlist types = {};
	json_t *c;
	size_t i;

	fprintf(out, "# tailbench dat: gnuplot data sets, chosen with index \"NAME\"\n\n\n");
	write_meta(out, root, path);
	for (size_t b = 0; b < ARRAY_SIZE(blocks); b++)
		write_blocks(out, root, &blocks[b]);
	json_array_foreach(json_object_get(root, "cases"), i, c)
		if (strlist_find(&types, jstr(c, "prog_type", "?")) < 0)
			strlist_add(&types, jstr(c, "prog_type", "?"));
	for (int t = 0; t < types.n; t++)
		write_classic(out, root, types.v[t]);
	strlist_free(&types);
	return ferror(out) ? -EIO : 0;
}

const struct export_format export_dat = {
	.name = "dat",
	.desc = "gnuplot data sets: meta, cases and fits by family, skipped, classic table",
	.write = write_dat,
};
