// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench summary --baselines DIR FILE...: the gate of a matrix of kernels
 * in one Markdown block (a CI job's summary, a pull request's comment), or
 * one JSON document.  Each result is compared (cmd/compare.c) with its kernel's
 * baseline, DIR/<arch>/<kernel>.json (cmd/baseline.h); a baseline made by
 * another tailbench is reduced again by this one first (cmd/refit.h), so that
 * both sides' fits come from one reducer.  The verdict of every kernel comes
 * first, then what changed: per-hop costs by family, the hop-path diff of
 * each family that changed (cmd/explain.h), the cases; unchanged rows fold into
 * <details>.  The block is cut to a size limit (GitHub's step summary takes
 * 1 MiB) by leaving out whole parts, with a note saying so.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "cmd/baseline.h"
#include "cmd/cmds.h"
#include "cmd/compare.h"
#include "cmd/explain.h"
#include "cmd/refit.h"
#include "result/read.h"

#define DEFAULT_MAX_BYTES 1000000	/* under GitHub's 1 MiB, room for a few lines more */

struct summary_opts {
	const char *baselines;
	const char *report;		/* a link to the HTML report */
	int inconclusive_exit;
	long max_bytes;
	struct compare_opts compare;
};

/* One kernel of the matrix: a result, its baseline, their comparison. */
struct kernel {
	char *key;		/* ARCH/KERNEL; the file's name when unreadable */
	struct strlist files;	/* its result files: one, unless duplicated */
	char *baseline;
	json_t *root, *base;
	json_t *doc;		/* compare's report */
	char *why;		/* why it has no report */
	char *refit_from;	/* the tailbench that made a refit baseline */
	int exit;
};

struct matrix {
	struct kernel *k;
	int n;
};

static struct kernel *kernel_add(struct matrix *m, const char *key)
{
	m->k = xrealloc(m->k, m->n + 1, sizeof(*m->k));
	m->k[m->n] = (struct kernel){ .key = xstrdup(key) };
	return &m->k[m->n++];
}

static struct kernel *kernel_find(struct matrix *m, const char *key)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->k[i].key, key))
			return &m->k[i];
	return NULL;
}

static void fail(struct kernel *k, char *why)
{
	k->exit = TB_EXIT_USAGE;
	free(k->why);
	k->why = why;
}

/* A file named twice (itself and in its folder) is one result. */
static void dedupe(struct strlist *files)
{
	struct strlist seen = {}, kept = {};

	for (int i = 0; i < files->n; i++) {
		char *real = realpath(files->v[i], NULL);

		if (!real || strlist_find(&seen, real) < 0)
			strlist_add(&kept, files->v[i]);
		if (real)
			strlist_add(&seen, real);
		free(real);
	}
	strlist_free(&seen);
	strlist_free(files);
	*files = kept;
}

/* Every result read and placed under its kernel; duplicates kept apart. */
static void read_results(struct matrix *m, const struct strlist *files)
{
	for (int i = 0; i < files->n; i++) {
		const char *f = files->v[i];
		json_t *root = results_load_opts(f, &(struct results_load_opts){});
		char *key = root ? baseline_key(root, f) : NULL;
		struct kernel *k = key ? kernel_find(m, key) : NULL;

		if (!key) {
			k = kernel_add(m, f);
			strlist_add(&k->files, f);
			fail(k, xstrdup(p_err_last()));
		} else if (k) {
			strlist_add(&k->files, f);
			fail(k, xasprintf("%d result files of this kernel: the matrix ran it twice",
					  k->files.n));
		} else {
			k = kernel_add(m, key);
			strlist_add(&k->files, f);
			k->root = json_incref(root);
		}
		free(key);
		json_decref(root);
	}
}

/* Baselines that no result answers: kernels the matrix did not run. */
static void find_missing(struct matrix *m, const char *dir)
{
	struct strlist all = {};

	results_collect(dir, &all);
	for (int i = 0; i < all.n; i++) {
		const char *rel = all.v[i] + strlen(dir) + 1;
		char *key = xasprintf("%.*s", (int)strlen(rel) - 5, rel);

		if (!kernel_find(m, key)) {
			struct kernel *k = kernel_add(m, key);

			k->baseline = xstrdup(all.v[i]);
			fail(k, xstrdup("no result of this kernel, which has a baseline: its "
					"job failed, or was left out of the matrix"));
		}
		free(key);
	}
	strlist_free(&all);
}

/* The baseline of a kernel with one readable result, compared with it. */
static void gate_one(struct kernel *k, const struct summary_opts *o)
{
	const char *rev, *base_rev;

	k->baseline = baseline_path(o->baselines, k->key);
	if (access(k->baseline, F_OK)) {
		fail(k, xasprintf("no baseline %s: make it with ./run.sh baseline update",
				  k->baseline));
		return;
	}
	k->base = results_load_opts(k->baseline, &o->compare.load);
	if (!k->base) {
		fail(k, xasprintf("baseline refused: %s", p_err_last()));
		return;
	}
	/* Figures reduced by another tailbench may mean something else: the
	 * cases are what was measured, so they are reduced again here. */
	rev = jstr(json_object_get(k->root, "meta"), "tailbench_rev", "?");
	base_rev = jstr(json_object_get(k->base, "meta"), "tailbench_rev", "?");
	if (strcmp(rev, base_rev)) {
		if (refit_result(k->base, NULL, 1) || refit_result(k->root, NULL, 1)) {
			fail(k, xasprintf("baseline of tailbench %s could not be refit: %s", base_rev,
					  p_err_last()));
			return;
		}
		k->refit_from = xstrdup(base_rev);
	}
	k->exit = compare_results(k->base, k->baseline, k->root, k->files.v[0], &o->compare,
				  &k->doc);
	if (!k->doc)
		fail(k, xstrdup(p_err_last()));
}

/* The matrix's answer: a regression anywhere fails it; then any kernel that
 * could not be judged; then any inconclusive one. */
static int overall(const struct matrix *m)
{
	int worst = TB_EXIT_OK;

	for (int i = 0; i < m->n; i++) {
		int e = m->k[i].exit;

		if (e == TB_EXIT_FAIL || (e == TB_EXIT_USAGE && worst != TB_EXIT_FAIL) ||
		    (e == TB_EXIT_INCONCLUSIVE && worst == TB_EXIT_OK))
			worst = e;
	}
	return worst;
}

/* --- Markdown, in parts: the cut to the size limit falls between them -- */

struct parts {
	char **text;
	size_t *len;
	int n;
	FILE *f;	/* the part being written */
	char *buf;
	size_t size;
};

static FILE *part_open(struct parts *p)
{
	p->f = open_memstream(&p->buf, &p->size);
	if (!p->f) {
		perror("open_memstream");
		exit(TB_EXIT_FAIL);
	}
	return p->f;
}

static void part_close(struct parts *p)
{
	fclose(p->f);
	p->text = xrealloc(p->text, p->n + 1, sizeof(*p->text));
	p->len = xrealloc(p->len, p->n + 1, sizeof(*p->len));
	p->text[p->n] = p->buf;
	p->len[p->n++] = p->size;
	p->f = NULL;
}

static bool row_changed(json_t *row)
{
	return strcmp(jstr(row, "verdict", ""), "unchanged");
}

static bool row_per_hop(json_t *row)
{
	return !strcmp(jstr(row, "kind", ""), "per_hop");
}

static void fmt_num(char *buf, size_t len, json_t *v, bool exact)
{
	if (!json_is_number(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, exact ? "%.10g" : "%.2f", json_number_value(v));
}

/* A table of rows of a report; exact counts have no p, interval or noise. */
static void table(FILE *f, json_t *doc, bool per_hop, bool changed)
{
	bool exact = json_is_true(json_object_get(doc, "exact"));
	const char *unit = jstr(doc, "unit", "?");
	json_t *row;
	size_t i;

	fprintf(f, "| %s | BASE | NEW | change | %sverdict |\n", per_hop ? "per-hop cost" : "case",
		exact ? "" : "p | rerun noise | ");
	fprintf(f, "| --- | ---: | ---: | ---: | %s--- |\n", exact ? "" : "---: | ---: | ");
	json_array_foreach(json_object_get(doc, "rows"), i, row) {
		char old[32], new[32], ch[96], p[32] = "-", noise[32] = "-";
		double d = jnum(row, "new", NAN) - jnum(row, "base", NAN);

		if (row_per_hop(row) != per_hop || row_changed(row) != changed)
			continue;
		fmt_num(old, sizeof(old), json_object_get(row, "base"), exact);
		fmt_num(new, sizeof(new), json_object_get(row, "new"), exact);
		if (isnan(d))
			snprintf(ch, sizeof(ch), "-");
		else if (exact)
			snprintf(ch, sizeof(ch), "%+.10g %s (%+.2f%%)", nearbyint(d * 1e6) / 1e6, unit,
				 jnum(row, "change_pct", 0));
		else
			snprintf(ch, sizeof(ch), "%+.1f%% [%+.1f, %+.1f]", jnum(row, "change_pct", 0),
				 jnum(row, "ci_low_pct", 0), jnum(row, "ci_high_pct", 0));
		if (!exact) {
			fmt_num(p, sizeof(p), json_object_get(row, "p"), false);
			fmt_num(noise, sizeof(noise), json_object_get(row, "rerun_noise_pct"), false);
			fprintf(f, "| `%s` | %s | %s | %s | %s | %s%% | %s%s%s |\n", jstr(row, "what", "?"),
				old, new, ch, p, noise, jstr(row, "verdict", "?"),
				json_is_string(json_object_get(row, "reason")) ? ": " : "",
				jstr(row, "reason", ""));
		} else {
			fprintf(f, "| `%s` | %s | %s | %s | %s%s%s |\n", jstr(row, "what", "?"), old, new,
				ch, jstr(row, "verdict", "?"),
				json_is_string(json_object_get(row, "reason")) ? ": " : "",
				jstr(row, "reason", ""));
		}
	}
}

static int count_rows(json_t *doc, bool per_hop, bool changed)
{
	json_t *row;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(doc, "rows"), i, row)
		n += row_per_hop(row) == per_hop && row_changed(row) == changed;
	return n;
}

static const char *kernel_verdict(const struct kernel *k)
{
	return k->exit == TB_EXIT_USAGE && !k->files.n ? "MISSING" :
	       k->files.n > 1			   ? "DUPLICATED" :
						     compare_verdict(k->exit);
}

static void verdict_row(FILE *f, const struct kernel *k)
{
	const char *v = kernel_verdict(k);
	bool loud = strcmp(v, "pass");

	fprintf(f, "| `%s` | %s%s%s | ", k->key, loud ? "**" : "", v, loud ? "**" : "");
	if (k->doc)
		fprintf(f, "%d of %d | %d of %d | ", count_rows(k->doc, true, true),
			count_rows(k->doc, true, true) + count_rows(k->doc, true, false),
			count_rows(k->doc, false, true),
			count_rows(k->doc, false, true) + count_rows(k->doc, false, false));
	else
		fprintf(f, "- | - | ");
	if (k->why)
		fprintf(f, "%s", k->why);
	if (k->files.n > 1)
		for (int i = 0; i < k->files.n; i++)
			fprintf(f, "%s`%s`", i ? ", " : ": ", k->files.v[i]);
	if (k->refit_from)
		fprintf(f, "baseline of tailbench %s, refit by %s", k->refit_from, tb_rev);
	fprintf(f, " |\n");
}

/* The parts of one kernel that changed: per-hop costs, their hop paths, the
 * cases; then what did not change, folded. */
static void kernel_parts(struct parts *p, const struct kernel *k)
{
	json_t *row;
	size_t i;
	int n;

	if (!k->doc)
		return;
	if (k->exit != TB_EXIT_OK || count_rows(k->doc, true, true) || count_rows(k->doc, false, true)) {
		FILE *f = part_open(p);

		fprintf(f, "\n### `%s`: %s\n\nBASE `%s`, NEW `%s`\n\n", k->key, kernel_verdict(k),
			k->baseline, k->files.v[0]);
		if (count_rows(k->doc, true, true))
			table(f, k->doc, true, true);
		else
			fprintf(f, "No per-hop cost changed.\n");
		part_close(p);
		json_array_foreach(json_object_get(k->doc, "rows"), i, row) {
			const char *what = jstr(row, "what", "");
			size_t len = strlen(what), sl = strlen("/per_hop");
			char *family;

			if (!row_per_hop(row) || !row_changed(row) || len <= sl)
				continue;
			family = xasprintf("%.*s", (int)(len - sl), what);
			f = part_open(p);
			fprintf(f, "\n<details open><summary>hop path of <code>%s</code></summary>\n\n```\n",
				family);
			if (!explain_diff_family(f, k->base, k->root, family))
				fprintf(f, "(no hop path of this family in both results: made without "
					   "hops[])\n");
			fprintf(f, "```\n</details>\n");
			part_close(p);
			free(family);
		}
		if ((n = count_rows(k->doc, false, true))) {
			f = part_open(p);
			fprintf(f, "\n<details><summary>%d case%s changed</summary>\n\n", n,
				n == 1 ? "" : "s");
			table(f, k->doc, false, true);
			fprintf(f, "</details>\n");
			part_close(p);
		}
	}
	if ((n = count_rows(k->doc, true, false))) {
		FILE *f = part_open(p);

		fprintf(f, "\n<details><summary><code>%s</code>: %d per-hop cost%s unchanged</summary>\n\n",
			k->key, n, n == 1 ? "" : "s");
		table(f, k->doc, true, false);
		fprintf(f, "</details>\n");
		part_close(p);
	}
}

static void print_markdown(const struct matrix *m, const struct summary_opts *o, int status,
			   int raw)
{
	struct parts p = {};
	FILE *f = part_open(&p);
	long total = 0;
	int shown = 0, counts[4] = {};

	for (int i = 0; i < m->n; i++)
		counts[m->k[i].exit & 3]++;
	fprintf(f, "## tailbench: %s (exit %d)\n\n", compare_verdict(raw), status);
	fprintf(f, "%d kernel%s: %d pass, %d FAIL, %d inconclusive, %d not judged (error, missing, "
		   "duplicated).", m->n, m->n == 1 ? "" : "s", counts[TB_EXIT_OK],
		counts[TB_EXIT_FAIL], counts[TB_EXIT_INCONCLUSIVE], counts[TB_EXIT_USAGE]);
	if (raw == TB_EXIT_INCONCLUSIVE)
		fprintf(f, " Inconclusive: the noise known of these runs is too large to decide; "
			   "see `tailbench compare --help`.");
	if (o->report)
		fprintf(f, " [The HTML report](%s).", o->report);
	fprintf(f, "\n\n| kernel | verdict | per-hop costs changed | cases changed | note |\n"
		   "| --- | --- | ---: | ---: | --- |\n");
	part_close(&p);
	for (int i = 0; i < m->n; i++) {
		verdict_row(part_open(&p), &m->k[i]);
		part_close(&p);
	}
	for (int i = 0; i < m->n; i++)
		kernel_parts(&p, &m->k[i]);

	/* The first part always goes out: it has the verdict. */
	for (; shown < p.n; shown++) {
		/* Room for the note below, should anything be left out. */
		if (shown && total + (long)p.len[shown] + 512 > o->max_bytes)
			break;
		fwrite(p.text[shown], 1, p.len[shown], stdout);
		total += p.len[shown];
	}
	if (shown < p.n) {
		long left = 0;

		for (int i = shown; i < p.n; i++)
			left += p.len[i];
		printf("\n\n> **Cut short**: %d of %d parts (%ld bytes) are left out to stay under %ld "
		       "bytes (GitHub's step summary takes 1 MiB).  The whole: `tailbench summary` "
		       "with a larger --max-bytes, or the report.\n", p.n - shown, p.n, left,
		       o->max_bytes);
	}
	for (int i = 0; i < p.n; i++)
		free(p.text[i]);
	free(p.text);
	free(p.len);
}

static json_t *kernel_json(const struct kernel *k)
{
	json_t *files = json_array();

	for (int i = 0; i < k->files.n; i++)
		json_array_append_new(files, json_string(k->files.v[i]));
	return json_pack("{ss ss so ss* si ss* ss* sO*}", "kernel", k->key, "verdict",
			 kernel_verdict(k), "results", files, "baseline", k->baseline, "exit",
			 k->exit, "reason", k->why, "refit_from", k->refit_from, "report", k->doc);
}

static void print_json_doc(const struct matrix *m, int status, int raw)
{
	json_t *kernels = json_array(), *doc;

	for (int i = 0; i < m->n; i++)
		json_array_append_new(kernels, kernel_json(&m->k[i]));
	doc = json_pack("{ss sb si si so}", "verdict", compare_verdict(raw), "pass",
			raw == TB_EXIT_OK, "exit", status, "exit_unmapped", raw, "kernels", kernels);
	print_json(doc);
	json_decref(doc);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench [--json] summary --baselines DIR [--report URL]\n"
		   "                 [--inconclusive-exit N] [--max-bytes N] [--threshold T]\n"
		   "                 [--alpha A] [--subset] FILE|FOLDER...\n\n"
		   "Gates the results of a matrix of kernels (FILEs, and every *.json under a\n"
		   "FOLDER: the union of what the matrix's jobs wrote), each against its kernel's\n"
		   "baseline DIR/<arch>/<kernel>.json ('tailbench baseline'), and writes one\n"
		   "Markdown block: the verdict first, one line a kernel, then what changed (per-hop\n"
		   "costs, the hop-path diff of each family that changed, cases), unchanged rows\n"
		   "folded.  A baseline of another tailbench revision is reduced again first.\n"
		   "A kernel with two results, or a baseline with none, is named as such.\n\n"
		   "  --baselines DIR        the committed baselines (required)\n"
		   "  --report URL           link the HTML report\n"
		   "  --inconclusive-exit N  exit N instead of 3 when the worst is inconclusive\n"
		   "  --max-bytes N          cut the block to N bytes, whole parts left out with a\n"
		   "                         note (default %d, under GitHub's 1 MiB)\n"
		   "  --threshold, --alpha, --subset: as 'tailbench compare'\n\n"
		   "tailbench --json summary prints one JSON document: verdict, pass, exit, and\n"
		   "each kernel's verdict, exit and compare report.\n"
		   "exit status: 1 a kernel regressed (or newly skipped a case); else 2 a kernel\n"
		   "could not be judged (no result, two results, no baseline, bad input); else\n"
		   "3 (or --inconclusive-exit's N) one was inconclusive; else 0.\n",
		DEFAULT_MAX_BYTES);
}

static int parse_opts(int argc, char **argv, struct summary_opts *o)
{
	static const struct option opts[] = {
		{ "baselines", required_argument, NULL, 'b' },
		{ "report", required_argument, NULL, 'r' },
		{ "inconclusive-exit", required_argument, NULL, 'i' },
		{ "max-bytes", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "subset", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int opt, bytes;

	*o = (struct summary_opts){ .inconclusive_exit = TB_EXIT_INCONCLUSIVE,
				    .max_bytes = DEFAULT_MAX_BYTES,
				    .compare = COMPARE_OPTS_INIT };
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			o->baselines = optarg;
			break;
		case 'r':
			o->report = optarg;
			break;
		case 'i':
			if (parse_opt_int("--inconclusive-exit", optarg, 0, 255, &o->inconclusive_exit))
				return -1;
			break;
		case 'm':
			if (parse_opt_int("--max-bytes", optarg, 4096, 1 << 30, &bytes))
				return -1;
			o->max_bytes = bytes;
			break;
		case 't':
		case 'a':
		case 's':
			if (compare_parse_opt(opt, optarg, &o->compare) < 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (!o->baselines || optind >= argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

int do_summary(int argc, char **argv)
{
	struct summary_opts o;
	struct matrix m = {};
	struct strlist files = {};
	int err = parse_opts(argc, argv, &o), raw, status;
	bool json = tb_json;
	struct stat st;

	if (err)
		return err > 0 ? TB_EXIT_OK : TB_EXIT_USAGE;
	if (stat(o.baselines, &st) || !S_ISDIR(st.st_mode)) {
		p_err("--baselines %s: no such folder (make it with ./run.sh baseline update)",
		      o.baselines);
		return TB_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		results_collect(argv[i], &files);
	dedupe(&files);
	/* Each kernel's trouble goes to stderr and into its line, not into
	 * the JSON document as an error of its own. */
	tb_json = false;
	read_results(&m, &files);
	for (int i = 0; i < m.n; i++)
		if (!m.k[i].why)
			gate_one(&m.k[i], &o);
	find_missing(&m, o.baselines);
	tb_json = json;
	/* Every job of the matrix failed, and nothing was ever baselined:
	 * there is nothing to pass. */
	if (!m.n) {
		p_err("no result file in %s%s, and no baseline in %s", argv[optind],
		      argc - optind > 1 ? " ..." : "", o.baselines);
		strlist_free(&files);
		return TB_EXIT_USAGE;
	}

	raw = overall(&m);
	status = raw == TB_EXIT_INCONCLUSIVE ? o.inconclusive_exit : raw;
	if (json)
		print_json_doc(&m, status, raw);
	else
		print_markdown(&m, &o, status, raw);

	for (int i = 0; i < m.n; i++) {
		struct kernel *k = &m.k[i];

		free(k->key);
		strlist_free(&k->files);
		free(k->baseline);
		free(k->why);
		free(k->refit_from);
		json_decref(k->root);
		json_decref(k->base);
		json_decref(k->doc);
	}
	free(m.k);
	strlist_free(&files);
	return status;
}
