/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktext: the live kernel's text (/proc/kcore) and its text symbols
 * (/proc/kallsyms), for the thunks and helpers a hop path steps into.
 * Each is opened on first use and kept.
 */
#ifndef TB_KTEXT_H
#define TB_KTEXT_H

#include <stddef.h>
#include <stdint.h>

/* len bytes of kernel text at addr: 0, -ENOENT where kcore has none, -EIO. */
int ktext_read(uint64_t addr, uint8_t *buf, size_t len);
/* The text symbol at or before addr (the function holding it), or NULL. */
const char *ktext_symbol(uint64_t addr);

#endif
