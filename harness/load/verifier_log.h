/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verifier_log: what the verifier's log (BPF_LOG_STATS) says of a program:
 * why it refused it, and its statistics.
 */
#ifndef TB_VERIFIER_LOG_H
#define TB_VERIFIER_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "load/metrics.h"

/* The verifier's complaint: the last line of its log that is not a
 * statistic.  False when there is none. */
bool verifier_log_reason(const char *log, char *buf, size_t len);
/* Verification time, stack depth and (before 5.16) verified instructions. */
void verifier_log_stats(const char *log, struct prog_metrics *m);

#endif
