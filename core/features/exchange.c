/* core/features/exchange.c: what the exchange formats share: names, strict parsing, helpers. */
#include "exchange.h"
#include "buf.h"
#include "error.h"
#include "exchange_int.h"
#include "where.h"

#include <stdint.h>
#include <string.h>

#define FORMATS "jsonl, claimreview or csl"

int ct_format_parse(ct_format *out, const char *name)
{
	static const struct {
		const char *name;
		ct_format format;
	} formats[] = {
	    {"jsonl", CT_FORMAT_JSONL},
	    {"claimreview", CT_FORMAT_CLAIMREVIEW},
	    {"csl", CT_FORMAT_CSL},
	};
	size_t i;

	*out = 0;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (name && !strcmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	return ct_error_set(CT_EINVALID, "unknown format '%s' (expected " FORMATS ")",
	                    name ? name : "");
}

/* ---- strict parsing ------------------------------------------------------ */

/*
 * The offset of the first byte of `s` that does not begin a well-formed UTF-8
 * sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, nothing cut short), or len when there is none.
 */
static size_t utf8_invalid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return i;
		if (i + n >= len)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

/* The key named by jansson's duplicate-key error: the string token that ends at `end`. */
static int duplicate_key(ct_buf *out, const char *text, size_t end)
{
	size_t a;
	json_t *str;

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
	str = json_loadb(text + a, end - a, JSON_DECODE_ANY, NULL);
	if (json_is_string(str))
		ct_buf_puts(out, json_string_value(str));
	json_decref(str);
	return 0;
}

int ct_exchange_parse(json_t **out, const char *text, size_t len, const char *name, size_t line)
{
	ct_where w = {name, text, len, line ? line : 1};
	const char *nul;
	size_t bad, skip = 0;
	json_error_t err;
	json_t *doc;

	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		skip = 3;
	if ((nul = memchr(text, '\0', len)))
		return ct_where_error(&w, (size_t)(nul - text), "NUL byte");
	if ((bad = utf8_invalid((const unsigned char *)text, len)) < len)
		return ct_where_error(&w, bad, "invalid UTF-8 (byte 0x%02x)", (unsigned char)text[bad]);
	doc = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		size_t l = (size_t)(err.line > 0 ? err.line : 1) + w.line - 1;
		if (json_error_code(&err) == json_error_duplicate_key) {
			ct_buf key = CT_BUF_INIT;
			int error;
			duplicate_key(&key, text + skip, (size_t)err.position);
			error = ct_error_set(CT_EINVALID,
			                     "'%s' line %zu column %d: duplicate object key '%s'",
			                     name, l, err.column, key.ptr);
			ct_buf_release(&key);
			return error;
		}
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %d: %s", name, l, err.column,
		                    err.text);
	}
	*out = doc;
	return 0;
}

/* ---- what the formats share ---------------------------------------------- */

int ct_exchange_set_new(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -1;
	return json_object_set_new(obj, key, value);
}

const char *ct_exchange_file_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}
