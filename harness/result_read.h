/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result_read: reading tailbench/1 result files (README.md, "Result files")
 * for show, compare, export and plots.  Pulls in nothing of the runner.
 */
#ifndef TB_RESULT_READ_H
#define TB_RESULT_READ_H

#include <stdbool.h>

#include <jansson.h>

#define TB_SCHEMA "tailbench/1"

/* Read and check a result file; NULL (after saying why) if it is not one. */
json_t *results_load(const char *path);

/* Accessors that tolerate missing fields. */
const char *jstr(json_t *obj, const char *key, const char *dflt);
double jnum(json_t *obj, const char *key, double dflt);
int jint(json_t *obj, const char *key, int dflt);

/* A case of a loaded result was measured (status "ok"). */
bool case_ok(json_t *c);

#endif
