// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../progs/layout.h"
#include "measure/progsets.h"
#include "measure/stop.h"

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

/* One set; 0 when loaded, a negative errno (f.reason says why) when not. */
static int load_slot(struct progset_slot *fs, const char *path, int pad)
{
	if (pad && fs->bench->no_pad) {
		snprintf(fs->f.reason, sizeof(fs->f.reason),
			 "%s has no --pad site: its hop is a study's bare one", fs->bench->name);
		return -EINVAL;
	}
	return bench_load(fs->bench, &fs->f, path, &fs->progs, pad);
}

int progsets_load(struct progsets *ps, struct tb_case *cases, int ncases, const char *objdir,
		  int pad, int place)
{
	uint64_t start = now_ns();
	int progs = 0, refused = 0, err = 0;

	raise_limits();
	ps->slots = group_progsets(cases, ncases, &ps->nslots);
	ps->place = place;
	ps->spacers = xcalloc((size_t)ps->nslots * place + 1, sizeof(*ps->spacers));
	for (int s = 0; s < ps->nslots && !stop_signal() && !err; s++) {
		struct progset_slot *fs = &ps->slots[s];
		char *path = xasprintf("%s/%s", objdir, fs->obj);

		pr_debug("loading %s: %d programs", fs->key, fs->progs.n);
		err = load_spacers(ps->spacers + (size_t)s * place, place, objdir);
		if (err) {
			free(path);
			break;
		}
		err = load_slot(fs, path, pad);
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
		} else if (stop_signal()) {
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
	pr_info("loaded %d programs in %d program sets, %.1f s%s", progs, ps->nslots - refused,
		(now_ns() - start) / 1e9, refused ? "; some refused (see the skipped cases)" : "");
	return 0;
}

/* The program sets stay loaded until here so that every case could be armed
 * again in each trial. */
void progsets_unload(struct progsets *ps, struct tb_case *cases, int ncases)
{
	for (int s = 0; s < ps->nslots; s++) {
		progset_unload(&ps->slots[s].f);
		free(ps->slots[s].key);
		free(ps->slots[s].obj);
		strlist_free(&ps->slots[s].progs);
	}
	for (int i = 0; i < ncases; i++)
		cases[i].set = NULL;
	for (int i = 0; i < ps->nslots * ps->place; i++)
		progset_unload(&ps->spacers[i]);
	free(ps->spacers);
	free(ps->slots);
	memset(ps, 0, sizeof(*ps));
}

void progsets_path_metrics(struct tb_case *c)
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
