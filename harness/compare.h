/* SPDX-License-Identifier: GPL-2.0 */
/* compare and the CI exports: the names they give to per-hop fits. */
#ifndef TB_COMPARE_H
#define TB_COMPARE_H

#include <jansson.h>

/*
 * "scenario/bench/type/mode/nN/sS/per_hop": a fit's family (a case id
 * without its depth) and what it measures, one name for the compare report
 * and the dashboards alike.  The caller frees it.
 */
char *fit_name(json_t *fit);

#endif
