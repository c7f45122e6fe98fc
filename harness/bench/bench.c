// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "bench/bench.h"

/* In the order of the classic table's rows, then the kinds not in it. */
static const struct bench *const benches[] = {
	&bench_tailcall,
	&bench_tailcall_percpu,
	&bench_bpf2bpf,
	&bench_bpf2bpf_args,
	&bench_bpf_loop,
	&bench_bpf_loop_helper,
	&bench_inline,
	&bench_gotox_chain,
	&bench_dispatch_table,
	&bench_dispatch_switch,
	&bench_gotox_dispatch,
	&bench_chaignon2021,
};

const struct bench *bench_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(benches); i++)
		if (!strcmp(benches[i]->name, name))
			return benches[i];
	return NULL;
}

const struct bench *const *bench_all(int *n)
{
	*n = ARRAY_SIZE(benches);
	return benches;
}

int bench_load(const struct bench *b, struct progset *f, const char *path,
	       const struct strlist *progs, int pad)
{
	return b->load ? b->load(f, progs, pad) : progset_load(f, path, progs, pad);
}

/*
 * Cases of one program set share its prog arrays and run interleaved, so arming
 * only changes the slots that differ from the last case's: f->armed is how
 * many slots from first on are filled now.
 */
int arm_slots(struct progset *f, const struct tb_case *c, const char *const *maps, int nmaps,
	      char *(*prog)(const struct tb_case *c, int slot), int first, int count)
{
	for (int m = 0; m < nmaps; m++) {
		int fd = progset_map_fd(f, maps[m]);

		if (fd < 0)
			return fd;
		for (int slot = first + f->armed; slot < first + count; slot++) {
			char *name = prog(c, slot);
			const struct progset_prog *p = progset_prog(f, name);
			int err = p ? bpf_map_update_elem(fd, &slot, &p->fd, BPF_ANY) : -ENOENT;

			free(name);
			if (err)
				return p ? -errno : err;
		}
		for (int slot = first + count; slot < first + f->armed; slot++)
			if (bpf_map_delete_elem(fd, &slot) && errno != ENOENT)
				return -errno;
	}
	f->armed = count;
	return 0;
}
