// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench series BASE NEW...: the per-hop figures of a patch series, one
 * result per prefix of it (harness/kbuild/series.sh), as one table: a row
 * per family, a column per result, each cell the change that result brings
 * over the one before it and the running total since BASE.  bisect
 * (harness/kbuild/bisect.sh) asks it the same question of two results: does
 * any chosen family's per-hop figure differ from BASE's (exit 1) or not (0).
 */
#include <fnmatch.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "result/read.h"

struct series_opts {
	struct strlist families;	/* fnmatch patterns over family keys; none: all */
	struct strlist names;		/* column names of NEW..., in order */
	double threshold;		/* per-hop units a change must exceed */
	bool html;
};

static void usage(FILE *f)
{
	fputs("usage: tailbench series [--family PATTERN]... [--threshold N] [--name NAME]...\n"
	      "                        [--html] BASE NEW...\n\n"
	      "The per-hop figure of every family in BASE and each NEW, in order (the\n"
	      "results of a patch series, one per prefix): a cell holds the change that\n"
	      "result brings over the one before it, then after '/' the running total\n"
	      "since BASE.  All files must share one clock.\n\n"
	      "  --family PATTERN  only families whose key (scenario/bench/type/mode/nN/sS)\n"
	      "                    matches the shell pattern, e.g. '*/tailcall*/*'\n"
	      "                    (repeatable; default every family)\n"
	      "  --threshold N     a change counts when it exceeds N per-hop units\n"
	      "                    (default 0: any change, as exact counts allow)\n"
	      "  --name NAME       the column of the next NEW (default its meta.vm.label,\n"
	      "                    else its file name)\n"
	      "  --html            the table as an HTML fragment\n\n"
	      "Exit status: 0 when no chosen family's figure in the last NEW differs from\n"
	      "BASE's by more than the threshold, 1 when one does or is missing there,\n"
	      "2 on bad input.\n",
	      f);
}

static int parse_opts(int argc, char **argv, struct series_opts *o)
{
	static const struct option opts[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "threshold", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, 'n' },
		{ "html", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	char *end;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			strlist_add(&o->families, optarg);
			break;
		case 't':
			o->threshold = strtod(optarg, &end);
			if (*end || end == optarg || !(o->threshold >= 0) || isinf(o->threshold)) {
				p_err("--threshold: expected a number >= 0, got '%s'", optarg);
				return -1;
			}
			break;
		case 'n':
			strlist_add(&o->names, optarg);
			break;
		case 'H':
			o->html = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return -1;
	}
	if (o->names.n && o->names.n != argc - optind - 1) {
		p_err("--name given %d times for %d NEW results: once for each, or never",
		      o->names.n, argc - optind - 1);
		return -1;
	}
	return 0;
}

struct column {
	const char *path, *name;
	json_t *root;
	struct result_index ix;
};

static bool chosen(const struct series_opts *o, const char *family)
{
	if (!o->families.n)
		return true;
	for (int i = 0; i < o->families.n; i++)
		if (!fnmatch(o->families.v[i], family, 0))
			return true;
	return false;
}

/* The per-hop figure of FAMILY in a column, NAN when it has no fit there. */
static double per_hop(const struct column *c, const char *family)
{
	json_t *fit = result_index_fit(&c->ix, family);

	return fit ? jnum(json_object_get(fit, "per_hop"), "value", NAN) : NAN;
}

/* "+1/+2", "-/+2" when this column lacks the family: the change this column
 * brings (over the last column that had it) and the total since BASE. */
static char *cell(double prev, double cur, double base)
{
	if (isnan(cur))
		return xstrdup("-");
	if (isnan(prev))
		return isnan(base) ? xasprintf("=%g", cur) : xasprintf("?/%+g", cur - base);
	return xasprintf("%+g/%+g", cur - prev, cur - base);
}

static void put_text(const char *s, int width, bool html, bool head)
{
	if (!html) {
		printf(" %*s", width, s);
		return;
	}
	printf(head ? "<th>" : "<td>");
	html_escape(stdout, s);
	printf(head ? "</th>" : "</td>");
}

/* One family's row; returns 1 when its last figure is off BASE's by more
 * than the threshold, or missing. */
static int print_row(const struct column *cols, int n, const char *fam, int fw, int width,
		     const struct series_opts *o)
{
	double b = per_hop(&cols[0], fam), prev = b, last = NAN;
	char *s;

	if (o->html) {
		printf("<tr>");
		put_text(fam, 0, true, false);
	} else {
		printf("%-*s", fw, fam);
	}
	s = isnan(b) ? xstrdup("-") : xasprintf("%g", b);
	put_text(s, width, o->html, false);
	free(s);
	for (int c = 1; c < n; c++) {
		last = per_hop(&cols[c], fam);
		s = cell(prev, last, b);
		put_text(s, width, o->html, false);
		free(s);
		if (!isnan(last))
			prev = last;
	}
	printf(o->html ? "</tr>\n" : "\n");
	return isnan(last) || isnan(b) || fabs(last - b) > o->threshold;
}

/* The table; returns the number of chosen families whose last figure is
 * off BASE's by more than the threshold, or missing. */
static int print_table(const struct column *cols, int n, const struct series_opts *o,
		       const char *clock)
{
	const struct column *base = &cols[0];
	int width = 12, fw = 6, changed = 0, rows = 0;

	for (size_t i = 0; i < base->ix.nfits; i++)
		if (chosen(o, base->ix.fits[i].key)) {
			rows++;
			if ((int)strlen(base->ix.fits[i].key) > fw)
				fw = strlen(base->ix.fits[i].key);
		}
	if (!rows) {
		p_err("%s: no family matches --family", base->path);
		return -1;
	}
	for (int c = 1; c < n; c++)
		if ((int)strlen(cols[c].name) > width)
			width = strlen(cols[c].name);
	if (o->html)
		printf("<table class=\"series\">\n<caption>per-hop change (%s) each result brings, "
		       "then the running total since the base</caption>\n<tr>",
		       model_clock(clock)->label);
	else
		printf("per hop (%s): each cell is the change that result brings, then after '/' "
		       "the running total since the base\n%-*s",
		       model_clock(clock)->label, fw, "family");
	if (o->html)
		put_text("family", 0, true, true);
	put_text(base->name, width, o->html, true);
	for (int c = 1; c < n; c++)
		put_text(cols[c].name, width, o->html, true);
	printf(o->html ? "</tr>\n" : "\n");
	for (size_t i = 0; i < base->ix.nfits; i++)
		if (chosen(o, base->ix.fits[i].key))
			changed += print_row(cols, n, base->ix.fits[i].key, fw, width, o);
	if (o->html)
		printf("</table>\n");
	return changed;
}

int do_series(int argc, char **argv)
{
	struct series_opts o = {};
	struct column *cols = NULL;
	const char *clock = NULL;
	int n = 0, ret = TB_EXIT_USAGE, err = parse_opts(argc, argv, &o), changed;

	if (err) {
		ret = err > 0 ? TB_EXIT_OK : TB_EXIT_USAGE;
		goto out;
	}
	n = argc - optind;
	cols = xcalloc(n, sizeof(*cols));
	for (int c = 0; c < n; c++) {
		json_t *meta;

		cols[c].path = argv[optind + c];
		cols[c].root = results_load(cols[c].path);
		if (!cols[c].root)
			continue;
		result_index_init(&cols[c].ix, cols[c].root);
		meta = json_object_get(cols[c].root, "meta");
		if (c && o.names.n)
			cols[c].name = o.names.v[c - 1];
		else
			cols[c].name = jstr(json_object_get(meta, "vm"), "label", cols[c].path);
		if (!clock)
			clock = jstr(meta, "clock", "?");
		else if (strcmp(clock, jstr(meta, "clock", "?"))) {
			p_err("%s: clock %s, but %s has %s: figures of two clocks do not subtract",
			      cols[c].path, jstr(meta, "clock", "?"), cols[0].path, clock);
			goto out;
		}
	}
	for (int c = 0; c < n; c++)
		if (!cols[c].root)
			goto out;
	changed = print_table(cols, n, &o, clock);
	if (changed >= 0)
		ret = changed ? TB_EXIT_FAIL : TB_EXIT_OK;
out:
	for (int c = 0; c < n; c++)
		if (cols[c].root) {
			result_index_free(&cols[c].ix);
			json_decref(cols[c].root);
		}
	free(cols);
	strlist_free(&o.families);
	strlist_free(&o.names);
	return ret;
}
