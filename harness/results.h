/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results: turns a run into the tailbench/1 JSON document (results/README.md)
 * and writes it atomically without ever replacing a file.
 * Reading is result_read.h's; the fits are reduce.h's.
 */
#ifndef TB_RESULTS_H
#define TB_RESULTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include <jansson.h>

#include "bench.h"
#include "noise.h"
#include "result_read.h"
#include "runner.h"
#include "scenario.h"

/* What the command line adds to meta. */
struct run_context {
	const char *env;	/* "native" or "vm" */
	bool quick;
	int cpu;
	uint64_t seed;
	int pad;		/* --pad: no-op instructions added to every hop */
	int place;		/* --place: spacer programs before each program set */
	const struct strlist *extra;	/* KEY=VALUE pairs for meta.vm (--meta) */
	const struct scenario *scenarios;
	int nscenarios;
	/* The noise profile to use (--noise, loaded and matched before
	 * measuring), else none with no_noise, else the newest matching one in
	 * noise_dir. */
	const struct noise_profile *noise;
	bool no_noise;
	const char *noise_dir;
};

/* {kernel, env, clock, cpu}: the machine a run is made on, as its meta says
 * it (and as noise profiles match it). */
json_t *results_machine(const char *env, const char *clock);

json_t *results_build(const struct run_context *ctx, const struct run_info *info,
		      const struct tb_case *cases, int ncases);

/* -o names an existing device or FIFO (/dev/null, a pipe): the result is
 * written into it, as to stdout with "-". */
bool results_is_stream(const char *path);

/*
 * The name of a result claimed before measuring, so that an hour of
 * measurement is never lost to a name taken meanwhile: an empty file made
 * with O_EXCL, which results_save replaces with the result.
 */
struct results_claim {
	char *path;		/* NULL: nothing claimed (a stream, or the default name) */
	struct stat st;		/* of the empty file */
	bool saved;		/* results_save took it */
};

/* Claim path (not "-", nor a stream); 0, or a negative errno after saying
 * why (-EEXIST when it is taken). */
int results_claim(const char *path, struct results_claim *c);
/* Remove the empty file of a claim no result replaced (a run that failed),
 * if it still is that file. */
void results_unclaim(struct results_claim *c);

/*
 * Write to path, or to results/<kernel>-<env>-<time>.json when path is
 * NULL, or stdout for "-", or into a stream.  Never replaces a file (but
 * a claim's empty one).  Prints where it went.  With claim (measured data,
 * that no rerun gives back), a failed write keeps the result in $TMPDIR
 * (or /tmp) and names the file.
 */
int results_save(json_t *root, const char *path, const char *dir, struct results_claim *claim);

#endif
