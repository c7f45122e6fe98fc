// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "../progs/layout.h"
#include "measure/stop.h"
#include "measure/testrun.h"

/* A minimal Ethernet + IPv4 frame: tc's test_run wants a real L2 header.
 * A kind that names a larger packet gets this one padded with zeros. */
static const uint8_t packet[TB_MAX_PACKET] = {
	[12] = 0x08, [13] = 0x00,		/* ETH_P_IP */
	[14] = 0x45, [16] = 0x00, [17] = 50,	/* IPv4, total length */
	[22] = 64, [23] = 17,			/* ttl, UDP */
};

/* net.core.bpf_jit_enable: 0 off, 1 or 2 on, -1 where the kernel has no JIT. */
static int jit_enabled(void)
{
	FILE *f = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	int on = -1;

	if (f && fscanf(f, "%d", &on) != 1)
		on = -1;
	if (f)
		fclose(f);
	return on;
}

/* Where the run under way accounts test_run's calls; and whether the JIT
 * is on, read before the run enters a network namespace of its own
 * (load/xdp_hold.c), where net.core's sysctls are absent. */
static struct run_time *tally;
static int jit_on;

void testrun_account(struct run_time *t)
{
	tally = t;
	jit_on = jit_enabled();
}

int testrun_jit_enable(void)
{
	return jit_on;
}

void case_skip(struct tb_case *c, const char *fmt, ...)
{
	va_list ap;

	c->status = CASE_SKIPPED;
	free(c->reason);
	va_start(ap, fmt);
	if (vasprintf(&c->reason, fmt, ap) < 0)
		c->reason = NULL;
	va_end(ap);
}

int testrun(const struct tb_case *c, int repeat, uint32_t *retval, uint32_t *duration)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet,
		    .data_size_in = c->bench->packet_bytes ? c->bench->packet_bytes : 64,
		    .repeat = repeat);
	uint64_t t0 = now_ns();
	int err = bpf_prog_test_run_opts(c->entry_fd, &opts);

	if (err)
		return -errno;
	if (tally)
		run_time_call(tally, c->prog_type, now_ns() - t0,
			      (uint64_t)opts.duration * (repeat ? repeat : 1));
	*retval = opts.retval;
	*duration = opts.duration;
	return 0;
}

/* The hops the case's counter has counted so far (modulo 2^32). */
static int read_counter(const struct tb_case *c, uint32_t *hops)
{
	uint64_t sum;
	int err;

	if (!c->bench->percpu_counter)
		return progset_get_global(c->set, TB_GLOBAL_HOPS, hops);
	err = progset_percpu_sum(c->set, TB_PERCPU_MAP, &sum);
	*hops = sum;
	return err;
}

static void describe_retval(const struct tb_case *c, uint32_t v, char *buf, size_t len)
{
	if (c->bench->describe)
		c->bench->describe(c, v, buf, len);
	else
		snprintf(buf, len, "%u", v);
}

int testrun_checked(struct tb_case *c, int n, uint32_t *duration, const char *when)
{
	char got[96], want[96];
	uint32_t before = 0, after = 0, retval;
	int err;

	err = c->bench->counted ? read_counter(c, &before) : 0;
	if (!err)
		err = testrun(c, n, &retval, duration);
	if (!err && c->bench->counted)
		err = read_counter(c, &after);
	if (err)
		return err;
	c->retval = retval;
	if (retval != c->expected) {
		describe_retval(c, retval, got, sizeof(got));
		describe_retval(c, c->expected, want, sizeof(want));
		case_skip(c, "%s: returned %u (%s), expected %u (%s)", when, retval, got,
			  c->expected, want);
		return 1;
	}
	if (c->bench->counted && after - before != (uint32_t)(n * c->bench->counted(c))) {
		case_skip(c, "%s: %d runs counted %u hops, expected %d per run", when, n,
			  after - before, c->bench->counted(c));
		return 1;
	}
	return 0;
}

/* The program a run of the case starts at: the first the bench lists. */
static int find_entry_fd(const struct tb_case *c)
{
	struct strlist progs = {};
	const struct progset_prog *p;

	c->bench->progs(c, &progs);
	p = progset_prog(c->set, progs.v[0]);
	strlist_free(&progs);
	return p->fd;
}

/* The first of the case's programs the kernel left to its interpreter (no
 * native code), or NULL. */
static const char *interpreted_prog(const struct tb_case *c)
{
	struct strlist progs = {};
	const char *name = NULL;

	c->bench->progs(c, &progs);
	for (int i = 0; i < progs.n && !name; i++) {
		const struct progset_prog *p = progset_prog(c->set, progs.v[i]);

		if (!p->m.jited_len)
			name = p->name;
	}
	strlist_free(&progs);
	return name;
}

void testrun_validate(struct tb_case *c)
{
	const char *interpreted = interpreted_prog(c);
	uint32_t duration = 0;
	int err;

	/* A run measures one engine.  Where the JIT is on, a program it gave
	 * up (32-bit JITs give up bpf2bpf calls) would put the interpreter's
	 * count among the JIT's: the case is skipped.  Where the JIT is off or
	 * absent the interpreter runs everything, and meta.jit.mode says so. */
	if (interpreted && jit_on > 0) {
		case_skip(c, "the JIT is on but left %s to the interpreter (no native code): an "
			  "interpreter's count is not measured among the JIT's", interpreted);
		return;
	}
	c->expected = c->bench->expected(c);
	c->entry_fd = find_entry_fd(c);
	err = c->bench->arm ? c->bench->arm(c->set, c) : 0;
	if (err) {
		case_skip(c, "arming the prog arrays failed: %s", strerror(-err));
		return;
	}
	err = testrun_checked(c, 1, &duration, "validation");
	if (err == -EINTR && stop_signal())
		return;	/* left pending: marked interrupted at the end */
	if (err < 0)
		case_skip(c, "BPF_PROG_TEST_RUN failed: %s", strerror(-err));
	else if (!err)
		c->status = CASE_OK;
}
