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
	const char *f = label + strspn(label, "0123456789.-+");
	size_t deb = strncmp(f, "deb", 3) ? 0 : 3 + strspn(f + 3, "0123456789.");

	/* Debian's revision ("+deb13-", "0.deb12.4-") is the version's, not
	 * the flavour's: 6.12.90+deb12 and 6.12.107+deb13 are one line. */
	return deb > 3 && f[deb] == '-' ? f + deb + 1 : f;
}

bool label_same_line(const char *a, const char *b)
{
	char sa[32], sb[32];

	label_series(a, sa, sizeof(sa));
	label_series(b, sb, sizeof(sb));
	return sa[0] && !strcmp(sa, sb) && !strcmp(label_flavour(a), label_flavour(b));
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

