/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dat: the field writers of export --format dat (cmd/export_dat.c), shared
 * with the blocks that tell plots/ what to draw (cmd/export_figures.c).
 */
#ifndef TB_DAT_H
#define TB_DAT_H

#include <stdio.h>

#include <jansson.h>

/* A string as one gnuplot word: double-quoted, a double quote made single,
 * white space a space. */
void dat_string(FILE *out, const char *s);
/* A number, NaN where there is none. */
void dat_num(FILE *out, double v);
/* The fits block of a fit: "SCEN/BENCH/TYPE/MODE/sS" (nests are its rows).
 * The caller frees it. */
char *dat_fit_family(json_t *fit);

/* The blocks of one program type that make plots/ and the report data
 * driven, each named after TYPE: figures, series, perhop. */
void dat_figures(FILE *out, json_t *root, const char *type);
/* The layout of the table of tail calls against bpf2bpf calls, once:
 * classic_columns and classic_cells. */
void dat_classic_layout(FILE *out);

#endif
