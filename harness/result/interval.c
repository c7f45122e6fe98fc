// SPDX-License-Identifier: GPL-2.0
/* The kinds of interval a result's figures carry (result/interval.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "result/interval.h"
#include "result/read.h"

struct interval interval_of(json_t *meta, json_t *per_hop, bool rerun)
{
	struct interval iv = { "within-run", jnum(per_hop, "value", NAN),
			       jnum(per_hop, "ci_low", NAN), jnum(per_hop, "ci_high", NAN) };
	const char *stored = jstr(per_hop, "interval", NULL);

	bool exact = model_exact_clock(jstr(meta, "clock", "?"));

	if (exact && !stored)
		/* Made before the field: exact where a whole count the bounds
		 * agree on, else a line that did not hold. */
		iv.kind = iv.value == rint(iv.value) && iv.low == iv.high ? "exact" : "wrong slope";
	else if (stored && (!strcmp(stored, "wrong slope") || !strcmp(stored, "exact")))
		iv.kind = !strcmp(stored, "exact") ? "exact" : "wrong slope";
	else if (rerun && json_object_get(per_hop, "rerun_low")) {
		iv.kind = "rerun";
		iv.low = jnum(per_hop, "rerun_low", NAN);
		iv.high = jnum(per_hop, "rerun_high", NAN);
	} else if ((stored && !strcmp(stored, "between-runs")) ||
		   (!stored && jint(json_object_get(meta, "run"), "runs", 1) > 1)) {
		iv.kind = "between-runs";
	}
	return iv;
}

void interval_format(char *buf, size_t len, const struct interval *iv, int decimals)
{
	if (!strcmp(iv->kind, "exact"))
		snprintf(buf, len, "%.0f", iv->value);
	else
		snprintf(buf, len, "%.*f [%.*f, %.*f]", decimals, iv->value, decimals, iv->low,
			 decimals, iv->high);
}

const char *interval_label(const char *kind)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {
		{ "exact", "exact count" },
		{ "rerun", "rerun 95% (noise profile)" },
		{ "between-runs", "between-runs 95% bootstrap CI" },
		{ "within-run", "within-run 95% bootstrap CI" },
		{ "wrong slope", "wrong slope: not exact" },
		{ "mixed", "of several kinds (tailbench show has each fit's)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (!strcmp(labels[i].kind, kind))
			return labels[i].label;
	return kind;
}

const char *interval_result_kind(json_t *root)
{
	json_t *meta = json_object_get(root, "meta"), *fit;
	const char *kind = "none", *k;
	size_t i;

	/* Every fit's: one wrong-slope fit among exact ones makes the
	 * result's figures no longer all exact. */
	json_array_foreach(json_object_get(root, "fits"), i, fit) {
		k = interval_of(meta, json_object_get(fit, "per_hop"), false).kind;
		if (!i)
			kind = k;
		else if (strcmp(kind, k))
			return "mixed";
	}
	return kind;
}
