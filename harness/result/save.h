/* SPDX-License-Identifier: GPL-2.0 */
/*
 * save: writes a result atomically without ever replacing a file, claiming
 * its name before the hour of measuring that fills it.
 */
#ifndef TB_SAVE_H
#define TB_SAVE_H

#include <stdbool.h>
#include <sys/stat.h>

#include <jansson.h>

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
