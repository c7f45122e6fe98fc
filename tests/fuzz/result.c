// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: a result file, read and summarized as `show` does, and
 * exported in every format (the dat file is what plots read). */
#include <stdint.h>
#include <stdio.h>

#include "cmd/export.h"
#include "cmd/show.h"
#include "fuzz.h"
#include "result/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *path = fuzz_file(data, size);
	json_t *root = results_load(path);

	if (!null)
		null = fopen("/dev/null", "w");
	if (root) {
		show_summary(null, root, true, false);
		export_bmf.write(null, root, path);
		export_gab.write(null, root, path);
		export_dat.write(null, root, path);
	}
	json_decref(root);
	fuzz_file_done(path);
	return 0;
}
