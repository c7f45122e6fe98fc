// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "base/util.h"
#include "load/jit.h"
#include "load/proginfo.h"

/* Room for n elements of size bytes, with the kernel's pointer to it. */
static void *room(uint32_t n, size_t size, __u64 *ptr)
{
	void *p = n ? xcalloc(n, size) : NULL;

	*ptr = (__u64)(unsigned long)p;
	return p;
}

int proginfo_read(int fd, unsigned int want, struct proginfo *pi)
{
	struct bpf_prog_info *info = &pi->info, sizes = {};
	__u32 len = sizeof(sizes);

	memset(pi, 0, sizeof(*pi));
	if (bpf_obj_get_info_by_fd(fd, &sizes, &len))
		return -errno;
	if (!want) {
		*info = sizes;
		return 0;
	}
	/* Only the arrays asked for: a length left 0 is not filled. */
	if (want & PROGINFO_JITED) {
		info->jited_prog_len = sizes.jited_prog_len;
		pi->jited = room(sizes.jited_prog_len, 1, &info->jited_prog_insns);
	}
	if (want & PROGINFO_XLATED) {
		info->xlated_prog_len = sizes.xlated_prog_len;
		pi->xlated = room(sizes.xlated_prog_len, 1, &info->xlated_prog_insns);
	}
	if (want & PROGINFO_KSYMS) {
		info->nr_jited_ksyms = sizes.nr_jited_ksyms;
		pi->ksyms = room(sizes.nr_jited_ksyms, sizeof(*pi->ksyms), &info->jited_ksyms);
	}
	if (want & PROGINFO_FUNC_LENS) {
		info->nr_jited_func_lens = sizes.nr_jited_func_lens;
		pi->func_lens = room(sizes.nr_jited_func_lens, sizeof(*pi->func_lens),
				     &info->jited_func_lens);
	}
	if (want & PROGINFO_MAP_IDS) {
		info->nr_map_ids = sizes.nr_map_ids;
		pi->map_ids = room(sizes.nr_map_ids, sizeof(*pi->map_ids), &info->map_ids);
	}
	len = sizeof(*info);
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	return 0;
}

void proginfo_free(struct proginfo *pi)
{
	free(pi->jited);
	free(pi->xlated);
	free(pi->ksyms);
	free(pi->func_lens);
	free(pi->map_ids);
	memset(pi, 0, sizeof(*pi));
}

int proginfo_map(int fd, struct bpf_map_info *mi)
{
	__u32 len = sizeof(*mi);

	memset(mi, 0, sizeof(*mi));
	return bpf_obj_get_info_by_fd(fd, mi, &len) ? -errno : 0;
}

int prog_jited_image(int fd, uint8_t **image, uint32_t *len, uint64_t *addr)
{
	struct proginfo pi;
	int err = proginfo_read(fd, PROGINFO_JITED | PROGINFO_KSYMS, &pi);

	*image = NULL;
	if (!err && !pi.jited)
		err = -ENODATA;
	if (!err) {
		*image = pi.jited;
		pi.jited = NULL;
		*len = pi.info.jited_prog_len;
		/* The load address too, so that jumps into retpoline thunks can
		 * be told from direct jumps. */
		*addr = pi.ksyms ? pi.ksyms[0] : 0;
	}
	proginfo_free(&pi);
	return err;
}

uint64_t prog_read_metrics(int fd, struct prog_metrics *m)
{
	struct proginfo pi;
	uint64_t load_time = 0;

	if (!proginfo_read(fd, PROGINFO_JITED | PROGINFO_KSYMS, &pi)) {
		m->jited_len = pi.info.jited_prog_len;
		m->xlated_len = pi.info.xlated_prog_len;
		m->verified_insns = pi.info.verified_insns;
		if (pi.jited)
			jit_inspect(pi.jited, pi.info.jited_prog_len, pi.ksyms ? pi.ksyms[0] : 0,
				    &m->jit_insns, &m->jit_indirect);
		load_time = pi.info.load_time;
	}
	proginfo_free(&pi);
	return load_time;
}
