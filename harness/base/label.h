/* SPDX-License-Identifier: GPL-2.0 */
/*
 * label: kernel labels as tables of many kernels fold them: the series
 * ("6.12" of "6.12.100+deb13-cloud-amd64"), the flavour after the version,
 * and a range of a line of them.
 */
#ifndef TB_LABEL_H
#define TB_LABEL_H

#include <stdbool.h>
#include <stddef.h>

/* "6.12" of "6.12.100+deb13-cloud-amd64"; "" when it starts otherwise. */
void label_series(const char *label, char *buf, size_t len);
/* What follows the version: "cloud-amd64" of "6.1.0-30-cloud-amd64" and of
 * "6.12.90+deb12-cloud-amd64" (Debian's revision is the version's). */
const char *label_flavour(const char *label);
/* One series and one flavour: kernels a table may fold into a range. */
bool label_same_line(const char *a, const char *b);
/* "FIRST … LAST", FIRST short of the suffix both share from a '-' or '+';
 * the caller frees it. */
char *label_range(const char *first, const char *last);

#endif
