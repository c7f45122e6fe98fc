// SPDX-License-Identifier: GPL-2.0
/* tailbench export --format NAME FILE: one format from formats[]. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/export.h"
#include "result/read.h"

static const struct export_format *const formats[] = {
	&export_bmf,
	&export_gab,
	&export_dat,
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench export --format FORMAT [--allow-incomplete] FILE\n\n"
		   "  --allow-incomplete  use a result of an interrupted run\n\nformats:\n");
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		fprintf(f, "  %-6s %s\n", formats[i]->name, formats[i]->desc);
}

int do_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "allow-incomplete", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct results_load_opts load = {};
	const struct export_format *fmt = NULL;
	const char *name = NULL;
	json_t *root;
	int opt, err;

	while ((opt = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return TB_EXIT_OK;
		}
		if (opt == 'I') {
			load.allow_incomplete = true;
			continue;
		}
		if (opt != 'f') {
			usage(stderr);
			return TB_EXIT_USAGE;
		}
		name = optarg;
	}
	for (size_t i = 0; name && i < ARRAY_SIZE(formats); i++)
		if (!strcmp(formats[i]->name, name))
			fmt = formats[i];
	if (!fmt || optind != argc - 1) {
		if (name && !fmt)
			p_err("export: unknown format '%s'", name);
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	root = results_load_opts(argv[optind], &load);
	if (!root)
		return TB_EXIT_USAGE;
	err = fmt->write(stdout, root, argv[optind]);
	json_decref(root);
	return err ? TB_EXIT_FAIL : TB_EXIT_OK;
}
