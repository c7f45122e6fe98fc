// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench refit IN -o OUT: a result's figures reduced again from its cases,
 * as this build's reducer makes them (new fields, another noise profile).
 * The cases are kept as measured; OUT is a new file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/refit.h"
#include "result/hop_check.h"
#include "result/noise.h"
#include "result/read.h"
#include "result/reduce.h"
#include "result/save.h"

static void refit_usage(FILE *f)
{
	fprintf(f, "usage: tailbench refit IN.json -o OUT.json [--noise FILE|none] [--seed N]\n\n"
		   "Reduces the cases of IN again (fits, segments, regimes, exact lines, rerun\n"
		   "intervals), checks its hop paths against the new fits, and writes OUT, never\n"
		   "replacing a file.  The noise profile is the one IN recorded unless --noise\n"
		   "names another; 'none' drops it.\n");
}

int refit_result(json_t *root, const char *noise, uint64_t seed)
{
	struct noise_profile np = {};
	json_t *meta = json_object_get(root, "meta");

	if (!noise)
		noise = jstr(json_object_get(meta, "noise_profile"), "file", "none");
	if (strcmp(noise, "none") && noise_load(noise, &np))
		return -1;
	json_object_set_new(meta, "noise_profile", noise_meta(&np));
	reduce_result(root, &np, seed);
	/* New fits: the hop paths' self-checks are redone against them. */
	hop_check_all(root);
	noise_free(&np);
	return 0;
}

int do_refit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "noise", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *out = NULL, *noise = NULL;
	unsigned long long seed = 1;
	json_t *root = NULL;
	int opt, ret = TB_EXIT_USAGE;
	char *end;

	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'n':
			noise = optarg;
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*end || end == optarg) {
				p_err("--seed: expected a number, got '%s'", optarg);
				return TB_EXIT_USAGE;
			}
			break;
		case 'h':
			refit_usage(stdout);
			return TB_EXIT_OK;
		default:
			refit_usage(stderr);
			return TB_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !out) {
		refit_usage(stderr);
		return TB_EXIT_USAGE;
	}
	root = results_load(argv[optind]);
	if (!root)
		goto out;
	if (refit_result(root, noise, seed))
		goto out;
	ret = results_save(root, out, NULL, NULL) ? TB_EXIT_FAIL : TB_EXIT_OK;
out:
	json_decref(root);
	return ret;
}
