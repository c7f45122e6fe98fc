// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../progs/layout.h"
#include "base/model.h"
#include "base/stats.h"
#include "hop/case.h"
#include "measure/irqs.h"
#include "measure/runner.h"

/* A minimal Ethernet + IPv4 frame: tc's test_run wants a real L2 header.
 * A kind that names a larger packet gets this one padded with zeros. */
static const uint8_t packet[TB_MAX_PACKET] = {
	[12] = 0x08, [13] = 0x00,		/* ETH_P_IP */
	[14] = 0x45, [16] = 0x00, [17] = 50,	/* IPv4, total length */
	[22] = 64, [23] = 17,			/* ttl, UDP */
};

/* The first SIGINT or SIGTERM: the run stops at the next safe point. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	if (!stop_signal)
		stop_signal = sig;
}

void runner_catch_signals(void)
{
	/* No SA_RESTART: a test_run in progress returns EINTR at once. */
	struct sigaction sa = { .sa_handler = on_stop_signal };

	/*
	 * Each handler blocks the other signal.  When both are pending (a
	 * test_run that does not return at once, say), the kernel would
	 * otherwise stack the second handler's frame on top of the first's,
	 * so the later signal's handler would run first and decide.
	 */
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int runner_stop_signal(void)
{
	return stop_signal;
}

static inline uint64_t tsc_now(void)
{
#if defined(__x86_64__)
	__builtin_ia32_lfence();
	return __builtin_ia32_rdtsc();
#else
	return now_ns();
#endif
}

struct progset_slot {
	const struct bench *bench;
	char *key;
	char *obj;
	struct progset f;
	struct strlist progs;
	bool ok;
};

static void skip(struct tb_case *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void skip(struct tb_case *c, const char *fmt, ...)
{
	va_list ap;

	c->status = CASE_SKIPPED;
	free(c->reason);
	va_start(ap, fmt);
	if (vasprintf(&c->reason, fmt, ap) < 0)
		c->reason = NULL;
	va_end(ap);
}

/* Cases of one bench, program type and key mode in one object share a load
 * and its prog arrays. */
static struct progset_slot *group_progsets(struct tb_case *cases, int ncases, int *nslots)
{
	struct progset_slot *slots = xcalloc(ncases, sizeof(*slots));

	*nslots = 0;
	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];
		char *obj = c->bench->object(c);
		char *key = xasprintf("%s|%s|%s|%s", obj, c->bench->name, c->prog_type, c->key_mode);
		struct strlist progs = {};
		int s;

		for (s = 0; s < *nslots; s++)
			if (!strcmp(slots[s].key, key))
				break;
		if (s == *nslots) {
			slots[s].bench = c->bench;
			slots[s].key = key;
			slots[s].obj = obj;
			(*nslots)++;
		} else {
			free(key);
			free(obj);
		}
		c->bench->progs(c, &progs);
		for (int p = 0; p < progs.n; p++)
			if (strlist_find(&slots[s].progs, progs.v[p]) < 0)
				strlist_add(&slots[s].progs, progs.v[p]);
		strlist_free(&progs);
		c->set = &slots[s].f;
	}
	return slots;
}

/*
 * Every loaded program and map holds a file descriptor (a full nesting run
 * holds a few thousand at once), and kernels before 5.11 charge BPF memory
 * to RLIMIT_MEMLOCK: take all that the hard limits allow.
 */
static void raise_limits(void)
{
	struct rlimit r;

	if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &r))
			pr_warn("cannot raise the open files limit: %s", strerror(errno));
	}
	if (setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ RLIM_INFINITY, RLIM_INFINITY }) &&
	    !getrlimit(RLIMIT_MEMLOCK, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_MEMLOCK, &r);
	}
}

/* Out of descriptors or memory: the harness's limit, not the kernel's answer
 * about the programs, so it must not be recorded as a skipped case. */
static bool out_of_resources(int err)
{
	return err == -EMFILE || err == -ENFILE || err == -ENOMEM;
}

/*
 * --place N: N small programs loaded before each program set, holding the
 * JIT's next chunks of executable memory, so that the same code lands
 * elsewhere (bpf_prog_pack hands out the first free chunks): a placement
 * experiment that changes no instruction a case runs.
 */
#define SPACER_PROG "xdp_inline_0"

static int load_spacers(struct progset *spacers, int n, const char *objdir)
{
	struct strlist progs = {};
	char *path = xasprintf("%s/%s", objdir, TB_BASELINE_OBJ);
	int err = 0;

	strlist_add(&progs, SPACER_PROG);
	for (int i = 0; i < n && !err; i++) {
		err = progset_load(&spacers[i], path, &progs, 0);
		if (err)
			p_err("--place: loading spacer %d of %d failed: %s", i + 1, n, spacers[i].reason);
	}
	strlist_free(&progs);
	free(path);
	return err;
}

static int load_progsets(struct progset_slot *slots, int nslots, const char *objdir, int pad,
			 struct progset *spacers, int place)
{
	uint64_t start = now_ns();
	int progs = 0, refused = 0, err = 0;

	for (int s = 0; s < nslots && !stop_signal && !err; s++) {
		struct progset_slot *fs = &slots[s];
		char *path = xasprintf("%s/%s", objdir, fs->obj);

		pr_debug("loading %s: %d programs", fs->key, fs->progs.n);
		err = load_spacers(spacers + (size_t)s * place, place, objdir);
		if (err) {
			free(path);
			break;
		}
		if (pad && fs->bench->no_pad) {
			snprintf(fs->f.reason, sizeof(fs->f.reason),
				 "%s has no --pad site: its hop is a study's bare one", fs->bench->name);
			err = -EINVAL;
		} else {
			err = bench_load(fs->bench, &fs->f, path, &fs->progs, pad);
		}
		fs->ok = !err;
		if (fs->ok) {
			progs += fs->progs.n;
		} else if (out_of_resources(err)) {
			struct rlimit r = {};

			getrlimit(RLIMIT_NOFILE, &r);
			p_err("loading %s failed: %s, after %d programs in %d program sets: the harness "
			      "ran out of resources, the kernel did not refuse the programs; raise the "
			      "open files limit (ulimit -n, now %llu) or free memory and run again",
			      path, strerror(-err), progs, s, (unsigned long long)r.rlim_cur);
		} else if (stop_signal) {
			/* Cut short by the signal: no reason, so not a refusal. */
			fs->f.reason[0] = '\0';
		} else {
			refused++;
			pr_debug("  refused: %s", fs->f.reason);
		}
		if (!out_of_resources(err))
			err = 0;
		free(path);
	}
	if (err)
		return err;
	pr_info("loaded %d programs in %d program sets, %.1f s%s", progs, nslots - refused,
		(now_ns() - start) / 1e9, refused ? "; some refused (see the skipped cases)" : "");
	return 0;
}

static void sum_path_metrics(struct tb_case *c)
{
	struct strlist progs = {};
	int len = c->bench->path_len ? c->bench->path_len(c) : 1;

	c->bench->progs(c, &progs);
	memset(&c->path, 0, sizeof(c->path));
	c->path_progs = len;
	for (int i = 0; i < len && i < progs.n; i++) {
		const struct progset_prog *p = progset_prog(c->set, progs.v[i]);
		const struct prog_metrics *m = &p->m;

		c->path.jited_len += m->jited_len;
		c->path.xlated_len += m->xlated_len;
		c->path.verified_insns += m->verified_insns;
		c->path.verify_ns += m->verify_ns;
		c->path.load_ns += m->load_ns;
		c->path.jit_insns += m->jit_insns;
		c->path.jit_indirect += m->jit_indirect;
		/* What one program needs, as the verifier accounts it. */
		if (m->stack_depth > c->path.stack_depth)
			c->path.stack_depth = m->stack_depth;
	}
	strlist_free(&progs);
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

static int test_run(const struct tb_case *c, int repeat, uint32_t *retval, uint32_t *duration)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet,
		    .data_size_in = c->bench->packet_bytes ? c->bench->packet_bytes : 64,
		    .repeat = repeat);
	int err = bpf_prog_test_run_opts(c->entry_fd, &opts);

	if (err)
		return -errno;
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

/*
 * Run n times and check both proofs: the return value (where the run ended)
 * and the counter (how many hops all n runs took).  Returns 0, a negative
 * errno, or 1 after skipping the case with the discrepancy.
 */
static int run_checked(struct tb_case *c, int n, uint32_t *duration, const char *when)
{
	char got[96], want[96];
	uint32_t before = 0, after = 0, retval;
	int err;

	err = c->bench->counted ? read_counter(c, &before) : 0;
	if (!err)
		err = test_run(c, n, &retval, duration);
	if (!err && c->bench->counted)
		err = read_counter(c, &after);
	if (err)
		return err;
	c->retval = retval;
	if (retval != c->expected) {
		describe_retval(c, retval, got, sizeof(got));
		describe_retval(c, c->expected, want, sizeof(want));
		skip(c, "%s: returned %u (%s), expected %u (%s)", when, retval, got, c->expected, want);
		return 1;
	}
	if (c->bench->counted && after - before != (uint32_t)(n * c->bench->counted(c))) {
		skip(c, "%s: %d runs counted %u hops, expected %d per run", when, n, after - before,
		     c->bench->counted(c));
		return 1;
	}
	return 0;
}

/*
 * Exact counts (an exact clock: the icount VM; docs/exact.md has the proof).
 * A sample of R runs of c instructions each reports floor((R c + e + d) / R):
 * e is test_run's fixed cost inside its timed region (34 to 40 instructions
 * on x86-64, about 50 to 70 on arm64), and d, |d| < q, the rounding of a
 * clock that steps by q ns (1 on x86-64; 16 on arm64, whose generic timer
 * qemu runs at 62.5 MHz).  For q - 1 <= e <= R - q that is c, whatever R
 * is: every case takes one repeat, the same whatever else the run holds,
 * and proves it large enough.  One run alone counts c + e + d', and a
 * difference g between it and the count with 2q - 1 <= g <= R - 2q holds
 * only when the count is c.  An interrupt in a sample only adds to it: a
 * sample that may have been disturbed is taken again (timed_undisturbed),
 * and the count is the smallest, which two samples must agree on.  The repeat is small, so that most samples of the
 * longest case (some 4,000 instructions a run) miss the guest's tick.
 */
#define EXACT_REPEAT 128
#define EXACT_TRIES 20		/* disturbed samples in a row before a case gives up */
#define EXACT_PROBES 5

/* The step of the clock test_run reads, in ns: instructions under icount. */
static int clock_step(void)
{
#if defined(__aarch64__)
	uint64_t hz;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz ? (int)((1000000000ull + hz - 1) / hz) : 1;
#else
	return 1;	/* the guest's TSC: a tick an instruction under icount */
#endif
}

/* Arm and run once: the case counts only if both proofs hold. */
static void validate(struct tb_case *c)
{
	uint32_t duration = 0;
	int err;

	c->expected = c->bench->expected(c);
	c->entry_fd = find_entry_fd(c);
	err = c->bench->arm ? c->bench->arm(c->set, c) : 0;
	if (err) {
		skip(c, "arming the prog arrays failed: %s", strerror(-err));
		return;
	}
	err = run_checked(c, 1, &duration, "validation");
	if (err == -EINTR && stop_signal)
		return;	/* left pending: marked interrupted at the end */
	if (err < 0)
		skip(c, "BPF_PROG_TEST_RUN failed: %s", strerror(-err));
	else if (!err)
		c->status = CASE_OK;
}

static void add_sample(struct series *s, double v)
{
	s->v = xrealloc(s->v, s->n + 1, sizeof(double));
	s->v[s->n++] = v;
}

/* n runs under every clock: the counters, the TSC and test_run's own. */
static int timed(struct tb_case *c, struct counters *ctr, int n, const char *when,
		 uint32_t *duration, uint64_t *vals, uint64_t *ticks)
{
	uint64_t t0, t1;
	int err;

	if (ctr->n && counters_start(ctr))
		return -EIO;
	t0 = tsc_now();
	err = run_checked(c, n, duration, when);
	t1 = tsc_now();
	if (ctr->n && counters_stop(ctr, vals))
		return -EIO;
	*ticks = t1 - t0;
	return err;
}

/* timed(), between two reads of the interrupt count: how many landed. */
static int timed_irqs(struct tb_case *c, struct counters *ctr, int n, const char *when,
		      int irq_fd, uint32_t *duration, uint64_t *vals, uint64_t *ticks,
		      uint64_t *irqs)
{
	uint64_t before = 0, after = 0;
	int err = irqs_read(irq_fd, &before);

	if (!err)
		err = timed(c, ctr, n, when, duration, vals, ticks);
	if (!err)
		err = irqs_read(irq_fd, &after);
	*irqs = err ? 0 : after - before;
	return err;
}

/*
 * timed(), and with irq_fd (exact clocks) again while a sample counts more
 * than the smallest count so far: something added to it.  An interrupt
 * costs more than R instructions, so one inside the timed region always
 * raises the count; so does the work an interrupt just before the sample
 * leaves behind, in a sample that no interrupt landed in (measured on 7.3:
 * such samples count 6 a run more, one tick's worth).  Interrupts outside
 * the region (6.x XDP's dispatcher waits take two to six, a few more or
 * less each time) leave the count alone.  Returns as run_checked does, and
 * 1 after skipping the case.
 */
static int timed_undisturbed(struct tb_case *c, struct counters *ctr, int n, const char *when,
			     int irq_fd, uint32_t *duration, uint64_t *vals, uint64_t *ticks)
{
	uint64_t irqs;

	if (irq_fd < 0)
		return timed(c, ctr, n, when, duration, vals, ticks);
	for (int t = 0; t < EXACT_TRIES; t++) {
		int err;

		if (t > 1)
			irqs_shift_phase(t);
		err = timed_irqs(c, ctr, n, when, irq_fd, duration, vals, ticks, &irqs);
		if (err || *duration <= c->least) {
			c->quiet_irqs = irqs < c->quiet_irqs ? irqs : c->quiet_irqs;
			c->least = *duration < c->least ? *duration : c->least;
			return err;
		}
		c->disturbed++;
	}
	skip(c, "%s: a count above the smallest (%u) in each of %d tries", when, c->least,
	     EXACT_TRIES);
	return 1;
}

/* One sample, of the 1-based trial: arm, warm up, then repeat test_run under
 * every clock. */
static int measure(struct tb_case *c, struct counters *ctr, int trial, int irq_fd)
{
	uint64_t vals[TB_MAX_COUNTERS], ticks;
	uint32_t retval, duration;
	char when[32];
	int err, k = 0;

	err = c->bench->arm ? c->bench->arm(c->set, c) : 0;
	if (!err && c->warmup)
		err = test_run(c, c->warmup, &retval, &duration);
	if (err)
		return err;
	snprintf(when, sizeof(when), "trial %d", trial);
	err = timed_undisturbed(c, ctr, c->repeat, when, irq_fd, &duration, vals, &ticks);
	if (err)
		return err < 0 ? err : 0;
	/* Cycles that lead are series 0, and test_run's clock follows. */
	if (ctr->leads)
		add_sample(&c->series[k++], (double)vals[0] / c->repeat);
	add_sample(&c->series[k++], duration);
	for (int i = ctr->leads; i < ctr->n; i++)
		add_sample(&c->series[k++], (double)vals[i] / c->repeat);
	add_sample(&c->series[k++], (double)ticks / c->repeat);
	return 0;
}

/* A sample the stop signal cut short is dropped, not held against the case. */
static void sample(struct tb_case *c, struct counters *ctr, int trial, int irq_fd)
{
	int err = measure(c, ctr, trial, irq_fd);

	if (err && !(err == -EINTR && stop_signal))
		skip(c, "trial %d failed: %s", trial, strerror(-err));
}

/*
 * Before an exact case's trials: one run's count c + e + d' (the smallest of
 * a few: an interrupt only adds), and the smallest count of a few samples of
 * R runs, each at another phase of the tick.  The interrupts of the samples
 * kept (quiet_irqs) are counted in timed_undisturbed: 0 where nothing else
 * runs; on 6.x an XDP test_run of more than one run swaps the XDP
 * dispatcher and waits for timers, outside the timed region, two to six
 * interrupts a sample.
 */
static void probe_exact(struct tb_case *c)
{
	struct counters none = {};
	uint64_t ticks;
	uint32_t d;
	int err = 0;

	c->once = c->least = UINT32_MAX;
	c->quiet_irqs = UINT64_MAX;
	for (int i = 0; i < EXACT_PROBES && !err; i++) {
		err = timed(c, &none, 1, "one run", &d, NULL, &ticks);
		c->once = d < c->once ? d : c->once;
	}
	for (int i = 0; i < EXACT_PROBES && !err; i++) {
		irqs_shift_phase(i);
		err = timed(c, &none, c->repeat, "probe", &d, NULL, &ticks);
		c->least = d < c->least ? d : c->least;
	}
	if (err < 0 && !(err == -EINTR && stop_signal))
		skip(c, "BPF_PROG_TEST_RUN failed: %s", strerror(-err));
}

/*
 * After the trials: the count two samples agree on, the smallest (an
 * interrupt that slipped through, or the work one left, only adds), with
 * more trials while none agree; and the repeat proved larger than test_run's
 * fixed cost (see EXACT_REPEAT).  Then the count is the case's own.  Samples
 * no interrupt landed in may differ: the work of an interrupt just before
 * one runs in it.
 */
#define EXTRA_TRIALS 6

static void check_exact(struct tb_case *c, struct counters *ctr, int irq_fd, int step)
{
	struct summary s;
	double count, g;
	int extra = 0;

	while (c->status == CASE_OK && extra < EXTRA_TRIALS && !stop_signal &&
	       stats_agreed_min(c->series[0].v, c->series[0].n, &count)) {
		sample(c, ctr, c->series[0].n + 1, irq_fd);
		extra++;
	}
	if (c->status != CASE_OK || stop_signal)
		return;
	stats_summary(c->series[0].v, c->series[0].n, &s);
	g = c->once - s.min;
	if (stats_agreed_min(c->series[0].v, c->series[0].n, &count))
		skip(c, "no two of %d trials agreed on an instruction count", c->series[0].n);
	else if (g < 2 * step - 1 || g > c->repeat - 2 * step)
		skip(c, "one run counts %u, a sample of %d %.0f a run: with a clock step of %d, "
		     "test_run's fixed cost is not proved small beside the repeat, so the count "
		     "could depend on it", c->once, c->repeat, s.min, step);
	else
		c->fixed = g;
}

/*
 * On a clock that steps by one instruction every case of a program type
 * shows the same fixed cost (40 and 38 on 6.1, 37 and 34 on 7.3, whatever
 * the bench), and an interrupt in every sample of a case lowers it by the
 * count it adds.  So a case below the largest of its type counted one (7.3's
 * deepest nesting case once did, all its samples ticked): it is skipped.
 * The others' counts never depend on it.
 */
static void check_fixed_costs(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];
		const struct tb_case *top = c;

		for (int j = 0; j < ncases; j++)
			if (cases[j].fixed > top->fixed && !strcmp(cases[j].prog_type, c->prog_type))
				top = &cases[j];
		if (c->status == CASE_OK && c->fixed && top != c)
			skip(c, "test_run's fixed cost shows as %d here, %d in %s: an interrupt "
			     "landed in every sample", c->fixed, top->fixed, top->id);
	}
}

static void name_series(struct tb_case *c, const struct run_info *info,
			const struct counters *ctr)
{
	int k = 0;

	if (ctr->leads)
		c->series[k++].name = "cycles";
	c->series[k++].name = ctr->leads ? "ns" : info->clock;
	for (int i = ctr->leads; i < ctr->n; i++)
		c->series[k++].name = ctr->name[i];
	c->series[k++].name = "tsc";
	c->nseries = k;
}

/* Where the trials stand, for the progress line. */
struct progress {
	uint64_t start;		/* of the first trial */
	long planned, done;	/* samples */
	int finished, skipped;	/* cases out of this trial: their trials done, or skipped */
};

static void put_seconds(char *buf, size_t len, double s)
{
	if (s < 60)
		snprintf(buf, len, "%.0f s", s);
	else
		snprintf(buf, len, "%d min %02d s", (int)(s / 60), (int)s % 60);
}

/*
 * On a terminal, one line redrawn twice a second; in a log, a line a trial.
 * The ETA is the time a sample took so far times the samples left.  A trial
 * runs fewer cases than the one before when some asked for fewer trials or
 * were skipped: the line says how many of each.
 */
static void progress(const struct progress *p, int trial, int trials, int done, int total)
{
	static uint64_t last;
	static int tty = -1;
	uint64_t now = now_ns();
	char elapsed[32], eta[32] = "?", why[96] = "";

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (tb_verbose < 0 || (done != total && (!tty || now - last < 500000000ull)))
		return;
	last = now;
	put_seconds(elapsed, sizeof(elapsed), (now - p->start) / 1e9);
	if (p->done)
		put_seconds(eta, sizeof(eta),
			    (now - p->start) / 1e9 / p->done * (p->planned - p->done));
	if (p->finished || p->skipped)
		snprintf(why, sizeof(why), " (%d finished their trials, %d skipped)", p->finished,
			 p->skipped);
	fprintf(stderr, "%strial %d/%d: %d of %d cases%s, %s, ETA %s%s", tty ? "\r\033[K" : "",
		trial + 1, trials, done, total, why, elapsed, eta, tty && done != total ? "" : "\n");
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		pr_warn("cannot pin to CPU %d: %s", cpu, strerror(errno));
}

/* Inside the icount VM test_run's clock counts instructions (o->clock);
 * a PMU there (arm64's) counts beside it.  Else cycles lead where the PMU
 * counts them. */
static const char *pick_clock(const struct run_opts *o, struct counters *ctr)
{
	ctr->leads = !o->clock && ctr->n && !strcmp(ctr->name[0], "cycles");
	return o->clock ? o->clock : ctr->leads ? "cycles" : "ns";
}

const char *runner_clock(const struct run_opts *o)
{
	struct counters ctr;
	const char *clock;

	counters_open(&ctr);
	clock = pick_clock(o, &ctr);
	counters_close(&ctr);
	return clock;
}

static void setup_clock(const struct run_opts *o, struct counters *ctr, struct run_info *info)
{
	counters_open(ctr);
	info->clock = pick_clock(o, ctr);
	info->nrefused = ctr->nrefused;
	memcpy(info->refused, ctr->refused, sizeof(info->refused));
	if (ctr->n) {
		for (int i = 0; i < ctr->n; i++)
			info->counters[info->ncounters++] = ctr->name[i];
		return;
	}
	snprintf(info->no_counters, sizeof(info->no_counters), "%s", ctr->why_none);
	if (!o->clock)
		pr_info("no hardware counters (%s): timing with test_run's clock, in ns",
			ctr->why_none);
}

/* Cases the signal left without a sample are not measured, whatever they
 * proved before it. */
static void mark_interrupted(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++)
		if (cases[i].status == CASE_PENDING ||
		    (cases[i].status == CASE_OK && !cases[i].series[0].n))
			skip(&cases[i], "interrupted before this case was measured");
}

/* Validate every case, then time them in shuffled trials. */
static void measure_all(struct tb_case *cases, int ncases, const struct run_opts *o,
			struct counters *ctr, struct run_info *info, int irq_fd)
{
	int max_trials = 0, *order;
	struct progress p = {};
	gsl_rng *rng;

	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];

		name_series(c, info, ctr);
		if (stop_signal)
			continue;
		if (!progset_loaded(c->set)) {
			if (c->set->reason[0])
				skip(c, "%s", c->set->reason);
			continue;
		}
		sum_path_metrics(c);
		validate(c);
		if (c->status == CASE_OK && irq_fd >= 0) {
			c->repeat = c->repeat < EXACT_REPEAT ? c->repeat : EXACT_REPEAT;
			probe_exact(c);
		}
		if (c->status != CASE_OK)
			continue;
		max_trials = c->trials > max_trials ? c->trials : max_trials;
	}

	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, o->seed);
	order = xcalloc(ncases, sizeof(int));
	info->trials_planned = max_trials;
	for (int i = 0; i < ncases; i++)
		p.planned += cases[i].status == CASE_OK ? cases[i].trials : 0;
	p.start = now_ns();
	for (int t = 0, n = 0; t < max_trials && !stop_signal; t++) {
		/* Those of the last trial that this one leaves out. */
		for (int j = 0; j < n; j++) {
			const struct tb_case *c = &cases[order[j]];

			p.skipped += c->status != CASE_OK;
			p.finished += c->status == CASE_OK && c->trials <= t;
		}
		n = 0;
		for (int i = 0; i < ncases; i++)
			if (cases[i].status == CASE_OK && cases[i].trials > t)
				order[n++] = i;
		/* A fresh order every trial spreads the machine's drift over all
		 * cases instead of landing it on a few. */
		gsl_ran_shuffle(rng, order, n, sizeof(int));
		for (int j = 0; j < n && !stop_signal; j++) {
			sample(&cases[order[j]], ctr, t + 1, irq_fd);
			p.done++;
			progress(&p, t, max_trials, j + 1, n);
		}
		if (!stop_signal)
			info->trials_done = t + 1;
	}
	for (int i = 0; i < ncases && irq_fd >= 0 && !stop_signal; i++)
		check_exact(&cases[i], ctr, irq_fd, info->exact_step);
	if (irq_fd >= 0 && info->exact_step == 1 && !stop_signal)
		check_fixed_costs(cases, ncases);
	if (stop_signal) {
		fputc('\n', stderr);
		pr_warn("%s after %d of %d trials: writing what was measured",
			strsignal(stop_signal), info->trials_done, max_trials);
		mark_interrupted(cases, ncases);
		info->interrupted = true;
		info->signal = stop_signal;
	}

	free(order);
	gsl_rng_free(rng);
}

int runner_run(struct tb_case *cases, int ncases, const struct run_opts *o,
	       struct run_info *info)
{
	struct progset_slot *slots;
	struct progset *spacers;
	struct counters ctr;
	uint64_t start = now_ns();
	int nslots, err, irq_fd = -1;

	memset(info, 0, sizeof(*info));
	loader_init();
	raise_limits();
	pin_cpu(o->cpu);
	setup_clock(o, &ctr, info);
	if (model_exact_clock(info->clock)) {
		irq_fd = irqs_open();
		if (irq_fd < 0) {
			p_err("an exact clock needs the interrupt count of /proc/stat: %s",
			      strerror(-irq_fd));
			counters_close(&ctr);
			return irq_fd;
		}
		info->exact_repeat = EXACT_REPEAT;
		info->exact_step = clock_step();
	}

	slots = group_progsets(cases, ncases, &nslots);
	spacers = xcalloc((size_t)nslots * o->place + 1, sizeof(*spacers));
	err = load_progsets(slots, nslots, o->objdir, o->pad, spacers, o->place);
	if (!err)
		measure_all(cases, ncases, o, &ctr, info, irq_fd);
	/* While the programs are loaded and armed: what one hop executes. */
	if (!err && !stop_signal)
		hop_record_all(cases, ncases);

	/* The program sets stay loaded until here so that every case could be
	 * armed again in each trial. */
	for (int s = 0; s < nslots; s++) {
		progset_unload(&slots[s].f);
		free(slots[s].key);
		free(slots[s].obj);
		strlist_free(&slots[s].progs);
	}
	for (int i = 0; i < ncases; i++)
		cases[i].set = NULL;
	for (int i = 0; i < nslots * o->place; i++)
		progset_unload(&spacers[i]);
	free(spacers);
	free(slots);
	counters_close(&ctr);
	if (irq_fd >= 0)
		close(irq_fd);
	info->wall_ns = now_ns() - start;
	return err;
}

void runner_free(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		free(cases[i].id);
		free(cases[i].reason);
		free(cases[i].run_samples);
		hop_record_free(cases[i].hop);
		for (int k = 0; k < cases[i].nseries; k++)
			free(cases[i].series[k].v);
	}
	free(cases);
}
