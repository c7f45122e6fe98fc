// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "measure/runtime.h"

/* The program type's entry in t->test_run, added if new; -1: no room. */
static int type_slot(struct run_time *t, const char *type)
{
	int i;

	for (i = 0; i < t->ntypes && strcmp(t->test_run[i].type, type); i++)
		;
	if (i == TB_MAX_PROG_TYPES)
		return -1;
	if (i == t->ntypes)
		t->test_run[t->ntypes++].type = type;
	return i;
}

void run_time_call(struct run_time *t, const char *type, uint64_t ns, uint64_t timed_ns)
{
	int i = type_slot(t, type);

	if (i < 0)
		return;
	t->test_run[i].calls++;
	t->test_run[i].ns += ns;
	t->test_run[i].timed_ns += timed_ns;
}

void run_time_add(struct run_time *sum, const struct run_time *one)
{
	sum->load_ns += one->load_ns;
	sum->validate_ns += one->validate_ns;
	sum->probe_ns += one->probe_ns;
	sum->sample_ns += one->sample_ns;
	sum->retake_ns += one->retake_ns;
	sum->hop_ns += one->hop_ns;
	sum->xdp_swaps += one->xdp_swaps;
	sum->xdp_swap_ns += one->xdp_swap_ns;
	if (one->xdp_unheld[0])
		memcpy(sum->xdp_unheld, one->xdp_unheld, sizeof(sum->xdp_unheld));
	for (int i = 0; i < one->ntypes; i++) {
		int j = type_slot(sum, one->test_run[i].type);

		if (j < 0)
			continue;
		sum->test_run[j].calls += one->test_run[i].calls;
		sum->test_run[j].ns += one->test_run[i].ns;
		sum->test_run[j].timed_ns += one->test_run[i].timed_ns;
	}
}
