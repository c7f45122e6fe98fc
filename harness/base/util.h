/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers: logging, allocation, time, atomic file output. */
#ifndef TB_UTIL_H
#define TB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <jansson.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses every command shares. */
enum {
	TB_EXIT_OK = 0,
	TB_EXIT_FAIL = 1,	/* ran, but the answer is "no" (a regression, a failed run) */
	TB_EXIT_USAGE = 2,	/* bad input: nothing was run */
	TB_EXIT_INCONCLUSIVE = 3,	/* compare: the noise it knows of is too large to decide */
	/* Stopped by a signal, as a shell reports it (128 + the signal), after
	 * writing what was measured. */
	TB_EXIT_SIGINT = 130,
	TB_EXIT_SIGTERM = 143,
};

/* The build's git revision and clang (build/obj/version.c, generated). */
extern const char tb_rev[], tb_clang[];

extern int tb_verbose;		/* -v: pr_debug prints; -q: only warnings */
extern bool tb_json;	/* --json: list, show, compare, version print JSON, errors {"error": "..."} */

void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A command's answer as JSON on stdout (--json). */
void print_json(json_t *doc);
/* The one way a command reports why it failed. */
void p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What p_err said last ("" before it said anything), for a view that
 * reports one input's failure beside the others'. */
const char *p_err_last(void);

/* Allocation that cannot fail: out of memory says so and exits 1. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Where the BPF objects and scenario files are: $TB_OBJECTS, $TB_SCENARIOS,
 * else the binary's own (installed, or in its build tree), else build/progs
 * and scenarios under the current directory. */
const char *objects_dir(void);
const char *scenarios_dir(void);

uint64_t now_ns(void);		/* CLOCK_MONOTONIC */
int read_first_line(const char *path, char *buf, size_t len);

/*
 * Open a file for reading only if it is a regular file: a FIFO or a device
 * named as input would block or never end.  Returns the fd, or -EINVAL (not
 * a regular file), -EISDIR or another negative errno.
 */
int open_regular(const char *path);
/* json_load_file through open_regular; on its refusal jerr->line is -1 and
 * jerr->text says why. */
json_t *json_load_regular(const char *path, size_t flags, json_error_t *jerr);
/* The same, saying why (file, line and column) when it fails. */
json_t *json_load_or_say(const char *path, size_t flags);
/* Says what became of writing a what ("result") to path; returns err. */
int say_written(const char *path, int err, const char *what);

/* Whether s is valid UTF-8 (as JSON strings must be). */
bool utf8_valid(const char *s);
/* A copy of s with every byte that is not valid UTF-8 replaced by '?'. */
char *utf8_sanitize(const char *s);
/* A copy of s with every control character (C0, DEL, C1) replaced by '?',
 * so that a terminal shows it instead of obeying it; with keep_lines,
 * newlines and tabs stay. */
char *ctrl_sanitize(const char *s, bool keep_lines);
/* A copy of a document whose strings, keys included, hold no control
 * character (ctrl_sanitize): for a terminal. */
json_t *json_printable(json_t *v);

/*
 * Write a whole file atomically: to a temporary beside it, then link it into
 * place, which fails if the target exists, so a result is never overwritten.
 * Returns 0 or a negative errno (-EEXIST when the target is there).
 */
int write_file_atomic(const char *path, const char *data, size_t len);
/* The same into the place of an empty file claimed before (claim: its
 * stat, as lstat saw it), which it replaces only while it is still that
 * empty file: -EEXIST when path is anything else by then. */
int write_file_claimed(const char *path, const char *data, size_t len, const struct stat *claim);
/* All of data to fd, across short writes; 0 or a negative errno. */
int write_all(int fd, const char *data, size_t len);

/*
 * A whole string as a decimal integer in [lo, hi]: 0, -EINVAL when it is not
 * a number (blanks, trailing text, "0x"), -ERANGE when it is out of range.
 */
int parse_ll(const char *s, long long lo, long long hi, long long *v);
/* An option's value, as parse_ll; on error p_err names the option and range. */
int parse_opt_int(const char *opt, const char *s, int lo, int hi, int *v);

/* Parse "N" or "A..B" or "A..B:STEP" into a list of ints in [lo, hi]:
 * -EINVAL when malformed, -ERANGE when out of range. */
int parse_int_list(const char *s, int lo, int hi, int **out, int *n);

/* A growable list of owned strings. */
struct strlist {
	char **v;
	int n;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_addf(struct strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strlist_find(const struct strlist *l, const char *s);
/* The entry a typo of s most likely meant ("chian": "chain"), or NULL. */
const char *strlist_closest(const struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);	/* by strcmp */
void strlist_free(struct strlist *l);

/* S on OUT with < > & " ' as HTML entities: safe in elements and attributes. */
void html_escape(FILE *out, const char *s);

#endif
