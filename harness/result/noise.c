// SPDX-License-Identifier: GPL-2.0
/*
 * The noise profile's look-ups that run, reduce and compare use: reading
 * and checking a profile, matching it to a machine, a figure's spread.
 * The `noise` command that writes profiles is cmd/noise.c.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/model.h"
#include "base/stats.h"
#include "base/util.h"
#include "result/noise.h"
#include "result/read.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* What must match for a profile to describe a result's noise. */
const char *const noise_match_keys[NOISE_NR_MATCH_KEYS] = { "kernel", "env", "clock", "cpu" };

/* One figure's spread: over runs runs, a standard deviation of logs (null
 * where a value was not positive). */
static bool spread_ok(json_t *e)
{
	json_t *sd = json_object_get(e, "sd_log");
	json_int_t runs = json_integer_value(json_object_get(e, "runs"));

	return json_is_object(e) && json_is_integer(json_object_get(e, "runs")) &&
	       runs >= NOISE_MIN_RUNS && runs <= TB_MAX_RUNS &&
	       (json_is_null(sd) || (json_is_number(sd) && isfinite(json_number_value(sd)) &&
				     json_number_value(sd) >= 0));
}

/* What a profile must hold before anything uses it; NULL, or what is wrong. */
static const char *profile_problem(json_t *root, const char **where)
{
	static const char *const kinds[] = { "fits", "cases" };
	json_t *meta = json_object_get(root, "meta"), *e;
	json_int_t runs = json_integer_value(json_object_get(meta, "runs"));
	const char *key;

	*where = "";
	if (strcmp(jstr(root, "schema", ""), TB_NOISE_SCHEMA))
		return "not a " TB_NOISE_SCHEMA " noise profile";
	*where = "meta";
	if (!json_is_object(meta))
		return "expected an object";
	for (size_t i = 0; i < NOISE_NR_MATCH_KEYS; i++) {
		json_t *v = json_object_get(meta, noise_match_keys[i]);

		*where = noise_match_keys[i];
		/* A CPU the kernel would not name is null (measure/record.c's cpu_model). */
		if (!json_is_string(v) && !(json_is_null(v) && !strcmp(noise_match_keys[i], "cpu")))
			return "meta: expected a string: the machine the profile describes";
	}
	*where = "meta.runs";
	if (!json_is_integer(json_object_get(meta, "runs")) || runs < NOISE_MIN_RUNS ||
	    runs > TB_MAX_RUNS)
		return "expected the number of A/A runs, " STR(NOISE_MIN_RUNS) ".." STR(TB_MAX_RUNS);
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		json_t *all = json_object_get(root, kinds[i]);

		*where = kinds[i];
		if (!json_is_object(all) && (all || i == 0))
			return "expected an object";
		json_object_foreach(all, key, e) {
			*where = key;
			if (!spread_ok(e))
				return "expected {runs: " STR(NOISE_MIN_RUNS) ".." STR(TB_MAX_RUNS)
				       ", sd_log: a number >= 0 or null}";
		}
	}
	return NULL;
}

int noise_load(const char *path, struct noise_profile *np)
{
	json_t *root = json_load_or_say(path, 0);
	const char *problem, *where;

	memset(np, 0, sizeof(*np));
	if (!root)
		return -EINVAL;
	problem = profile_problem(root, &where);
	if (problem) {
		p_err("%s: %s%s%s", path, where, *where ? ": " : "", problem);
		json_decref(root);
		return -EINVAL;
	}
	np->root = root;
	np->path = xstrdup(path);
	return 0;
}

void noise_free(struct noise_profile *np)
{
	json_decref(np->root);
	json_decref(np->differs);
	free(np->path);
	memset(np, 0, sizeof(*np));
}

/* Equal values; a CPU the kernel does not name (null, arm64's) matches
 * only another such. */
static bool key_matches(json_t *profile_meta, json_t *meta, const char *key)
{
	json_t *a = json_object_get(profile_meta, key), *b = json_object_get(meta, key);

	return a && b && json_equal(a, b);
}

bool noise_same_machine(json_t *profile_meta, json_t *meta)
{
	for (size_t i = 0; i < NOISE_NR_MATCH_KEYS; i++)
		if (!key_matches(profile_meta, meta, noise_match_keys[i]))
			return false;
	return true;
}

int noise_match(struct noise_profile *np, json_t *meta, bool force)
{
	json_t *pm = json_object_get(np->root, "meta");

	for (size_t i = 0; i < NOISE_NR_MATCH_KEYS; i++) {
		const char *k = noise_match_keys[i];

		if (key_matches(pm, meta, k))
			continue;
		if (!force) {
			p_err("%s describes another machine: its meta.%s is %s, here %s; its noise "
			      "would not be this one's (--force-noise to use it anyway)", np->path,
			      k, jstr(pm, k, "unknown"), jstr(meta, k, "unknown"));
			return -EINVAL;
		}
		pr_warn("%s: using a profile of meta.%s %s for %s, as --force-noise asks",
			np->path, k, jstr(pm, k, "unknown"), jstr(meta, k, "unknown"));
		if (!np->differs)
			np->differs = json_array();
		json_array_append_new(np->differs, json_string(k));
	}
	return 0;
}

int noise_find(const char *dir, json_t *meta, struct noise_profile *np)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char newest[64] = "";

	memset(np, 0, sizeof(*np));
	while (d && (e = readdir(d))) {
		json_error_t jerr;
		const char *where;
		char *path;
		json_t *root, *pm;

		if (strncmp(e->d_name, "noise-", 6) || !strstr(e->d_name, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		/* Regular files only: a FIFO here must not block a run. */
		root = json_load_regular(path, 0, &jerr);
		pm = json_object_get(root, "meta");
		if (root && profile_problem(root, &where)) {
			pr_warn("%s is not a valid noise profile (%s): not used", path, where);
		} else if (root && noise_same_machine(pm, meta) &&
			   strcmp(jstr(pm, "time", ""), newest) > 0) {
			snprintf(newest, sizeof(newest), "%s", jstr(pm, "time", ""));
			noise_free(np);
			np->root = json_incref(root);
			np->path = xstrdup(path);
		}
		json_decref(root);
		free(path);
	}
	if (d)
		closedir(d);
	return np->root ? 0 : -ENOENT;
}

double noise_sd(const struct noise_profile *np, const char *kind, const char *key, int *runs)
{
	json_t *entry;

	if (!np || !np->root)
		return NAN;
	entry = json_object_get(json_object_get(np->root, kind), key);
	*runs = jint(entry, "runs", 0);
	return *runs >= NOISE_MIN_RUNS ? jnum(entry, "sd_log", NAN) : NAN;
}

double noise_rerun_half(double sd, int runs)
{
	return stats_t975(runs - 1) * M_SQRT2 * sd;
}

json_t *noise_meta(const struct noise_profile *np)
{
	json_t *pm, *j;

	if (!np || !np->root)
		return json_null();
	pm = json_object_get(np->root, "meta");
	j = json_pack("{ss si ss sb}", "file", np->path, "runs", jint(pm, "runs", 0), "time",
		      jstr(pm, "time", "?"), "quick", json_is_true(json_object_get(pm, "quick")));
	/* Forced across a machine's keys: which, so that readers can tell. */
	if (np->differs)
		json_object_set(j, "forced", np->differs);
	return j;
}
