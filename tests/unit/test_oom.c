/*
 * The library's out-of-memory policy: every allocation that fails makes the
 * function return an error with the message "out of memory", and leaks
 * nothing (AddressSanitizer checks that). This test links the library with
 * malloc, calloc and realloc wrapped (-Wl,--wrap) and fails the Nth
 * allocation, for N = 1, 2, ... until an operation completes untouched.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "reanchor.h"
#include "text.h"
#include "value.h"
#include "term.h"
#include "wdiff.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* fail when it reaches 0; -1: never */
static int failed;          /* an allocation was refused in this run */

static int refuse(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failed = 1;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return refuse() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return refuse() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return refuse() ? NULL : __real_realloc(p, n);
}

static const char old_text[] =
	"Harbour bridge to close\n\n"
	"The bridge will close for 14 weeks from 3 March, the council said. "
	"About 12,000 vehicles cross it every day.\n\n"
	"Repairs will cost at least 4.5 million euros.\n";
static const char new_text[] =
	"Harbour bridge to close\n\n"
	"The bridge will close for 18 weeks from 3 March, the council said.\n\n"
	"Repairs will cost at least 4.5 million euros.\n\n"
	"About 12,000 vehicles cross it every day.\n";

static int op_anchor(void)
{
	ct_anchor a;
	int error = ct_anchor_find(&a, old_text, strlen(old_text), "about 12,000  vehicles", NULL, NULL,
				   CT_ANCHOR_NO_HINT, "bridge@1");

	ct_anchor_release(&a);
	return error;
}

static int op_nearest(void)
{
	ct_anchor a;
	int error = ct_anchor_find(&a, old_text, strlen(old_text), "closed for twenty weeks", NULL, NULL,
				   CT_ANCHOR_NO_HINT, "bridge@1");

	ct_anchor_release(&a);
	return error == CT_ENOTFOUND ? 0 : error;
}

static int op_value(void)
{
	ct_value v;
	ct_buf b = CT_BUF_INIT;
	json_t *j = NULL;
	int error;

	ct_value_init(&v);
	if ((error = ct_value_parse(&v, "nearly 2 million pounds, the company estimated")) == 0 &&
	    (error = ct_value_format(&b, &v)) == 0 && !(j = ct_value_to_json(&v)))
		error = CT_ERROR;
	json_decref(j);
	ct_buf_release(&b);
	ct_value_release(&v);
	return error;
}

static int op_wdiff(void)
{
	ct_wdiff *d = NULL;
	ct_buf b = CT_BUF_INIT;
	json_t *j = NULL;
	int error;

	if ((error = ct_wdiff_compute(&d, old_text, strlen(old_text), new_text, strlen(new_text))) == 0 &&
	    (error = ct_term_wdiff(&b, d, old_text, strlen(old_text), new_text, strlen(new_text), 0, 0)) == 0 &&
	    !(j = ct_wdiff_to_json(d, old_text, strlen(old_text), new_text, strlen(new_text), 0)))
		error = CT_ERROR;
	json_decref(j);
	ct_buf_release(&b);
	ct_wdiff_free(d);
	return error;
}

static int op_reanchor(void)
{
	const char *q = strstr(old_text, "About 12,000"), *w = strstr(old_text, "14 weeks");
	ct_reanchor_in in[2] = { { (size_t)(q - old_text), (size_t)(q - old_text) + 12, NULL, NULL, NULL },
				 { (size_t)(w - old_text), (size_t)(w - old_text) + 8, NULL, NULL, NULL } };
	ct_reanchor_out out[2];

	return ct_reanchor(out, old_text, strlen(old_text), new_text, strlen(new_text), in, 2);
}

/* Run `op` failing the 1st, 2nd, ... allocation until it runs with none refused. */
static void fail_each_allocation(int (*op)(void))
{
	long n;

	for (n = 0; n < 100000; n++) {
		int error;
		failed = 0;
		countdown = n;
		ct_error_clear();
		error = op();
		countdown = -1;
		if (!failed) {
			assert_int_equal(error, 0);
			/* The wrapping works: the operation allocates, and was failed at each step. */
			assert_true(n > 3);
			return;
		}
		/* A refused allocation is an error, or was recovered from; never a crash. */
		if (error)
			assert_int_equal(error, CT_ERROR);
	}
	fail();
}

static void anchor_survives(void **state)
{
	(void)state;
	fail_each_allocation(op_anchor);
	fail_each_allocation(op_nearest);
}

static void value_survives(void **state)
{
	(void)state;
	fail_each_allocation(op_value);
}

static void wdiff_survives(void **state)
{
	(void)state;
	fail_each_allocation(op_wdiff);
}

static void reanchor_survives(void **state)
{
	(void)state;
	fail_each_allocation(op_reanchor);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(anchor_survives),
		cmocka_unit_test(value_survives),
		cmocka_unit_test(wdiff_survives),
		cmocka_unit_test(reanchor_survives),
	};

	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory", tests, NULL, NULL);
}
