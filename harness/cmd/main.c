// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench: what does a BPF tail call cost?  Entry point: global options,
 * then one subcommand from cmds[].
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stats.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/complete.h"

static int do_help(int argc, char **argv);
static int do_version(int argc, char **argv);
static int do_completion(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "list", do_list, "list scenarios and benches", true },
	{ "run", do_run, "validate and time scenarios, write a result file" },
	{ "show", do_show, "print a result file as tables", true },
	{ "headline", do_headline, "the first answer of result files: the cost per hop, one table", true },
	{ "compare", do_compare, "statistics of a change between two results", true },
	{ "export", do_export, "a result file in another format (bmf, gab, dat)" },
	{ "disasm", do_disasm, "the JIT's native code of one case's programs" },
	{ "explain", do_explain, "the instructions of one hop, per family; two results: their diff",
	  true },
	{ "noise", do_noise, "a noise profile of this machine from A/A runs" },
	{ "refit", do_refit, "a result file with its figures reduced again" },
	{ "same", do_same, "whether exact counts repeat, case by case, across results" },
	{ "series", do_series, "the per-hop change of each result of a patch series, as one table" },
	{ "summary", do_summary, "gate a matrix of kernels against baselines, in one Markdown block", true },
	{ "baseline", do_baseline, "store results as the baselines of their kernels" },
	{ "reproduce", do_reproduce, "Chaignon 2021's tail-call table beside chaignon2021 results" },
	{ "check-pmu", do_check_pmu, "an icount VM result's PMU instructions against test_run's count" },
	{ "version", do_version, "print the version", true },
	{ "completion", do_completion, "a bash completion script (make install puts it in place)" },
	{ "help", do_help, "this text; help --all: every command's --help too" },
};

/* The global options, as completion offers them. */
static const char *const globals[] = {
	"-v", "--verbose", "-q", "--quiet", "--json", "-h", "--help", "-V", "--version", NULL,
};

static int do_help(int argc, char **argv)
{
	bool all = argc > 1 && !strcmp(argv[1], "--all");

	if (argc > 1 && !all) {
		fprintf(argc > 2 || strcmp(argv[1], "--help") ? stderr : stdout,
			"usage: tailbench help [--all]\n\n"
			"The commands and global options; --all adds every command's --help.\n");
		return argc > 2 || strcmp(argv[1], "--help") ? TB_EXIT_USAGE : TB_EXIT_OK;
	}
	printf("usage: tailbench [-v|-q] [--json] COMMAND [ARGS]\n"
	       "       tailbench -V|--version\n\n"
	       "Measures what an eBPF tail call costs against bpf2bpf calls and inlined\n"
	       "code, by chain depth, key mode, nesting and kernel.\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		printf("  %-11s %s\n", cmds[i].name, cmds[i].summary);
	printf("\noptions:\n"
	       "  -v, --verbose  more detail on stderr (libbpf's messages too)\n"
	       "  -q, --quiet    warnings and errors only\n"
	       "  --json         list, show, headline, compare, summary and version answer in JSON on\n"
	       "                 stdout, and errors are {\"error\": ...} objects there; other commands\n"
	       "                 refuse it (exit 2)\n"
	       "  -V, --version  print the version (as 'tailbench version')\n\n"
	       "'tailbench COMMAND --help' describes a command; 'tailbench help --all' every one.\n\n"
	       "environment:\n"
	       "  TB_OBJECTS     the BPF objects (default: the binary's own, in\n"
	       "                 PREFIX/share/tailbench/progs when installed, build/progs in\n"
	       "                 its build tree)\n"
	       "  TB_SCENARIOS   the scenario files (default: PREFIX/share/tailbench/scenarios\n"
	       "                 installed, scenarios/ in the build tree)\n");
	for (size_t i = 0; all && i < ARRAY_SIZE(cmds); i++) {
		char *args[] = { (char *)cmds[i].name, "--help", NULL };

		if (cmds[i].fn == do_help)
			continue;
		printf("\ntailbench %s:\n\n", cmds[i].name);
		fflush(stdout);
		optind = 0;
		cmds[i].fn(2, args);
	}
	return TB_EXIT_OK;
}

static int do_completion(int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "bash")) {
		bool help = argc == 2 && !strcmp(argv[1], "--help");

		fprintf(help ? stdout : stderr,
			"usage: tailbench completion bash\n\n"
			"Prints a bash completion script for tailbench: its commands, their options,\n"
			"and scenario names after -s.  'make install' installs it; or\n"
			"  source <(tailbench completion bash)\n");
		return help ? TB_EXIT_OK : TB_EXIT_USAGE;
	}
	complete_bash(stdout, cmds, ARRAY_SIZE(cmds), globals);
	return TB_EXIT_OK;
}

static int do_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (tb_json) {
		json_t *doc = json_pack("{ss}", "version", tb_rev);

		print_json(doc);
		json_decref(doc);
		return TB_EXIT_OK;
	}
	printf("tailbench %s\n", tb_rev);
	return TB_EXIT_OK;
}

/* A name no command has: say so, with the nearest if one is near. */
static int unknown_command(const char *name)
{
	struct strlist names = {};
	const char *guess;

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		strlist_add(&names, cmds[i].name);
	guess = strlist_closest(&names, name);
	p_err("unknown command '%s' (%s%s%ssee tailbench help)", name,
	      guess ? "did you mean " : "", guess ? guess : "", guess ? "? " : "");
	strlist_free(&names);
	return TB_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{},
	};
	int opt;

	/* Out of memory anywhere, in jansson and GSL too, is exit 1 with a
	 * message.  A file grown past ulimit -f fails its write (EFBIG, said
	 * and handled) instead of killing the process. */
	json_set_alloc_funcs(xmalloc, free);
	stats_init();
	signal(SIGXFSZ, SIG_IGN);

	/* "+": options after the command belong to the command. */
	while ((opt = getopt_long(argc, argv, "+vqhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			tb_verbose = 1;
			break;
		case 'q':
			tb_verbose = -1;
			break;
		case 'j':
			tb_json = true;
			break;
		case 'h':
			return do_help(0, NULL);
		case 'V':
			return do_version(0, NULL);
		default:
			return TB_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return do_help(0, NULL);

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strcmp(argv[optind], cmds[i].name))
			continue;
		/* As bpftool's -j: JSON everywhere it is offered, an error elsewhere. */
		if (tb_json && !cmds[i].json) {
			p_err("--json: %s has no JSON output (list, show, headline, compare, explain, summary and version have)",
			      cmds[i].name);
			return TB_EXIT_USAGE;
		}
		argc -= optind;
		argv += optind;
		optind = 0;
		return cmds[i].fn(argc, argv);
	}
	return unknown_command(argv[optind]);
}
