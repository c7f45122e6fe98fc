// SPDX-License-Identifier: GPL-2.0
/* json: accessors of jansson objects that tolerate missing fields. */
#include <limits.h>

#include "base/json.h"

const char *jstr(json_t *obj, const char *key, const char *dflt)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : dflt;
}

double jnum(json_t *obj, const char *key, double dflt)
{
	json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? json_number_value(v) : dflt;
}

int jint(json_t *obj, const char *key, int dflt)
{
	json_t *v = json_object_get(obj, key);
	json_int_t x = json_integer_value(v);

	/* A value an int cannot hold is not read as some other int. */
	return json_is_integer(v) && x >= INT_MIN && x <= INT_MAX ? (int)x : dflt;
}
