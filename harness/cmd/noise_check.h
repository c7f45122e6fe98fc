/* SPDX-License-Identifier: GPL-2.0 */
/*
 * noise_check: tailbench noise --check, the A/A experiment's reading of its
 * runs (./run.sh aa): how often a run's intervals hold the next run's
 * per-hop cost, what compare says of each consecutive pair of the same
 * build, and, with padded runs, how often it catches the known slowdown.
 */
#ifndef TB_NOISE_CHECK_H
#define TB_NOISE_CHECK_H

#include <stdio.h>

/* Its lines of noise --help, the first led by lead ("usage:", or ""). */
void noise_check_usage(FILE *f, const char *lead);

/* tailbench noise --check ...: the whole command line of noise, parsed
 * again.  Exit status: TB_EXIT_OK when no A/A pair made compare exit 1,
 * TB_EXIT_FAIL when one did (a false alarm of the gate), TB_EXIT_USAGE on
 * bad input. */
int noise_check_main(int argc, char **argv);

#endif
