// SPDX-License-Identifier: GPL-2.0
/*
 * Exports for the dashboards CI pipelines already run: Bencher's metric
 * format and github-action-benchmark's customSmallerIsBetter.  Every
 * measured case is one benchmark (its median, with the quartiles as
 * bounds), every fit one more ("<family>/per_hop", with its 95% CI).
 * github-action-benchmark's "extra" names what the range is, the kind of a
 * fit's interval included (result/interval.h); Bencher's format holds numbers
 * alone.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "cmd/export.h"
#include "result/interval.h"
#include "result/read.h"

struct metric {
	const char *name;
	double value, low, high;
	const char *what;	/* the figure and its range, in words */
};

struct sink {
	json_t *out;
	const char *unit;	/* meta.clock */
	const char *measure;	/* Bencher's name for what the clock measures */
};

/*
 * Calls fn for every measured case and every per-hop fit of a result.  A
 * case's figure is its median, or for exact clocks the count its trials
 * agreed on; the bounds are widened to hold it, as both formats expect.
 */
static void for_each_metric(json_t *root, void (*fn)(const struct metric *m, struct sink *s),
			    struct sink *s)
{
	json_t *meta = json_object_get(root, "meta"), *c, *f;
	bool exact = model_exact_clock(jstr(meta, "clock", "?"));
	size_t i;

	json_array_foreach(json_object_get(root, "cases"), i, c) {
		json_t *stat = json_object_get(c, "stat");
		double v = model_case_figure(c);
		struct metric m = { jstr(c, "id", "?"), v, fmin(jnum(stat, "q1", v), v),
				    fmax(jnum(stat, "q3", v), v),
				    exact ? "the count the trials agreed on; range: first to third quartile" :
					    "median of the trials; range: first to third quartile" };

		if (isfinite(v))
			fn(&m, s);
	}
	json_array_foreach(json_object_get(root, "fits"), i, f) {
		json_t *ph = json_object_get(f, "per_hop");
		double v = jnum(ph, "value", NAN);
		char *name = model_fit_name(f);
		char *what = xasprintf("per-hop slope; range: %s",
				       interval_label(interval_of(meta, ph, false).kind));
		struct metric m = { name, v, fmin(jnum(ph, "ci_low", v), v),
				    fmax(jnum(ph, "ci_high", v), v), what };

		if (isfinite(v))
			fn(&m, s);
		free(what);
		free(name);
	}
}

static void add_bmf(const struct metric *m, struct sink *s)
{
	json_object_set_new(s->out, m->name,
			    json_pack("{s{sf sf sf}}", s->measure, "value", m->value, "lower_value",
				      m->low, "upper_value", m->high));
}

static void add_gab(const struct metric *m, struct sink *s)
{
	char *range = xasprintf("± %.3g", (m->high - m->low) / 2);

	json_array_append_new(s->out, json_pack("{ss ss sf ss ss}", "name", m->name, "unit", s->unit,
						"value", m->value, "range", range, "extra", m->what));
	free(range);
}

static int write_metrics(FILE *out, json_t *root, json_t *doc,
			 void (*add)(const struct metric *m, struct sink *s))
{
	const char *clock = jstr(json_object_get(root, "meta"), "clock", "ns");
	struct sink s = { doc, clock, model_clock(clock)->bmf };
	int err;

	for_each_metric(root, add, &s);
	err = json_dumpf(doc, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(doc);
	return err ? -EIO : 0;
}

static int write_bmf(FILE *out, json_t *root, const char *path)
{
	(void)path;
	return write_metrics(out, root, json_object(), add_bmf);
}

static int write_gab(FILE *out, json_t *root, const char *path)
{
	(void)path;
	return write_metrics(out, root, json_array(), add_gab);
}

const struct export_format export_bmf = {
	.name = "bmf",
	.desc = "Bencher Metric Format: {name: {measure: {value, lower_value, upper_value}}}",
	.write = write_bmf,
};

const struct export_format export_gab = {
	.name = "gab",
	.desc = "github-action-benchmark customSmallerIsBetter: [{name, unit, value, range, extra: what the range is}]",
	.write = write_gab,
};
