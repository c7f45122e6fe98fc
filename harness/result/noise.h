/* SPDX-License-Identifier: GPL-2.0 */
/*
 * noise: how far this machine's figures move between runs of one build.
 * `tailbench noise FILE...` measures it from A/A runs (the same build and
 * kernel, run several times, spread in time) and writes a profile; runs
 * that find a matching profile give every per-hop cost a rerun interval
 * from it, and compare knows the noise floor it must clear.
 */
#ifndef TB_NOISE_H
#define TB_NOISE_H

#include <stdbool.h>

#include <jansson.h>

#define TB_NOISE_SCHEMA "tailbench-noise/1"
/* Fewer runs give no spread worth the name. */
#define NOISE_MIN_RUNS 3

/* What must match for a profile to describe a result's noise. */
#define NOISE_NR_MATCH_KEYS 4
extern const char *const noise_match_keys[NOISE_NR_MATCH_KEYS];

struct noise_profile {
	json_t *root;		/* NULL: no profile */
	char *path;
	json_t *differs;	/* what of meta it was forced across (noise_match) */
};

/* Read and check a profile; 0, or a negative errno after saying why. */
int noise_load(const char *path, struct noise_profile *np);
/*
 * Whether a profile describes the machine of meta (a result's, or of a run
 * about to start): same kernel, env, clock and CPU.  0, or -EINVAL after
 * saying in what they differ; with force, a warning, and the keys are kept
 * in np->differs (noise_meta records them).
 */
int noise_match(struct noise_profile *np, json_t *meta, bool force);
/* Two metas (a profile's and a run's) name the same machine: kernel, env,
 * clock and CPU. */
bool noise_same_machine(json_t *profile_meta, json_t *meta);
/* The newest profile in dir made on this result's kernel, env, clock and
 * CPU; -ENOENT when there is none. */
int noise_find(const char *dir, json_t *meta, struct noise_profile *np);
void noise_free(struct noise_profile *np);

/*
 * The between-run spread of a fit family's per-hop cost ("fits", keyed by
 * family) or a case's figure ("cases", keyed by id): the standard deviation
 * of log values over *runs runs.  NAN where the profile does not cover it.
 */
double noise_sd(const struct noise_profile *np, const char *kind, const char *key, int *runs);

/*
 * How far a rerun lands from a run, 95%, in logs: two runs differ by sqrt 2
 * times one run's spread sd, with Student's t for the runs it came from.
 * A figure v reruns within v * exp(+-this); 100 * (exp(this) - 1) is the
 * change in percent that a rerun alone can show.
 */
double noise_rerun_half(double sd, int runs);

/* {file, runs, time, quick[, forced]} for a result's meta.noise_profile. */
json_t *noise_meta(const struct noise_profile *np);

#endif
