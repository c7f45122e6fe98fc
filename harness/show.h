/* SPDX-License-Identifier: GPL-2.0 */
/* show: result files as terminal tables. */
#ifndef TB_SHOW_H
#define TB_SHOW_H

#include <stdio.h>

#include <jansson.h>

/* Machine, clock, per-hop fits, the comparison and dispatch tables, and the
 * skipped cases of one result. */
void show_summary(FILE *f, json_t *root);
#endif
