/* SPDX-License-Identifier: GPL-2.0 */
/* What the fuzz targets share: the readers take a path, so an input is
 * handed over as an in-memory file. */
#ifndef TB_FUZZ_H
#define TB_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/util.h"

static inline char *fuzz_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("tb-fuzz", 0);

	/* The readers' messages would drown libFuzzer's. */
	tb_verbose = -1;
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	return xasprintf("/proc/self/fd/%d", fd);
}

static inline void fuzz_file_done(char *path)
{
	close(atoi(path + sizeof("/proc/self/fd/") - 1));
	free(path);
}

#endif
