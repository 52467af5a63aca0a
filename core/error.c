/* core/error.c: the per-thread last error message. */
#include "error.h"

#include <git2.h>

#include "gitapi.h"
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

int ct_error_git(int git_code, const char *what)
{
	const git_error *e = git_error_last();
	int code = CT_ERROR;

	if (git_code == GIT_EMODIFIED || git_code == GIT_ELOCKED)
		code = CT_ECONFLICT;
	else if (git_code == GIT_ENOTFOUND)
		code = CT_ENOTFOUND;
	return ct_error_set(code, "%s: %s", what, e && e->message ? e->message : "unknown error");
}

const char *ct_error_last(void)
{
	return last_message;
}

void ct_error_clear(void)
{
	last_message[0] = '\0';
}
