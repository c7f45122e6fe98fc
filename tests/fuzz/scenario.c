// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a scenario file, read in both modes and expanded into
 * cases, and the same bytes as an integer range ("0..33:3").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "measure/runner.h"
#include "measure/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file(data, size), *text = strndup((const char *)data, size);
	int *v = NULL, n = 0;

	for (int quick = 0; quick < 2; quick++) {
		struct tb_case *cases = NULL;
		struct scenario s;
		int ncases = 0;

		if (scenario_load(path, quick, &s))
			continue;
		scenario_expand(&s, &cases, &ncases);
		runner_free(cases, ncases);
		scenario_free(&s);
	}
	if (!parse_int_list(text, 0, 64, &v, &n))
		free(v);
	free(text);
	fuzz_file_done(path);
	return 0;
}
