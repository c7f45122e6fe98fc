/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests, one file a stage of the harness (docs/layout.md), run
 * by main.c as one binary.  Each test prints "ok - NAME" or "not ok - NAME".
 */
#ifndef TB_UNIT_H
#define TB_UNIT_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

extern int unit_failed;
/* A directory of its own for the tests' files, removed at the end. */
extern char unit_tmpdir[];
/* The build directory (argv[1], "build" by default) and its progs/. */
extern const char *unit_builddir, *unit_objdir;

#define CHECK(cond, ...)                               \
	do {                                           \
		bool ok_ = (cond);                     \
		printf("%s - ", ok_ ? "ok" : "not ok"); \
		printf(__VA_ARGS__);                   \
		printf("\n");                          \
		unit_failed += !ok_;                   \
	} while (0)

static inline bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* unit_tmpdir/name holding text; free the path. */
char *write_tmp(const char *name, const char *text);

void unit_base(void);
void unit_load(void);
void unit_bench(void);
void unit_result(void);
void unit_hop(void);
void unit_measure(void);

#endif
