// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a result's hop paths as `tailbench explain` reads them:
 * alone, against itself, and as the report's HTML.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd/cmds.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_file(data, size);
	char *one[] = { "explain", "--check", path, NULL };
	char *two[] = { "explain", path, path, NULL };
	char *html[] = { "explain", "--html", path, path, NULL };

	/* What explain prints is not what is fuzzed. */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	optind = 0;
	do_explain(3, one);
	optind = 0;
	do_explain(3, two);
	optind = 0;
	do_explain(4, html);
	fuzz_file_done(path);
	return 0;
}
