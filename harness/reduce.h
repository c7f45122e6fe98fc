/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reduce: a result's cases to its figures, once, for every view.  Per family
 * of cases (model.h's family key) the depth model with its intervals, exact
 * integer lines for counted clocks with the depths off them, regimes over the
 * trials, and rerun intervals from a noise profile.  run writes what this
 * returns; compare, show and export read it back.
 */
#ifndef TB_REDUCE_H
#define TB_REDUCE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "noise.h"
#include "stats.h"

/* Bootstrap resamples of every interval. */
#define REDUCE_RESAMPLES 2000

/* Replaces root's "fits", and records the profile's spread in every case's
 * stat.rerun_sd (np may be NULL or empty).  Deterministic for a seed. */
void reduce_result(json_t *root, const struct noise_profile *np, uint64_t seed);

/* The trials of a family's fit points (timed clocks; exact clocks get their
 * agreed counts as one trial).  0, or -ENODATA when fewer than two depths. */
int reduce_grid(json_t *root, const char *family, struct grid *g);

/* The per-trial per-hop slopes of a grid, in trial order (g->ntrials). */
double *reduce_trial_slopes(const struct grid *g);

#endif
