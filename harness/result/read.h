/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result_read: reading tailbench/1 result files (results/README.md)
 * for show, compare, export and plots.  Pulls in nothing of the runner.
 *
 * results_load() checks a document deeply before anyone reads it: a gate
 * must never pass on a figure it could not read.  Once it returned a root,
 * every field it checks is there with its type, so readers may use the
 * accessors below without second-guessing.
 */
#ifndef TB_RESULT_READ_H
#define TB_RESULT_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/json.h"

#define TB_SCHEMA "tailbench/1"

struct results_load_opts {
	/* Accept a run that was interrupted (meta.complete false); its ok
	 * cases may then have no samples yet.  Refused by default. */
	bool allow_incomplete;
};

/*
 * Read and check a result file; NULL after saying what is wrong and where
 * ("FILE: cases[12].samples[3]: expected a number, got a string").
 * opts NULL: the defaults.
 */
json_t *results_load_opts(const char *path, const struct results_load_opts *opts);
/* The same with the defaults: complete results only. */
json_t *results_load(const char *path);
/* A loaded result is of an interrupted run. */
bool results_incomplete(json_t *root);

/* Result files named on a command line: PATH itself, or every *.json under
 * the folder PATH (a CI's downloaded artifacts), in name order. */
struct strlist;
void results_collect(const char *path, struct strlist *out);

/* The kernel a result is of, as people name it: meta.kernel, then the boot
 * options the VM added (meta.vm.cmdline) if any: "6.12.94 mitigations=off".
 * The caller frees it. */
char *result_kernel_name(json_t *root);

/*
 * Lookups into one loaded result in O(log n): cases by id, fits by family
 * key (model_family_key), and the cases of a family.  It borrows the json
 * of root, which must outlive it.
 */
struct result_entry {
	const char *key;
	json_t *item;
	size_t pos;	/* in its array */
};

struct result_index {
	struct result_entry *by_id;	/* cases, by id */
	struct result_entry *by_family;	/* cases, by family, then in file order */
	struct result_entry *fits;	/* fits, by family */
	size_t ncases, nfits;
};

void result_index_init(struct result_index *ix, json_t *root);
void result_index_free(struct result_index *ix);
json_t *result_index_case(const struct result_index *ix, const char *id);
json_t *result_index_fit(const struct result_index *ix, const char *family);
/* The fit of a family in root, or NULL: a look-up without an index, for a
 * caller that needs one or two. */
json_t *result_fit(json_t *root, const char *family);
/* The cases of a family in file order: *n entries from the one returned
 * (NULL and 0 when it has none). */
const struct result_entry *result_index_family(const struct result_index *ix, const char *family,
					       size_t *n);

#endif
