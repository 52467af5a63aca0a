/* core/base/json.c: canonical JSON output and strict JSON input. */
#include "json.h"
#include "error.h"

#include <pthread.h>
#include <stdio.h>
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

/* Start watching this thread's jansson allocations: alloc_failed says whether one failed since. */
static void watch(void)
{
	pthread_once(&track_once, track_install);
	alloc_failed = 0;
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

int ct_json_dump(ct_buf *out, const json_t *value, size_t flags)
{
	struct dump d = { out, 0 };

	watch();
	if (json_dump_callback(value, dump_cb, &d, flags) < 0 || d.failed || alloc_failed)
		return ct_error_oom();
	return 0;
}

int ct_json_canonical(ct_buf *out, const json_t *record)
{
	/*
	 * 15 significant digits: 13.2 is written "13.2", not 13.199999999999999;
	 * a value read back from its own output is written the same again.
	 */
	int error = ct_json_dump(out, record, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(15));

	return error < 0 ? error : ct_buf_putc(out, '\n');
}

void ct_json_position(size_t *line, size_t *col, const char *text, size_t len, size_t first,
		      size_t off)
{
	size_t i;

	*line = first;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * The key that jansson's duplicate-key error is about: the string token that
 * ends at text[end - 1], decoded, into out (a fixed-size buffer: a long key is
 * cut). Returns 0, or CT_ERROR when decoding it ran out of memory.
 */
static int duplicate_key(char *out, size_t size, const char *text, size_t end)
{
	size_t a;
	json_t *str;

	out[0] = '\0';
	if (end == 0 || text[end - 1] != '"')
		return 0;
	/* Back to the opening quote: one not preceded by an odd run of backslashes. */
	for (a = end - 1; a > 0;) {
		size_t bs = 0;
		a--;
		if (text[a] != '"')
			continue;
		while (bs < a && text[a - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			break;
	}
	alloc_failed = 0;
	str = json_loadb(text + a, end - a, JSON_DECODE_ANY, NULL);
	if (json_is_string(str))
		snprintf(out, size, "%s", json_string_value(str));
	json_decref(str);
	return alloc_failed ? ct_error_oom() : 0;
}

/* The message of jansson's error `err` about the document text[0, len), whose first line is `line`. */
static int parse_error(const json_error_t *err, const char *text, size_t len, const char *name,
		       size_t line)
{
	size_t l = (size_t)(err->line > 0 ? err->line : 1) + line - 1, c, at = (size_t)err->position;
	char key[256];
	int error;

	switch (json_error_code(err)) {
	case json_error_invalid_utf8:
		/* jansson's position is the first byte of the bad sequence, its column the one before. */
		if (at >= len)
			break;
		ct_json_position(&l, &c, text, len, line, at);
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %zu: invalid UTF-8 (byte 0x%02x)",
				    name, l, c, (unsigned char)text[at]);
	case json_error_duplicate_key:
		if ((error = duplicate_key(key, sizeof(key), text, at)) < 0)
			return error;
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %d: duplicate object key '%s'",
				    name, l, err->column, key);
	default:
		break;
	}
	return ct_error_set(CT_EINVALID, "'%s' line %zu column %d: %s", name, l, err->column,
			    err->text);
}

int ct_json_compact(char **out, const json_t *value)
{
	size_t flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);

	/* json_dumps() leaves out a key it fails to write and goes on: watch its allocations. */
	watch();
	*out = json_dumps(value, flags);
	if (*out && !alloc_failed)
		return 0;
	free(*out);
	*out = NULL;
	return ct_error_oom();
}

int ct_json_parse(json_t **out, const char *text, size_t len, const char *name, size_t line)
{
	const char *nul = memchr(text, '\0', len);
	json_error_t err;
	json_t *doc;

	*out = NULL;
	if (line == 0)
		line = 1;
	if (nul) {
		size_t l, c;
		ct_json_position(&l, &c, text, len, line, (size_t)(nul - text));
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %zu: NUL byte", name, l, c);
	}
	watch();
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	/* jansson's lexer drops a byte it fails to save and goes on: distrust every document then. */
	if (alloc_failed || (!doc && json_error_code(&err) == json_error_out_of_memory)) {
		json_decref(doc);
		return ct_error_oom();
	}
	if (!doc)
		return parse_error(&err, text, len, name, line);
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
	watch();
	s = json_string(value);
	if (!s) {
		/* Refused for want of memory, or for its bytes: only the second is the input's fault. */
		if (alloc_failed)
			return ct_error_oom();
		return ct_error_set(CT_EINVALID, "'%s' is not valid UTF-8", key);
	}
	if (json_object_set_new(obj, key, s) < 0)
		return ct_error_oom();
	return 0;
}
