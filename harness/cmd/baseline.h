/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baseline: where a kernel's committed baseline lives, DIR/<arch>/<kernel>.json
 * (docs/ci.md), named by the result's meta.arch and meta.kernel.
 */
#ifndef TB_BASELINE_H
#define TB_BASELINE_H

#include <jansson.h>

/* "ARCH/KERNEL" of a loaded result, or NULL (p_err says why) when either is
 * not usable as a file name. */
char *baseline_key(json_t *root, const char *path);
/* DIR/KEY.json */
char *baseline_path(const char *dir, const char *key);

#endif
