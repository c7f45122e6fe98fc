// SPDX-License-Identifier: GPL-2.0
/* Writing a result: atomically, never over a file, and never lost. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "result/read.h"
#include "result/save.h"

static char *default_path(json_t *root, const char *dir)
{
	json_t *meta = json_object_get(root, "meta");
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	return xasprintf("%s/%s-%s-%s.json", dir, jstr(meta, "kernel", "unknown"),
			 jstr(meta, "env", "native"), stamp);
}

bool results_is_stream(const char *path)
{
	struct stat st;

	return !stat(path, &st) && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

int results_claim(const char *path, struct results_claim *c)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644), err = 0;

	memset(c, 0, sizeof(*c));
	if (fd < 0 || fstat(fd, &c->st))
		err = -errno;
	if (fd >= 0)
		close(fd);
	if (err == -EEXIST)
		p_err("%s exists: results are never overwritten, choose another -o", path);
	else if (err)
		p_err("cannot claim -o %s before measuring: %s", path, strerror(-err));
	else
		c->path = xstrdup(path);
	return err;
}

void results_unclaim(struct results_claim *c)
{
	struct stat now;

	if (c->path && !c->saved && !lstat(c->path, &now) && now.st_dev == c->st.st_dev &&
	    now.st_ino == c->st.st_ino && !now.st_size)
		unlink(c->path);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* Into stdout ("-") or an existing device or FIFO, as it is. */
static int write_stream(const char *path, const char *text)
{
	int err = 0, fd;

	if (!strcmp(path, "-")) {
		fputs(text, stdout);
		fputc('\n', stdout);
		return fflush(stdout) ? -errno : 0;
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = write_all(fd, text, strlen(text)) ?: write_all(fd, "\n", 1);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Into a new file; 0 or a negative errno. */
static int write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), err;

	if (fd < 0)
		return -errno;
	err = write_all(fd, data, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/*
 * A result whose target refused it, kept where it can be found, in a new
 * folder of $TMPDIR (often another file system than a full one); in parts
 * that each fit when a file size limit (ulimit -f) refused it.
 */
static void rescue(const char *text, const char *target, int err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/tailbench-unsaved-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	size_t len = strlen(text), part = len, nparts = 1;
	struct rlimit fsize;
	int err2 = mkdtemp(dir) ? 0 : -errno;

	if (!getrlimit(RLIMIT_FSIZE, &fsize) && fsize.rlim_cur != RLIM_INFINITY &&
	    fsize.rlim_cur < len) {
		part = fsize.rlim_cur ? fsize.rlim_cur : 1;
		nparts = (len + part - 1) / part;
	}
	for (size_t i = 0; !err2 && i < nparts; i++) {
		char *path = nparts == 1 ? xasprintf("%s/result.json", dir) :
					   xasprintf("%s/result.json.%06zu", dir, i + 1);

		err2 = write_new(path, text + i * part, i + 1 < nparts ? part : len - i * part);
		free(path);
	}
	if (err2)
		p_err("cannot write %s: %s, nor a copy in %s: %s; the result is lost", target,
		      strerror(-err), dir, strerror(-err2));
	else if (nparts == 1)
		p_err("cannot write %s: %s; the result is kept in %s/result.json", target,
		      err == -EEXIST ? "its claimed empty file was replaced meanwhile" :
		      strerror(-err), dir);
	else
		p_err("cannot write %s: %s; the result is kept in %s as %zu parts under the file "
		      "size limit (cat %s/result.json.* > result.json)", target, strerror(-err), dir,
		      nparts, dir);
	free(dir);
}

int results_save(json_t *root, const char *path, const char *dir, struct results_claim *claim)
{
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	char *target = path ? xstrdup(path) : default_path(root, dir);
	sigset_t stop, old;
	int err = 0;

	/* A second Ctrl-C while writing waits until the file is whole (or
	 * stdout has all of it) and the temporary is gone. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (!text) {
		err = -ENOMEM;
		goto out;
	}
	if (!strcmp(target, "-") || results_is_stream(target)) {
		err = write_stream(target, text);
	} else if (claim && claim->path) {
		err = write_file_claimed(target, text, strlen(text), &claim->st);
		claim->saved = !err;
	} else {
		if (!path)
			mkdir(dir, 0755);
		/* Two runs in one second: the default name gets a suffix. */
		for (int i = 1; (err = write_file_atomic(target, text, strlen(text))) == -EEXIST &&
				!path; i++) {
			char *base = default_path(root, dir);

			free(target);
			base[strlen(base) - 5] = '\0';
			target = xasprintf("%s-%d.json", base, i);
			free(base);
		}
	}
	if (err && claim)
		rescue(text, target, err);
	else if (strcmp(target, "-"))
		say_written(target, err, "result");
	else if (err)
		p_err("cannot write the result to stdout: %s", strerror(-err));
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(text);
	free(target);
	return err;
}
