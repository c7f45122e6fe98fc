/* SPDX-License-Identifier: GPL-2.0 */
/*
 * irqs: how many interrupts the machine has taken, from /proc/stat's "intr"
 * line (every CPU, every source: device and timer interrupts, IPIs).  Read
 * before and after a sample, it tells whether anything asynchronous ran
 * inside it: in a one-CPU icount VM a sample nothing interrupted runs the
 * same instructions every time (docs/exact.md).
 */
#ifndef TB_IRQS_H
#define TB_IRQS_H

#include <stdint.h>

/* The descriptor to read from, or a negative errno. */
int irqs_open(void);
/* 0, or a negative errno when the count cannot be read. */
int irqs_read(int fd, uint64_t *count);
/*
 * Spins for a fraction of 4 ms (the tick period at HZ=250), a different one
 * for each try: under icount a sample taken again lands at the same phase
 * of the tick as the last one, so whatever disturbed it disturbs it again.
 */
void irqs_shift_phase(int try);

#endif
