// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "../progs/layout.h"
#include "base/model.h"
#include "measure/scenario.h"

static const int frame_stacks[] = TB_FRAME_STACKS;

#define DEFAULT_REPEAT 5000
#define DEFAULT_TRIALS 15
#define DEFAULT_WARMUP 200

struct parse {
	const char *path;
	const char *prefix;	/* "quick: " inside the overrides */
	const char *field;
};

static int bad(const struct parse *p, const char *expected, json_t *got)
{
	char *text = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

	p_err("%s: %sfield '%s': expected %s%s%.60s", p->path, p->prefix, p->field, expected,
	      text ? ", got " : "", text ? text : "");
	free(text);
	return -EINVAL;
}

static int get_string_list(const struct parse *p, json_t *v, const char *const *allowed,
			   size_t nallowed, struct strlist *out)
{
	char expected[256] = "a list of strings from:";
	size_t i;
	json_t *e;

	for (i = 0; i < nallowed; i++)
		snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), " %s",
			 allowed[i]);
	if (!json_is_array(v) || !json_array_size(v))
		return bad(p, expected, v);
	strlist_free(out);
	json_array_foreach(v, i, e) {
		size_t a;

		for (a = 0; a < nallowed; a++)
			if (json_is_string(e) && !strcmp(json_string_value(e), allowed[a]))
				break;
		if (a == nallowed)
			return bad(p, expected, e);
		if (strlist_find(out, allowed[a]) < 0)
			strlist_add(out, allowed[a]);
	}
	return 0;
}

/* A list of integers: [0, 4, 8] or a range "0..33" or "0..33:3". */
static int get_int_list(const struct parse *p, json_t *v, int lo, int hi, struct int_list *out)
{
	char expected[128];
	size_t i;
	json_t *e;

	snprintf(expected, sizeof(expected),
		 "integers %d..%d, as a list [0, 4] or a range \"%d..%d\" or \"%d..%d:STEP\"", lo,
		 hi, lo, hi, lo, hi);
	free(out->v);
	out->v = NULL;
	out->n = 0;
	if (json_is_string(v))
		return parse_int_list(json_string_value(v), lo, hi, &out->v, &out->n) ?
			       bad(p, expected, v) : 0;
	if (!json_is_array(v) || !json_array_size(v))
		return bad(p, expected, v);
	out->v = xcalloc(json_array_size(v), sizeof(int));
	json_array_foreach(v, i, e) {
		int k;

		if (!json_is_integer(e) || json_integer_value(e) < lo || json_integer_value(e) > hi)
			return bad(p, expected, e);
		/* A value given twice is measured once (case ids are unique). */
		for (k = 0; k < out->n && out->v[k] != json_integer_value(e); k++)
			;
		if (k == out->n)
			out->v[out->n++] = json_integer_value(e);
	}
	return 0;
}

static int get_int(const struct parse *p, json_t *v, int lo, int hi, int *out)
{
	char expected[64];

	snprintf(expected, sizeof(expected), "an integer %d..%d", lo, hi);
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return bad(p, expected, v);
	*out = json_integer_value(v);
	return 0;
}

bool frame_stack_ok(int bytes)
{
	for (size_t k = 0; k < ARRAY_SIZE(frame_stacks); k++)
		if (frame_stacks[k] == bytes)
			return true;
	return false;
}

static int check_frame_stacks(const struct parse *p, json_t *v, const struct int_list *l)
{
	char expected[96] = "bytes per frame, each one of:";

	for (size_t i = 0; i < ARRAY_SIZE(frame_stacks); i++)
		snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), " %d",
			 frame_stacks[i]);
	for (int i = 0; i < l->n; i++)
		if (!frame_stack_ok(l->v[i]))
			return bad(p, expected, v);
	return 0;
}

static int get_benches(const struct parse *p, json_t *v, struct scenario *s)
{
	const struct bench *const *all;
	char expected[256] = "a list of benches from:";
	int nall, k;
	size_t i;
	json_t *e;

	all = bench_all(&nall);
	for (int b = 0; b < nall; b++)
		snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), " %s",
			 all[b]->name);
	if (!json_is_array(v) || !json_array_size(v))
		return bad(p, expected, v);
	s->benches = xcalloc(json_array_size(v), sizeof(*s->benches));
	s->nbenches = 0;
	json_array_foreach(v, i, e) {
		const struct bench *b = json_is_string(e) ? bench_find(json_string_value(e)) : NULL;

		if (!b)
			return bad(p, expected, e);
		for (k = 0; k < s->nbenches && s->benches[k] != b; k++)
			;
		if (k == s->nbenches)
			s->benches[s->nbenches++] = b;
	}
	return 0;
}

/* Fields that a scenario and its "quick" overrides may set. */
static int apply_fields(struct parse *p, json_t *obj, struct scenario *s, bool top)
{
	const char *key;
	json_t *v;
	int err = 0;

	json_object_foreach(obj, key, v) {
		p->field = key;
		if (!strcmp(key, "benches") && top)
			err = get_benches(p, v, s);
		else if (!strcmp(key, "description") && top)
			err = json_is_string(v) ? 0 : bad(p, "a string", v);
		else if (!strcmp(key, "quick") && top)
			err = json_is_object(v) ? 0 : bad(p, "an object of overrides", v);
		else if (!strcmp(key, "suite") && top)
			err = json_is_boolean(v) ? (s->suite = json_is_true(v), 0) :
						   bad(p, "true or false", v);
		else if (!strcmp(key, "prog_types"))
			err = get_string_list(p, v, model_prog_types, MODEL_NR_PROG_TYPES, &s->prog_types);
		else if (!strcmp(key, "key_modes"))
			err = get_string_list(p, v, model_key_modes, MODEL_NR_KEY_MODES, &s->key_modes);
		else if (!strcmp(key, "nest"))
			err = get_int_list(p, v, 0, TB_MAX_NEST, &s->nest);
		else if (!strcmp(key, "frame_stack"))
			err = get_int_list(p, v, 0, TB_MAX_FRAME_STACK, &s->frame_stack) ?:
				      check_frame_stacks(p, v, &s->frame_stack);
		else if (!strcmp(key, "depths"))
			err = get_int_list(p, v, 0, TB_DISPATCH_MAX, &s->depths);
		else if (!strcmp(key, "repeat"))
			err = get_int(p, v, 1, TB_MAX_REPEAT, &s->repeat);
		else if (!strcmp(key, "trials"))
			err = get_int(p, v, 1, TB_MAX_TRIALS, &s->trials);
		else if (!strcmp(key, "warmup"))
			err = get_int(p, v, 0, TB_MAX_WARMUP, &s->warmup);
		else
			err = bad(p, top ? "a known field (see scenarios/README.md)" :
					   "a field that quick may override", NULL);
		if (err)
			return err;
	}
	return 0;
}

/* Every bench must get at least one depth it supports. */
static bool bench_takes_depth(const struct bench *b, int depth)
{
	return depth >= b->min_depth && depth <= b->max_depth &&
	       (!b->depth_ok || b->depth_ok(depth));
}

static int check_depths(struct parse *p, const struct scenario *s)
{
	p->field = "depths";
	for (int b = 0; b < s->nbenches; b++) {
		const struct bench *bench = s->benches[b];
		int usable = 0;

		for (int i = 0; i < s->depths.n; i++)
			usable += bench_takes_depth(bench, s->depths.v[i]);
		if (!usable) {
			char expected[128];

			snprintf(expected, sizeof(expected), "at least one depth that bench %s supports (%d..%d)",
				 bench->name, bench->min_depth, bench->max_depth);
			return bad(p, expected, NULL);
		}
	}
	return 0;
}

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *name = xstrdup(b ? b + 1 : path);
	char *dot = strrchr(name, '.');

	if (dot && !strcmp(dot, ".json"))
		*dot = '\0';
	return name;
}

/* One mode's settings: the top level, and with quick its overrides. */
static int parse_mode(const char *path, json_t *root, bool quick, struct scenario *s)
{
	struct parse p = { .path = path, .prefix = "" };
	json_t *v;
	int err = -EINVAL;

	memset(s, 0, sizeof(*s));
	s->path = xstrdup(path);
	s->name = base_name(path);
	/* The name goes into every case id, and from there into dat files,
	 * plots and HTML: nothing in it may need quoting. */
	if (!model_name_ok(s->name)) {
		p.field = "(file name)";
		bad(&p, "a file name of 1..64 of A-Z a-z 0-9 . _ + - (not starting with . or -) "
			"before .json: it names the scenario in every result", NULL);
		goto out;
	}
	strlist_add(&s->prog_types, model_prog_types[0]);
	for (size_t i = 0; i < MODEL_NR_KEY_MODES; i++)
		strlist_add(&s->key_modes, model_key_modes[i]);
	s->nest.v = xcalloc(1, sizeof(int));
	s->nest.n = 1;
	s->frame_stack.v = xcalloc(1, sizeof(int));
	s->frame_stack.n = 1;
	parse_int_list("0..33", 0, TB_MAX_DEPTH, &s->depths.v, &s->depths.n);
	s->repeat = DEFAULT_REPEAT;
	s->trials = DEFAULT_TRIALS;
	s->warmup = DEFAULT_WARMUP;
	s->suite = true;

	if (apply_fields(&p, root, s, true))
		goto out;
	p.field = "benches";
	if (!s->benches) {
		bad(&p, "a list of benches (a required field)", NULL);
		goto out;
	}
	v = json_object_get(root, "description");
	p.field = "description";
	if (!v) {
		bad(&p, "a string (a required field)", NULL);
		goto out;
	}
	s->description = xstrdup(json_string_value(v));
	v = json_object_get(root, "quick");
	p.prefix = quick ? "quick: " : "";
	if (quick && apply_fields(&p, v, s, false))
		goto out;
	if (check_depths(&p, s))
		goto out;
	err = 0;
out:
	if (err)
		scenario_free(s);
	return err;
}

int scenario_load(const char *path, bool quick, struct scenario *s)
{
	struct scenario other;
	json_t *root;
	int err;

	memset(s, 0, sizeof(*s));
	root = json_load_or_say(path, JSON_REJECT_DUPLICATES);
	if (!root)
		return -EINVAL;
	if (!json_is_object(root)) {
		bad(&(struct parse){ .path = path, .prefix = "", .field = "(top level)" }, "an object",
		    root);
		err = -EINVAL;
		goto out;
	}
	/* The file is checked whole whichever mode runs: a slip in the quick
	 * overrides must not wait for the first --quick run to show. */
	err = parse_mode(path, root, false, s);
	if (!err && json_object_get(root, "quick")) {
		err = parse_mode(path, root, true, &other);
		if (err || quick)
			scenario_free(s);
		if (!err && quick)
			*s = other;
		else
			scenario_free(&other);
	}
out:
	json_decref(root);
	return err;
}

void scenario_free(struct scenario *s)
{
	free(s->name);
	free(s->path);
	free(s->description);
	free(s->benches);
	strlist_free(&s->prog_types);
	strlist_free(&s->key_modes);
	free(s->nest.v);
	free(s->frame_stack.v);
	free(s->depths.v);
	memset(s, 0, sizeof(*s));
}

char *scenario_path(const char *name_or_path, const char *dir)
{
	struct stat st;

	if (strchr(name_or_path, '/') || !stat(name_or_path, &st))
		return xstrdup(name_or_path);
	return xasprintf("%s/%s.json", dir, name_or_path);
}

int scenario_list(const char *dir, struct strlist *paths)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 5 && !strcmp(e->d_name + n - 5, ".json"))
			strlist_addf(paths, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	strlist_sort(paths);
	return 0;
}

static void add_case(const struct scenario *s, const struct bench *b, const char *type,
		     const char *mode, int nest, int stack, int depth, struct tb_case **cases,
		     int *n)
{
	struct tb_case *c;

	*cases = xrealloc(*cases, *n + 1, sizeof(**cases));
	c = &(*cases)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->scenario = s->name;
	c->bench = b;
	c->prog_type = type;
	c->key_mode = mode;
	c->nest = nest;
	c->frame_stack = stack;
	c->depth = depth;
	c->repeat = s->repeat;
	c->trials = s->trials;
	c->warmup = s->warmup;
	c->id = xasprintf("%s/%s/%s/%s/n%d/s%d/d%d", s->name, b->name, type, mode, nest, stack,
			  depth);
}

void scenario_expand(const struct scenario *s, struct tb_case **cases, int *ncases)
{
	static int zero;
	const struct int_list only_zero = { &zero, 1 };

	for (int b = 0; b < s->nbenches; b++) {
		const struct bench *bench = s->benches[b];
		const struct int_list *nests = bench->axes & AXIS_NEST ? &s->nest : &only_zero;
		const struct int_list *stacks = bench->axes & AXIS_STACK ? &s->frame_stack : &only_zero;
		int nmodes = bench->axes & AXIS_KEY_MODE ? s->key_modes.n : 1;
		int ntypes = bench->prog_type ? 1 : s->prog_types.n;

		for (int t = 0; t < ntypes; t++)
			for (int m = 0; m < nmodes; m++)
				for (int n = 0; n < nests->n; n++)
					for (int st = 0; st < stacks->n; st++)
						for (int d = 0; d < s->depths.n; d++) {
							if (!bench_takes_depth(bench, s->depths.v[d]))
								continue;
							add_case(s, bench,
								 bench->prog_type ? bench->prog_type :
									 s->prog_types.v[t],
								 bench->axes & AXIS_KEY_MODE ?
									 s->key_modes.v[m] :
									 bench->key_mode,
								 nests->v[n], stacks->v[st],
								 s->depths.v[d], cases, ncases);
						}
	}
}
