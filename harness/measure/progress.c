// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <unistd.h>

#include "base/util.h"
#include "measure/progress.h"

static void put_seconds(char *buf, size_t len, double s)
{
	if (s < 60)
		snprintf(buf, len, "%.0f s", s);
	else
		snprintf(buf, len, "%d min %02d s", (int)(s / 60), (int)s % 60);
}

/*
 * On a terminal, one line redrawn twice a second; in a log, a line a trial.
 * The ETA is the time a sample took so far times the samples left.  A trial
 * runs fewer cases than the one before when some asked for fewer trials or
 * were skipped: the line says how many of each.
 */
void progress_show(const struct progress *p, int trial, int trials, int done, int total)
{
	static uint64_t last;
	static int tty = -1;
	uint64_t now = now_ns();
	char elapsed[32], eta[32] = "?", why[96] = "";

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (tb_verbose < 0 || (done != total && (!tty || now - last < 500000000ull)))
		return;
	last = now;
	put_seconds(elapsed, sizeof(elapsed), (now - p->start) / 1e9);
	if (p->done)
		put_seconds(eta, sizeof(eta),
			    (now - p->start) / 1e9 / p->done * (p->planned - p->done));
	if (p->finished || p->skipped)
		snprintf(why, sizeof(why), " (%d finished their trials, %d skipped)", p->finished,
			 p->skipped);
	fprintf(stderr, "%strial %d/%d: %d of %d cases%s, %s, ETA %s%s", tty ? "\r\033[K" : "",
		trial + 1, trials, done, total, why, elapsed, eta, tty && done != total ? "" : "\n");
}
