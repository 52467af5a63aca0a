/*
 * Out of memory on the ledger's reads, the check and the exports (oom.h):
 * each operation runs on the fixture ledger (oom_fixture.h) with its 1st,
 * 2nd, ... allocation refused, and must fail with CT_ERROR or give exactly
 * the answer it gives with nothing refused.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdio.h>

#include "check.h"
#include "claimreview.h"
#include "csl.h"
#include "jsonl.h"
#include "json.h"
#include "oom_fixture.h"

static int put_json(ct_buf *out, json_t *doc, int error)
{
	if (!error) {
		oom_stop();
		error = ct_json_canonical(out, doc);
	}
	json_decref(doc);
	return error;
}

static int op_check(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_check_draft(&doc, l, draft, strlen(draft), "draft.txt");

	return put_json(out, doc, error);
}

static int op_extract(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_extract_list(&doc, l, "april");

	return put_json(out, doc, error);
}

static int op_claim_list(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_claim_list(&doc, l, NULL, NULL);

	return put_json(out, doc, error);
}

static int op_claim_list_source(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_claim_list(&doc, l, "unverified", "june");

	return put_json(out, doc, error);
}

static int op_claim_get(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	char prefix[5];
	int error;

	snprintf(prefix, sizeof(prefix), "%s", claims[4]);
	error = ct_claim_get(&doc, l, prefix);
	return put_json(out, doc, error);
}

static int op_source_list(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_source_list(&doc, l);

	return put_json(out, doc, error);
}

static int op_search(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_search(&doc, l, "households", 20);

	return put_json(out, doc, error);
}

static int op_export_jsonl(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int error;

	if (!f)
		return ct_error_oom();
	error = ct_export_jsonl(f, l);
	if (fclose(f) != 0 && !error)
		error = ct_error_oom();
	oom_stop();
	if (!error)
		error = ct_buf_put(out, text, len);
	free(text);
	return error;
}

static int op_export_claimreview(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_export_claimreview(&doc, l, "The Desk", "https://desk.example/");

	return put_json(out, doc, error);
}

static int op_export_csl(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_export_csl(&doc, l);

	return put_json(out, doc, error);
}

/* Run `op` on a ledger opened on the fixture, failing each allocation in turn. */
static void on_ledger(oom_op op)
{
	ct_ledger *l = NULL;

	assert_int_equal(ct_ledger_open(&l, gitdir), 0);
	oom_each_allocation(op, l);
	ct_ledger_free(l);
}

static void reads_survive(void **state)
{
	(void)state;
	on_ledger(op_claim_list);
	on_ledger(op_claim_list_source);
	on_ledger(op_claim_get);
	on_ledger(op_source_list);
	on_ledger(op_search);
}

static void check_survives(void **state)
{
	(void)state;
	on_ledger(op_check);
	on_ledger(op_extract);
}

static void exports_survive(void **state)
{
	(void)state;
	on_ledger(op_export_jsonl);
	on_ledger(op_export_claimreview);
	on_ledger(op_export_csl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_survive),
		cmocka_unit_test(check_survives),
		cmocka_unit_test(exports_survive),
	};

	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory on the ledger", tests, oom_fixture_setup,
					   oom_fixture_teardown);
}
