// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/label.h"
#include "base/util.h"

void label_series(const char *label, char *buf, size_t len)
{
	size_t i = 0;
	int dots = 0;

	while (label[i] && i + 1 < len && (isdigit((unsigned char)label[i]) ||
					    (label[i] == '.' && ++dots < 2)))
		i++;
	snprintf(buf, len, "%.*s", dots ? (int)i : 0, label);
}

const char *label_flavour(const char *label)
{
	const char *p = strchr(label, '-'), *q;

	if (!p)
		return label + strlen(label);
	/* The version is its first word and, where one follows, Debian's ABI
	 * number ("-50") or revision ("-0.deb12.4"); "+deb13" is in the first
	 * word already: 6.12.90+deb12 and 6.12.107+deb13 are one line. */
	p++;
	q = p + strspn(p, "0123456789");
	if (q > p && !strncmp(q, ".deb", 4))
		q += 4 + strspn(q + 4, "0123456789.");
	if (q > p && (*q == '-' || !*q))
		return *q ? q + 1 : q;
	return p;
}

/* Two labels' lines, series then flavour; *series: whether a has one. */
static int line_cmp(const char *a, const char *b, bool *series)
{
	char sa[32], sb[32];
	int d;

	label_series(a, sa, sizeof(sa));
	label_series(b, sb, sizeof(sb));
	*series = sa[0];
	d = strverscmp(sa, sb);
	return d ? d : strcmp(label_flavour(a), label_flavour(b));
}

int label_cmp(const char *a, const char *b)
{
	bool series;
	int d = line_cmp(a, b, &series);

	return d ? d : strverscmp(a, b);
}

bool label_same_line(const char *a, const char *b)
{
	bool series;

	return !line_cmp(a, b, &series) && series;
}

char *label_range(const char *first, const char *last)
{
	size_t a = strlen(first), b = strlen(last), k = 0;

	while (k < a && k < b && first[a - 1 - k] == last[b - 1 - k])
		k++;
	while (k && first[a - k] != '-' && first[a - k] != '+')
		k--;
	return xasprintf("%.*s \u2026 %s", (int)(a - k), first, last);
}

