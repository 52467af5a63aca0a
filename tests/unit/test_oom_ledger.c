/*
 * Out of memory on the ledger's reads and the check (oom.h; the exports and
 * imports are test_oom_exchange.c's):
 * each operation runs on the fixture ledger (oom_fixture.h) with its 1st,
 * 2nd, ... allocation refused, and must fail with CT_ERROR or give exactly
 * the answer it gives with nothing refused.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdio.h>

#include "check.h"
#include "oom_fixture.h"

static int op_check(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_check_draft(&doc, l, draft, strlen(draft), "draft.txt");

	return oom_put_json(out, doc, error);
}

static int op_extract(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_extract_list(&doc, l, "april");

	return oom_put_json(out, doc, error);
}

static int op_claim_list(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	ct_claims list;
	int error = ct_claim_list(&list, l, NULL, NULL);

	error = oom_put_records(out, &ct_claim_type, list.v, list.n, error);
	ct_claims_release(&list);
	return error;
}

static int op_claim_list_source(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	ct_claims list;
	int error = ct_claim_list(&list, l, "unverified", "june");

	error = oom_put_records(out, &ct_claim_type, list.v, list.n, error);
	ct_claims_release(&list);
	return error;
}

static int op_claim_get(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	ct_claim *claim = NULL;
	char prefix[5];
	int error;

	snprintf(prefix, sizeof(prefix), "%s", claims[4]);
	error = ct_claim_get(&claim, l, prefix);
	error = oom_put_records(out, &ct_claim_type, claim, 1, error);
	ct_claim_free(claim);
	return error;
}

static int op_source_list(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	ct_sources list;
	int error = ct_source_list(&list, l);

	error = oom_put_records(out, &ct_source_type, list.v, list.n, error);
	ct_sources_release(&list);
	return error;
}

static int op_search(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	ct_search_hits hits;
	size_t i;
	int error = ct_search(&hits, l, "households", 20);

	if (!error) {
		oom_stop();
		for (i = 0; i < hits.n && !error; i++)
			error = ct_buf_printf(out, "%s %s %s %.6f %s\n", hits.v[i].id, ct_status_names[hits.v[i].status],
					      hits.v[i].statement, hits.v[i].rank, hits.v[i].snippet);
	}
	ct_search_hits_release(&hits);
	return error;
}

static void reads_survive(void **state)
{
	(void)state;
	oom_on_fixture(op_claim_list);
	oom_on_fixture(op_claim_list_source);
	oom_on_fixture(op_claim_get);
	oom_on_fixture(op_source_list);
	oom_on_fixture(op_search);
}

static void check_survives(void **state)
{
	(void)state;
	oom_on_fixture(op_check);
	oom_on_fixture(op_extract);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_survive),
		cmocka_unit_test(check_survives),
	};

	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory on the ledger", tests, oom_fixture_setup,
					   oom_fixture_teardown);
}
