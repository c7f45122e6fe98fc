/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reduce: a result's cases to its figures, once, for every view.  Per family
 * of cases (base/model.h's family key) the depth model with its intervals, exact
 * integer lines for counted clocks with the depths off them, regimes over the
 * trials, and rerun intervals from a noise profile.  run writes what this
 * returns; compare, show and export read it back.
 */
#ifndef TB_REDUCE_H
#define TB_REDUCE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/stats.h"
#include "result/noise.h"

/* Bootstrap resamples of every interval. */
#define REDUCE_RESAMPLES 2000

/* Replaces root's "fits", and records the profile's spread in every case's
 * stat.rerun_sd (np may be NULL or empty).  Deterministic for a seed. */
void reduce_result(json_t *root, const struct noise_profile *np, uint64_t seed);

/* A result's fit points by family, found once for any number of grids. */
struct reduce_families;

struct reduce_families *reduce_families(json_t *root);
void reduce_families_free(struct reduce_families *rf);

/* The trials of a family's fit points (timed clocks; exact clocks get their
 * agreed counts as one trial).  0, or -ENODATA when fewer than two depths. */
int reduce_grid(const struct reduce_families *rf, const char *family, struct grid *g);

#endif
