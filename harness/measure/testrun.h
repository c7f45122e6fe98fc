/* SPDX-License-Identifier: GPL-2.0 */
/*
 * testrun: one case's BPF_PROG_TEST_RUN over its packet, and the two proofs
 * that a run went where the case says: the return value (where it ended)
 * and the hop counter (how many hops it took).
 */
#ifndef TB_TESTRUN_H
#define TB_TESTRUN_H

#include <stdint.h>

#include "bench/bench.h"
#include "measure/runtime.h"

/* Before a run, in the process's own network namespace: where it accounts
 * test_run's calls, and whether the JIT is on. */
void testrun_account(struct run_time *t);
/* net.core.bpf_jit_enable as testrun_account read it: 0 off, 1 or 2 on, -1
 * where the kernel has no JIT. */
int testrun_jit_enable(void);
/* Mark the case skipped, saying why. */
void case_skip(struct tb_case *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* repeat runs of the case's entry; 0 or a negative errno. */
int testrun(const struct tb_case *c, int repeat, uint32_t *retval, uint32_t *duration);
/*
 * n runs, both proofs checked (when says which run, in the reason).
 * Returns 0, a negative errno, or 1 after skipping the case with the
 * discrepancy.
 */
int testrun_checked(struct tb_case *c, int n, uint32_t *duration, const char *when);
/* Arm and run once: the case becomes CASE_OK only if both proofs hold. */
void testrun_validate(struct tb_case *c);

#endif
