/* SPDX-License-Identifier: GPL-2.0 */
/*
 * export: a result file in the formats other tools read.  Each format is
 * one function in export_*.c plus one line in cmd/export.c's formats[].
 */
#ifndef TB_EXPORT_H
#define TB_EXPORT_H

#include <stdio.h>

#include <jansson.h>

struct export_format {
	const char *name;
	const char *desc;
	/* Write root (a loaded tailbench/1 document) to out; 0 or -errno. */
	int (*write)(FILE *out, json_t *root, const char *path);
};

extern const struct export_format export_bmf, export_gab;
extern const struct export_format export_dat;

#endif
