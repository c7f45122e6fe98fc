/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands of tailbench, one file each, dispatched by cmd/main.c. */
#ifndef TB_CMDS_H
#define TB_CMDS_H

#include <stdbool.h>

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	bool json; /* answers in JSON under --json */
};

int do_list(int argc, char **argv);
int do_run(int argc, char **argv);
int do_show(int argc, char **argv);
int do_headline(int argc, char **argv);
int do_export(int argc, char **argv);
int do_compare(int argc, char **argv);
int do_disasm(int argc, char **argv);
int do_explain(int argc, char **argv);
int do_noise(int argc, char **argv);
int do_refit(int argc, char **argv);
int do_same(int argc, char **argv);
int do_series(int argc, char **argv);
int do_summary(int argc, char **argv);
int do_baseline(int argc, char **argv);
int do_reproduce(int argc, char **argv);
int do_check_pmu(int argc, char **argv);

#endif
