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
 *                                     plus file, axis, clock_label, pad,
 *                                     variant (build label, scenarios,
 *                                     quick or full), counts (a word
 *                                     equal for equal per-hop counts),
 *                                     noise_profile (its file, or ""),
 *                                     mitigations_recorded (0 or 1) and
 *                                     interval (the kind of the fits' CIs,
 *                                     for a footer: result/interval.h)
 *   cases SCEN/BENCH/TYPE/MODE/nN/sS  the measured cases of a family, by depth
 *   fits SCEN/BENCH/TYPE/MODE/sS      its per-hop fits, by nest
 *   skipped                           the cases not measured, with the reason
 *   skipped_reasons                   reason count first: the skipped cases
 *                                     grouped by their reason, most first,
 *                                     with the id of the first
 *   segments FAMILY                   a fit's segments, where it has them
 *   residuals FAMILY                  the depths off an exact count's line
 *   classic TYPE                      the figures of the report's table of
 *                                     tail calls against bpf2bpf calls
 *                                     (result/classic.h chooses them)
 *   mitigations                       those on a hop path, from the recorded
 *                                     facts (result/mitig.h): name, touches, does,
 *                                     fact (meta's mitigations_recorded is 0
 *                                     for a file made before every
 *                                     vulnerability line was kept)
 *
 * Every reader is one pass, or a sort: results of many cases stay quick.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "bench/bench.h"
#include "cmd/dat.h"
#include "cmd/export.h"
#include "result/classic.h"
#include "result/interval.h"
#include "result/mitig.h"
#include "result/read.h"

/* A column: its name in the header, and where an item of the block has it. */
struct column {
	const char *name;
	const char *obj;	/* the member holding it; NULL: the item itself */
	const char *key;	/* its key there; NULL: element idx of the array obj */
	int idx;
	const char *fallback;	/* the key to use where key is missing */
	bool count;		/* the number of elements of the array there */
};

#define FIELD(k) { k, NULL, k, 0, NULL, false }
#define SUB(o, k) { k, o, k, 0, NULL, false }
#define COUNT(k) { k, NULL, k, 0, NULL, true }
/* A case's figure: the count its trials agreed on, for exact clocks (the
 * icount VM), else the median of its trials. */
#define FIGURE { "figure", "stat", "agreed", 0, "median", false }
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
	FIELD("jited_per_hop"), FIELD("model"), SUB("per_hop", "rerun_low"),
	SUB("per_hop", "rerun_high"), COUNT("regimes"),
	{}
};

static const struct column segment_cols[] = {
	FIELD("from"), FIELD("to"), { "per_hop", "per_hop", "value", 0, NULL, false },
	SUB("per_hop", "ci_low"), SUB("per_hop", "ci_high"), FIELD("base"), FIELD("r2"),
	{}
};

static const struct column residual_cols[] = {
	FIELD("depth"), FIELD("off"),
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

/* Fits differ by nest only, so that one block draws per-hop cost by nest. */
char *dat_fit_family(json_t *f)
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
	{ "cases", "cases", case_ok, model_family_key, "depth", case_cols },
	{ "fits", "fits", any_fit, dat_fit_family, "nest", fit_cols },
	{ "skipped", "cases", is_skipped, NULL, "depth", skipped_cols },
};

/* Quoted for gnuplot: a double quote becomes a single one, white space a space. */
void dat_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++)
		fputc(*s == '"' ? '\'' : (*s == '\n' || *s == '\t' || *s == '\r') ? ' ' : *s, out);
	fputc('"', out);
}

void dat_num(FILE *out, double v)
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
		dat_string(out, json_string_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "1" : "0", out);
	else
		dat_num(out, num_of(v));
}

static json_t *column_value(json_t *item, const struct column *c)
{
	json_t *where = c->obj ? json_object_get(item, c->obj) : item;

	if (!c->key)
		return json_array_get(where, c->idx);
	if (c->count)
		return NULL;
	if (c->fallback && !json_object_get(where, c->key))
		return json_object_get(where, c->fallback);
	return json_object_get(where, c->key);
}

static void put_row(FILE *out, const struct column *cols, json_t *item)
{
	for (const struct column *c = cols; c->name; c++) {
		if (c != cols)
			fputc(' ', out);
		if (item && c->count)
			dat_num(out, json_array_size(json_object_get(item, c->key)));
		else if (item)
			put_value(out, column_value(item, c));
		else
			fputs(c->name, out);
	}
	fputc('\n', out);
}

struct row {
	char *family;
	int order;
	size_t idx, first;	/* the item's place, and its family's first */
	json_t *item;
};

static int cmp_family(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int d = strcmp(x->family, y->family);

	return d ? d : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Blocks in the order their families first appear, rows by the order field. */
static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorted twice rather than a family looked up per item: by family to find
 * where each first appears, then into blocks. */
static void write_blocks(FILE *out, json_t *root, const struct block *b)
{
	json_t *items = json_object_get(root, b->array), *it;
	struct row *rows = xcalloc(json_array_size(items) + 1, sizeof(*rows));
	size_t i, n = 0;

	json_array_foreach(items, i, it)
		if (b->keep(it))
			rows[n++] = (struct row){ b->family ? b->family(it) : xstrdup(""),
						  jint(it, b->order, 0), i, 0, it };
	qsort(rows, n, sizeof(*rows), cmp_family);
	for (i = 0; i < n; i++)
		rows[i].first = i && !strcmp(rows[i].family, rows[i - 1].family) ?
					rows[i - 1].first : rows[i].idx;
	qsort(rows, n, sizeof(*rows), cmp_rows);
	for (i = 0; i < n; i++) {
		if (!i || rows[i].first != rows[i - 1].first) {
			fprintf(out, "\n\n# %s%s%s\n", b->name, b->family ? " " : "",
				rows[i].family);
			put_row(out, b->cols, NULL);
		}
		put_row(out, b->cols, rows[i].item);
	}
	for (i = 0; i < n; i++)
		free(rows[i].family);
	free(rows);
}

/* A fit's array member, one block per fit that has it non-empty. */
static void write_fit_arrays(FILE *out, json_t *root, const char *name,
			     const struct column *cols)
{
	json_t *fit, *x;
	size_t i, j;

	json_array_foreach(json_object_get(root, "fits"), i, fit) {
		json_t *a = json_object_get(fit, name);
		char *key;

		if (!json_array_size(a))
			continue;
		key = model_family_key(fit);
		fprintf(out, "\n\n# %s %s\n", name, key);
		free(key);
		put_row(out, cols, NULL);
		json_array_foreach(a, j, x)
			put_row(out, cols, x);
	}
}

static void put_meta(FILE *out, const char *key, const char *sub, json_t *v)
{
	if (json_is_array(v) || json_is_object(v))
		return;
	fprintf(out, "%s%s%s ", key, sub ? "." : "", sub ? sub : "");
	put_value(out, v);
	fputc('\n', out);
}

/* What sets a result apart from another run of its kernel and boot
 * options: the label of a build (a patched kernel) where it is not the
 * release, the scenarios run (sorted: -s a -s b and -s b -s a run the same
 * cases), quick or full.  Two results of one kernel and variant are a rerun
 * (the newer is drawn); of two variants, both. */
static char *variant_of(json_t *meta)
{
	const char *label = jstr(json_object_get(meta, "vm"), "label", "");
	bool built = *label && strcmp(label, jstr(meta, "kernel", ""));
	struct strlist sorted = {};
	char *names = xstrdup(""), *v;
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(meta, "scenarios"), i, s)
		strlist_add(&sorted, jstr(s, "name", "?"));
	strlist_sort(&sorted);
	for (int k = 0; k < sorted.n; k++) {
		v = xasprintf("%s%s%s", names, k ? "," : "", sorted.v[k]);
		free(names);
		names = v;
	}
	strlist_free(&sorted);
	v = xasprintf("%s%s%s~%s", built ? label : "", built ? "~" : "", names,
		      json_is_true(json_object_get(meta, "quick")) ? "quick" : "full");
	free(names);
	return v;
}

/* The per-hop counts of an exact clock, as one short word: results of two
 * kernels with the same counts in every fit (family, nest, value) have the
 * same one, so that plots fold them into one entry.  "": a timing clock,
 * whose figures never repeat exactly. */
static char *counts_of(json_t *root)
{
	json_t *meta = json_object_get(root, "meta"), *f;
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	if (!model_exact_clock(jstr(meta, "clock", "?")))
		return xstrdup("");
	json_array_foreach(json_object_get(root, "fits"), i, f) {
		char *family = dat_fit_family(f);
		char *item = xasprintf("%s/n%d=%.17g;", family, jint(f, "nest", -1),
				       jnum(json_object_get(f, "per_hop"), "value", NAN));

		for (const char *c = item; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ull;
		free(item);
		free(family);
	}
	return xasprintf("%016llx", (unsigned long long)h);
}

/* meta flattened one level, after what export adds: keys plots may rely
 * on even where an older file lacks them. */
static void write_meta(FILE *out, json_t *root, const char *path)
{
	json_t *meta = json_object_get(root, "meta"), *v, *w;
	const char *clock = jstr(meta, "clock", "?");
	json_t *noise = json_object_get(meta, "noise_profile");
	json_t *added = json_pack("{sssssssisssiss}", "file", path, "axis",
				  model_clock(clock)->axis, "clock_label", model_clock(clock)->label,
				  "pad", jint(meta, "pad", 0), "noise_profile", jstr(noise, "file", ""),
				  "mitigations_recorded", mitig_recorded(meta), "interval",
				  interval_label(interval_result_kind(root)));
	const char *key, *sub;
	/* A kernel booted with options is a kernel of its own on the plots,
	 * named without spaces (they name files). */
	char *kernel = result_kernel_name(root);
	char *word;

	for (char *c = kernel; *c; c++)
		if (*c == ' ')
			*c = '+';
	json_object_set_new(added, "kernel", json_string(kernel));
	free(kernel);
	word = variant_of(meta);
	json_object_set_new(added, "variant", json_string(word));
	free(word);
	word = counts_of(root);
	json_object_set_new(added, "counts", json_string(word));
	free(word);
	fprintf(out, "# meta\nkey value\n");
	json_object_foreach(added, key, v)
		put_meta(out, key, NULL, v);
	json_object_foreach(meta, key, v) {
		if (!json_object_get(added, key))
			put_meta(out, key, NULL, v);
		if (json_is_object(v))
			json_object_foreach(v, sub, w)
				put_meta(out, key, sub, w);
	}
	json_decref(added);
}

/* --- the classic table: tail calls against bpf2bpf calls ------------------ */

/* kind: what low..high is (result/interval.h's kinds, or "quartiles");
 * "exact": value is a count with nothing to bracket; "": a plain figure. */
static void put_classic(FILE *out, const char *property, const char *mechanism, int depth,
			double value, double low, double high, const char *detail,
			const char *kind)
{
	dat_string(out, property);
	fputc(' ', out);
	dat_string(out, mechanism);
	fprintf(out, " %d ", depth);
	dat_num(out, value);
	fputc(' ', out);
	dat_num(out, low);
	fputc(' ', out);
	dat_num(out, high);
	fputc(' ', out);
	dat_string(out, detail);
	fputc(' ', out);
	dat_string(out, kind);
	fputc('\n', out);
}

/* The kind of a run's figure: the count an exact clock's trials agreed on
 * with no spread is exact; else its bounds are the trials' quartiles. */
static const char *run_kind(json_t *meta, const struct classic_row *r)
{
	return model_exact_clock(jstr(meta, "clock", "?")) && r->q1 == r->run && r->q3 == r->run ?
		       "exact" : "quartiles";
}

static void put_mechanism(FILE *out, json_t *meta, const struct classic *t, int m)
{
	const struct classic_row *r = &t->rows[m];
	const char *id = classic_mech(m)->id;
	char *detail;

	if (r->fit) {
		detail = dat_fit_family(r->fit);
		put_classic(out, "per_hop", id, -1, r->per_hop, r->ci_low, r->ci_high, detail,
			    interval_of(meta, json_object_get(r->fit, "per_hop"), false).kind);
		put_classic(out, "jited_per_hop", id, -1, r->jited_per_hop, NAN, NAN, detail, "");
		free(detail);
	}
	if (r->c) {
		detail = model_family_key(r->c);
		put_classic(out, "run", id, t->depth, r->run, r->q1, r->q3, detail, run_kind(meta, r));
		put_classic(out, "jited_len", id, t->depth, r->jited_len, NAN, NAN, detail, "");
		put_classic(out, "stack_depth", id, t->depth, r->stack_depth, NAN, NAN, detail, "");
		free(detail);
	}
	if (r->refused) {
		detail = xasprintf("%s: %s", jstr(r->refused, "id", "?"),
				   jstr(r->refused, "reason", "?"));
		put_classic(out, "refused", id, -1, NAN, NAN, NAN, detail, "");
		free(detail);
	}
}

/* A fact about tail calls, with the case that shows it. */
static void put_fact(FILE *out, const char *property, json_t *c, int depth, double value,
		     char *why)
{
	put_classic(out, property, jstr(c, "bench", "?"), depth, value, NAN, NAN, why, "");
	free(why);
}

static void write_classic(FILE *out, json_t *root, const char *type)
{
	struct classic t;
	json_t *c;

	classic_reduce(root, type, &t);
	fprintf(out, "\n\n# classic %s\nproperty mechanism depth value low high detail kind\n",
		type);
	for (int m = 0; m < classic_nmechs(); m++)
		put_mechanism(out, json_object_get(root, "meta"), &t, m);
	/* The 34th tail call: a case that ran proves it fell through (its
	 * return value and hop count were checked); a refused one says why. */
	c = t.limit;
	if (c)
		put_fact(out, "tail_call_limit", c, CLASSIC_MAX_HOPS + 1,
			 case_ok(c) ? CLASSIC_MAX_HOPS : NAN,
			 case_ok(c) ? xasprintf("%s: %d calls attempted, the last fell through "
						"(returned %d as expected)", jstr(c, "id", "?"),
						CLASSIC_MAX_HOPS + 1, jint(c, "retval", -1)) :
				      xasprintf("%s: %s", jstr(c, "id", "?"), jstr(c, "reason", "?")));
	c = t.frames;
	if (c)
		put_fact(out, "call_frames", c, -1, jint(c, "nest", 0) + 1,
			 xasprintf("%s: a tail call issued at nest %d, %d frames deep, ran",
				   jstr(c, "id", "?"), jint(c, "nest", 0), jint(c, "nest", 0) + 1));
	for (int r = 0; r < CLASSIC_NREFUSALS; r++) {
		c = t.refused[r];
		if (c)
			put_fact(out, classic_refusals[r].name, c, -1, t.refused_bytes[r],
				 xasprintf("%s: %s", jstr(c, "id", "?"), jstr(c, "reason", "?")));
	}
}

struct reason_count {
	const char *reason, *first;
	int n;
};

static int cmp_reason_count(const void *a, const void *b)
{
	const struct reason_count *x = a, *y = b;

	return x->n != y->n ? y->n - x->n : strcmp(x->reason, y->reason);
}

/* The skipped cases by reason: a report lists a few lines, not hundreds of
 * cases.  Reasons are few (one per verifier refusal or missing feature), so
 * a scan of those seen is quick. */
static void write_skipped_reasons(FILE *out, json_t *root)
{
	json_t *cases = json_object_get(root, "cases"), *c;
	struct reason_count *r = xcalloc(json_array_size(cases) + 1, sizeof(*r));
	size_t i, n = 0, k;

	json_array_foreach(cases, i, c) {
		const char *why = jstr(c, "reason", "?");

		if (case_ok(c))
			continue;
		for (k = 0; k < n && strcmp(r[k].reason, why); k++)
			;
		if (k == n)
			r[n++] = (struct reason_count){ why, jstr(c, "id", "?"), 0 };
		r[k].n++;
	}
	qsort(r, n, sizeof(*r), cmp_reason_count);
	fprintf(out, "\n\n# skipped_reasons\nreason count first\n");
	for (k = 0; k < n; k++) {
		dat_string(out, r[k].reason);
		fprintf(out, " %d ", r[k].n);
		dat_string(out, r[k].first);
		fputc('\n', out);
	}
	free(r);
}

/* The mitigations on a hop path, as show names them. */
static void write_mitigations(FILE *out, json_t *root)
{
	json_t *meta = json_object_get(root, "meta"), *on = mitig_on(meta), *m;
	size_t i;

	fprintf(out, "\n\n# mitigations\nname touches does fact\n");
	json_array_foreach(on, i, m) {
		const char *cols[] = { "name", "touches", "does", "fact" };

		for (size_t k = 0; k < ARRAY_SIZE(cols); k++) {
			dat_string(out, jstr(m, cols[k], "?"));
			fputc(k + 1 < ARRAY_SIZE(cols) ? ' ' : '\n', out);
		}
	}
	json_decref(on);
}

/* What plots need to know of the suite itself, so that shell restates none
 * of it: the benches in their table's order, with their legends, and the
 * key modes in order. */
static void write_domain(FILE *out)
{
	const struct bench *const *benches;
	int n;

	benches = bench_all(&n);
	fprintf(out, "\n\n# benches\nname title depth_unit\n");
	for (int i = 0; i < n; i++) {
		dat_string(out, benches[i]->name);
		fputc(' ', out);
		dat_string(out, benches[i]->title);
		fputc(' ', out);
		dat_string(out, benches[i]->depth_unit);
		fputc('\n', out);
	}
	fprintf(out, "\n\n# key_modes\nmode\n");
	for (int i = 0; i < MODEL_NR_KEY_MODES; i++) {
		dat_string(out, model_key_modes[i]);
		fputc('\n', out);
	}
}

static int write_dat(FILE *out, json_t *root, const char *path)
{
	struct strlist types = {};
	json_t *c;
	size_t i;

	fprintf(out, "# tailbench dat: gnuplot data sets, chosen with index \"NAME\"\n\n\n");
	write_meta(out, root, path);
	write_domain(out);
	dat_classic_layout(out);
	write_mitigations(out, root);
	write_skipped_reasons(out, root);
	for (size_t b = 0; b < ARRAY_SIZE(blocks); b++)
		write_blocks(out, root, &blocks[b]);
	write_fit_arrays(out, root, "segments", segment_cols);
	write_fit_arrays(out, root, "residuals", residual_cols);
	json_array_foreach(json_object_get(root, "cases"), i, c)
		if (strlist_find(&types, jstr(c, "prog_type", "?")) < 0)
			strlist_add(&types, jstr(c, "prog_type", "?"));
	for (int t = 0; t < types.n; t++)
		write_classic(out, root, types.v[t]);
	/* Every type's figures, so that a type without cases names them as
	 * skipped. */
	for (int t = 0; t < MODEL_NR_PROG_TYPES; t++)
		dat_figures(out, root, model_prog_types[t]);
	strlist_free(&types);
	return ferror(out) ? -EIO : 0;
}

const struct export_format export_dat = {
	.name = "dat",
	.desc = "gnuplot data sets: meta, benches, key modes, cases and fits by family, segments, residuals, skipped and their reasons, classic table, mitigations",
	.write = write_dat,
};
