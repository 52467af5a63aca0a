/* core/record/where.c: positions in a JSON text, for messages that point at a value. */
#include "where.h"
#include "error.h"
#include "json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ct_where_position(size_t *line, size_t *col, const ct_where *w, size_t off)
{
	ct_json_position(line, col, w->text, w->len, w->line, off);
}

int ct_where_error(const ct_where *w, size_t off, const char *fmt, ...)
{
	char msg[512];
	size_t line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ct_where_position(&line, &col, w, off);
	return ct_error_set(CT_EINVALID, "'%s' line %zu column %zu: %s", w->name, line, col, msg);
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* s[i] is the opening quote of a string: the offset after its closing quote. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* The offset after the value that starts at (or after white space from) i. */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	int depth = 0;

	i = skip_ws(s, len, i);
	if (i < len && s[i] == '"')
		return skip_string(s, len, i);
	if (i < len && s[i] != '{' && s[i] != '[') {
		while (i < len && !strchr(",]} \t\r\n", s[i]))
			i++;
		return i;
	}
	while (i < len) {
		if (s[i] == '"') {
			i = skip_string(s, len, i);
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

/* True when the string token s[a,b) (quotes included) spells `key`. */
static int key_is(const char *s, size_t a, size_t b, const char *key)
{
	json_t *str;
	int same;

	if (b < a + 2)
		return 0;
	if (!memchr(s + a + 1, '\\', b - a - 2))
		return b - a - 2 == strlen(key) && !memcmp(s + a + 1, key, b - a - 2);
	/* An escaped key: let jansson decode it. */
	str = json_loadb(s + a, b - a, JSON_DECODE_ANY, NULL);
	same = json_is_string(str) && !strcmp(json_string_value(str), key);
	json_decref(str);
	return same;
}

size_t ct_where_locate(const ct_where *w, const ct_json_seg *path, size_t n)
{
	const char *s = w->text;
	size_t len = w->len, i = skip_ws(s, len, 0), k;

	for (k = 0; k < n && i < len; k++) {
		size_t j = skip_ws(s, len, i + 1), idx = 0;
		int found = 0;

		if (path[k].key && s[i] == '{') {
			while (j < len && s[j] == '"') {
				size_t kend = skip_string(s, len, j), v = skip_ws(s, len, kend);
				int match = key_is(s, j, kend, path[k].key);
				if (v < len && s[v] == ':')
					v = skip_ws(s, len, v + 1);
				if (match) {
					i = v;
					found = 1;
					break;
				}
				j = skip_ws(s, len, skip_value(s, len, v));
				if (j < len && s[j] == ',')
					j = skip_ws(s, len, j + 1);
			}
		} else if (!path[k].key && s[i] == '[') {
			while (j < len && s[j] != ']') {
				if (idx++ == path[k].index) {
					i = j;
					found = 1;
					break;
				}
				j = skip_ws(s, len, skip_value(s, len, j));
				if (j < len && s[j] == ',')
					j = skip_ws(s, len, j + 1);
			}
		}
		if (!found)
			break;
	}
	return i;
}
