/* SPDX-License-Identifier: GPL-2.0 */
/* explain: the instructions of a hop, and how two kernels' paths differ. */
#ifndef TB_EXPLAIN_H
#define TB_EXPLAIN_H

#include <stdio.h>

#include <jansson.h>

/* The aligned difference of one family's hop path between two loaded
 * results, as 'tailbench explain A B' writes it, to out.  Returns 1, or 0
 * when either lacks that family's path. */
int explain_diff_family(FILE *out, json_t *ra, json_t *rb, const char *family);

#endif
