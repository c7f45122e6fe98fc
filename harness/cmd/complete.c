// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench completion bash: a completion script made from what the binary
 * says of itself, so that it cannot fall behind a new command or option.
 * Each command's options are the long options its --help names: an option
 * left out of --help is a bug of its own.
 */
#include <ctype.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cmd/complete.h"
#include "measure/scenario.h"

/* What c->fn prints for --help, captured. */
static char *help_of(const struct cmd *c)
{
	char *args[] = { (char *)c->name, "--help", NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len), *saved = stdout;

	if (!mem)
		return xstrdup("");
	fflush(stdout);
	stdout = mem;
	optind = 0;
	c->fn(2, args);
	stdout = saved;
	fclose(mem);
	return buf;
}

static bool listed(const struct strlist *l, const char *s)
{
	return strlist_find(l, s) >= 0;
}

/* The long options text names ("--word"), less those in skip, space-separated. */
static void put_options(FILE *out, const char *text, const char *const *skip)
{
	struct strlist seen = {};

	for (int k = 0; skip[k]; k++)
		strlist_add(&seen, skip[k]);
	fputs("--help", out);
	strlist_add(&seen, "--help");
	for (const char *p = strstr(text, "--"); p; p = strstr(p + 2, "--")) {
		size_t n = 2;
		char *opt;

		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		while (isalnum((unsigned char)p[n]) || (p[n] == '-' && isalnum((unsigned char)p[n + 1])))
			n++;
		if (n == 2 || !islower((unsigned char)p[2]))
			continue;
		opt = strndup(p, n);
		if (!listed(&seen, opt)) {
			fprintf(out, " %s", opt);
			strlist_add(&seen, opt);
		}
		free(opt);
	}
	strlist_free(&seen);
}

static void put_scenarios(FILE *out)
{
	struct strlist paths = {};

	if (scenario_list(scenarios_dir(), &paths))
		return;
	for (int i = 0; i < paths.n; i++) {
		char *base = basename(paths.v[i]), *dot = strrchr(base, '.');

		fprintf(out, "%s%.*s", i ? " " : "", dot ? (int)(dot - base) : (int)strlen(base), base);
	}
	strlist_free(&paths);
}

void complete_bash(FILE *out, const struct cmd *cmds, int n, const char *const *globals)
{
	fprintf(out, "# bash completion for tailbench; made by 'tailbench completion bash'\n"
		     "_tailbench() {\n"
		     "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i words\n"
		     "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		     "\t\tcase ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
		     "\tdone\n"
		     "\tcase $prev in\n"
		     "\t-s | --scenario) words='");
	put_scenarios(out);
	fprintf(out, "' ;;\n"
		     "\t*)\n"
		     "\t\tcase $cmd in\n"
		     "\t\t'') if [[ $cur == -* ]]; then words='");
	for (int k = 0; globals[k]; k++)
		fprintf(out, "%s%s", k ? " " : "", globals[k]);
	fprintf(out, "'; else words='");
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? " " : "", cmds[i].name);
	fprintf(out, "'; fi ;;\n");
	for (int i = 0; i < n; i++) {
		char *help = help_of(&cmds[i]);

		fprintf(out, "\t\t%s) words='", cmds[i].name);
		put_options(out, help, globals);
		fprintf(out, "' ;;\n");
		free(help);
	}
	fprintf(out, "\t\t*) words= ;;\n"
		     "\t\tesac\n"
		     "\t\t# Past the command, options only where one is begun; else files.\n"
		     "\t\t[ -z \"$cmd\" ] || [[ $cur == -* ]] || words= ;;\n"
		     "\tesac\n"
		     "\tmapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
		     "}\n"
		     "complete -o default -F _tailbench tailbench\n");
}
