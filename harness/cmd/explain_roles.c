// SPDX-License-Identifier: GPL-2.0
/*
 * The role comparison of two results' hop paths (cmd/explain.h): for each
 * family both walked, how many instructions of each role (check, counter,
 * jump, frame, work, thunk, other) a hop runs on each side, and the
 * difference.  Two architectures' instructions do not align one by one
 * (x86-64's cmp/jae against arm64's cmp/b.cs), their roles do: this is how
 * explain tells what one JIT's hop spends more of than another's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/model.h"
#include "base/util.h"
#include "cmd/explain.h"
#include "hop/hop.h"
#include "result/read.h"

static const char *const roles[] = { HOP_ROLES };
#define NROLES ((int)ARRAY_SIZE(roles))

/* One side of a family: its path counted by role, and its check. */
struct side {
	int by_role[NROLES];
	int count;
	bool walked;		/* instructions were walked */
	bool complete;		/* walked, with no note: every instruction counted */
	const char *note;	/* why the path is incomplete or not walked */
	const char *check;	/* "agrees", "differs", "timed", "none" */
	double measured;	/* the per-hop figure measured (NAN: none) */
	const char *clock;
};

static struct side side_of(json_t *hop)
{
	json_t *rl = json_object_get(hop, "roles"), *ck = json_object_get(hop, "check"), *r;
	struct side s = { .count = jint(hop, "count", 0), .measured = NAN, .check = "none" };
	size_t i;

	json_array_foreach(rl, i, r)
		for (int k = 0; k < NROLES; k++)
			s.by_role[k] += !strcmp(json_string_value(r) ? json_string_value(r) : "", roles[k]);
	s.note = json_string_value(json_object_get(hop, "note"));
	s.walked = json_array_size(rl) > 0;
	s.complete = s.walked && !s.note;
	if (json_is_object(ck)) {
		s.measured = jnum(ck, "per_hop", NAN);
		s.clock = jstr(ck, "clock", "?");
		s.check = !json_object_get(ck, "agrees")	 ? "timed" :
			  json_is_true(json_object_get(ck, "agrees")) ? "agrees" :
									"differs";
	}
	return s;
}

/*
 * B's count minus A's where a side may be incomplete: its counts are at
 * least what was walked, so the difference is bounded on one side, or
 * unknown when both are incomplete.
 */
enum bound { EXACT, AT_MOST, AT_LEAST, UNKNOWN };

static enum bound bound_of(const struct side *a, const struct side *b)
{
	if (a->complete && b->complete)
		return EXACT;
	if (b->complete)
		return AT_MOST;
	return a->complete ? AT_LEAST : UNKNOWN;
}

static const char *const bound_name[] = { "exact", "at most", "at least", "unknown" };

/* "12", or "≥12" where the path is incomplete. */
static char *count_text(const struct side *s, int n)
{
	return xasprintf("%s%d", s->complete ? "" : "\u2265", n);
}

static char *diff_text(enum bound b, int d)
{
	static const char *const mark[] = { "", "\u2264", "\u2265", "" };

	if (b == UNKNOWN)
		return xstrdup("?");
	return d ? xasprintf("%s%+d", mark[b], d) : xasprintf("%s0", mark[b]);
}

static char *check_text(const struct side *s)
{
	if (isnan(s->measured))
		return xstrdup("no figure");
	if (!strcmp(s->check, "timed"))
		return xasprintf("%.2f %s (timed)", s->measured, model_clock(s->clock)->name);
	return xasprintf("%g %s: %s", s->measured, model_clock(s->clock)->name, s->check);
}

/* A cell of the table, escaped in HTML; padded to w on a terminal. */
static void cell(FILE *out, const char *s, int w, bool html, bool head)
{
	if (html) {
		fputs(head ? "<th>" : "<td>", out);
		html_escape(out, s);
		fputs(head ? "</th>" : "</td>", out);
	} else {
		/* "≥" and "≤" take three bytes and one column. */
		int bytes = (int)strlen(s), cols = bytes - 2 * (strstr(s, "\u2265") || strstr(s, "\u2264"));

		fprintf(out, "%*s%s", w - cols, "", s);
	}
}

static void table_row(FILE *out, const char *name, char *a, char *b, char *d, bool html)
{
	if (html)
		fputs("<tr>", out);
	else
		fprintf(out, "  %-12s", name);
	if (html)
		cell(out, name, 0, true, false);
	cell(out, a, 20, html, false);
	cell(out, b, 20, html, false);
	cell(out, d, 10, html, false);
	fputs(html ? "</tr>\n" : "\n", out);
	free(a);
	free(b);
	free(d);
}

/* One family's table; arch_a and arch_b name the columns. */
static void role_table(FILE *out, const char *family, const struct side *a, const struct side *b,
		       const char *arch_a, const char *arch_b, bool html)
{
	enum bound bd = bound_of(a, b);
	char *ha = xasprintf("A: %s", arch_a), *hb = xasprintf("B: %s", arch_b);

	if (html) {
		fputs("<table class=\"roles\"><caption>", out);
		html_escape(out, family);
		fputs("</caption>\n<tr><th>role</th>", out);
		cell(out, ha, 0, true, true);
		cell(out, hb, 0, true, true);
		fputs("<th>B &minus; A</th></tr>\n", out);
	} else {
		fprintf(out, "%s\n  %-12s%20s%20s%10s\n", family, "role", ha, hb, "B - A");
	}
	free(ha);
	free(hb);
	for (int k = 0; k < NROLES; k++)
		table_row(out, roles[k], count_text(a, a->by_role[k]), count_text(b, b->by_role[k]),
			  diff_text(bd, b->by_role[k] - a->by_role[k]), html);
	table_row(out, "a hop", count_text(a, a->count), count_text(b, b->count),
		  diff_text(bd, b->count - a->count), html);
	table_row(out, "measured", check_text(a), check_text(b),
		  !isnan(a->measured) && !isnan(b->measured) && !strcmp(a->clock, b->clock) ?
			  xasprintf(b->measured != a->measured ? "%+g" : "0", b->measured - a->measured) :
			  xstrdup(""),
		  html);
	if (html)
		fputs("</table>\n", out);
	for (int k = 0; k < 2; k++) {
		const struct side *s = k ? b : a;

		if (s->complete)
			continue;
		fprintf(out, html ? "<p class=\"d\">%s's path is incomplete: " : "  %s's path is incomplete: ",
			k ? "B" : "A");
		explain_text(out, s->note ? s->note : "?", html);
		fputs("; its counts are what was walked, at least (\u2265), and the difference is "
		      "bounded", out);
		fputs(html ? "</p>\n" : "\n", out);
	}
	if (!html)
		fputc('\n', out);
}

/* The side's JSON: counts by role, whole or at least. */
static json_t *side_json(const struct side *s)
{
	json_t *by = json_object();

	for (int k = 0; k < NROLES; k++)
		json_object_set_new(by, roles[k], json_integer(s->by_role[k]));
	return json_pack("{si sb sb ss? ss so? ss? so}", "count", s->count, "walked", s->walked,
			 "complete", s->complete, "note", s->note, "check", s->check, "measured",
			 isnan(s->measured) ? NULL : json_real(s->measured), "clock", s->clock,
			 "roles", by);
}

static json_t *diff_json(const struct side *a, const struct side *b)
{
	enum bound bd = bound_of(a, b);
	json_t *d = json_object();

	for (int k = 0; k <= NROLES; k++) {
		int v = k < NROLES ? b->by_role[k] - a->by_role[k] : b->count - a->count;

		json_object_set_new(d, k < NROLES ? roles[k] : "count",
				    json_pack("{so ss}", "value",
					      bd == UNKNOWN ? json_null() : json_integer(v), "bound",
					      bound_name[bd]));
	}
	return d;
}

/* The name of a result in a heading: its kernel and architecture. */
static char *result_name(json_t *root)
{
	char *k = result_kernel_name(root), *s;

	s = xasprintf("%s (%s)", k, jstr(json_object_get(root, "meta"), "arch", "?"));
	free(k);
	return s;
}

bool explain_same_arch(json_t *ra, json_t *rb)
{
	return !strcmp(jstr(json_object_get(ra, "meta"), "arch", "?"),
		       jstr(json_object_get(rb, "meta"), "arch", "?"));
}

static json_t *result_json(json_t *root, const char *file)
{
	char *k = result_kernel_name(root);
	json_t *j = json_pack("{ss ss ss}", "file", file, "kernel", k, "arch",
			      jstr(json_object_get(root, "meta"), "arch", "?"));

	free(k);
	return j;
}

int explain_roles(FILE *out, json_t *ra, json_t *rb, const char *filter, bool html, json_t **json)
{
	const char *arch_a = jstr(json_object_get(ra, "meta"), "arch", "?");
	const char *arch_b = jstr(json_object_get(rb, "meta"), "arch", "?");
	json_t *fams = json_array(), *x, *y;
	int compared = 0, unwalked = 0;
	size_t i, j;

	if (!json) {
		char *na = result_name(ra), *nb = result_name(rb);

		fputs(html ? "<p>A: " : "A: ", out);
		explain_text(out, na, html);
		fputs(html ? "<br>B: " : "\nB: ", out);
		explain_text(out, nb, html);
		fputs(html ? "<br>" : "\n", out);
		fputs(explain_same_arch(ra, rb) ?
			      "One hop of each family, its instructions counted by role.\n" :
			      "Two architectures: their instructions do not align one by one, so one hop "
			      "of each family is counted by role.\n",
		      out);
		fputs(html ? "</p>\n" : "\n", out);
		free(na);
		free(nb);
	}
	json_array_foreach(json_object_get(ra, "hops"), i, x) {
		const char *family = jstr(x, "family", "");

		if (filter && !strstr(family, filter))
			continue;
		json_array_foreach(json_object_get(rb, "hops"), j, y) {
			struct side a, b;

			if (strcmp(family, jstr(y, "family", "")))
				continue;
			a = side_of(x);
			b = side_of(y);
			if (!a.walked || !b.walked) {
				const struct side *s = a.walked ? &b : &a;
				char *why = xasprintf("not walked on %s: %s", a.walked ? "B" : "A",
						      s->note ? s->note : "no instructions recorded");

				unwalked++;
				if (json)
					json_array_append_new(fams, json_pack("{ss sb ss}", "family", family,
									      "compared", false, "why", why));
				else {
					fputs(html ? "<p class=\"d\">" : "", out);
					explain_text(out, family, html);
					fputs(": ", out);
					explain_text(out, why, html);
					fputs(html ? "</p>\n" : "\n\n", out);
				}
				free(why);
				continue;
			}
			compared++;
			if (json)
				json_array_append_new(fams, json_pack("{ss sb so so so}", "family", family,
								      "compared", true, "a", side_json(&a),
								      "b", side_json(&b), "diff",
								      diff_json(&a, &b)));
			else
				role_table(out, family, &a, &b, arch_a, arch_b, html);
		}
	}
	if (json) {
		*json = fams;
		return compared;
	}
	json_decref(fams);
	fprintf(out, html ? "<p>%d famil%s compared by role; %d in both not walked on one side.</p>\n" :
			    "%d famil%s compared by role; %d in both not walked on one side\n",
		compared, compared == 1 ? "y" : "ies", unwalked);
	return compared;
}

json_t *explain_roles_json(json_t *ra, const char *fa, json_t *rb, const char *fb, const char *filter,
			   int *compared)
{
	json_t *fams, *rl = json_array();

	*compared = explain_roles(NULL, ra, rb, filter, false, &fams);
	for (int k = 0; k < NROLES; k++)
		json_array_append_new(rl, json_string(roles[k]));
	return json_pack("{so so sb so so}", "a", result_json(ra, fa), "b", result_json(rb, fb),
			 "same_arch", explain_same_arch(ra, rb), "roles", rl, "families", fams);
}

json_t *explain_paths_json(json_t *root, const char *file, const char *filter)
{
	json_t *fams = json_array(), *hop;
	size_t i;

	json_array_foreach(json_object_get(root, "hops"), i, hop) {
		struct side s = side_of(hop);
		json_t *f;

		if (filter && !strstr(jstr(hop, "family", ""), filter))
			continue;
		f = side_json(&s);
		json_object_set_new(f, "family", json_string(jstr(hop, "family", "")));
		json_array_append_new(fams, f);
	}
	return json_pack("{so so}", "result", result_json(root, file), "families", fams);
}
