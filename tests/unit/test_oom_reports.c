/*
 * Out of memory on the reports and comparisons (oom.h): report unsourced
 * (all claims, and a source's), provenance, report source, contradictions,
 * compare sources and compare revisions run on the fixture ledger
 * (oom_fixture.h) with their 1st, 2nd, ... allocation refused, and must fail
 * with CT_ERROR or give exactly the answer they give with nothing refused.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdio.h>

#include "compare.h"
#include "oom_fixture.h"
#include "report.h"

static int op_unsourced(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_report_unsourced(&doc, arg, NULL);

	return oom_put_json(out, doc, error);
}

static int op_unsourced_source(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_report_unsourced(&doc, arg, "june");

	return oom_put_json(out, doc, error);
}

static int op_provenance(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_report_provenance(&doc, arg, claims[0]);

	return oom_put_json(out, doc, error);
}

static int op_report_source(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_report_source(&doc, arg, "june", 0);

	return oom_put_json(out, doc, error);
}

/* The first revision: its citations stand where they were made. */
static int op_report_source_rev1(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_report_source(&doc, arg, "june", 1);

	return oom_put_json(out, doc, error);
}

static int op_contradictions(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_contradictions(&doc, arg);

	return oom_put_json(out, doc, error);
}

static int op_compare_sources(ct_buf *out, void *arg)
{
	json_t *doc = NULL;
	int error = ct_compare_sources(&doc, arg, "june", "april");

	return oom_put_json(out, doc, error);
}

/* A claim diff of the two revisions of "june", in full or brief. */
static int compare_revisions(ct_buf *out, ct_ledger *l, unsigned flags)
{
	ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	json_t *doc = NULL;
	int error;

	if ((error = ct_ledger_text(&a, l, "june", 1)) == 0 && (error = ct_ledger_text(&b, l, "june", 2)) == 0)
		error = ct_compare_revisions(&doc, l, "june", 1, a.ptr, a.len, 2, b.ptr, b.len, flags);
	ct_buf_release(&a);
	ct_buf_release(&b);
	return oom_put_json(out, doc, error);
}

static int op_compare_revisions(ct_buf *out, void *arg)
{
	return compare_revisions(out, arg, 0);
}

static int op_compare_revisions_brief(ct_buf *out, void *arg)
{
	return compare_revisions(out, arg, CT_COMPARE_BRIEF);
}

static void reports_survive(void **state)
{
	(void)state;
	oom_on_fixture(op_unsourced);
	oom_on_fixture(op_unsourced_source);
	oom_on_fixture(op_provenance);
	oom_on_fixture(op_report_source);
	oom_on_fixture(op_report_source_rev1);
}

static void comparisons_survive(void **state)
{
	(void)state;
	oom_on_fixture(op_contradictions);
	oom_on_fixture(op_compare_sources);
	oom_on_fixture(op_compare_revisions);
	oom_on_fixture(op_compare_revisions_brief);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reports_survive),
		cmocka_unit_test(comparisons_survive),
	};

	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory in the reports", tests, oom_fixture_setup,
					   oom_fixture_teardown);
}
