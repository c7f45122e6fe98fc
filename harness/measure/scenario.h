/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scenario: a JSON file naming what to measure (benches and the values of
 * each axis) and how (repeat, trials, warm-up), expanded into cases.
 * The format is documented in scenarios/README.md.
 */
#ifndef TB_SCENARIO_H
#define TB_SCENARIO_H

#include <stdbool.h>

#include "base/model.h"
#include "base/util.h"
#include "bench/bench.h"

/* Ranges a scenario's fields and run's options share. */
#define TB_MAX_REPEAT 10000000
#define TB_MAX_TRIALS 100000
#define TB_MAX_WARMUP 10000000

struct int_list {
	int *v;
	int n;
};

struct scenario {
	char *name;		/* the file's name without .json */
	char *path;
	char *description;
	const struct bench **benches;
	int nbenches;
	struct strlist prog_types;
	struct strlist key_modes;
	struct int_list nest, frame_stack, depths;
	int repeat;		/* test_run repetitions in one sample */
	int trials;		/* samples per case */
	int warmup;		/* untimed test_run repetitions before each sample */
	bool suite;		/* in a run that names no scenario ("suite": false: only when named) */
};

/*
 * Read and check a scenario file; with quick, its "quick" overrides apply.
 * On bad input prints one message naming the file, the field and what was
 * expected, and returns -EINVAL.
 */
/* Whether programs are generated with frames of this many bytes. */
bool frame_stack_ok(int bytes);

int scenario_load(const char *path, bool quick, struct scenario *s);
void scenario_free(struct scenario *s);

/* A name (looked up as DIR/NAME.json) or a path to a file. */
char *scenario_path(const char *name_or_path, const char *dir);
/* Every scenario file in dir, sorted by name. */
int scenario_list(const char *dir, struct strlist *paths);

/* Append the scenario's cases (one per combination of axes) to *cases. */
void scenario_expand(const struct scenario *s, struct tb_case **cases, int *ncases);

#endif
