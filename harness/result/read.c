// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/model.h"
#include "base/util.h"
#include "result/read.h"

bool results_incomplete(json_t *root)
{
	return json_is_false(json_object_get(json_object_get(root, "meta"), "complete"));
}

/*
 * The shape of a result file, as tables: what results_load checks.  Fields
 * not named here are allowed (tailbench/1 grows by adding fields); named
 * ones must have their type wherever they appear.
 */
enum kind { K_STR, K_NUM, K_INT, K_BOOL, K_OBJ, K_ARR };

#define F_REQUIRED	(1u << 0)
#define F_NULLABLE	(1u << 1)	/* null stands for "not known" */
#define F_NONEMPTY	(1u << 2)	/* an array with at least one element */
#define F_MAP		(1u << 3)	/* an object whose every member is of kind elem */
#define F_NAME		(1u << 4)	/* K_STR: a name (model_name_ok) */

/* An integer's domain; none given: what an int holds, so that no reader
 * (jint) sees a value other than the file's. */
struct range {
	long long lo, hi;
};

struct field {
	const char *key;
	enum kind kind;
	unsigned int flags;
	enum kind elem;			/* K_ARR: the kind of its elements */
	const struct field *fields;	/* K_OBJ, or K_ARR of K_OBJ: their fields */
	struct range range;		/* K_INT, or K_ARR of K_INT */
};

#define RANGE(lo_, hi_) .range = { (lo_), (hi_) }
#define COUNT RANGE(0, INT_MAX)
#define DEPTH RANGE(0, MODEL_MAX_DEPTH)

#define REQ(k, kind_, ...) { k, kind_, F_REQUIRED, __VA_ARGS__ }
#define OPT(k, kind_, ...) { k, kind_, 0, __VA_ARGS__ }

static const struct field estimate_fields[] = {
	REQ("value", K_NUM), REQ("ci_low", K_NUM), REQ("ci_high", K_NUM), {}
};

static const struct field per_hop_fields[] = {
	REQ("value", K_NUM), REQ("ci_low", K_NUM), REQ("ci_high", K_NUM),
	OPT("interval", K_STR), OPT("rerun_low", K_NUM), OPT("rerun_high", K_NUM), {}
};

static const struct field segment_fields[] = {
	REQ("from", K_INT, DEPTH), REQ("to", K_INT, DEPTH),
	REQ("per_hop", K_OBJ, .fields = estimate_fields),
	OPT("base", K_NUM), OPT("r2", K_NUM), {}
};

static const struct field knee_fields[] = { REQ("depth", K_INT, DEPTH), REQ("jump", K_NUM), {} };
static const struct field residual_fields[] = { REQ("depth", K_INT, DEPTH), REQ("off", K_NUM), {} };
static const struct field regime_fields[] = {
	REQ("from_trial", K_INT, COUNT), REQ("to_trial", K_INT, COUNT), REQ("per_hop", K_NUM), {}
};

/* What makes a family key (model_family_key): cases and fits share it. */
#define FAMILY_FIELDS                                                                       \
	{ "scenario", K_STR, F_REQUIRED | F_NAME }, { "bench", K_STR, F_REQUIRED | F_NAME },  \
	{ "prog_type", K_STR, F_REQUIRED | F_NAME }, { "key_mode", K_STR, F_REQUIRED | F_NAME }, \
	REQ("nest", K_INT, RANGE(0, TB_MAX_NEST)),                                          \
	REQ("frame_stack", K_INT, RANGE(0, TB_MAX_FRAME_STACK))

static const struct field fit_fields[] = {
	FAMILY_FIELDS,
	REQ("per_hop", K_OBJ, .fields = per_hop_fields),
	OPT("base", K_NUM), OPT("r2", K_NUM), OPT("points", K_INT, COUNT),
	OPT("depths", K_ARR, .elem = K_INT, DEPTH), OPT("jited_per_hop", K_NUM),
	OPT("model", K_STR),
	OPT("segments", K_ARR, .elem = K_OBJ, .fields = segment_fields),
	OPT("knees", K_ARR, .elem = K_OBJ, .fields = knee_fields),
	OPT("residuals", K_ARR, .elem = K_OBJ, .fields = residual_fields),
	OPT("regimes", K_ARR, .elem = K_OBJ, .fields = regime_fields),
	{}
};

static const struct field case_fields[] = {
	REQ("id", K_STR), FAMILY_FIELDS, REQ("depth", K_INT, DEPTH),
	REQ("status", K_STR), {}
};

static const struct field stat_fields[] = {
	REQ("median", K_NUM), OPT("agreed", K_NUM), OPT("n", K_INT, COUNT), {}
};

static const struct field measured_fields[] = {
	{ "samples", K_ARR, F_REQUIRED | F_NONEMPTY, .elem = K_NUM },
	REQ("stat", K_OBJ, .fields = stat_fields),
	OPT("sample_runs", K_ARR, .elem = K_INT, COUNT),
	{}
};

/* An interrupted run writes the cases its trials never reached with no
 * samples (and no stat). */
static const struct field unreached_fields[] = {
	REQ("samples", K_ARR, .elem = K_NUM), OPT("sample_runs", K_ARR, .elem = K_INT, COUNT), {}
};

static const struct field skipped_fields[] = { REQ("reason", K_STR), {} };

static const struct field noise_profile_fields[] = {
	OPT("file", K_STR), OPT("runs", K_INT, RANGE(0, TB_MAX_RUNS)), OPT("time", K_STR), {}
};

static const struct field run_fields[] = {
	OPT("trials_done", K_INT, COUNT), OPT("trials_planned", K_INT, COUNT),
	OPT("interrupted", K_BOOL), OPT("runs", K_INT, RANGE(1, TB_MAX_RUNS)), {}
};

/* The kernel config options that change a hop path (result/mitig.h). */
static const struct field kconfig_fields[] = {
	REQ("source", K_STR), { "options", K_OBJ, F_REQUIRED | F_MAP, .elem = K_STR }, {}
};

static const struct field meta_fields[] = {
	REQ("clock", K_STR), REQ("kernel", K_STR), REQ("env", K_STR),
	OPT("complete", K_BOOL), OPT("run", K_OBJ, .fields = run_fields),
	OPT("pad", K_INT, RANGE(0, TB_MAX_PAD)),
	{ "noise_profile", K_OBJ, F_NULLABLE, .fields = noise_profile_fields },
	{ "vulnerabilities", K_OBJ, F_NULLABLE | F_MAP, .elem = K_STR },
	{ "kconfig", K_OBJ, F_NULLABLE, .fields = kconfig_fields },
	{}
};

/* hops[] (hop/hops_json.h): one family's hop path and its self-check. */
static const struct field hop_check_fields[] = {
	REQ("clock", K_STR), REQ("per_hop", K_NUM), OPT("diff", K_NUM), OPT("agrees", K_BOOL), {}
};

static const struct field hop_memory_fields[] = {
	REQ("loads", K_INT, COUNT), REQ("stores", K_INT, COUNT), REQ("stack_loads", K_INT, COUNT),
	REQ("stack_stores", K_INT, COUNT), REQ("access", K_ARR, .elem = K_STR), {}
};

static const struct field hop_fields[] = {
	REQ("family", K_STR), REQ("bench", K_STR),
	REQ("insns", K_ARR, .elem = K_STR), REQ("roles", K_ARR, .elem = K_STR),
	REQ("count", K_INT, COUNT), REQ("indirect", K_INT, COUNT), OPT("depth", K_INT, DEPTH),
	OPT("hop", K_INT, COUNT), OPT("steady", K_ARR, .elem = K_INT, COUNT), { "note", K_STR, F_NULLABLE },
	{ "check", K_OBJ, F_NULLABLE, .fields = hop_check_fields },
	OPT("memory", K_OBJ, .fields = hop_memory_fields),
	{}
};

static const struct field root_fields[] = {
	REQ("meta", K_OBJ, .fields = meta_fields),
	REQ("cases", K_ARR, .elem = K_OBJ, .fields = case_fields),
	OPT("fits", K_ARR, .elem = K_OBJ, .fields = fit_fields),
	OPT("hops", K_ARR, .elem = K_OBJ, .fields = hop_fields),
	{}
};

/* Where in the document a check is: a chain of keys and indices, spelled
 * out only when something is wrong there. */
struct where {
	const struct where *up;
	const char *key;	/* NULL: an array element */
	size_t idx;
};

static int where_str(const struct where *w, char *buf, size_t size)
{
	int n = w->up ? where_str(w->up, buf, size) : 0;

	if ((size_t)n >= size)
		return n;
	if (w->key)
		return n + snprintf(buf + n, size - n, "%s%s", n ? "." : "", w->key);
	return n + snprintf(buf + n, size - n, "[%zu]", w->idx);
}

struct check {
	const char *path;	/* the file */
	bool partial;		/* meta.complete is false */
	int runs;		/* meta.run.runs */
};

static void __attribute__((format(printf, 3, 4)))
bad(const struct check *ck, const struct where *w, const char *fmt, ...)
{
	char where[256], what[256];
	va_list ap;

	where_str(w, where, sizeof(where));
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	p_err("%s: %s: %s", ck->path, where, what);
}

static const char *kind_name(enum kind k)
{
	static const char *const names[] = {
		[K_STR] = "a string", [K_NUM] = "a number", [K_INT] = "an integer",
		[K_BOOL] = "true or false", [K_OBJ] = "an object", [K_ARR] = "an array",
	};

	return names[k];
}

static const char *json_kind_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a fractional number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static bool is_kind(json_t *v, enum kind k)
{
	switch (k) {
	case K_STR:
		return json_is_string(v);
	case K_NUM:	/* JSON has no NaN, but an overflowing literal may read as inf */
		return json_is_number(v) && isfinite(json_number_value(v));
	case K_INT:
		return json_is_integer(v);
	case K_BOOL:
		return json_is_boolean(v);
	case K_OBJ:
		return json_is_object(v);
	case K_ARR:
		return json_is_array(v);
	}
	return false;
}

static int check_fields(const struct check *ck, json_t *obj, const struct field *fields,
			const struct where *w);

/* v, found at w, against its kind (elements and members included). */
static int check_value(const struct check *ck, json_t *v, enum kind k, const struct field *f,
		       const struct where *w)
{
	json_t *e;
	size_t i;

	if (!is_kind(v, k)) {
		bad(ck, w, "expected %s, got %s", kind_name(k), json_kind_name(v));
		return -1;
	}
	if (k == K_OBJ && (f->flags & F_MAP)) {
		const char *key;

		json_object_foreach(v, key, e) {
			struct where at = { w, key };
			struct field elem = { .kind = f->elem };

			if (check_value(ck, e, f->elem, &elem, &at))
				return -1;
		}
		return 0;
	}
	if (k == K_INT) {
		struct range r = f->range.lo || f->range.hi ? f->range :
			(struct range){ INT_MIN, INT_MAX };

		if (json_integer_value(v) < r.lo || json_integer_value(v) > r.hi) {
			bad(ck, w, "%" JSON_INTEGER_FORMAT " is out of range (%lld..%lld)",
			    json_integer_value(v), r.lo, r.hi);
			return -1;
		}
	}
	/* The value itself is not repeated: it may hold anything. */
	if (k == K_STR && (f->flags & F_NAME) && !model_name_ok(json_string_value(v))) {
		bad(ck, w, "expected a name: 1..%d of A-Z a-z 0-9 . _ + -, not starting with . or -",
		    MODEL_NAME_MAX);
		return -1;
	}
	if (k == K_OBJ)
		return check_fields(ck, v, f->fields, w);
	if (k != K_ARR)
		return 0;
	if ((f->flags & F_NONEMPTY) && !json_array_size(v)) {
		bad(ck, w, "expected at least one element, got an empty array");
		return -1;
	}
	json_array_foreach(v, i, e) {
		struct where at = { w, NULL, i };
		struct field elem = { .kind = f->elem, .fields = f->fields, .range = f->range };

		if (check_value(ck, e, f->elem, &elem, &at))
			return -1;
	}
	return 0;
}

static int check_fields(const struct check *ck, json_t *obj, const struct field *fields,
			const struct where *w)
{
	for (const struct field *f = fields; f->key; f++) {
		json_t *v = json_object_get(obj, f->key);
		struct where at = { w, f->key };

		if (!v || (json_is_null(v) && (f->flags & F_NULLABLE))) {
			if (!v && (f->flags & F_REQUIRED)) {
				bad(ck, &at, "missing");
				return -1;
			}
			continue;
		}
		if (check_value(ck, v, f->kind, f, &at))
			return -1;
	}
	return 0;
}

/*
 * How many samples each run of a multi-run result gave a measured case: one
 * entry a run (fewer when interrupted), adding up to its samples.  Without
 * them the runs could not be told apart, and between-run figures (noise
 * profiles, intervals) would come out as no noise at all.
 */
static int check_sample_runs(const struct check *ck, json_t *c, const struct where *w)
{
	json_t *lens = json_object_get(c, "sample_runs"), *len;
	size_t n = json_array_size(lens), i, samples = json_array_size(json_object_get(c, "samples"));
	struct where at = { w, "sample_runs" };
	long long sum = 0;

	if (!lens) {
		if (ck->runs > 1 && !ck->partial) {
			bad(ck, &at, "missing: meta.run.runs is %d, and each measured case says how "
				     "many samples each run gave", ck->runs);
			return -1;
		}
		return 0;
	}
	if (n > (size_t)ck->runs || (!ck->partial && n != (size_t)ck->runs)) {
		bad(ck, &at, "%zu entries for %d runs (meta.run.runs)", n, ck->runs);
		return -1;
	}
	json_array_foreach(lens, i, len) {
		sum += json_integer_value(len);
		if (!ck->partial && !json_integer_value(len)) {
			struct where e = { &at, NULL, i };

			bad(ck, &e, "a run of a complete result gave no samples");
			return -1;
		}
	}
	if (sum != (long long)samples) {
		bad(ck, &at, "they add up to %lld samples, the case has %zu", sum, samples);
		return -1;
	}
	return 0;
}

/* A case's status decides what else it must have. */
static int check_case(const struct check *ck, json_t *c, const struct where *w)
{
	const char *status = jstr(c, "status", "");
	json_t *samples = json_object_get(c, "samples");
	const struct field *more;

	if (!strcmp(status, "skipped"))
		more = skipped_fields;
	else if (strcmp(status, "ok"))
		more = NULL;
	else if (ck->partial && json_is_array(samples) && !json_array_size(samples))
		more = unreached_fields;
	else
		more = measured_fields;
	if (!more) {
		struct where at = { w, "status" };

		bad(ck, &at, "expected \"ok\" or \"skipped\", got \"%s\"", status);
		return -1;
	}
	if (check_fields(ck, c, more, w))
		return -1;
	return more == skipped_fields ? 0 : check_sample_runs(ck, c, w);
}

/* By key, then by position in the file. */
static int cmp_entry(const void *a, const void *b)
{
	const struct result_entry *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : (x->pos > y->pos) - (x->pos < y->pos);
}

static struct result_entry *entries(json_t *arr, bool family, size_t *n)
{
	struct result_entry *e = xcalloc(json_array_size(arr) + 1, sizeof(*e));
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		e[i] = (struct result_entry){ family ? model_family_key(v) : jstr(v, "id", ""), v, i };
	*n = json_array_size(arr);
	qsort(e, *n, sizeof(*e), cmp_entry);
	return e;
}

void result_index_init(struct result_index *ix, json_t *root)
{
	json_t *cases = json_object_get(root, "cases");

	ix->by_id = entries(cases, false, &ix->ncases);
	ix->by_family = entries(cases, true, &ix->ncases);
	ix->fits = entries(json_object_get(root, "fits"), true, &ix->nfits);
}

void result_index_free(struct result_index *ix)
{
	for (size_t i = 0; i < ix->ncases; i++)
		free((char *)ix->by_family[i].key);
	for (size_t i = 0; i < ix->nfits; i++)
		free((char *)ix->fits[i].key);
	free(ix->by_id);
	free(ix->by_family);
	free(ix->fits);
	memset(ix, 0, sizeof(*ix));
}

/* The first entry with key, or NULL. */
static const struct result_entry *lower_bound(const struct result_entry *e, size_t n,
					      const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(e[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(e[lo].key, key) ? &e[lo] : NULL;
}

json_t *result_index_case(const struct result_index *ix, const char *id)
{
	const struct result_entry *e = lower_bound(ix->by_id, ix->ncases, id);

	return e ? e->item : NULL;
}

json_t *result_index_fit(const struct result_index *ix, const char *family)
{
	const struct result_entry *e = lower_bound(ix->fits, ix->nfits, family);

	return e ? e->item : NULL;
}

json_t *result_fit(json_t *root, const char *family)
{
	json_t *fit;
	size_t i;

	json_array_foreach(json_object_get(root, "fits"), i, fit) {
		char *key = model_family_key(fit);
		bool same = !strcmp(key, family);

		free(key);
		if (same)
			return fit;
	}
	return NULL;
}

const struct result_entry *result_index_family(const struct result_index *ix, const char *family,
					       size_t *n)
{
	const struct result_entry *e = lower_bound(ix->by_family, ix->ncases, family);
	const struct result_entry *end = ix->by_family + ix->ncases;

	*n = 0;
	while (e && e + *n < end && !strcmp(e[*n].key, family))
		(*n)++;
	return e;
}

/* Keys must be unique: two cases of one id, or two fits of one family,
 * would leave compare matching one of them by chance. */
static int check_unique(const struct check *ck, const struct result_entry *e, size_t n,
			const char *array, const char *what)
{
	for (size_t i = 1; i < n; i++)
		if (!strcmp(e[i - 1].key, e[i].key)) {
			p_err("%s: %s[%zu]: %s %s is already %s[%zu]", ck->path, array, e[i].pos,
			      what, e[i].key, array, e[i - 1].pos);
			return -1;
		}
	return 0;
}

static int check_result(struct check *ck, json_t *root)
{
	struct where top = { NULL, "cases" };
	struct result_index ix;
	json_t *c;
	size_t i;
	int err;

	if (check_fields(ck, root, root_fields, NULL))
		return -1;
	ck->runs = jint(json_object_get(json_object_get(root, "meta"), "run"), "runs", 1);
	json_array_foreach(json_object_get(root, "cases"), i, c) {
		struct where at = { &top, NULL, i };

		if (check_case(ck, c, &at))
			return -1;
	}
	top.key = "hops";
	json_array_foreach(json_object_get(root, "hops"), i, c) {
		struct where at = { &top, NULL, i };
		size_t n = json_array_size(json_object_get(c, "insns"));

		/* A path's count is its listing's length, role for role. */
		if ((size_t)jint(c, "count", -1) != n ||
		    json_array_size(json_object_get(c, "roles")) != n) {
			bad(ck, &at, "count %d, %zu instructions and %zu roles differ",
			    jint(c, "count", -1), n, json_array_size(json_object_get(c, "roles")));
			return -1;
		}
		if (json_object_get(c, "memory") &&
		    json_array_size(json_object_get(json_object_get(c, "memory"), "access")) != n) {
			bad(ck, &at, "memory.access has %zu entries for %zu instructions",
			    json_array_size(json_object_get(json_object_get(c, "memory"), "access")), n);
			return -1;
		}
	}
	result_index_init(&ix, root);
	err = check_unique(ck, ix.by_id, ix.ncases, "cases", "id") ?:
	      check_unique(ck, ix.fits, ix.nfits, "fits", "family");
	result_index_free(&ix);
	return err;
}

json_t *results_load_opts(const char *path, const struct results_load_opts *opts)
{
	static const struct results_load_opts defaults;
	json_t *root = json_load_or_say(path, 0), *run;
	struct check ck = { path };
	const char *schema;

	if (!opts)
		opts = &defaults;
	if (!root)
		return NULL;
	schema = jstr(root, "schema", NULL);
	if (!schema || strcmp(schema, TB_SCHEMA)) {
		p_err("%s: not a %s result file (schema: %s)", path, TB_SCHEMA,
		      schema ? schema : "missing");
		goto bad;
	}
	ck.partial = results_incomplete(root);
	if (check_result(&ck, root))
		goto bad;
	run = json_object_get(json_object_get(root, "meta"), "run");
	if (ck.partial && !opts->allow_incomplete) {
		p_err("%s is incomplete (interrupted after %d of %d trials): its figures are "
		      "partial; pass --allow-incomplete to use it anyway", path,
		      jint(run, "trials_done", -1), jint(run, "trials_planned", -1));
		goto bad;
	}
	return root;
bad:
	json_decref(root);
	return NULL;
}

json_t *results_load(const char *path)
{
	return results_load_opts(path, NULL);
}

char *result_kernel_name(json_t *root)
{
	json_t *meta = json_object_get(root, "meta");
	const char *kernel = jstr(meta, "kernel", "?");
	const char *options = jstr(json_object_get(meta, "vm"), "cmdline", "");

	return *options ? xasprintf("%s %s", kernel, options) : xstrdup(kernel);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void results_collect(const char *path, struct strlist *out)
{
	struct dirent **names;
	struct stat st;
	int n;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		strlist_add(out, path);
		return;
	}
	n = scandir(path, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		char *sub = xasprintf("%s/%s", path, name);

		if (name[0] == '.')
			;	/* hidden, and the folder itself and its parent */
		else if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			results_collect(sub, out);
		else if (len > 5 && !strcmp(name + len - 5, ".json"))
			strlist_add(out, sub);
		free(sub);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}
