// SPDX-License-Identifier: GPL-2.0
/*
 * Exports for the dashboards CI pipelines already run: Bencher's metric
 * format and github-action-benchmark's customSmallerIsBetter.  Every
 * measured case is one benchmark (its median, with the quartiles as
 * bounds), every fit one more ("<family> per hop", with its 95% CI).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "export.h"
#include "results.h"

struct metric {
	char *name;
	double value, low, high;
};

/* Calls fn for every case median and every per-hop fit of a result. */
static void for_each_metric(json_t *root, void (*fn)(const struct metric *m, void *arg),
			    void *arg)
{
	json_t *c, *f;
	size_t i;

	json_array_foreach(json_object_get(root, "cases"), i, c) {
		json_t *stat = json_object_get(c, "stat");
		struct metric m = { (char *)jstr(c, "id", "?"), jnum(stat, "median", NAN),
				    jnum(stat, "q1", NAN), jnum(stat, "q3", NAN) };

		if (stat)
			fn(&m, arg);
	}
	json_array_foreach(json_object_get(root, "fits"), i, f) {
		json_t *ph = json_object_get(f, "per_hop");
		struct metric m = {
			xasprintf("%s/%s/%s/%s/n%d/s%d per hop", jstr(f, "scenario", "?"),
				  jstr(f, "bench", "?"), jstr(f, "prog_type", "?"),
				  jstr(f, "key_mode", "?"), jint(f, "nest", 0), jint(f, "frame_stack", 0)),
			jnum(ph, "value", NAN), jnum(ph, "ci_low", NAN), jnum(ph, "ci_high", NAN)
		};

		fn(&m, arg);
		free(m.name);
	}
}

struct sink {
	json_t *out;
	const char *unit;
};

static void add_bmf(const struct metric *m, void *arg)
{
	struct sink *s = arg;

	json_object_set_new(s->out, m->name,
			    json_pack("{s{sf sf sf}}", s->unit, "value", m->value, "lower_value",
				      m->low, "upper_value", m->high));
}

static void add_gab(const struct metric *m, void *arg)
{
	struct sink *s = arg;
	char *range = xasprintf("± %.3g", (m->high - m->low) / 2);

	json_array_append_new(s->out, json_pack("{ss ss sf ss}", "name", m->name, "unit", s->unit,
						"value", m->value, "range", range));
	free(range);
}

static int write_json(FILE *out, json_t *doc)
{
	int err = json_dumpf(doc, out, JSON_INDENT(1) | JSON_REAL_PRECISION(10));

	fputc('\n', out);
	json_decref(doc);
	return err ? -EIO : 0;
}

static int write_bmf(FILE *out, json_t *root, const char *path)
{
	struct sink s = { json_object(), jstr(json_object_get(root, "meta"), "clock", "ns") };

	(void)path;
	for_each_metric(root, add_bmf, &s);
	return write_json(out, s.out);
}

static int write_gab(FILE *out, json_t *root, const char *path)
{
	struct sink s = { json_array(), jstr(json_object_get(root, "meta"), "clock", "ns") };

	(void)path;
	for_each_metric(root, add_gab, &s);
	return write_json(out, s.out);
}

const struct export_format export_bmf = {
	.name = "bmf",
	.desc = "Bencher Metric Format: {name: {clock: {value, lower_value, upper_value}}}",
	.write = write_bmf,
};

const struct export_format export_gab = {
	.name = "gab",
	.desc = "github-action-benchmark customSmallerIsBetter: [{name, unit, value, range}]",
	.write = write_gab,
};
