// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench explain: the instructions behind each per-hop figure (hops[] of
 * a result, hop/hops_json.h), by role and next to what was measured; or, for two
 * results, the aligned difference of each family's path, so that a change
 * of a per-hop count between two kernels comes with the instructions that
 * make it.
 */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/label.h"
#include "base/model.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/explain.h"
#include "hop/hop.h"
#include "result/hop_check.h"
#include "result/mitig.h"
#include "result/read.h"

static const char *const roles[] = { HOP_ROLES };
#define NROLES ((int)ARRAY_SIZE(roles))

struct explain_opts {
	const char *family;	/* keep families whose key contains it */
	bool check;		/* exit 1 when a self-check fails */
	bool html;		/* the diff as an HTML fragment (the report's) */
	bool roles;		/* two results compared by role, not aligned */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench explain [--family TEXT] [--check] FILE\n"
		   "       tailbench explain [--family TEXT] [--roles] FILE1 FILE2\n"
		   "       tailbench explain --html [--roles] [--family TEXT] FILE1 FILE2...\n"
		   "       tailbench --json explain [--family TEXT] FILE [FILE2]\n\n"
		   "With one result: the native instructions one hop of each family executes\n"
		   "(its hops[]), each with its role (work, check, counter, jump, thunk, frame,\n"
		   "other), summed, next to the measured per-hop figure; with an exact clock\n"
		   "(the VM's instruction count) the two must agree, and a difference is shown.\n"
		   "With two results (say 6.1 and 6.12): for every family in both, the aligned\n"
		   "difference of the two paths, what was added and removed, and the change in\n"
		   "count.  Results of two architectures (meta.arch), whose instructions do\n"
		   "not align, or any two with --roles: for every family walked in both, a\n"
		   "table of its instructions by role on each side (A, B) and the difference,\n"
		   "with the measured per-hop figures and each side's self-check; an\n"
		   "incomplete path's counts are lower bounds (\u2265) and the difference a bound.\n"
		   "--html: the difference of each consecutive pair of the results given, as\n"
		   "an HTML fragment; --html --roles: each architecture's last result against\n"
		   "the first result's architecture's of the same series (else its last).\n"
		   "--json (before the command): one result's paths by role, or two results'\n"
		   "role comparison, as JSON (docs/hops.md).  --family keeps the families\n"
		   "whose key contains TEXT; --check exits 1 when a self-check failed.\n\n"
		   "Each path also counts its memory accesses (from capstone's operand access\n"
		   "flags): the instructions that load and that store, those only the stack's\n"
		   "(push, pop, call, ret, leave) among them, and its indirect branches, ending\n"
		   "in a table by key mode; results made before these counts show none.\n");
}

static bool wanted(const struct explain_opts *o, json_t *hop)
{
	return !o->family || strstr(jstr(hop, "family", ""), o->family);
}

static const char *insn_at(json_t *hop, size_t i)
{
	return json_string_value(json_array_get(json_object_get(hop, "insns"), i));
}

static const char *role_at(json_t *hop, size_t i)
{
	return json_string_value(json_array_get(json_object_get(hop, "roles"), i));
}

/* "agrees", "differs by +2" or the measured figure of a timing clock;
 * returns false for a failed self-check. */
static bool describe_check(json_t *hop, char *buf, size_t len)
{
	json_t *ck = json_object_get(hop, "check");
	const struct clock_desc *cd;

	if (!json_is_object(ck)) {
		snprintf(buf, len, "no per-hop figure measured");
		return true;
	}
	cd = model_clock(jstr(ck, "clock", "?"));
	if (!json_object_get(ck, "agrees")) {
		snprintf(buf, len, "measured %.2f %s a hop", jnum(ck, "per_hop", NAN), cd->name);
		return true;
	}
	if (json_is_true(json_object_get(ck, "agrees"))) {
		snprintf(buf, len, "measured %g %s a hop: agrees", jnum(ck, "per_hop", NAN), cd->name);
		return true;
	}
	snprintf(buf, len, "measured %g %s a hop: DIFFERS by %+g (path minus measured)%s",
		 jnum(ck, "per_hop", NAN), cd->name, jnum(ck, "diff", NAN),
		 json_is_string(json_object_get(hop, "note")) ? ", the path is incomplete" : "");
	return false;
}

/* The instructions (numbered from 1) that load (kind 'L') or store ('S'),
 * "(stack)" after those whose access is only the stack's. */
static void print_where(json_t *access, char kind, const char *what)
{
	const char stack = kind == 'L' ? 'l' : 's';
	const char *sep = "";
	json_t *a;
	size_t i;

	printf("; %s at", what);
	json_array_foreach(access, i, a) {
		const char *code = json_string_value(a) ? json_string_value(a) : "";

		if (strchr(code, kind) || strchr(code, stack)) {
			printf("%s %zu%s", sep, i + 1, strchr(code, kind) ? "" : " (stack)");
			sep = ",";
		}
	}
	if (!*sep)
		printf(" none");
}

/* memory{} of a path (results/README.md), absent from results made before
 * tailbench counted it. */
static void print_memory(json_t *hop)
{
	json_t *mem = json_object_get(hop, "memory");
	json_t *access = json_object_get(mem, "access");

	if (!json_is_object(mem))
		return;
	printf("  memory: %d loads, %d stores a hop (of them %d and %d only the stack's: push, "
	       "pop, call, ret, leave)", jint(mem, "loads", 0), jint(mem, "stores", 0),
	       jint(mem, "stack_loads", 0), jint(mem, "stack_stores", 0));
	print_where(access, 'L', "loads");
	print_where(access, 'S', "stores");
	printf("\n");
}

/* One line per path of a result: what it costs a hop, by key mode. */
static void memory_table(json_t *root, const struct explain_opts *o)
{
	json_t *hop;
	size_t i;
	bool head = false;

	json_array_foreach(json_object_get(root, "hops"), i, hop) {
		json_t *mem = json_object_get(hop, "memory");

		if (!wanted(o, hop) || !json_is_object(mem))
			continue;
		if (!head)
			printf("per hop, by key mode: %-34s %-9s %6s %6s %6s %9s %8s\n", "family",
			       "key mode", "insns", "loads", "stores", "stack l/s", "indirect");
		head = true;
		printf("                      %-34s %-9s %6d %6d %6d %5d/%-3d %8d\n",
		       jstr(hop, "family", "?"), jstr(hop, "key_mode", "?"), jint(hop, "count", 0),
		       jint(mem, "loads", 0), jint(mem, "stores", 0), jint(mem, "stack_loads", 0),
		       jint(mem, "stack_stores", 0), jint(hop, "indirect", 0));
	}
	if (head)
		putchar('\n');
}

static bool explain_one(json_t *meta, json_t *hop)
{
	char touching[1024];
	size_t n = json_array_size(json_object_get(hop, "insns"));
	int by_role[ARRAY_SIZE(roles)] = {};
	char check[160];
	bool ok = describe_check(hop, check, sizeof(check));
	bool first = true;

	/* A path with a note is short of what it did not count: never whole. */
	printf("%s: %s%d instructions a hop, %d indirect; %s\n", jstr(hop, "family", "?"),
	       json_is_string(json_object_get(hop, "note")) ? "at least " : "",
	       jint(hop, "count", 0), jint(hop, "indirect", 0), check);
	if (json_is_string(json_object_get(hop, "note")))
		printf("  note: %s\n", jstr(hop, "note", ""));
	if (mitig_touching(meta, jstr(hop, "bench", ""), jstr(hop, "key_mode", ""), jint(hop, "nest", 0),
			   touching, sizeof(touching)))
		printf("  mitigations on this path: %s\n", touching);
	if (json_is_object(json_object_get(hop, "footprint"))) {
		json_t *fp = json_object_get(hop, "footprint");

		printf("  code: %d bytes in %d 64-byte lines and %d 4 KiB pages; it starts at offset %d "
		       "of its page\n", jint(fp, "bytes", 0), jint(fp, "lines", 0), jint(fp, "pages", 0),
		       jint(fp, "entry_offset", 0));
	}
	print_memory(hop);
	for (size_t i = 0; i < n; i++) {
		printf("  %3zu  %-8s %s\n", i + 1, role_at(hop, i), insn_at(hop, i));
		for (int r = 0; r < NROLES; r++)
			by_role[r] += !strcmp(role_at(hop, i), roles[r]);
	}
	printf("  by role:");
	for (int r = 0; r < NROLES; r++)
		if (by_role[r]) {
			printf("%s %s %d", first ? "" : ",", roles[r], by_role[r]);
			first = false;
		}
	printf(" = %zu\n\n", n);
	return ok;
}

/* An instruction's shape: its text with every number replaced, so that two
 * kernels' paths align across addresses and struct offsets. */
static char *shape(const char *text)
{
	char *s = xcalloc(1, strlen(text) + 1), *o = s;

	for (const char *p = text; *p;) {
		if (isdigit((unsigned char)*p) && (p == text || !isalnum((unsigned char)p[-1]))) {
			*o++ = '#';
			p += p[0] == '0' && p[1] == 'x' ? 2 : 0;
			while (isxdigit((unsigned char)*p))
				p++;
		} else {
			*o++ = *p++;
		}
	}
	return s;
}

/* Numbers that are addresses (jump targets, maps) differ on every load:
 * they are left out when telling a changed instruction from the same one. */
static char *unaddressed(const char *text)
{
	char *s = xstrdup(text);

	for (char *p = strstr(s, "0xffff"); p; p = strstr(p + 1, "0xffff"))
		for (char *q = p + 2; isxdigit((unsigned char)*q); q++)
			*q = 'a';
	return s;
}

enum op { SAME, CHANGED, ADDED, REMOVED };

struct diff_line {
	enum op op;
	int a, b;	/* indices into the two paths, -1 where absent */
};

/* Longest common subsequence of the shapes: the alignment. */
static struct diff_line *align(json_t *x, json_t *y, int *nlines)
{
	int n = json_array_size(json_object_get(x, "insns"));
	int m = json_array_size(json_object_get(y, "insns"));
	int *t = xcalloc((size_t)(n + 1) * (m + 1), sizeof(int));
	char **sx = xcalloc(n + 1, sizeof(char *)), **sy = xcalloc(m + 1, sizeof(char *));
	struct diff_line *d = xcalloc(n + m + 1, sizeof(*d));
	int i, j, k = 0;

	for (i = 0; i < n; i++)
		sx[i] = shape(insn_at(x, i));
	for (j = 0; j < m; j++)
		sy[j] = shape(insn_at(y, j));
#define T(i, j) t[(size_t)(i) * (m + 1) + (j)]
	for (i = n - 1; i >= 0; i--)
		for (j = m - 1; j >= 0; j--)
			T(i, j) = !strcmp(sx[i], sy[j]) ? T(i + 1, j + 1) + 1 :
				  T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
	for (i = 0, j = 0; i < n || j < m;) {
		if (i < n && j < m && !strcmp(sx[i], sy[j])) {
			char *ux = unaddressed(insn_at(x, i)), *uy = unaddressed(insn_at(y, j));

			d[k++] = (struct diff_line){ strcmp(ux, uy) ? CHANGED : SAME, i++, j++ };
			free(ux);
			free(uy);
		} else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j))) {
			d[k++] = (struct diff_line){ ADDED, -1, j++ };
		} else {
			d[k++] = (struct diff_line){ REMOVED, i++, -1 };
		}
	}
#undef T
	for (i = 0; i < n; i++)
		free(sx[i]);
	for (j = 0; j < m; j++)
		free(sy[j]);
	free(sx);
	free(sy);
	free(t);
	*nlines = k;
	return d;
}

/* Text from a result file (families, roles, kernels, instructions) may hold
 * anything: in HTML it is escaped, inside elements and attributes alike. */
void explain_text(FILE *out, const char *s, bool html)
{
	if (html)
		html_escape(out, s);
	else
		fputs(s, out);
}

/*
 * The change in count split by where it comes from: a mitigation whose
 * state differs between the two results (the kernel config, or what the
 * kernel chose at boot), or the code (the JIT), from the facts each result
 * recorded (result/mitig.h).
 */
static void by_source(FILE *out, json_t *ra, json_t *x, json_t *rb, json_t *y,
		      const struct diff_line *d, int nlines, bool html)
{
	static const char *const what[] = { [MSRC_CODE] = "code", [MSRC_CONFIG] = "config",
					    [MSRC_NOT_RECORDED] = "not told apart" };
	json_t *ma = json_object_get(ra, "meta"), *mb = json_object_get(rb, "meta");
	int net[3] = {};
	char why[3][512] = {};

	for (int k = 0; k < nlines; k++) {
		json_t *side = d[k].op == ADDED ? y : x;
		int at = d[k].op == ADDED ? d[k].b : d[k].a;
		char w[512];
		enum mitig_source s;

		if (d[k].op != ADDED && d[k].op != REMOVED)
			continue;
		s = mitig_source_of(ma, mb, insn_at(side, at), role_at(side, at), w, sizeof(w));
		net[s] += d[k].op == ADDED ? 1 : -1;
		if (w[0] && !strstr(why[s], w))
			snprintf(why[s] + strlen(why[s]), sizeof(why[s]) - strlen(why[s]), "%s%s",
				 why[s][0] ? "; " : "", w);
	}
	fputs("  by source:", out);
	for (int s = 0, first = 1; s < 3; s++) {
		if (!net[s] && s != MSRC_CODE)
			continue;
		fprintf(out, "%s %s %+d", first ? "" : ",", what[s], net[s]);
		first = 0;
		if (!why[s][0])
			continue;
		fputs(" (", out);
		explain_text(out, why[s], html);
		fputc(')', out);
	}
	fputc('\n', out);
}

static void diff_family(FILE *out, json_t *ra, json_t *x, json_t *rb, json_t *y, bool html)
{
	static const char mark[] = { [SAME] = ' ', [CHANGED] = '~', [ADDED] = '+', [REMOVED] = '-' };
	int nlines, count[4] = {}, na = jint(x, "count", 0), nb = jint(y, "count", 0);
	struct diff_line *d = align(x, y, &nlines);
	char *ka = result_kernel_name(ra), *kb = result_kernel_name(rb);

	for (int k = 0; k < nlines; k++)
		count[d[k].op]++;
	if (html) {
		fputs("<h4>", out);
		explain_text(out, jstr(x, "family", "?"), true);
		fputs(": ", out);
		explain_text(out, ka, true);
		fputs(" &rarr; ", out);
		explain_text(out, kb, true);
		fprintf(out, ", %d &rarr; %d instructions a hop (%+d)</h4>\n<pre>", na, nb, nb - na);
	} else {
		fprintf(out, "%s: %d -> %d instructions a hop (%+d), %s -> %s\n", jstr(x, "family", "?"),
		       na, nb, nb - na, ka, kb);
	}
	free(ka);
	free(kb);
	for (int k = 0; k < nlines; k++) {
		json_t *side = d[k].b >= 0 ? y : x;
		int at = d[k].b >= 0 ? d[k].b : d[k].a;

		fprintf(out, "  %c ", mark[d[k].op]);
		explain_text(out, role_at(side, at), html);
		fprintf(out, "%*s ", 8 - (int)strnlen(role_at(side, at), 8), "");
		explain_text(out, insn_at(side, at), html);
		if (d[k].op == CHANGED) {
			fputs("   (was: ", out);
			explain_text(out, insn_at(x, d[k].a), html);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	fprintf(out, "  added %d, removed %d, changed %d, same %d: %+d instructions;",
	       count[ADDED], count[REMOVED], count[CHANGED], count[SAME], count[ADDED] - count[REMOVED]);
	/* The change in count, by role: what the difference is made of. */
	for (int r = 0; r < NROLES; r++) {
		int net = 0;

		for (int k = 0; k < nlines; k++)
			if (d[k].op == ADDED || d[k].op == REMOVED)
				net += !strcmp(role_at(d[k].op == ADDED ? y : x, d[k].op == ADDED ? d[k].b : d[k].a),
					       roles[r]) * (d[k].op == ADDED ? 1 : -1);
		if (net)
			fprintf(out, " %s %+d", roles[r], net);
	}
	fputc('\n', out);
	if (json_is_object(json_object_get(x, "memory")) && json_is_object(json_object_get(y, "memory"))) {
		json_t *ma = json_object_get(x, "memory"), *mb = json_object_get(y, "memory");

		fprintf(out, "  memory: loads %d -> %d (%+d), stores %d -> %d (%+d); indirect %d -> %d (%+d)\n",
			jint(ma, "loads", 0), jint(mb, "loads", 0), jint(mb, "loads", 0) - jint(ma, "loads", 0),
			jint(ma, "stores", 0), jint(mb, "stores", 0),
			jint(mb, "stores", 0) - jint(ma, "stores", 0), jint(x, "indirect", 0),
			jint(y, "indirect", 0), jint(y, "indirect", 0) - jint(x, "indirect", 0));
	}
	by_source(out, ra, x, rb, y, d, nlines, html);
	fprintf(out, "%s\n", html ? "</pre>" : "");
	free(d);
}

/* fn on each family of a found in b too, while it returns true: the
 * families visited, or -1 once fn returned false. */
typedef bool (*family_fn)(json_t *ra, json_t *x, json_t *rb, json_t *y, bool html);

static int each_common(json_t *ra, json_t *rb, const struct explain_opts *o, family_fn fn)
{
	json_t *x, *y;
	size_t i, j;
	int n = 0;

	json_array_foreach(json_object_get(ra, "hops"), i, x) {
		if (!wanted(o, x))
			continue;
		json_array_foreach(json_object_get(rb, "hops"), j, y) {
			if (strcmp(jstr(x, "family", ""), jstr(y, "family", "")))
				continue;
			if (!fn(ra, x, rb, y, o->html))
				return -1;
			n++;
		}
	}
	return n;
}

static bool print_diff(json_t *ra, json_t *x, json_t *rb, json_t *y, bool html)
{
	diff_family(stdout, ra, x, rb, y, html);
	return true;
}

/* For each family of a found in b too, the difference of their paths. */
static int diff_results(json_t *ra, json_t *rb, const struct explain_opts *o)
{
	return each_common(ra, rb, o, print_diff);
}

static bool same_path(json_t *ra, json_t *x, json_t *rb, json_t *y, bool html)
{
	int nlines, k = 0;
	struct diff_line *d = align(x, y, &nlines);

	(void)ra, (void)rb, (void)html;
	while (k < nlines && d[k].op == SAME)
		k++;
	free(d);
	return k == nlines && jint(x, "count", 0) == jint(y, "count", 0);
}

/* Whether the results have a family in common, and every one walks the
 * same path in each. */
static bool results_same(json_t *ra, json_t *rb, const struct explain_opts *o)
{
	return each_common(ra, rb, o, same_path) > 0;
}

int explain_diff_family(FILE *out, json_t *ra, json_t *rb, const char *family)
{
	json_t *x, *y;
	size_t i, j;

	json_array_foreach(json_object_get(ra, "hops"), i, x) {
		if (strcmp(jstr(x, "family", ""), family))
			continue;
		json_array_foreach(json_object_get(rb, "hops"), j, y)
			if (!strcmp(jstr(y, "family", ""), family)) {
				diff_family(out, ra, x, rb, y, false);
				return 1;
			}
	}
	return 0;
}

/* A result with its hop paths checked afresh against its own fits. */
static json_t *load(const char *path)
{
	json_t *root = results_load(path);
	int stale;

	if (root && !json_array_size(json_object_get(root, "hops"))) {
		p_err("%s has no hop paths (hops[]): it was made before tailbench recorded them, "
		      "or by a run of benches without a hop rule", path);
		json_decref(root);
		return NULL;
	}
	stale = root ? hop_check_all(root) : 0;
	if (stale)
		pr_warn("%s: %d stored self-check%s no longer hold%s against the file's fits; "
		       "checked afresh", path, stale, stale == 1 ? "" : "s", stale == 1 ? "s" : "");
	return root;
}

/* A line of kernels whose paths did not change, one after the other (n
 * pairs): one paragraph for all, so that 48 kernels are not 47 empty diffs. */
static void same_paths(FILE *out, char **first, char **last, int *n)
{
	char *range;

	if (!*n)
		return;
	range = label_range(*first, *last);
	fputs("<p>Every hop path the same, kernel to kernel: ", out);
	html_escape(out, range);
	fprintf(out, " (%d).</p>\n", *n + 1);
	free(range);
	free(*first);
	free(*last);
	*first = *last = NULL;
	*n = 0;
}

/* The report's section: each result against the one before it. */
static int diff_html(char **files, int nfiles, const struct explain_opts *o)
{
	char *first = NULL, *last = NULL;
	int failed = 0, n = 0;

	for (int k = 0; k + 1 < nfiles; k++) {
		json_t *ra = load(files[k]), *rb = ra ? load(files[k + 1]) : NULL;
		char *ka = rb ? result_kernel_name(ra) : NULL, *kb = rb ? result_kernel_name(rb) : NULL;

		bool same = rb && results_same(ra, rb, o);

		failed += !rb;
		if (same && label_same_line(ka, kb)) {
			if (!n++)
				first = xstrdup(ka);
			free(last);
			last = xstrdup(kb);
		} else if (rb) {
			same_paths(stdout, &first, &last, &n);
			if (same) {
				fputs("<p>Every hop path the same, ", stdout);
				html_escape(stdout, ka);
				fputs(" &rarr; ", stdout);
				html_escape(stdout, kb);
				fputs(".</p>\n", stdout);
			} else if (explain_same_arch(ra, rb)) {
				diff_results(ra, rb, o);
			} else {
				explain_roles(stdout, ra, rb, o->family, true, NULL);
			}
		}
		free(ka);
		free(kb);
		json_decref(ra);
		json_decref(rb);
	}
	same_paths(stdout, &first, &last, &n);
	return failed;
}

static bool same_series(json_t *ra, json_t *rb)
{
	char a[32], b[32];

	label_series(jstr(json_object_get(ra, "meta"), "kernel", ""), a, sizeof(a));
	label_series(jstr(json_object_get(rb, "meta"), "kernel", ""), b, sizeof(b));
	return *a && !strcmp(a, b);
}

/*
 * The report's section across architectures (--html --roles): the first
 * result's architecture is the reference; each other architecture's last
 * result (the newest, in the report's order) against the reference's of
 * the same series, else its last, by role.
 */
static int roles_html(char **files, int nfiles, const struct explain_opts *o)
{
	json_t **r = xcalloc(nfiles, sizeof(*r));
	int failed = 0;

	for (int k = 0; k < nfiles; k++)
		failed += !(r[k] = load(files[k]));
	for (int k = 1; k < nfiles; k++) {
		int a = -1;
		bool later = false;

		if (!r[0] || !r[k] || explain_same_arch(r[0], r[k]))
			continue;
		for (int j = k + 1; j < nfiles; j++)
			later |= r[j] && explain_same_arch(r[j], r[k]);
		for (int j = 0; j < nfiles && !later; j++)
			if (r[j] && explain_same_arch(r[j], r[0]) &&
			    (a < 0 || !same_series(r[a], r[k]) || same_series(r[j], r[k])))
				a = j;
		if (later || a < 0)
			continue;
		fputs("<h4>", stdout);
		explain_text(stdout, jstr(json_object_get(r[a], "meta"), "arch", "?"), true);
		fputs(" &rarr; ", stdout);
		explain_text(stdout, jstr(json_object_get(r[k], "meta"), "arch", "?"), true);
		fputs("</h4>\n", stdout);
		explain_roles(stdout, r[a], r[k], o->family, true, NULL);
	}
	for (int k = 0; k < nfiles; k++)
		json_decref(r[k]);
	free(r);
	return failed;
}

/* One result: its mitigations, each wanted family's path, the memory table
 * and the self-check; with --check, exit 1 when a path disagrees. */
static int explain_result(json_t *root, const struct explain_opts *o)
{
	json_t *meta = json_object_get(root, "meta"), *hop;
	int exact = 0, failed = 0;
	size_t i;

	mitig_print(stdout, meta);
	putchar('\n');
	json_array_foreach(json_object_get(root, "hops"), i, hop) {
		if (!wanted(o, hop))
			continue;
		failed += !explain_one(meta, hop);
		exact += !!json_object_get(json_object_get(hop, "check"), "agrees");
	}
	memory_table(root, o);
	if (exact) {
		char *k = result_kernel_name(root);

		printf("self-check: %d of %d paths agree with the measured count (%s)\n",
		       exact - failed, exact, k);
		free(k);
	}
	return o->check && failed ? TB_EXIT_FAIL : TB_EXIT_OK;
}

static int print_paths_json(json_t *root, const char *file, const struct explain_opts *o)
{
	json_t *doc = explain_paths_json(root, file, o->family);

	print_json(doc);
	json_decref(doc);
	return TB_EXIT_OK;
}

/* Two results by role (two architectures, --roles, or --json): exit 1 when
 * no family was walked in both. */
static int compare_roles(json_t **roots, char **files, const struct explain_opts *o)
{
	int compared;

	if (tb_json) {
		json_t *doc = explain_roles_json(roots[0], files[0], roots[1], files[1], o->family,
						 &compared);

		print_json(doc);
		json_decref(doc);
	} else {
		compared = explain_roles(stdout, roots[0], roots[1], o->family, false, NULL);
	}
	if (compared)
		return TB_EXIT_OK;
	p_err("no family has a walked hop path in both %s and %s%s%s", files[0], files[1],
	      o->family ? " that matches --family " : "", o->family ? o->family : "");
	return TB_EXIT_FAIL;
}

int do_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "family", required_argument, NULL, 'f' }, { "check", no_argument, NULL, 'c' },
		{ "html", no_argument, NULL, 'H' },	    { "roles", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },	    {},
	};
	struct explain_opts o = {};
	json_t *roots[2] = {};
	int opt, nfiles, ret = TB_EXIT_FAIL;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			o.family = optarg;
			break;
		case 'c':
			o.check = true;
			break;
		case 'H':
			o.html = true;
			break;
		case 'r':
			o.roles = true;
			break;
		case 'h':
			usage(stdout);
			return TB_EXIT_OK;
		default:
			usage(stderr);
			return TB_EXIT_USAGE;
		}
	}
	nfiles = argc - optind;
	if (nfiles < 1 || (!o.html && nfiles > 2) || (o.html && nfiles < 2)) {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	if (o.roles && !o.html && nfiles != 2) {
		p_err("explain: --roles compares two results (tailbench explain --help)");
		return TB_EXIT_USAGE;
	}
	if (tb_json && (o.html || o.check)) {
		p_err("explain: --json gives paths by role, which --%s is not (tailbench explain --help)",
		      o.html ? "html" : "check");
		return TB_EXIT_USAGE;
	}
	if (o.html && o.roles)
		return roles_html(argv + optind, nfiles, &o) ? TB_EXIT_USAGE : TB_EXIT_OK;
	if (o.html)
		return diff_html(argv + optind, nfiles, &o) ? TB_EXIT_USAGE : TB_EXIT_OK;
	for (int k = 0; k < nfiles; k++)
		if (!(roots[k] = load(argv[optind + k]))) {
			ret = TB_EXIT_USAGE;
			goto out;
		}
	if (nfiles == 1 && tb_json)
		ret = print_paths_json(roots[0], argv[optind], &o);
	else if (nfiles == 1)
		ret = explain_result(roots[0], &o);
	else if (tb_json || o.roles || !explain_same_arch(roots[0], roots[1]))
		ret = compare_roles(roots, argv + optind, &o);
	else if (!diff_results(roots[0], roots[1], &o))
		p_err("no family has a hop path in both %s and %s%s%s", argv[optind], argv[optind + 1],
		      o.family ? " that matches --family " : "", o.family ? o.family : "");
	else
		ret = TB_EXIT_OK;
out:
	json_decref(roots[0]);
	json_decref(roots[1]);
	return ret;
}
