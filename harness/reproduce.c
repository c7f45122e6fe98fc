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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../progs/layout.h"
#include "cmds.h"
#include "model.h"
#include "result_read.h"
#include "util.h"

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
		   "  --dat DIR  also write DIR/chaignon-chain.dat (cost against chain\n"
		   "             length, one block per result) and DIR/chaignon-bars.dat\n"
		   "             (33-chain cost per kernel, with and without), for\n"
		   "             plots/chaignon.gp\n\n"
		   "Exit status: 0, 1 a result without the chaignon2021 scenario or\n"
		   "unreadable, 2 usage.\n");
}

static enum retpoline retpoline_of(const char *line)
{
	if (strstr(line, "Retpoline"))
		return RP_WITH;
	return strncmp(line, "Vulnerable", 10) ? RP_OTHER : RP_WITHOUT;
}

static void fit_of(json_t *root, const char *family, double out[3])
{
	json_t *fit = NULL, *x, *ph;
	size_t i;

	json_array_foreach(json_object_get(root, "fits"), i, x) {
		char *key = model_family_key(x);

		if (!strcmp(key, family))
			fit = x;
		free(key);
	}
	ph = json_object_get(fit, "per_hop");
	out[0] = jnum(ph, "value", NAN);
	out[1] = jnum(ph, "ci_low", out[0]);
	out[2] = jnum(ph, "ci_high", out[0]);
}

/* 0, or 1 after saying why the result cannot be used. */
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
	json_decref(root);
	if (!n || isnan(o->cost[0]) || isnan(o->cost[CHAIN_MAX])) {
		fprintf(stderr, "reproduce: %s: no measured chaignon2021 cases of depth 0 and %d "
				"(run it with: tailbench run -s chaignon2021)\n", path, CHAIN_MAX);
		return 1;
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

/* The first result of kernel series major.minor with retpoline rp. */
static const struct ours *find(const struct ours *o, int n, int major, int minor,
			       enum retpoline rp)
{
	for (int i = 0; i < n; i++)
		if (o[i].major == major && o[i].minor == minor && o[i].rp == rp)
			return &o[i];
	return NULL;
}

static void cell(double v, const char *fmt)
{
	if (isnan(v))
		printf(" | -");
	else
		printf(fmt, v);
}

/* His table and ours, one row per kernel series, the series sorted. */
static void side_by_side(const struct ours *o, int n)
{
	int keys[64][2], nk = 0;

	for (size_t i = 0; i < ARRAY_SIZE(his); i++) {
		sscanf(his[i].kernel, "%d.%d", &keys[nk][0], &keys[nk][1]);
		nk++;
	}
	for (int i = 0; i < n && nk < 64; i++) {
		bool seen = false;

		for (int k = 0; k < nk; k++)
			seen |= keys[k][0] == o[i].major && keys[k][1] == o[i].minor;
		if (!seen) {
			keys[nk][0] = o[i].major;
			keys[nk][1] = o[i].minor;
			nk++;
		}
	}
	for (int a = 1; a < nk; a++)
		for (int b = a; b > 0 && (keys[b][0] < keys[b - 1][0] ||
					  (keys[b][0] == keys[b - 1][0] && keys[b][1] < keys[b - 1][1])); b--) {
			int t0 = keys[b][0], t1 = keys[b][1];

			keys[b][0] = keys[b - 1][0];
			keys[b][1] = keys[b - 1][1];
			keys[b - 1][0] = t0;
			keys[b - 1][1] = t1;
		}

	printf("### Cost of a 33-call chain, his and ours\n\n"
	       "| kernel | his: with retpoline (ns) | without | with/without | ours: with retpoline "
	       "| without | with/without | unit |\n"
	       "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
	for (int k = 0; k < nk; k++) {
		double hw = NAN, ho = NAN;
		const struct ours *w = find(o, n, keys[k][0], keys[k][1], RP_WITH);
		const struct ours *wo = find(o, n, keys[k][0], keys[k][1], RP_WITHOUT);
		double ow = w ? w->cost[CHAIN_MAX] : NAN, oo = wo ? wo->cost[CHAIN_MAX] : NAN;

		for (size_t i = 0; i < ARRAY_SIZE(his); i++) {
			int ma, mi;

			sscanf(his[i].kernel, "%d.%d", &ma, &mi);
			if (ma == keys[k][0] && mi == keys[k][1]) {
				hw = his[i].with;
				ho = his[i].without;
			}
		}
		printf("| %d.%d", keys[k][0], keys[k][1]);
		cell(hw, " | %.0f");
		cell(ho, " | %.0f");
		cell(hw / ho, " | %.2f");
		cell(ow, " | %.1f");
		cell(oo, " | %.1f");
		cell(ow / oo, " | %.2f");
		printf(" | %s |\n", w ? w->clock : wo ? wo->clock : "-");
	}
	printf("\n");
}

/* Each result: 0-chain, 33-chain, their ratio, and the counter's share. */
static void shapes(const struct ours *o, int n)
{
	printf("### Each result: shape, and our counter's work per hop\n\n"
	       "| kernel | spectre_v2 | unit | 0-chain | 33-chain | 33/0 | bare hop [95%% CI] "
	       "| counted hop [95%% CI] | counter's work [>= 90%% CI] |\n"
	       "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (int i = 0; i < n; i++) {
		const double *h = o[i].hop, *c = o[i].counted;

		printf("| %s | %s | %s | %.1f | %.1f | %.2f", o[i].kernel,
		       o[i].rp == RP_WITH ? "retpoline" : o[i].rp == RP_WITHOUT ? "none" : "other",
		       o[i].clock, o[i].cost[0], o[i].cost[CHAIN_MAX],
		       o[i].cost[CHAIN_MAX] / o[i].cost[0]);
		printf(" | %.2f [%.2f, %.2f]", h[0], h[1], h[2]);
		if (isnan(c[0]))
			printf(" | - | - |\n");
		else
			printf(" | %.2f [%.2f, %.2f] | %.2f [%.2f, %.2f] |\n", c[0], c[1], c[2],
			       c[0] - h[0], c[1] - h[2], c[2] - h[1]);
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

/* From one kernel series to the next: cheaper or dearer, with retpoline. */
static void trend(const struct ours *o, int n)
{
	const struct ours *prev = NULL;

	printf("### Kernel to kernel, 33-call chain with retpoline\n\n"
	       "| from | to | his | ours |\n| --- | --- | --- | --- |\n");
	for (size_t i = 1; i < ARRAY_SIZE(his); i++)
		printf("| %s | %s | %s (x%.2f) | - |\n", his[i - 1].kernel, his[i].kernel,
		       direction(his[i - 1].with, his[i].with), his[i].with / his[i - 1].with);
	for (int i = 0; i < n; i++) {
		if (o[i].rp != RP_WITH)
			continue;
		if (prev && (prev->major != o[i].major || prev->minor != o[i].minor))
			printf("| %d.%d | %d.%d | - | %s (x%.2f) |\n", prev->major, prev->minor,
			       o[i].major, o[i].minor,
			       direction(prev->cost[CHAIN_MAX], o[i].cost[CHAIN_MAX]),
			       o[i].cost[CHAIN_MAX] / prev->cost[CHAIN_MAX]);
		prev = &o[i];
	}
	printf("\n");
}

static int write_dat(const char *dir, const struct ours *o, int n)
{
	char *chain = xasprintf("%s/chaignon-chain.dat", dir);
	char *bars = xasprintf("%s/chaignon-bars.dat", dir);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	fprintf(f, "# chain length, cost of a run (meta.clock); one block per result\n");
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s\"%s %s (%s)\"\n", i ? "\n\n" : "", o[i].kernel,
			o[i].rp == RP_WITH ? "retpoline" : o[i].rp == RP_WITHOUT ? "none" : "other",
			o[i].clock);
		for (int d = 0; d <= CHAIN_MAX; d++)
			if (!isnan(o[i].cost[d]))
				fprintf(f, "%d %.3f\n", d, o[i].cost[d]);
	}
	fclose(f);
	err = write_file_atomic(chain, buf, len);
	free(buf);
	if (!err) {
		f = open_memstream(&buf, &len);
		fprintf(f, "# kernel, 33-chain with retpoline, without (-: not measured);\n"
			   "# block 0 his (ns, Atom C2750), block 1 ours (meta.clock)\n");
		for (size_t i = 0; i < ARRAY_SIZE(his); i++)
			fprintf(f, "%s %.0f %.0f\n", his[i].kernel, his[i].with, his[i].without);
		fprintf(f, "\n\n");
		for (int i = 0; i < n; i++) {
			const struct ours *w = find(o, n, o[i].major, o[i].minor, RP_WITH);
			const struct ours *wo = find(o, n, o[i].major, o[i].minor, RP_WITHOUT);

			if (&o[i] != (w ? w : wo))
				continue;
			fprintf(f, "%d.%d", o[i].major, o[i].minor);
			for (int k = 0; k < 2; k++) {
				const struct ours *x = k ? wo : w;

				if (x)
					fprintf(f, " %.3f", x->cost[CHAIN_MAX]);
				else
					fprintf(f, " -");
			}
			fprintf(f, "\n");
		}
		fclose(f);
		err = write_file_atomic(bars, buf, len);
		free(buf);
	}
	if (err)
		fprintf(stderr, "reproduce: %s: %s\n", err == -EEXIST ? chain : dir, strerror(-err));
	free(chain);
	free(bars);
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
	int opt, ret = TB_EXIT_OK;

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
	for (int i = 0; i < files.n; i++)
		if (read_ours(files.v[i], &o[i]))
			ret = TB_EXIT_FAIL;
	if (!ret) {
		qsort(o, files.n, sizeof(*o), by_version);
		printf("## Chaignon 2021 reproduced\n\nHis: ns on an Intel Atom C2750, retpoline "
		       "compiled in or out. Ours: each result's clock, retpoline chosen at boot. "
		       "Compare ratios and directions only.\n\n");
		side_by_side(o, files.n);
		shapes(o, files.n);
		trend(o, files.n);
		if (dat)
			ret = write_dat(dat, o, files.n);
	}
	for (int i = 0; i < files.n; i++) {
		free(o[i].kernel);
		free((char *)o[i].clock);
	}
	free(o);
	strlist_free(&files);
	return ret;
}
