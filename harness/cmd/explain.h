/* SPDX-License-Identifier: GPL-2.0 */
/* explain: the instructions of a hop, and how two kernels' paths differ. */
#ifndef TB_EXPLAIN_H
#define TB_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

/* The aligned difference of one family's hop path between two loaded
 * results, as 'tailbench explain A B' writes it, to out.  Returns 1, or 0
 * when either lacks that family's path. */
int explain_diff_family(FILE *out, json_t *ra, json_t *rb, const char *family);

/* Text from a result file, HTML-escaped when html. */
void explain_text(FILE *out, const char *s, bool html);

/* Whether two results' meta.arch are the same (their paths align). */
bool explain_same_arch(json_t *ra, json_t *rb);

/*
 * For each family of ra (whose key contains filter, when one is given)
 * found in rb too: one hop's instructions by role on each side, and the
 * difference, as a table to out (an HTML fragment when html); a family not
 * walked on a side is said so.  With json, no text: *json gets the
 * families' array (explain_roles_json's).  Returns the families compared.
 */
int explain_roles(FILE *out, json_t *ra, json_t *rb, const char *filter, bool html, json_t **json);

/* {a, b: {file, kernel, arch}, same_arch, roles, families} (docs/hops.md);
 * *compared: the families walked on both sides. */
json_t *explain_roles_json(json_t *ra, const char *fa, json_t *rb, const char *fb, const char *filter,
			   int *compared);

/* {result, families: [{family, count, walked, complete, roles, ...}]}: one
 * result's paths by role. */
json_t *explain_paths_json(json_t *root, const char *file, const char *filter);

#endif
