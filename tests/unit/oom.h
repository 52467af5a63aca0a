/*
 * tests/unit/oom.h: failing the Nth allocation, for the out-of-memory tests.
 *
 * The library's policy: an allocation that fails makes the operation return
 * CT_ERROR ("out of memory") and leak nothing, or be recovered from; it never
 * gives a wrong answer, another error code, or a crash. A test_oom_*.c
 * executable is linked with malloc, calloc and realloc wrapped (-Wl,--wrap,
 * tests/CMakeLists.txt), so that every allocation of the library, of SQLite
 * and of jansson (linked from their archives) comes through here; libgit2,
 * opened with dlopen(), is not wrapped.
 *
 * Include this header in one file of each such test.
 */
#ifndef CT_TEST_OOM_H
#define CT_TEST_OOM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long oom_countdown = -1; /* refuse the allocation when it reaches 0; -1: never */
static int oom_failed;          /* an allocation was refused in this run */

static int oom_refuse(void)
{
	if (oom_countdown < 0)
		return 0;
	if (oom_countdown-- == 0) {
		oom_failed = 1;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return oom_refuse() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return oom_refuse() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return oom_refuse() ? NULL : __real_realloc(p, n);
}

/* Stop refusing: an operation calls this before it writes its answer down. */
static inline void oom_stop(void)
{
	oom_countdown = -1;
}

/* Say where a wrong answer first differs from the right one. */
static inline void oom_report_wrong(long n, const char *expect, const char *got)
{
	size_t i = 0, line = 1, start = 0;

	while (expect[i] && expect[i] == got[i]) {
		if (expect[i++] == '\n') {
			line++;
			start = i;
		}
	}
	print_error("allocation %ld refused: a wrong answer, from line %zu:\n--- expected\n%.400s\n--- got\n%.400s\n",
		    n, line, expect + start, got + start);
}

/*
 * An operation under test: it runs once with `arg`, and appends its answer
 * (canonical JSON, text: whatever shows it whole) to `out`, calling
 * oom_stop() first so that writing the answer down is never refused.
 * Returns 0 or the error of the operation.
 */
typedef int (*oom_op)(ct_buf *out, void *arg);

/*
 * Run `op` with nothing refused (its answer is the right one), then with its
 * 1st, 2nd, ... allocation refused until a run is refused nothing. Each
 * refused run must fail with CT_ERROR or give exactly the right answer.
 */
static inline void oom_each_allocation(oom_op op, void *arg)
{
	ct_buf expect = CT_BUF_INIT;
	long n;

	oom_stop();
	assert_int_equal(op(&expect, arg), 0);
	for (n = 0; n < 10000000; n++) {
		ct_buf got = CT_BUF_INIT;
		int error;

		oom_failed = 0;
		oom_countdown = n;
		ct_error_clear();
		error = op(&got, arg);
		oom_stop();
		if (!error && strcmp(got.ptr ? got.ptr : "", expect.ptr ? expect.ptr : "")) {
			oom_report_wrong(n, expect.ptr ? expect.ptr : "", got.ptr ? got.ptr : "");
			fail();
		}
		if (error && error != CT_ERROR) {
			print_error("allocation %ld refused: error %d ('%s'), not CT_ERROR\n", n, error,
				    ct_error_last());
			fail();
		}
		ct_buf_release(&got);
		if (!oom_failed) {
			assert_int_equal(error, 0);
			/* The wrapping works: the operation allocates, and was failed at each step. */
			assert_true(n > 3);
			break;
		}
	}
	ct_buf_release(&expect);
}

#endif
