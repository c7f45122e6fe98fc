/* SPDX-License-Identifier: GPL-2.0 */
/*
 * headline: the first answer of one or more results, the cost per hop of
 * each way to make a hop (tail calls by key mode, bpf2bpf calls, inlined
 * code, indirect jumps), with its interval, from one source stated once
 * here.  show, run, the report and the end of ./run.sh and ./run.sh kernels
 * print it; every other table says how it relates to it.
 */
#ifndef TB_HEADLINE_H
#define TB_HEADLINE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

/* The source, in words, for headings and docs. */
extern const char headline_source[];

/* One result: a table of a row per mechanism, its interval kind and why a
 * missing one is missing, then the notes (refusals, mitigations). */
void headline_print(FILE *f, json_t *root);

/* Several results: a table per clock, a row per result (its kernel label),
 * a column per mechanism; html: an HTML fragment instead of text. */
void headline_print_many(FILE *f, json_t **roots, int n, bool html);

/* Whether a fit is one of the headline's rows. */
bool headline_holds(json_t *fit);

/* How a table of scenario and program type relates to the headline: which
 * of its rows it holds, or none.  The caller frees it. */
char *headline_relation(const char *scenario, const char *type);

/* {source, clock, kernel, rows: [{mechanism, scenario, family, value, low,
 * high, interval, why, mitigations}]} of one result. */
json_t *headline_json(json_t *root);

#endif
