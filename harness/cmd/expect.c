// SPDX-License-Identifier: GPL-2.0
/* compare --expect: a predicted change of exact counts (cmd/expect.h). */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "base/util.h"
#include "cmd/cmds.h"
#include "cmd/expect.h"
#include "result/read.h"

int expect_parse(char *arg, struct expect *e)
{
	char *eq = strrchr(arg, '='), *end;

	if (!eq || eq == arg || !eq[1]) {
		p_err("--expect: expected GLOB=+N (a family glob and a change per hop), got '%s'", arg);
		return -1;
	}
	e->diff = strtod(eq + 1, &end);
	if (*end || !isfinite(e->diff)) {
		p_err("--expect %s: '%s' is not a number of instructions", arg, eq + 1);
		return -1;
	}
	*eq = '\0';
	e->glob = arg;
	return 0;
}

static double expected(const char *family, const struct expect *e, int n)
{
	for (int i = 0; i < n; i++)
		if (!fnmatch(e[i].glob, family, 0))
			return e[i].diff;
	return 0;
}

int expect_check(FILE *f, json_t *base, json_t *new, const struct expect *e, int n)
{
	const char *clocks[] = { jstr(json_object_get(base, "meta"), "clock", "?"),
				 jstr(json_object_get(new, "meta"), "clock", "?") };
	json_t *fit;
	size_t i;
	int wrong = 0, unmatched = 0, nfits = json_array_size(json_object_get(base, "fits"));

	for (int k = 0; k < 2; k++)
		if (!model_exact_clock(clocks[k])) {
			p_err("compare --expect: needs exact counts (clock insns), and %s is %s",
			      k ? "NEW" : "BASE", clocks[k]);
			return TB_EXIT_USAGE;
		}
	fprintf(f, "\n%-45s %8s %8s %6s %8s\n", "family", "base", "new", "diff", "expected");
	json_array_foreach(json_object_get(base, "fits"), i, fit) {
		char *family = model_family_key(fit);
		json_t *other = result_fit(new, family);
		double want = expected(family, e, n);
		double a = jnum(json_object_get(fit, "per_hop"), "value", NAN);
		double b = jnum(json_object_get(other, "per_hop"), "value", NAN);
		bool ok = other && fabs(b - a - want) < 1e-6;

		if (!other)
			fprintf(f, "%-45s %8.2f %8s %6s %+8g  WRONG: not in NEW\n", family, a, "-", "-",
				want);
		else
			fprintf(f, "%-45s %8.2f %8.2f %+6.2f %+8g%s\n", family, a, b, b - a, want,
				ok ? "" : "  WRONG");
		wrong += !ok;
		free(family);
	}
	/* A glob that matches nothing predicts nothing: a typo, not a pass. */
	for (int k = 0; k < n; k++) {
		bool any = false;

		json_array_foreach(json_object_get(base, "fits"), i, fit) {
			char *family = model_family_key(fit);

			any |= !fnmatch(e[k].glob, family, 0);
			free(family);
		}
		if (!any) {
			fprintf(f, "--expect %s=%+g: no family of BASE matches it\n", e[k].glob, e[k].diff);
			unmatched++;
		}
	}
	fprintf(f, "%s: %d of %d families changed as expected\n",
		wrong || unmatched ? "the effect is NOT as expected" : "the effect is as expected",
		nfits - wrong, nfits);
	return wrong || unmatched ? TB_EXIT_FAIL : TB_EXIT_OK;
}
