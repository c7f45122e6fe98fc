// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/util.h"
#include "measure/counters.h"

static const struct {
	const char *name;
	uint64_t config;
} events[TB_MAX_COUNTERS] = {
	{ "cycles", PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
	{ "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", PERF_COUNT_HW_BRANCH_MISSES },
};

static int perf_open(uint64_t config, int group_fd)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = config,
		.disabled = group_fd < 0,
		/* test_run executes the program in the kernel, in this thread. */
		.exclude_user = 1,
		.exclude_hv = 1,
		.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED |
			       PERF_FORMAT_TOTAL_TIME_RUNNING,
	};

	return syscall(__NR_perf_event_open, &attr, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
}

int counters_open(struct counters *c)
{
	int leader = -1;

	memset(c, 0, sizeof(*c));
	/* Each event alone: a PMU that lacks one (qemu's Arm PMU counts only
	 * cycles and instructions) still counts the others, in one group led
	 * by the first that opened. */
	for (int i = 0; i < TB_MAX_COUNTERS; i++) {
		int fd = perf_open(events[i].config, leader);

		if (fd < 0) {
			c->refused[c->nrefused].name = events[i].name;
			snprintf(c->refused[c->nrefused++].why, sizeof(c->refused->why), "%s",
				 strerror(errno));
			continue;
		}
		if (leader < 0)
			leader = fd;
		c->fd[c->n] = fd;
		c->name[c->n++] = events[i].name;
	}
	if (!c->n)
		snprintf(c->why_none, sizeof(c->why_none), "perf_event_open(%s): %s",
			 c->refused[0].name, c->refused[0].why);
	return c->n;
}

void counters_close(struct counters *c)
{
	for (int i = 0; i < c->n; i++)
		close(c->fd[i]);
	c->n = 0;
}

int counters_start(struct counters *c)
{
	if (!c->n)
		return -ENODEV;
	if (ioctl(c->fd[0], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP) ||
	    ioctl(c->fd[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP))
		return -errno;
	return 0;
}

int counters_stop(struct counters *c, uint64_t *vals)
{
	struct {
		uint64_t nr, enabled, running, values[TB_MAX_COUNTERS];
	} buf;

	if (!c->n)
		return -ENODEV;
	if (ioctl(c->fd[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP))
		return -errno;
	if (read(c->fd[0], &buf, sizeof(buf)) < (ssize_t)(3 + c->n) * 8)
		return -EIO;
	if (!buf.running)
		return -EAGAIN;
	for (int i = 0; i < c->n; i++)
		vals[i] = buf.enabled == buf.running ?
				  buf.values[i] :
				  (uint64_t)((double)buf.values[i] * buf.enabled / buf.running);
	return 0;
}
