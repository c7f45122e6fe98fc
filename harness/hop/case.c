// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a family's hop path on the live kernel: over the images of the
 * programs one run goes through (hop/images.h) and the kernel text they
 * step into (hop/ktext.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "hop/case.h"
#include "hop/images.h"
#include "hop/ktext.h"

/* The family of a case: its id without "/d<depth>". */
size_t hop_family_len(const struct tb_case *c)
{
	const char *slash = strrchr(c->id, '/');

	return slash ? (size_t)(slash - c->id) : strlen(c->id);
}

static bool same_family(const struct tb_case *a, const struct tb_case *b)
{
	return hop_family_len(a) == hop_family_len(b) && !strncmp(a->id, b->id, hop_family_len(a));
}

static void walk_family(struct tb_case *c, int depth, const struct hop_rule *rule,
			struct hop_record *r)
{
	struct tb_case run = *c;
	struct strlist progs = {};
	struct walk_set s = {};
	struct hop_walk w = { .arch = HOP_ARCH_NATIVE, .boundary = rule->boundary,
			      .read_text = ktext_read, .symbol = ktext_symbol };
	struct bpf_map *bss = progset_bss(c->set);
	/* The globals: the object's .bss, or a built-in set's array map. */
	int globals = bss ? bpf_map__fd(bss) : c->set->builtin ? c->set->globals_fd : -1;
	int err = 0, last;

	run.depth = depth;
	/* The JIT patches a constant key's jump to what its slot holds now: a
	 * kind whose fill varies with depth is armed for the run walked. */
	if (c->bench->arm && (err = c->bench->arm(c->set, &run))) {
		r->path.note = xasprintf("arming the walked run failed: %s", strerror(-err));
		goto out;
	}
	c->bench->progs(&run, &progs);
	w.nprogs = c->bench->path_len ? c->bench->path_len(&run) : 1;
	if (w.nprogs > progs.n) {
		r->path.note = xasprintf("the bench names %d programs of a path of %d", progs.n,
					 w.nprogs);
		goto out;
	}
	for (int i = 0; i < w.nprogs && !err; i++) {
		const struct progset_prog *p = progset_prog(c->set, progs.v[i]);

		if (!p) {
			r->path.note = xasprintf("%s of the walked run is not loaded", progs.v[i]);
			goto out;
		}
		err = images_add_prog(&s, p->fd, i);
	}
	if (err == -ENOEXEC) {
		r->path.note = xstrdup("the interpreter runs these programs (jited_len 0): there is "
				       "no native code to walk, and the path is not walked");
		goto out;
	}
	if (err) {
		r->path.note = xasprintf("no JIT images with addresses (%s): is the JIT on, and "
					 "kptr_restrict below 2?", strerror(-err));
		goto out;
	}
	if (globals >= 0)
		images_bss(&s, globals, progset_prog(c->set, progs.v[0])->fd, &w.bss);
	if (rule->table) {
		err = images_jump_table(progset_prog(c->set, progs.v[0])->fd, s.images[0].addr, &w.table);
		if (err) {
			r->path.note = xasprintf("the jump table's targets cannot be read back: %s",
						 strerror(-err));
			goto out;
		}
	}
	w.images = s.images;
	w.nimages = s.nimages;
	r->depth = depth;
	r->hop = depth / 2;
	last = rule->boundary == HOP_STORE ? depth : depth - 1;
	hop_walk(&w, r->hop, last, &r->path);
out:
	free(w.bss.data);
	free(w.table.data);
	images_free(&s);
	strlist_free(&progs);
}

void hop_record_all(struct tb_case *cases, int ncases)
{
	for (int i = 0; i < ncases; i++) {
		struct tb_case *c = &cases[i];
		const struct hop_rule *rule = &c->bench->hop;
		struct tb_case *first = NULL;
		int depth = 0;

		if (rule->boundary == HOP_NONE)
			continue;
		for (int j = 0; j < ncases && !first; j++)
			if (same_family(c, &cases[j]))
				first = &cases[j];
		if (first != c || c->hop)
			continue;
		/* The deepest case measured has its programs loaded and armed. */
		for (int j = i; j < ncases; j++)
			if (same_family(c, &cases[j]) && cases[j].status == CASE_OK &&
			    cases[j].depth > depth)
				depth = cases[j].depth;
		if (!depth || !c->set || !progset_loaded(c->set))
			continue;
		c->hop = xcalloc(1, sizeof(*c->hop));
		depth = rule->depth ? rule->depth : depth;
		if (depth < 2) {
			c->hop->path.note = xasprintf("no depth of 2 or more measured to walk");
			continue;
		}
		walk_family(c, depth, rule, c->hop);
		pr_debug("%.*s: hop path of %d instructions%s%s", (int)hop_family_len(c), c->id,
			 c->hop->path.count, c->hop->path.note ? ": " : "",
			 c->hop->path.note ? c->hop->path.note : "");
	}
}

void hop_record_free(struct hop_record *r)
{
	if (!r)
		return;
	hop_path_free(&r->path);
	free(r);
}
