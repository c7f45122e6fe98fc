// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench baseline DIR FILE...: each result stored as the baseline of its
 * kernel, DIR/<arch>/<kernel>.json, for a repository to commit.  VM counts
 * are exact, so a baseline is the kernel's answer, not a sample of it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "cmd/baseline.h"
#include "cmd/cmds.h"
#include "result/read.h"

/* A name that stays one path component. */
static bool name_ok(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-", *s))
			return false;
	return true;
}

char *baseline_key(json_t *root, const char *path)
{
	json_t *meta = json_object_get(root, "meta");
	const char *arch = jstr(meta, "arch", ""), *kernel = jstr(meta, "kernel", "");

	if (!name_ok(arch) || !name_ok(kernel)) {
		p_err("%s: meta.arch '%s' and meta.kernel '%s' cannot name a baseline file "
		      "(letters, digits, . _ + - only)", path, arch, kernel);
		return NULL;
	}
	return xasprintf("%s/%s", arch, kernel);
}

char *baseline_path(const char *dir, const char *key)
{
	return xasprintf("%s/%s.json", dir, key);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (*len = ftell(f)) != (size_t)-1 && !fseek(f, 0, SEEK_SET)) {
		buf = xcalloc(1, *len + 1);
		if (fread(buf, 1, *len, f) != *len) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* The result at src, byte for byte, as the baseline at dst: written beside
 * it, then renamed over the old one, which the repository's history keeps. */
static int store(const char *src, const char *dir, const char *key)
{
	char *dst = baseline_path(dir, key), *tmp = xasprintf("%s.XXXXXX", dst);
	char *sub = xasprintf("%s/%.*s", dir, (int)strcspn(key, "/"), key), *text = NULL;
	size_t len;
	int fd, err = 0;
	bool existed = !access(dst, F_OK);

	if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(sub, 0755) && errno != EEXIST)) {
		err = -errno;
		goto out;
	}
	text = slurp(src, &len);
	if (!text) {
		err = errno ? -errno : -EIO;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
	} else {
		if (write(fd, text, len) != (ssize_t)len || fsync(fd) || fchmod(fd, 0644))
			err = errno ? -errno : -EIO;
		close(fd);
		if (!err && rename(tmp, dst))
			err = -errno;
		if (err)
			unlink(tmp);
	}
	if (!err)
		printf("%s %s (from %s)\n", existed ? "replaced" : "new", dst, src);
out:
	if (err)
		p_err("cannot write the baseline %s: %s", dst, strerror(-err));
	free(text);
	free(sub);
	free(tmp);
	free(dst);
	return err;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench baseline DIR FILE|FOLDER...\n\n"
		   "Stores each result FILE (every *.json under a FOLDER) as the baseline of its\n"
		   "kernel, DIR/<arch>/<kernel>.json (meta.arch, meta.kernel), replacing the one\n"
		   "there: commit DIR, and\n"
		   "'tailbench summary --baselines DIR' gates later results against it.\n"
		   "A file that is not a complete result, or two of one kernel, store nothing.\n"
		   "exit status: 0 stored, 1 a file could not be written, 2 bad input.\n");
}

int do_baseline(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, {} };
	struct strlist keys = {}, files = {};
	int opt, ret = TB_EXIT_OK;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return TB_EXIT_OK;
		}
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	if (argc - optind < 2) {
		usage(stderr);
		return TB_EXIT_USAGE;
	}
	for (int i = optind + 1; i < argc; i++)
		results_collect(argv[i], &files);
	/* Every file checked before any is stored. */
	for (int i = 0; i < files.n; i++) {
		json_t *root = results_load(files.v[i]);
		char *key = root ? baseline_key(root, files.v[i]) : NULL;

		if (key && strlist_find(&keys, key) >= 0) {
			p_err("%s: a second result of %s among the files: which is the baseline?",
			      files.v[i], key);
			ret = TB_EXIT_USAGE;
		}
		if (!key)
			ret = TB_EXIT_USAGE;
		strlist_add(&keys, key ? key : "");
		free(key);
		json_decref(root);
	}
	if (!files.n) {
		p_err("no result file in %s", argv[optind + 1]);
		ret = TB_EXIT_USAGE;
	}
	for (int i = 0; i < files.n && ret == TB_EXIT_OK; i++)
		if (store(files.v[i], argv[optind], keys.v[i]))
			ret = TB_EXIT_FAIL;
	strlist_free(&keys);
	strlist_free(&files);
	return ret;
}
