// SPDX-License-Identifier: GPL-2.0
/*
 * reproduce: "The Cost of BPF Tail Calls" (Chaignon, 2021) beside results of
 * the chaignon2021 scenario.  His figures are nanoseconds on an Atom C2750
 * with retpoline compiled in or out; ours are whatever each result's clock
 * counts, with retpoline chosen at boot.  Only what survives a change of
 * unit is compared: ratios (with/without retpoline, 33-chain/0-chain) and
 * the direction from one kernel to the next.  docs/reproducing.md.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../progs/layout.h"
#include "base/model.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "result/interval.h"
#include "result/read.h"

#define CHAIN_MAX TB_MAX_TAIL_CALLS

/* His published cost of a 33-call chain, ns (blog post of 2021-03-22). */
static const struct {
	const char *kernel;
	double with, without;
} his[] = {
	{ "4.19", 772, 429 }, { "5.4", 630, 331 }, { "5.5", 121, 106 },
	{ "5.10", 325, 312 }, { "5.11", 325, 314 },
};
/* "A chain of 0 costs about 21-25 ns": a range, not per kernel. */
#define HIS_ZERO_LO 21.0
#define HIS_ZERO_HI 25.0

enum retpoline { RP_OTHER, RP_WITH, RP_WITHOUT };

struct ours {
	const char *file;
	char *kernel;		/* result_kernel_name */
	int major, minor;
	enum retpoline rp;
	const char *clock;
	double cost[CHAIN_MAX + 1];	/* a run at each depth, NAN: not measured */
	double hop[3];		/* bare hop: fit per hop, CI low, high */
	double counted[3];	/* the same for our counted static tc chain */
	const char *interval;	/* the kind of those intervals (result/interval.h) */
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench reproduce [--dat DIR] FILE|FOLDER...\n\n"
		   "Chaignon 2021's table of the cost of a 33-call tail-call chain, with\n"
		   "and without retpoline, beside the chaignon2021 results given (one per\n"
		   "kernel and boot options; a folder: its *.json), as Markdown: the\n"
		   "ratios with/without retpoline and 33-chain/0-chain on both sides,\n"
		   "which kernels got cheaper or dearer, and how much of our per-hop\n"
		   "figure is our counter's work (static tc chain minus bare chain).\n"
		   "Retpoline is read from each result's spectre_v2 line.\n\n"
		   "  --dat DIR  also write, per clock, DIR/chaignon-chain-CLOCK.dat (cost\n"
		   "             against chain length, a block per result) and\n"
		   "             DIR/chaignon-bars-CLOCK.dat (the 33-call chain per kernel,\n"
		   "             with and without; his first), for plots/chaignon.sh;\n"
		   "             an existing file is never replaced\n\n"
		   "A result without the scenario is left out, saying so.\n"
		   "Exit status: 0, 1 a file unreadable or not a result, or none holding\n"
		   "the scenario, 2 usage.\n");
}

static enum retpoline retpoline_of(const char *line)
{
	if (strstr(line, "Retpoline"))
		return RP_WITH;
	return strncmp(line, "Vulnerable", 10) ? RP_OTHER : RP_WITHOUT;
}

static void fit_of(json_t *root, const char *family, double out[3])
{
	json_t *ph = json_object_get(result_fit(root, family), "per_hop");

	out[0] = jnum(ph, "value", NAN);
	out[1] = jnum(ph, "ci_low", out[0]);
	out[2] = jnum(ph, "ci_high", out[0]);
}

/* 0; 1 after saying the file is no result; 2 after saying it holds no
 * chaignon2021 chain (then o is freed). */
static int read_ours(const char *path, struct ours *o)
{
	json_t *root = results_load(path), *meta, *x;
	const char *spectre;
	size_t i;
	int n = 0;

	if (!root)
		return 1;
	meta = json_object_get(root, "meta");
	o->file = path;
	o->kernel = result_kernel_name(root);
	if (sscanf(jstr(meta, "kernel", ""), "%d.%d", &o->major, &o->minor) != 2)
		o->major = o->minor = 0;
	spectre = jstr(json_object_get(meta, "vulnerabilities"), "spectre_v2",
		       jstr(meta, "spectre_v2", "unknown"));
	o->rp = retpoline_of(spectre);
	o->clock = xstrdup(jstr(meta, "clock", "?"));
	for (int d = 0; d <= CHAIN_MAX; d++)
		o->cost[d] = NAN;
	json_array_foreach(json_object_get(root, "cases"), i, x) {
		int d = jint(x, "depth", -1);

		if (strcmp(jstr(x, "bench", ""), "chaignon2021") || !case_ok(x) || d < 0 ||
		    d > CHAIN_MAX)
			continue;
		o->cost[d] = model_case_figure(x);
		n++;
	}
	fit_of(root, "chaignon2021/chaignon2021/act/static/n0/s0", o->hop);
	fit_of(root, "chaignon2021/tailcall/tc/static/n0/s0", o->counted);
	o->interval = interval_label(interval_result_kind(root));
	json_decref(root);
	if (!n || isnan(o->cost[0]) || isnan(o->cost[CHAIN_MAX])) {
		fprintf(stderr, "reproduce: %s left out: no measured chaignon2021 cases of depth 0 "
				"and %d (run it with: tailbench run -s chaignon2021)\n", path, CHAIN_MAX);
		free(o->kernel);
		free((char *)o->clock);
		return 2;
	}
	return 0;
}

static int by_version(const void *a, const void *b)
{
	const struct ours *x = a, *y = b;

	if (x->major != y->major)
		return x->major - y->major;
	if (x->minor != y->minor)
		return x->minor - y->minor;
	if (x->rp != y->rp)
		return x->rp - y->rp;
	return strcmp(x->kernel, y->kernel);
}

/* The first result of kernel series major.minor with retpoline rp, clock. */
static const struct ours *find(const struct ours *o, int n, int major, int minor,
			       const char *clock, enum retpoline rp)
{
	for (int i = 0; i < n; i++)
		if (o[i].major == major && o[i].minor == minor && o[i].rp == rp &&
		    !strcmp(o[i].clock, clock))
			return &o[i];
	return NULL;
}

/* The first result of its series and clock: where that row is printed. */
static bool first_of_row(const struct ours *o, int i)
{
	for (int j = 0; j < i; j++)
		if (o[j].major == o[i].major && o[j].minor == o[i].minor &&
		    !strcmp(o[j].clock, o[i].clock))
			return false;
	return true;
}

static void cell(double v, const char *fmt)
{
	if (isnan(v))
		printf(" | -");
	else
		printf(fmt, v);
}

static void his_row(size_t h)
{
	printf("| %s | %.0f | %.0f | %.2f", his[h].kernel, his[h].with, his[h].without,
	       his[h].with / his[h].without);
}

static void our_cells(const struct ours *o, int n, int i)
{
	const struct ours *w = find(o, n, o[i].major, o[i].minor, o[i].clock, RP_WITH);
	const struct ours *wo = find(o, n, o[i].major, o[i].minor, o[i].clock, RP_WITHOUT);
	double ow = w ? w->cost[CHAIN_MAX] : NAN, oo = wo ? wo->cost[CHAIN_MAX] : NAN;

	cell(ow, " | %.1f");
	cell(oo, " | %.1f");
	cell(ow / oo, " | %.2f");
	printf(" | %s |\n", o[i].clock);
}

/* His rows and ours merged by kernel series (ours sorted already), one row
 * per series and clock of ours. */
static void side_by_side(const struct ours *o, int n)
{
	size_t h = 0;

	printf("### Cost of a 33-call chain, his and ours\n\n"
	       "| kernel | his: with retpoline (ns) | without | with/without | ours: with retpoline "
	       "| without | with/without | unit |\n"
	       "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
	for (int i = 0; i <= n; i++) {
		int ma = 0, mi = 0;
		bool same = false;

		if (i < n && !first_of_row(o, i))
			continue;
		/* His series before this one (all of them after the last of ours). */
		for (; h < ARRAY_SIZE(his); h++) {
			sscanf(his[h].kernel, "%d.%d", &ma, &mi);
			if (i < n && (ma > o[i].major || (ma == o[i].major && mi >= o[i].minor)))
				break;
			his_row(h);
			printf(" | - | - | - | - |\n");
		}
		if (i == n)
			break;
		same = h < ARRAY_SIZE(his) && ma == o[i].major && mi == o[i].minor;
		if (same)
			his_row(h++);
		else
			printf("| %d.%d | - | - | -", o[i].major, o[i].minor);
		our_cells(o, n, i);
	}
	printf("\n");
}

static const char *rp_name(enum retpoline rp)
{
	return rp == RP_WITH ? "retpoline" : rp == RP_WITHOUT ? "none" : "other";
}

/* A per-hop figure: an exact count as the integer it is. */
static void hop_cell(const double v[3], bool exact)
{
	if (exact)
		printf(" | %.0f", v[0]);
	else
		printf(" | %.2f [%.2f, %.2f]", v[0], v[1], v[2]);
}

/* Each result: 0-chain, 33-chain, their ratio, and the counter's share. */
static void shapes(const struct ours *o, int n)
{
	printf("### Each result: shape, and our counter's work per hop\n\n"
	       "| kernel | spectre_v2 | unit | 0-chain | 33-chain | 33/0 | bare hop "
	       "| counted hop | counter's work | intervals |\n"
	       "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
	for (int i = 0; i < n; i++) {
		const double *h = o[i].hop, *c = o[i].counted;

		printf("| %s | %s | %s | %.1f | %.1f | %.2f", o[i].kernel, rp_name(o[i].rp),
		       o[i].clock, o[i].cost[0], o[i].cost[CHAIN_MAX],
		       o[i].cost[CHAIN_MAX] / o[i].cost[0]);
		double w[3] = { c[0] - h[0], c[1] - h[2], c[2] - h[1] };
		bool exact = !strcmp(o[i].interval, interval_label("exact"));

		hop_cell(h, exact);
		if (isnan(c[0]))
			printf(" | - | -");
		else
			hop_cell(c, exact), hop_cell(w, exact);
		/* The counter's work spans both intervals: it holds at least as
		 * often as their product (two 95% intervals: 90%). */
		printf(" | %s; the counter's work from both |\n", o[i].interval);
	}
	printf("\nHis 33/0: %.0f to %.0f (5.10, with retpoline: %.0f ns over a 0-chain of "
	       "%.0f to %.0f ns).\n\n", his[3].with / HIS_ZERO_HI, his[3].with / HIS_ZERO_LO,
	       his[3].with, HIS_ZERO_LO, HIS_ZERO_HI);
}

static const char *direction(double from, double to)
{
	double r = to / from;

	return r > 1.005 ? "dearer" : r < 0.995 ? "cheaper" : "same";
}

/* The clocks of the results, each once, in order of first appearance. */
static void clocks_of(const struct ours *o, int n, struct strlist *out)
{
	for (int i = 0; i < n; i++)
		if (strlist_find(out, o[i].clock) < 0)
			strlist_add(out, o[i].clock);
}

/* From one kernel series to the next: cheaper or dearer, with retpoline;
 * ours within one clock. */
static void trend(const struct ours *o, int n)
{
	struct strlist clocks = {};

	printf("### Kernel to kernel, 33-call chain with retpoline\n\n"
	       "| from | to | his (ns) | ours | unit |\n| --- | --- | --- | --- | --- |\n");
	for (size_t i = 1; i < ARRAY_SIZE(his); i++)
		printf("| %s | %s | %s (x%.2f) | - | - |\n", his[i - 1].kernel, his[i].kernel,
		       direction(his[i - 1].with, his[i].with), his[i].with / his[i - 1].with);
	clocks_of(o, n, &clocks);
	for (int k = 0; k < clocks.n; k++) {
		const struct ours *prev = NULL;

		for (int i = 0; i < n; i++) {
			if (o[i].rp != RP_WITH || strcmp(o[i].clock, clocks.v[k]))
				continue;
			if (prev && (prev->major != o[i].major || prev->minor != o[i].minor))
				printf("| %d.%d | %d.%d | - | %s (x%.2f) | %s |\n", prev->major,
				       prev->minor, o[i].major, o[i].minor,
				       direction(prev->cost[CHAIN_MAX], o[i].cost[CHAIN_MAX]),
				       o[i].cost[CHAIN_MAX] / prev->cost[CHAIN_MAX], o[i].clock);
			prev = &o[i];
		}
	}
	strlist_free(&clocks);
	printf("\n");
}

/* Cost against chain length, one block per result of the clock. */
static void chain_dat(FILE *f, const struct ours *o, int n, const char *clock)
{
	bool first = true;

	fprintf(f, "# chain length, cost of a run in %s; one block per result\n", clock);
	for (int i = 0; i < n; i++) {
		if (strcmp(o[i].clock, clock))
			continue;
		fprintf(f, "%s\"%s, %s\"\n", first ? "" : "\n\n", o[i].kernel, rp_name(o[i].rp));
		first = false;
		for (int d = 0; d <= CHAIN_MAX; d++)
			if (!isnan(o[i].cost[d]))
				fprintf(f, "%d %.3f\n", d, o[i].cost[d]);
	}
}

/* The 33-call chain per kernel, with and without: his block, then ours. */
static void bars_dat(FILE *f, const struct ours *o, int n, const char *clock)
{
	fprintf(f, "# kernel, 33-call chain with retpoline, without (-: not measured);\n"
		   "# block 0 his (ns, Atom C2750), block 1 ours (%s)\n", clock);
	for (size_t i = 0; i < ARRAY_SIZE(his); i++)
		fprintf(f, "%s %.0f %.0f\n", his[i].kernel, his[i].with, his[i].without);
	fprintf(f, "\n\n");
	for (int i = 0; i < n; i++) {
		if (strcmp(o[i].clock, clock) || !first_of_row(o, i))
			continue;
		fprintf(f, "%d.%d", o[i].major, o[i].minor);
		for (int k = 0; k < 2; k++) {
			const struct ours *x = find(o, n, o[i].major, o[i].minor, clock,
						    k ? RP_WITHOUT : RP_WITH);

			if (x)
				fprintf(f, " %.3f", x->cost[CHAIN_MAX]);
			else
				fprintf(f, " -");
		}
		fprintf(f, "\n");
	}
}

/* One file, atomically; 0 or 1 after saying why not. */
static int dat_file(const char *dir, const char *what, const char *clock, const struct ours *o,
		    int n, void (*fill)(FILE *, const struct ours *, int, const char *))
{
	char *path = xasprintf("%s/chaignon-%s-%s.dat", dir, what, clock), *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	fill(f, o, n, clock);
	fclose(f);
	err = write_file_atomic(path, buf, len);
	if (err)
		fprintf(stderr, "reproduce: %s: %s\n", path,
			err == -EEXIST ? "exists: a file is never replaced" : strerror(-err));
	free(buf);
	free(path);
	return err ? 1 : 0;
}

static int write_dat(const char *dir, const struct ours *o, int n)
{
	struct strlist clocks = {};
	int err = 0;

	clocks_of(o, n, &clocks);
	for (int k = 0; k < clocks.n && !err; k++)
		err = dat_file(dir, "chain", clocks.v[k], o, n, chain_dat) ||
		      dat_file(dir, "bars", clocks.v[k], o, n, bars_dat);
	strlist_free(&clocks);
	return err ? TB_EXIT_FAIL : TB_EXIT_OK;
}

int do_reproduce(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dat", required_argument, NULL, 'd' }, { "help", no_argument, NULL, 'h' }, {}
	};
	const char *dat = NULL;
	struct strlist files = {};
	struct ours *o;
	int opt, n = 0, ret = TB_EXIT_OK;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'd') {
			dat = optarg;
		} else if (opt == 'h') {
			usage(stdout);
			return TB_EXIT_OK;
		} else {
			usage(stderr);
			return TB_EXIT_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		results_collect(argv[i], &files);
	o = xcalloc(files.n ? files.n : 1, sizeof(*o));
	for (int i = 0; i < files.n; i++) {
		int err = read_ours(files.v[i], &o[n]);

		if (err == 1)
			ret = TB_EXIT_FAIL;
		n += !err;
	}
	if (!ret && !n) {
		fprintf(stderr, "reproduce: none of the files holds the chaignon2021 scenario\n");
		ret = TB_EXIT_FAIL;
	}
	if (!ret) {
		qsort(o, n, sizeof(*o), by_version);
		printf("## Chaignon 2021 reproduced\n\nHis: ns on an Intel Atom C2750, retpoline "
		       "compiled in or out. Ours: each result's clock, retpoline chosen at boot. "
		       "Compare ratios and directions only.\n\n");
		side_by_side(o, n);
		shapes(o, n);
		trend(o, n);
		if (dat)
			ret = write_dat(dat, o, n);
	}
	for (int i = 0; i < n; i++) {
		free(o[i].kernel);
		free((char *)o[i].clock);
	}
	free(o);
	strlist_free(&files);
	return ret;
}
