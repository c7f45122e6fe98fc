/* SPDX-License-Identifier: GPL-2.0 */
/* show: result files as terminal tables. */
#ifndef TB_SHOW_H
#define TB_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

/* Machine, clock, the headline, per-hop fits (their segments and regimes
 * when verbose), the comparison and dispatch tables, and the skipped cases
 * of one result; the headline first, or last (a run's end). */
void show_summary(FILE *f, json_t *root, bool verbose, bool headline_last);
#endif
