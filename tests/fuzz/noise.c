// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a noise profile, read, matched and looked up as run and
 * compare use it; and the same bytes as the one result `tailbench noise`
 * splits into its runs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "fuzz.h"
#include "result/noise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/tb-fuzz-noise.XXXXXX";
	static char *out;
	char *path = fuzz_file(data, size), *argv[] = { "noise", "-o", NULL, path, NULL };
	struct noise_profile np;

	if (!out && mkdtemp(dir))
		out = xasprintf("%s/profile.json", dir);
	if (!noise_load(path, &np)) {
		json_t *meta = json_object_get(np.root, "meta"), *elsewhere = json_object(), *e;
		const char *key;
		int runs;

		json_object_foreach(json_object_get(np.root, "fits"), key, e)
			noise_rerun_half(noise_sd(&np, "fits", key, &runs), runs);
		noise_match(&np, meta, false);
		noise_match(&np, elsewhere, true);
		json_decref(elsewhere);
		json_decref(noise_meta(&np));
		noise_free(&np);
	}
	argv[2] = out;
	optind = 0;
	do_noise(4, argv);
	unlink(out);
	fuzz_file_done(path);
	return 0;
}
