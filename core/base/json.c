/* core/base/json.c: canonical JSON output and strict JSON input. */
#include "json.h"
#include "error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * jansson reports a failed allocation while parsing as a syntax error ("string
 * or '}' expected"), with no message at all, or not at all (its lexer drops
 * the byte it could not save), so the parser cannot tell the input's fault
 * from the machine's by the result. Its allocations go through
 * functions that note a failure for the calling thread, and chain to the
 * functions that were set before (malloc and free unless the program chose
 * others).
 */
static json_malloc_t chained_malloc;
static json_free_t chained_free;
static _Thread_local int alloc_failed;
static pthread_once_t track_once = PTHREAD_ONCE_INIT;

static void *track_malloc(size_t n)
{
	void *p = chained_malloc(n);

	if (!p)
		alloc_failed = 1;
	return p;
}

static void track_install(void)
{
	json_get_alloc_funcs(&chained_malloc, &chained_free);
	json_set_alloc_funcs(track_malloc, chained_free);
}

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

int ct_json_compact(char **out, const json_t *value)
{
	size_t flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);

	/* json_dumps() leaves out a key it fails to write and goes on: watch its allocations. */
	pthread_once(&track_once, track_install);
	alloc_failed = 0;
	*out = json_dumps(value, flags);
	if (*out && !alloc_failed)
		return 0;
	free(*out);
	*out = NULL;
	return ct_error_oom();
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
	pthread_once(&track_once, track_install);
	alloc_failed = 0;
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	/* jansson's lexer drops a byte it fails to save and goes on: distrust every document then. */
	if (alloc_failed || (!doc && json_error_code(&err) == json_error_out_of_memory)) {
		json_decref(doc);
		return ct_error_oom();
	}
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
	if (!s) {
		/* Refused for its bytes, or for want of memory: only the first is the input's fault. */
		if (!(s = json_string_nocheck(value)))
			return ct_error_oom();
		json_decref(s);
		return ct_error_set(CT_EINVALID, "'%s' is not valid UTF-8", key);
	}
	if (json_object_set_new(obj, key, s) < 0)
		return ct_error_oom();
	return 0;
}
