// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "measure/irqs.h"

int irqs_open(void)
{
	int fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int irqs_read(int fd, uint64_t *count)
{
	/* The "intr" line follows one "cpu" line per CPU: the VM has one. */
	char buf[8192], *line;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	line = strstr(buf, "\nintr ");
	if (!line || sscanf(line, "\nintr %" SCNu64, count) != 1)
		return -ENODATA;
	return 0;
}

void irqs_shift_phase(int try)
{
	/* Steps of 0.618 of the period spread the phases evenly. */
	uint64_t end = now_ns() + (uint64_t)try * 2472136u % 4000000u;

	while (now_ns() < end)
		;
}
