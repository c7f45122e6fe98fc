/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stop: the first SIGINT or SIGTERM asks a run to stop at its next safe
 * point (loading, validating or timing); what was measured is kept.
 */
#ifndef TB_STOP_H
#define TB_STOP_H

/* Catch the signals from here on.  Call it first, so that a signal while
 * the scenarios load is caught too. */
void stop_catch_signals(void);
/* The signal caught so far, 0 when none. */
int stop_signal(void);

#endif
