// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "load/verifier_log.h"

static bool is_stats_line(const char *line, size_t len)
{
	static const char *const stats[] = { "verification time", "stack depth", "processed ",
					     "max_states_per_insn", "peak_states", "mark_read",
					     "insns processed" };

	for (size_t i = 0; i < ARRAY_SIZE(stats); i++)
		if (!strncmp(line, stats[i], strlen(stats[i])))
			return true;
	/* 7.x adds a line of statistics per subprogram, and one "insns
	 * processed N" after a refusal (Debian's 7.2 on riscv64 and armhf). */
	return !strncmp(line, "subprog ", 8) && memmem(line, len, "insns_self", 10);
}

/* The verifier's complaint: the last line of its log that is not a statistic. */
bool verifier_log_reason(const char *log, char *buf, size_t len)
{
	const char *line = log, *found = NULL;
	size_t found_len = 0;

	while (*line) {
		size_t n = strcspn(line, "\n");

		if (n && !is_stats_line(line, n)) {
			found = line;
			found_len = n;
		}
		line += n + (line[n] == '\n');
	}
	if (!found)
		return false;
	snprintf(buf, len, "%.*s", (int)found_len, found);
	return true;
}

/* "verification time 33 usec", "stack depth 64+64+0", "processed 12 insns" */
void verifier_log_stats(const char *log, struct prog_metrics *m)
{
	const char *p;
	unsigned long long v;

	p = strstr(log, "verification time ");
	if (p && sscanf(p, "verification time %llu usec", &v) == 1)
		m->verify_ns = v * 1000;
	p = strstr(log, "stack depth ");
	if (p) {
		p += strlen("stack depth ");
		m->stack_depth = 0;
		while (sscanf(p, "%llu", &v) == 1) {
			m->stack_depth += v;
			p += strspn(p, "0123456789");
			if (*p != '+')
				break;
			p++;
		}
	}
	/* verified_insns in bpf_prog_info is 5.16+; the log has it on all. */
	p = strstr(log, "processed ");
	if (!m->verified_insns && p && sscanf(p, "processed %llu insns", &v) == 1)
		m->verified_insns = v;
}
