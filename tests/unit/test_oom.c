/*
 * The library's out-of-memory policy on the text layer (oom.h): every
 * allocation that fails makes the function return an error with the message
 * "out of memory", or is recovered from with the same answer, and leaks
 * nothing (AddressSanitizer checks that). Each operation runs with its 1st,
 * 2nd, ... allocation refused until it completes untouched.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "reanchor.h"
#include "text.h"
#include "value.h"
#include "term.h"
#include "wdiff.h"

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

/* The anchor's range and words, as the answer of a run. */
static int put_anchor(ct_buf *out, const ct_anchor *a, int error)
{
	oom_stop();
	if (!error)
		error = ct_buf_printf(out, "%zu %zu '%s' '%s' '%s'\n", a->start, a->end, a->exact, a->prefix,
				      a->suffix);
	return error;
}

static int op_anchor(ct_buf *out, void *arg)
{
	ct_anchor a;
	int error = ct_anchor_find(&a, old_text, strlen(old_text), "about 12,000  vehicles", NULL, NULL,
				   CT_ANCHOR_NO_HINT, "bridge@1");

	(void)arg;
	error = put_anchor(out, &a, error);
	ct_anchor_release(&a);
	return error;
}

static int op_nearest(ct_buf *out, void *arg)
{
	ct_anchor a;
	int error = ct_anchor_find(&a, old_text, strlen(old_text), "closed for twenty weeks", NULL, NULL,
				   CT_ANCHOR_NO_HINT, "bridge@1");

	(void)arg;
	ct_anchor_release(&a);
	oom_stop();
	/* The answer is the refusal, and the passage it suggests. */
	return error == CT_ENOTFOUND ? ct_buf_puts(out, ct_error_last()) : error ? error : CT_EINVALID;
}

static int op_value(ct_buf *out, void *arg)
{
	ct_value v;
	ct_buf b = CT_BUF_INIT;
	json_t *j = NULL;
	int error;

	(void)arg;
	ct_value_init(&v);
	if ((error = ct_value_parse(&v, "nearly 2 million pounds, the company estimated")) == 0 &&
	    (error = ct_value_format(&b, &v)) == 0 && !(j = ct_value_to_json(&v)))
		error = CT_ERROR;
	oom_stop();
	if (!error && (error = ct_buf_printf(out, "%s\n", b.ptr)) == 0)
		error = ct_json_canonical(out, j);
	json_decref(j);
	ct_buf_release(&b);
	ct_value_release(&v);
	return error;
}

static int op_wdiff(ct_buf *out, void *arg)
{
	ct_wdiff *d = NULL;
	ct_buf b = CT_BUF_INIT;
	json_t *j = NULL;
	int error;

	(void)arg;
	if ((error = ct_wdiff_compute(&d, old_text, strlen(old_text), new_text, strlen(new_text))) == 0 &&
	    (error = ct_term_wdiff(&b, d, old_text, strlen(old_text), new_text, strlen(new_text), 0, 0)) == 0 &&
	    !(j = ct_wdiff_to_json(d, old_text, strlen(old_text), new_text, strlen(new_text), 0)))
		error = CT_ERROR;
	oom_stop();
	if (!error && (error = ct_buf_put(out, b.ptr, b.len)) == 0)
		error = ct_json_canonical(out, j);
	json_decref(j);
	ct_buf_release(&b);
	ct_wdiff_free(d);
	return error;
}

static int op_reanchor(ct_buf *out, void *arg)
{
	const char *q = strstr(old_text, "About 12,000"), *w = strstr(old_text, "14 weeks");
	ct_reanchor_in in[2] = { { (size_t)(q - old_text), (size_t)(q - old_text) + 12, NULL, NULL, NULL },
				 { (size_t)(w - old_text), (size_t)(w - old_text) + 8, NULL, NULL, NULL } };
	ct_reanchor_out res[2];
	int error, i;

	(void)arg;
	error = ct_reanchor(res, old_text, strlen(old_text), new_text, strlen(new_text), in, 2);
	oom_stop();
	for (i = 0; !error && i < 2; i++)
		error = ct_buf_printf(out, "%d %zu %zu %.3f\n", res[i].change, res[i].start, res[i].end,
				      res[i].similarity);
	return error;
}

static void anchor_survives(void **state)
{
	(void)state;
	oom_each_allocation(op_anchor, NULL);
	oom_each_allocation(op_nearest, NULL);
}

static void value_survives(void **state)
{
	(void)state;
	oom_each_allocation(op_value, NULL);
}

static void wdiff_survives(void **state)
{
	(void)state;
	oom_each_allocation(op_wdiff, NULL);
}

static void reanchor_survives(void **state)
{
	(void)state;
	oom_each_allocation(op_reanchor, NULL);
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
