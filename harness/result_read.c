// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "result_read.h"
#include "util.h"

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

	return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

bool case_ok(json_t *c)
{
	return !strcmp(jstr(c, "status", ""), "ok");
}

json_t *results_load(const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_regular(path, 0, &jerr);
	const char *schema;

	if (!root) {
		if (jerr.line < 0)
			p_err("%s: %s", path, jerr.text);
		else
			p_err("%s:%d:%d: not valid JSON: %s", path, jerr.line, jerr.column,
			      jerr.text);
		return NULL;
	}
	schema = jstr(root, "schema", NULL);
	if (!schema || strcmp(schema, TB_SCHEMA)) {
		p_err("%s: not a %s result file (schema: %s)", path, TB_SCHEMA,
		      schema ? schema : "missing");
		goto bad;
	}
	if (!json_is_object(json_object_get(root, "meta")) ||
	    !json_is_array(json_object_get(root, "cases"))) {
		p_err("%s: a %s file needs a meta object and a cases array", path, TB_SCHEMA);
		goto bad;
	}
	return root;
bad:
	json_decref(root);
	return NULL;
}
