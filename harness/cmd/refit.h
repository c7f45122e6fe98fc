/* SPDX-License-Identifier: GPL-2.0 */
/* refit: a loaded result's figures reduced again by this build. */
#ifndef TB_REFIT_H
#define TB_REFIT_H

#include <stdint.h>

#include <jansson.h>

/* Reduces root's cases again, in place, with the noise profile named (NULL:
 * the one root recorded; "none": none).  -1 when the profile cannot be
 * loaded (p_err says why). */
int refit_result(json_t *root, const char *noise, uint64_t seed);

#endif
