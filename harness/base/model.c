// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "base/json.h"
#include "base/model.h"
#include "base/util.h"

static const struct clock_desc clocks[] = {
	{ "ns", "ns (test_run's own clock, per run)", "ns (test_run's clock)", "latency", false },
	{ "cycles", "cycles (PMU, kernel mode, per run)", "cycles (PMU)", "cycles", false },
	{ "insns", "guest instructions (test_run in the icount VM: 1 ns = 1 insn)",
	  "guest instructions (icount VM)", "instructions", true },
};

const char *const model_prog_types[MODEL_NR_PROG_TYPES] = { "xdp", "tc" };
const char *const model_key_modes[MODEL_NR_KEY_MODES] = { "static", "dynamic", "poisoned" };

bool model_is_one_of(const char *name, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

bool model_name_ok(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-");

	return n && !name[n] && n <= MODEL_NAME_MAX && name[0] != '.' && name[0] != '-';
}

const struct clock_desc *model_clock(const char *name)
{
	static __thread struct clock_desc unknown;

	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++)
		if (!strcmp(clocks[i].name, name))
			return &clocks[i];
	unknown = (struct clock_desc){ name, name, name, name, false };
	return &unknown;
}

bool model_exact_clock(const char *name)
{
	return model_clock(name)->exact;
}

char *model_family_key(json_t *item)
{
	return xasprintf("%s/%s/%s/%s/n%d/s%d", jstr(item, "scenario", "?"),
			 jstr(item, "bench", "?"), jstr(item, "prog_type", "?"),
			 jstr(item, "key_mode", "?"), jint(item, "nest", -1),
			 jint(item, "frame_stack", -1));
}

char *model_fit_name(json_t *fit)
{
	char *key = model_family_key(fit), *name = xasprintf("%s/per_hop", key);

	free(key);
	return name;
}

bool model_fit_point(json_t *c)
{
	return case_ok(c) && !strcmp(jstr(c, "depth_unit", ""), "hops") &&
	       jint(c, "depth", TB_MAX_DEPTH) <= TB_MAX_TAIL_CALLS;
}

double model_case_figure(json_t *c)
{
	json_t *stat = json_object_get(c, "stat");

	return jnum(stat, "agreed", jnum(stat, "median", NAN));
}

bool case_ok(json_t *c)
{
	return !strcmp(jstr(c, "status", ""), "ok");
}
