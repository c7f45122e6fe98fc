/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hops_json: a result's hops[] (results/README.md), one entry per family
 * whose hop path was walked (hop/case.h), with its self-check against the
 * measured per-hop figure (result/hop_check.h).
 */
#ifndef TB_HOPS_JSON_H
#define TB_HOPS_JSON_H

#include <jansson.h>

#include "bench/bench.h"
#include "hop/case.h"

/* hops[] of a result, with the self-check against root's fits. */
json_t *hop_results(json_t *root, const struct tb_case *cases, int ncases);

#endif
