/* core/base/buf.c: growable byte buffers. */
#include "buf.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char ct_buf__empty[1] = "";

void ct_buf_init(ct_buf *b)
{
	b->ptr = (char *)ct_buf__empty;
	b->len = 0;
	b->cap = 0;
}

int ct_array_reserve(void *arrayp, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t want = *cap ? *cap : first;
	void *p;

	if (need <= *cap)
		return 0;
	while (want < need) {
		if (want > (size_t)-1 / 2 / size)
			return ct_error_oom();
		want *= 2;
	}
	memcpy(&p, arrayp, sizeof(p));
	if (!(p = realloc(p, want * size)))
		return ct_error_oom();
	memcpy(arrayp, &p, sizeof(p));
	*cap = want;
	return 0;
}

int ct_buf_grow(ct_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return ct_error_oom();
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap += cap / 2 + 8;
	p = realloc(b->cap ? b->ptr : NULL, cap);
	if (!p)
		return ct_error_oom();
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int ct_buf_put(ct_buf *b, const void *data, size_t len)
{
	if (ct_buf_grow(b, len) < 0)
		return CT_ERROR;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int ct_buf_puts(ct_buf *b, const char *s)
{
	return ct_buf_put(b, s, strlen(s));
}

int ct_buf_putc(ct_buf *b, char c)
{
	return ct_buf_put(b, &c, 1);
}

int ct_buf_printf(ct_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ct_error_set(CT_ERROR, "cannot format text");
	if (ct_buf_grow(b, (size_t)n) < 0)
		return CT_ERROR;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void ct_buf_reset(ct_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

void ct_buf_release(ct_buf *b)
{
	if (b->cap)
		free(b->ptr);
	ct_buf_init(b);
}

char *ct_buf_detach(ct_buf *b, size_t *len)
{
	char *p;

	if (!b->cap && ct_buf_grow(b, 0) < 0)
		return NULL;
	p = b->ptr;
	if (len)
		*len = b->len;
	ct_buf_init(b);
	return p;
}
