/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json: accessors that tolerate missing fields and wrong types, returning
 * the default instead.  Readers of checked results (result/read.h) and of
 * anything else in JSON use them.
 */
#ifndef TB_JSON_H
#define TB_JSON_H

#include <jansson.h>

const char *jstr(json_t *obj, const char *key, const char *dflt);
double jnum(json_t *obj, const char *key, double dflt);
int jint(json_t *obj, const char *key, int dflt);

#endif
