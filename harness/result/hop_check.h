/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hop_check: a hop path (hops[] of a result) against the per-hop figure
 * its family's fit gives in the same result.  Always recomputed from the
 * path's count and the file's fits: a stored check is never trusted, so
 * that a result whose fits were rewritten (refit) or edited is judged on
 * what it holds now.
 */
#ifndef TB_HOP_CHECK_H
#define TB_HOP_CHECK_H

#include <jansson.h>

/*
 * The check of hop against root's fits: {clock, per_hop} and, for an exact
 * clock, diff (path minus measured) and agrees (a complete path, equal to
 * the figure); null when the family has no per-hop figure.
 */
json_t *hop_check(json_t *root, json_t *hop);

/* Replaces every hops[].check of root by hop_check's; returns how many
 * stored checks said otherwise. */
int hop_check_all(json_t *root);

#endif
