/* core/base/json.c: canonical JSON output and strict JSON input. */
#include "json.h"
#include "error.h"

#include <string.h>

struct dump {
	ct_buf *out;
	int failed; /* sticky: jansson does not always pass a failed write up */
};

static int dump_cb(const char *data, size_t size, void *payload)
{
	struct dump *d = payload;

	if (d->failed || ct_buf_put(d->out, data, size) < 0) {
		d->failed = 1;
		return -1;
	}
	return 0;
}

int ct_json_canonical(ct_buf *out, const json_t *record)
{
	/*
	 * 15 significant digits: 13.2 is written "13.2", not 13.199999999999999;
	 * a value read back from its own output is written the same again.
	 */
	size_t flags = JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(15);
	struct dump d = { out, 0 };

	if (json_dump_callback(record, dump_cb, &d, flags) < 0 || d.failed)
		return ct_error_oom();
	return ct_buf_putc(out, '\n');
}

int ct_json_parse(json_t **out, const char *text, size_t len, const char *name, size_t line)
{
	json_error_t err;
	json_t *doc;

	*out = NULL;
	if (memchr(text, '\0', len)) {
		size_t at = (size_t)((const char *)memchr(text, '\0', len) - text);
		return ct_error_set(CT_EINVALID, "'%s' line %zu: NUL byte at offset %zu", name,
				    line ? line : 1, at);
	}
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %d: %s", name,
				    (size_t)(err.line > 0 ? err.line : 1) + (line ? line - 1 : 0),
				    err.column, err.text);
	*out = doc;
	return 0;
}

const char *ct_json_str(const json_t *obj, const char *key, const char *def)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : def;
}

long long ct_json_int(const json_t *obj, const char *key, long long def)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

int ct_json_set_str(json_t *obj, const char *key, const char *value)
{
	json_t *s;

	if (!value) {
		json_object_del(obj, key);
		return 0;
	}
	s = json_string(value);
	if (!s)
		return ct_error_set(CT_EINVALID, "'%s' is not valid UTF-8", key);
	if (json_object_set_new(obj, key, s) < 0)
		return ct_error_oom();
	return 0;
}
