// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of bench: every bench's hooks, without loading anything: the
 * programs a case asks for are in the object the generator wrote (the
 * formats of progs/layout.h on both sides), listed once, the path among
 * them, and the proofs each kind expects (return value, hops counted) are
 * the chain's geometry, checked against hand-computed values.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "../progs/layout.h"
#include "base/model.h"
#include "bench/bench.h"
#include "result/classic.h"

#include "unit.h"

/* A case of b at depth d, of the bench's own type and key mode or xdp, static. */
static struct tb_case make_case(const struct bench *b, int depth)
{
	return (struct tb_case){
		.scenario = "u", .bench = b, .prog_type = b->prog_type ?: "xdp",
		.key_mode = b->key_mode ?: "static", .depth = depth,
	};
}

/* Depths to try: the bench's smallest, largest and one between that it has. */
static int pick_depths(const struct bench *b, int *d)
{
	int n = 0, cand[] = { b->min_depth, (b->min_depth + b->max_depth) / 2, b->max_depth };

	for (size_t i = 0; i < ARRAY_SIZE(cand); i++) {
		int x = cand[i];

		/* A middle depth the bench has no program for: the next it has. */
		while (b->depth_ok && !b->depth_ok(x) && x < b->max_depth)
			x++;
		if (!n || d[n - 1] != x)
			d[n++] = x;
	}
	return n;
}

/* Each program listed once; the first listed twice in *twice. */
static bool listed_once(const struct strlist *progs, const char **twice)
{
	for (int i = 0; i < progs->n; i++) {
		if (strlist_find(progs, progs->v[i]) != i) {
			*twice = progs->v[i];
			return false;
		}
	}
	return true;
}

static void test_every_bench(void)
{
	int nb;
	const struct bench *const *all = bench_all(&nb);

	for (int i = 0; i < nb; i++) {
		const struct bench *b = all[i];
		int depths[3], nd = pick_depths(b, depths);

		for (int k = 0; k < nd; k++) {
			struct tb_case c = make_case(b, depths[k]);
			struct strlist progs = {};
			const char *twice = "none";
			char text[96] = "";
			int path;

			b->progs(&c, &progs);
			path = b->path_len ? b->path_len(&c) : 1;
			CHECK(progs.n && listed_once(&progs, &twice),
			      "bench %s, depth %d: lists its %d programs once each (twice: %s)",
			      b->name, c.depth, progs.n, twice);
			CHECK(path >= 1, "bench %s, depth %d: a run goes through a program at least",
			      b->name, c.depth);
			CHECK(!b->counted || b->counted(&c) >= 0,
			      "bench %s, depth %d: counts no negative number of hops", b->name, c.depth);
			if (b->describe) {
				b->describe(&c, b->expected(&c), text, sizeof(text));
				CHECK(text[0], "bench %s, depth %d: says what its expected value "
				      "means (%s)", b->name, c.depth, text);
			}
			strlist_free(&progs);
		}
	}
}

/* One kind at one depth, as the geometry of layout.h gives it by hand. */
struct hooks_case {
	const char *bench;
	int depth;
	const char *entry;	/* the first program listed: where a run starts */
	int path_len;
	uint32_t expected;
	int counted;		/* -1: keeps no counter */
};

static const struct hooks_case hooks_cases[] = {
	/* A chain of d tail calls enters at 34 - d and ends at 34. */
	{ "tailcall", 0, "xdp_static_34", 1, 34, 1 },
	{ "tailcall", 5, "xdp_static_29", 6, 34, 6 },
	/* Depth 34 enters at 0: 33 calls made, the 34th falls through at 33. */
	{ "tailcall", 34, "xdp_static_0", 34, 33, 34 },
	{ "tailcall_percpu", 3, "xdp_percpu_31", 4, 34, 4 },
	{ "inline", 7, "xdp_inline_7", 1, 7, 8 },
	{ "bpf2bpf", 7, "xdp_bpf2bpf_7", 1, 7, 8 },
	{ "bpf2bpf_args", 7, "xdp_bpf2bpf_args_7", 1, 7, -1 },
	{ "gotox_chain", 7, "xdp_gotox_chain_7", 1, 7, 8 },
	/* Dispatch to the last of M targets: target M-1. */
	{ "dispatch_table", 8, "xdp_dispatch_table", 2, TB_RET_TARGET + 7, -1 },
	{ "dispatch_switch", 8, "xdp_dispatch_switch_8", 1, TB_RET_TARGET + 7, -1 },
	{ "gotox_dispatch", 8, "xdp_gotox_dispatch_8", 1, TB_RET_TARGET + 7, -1 },
	/* d calls made from program 0, then one fails at program d. */
	{ "chaignon2021", 5, "act_chaignon_0", 6, 5, -1 },
};

static void test_hooks(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(hooks_cases); i++) {
		const struct hooks_case *h = &hooks_cases[i];
		const struct bench *b = bench_find(h->bench);
		struct tb_case c;
		struct strlist progs = {};

		if (!b) {
			CHECK(false, "bench %s: in the table", h->bench);
			continue;
		}
		c = make_case(b, h->depth);
		b->progs(&c, &progs);
		CHECK(progs.n && !strcmp(progs.v[0], h->entry) &&
			      (b->path_len ? b->path_len(&c) : 1) == h->path_len &&
			      b->expected(&c) == h->expected &&
			      (b->counted ? b->counted(&c) : -1) == h->counted,
		      "bench %s, depth %d: entry %s, a path of %d, returns %u, counts %d (got %s, "
		      "%d, %u, %d)", h->bench, h->depth, h->entry, h->path_len, h->expected,
		      h->counted, progs.n ? progs.v[0] : "none", b->path_len ? b->path_len(&c) : 1,
		      b->expected(&c), b->counted ? b->counted(&c) : -1);
		strlist_free(&progs);
	}
}

/* Nested chains: every caller continues after its subprogram returns. */
static void test_nested_expected(void)
{
	struct tb_case c = make_case(bench_find("tailcall"), 5);
	char text[96];

	c.nest = 2;
	CHECK(bench_tailcall.expected(&c) == 34 + 6 * TB_RET_CONTINUED,
	      "bench tailcall, nested: the end program plus one continuation a program run (%u)",
	      bench_tailcall.expected(&c));
	bench_tailcall.describe(&c, 34 + 6 * TB_RET_CONTINUED, text, sizeof(text));
	CHECK(!strcmp(text, "ended at program 34, 6 callers continued"),
	      "bench tailcall, nested: describes where a run ended (%s)", text);
	bench_tailcall.describe(&c, TB_RET_FELL_THROUGH, text, sizeof(text));
	CHECK(!strcmp(text, "the fall-through marker"), "bench tailcall: names the fall-through");
}

/* Depths a kind has no program for are refused by its own rule. */
static void test_depth_ok(void)
{
	const struct bench *b = bench_find("dispatch_table");

	CHECK(b && b->depth_ok && b->depth_ok(64) && b->depth_ok(1) && !b->depth_ok(3) &&
		      !b->depth_ok(65),
	      "bench dispatch_table: has dispatch sizes 1 and 64, not 3 nor 65");
}

/* The program names of a libbpf object (no load), in l. */
static int object_progs(const char *path, struct strlist *l)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;

	if (libbpf_get_error(obj))
		return -1;
	bpf_object__for_each_program(p, obj)
		strlist_add(l, bpf_program__name(p));
	bpf_object__close(obj);
	return 0;
}

/*
 * The bench table's hooks, directly: names unique, every program a case of
 * an object-built bench asks for is in the object the generator wrote (the
 * formats of progs/layout.h on both sides), the path no longer than the
 * programs, and the classic rows the benches declare.
 */
static void test_bench_hooks(void)
{
	const struct bench *const *b;
	int n, rows = 0, missing = 0, checked = 0, bad_path = 0, twice = 0;
	char first_missing[128] = "";

	b = bench_all(&n);
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < i; j++)
			twice += !strcmp(b[i]->name, b[j]->name);
		rows += b[i]->nrows;
		if (b[i]->load)
			continue;	/* built by the harness, not the generator */
		for (int t = 0; t < MODEL_NR_PROG_TYPES; t++) {
			const char *type = b[i]->prog_type ? b[i]->prog_type : model_prog_types[t];

			for (int d = b[i]->min_depth; d <= b[i]->max_depth; d++) {
				struct tb_case c = { .bench = b[i], .prog_type = type,
						     .key_mode = b[i]->key_mode ? b[i]->key_mode :
										  "poisoned",
						     .depth = d };
				struct strlist want = {}, have = {};
				char *obj, *path;

				if (b[i]->depth_ok && !b[i]->depth_ok(d))
					continue;
				obj = b[i]->object(&c);
				path = xasprintf("%s/%s", unit_objdir, obj);
				b[i]->progs(&c, &want);
				object_progs(path, &have);
				for (int k = 0; k < want.n; k++, checked++)
					if (strlist_find(&have, want.v[k]) < 0 && !missing++)
						snprintf(first_missing, sizeof(first_missing), "%s in %s",
							 want.v[k], obj);
				bad_path += b[i]->path_len && b[i]->path_len(&c) > want.n;
				strlist_free(&want);
				strlist_free(&have);
				free(obj);
				free(path);
			}
			if (b[i]->prog_type)
				break;
		}
	}
	CHECK(!twice, "bench: every name once in the table (%d twice)", twice);
	CHECK(checked && !missing, "bench: the %d programs the cases ask for are in the objects "
	      "(%d missing%s%s)", checked, missing, missing ? ", first " : "", first_missing);
	CHECK(!bad_path, "bench: no path longer than the programs a case loads (%d)", bad_path);
	CHECK(classic_nmechs() == rows, "classic: one row per bench row (%d, %d)",
	      classic_nmechs(), rows);
	for (int m = 0; m < classic_nmechs(); m++)
		CHECK(classic_find(classic_mech(m)->id) == m && bench_find(classic_mech(m)->bench),
		      "classic: row %s is found by its id, and its bench by name",
		      classic_mech(m)->id);
	CHECK(classic_find("bpf_loop") > classic_find("bpf2bpf_args") &&
	      classic_find("bpf_loop") < classic_find("inline"),
	      "classic: bpf_loop's row between the calls and inlined code");
}

/* bpf_loop: d+1 hops, the first inline; the return value is bpf_loop's,
 * the iterations it ran; its hops are walked as calls of the callback. */
static void test_bench_bpf_loop(void)
{
	const struct bench *b = bench_find("bpf_loop");
	struct tb_case c = { .bench = b, .prog_type = "tc", .key_mode = "none", .depth = 7 };
	struct strlist progs = {};

	if (!b) {
		CHECK(false, "bpf_loop: in the bench table");
		return;
	}
	b->progs(&c, &progs);
	CHECK(progs.n == 1 && !strcmp(progs.v[0], "tc_bpf_loop_7"),
	      "bpf_loop: one program per depth, tc_bpf_loop_7 (%s)", progs.n ? progs.v[0] : "none");
	CHECK(b->expected(&c) == 7 && b->counted(&c) == 8,
	      "bpf_loop: returns d, counts d+1 hops (%u, %d)", b->expected(&c), b->counted(&c));
	CHECK(b->fit && b->hop.boundary == HOP_CALL && !b->hop.depth && b->min_depth == 0 &&
	      b->max_depth == TB_MAX_TAIL_CALLS,
	      "bpf_loop: fitted over depths 0..33, hops walked as calls, at the deepest depth");
	strlist_free(&progs);
}


void unit_bench(void)
{
	test_bench_hooks();
	test_bench_bpf_loop();
	test_every_bench();
	test_hooks();
	test_nested_expected();
	test_depth_ok();
}
