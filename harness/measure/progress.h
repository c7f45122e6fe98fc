/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progress: the line on stderr that says where a run's trials stand, with
 * its ETA.
 */
#ifndef TB_PROGRESS_H
#define TB_PROGRESS_H

#include <stdint.h>

struct progress {
	uint64_t start;		/* of the first trial */
	long planned, done;	/* samples */
	int finished, skipped;	/* cases out of this trial: their trials done, or skipped */
};

/* After the done-th of total cases of the 0-based trial of trials. */
void progress_show(const struct progress *p, int trial, int trials, int done, int total);

#endif
