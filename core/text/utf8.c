/* core/text/utf8.c: decoding, stepping through and checking UTF-8. */
#include "utf8.h"
#include "error.h"

#include <string.h>
#include <utf8proc.h>

size_t ct_utf8_decode_multi(int32_t *cp, const char *s, size_t len)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	/* No sequence is longer than four bytes: a longer len is never read. */
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, len > 4 ? 4 : (utf8proc_ssize_t)len, &c);
	if (n < 1) {
		*cp = CT_UTF8_INVALID;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

size_t ct_utf8_prev(const char *s, size_t lo, size_t i)
{
	size_t stop = i - lo > 4 ? i - 4 : lo;

	do
		i--;
	while (i > stop && ct_utf8_is_cont((unsigned char)s[i]));
	return i;
}

size_t ct_utf8_valid_len(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp;
		size_t n;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = ct_utf8_decode(&cp, s + i, len - i);
		if (n == 1)
			break;
		i += n;
	}
	return i;
}

int ct_utf8_validate(const char *text, size_t len, const char *name)
{
	size_t bad = ct_utf8_valid_len(text, len), i;
	const char *nul = bad ? memchr(text, '\0', bad) : NULL;

	if (nul) {
		i = (size_t)(nul - text);
		return ct_error_set(CT_EINVALID, "'%s' contains a NUL byte (byte %zu)", name, i);
	}
	if (bad < len)
		return ct_error_set(CT_EINVALID, "'%s' is not valid UTF-8 (byte %zu)", name, bad);
	return 0;
}

int ct_utf8_is_space(int32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '\n':
	case '\v':
	case '\f':
	case '\r':
	case 0x85:
		return 1;
	}
	if (cp < 0x80)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return 1;
	default:
		return 0;
	}
}

int ct_utf8_is_mark(int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

int ct_utf8_is_ignorable(int32_t cp)
{
	return utf8proc_get_property(cp)->ignorable;
}
