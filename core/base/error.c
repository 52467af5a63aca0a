/* core/base/error.c: the per-thread last error message. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];

int ct_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	return code;
}

int ct_error_oom(void)
{
	return ct_error_set(CT_ERROR, "out of memory");
}

const char *ct_error_last(void)
{
	return last_message;
}

void ct_error_clear(void)
{
	last_message[0] = '\0';
}
