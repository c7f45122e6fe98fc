// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/util.h"

int tb_verbose;
bool tb_json;

static void *check_alloc(void *p);

/* A message can quote a file's text: on a terminal its control characters
 * (escape sequences) are shown, not obeyed. */
static void put_message(const char *prefix, const char *msg)
{
	char *safe = isatty(STDERR_FILENO) ? ctrl_sanitize(msg, true) : NULL;

	fprintf(stderr, "%s%s\n", prefix, safe ? safe : msg);
	free(safe);
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		check_alloc(NULL);
	put_message(prefix, msg);
	free(msg);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("tailbench: warning: ", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	if (tb_verbose < 0)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;

	if (tb_verbose < 1)
		return;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (as JSON takes it: no overlong
 * forms, no surrogates, nothing past U+10FFFF), 0 when there is none. */
static size_t utf8_seq(const unsigned char *s)
{
	static const unsigned char lo2[] = { 0x80, 0xa0, 0x80, 0x80, 0x90, 0x80 };
	static const unsigned char hi2[] = { 0xbf, 0xbf, 0x9f, 0xbf, 0xbf, 0x8f };
	size_t n, k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	/* The second byte's range depends on the lead (E0, ED, F0, F4 narrow it). */
	k = s[0] == 0xe0 ? 1 : s[0] == 0xed ? 2 : s[0] == 0xf0 ? 4 : s[0] == 0xf4 ? 5 :
	    n == 4 ? 3 : 0;
	if (s[1] < lo2[k] || s[1] > hi2[k])
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

bool utf8_valid(const char *s)
{
	for (size_t n; *s; s += n)
		if (!(n = utf8_seq((const unsigned char *)s)))
			return false;
	return true;
}

char *utf8_sanitize(const char *s)
{
	char *out = xcalloc(strlen(s) + 1, 1), *o = out;

	for (size_t n; *s; s += n ? n : 1) {
		n = utf8_seq((const unsigned char *)s);
		if (n)
			o = mempcpy(o, s, n);
		else
			*o++ = '?';
	}
	return out;
}

char *ctrl_sanitize(const char *s, bool keep_lines)
{
	char *out = xstrdup(s);

	for (unsigned char *p = (unsigned char *)out; *p; p++) {
		/* C1 controls are U+0080..U+009F: C2 80..C2 9F in UTF-8. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			*p++ = '?', *p = '?';
		else if ((*p < 0x20 && !(keep_lines && (*p == '\n' || *p == '\t'))) || *p == 0x7f)
			*p = '?';
	}
	return out;
}

void print_json(json_t *doc)
{
	json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
}

static char last_err[1024];

const char *p_err_last(void)
{
	return last_err;
}

void p_err(const char *fmt, ...)
{
	va_list ap;
	char *msg = last_err;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(last_err), fmt, ap);
	va_end(ap);
	if (tb_json) {
		/* JSON strings are UTF-8: a file name that is not would leave
		 * json_pack nothing to print. */
		char *text = utf8_sanitize(msg);
		json_t *err = json_pack("{ss}", "error", text);

		free(text);

		json_dumpf(err, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(err);
	} else {
		put_message("tailbench: ", msg);
	}
}

/* Out of memory is a failure like any other (exit 1), not a crash: no
 * abort(), no core file. */
static void *check_alloc(void *p)
{
	if (!p) {
		fputs("tailbench: out of memory\n", stderr);
		exit(TB_EXIT_FAIL);
	}
	return p;
}

void *xmalloc(size_t size)
{
	return check_alloc(malloc(size ? size : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return check_alloc(NULL);
	return check_alloc(realloc(p, n && size ? n * size : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return check_alloc(n < 0 ? NULL : s);
}

static const char *env_or(const char *var, const char *dflt)
{
	const char *v = getenv(var);

	return v && *v ? v : dflt;
}

/*
 * The data of this binary, found from where it lies: installed (bin/ beside
 * share/tailbench/), in its build tree (build/ beside scenarios/), or in the
 * VM's payload, laid out like the tree.  The first layout whose objects are
 * there wins; else build/progs and scenarios under the current directory.
 */
static const char *data_dir(bool scenarios)
{
	static const char *const layouts[][2] = {
		{ "../share/tailbench/progs", "../share/tailbench/scenarios" },
		{ "progs", "../scenarios" },
		{ "build/progs", "scenarios" },
	};
	static char *found[2];
	char exe[PATH_MAX];
	ssize_t n;

	if (found[0])
		return found[scenarios];
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		*strrchr(exe, '/') = 0;
	}
	for (size_t i = 0; n > 0 && i < ARRAY_SIZE(layouts) && !found[0]; i++) {
		char *objects = xasprintf("%s/%s", exe, layouts[i][0]);
		char *other = xasprintf("%s/%s", exe, layouts[i][1]);
		struct stat st;

		if (!stat(objects, &st) && S_ISDIR(st.st_mode)) {
			found[0] = check_alloc(realpath(objects, NULL));
			found[1] = realpath(other, NULL);
			found[1] = found[1] ? found[1] : xstrdup(other);
		}
		free(objects);
		free(other);
	}
	if (!found[0]) {
		found[0] = xstrdup("build/progs");
		found[1] = xstrdup("scenarios");
	}
	return found[scenarios];
}

const char *objects_dir(void)
{
	return env_or("TB_OBJECTS", data_dir(false));
}

const char *scenarios_dir(void)
{
	return env_or("TB_SCENARIOS", data_dir(true));
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		close(fd);
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

json_t *json_load_regular(const char *path, size_t flags, json_error_t *jerr)
{
	int fd = open_regular(path);
	json_t *root;
	FILE *f;

	/* Through stdio: jansson reads a bare descriptor a byte a syscall. */
	f = fd < 0 ? NULL : fdopen(fd, "r");
	if (!f) {
		int err = fd < 0 ? -fd : errno;

		if (fd >= 0)
			close(fd);
		memset(jerr, 0, sizeof(*jerr));
		jerr->line = -1;
		snprintf(jerr->text, sizeof(jerr->text), "%s", err == EINVAL ?
			 "not a regular file" : strerror(err));
		return NULL;
	}
	root = json_loadf(f, flags, jerr);
	fclose(f);
	return root;
}

json_t *json_load_or_say(const char *path, size_t flags)
{
	json_error_t jerr;
	json_t *root = json_load_regular(path, flags, &jerr);

	if (root)
		return root;
	if (jerr.line < 0)
		p_err("%s: %s", path, jerr.text);
	else
		p_err("%s:%d:%d: not valid JSON: %s", path, jerr.line, jerr.column, jerr.text);
	return NULL;
}

int say_written(const char *path, int err, const char *what)
{
	if (err == -EEXIST)
		p_err("%s exists: a %s is never overwritten, choose another -o", path, what);
	else if (err)
		p_err("cannot write %s: %s", path, strerror(-err));
	else
		pr_info("%s written to %s", what, path);
	return err;
}

int read_first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int err = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, len, f))
		err = -EIO;
	else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return err;
}

int write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno != EINTR)
			return -errno;
		off += n > 0 ? n : 0;
	}
	return 0;
}

int write_file_claimed(const char *path, const char *data, size_t len, const struct stat *claim)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	struct stat now;
	int fd, err = 0;

	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = write_all(fd, data, len);
	if (!err && (fchmod(fd, 0644) || fsync(fd)))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	/* link(2), unlike rename(2), refuses to replace an existing file; a
	 * claim is replaced only while it is still the empty file made for it. */
	if (!err && !claim && link(tmp, path))
		err = -errno;
	if (!err && claim && (lstat(path, &now) || now.st_dev != claim->st_dev ||
			      now.st_ino != claim->st_ino || now.st_size))
		err = -EEXIST;
	if (!err && claim && rename(tmp, path))
		err = -errno;
	unlink(tmp);
out:
	free(tmp);
	return err;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	return write_file_claimed(path, data, len, NULL);
}

/*
 * A decimal integer at *s, optionally signed, with no leading blanks (strtoll
 * would skip them, and take "+5" and "0x" prefixes nobody means here).
 * Advances *s past it.  -EINVAL when there is none, -ERANGE outside [lo, hi].
 */
static int scan_ll(const char **s, long long lo, long long hi, long long *v)
{
	const char *p = *s + (**s == '-');
	char *end;
	long long x;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	errno = 0;
	x = strtoll(*s, &end, 10);
	if (errno == ERANGE || x < lo || x > hi)
		return -ERANGE;
	*s = end;
	*v = x;
	return 0;
}

int parse_ll(const char *s, long long lo, long long hi, long long *v)
{
	long long x;
	int err = scan_ll(&s, lo, hi, &x);

	if (!err && *s)
		err = -EINVAL;
	if (!err)
		*v = x;
	return err;
}

int parse_opt_int(const char *opt, const char *s, int lo, int hi, int *v)
{
	long long x;
	int err = parse_ll(s, lo, hi, &x);

	if (err == -EINVAL)
		p_err("%s: expected a number, got '%s'", opt, s);
	else if (err)
		p_err("%s: %s is out of range (%d..%d)", opt, s, lo, hi);
	else
		*v = x;
	return err;
}

int parse_int_list(const char *s, int lo, int hi, int **out, int *n)
{
	long long a, b, step = 1, count;

	if (scan_ll(&s, INT_MIN, INT_MAX, &a))
		return -EINVAL;
	b = a;
	if (!strncmp(s, "..", 2)) {
		s += 2;
		if (scan_ll(&s, INT_MIN, INT_MAX, &b))
			return -EINVAL;
		if (*s == ':') {
			s++;
			if (scan_ll(&s, 1, INT_MAX, &step))
				return -EINVAL;
		}
	}
	if (*s)
		return -EINVAL;
	if (a > b || a < lo || b > hi)
		return -ERANGE;
	/* In 64 bits: b - a and a + i * step cannot overflow, and the list
	 * holds at most hi - lo + 1 values whatever the step. */
	count = (b - a) / step + 1;
	*out = xcalloc(count + 1, sizeof(int));
	*n = 0;
	for (long long i = 0; i < count; i++)
		(*out)[(*n)++] = a + i * step;
	/* A stepped range still ends on its upper bound: the fit needs both ends. */
	if ((*out)[*n - 1] != b)
		(*out)[(*n)++] = b;
	return 0;
}

void strlist_add(struct strlist *l, const char *s)
{
	l->v = xrealloc(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

void strlist_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	l->v = xrealloc(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = check_alloc(s);
}

int strlist_find(const struct strlist *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return i;
	return -1;
}

/* Edits (insert, delete, replace, swap two neighbours) from a to b. */
static int edit_distance(const char *a, const char *b)
{
	int n = strlen(a), m = strlen(b), d;
	int *t = xcalloc((size_t)(n + 1) * (m + 1), sizeof(*t));

#define T(i, j) t[(i) * (m + 1) + (j)]
	for (int i = 0; i <= n; i++)
		for (int j = 0; j <= m; j++) {
			if (!i || !j) {
				T(i, j) = i + j;
				continue;
			}
			d = T(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			d = T(i - 1, j) + 1 < d ? T(i - 1, j) + 1 : d;
			d = T(i, j - 1) + 1 < d ? T(i, j - 1) + 1 : d;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    T(i - 2, j - 2) + 1 < d)
				d = T(i - 2, j - 2) + 1;
			T(i, j) = d;
		}
	d = T(n, m);
#undef T
	free(t);
	return d;
}

const char *strlist_closest(const struct strlist *l, const char *s)
{
	/* One slip in a short word, two in a longer one: past that a guess
	 * would mislead more than help. */
	int best = strlen(s) <= 3 ? 1 : 2, at = -1;

	for (int i = 0; i < l->n; i++) {
		int d = edit_distance(s, l->v[i]);

		if (d && d <= best && (at < 0 || d < best)) {
			best = d;
			at = i;
		}
	}
	return at < 0 ? NULL : l->v[at];
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	/* An empty list's v is NULL, which qsort may not be given. */
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

void strlist_free(struct strlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void html_escape(FILE *out, const char *s)
{
	static const char *const entity[256] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\''] = "&#39;",
	};

	for (; *s; s++)
		if (entity[(unsigned char)*s])
			fputs(entity[(unsigned char)*s], out);
		else
			fputc(*s, out);
}

/* A copy of a document whose strings, keys included, hold no control
 * character: text from a file must not drive the terminal it is shown on. */
json_t *json_printable(json_t *v)
{
	const char *key;
	json_t *out, *x;
	char *text;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		text = ctrl_sanitize(json_string_value(v), false);
		out = json_string(text);
		free(text);
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, json_printable(x));
		return out;
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach(v, key, x) {
			text = ctrl_sanitize(key, false);
			json_object_set_new(out, text, json_printable(x));
			free(text);
		}
		return out;
	default:
		return json_incref(v);
	}
}
