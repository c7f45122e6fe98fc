// SPDX-License-Identifier: GPL-2.0
/* The first answer of results (cmd/headline.h), and tailbench headline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/model.h"
#include "base/label.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/headline.h"
#include "result/classic.h"
#include "result/interval.h"
#include "result/mitig.h"
#include "result/read.h"

/*
 * The source.  Per-hop fits, because a slope over depths leaves out what
 * every run pays once (test_run, the entry); XDP, because every run has it,
 * quick ones too; unnested chains, because nesting and frame stacks are
 * questions of their own.  Tail calls by key mode come from the chain
 * scenario, whose depth curve is the densest and which alone has every key
 * mode; the other mechanisms from the baseline scenario, made to run the
 * same hops by those means.
 */
const char headline_source[] = "per-hop fits of XDP chains, unnested (nest 0, no frame stack): "
			       "tail calls from scenario chain, the others from scenario baseline";
#define HEADLINE_TYPE "xdp"
#define NOT_IN_RUN "not in this run"

static const struct {
	const char *mech;	/* a row of the classic table (classic_find) */
	const char *scenario;
	const char *column;	/* its column when results are rows */
} rows[] = {
	{ "tailcall", "chain", "static" },
	{ "tailcall_dynamic", "chain", "dynamic" },
	{ "tailcall_poisoned", "chain", "poisoned" },
	{ "bpf2bpf", "baseline", "bpf2bpf" },
	{ "bpf2bpf_args", "baseline", "bpf2bpf args" },
	{ "inline", "baseline", "inline" },
	{ "gotox_chain", "baseline", "gotox" },
};
#define NROWS ARRAY_SIZE(rows)

struct cell {
	json_t *fit;		/* NULL: missing, and why says why */
	struct interval iv;
	const char *missing;	/* in a word: "not in this run", "refused", ... */
	char why[512];
	json_t *mitig;		/* the mitigations on its path: [{name, fact}] */
};

/* Row r's mechanism: every name in rows[] is one (tests/core/headline.test.sh). */
static const struct classic_mech *mech(size_t r)
{
	return classic_mech(classic_find(rows[r].mech));
}

static const char *mech_bench(size_t r)
{
	return mech(r)->bench;
}

static const char *mech_mode(size_t r)
{
	return mech(r)->key_mode;
}

static bool in_row(json_t *item, size_t r)
{
	const char *mode = mech_mode(r);

	return !strcmp(jstr(item, "scenario", ""), rows[r].scenario) &&
	       !strcmp(jstr(item, "bench", ""), mech_bench(r)) &&
	       !strcmp(jstr(item, "prog_type", ""), HEADLINE_TYPE) && !jint(item, "nest", -1) &&
	       !jint(item, "frame_stack", -1) && (!mode || !strcmp(jstr(item, "key_mode", ""), mode));
}

/* Why row r has no fit, from its cases: none ran, the kernel refused to
 * load them (a skipped case without programs), or they were skipped. */
static void why_missing(json_t *root, size_t r, struct cell *c)
{
	json_t *cs, *skipped = NULL;
	int n = 0, ok = 0;
	size_t i;

	json_array_foreach(json_object_get(root, "cases"), i, cs) {
		if (!in_row(cs, r))
			continue;
		n++;
		if (case_ok(cs))
			ok++;
		else if (!skipped)
			skipped = cs;
	}
	const char *reason = jstr(skipped, "reason", "?");

	if (!n) {
		c->missing = NOT_IN_RUN;
		snprintf(c->why, sizeof(c->why), NOT_IN_RUN);
	} else if (ok) {
		c->missing = "not fitted";
		snprintf(c->why, sizeof(c->why), "not fitted: %d depth%s measured", ok,
			 ok == 1 ? "" : "s");
	} else if (!json_object_get(skipped, "prog") && strncmp(reason, "interrupted", 11)) {
		c->missing = "refused";
		snprintf(c->why, sizeof(c->why), "refused by this kernel: %s", reason);
	} else {
		c->missing = "skipped";
		snprintf(c->why, sizeof(c->why), "skipped: %s", reason);
	}
}

static void reduce(json_t *root, struct cell cells[NROWS])
{
	json_t *meta = json_object_get(root, "meta"), *fit;
	size_t i;

	memset(cells, 0, NROWS * sizeof(*cells));
	json_array_foreach(json_object_get(root, "fits"), i, fit)
		for (size_t r = 0; r < NROWS; r++)
			if (!cells[r].fit && in_row(fit, r)) {
				cells[r].fit = fit;
				/* The rerun range where a noise profile gives one:
				 * it is what the next run is to be held to. */
				cells[r].iv = interval_of(meta, json_object_get(fit, "per_hop"), true);
			}
	for (size_t r = 0; r < NROWS; r++) {
		if (!cells[r].fit)
			why_missing(root, r, &cells[r]);
		cells[r].mitig = mitig_touching_list(meta, mech_bench(r), mech_mode(r), 0);
	}
}

static void cells_free(struct cell cells[NROWS])
{
	for (size_t r = 0; r < NROWS; r++)
		json_decref(cells[r].mitig);
}

/* A result's name in a table of several: the VM's label, else the kernel. */
static const char *result_label(json_t *root)
{
	json_t *meta = json_object_get(root, "meta");

	return jstr(json_object_get(meta, "vm"), "label", jstr(meta, "kernel", "?"));
}

bool headline_holds(json_t *fit)
{
	for (size_t r = 0; r < NROWS; r++)
		if (in_row(fit, r))
			return true;
	return false;
}

char *headline_relation(const char *scenario, const char *type)
{
	char cols[256] = "";
	size_t used = 0;

	for (size_t r = 0; r < NROWS; r++)
		if (!strcmp(rows[r].scenario, scenario) && !strcmp(type, HEADLINE_TYPE))
			used += snprintf(cols + used, used < sizeof(cols) ? sizeof(cols) - used : 0,
					 "%s%s", used ? ", " : "", rows[r].column);
	if (!used)
		return xasprintf("beside the headline, whose source is scenarios chain and baseline, "
				 HEADLINE_TYPE);
	return xasprintf("the headline's %s rows are this scenario's per-hop fits", cols);
}

/* --- notes: one line each, said once for every result it holds for ------- */

/* What a result's row label says after the kernel: the interpreter where
 * that, not a JIT, ran its programs (meta.jit.mode), so that no count
 * passes for a JIT's. */
static const char *jit_tag(json_t *root)
{
	const char *mode = jstr(json_object_get(json_object_get(root, "meta"), "jit"), "mode", "");

	if (!strcmp(mode, "interpreter"))
		return " (interpreter)";
	if (!strcmp(mode, "mixed"))
		return " (JIT and interpreter)";
	return "";
}

/* text -> [labels of the results it holds for], in order of first use. */
static size_t note_add(json_t *notes, const char *text, const char *label)
{
	json_t *labels = json_object_get(notes, text);
	const char *key;
	size_t k = 0;
	json_t *v;

	if (!labels) {
		labels = json_array();
		json_object_set_new(notes, text, labels);
	}
	if (label)
		json_array_append_new(labels, json_string(label));
	json_object_foreach(notes, key, v) {
		if (v == labels)
			break;
		k++;
	}
	return k + 1;
}

static bool holds_label(json_t *labels, const char *label)
{
	json_t *l;
	size_t i;

	json_array_foreach(labels, i, l)
		if (!strcmp(json_string_value(l), label))
			return true;
	return false;
}

/* The results a note holds for: every one, or runs of one kernel line in
 * the table's order (all) as ranges; without all, each label. */
static char *labels_text(json_t *labels, const struct strlist *all)
{
	char *out = xstrdup(""), *piece, *joined;
	json_t *l;
	size_t k;

	if (all && all->n > 2 && json_array_size(labels) == (size_t)all->n)
		return xasprintf("all %d", all->n);
	for (int i = 0, j; all && i < all->n; i = j + 1) {
		j = i;
		if (!holds_label(labels, all->v[i]))
			continue;
		while (j + 1 < all->n && holds_label(labels, all->v[j + 1]) &&
		       label_same_line(all->v[j], all->v[j + 1]))
			j++;
		piece = j > i ? label_range(all->v[i], all->v[j]) : xstrdup(all->v[i]);
		joined = j > i ? xasprintf("%s%s%s (%d)", out, *out ? ", " : "", piece, j - i + 1) :
				 xasprintf("%s%s%s", out, *out ? ", " : "", piece);
		free(piece);
		free(out);
		out = joined;
	}
	json_array_foreach(all ? NULL : labels, k, l) {
		joined = xasprintf("%s%s%s", out, k ? ", " : "", json_string_value(l));
		free(out);
		out = joined;
	}
	return out;
}

static void notes_print(FILE *f, json_t *notes, bool numbered, bool html,
			const struct strlist *all)
{
	const char *key;
	json_t *labels;
	size_t k = 0;

	json_object_foreach(notes, key, labels) {
		char *who = labels_text(labels, all);

		k++;
		fprintf(f, html ? "<li>" : "  ");
		fprintf(f, numbered ? "[%zu] " : "note: ", k);
		if (html)
			html_escape(f, key);
		else
			fprintf(f, "%s", key);
		if (*who) {
			fprintf(f, " (");
			if (html)
				html_escape(f, who);
			else
				fprintf(f, "%s", who);
			fprintf(f, ")");
		}
		fprintf(f, "%s\n", html ? "</li>" : "");
		free(who);
	}
}

static bool has_mitig(json_t *list, const char *name)
{
	json_t *m;
	size_t i;

	json_array_foreach(list, i, m)
		if (!strcmp(jstr(m, "name", ""), name))
			return true;
	return false;
}

/* A mechanism whose path passes mitigations a static tail call's does not
 * is not compared with it alone: name them, with the facts that say so. */
static void mitig_notes(json_t *root, const struct cell cells[NROWS], json_t *notes,
			const char *label)
{
	if (!mitig_recorded(json_object_get(root, "meta")))
		return;
	for (size_t r = 1; r < NROWS; r++) {
		char extra[1024] = "";
		size_t used = 0, i;
		int n = 0;
		json_t *m;
		char *text;

		json_array_foreach(cells[r].fit ? cells[r].mitig : NULL, i, m) {
			if (has_mitig(cells[0].mitig, jstr(m, "name", "")))
				continue;
			n++;
			used += snprintf(extra + used, used < sizeof(extra) ? sizeof(extra) - used : 0,
					 "%s%s (%s)", used ? ", " : "", jstr(m, "name", "?"),
					 jstr(m, "fact", "?"));
		}
		if (!n)
			continue;
		text = xasprintf("%s: its path passes %s, and a static tail call's does not: its "
				 "figure includes %s (recorded facts; that %s the difference is "
				 "inferred: tailbench explain shows the instructions)",
				 mech(r)->label, extra, n > 1 ? "them" : "it",
				 n > 1 ? "they explain part of" : "it explains part of");
		note_add(notes, text, label);
		free(text);
	}
}

/* --- tables: cells of text, laid out for a terminal or as HTML ----------- */

struct table {
	int ncols, nrows;
	char **cell;		/* nrows x ncols, row 0 the heading */
};

static void table_init(struct table *t, int ncols, int nrows)
{
	t->ncols = ncols;
	t->nrows = 0;
	t->cell = xcalloc((size_t)ncols * nrows, sizeof(char *));
}

static void table_set(struct table *t, int row, int col, char *text)
{
	t->cell[row * t->ncols + col] = text;
	if (row >= t->nrows)
		t->nrows = row + 1;
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void table_print(FILE *f, struct table *t, bool html)
{
	int *w = xcalloc(t->ncols, sizeof(int));

	for (int i = 0; i < t->nrows * t->ncols; i++) {
		int len = t->cell[i] ? text_width(t->cell[i]) : 0;

		if (len > w[i % t->ncols])
			w[i % t->ncols] = len;
	}
	fprintf(f, html ? "<table class=\"headline\">\n" : "");
	for (int r = 0; r < t->nrows; r++) {
		fprintf(f, html ? "<tr>" : "");
		for (int c = 0; c < t->ncols; c++) {
			const char *s = t->cell[r * t->ncols + c] ? t->cell[r * t->ncols + c] : "";

			size_t len = strlen(s);
			/* The mark of a changed cell (" *") is a class in HTML. */
			bool mark = r && len > 2 && !strcmp(s + len - 2, " *");

			if (html) {
				fprintf(f, !r ? "<th>" : mark ? "<td class=\"changed\" title=\"differs "
								  "from the row above\">" : "<td>");
				char *bare = xasprintf("%.*s", (int)(mark ? len - 2 : len), s);

				html_escape(f, bare);
				free(bare);
				fprintf(f, r ? "</td>" : "</th>");
			} else {
				fprintf(f, "%s%*s%s", s, c + 1 < t->ncols ? w[c] - text_width(s) : 0,
					"", c + 1 < t->ncols ? "  " : "\n");
			}
		}
		fprintf(f, html ? "</tr>\n" : "");
	}
	fprintf(f, html ? "</table>\n" : "");
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
	free(w);
}

/* A cell's text: its figure, or why not, numbered in refusals. */
static char *cell_text(const struct cell *c, json_t *refusals, const char *label)
{
	char buf[96];

	if (c->fit) {
		interval_format(buf, sizeof(buf), &c->iv, 2);
		return xstrdup(buf);
	}
	if (!strcmp(c->missing, NOT_IN_RUN))
		return xstrdup(c->missing);
	return xasprintf("%s [%zu]", c->missing, note_add(refusals, c->why, label));
}

/* The kind of a row of cells: theirs, or "mixed". */
static const char *kind_of(const struct cell cells[NROWS])
{
	const char *kind = NULL;

	for (size_t r = 0; r < NROWS; r++)
		if (cells[r].fit) {
			if (kind && strcmp(kind, cells[r].iv.kind))
				return "mixed (tailbench show has each)";
			kind = cells[r].iv.kind;
		}
	return kind ? interval_label(kind) : "";
}

static void heading(FILE *f, const char *clock, bool html)
{
	const char *unit = model_clock(clock)->axis;

	if (html) {
		fprintf(f, "<h2>Headline: cost per hop, ");
		html_escape(f, unit);
		fprintf(f, "</h2>\n<p>Source: ");
		html_escape(f, headline_source);
		fprintf(f, ".</p>\n");
	} else {
		fprintf(f, "Headline: cost per hop, %s\n  source: %s\n", unit, headline_source);
	}
}

static void notes_block(FILE *f, json_t *refusals, json_t *mnotes, bool html,
			const struct strlist *all)
{
	if (html && (json_object_size(refusals) || json_object_size(mnotes)))
		fprintf(f, "<ul class=\"notes\">\n");
	notes_print(f, refusals, true, html, all);
	notes_print(f, mnotes, false, html, all);
	if (html && (json_object_size(refusals) || json_object_size(mnotes)))
		fprintf(f, "</ul>\n");
}

void headline_print(FILE *f, json_t *root)
{
	json_t *refusals = json_object(), *mnotes = json_object();
	struct cell cells[NROWS];
	struct table t;

	reduce(root, cells);
	heading(f, jstr(json_object_get(root, "meta"), "clock", "?"), false);
	if (*jit_tag(root))
		fprintf(f, "engine:%s: meta.jit.mode says so; no figure here is a JIT's\n",
			jit_tag(root));
	table_init(&t, 4, NROWS + 1);
	table_set(&t, 0, 0, xstrdup("mechanism"));
	table_set(&t, 0, 1, xstrdup("per hop"));
	table_set(&t, 0, 2, xstrdup("interval"));
	table_set(&t, 0, 3, xstrdup("family"));
	for (size_t r = 0; r < NROWS; r++) {
		table_set(&t, r + 1, 0, xstrdup(mech(r)->label));
		table_set(&t, r + 1, 1, cell_text(&cells[r], refusals, NULL));
		table_set(&t, r + 1, 2, xstrdup(cells[r].fit ? interval_label(cells[r].iv.kind) : ""));
		table_set(&t, r + 1, 3,
			  cells[r].fit ? model_family_key(cells[r].fit) :
					 xasprintf("%s/%s/" HEADLINE_TYPE, rows[r].scenario,
						   mech_bench(r)));
	}
	table_print(f, &t, false);
	mitig_notes(root, cells, mnotes, NULL);
	cells_free(cells);
	notes_block(f, refusals, mnotes, false, NULL);
	json_decref(refusals);
	json_decref(mnotes);
}

/* Whether a result's figures have rerun noise unknown: timed, without a
 * noise profile. */
static bool rerun_unknown(json_t *root)
{
	json_t *meta = json_object_get(root, "meta");

	return !json_is_object(json_object_get(meta, "noise_profile")) &&
	       !model_exact_clock(jstr(meta, "clock", "?"));
}

/*
 * Several results: consecutive kernels of one series and flavour whose rows
 * read the same are one row, named by their range ("6.1.0-30 … 6.1.0-47-
 * cloud-amd64 (18)"): at 48 kernels the answer is where a figure changes,
 * and a cell that differs from the row above is marked.
 */
struct hrow {
	const char *first, *last;	/* labels */
	const char *tag;		/* jit_tag's: rows of other tags never fold */
	int n;
	char *text[NROWS];
	bool fit[NROWS];
	const char *kind;
};

static char *hrow_label(const struct hrow *h)
{
	char *range, *label;

	if (h->n == 1)
		return xasprintf("%s%s", h->first, h->tag);
	range = label_range(h->first, h->last);
	label = xasprintf("%s (%d)%s", range, h->n, h->tag);
	free(range);
	return label;
}

/* A row of result i, or i folded into the row before. */
static void hrow_add(struct hrow *h, int *nh, json_t *root, json_t *refusals, json_t *mnotes)
{
	struct cell cells[NROWS];
	const char *label = result_label(root);
	struct hrow row = { .first = label, .last = label, .n = 1, .tag = jit_tag(root) };
	struct hrow *prev = *nh ? &h[*nh - 1] : NULL;
	bool same;

	reduce(root, cells);
	for (size_t r = 0; r < NROWS; r++) {
		row.fit[r] = cells[r].fit;
		/* Short, so that 48 kernels fit a terminal: said beneath. */
		row.text[r] = !row.fit[r] && !strcmp(cells[r].missing, NOT_IN_RUN) ?
				      xstrdup("-") : cell_text(&cells[r], refusals, label);
	}
	row.kind = kind_of(cells);
	mitig_notes(root, cells, mnotes, label);
	cells_free(cells);
	same = prev && label_same_line(prev->last, label) && !strcmp(prev->kind, row.kind) &&
	       !strcmp(prev->tag, row.tag);
	for (size_t r = 0; r < NROWS && same; r++)
		same = !strcmp(prev->text[r], row.text[r]);
	if (!same) {
		h[(*nh)++] = row;
		return;
	}
	prev->last = label;
	prev->n++;
	for (size_t r = 0; r < NROWS; r++)
		free(row.text[r]);
}

/* A column no result has the mechanism of (not in this run) is left out:
 * said once beneath instead. */
static bool column_idle(const struct hrow *h, int nh, size_t r)
{
	for (int j = 0; j < nh; j++)
		if (strcmp(h[j].text[r], "-"))
			return false;
	return nh > 0;
}

static void hrows_print(FILE *f, struct hrow *h, int nh, bool html)
{
	bool one_kind = true, marked = false, folded = false, absent = false;
	int col = 1, ncols = 1;
	struct table t;

	/* A row of mixed kinds keeps the column (show has each); so does a
	 * table of one result. */
	one_kind = nh > 1 || h[0].n > 1;
	for (int j = 0; j < nh; j++)
		one_kind &= !strcmp(h[j].kind, h[0].kind) && strncmp(h[j].kind, "mixed", 5);
	for (size_t r = 0; r < NROWS; r++)
		ncols += !column_idle(h, nh, r);
	table_init(&t, ncols + !one_kind, nh + 1);
	table_set(&t, 0, 0, xstrdup("kernel"));
	for (size_t r = 0; r < NROWS; r++)
		if (!column_idle(h, nh, r))
			table_set(&t, 0, col++, xstrdup(rows[r].column));
	if (!one_kind)
		table_set(&t, 0, col, xstrdup("interval"));
	for (int j = 0; j < nh; j++) {
		col = 1;
		folded |= h[j].n > 1;
		table_set(&t, j + 1, 0, hrow_label(&h[j]));
		for (size_t r = 0; r < NROWS; r++) {
			bool changed = j && h[j].fit[r] && h[j - 1].fit[r] &&
				       strcmp(h[j].text[r], h[j - 1].text[r]);

			if (column_idle(h, nh, r))
				continue;
			marked |= changed;
			absent |= !strcmp(h[j].text[r], "-");
			table_set(&t, j + 1, col++,
				  changed ? xasprintf("%s *", h[j].text[r]) : xstrdup(h[j].text[r]));
		}
		if (!one_kind)
			table_set(&t, j + 1, col, xstrdup(h[j].kind));
	}
	if (one_kind && h[0].kind[0])
		fprintf(f, html ? "<p>Every interval: %s.</p>\n" : "  every interval: %s\n",
			h[0].kind);
	table_print(f, &t, html);
	if (html && (marked || folded || absent))
		fprintf(f, "<p>");
	if (absent)
		fprintf(f, "%s-: " NOT_IN_RUN "%s", html ? "" : "  ", html ? "; " : "\n");
	if (folded)
		fprintf(f, "%sFIRST \u2026 LAST (N): N kernels of one series, one after the other, "
			"whose rows read the same%s", html ? "" : "  ", html ? "; " : "\n");
	if (marked)
		fprintf(f, "%s%s%s", html ? "" : "  ",
			html ? "a cell that differs from the row above says so (its title)" :
			       "*: differs from the row above", html ? "" : "\n");
	if (html && (marked || folded || absent))
		fprintf(f, "</p>\n");
	for (size_t r = 0; r < NROWS; r++)
		if (column_idle(h, nh, r))
			fprintf(f, html ? "<p>%s: in none of these runs.</p>\n" :
					  "  %s: in none of these runs\n", rows[r].column);
}

static const char *meta_of(json_t *root, const char *key)
{
	return jstr(json_object_get(root, "meta"), key, "?");
}

/* The table of one clock and architecture: the results of both not done
 * yet, each marked done. */
static void print_table(FILE *f, json_t **roots, int n, bool *done, const char *clock,
			const char *arch, bool html)
{
	struct hrow *h = xcalloc(n, sizeof(*h));
	json_t *refusals = json_object(), *mnotes = json_object();
	struct strlist all = {};
	int nh = 0;

	for (int i = 0; i < n; i++) {
		if (done[i] || strcmp(clock, meta_of(roots[i], "clock")) ||
		    strcmp(arch, meta_of(roots[i], "arch")))
			continue;
		done[i] = true;
		strlist_add(&all, result_label(roots[i]));
		hrow_add(h, &nh, roots[i], refusals, mnotes);
	}
	hrows_print(f, h, nh, html);
	for (int j = 0; j < nh; j++)
		for (size_t r = 0; r < NROWS; r++)
			free(h[j].text[r]);
	notes_block(f, refusals, mnotes, html, &all);
	strlist_free(&all);
	json_decref(refusals);
	json_decref(mnotes);
	free(h);
}

/* The architectures (meta.arch) among the results of a clock. */
static int arches_of(json_t **roots, int n, const char *clock)
{
	struct strlist seen = {};
	int k;

	for (int i = 0; i < n; i++)
		if (!strcmp(clock, meta_of(roots[i], "clock")) &&
		    strlist_find(&seen, meta_of(roots[i], "arch")) < 0)
			strlist_add(&seen, meta_of(roots[i], "arch"));
	k = seen.n;
	strlist_free(&seen);
	return k;
}

void headline_print_many(FILE *f, json_t **roots, int n, bool html)
{
	bool *done = xcalloc(n, sizeof(bool)), unknown = false;

	for (int i = 0; i < n; i++)
		unknown |= rerun_unknown(roots[i]);
	if (html)
		fprintf(f, "<section id=\"headline\">\n");
	if (unknown)
		fprintf(f, html ? "<p class=\"banner\">rerun noise unknown: run ./run.sh noise</p>\n" :
				  "rerun noise unknown: run ./run.sh noise\n");
	if (n == 1 && !html) {
		headline_print(f, roots[0]);
		free(done);
		return;
	}
	/*
	 * A table per clock, in the order the clocks first come; within a
	 * clock, one per architecture (in the order they first come) when
	 * the results hold several: each JIT's figures are read down its own
	 * kernels, and the notes number its own refusals.
	 */
	for (int first = 0; first < n; first++) {
		const char *clock = meta_of(roots[first], "clock");
		int narch;

		if (done[first])
			continue;
		heading(f, clock, html);
		narch = arches_of(roots, n, clock);
		for (int i = first; i < n; i++) {
			const char *arch = meta_of(roots[i], "arch");

			if (done[i] || strcmp(clock, meta_of(roots[i], "clock")))
				continue;
			if (narch > 1 && html) {
				fprintf(f, "<h3 class=\"arch\">Architecture ");
				html_escape(f, arch);
				fprintf(f, "</h3>\n");
			} else if (narch > 1) {
				fprintf(f, "\narchitecture %s\n", arch);
			}
			print_table(f, roots, n, done, clock, arch, html);
		}
	}
	if (html)
		fprintf(f, "</section>\n");
	free(done);
}

json_t *headline_json(json_t *root)
{
	json_t *meta = json_object_get(root, "meta"), *out = json_array();
	struct cell cells[NROWS];

	reduce(root, cells);
	for (size_t r = 0; r < NROWS; r++) {
		const struct cell *c = &cells[r];
		json_t *row = json_pack("{ss ss sO}", "mechanism", mech(r)->id,
					"scenario", rows[r].scenario, "mitigations", c->mitig);

		if (c->fit) {
			char *family = model_family_key(c->fit);

			json_object_update_new(row, json_pack("{ss sf sf sf ss}", "family", family,
							      "value", c->iv.value, "low", c->iv.low,
							      "high", c->iv.high, "interval",
							      c->iv.kind));
			free(family);
		} else
			json_object_set_new(row, "why", json_string(c->why));
		json_array_append_new(out, row);
	}
	cells_free(cells);
	/* jit_mode: who ran the programs (null in results made before it was
	 * recorded); "interpreter" or "mixed" figures are not a JIT's. */
	return json_pack("{ss ss ss ss? so}", "source", headline_source, "clock",
			 jstr(meta, "clock", "?"), "kernel", result_label(root), "jit_mode",
			 jstr(json_object_get(meta, "jit"), "mode", NULL), "rows", out);
}

/* Results by their kernel's version; one kernel's keep their order. */
struct ranked {
	json_t *root;
	int i;
};

static int by_version(const void *a, const void *b)
{
	const struct ranked *ra = a, *rb = b;
	int d = strverscmp(result_label(ra->root), result_label(rb->root));

	return d ? d : ra->i - rb->i;
}

static void sort_by_version(json_t **roots, int n)
{
	struct ranked *r = xcalloc(n, sizeof(*r));

	for (int i = 0; i < n; i++)
		r[i] = (struct ranked){ roots[i], i };
	qsort(r, n, sizeof(*r), by_version);
	for (int i = 0; i < n; i++)
		roots[i] = r[i].root;
	free(r);
}

int do_headline(int argc, char **argv)
{
	bool html = false;
	json_t **roots;
	int i, n, ret = TB_EXIT_OK;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: tailbench headline [--html] [--] FILE...\n\n"
		       "The first answer of result files: the cost per hop of a tail call by key\n"
		       "mode, a bpf2bpf call (with and without the ctx in arguments), inlined code\n"
		       "and an indirect jump (gotox), each with its interval and that interval's\n"
		       "kind (exact, rerun, between-runs, within-run), from one source:\n"
		       "%s.\n"
		       "A mechanism without a figure says why; mitigations on one path and not\n"
		       "on a static tail call's are named beneath.  One file: a row per\n"
		       "mechanism.  Several: a table per clock, a row per result (its kernel\n"
		       "label).  --html: the same as an HTML fragment (the report's first part);\n"
		       "--json (before the command): each result's rows as JSON.\n",
		       headline_source);
		return TB_EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--html")) {
		html = true;
		argc--;
		argv++;
	}
	if (argc > 1 && !strcmp(argv[1], "--")) {
		argc--;
		argv++;
	}
	if (argc < 2 || (argv[1][0] == '-' && argv[1][1])) {
		p_err("headline: needs one or more result files (tailbench headline --help)");
		return TB_EXIT_USAGE;
	}
	n = argc - 1;
	roots = xcalloc(n, sizeof(*roots));
	for (i = 0; i < n; i++) {
		static const struct results_load_opts load = { .allow_incomplete = true };

		json_t *root = results_load_opts(argv[i + 1], &load);

		if (!root) {
			ret = TB_EXIT_USAGE;
			goto out;
		}
		/* Text from a file must not drive the terminal it is shown on. */
		roots[i] = isatty(STDOUT_FILENO) && !html ? json_printable(root) : json_incref(root);
		json_decref(root);
	}
	if (tb_json) {
		json_t *doc = json_array();

		for (i = 0; i < n; i++) {
			json_t *h = headline_json(roots[i]);

			json_object_set_new(h, "file", json_string(argv[i + 1]));
			json_array_append_new(doc, h);
		}
		print_json(doc);
		json_decref(doc);
	} else {
		/* Oldest kernel first, whatever order the files came in (a shell's
		 * glob puts 6.12.107 before 6.12.43): a line folds only kernels one
		 * after the other. */
		sort_by_version(roots, n);
		headline_print_many(stdout, roots, n, html);
	}
out:
	for (i = 0; i < n; i++)
		json_decref(roots[i]);
	free(roots);
	return ret;
}
