// SPDX-License-Identifier: GPL-2.0
/* A hop path against its measured per-hop figure (result/hop_check.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "result/hop_check.h"
#include "result/read.h"

/* In an exact clock the path and the figure must be equal; a difference is
 * reported, never adjusted.  An incomplete path (a note) never agrees. */
json_t *hop_check(json_t *root, json_t *hop)
{
	const char *clock = jstr(json_object_get(root, "meta"), "clock", "?");
	json_t *fit = result_fit(root, jstr(hop, "family", ""));
	json_t *ph = fit ? json_object_get(fit, "per_hop") : NULL;
	int count = jint(hop, "count", 0);
	json_t *j;
	double v;

	if (!ph || !json_is_number(json_object_get(ph, "value")))
		return json_null();
	v = jnum(ph, "value", 0);
	j = json_pack("{ss sf}", "clock", clock, "per_hop", v);
	if (model_exact_clock(clock)) {
		json_object_set_new(j, "diff", json_real(count - v));
		json_object_set_new(j, "agrees", json_boolean(!json_is_string(json_object_get(hop, "note")) &&
							       fabs(count - v) < 1e-6));
	}
	return j;
}

int hop_check_all(json_t *root)
{
	json_t *hop;
	size_t i;
	int changed = 0;

	json_array_foreach(json_object_get(root, "hops"), i, hop) {
		json_t *now = hop_check(root, hop), *was = json_object_get(hop, "check");

		changed += json_is_boolean(json_object_get(was, "agrees")) &&
			   json_is_true(json_object_get(was, "agrees")) !=
				   json_is_true(json_object_get(now, "agrees"));
		json_object_set_new(hop, "check", now);
	}
	return changed;
}
