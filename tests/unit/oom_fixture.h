/*
 * tests/unit/oom_fixture.h: the ledger the out-of-memory tests run their
 * operations on, made once per test group (cmocka's group setup and teardown)
 * with nothing refused.
 *
 * Two articles on one story and a revision of the first: figures that change,
 * a sentence that goes, claims that contradict across the articles, a claim
 * cited only by a mention and one cited by nothing; and a draft to check.
 * Include it after oom.h (cmocka), in a file that defines _GNU_SOURCE first.
 */
#ifndef CT_TEST_OOM_FIXTURE_H
#define CT_TEST_OOM_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ledger.h"
#include "model.h"
#include "record.h"

static const char june1[] =
	"Harbour works delayed\n\n"
	"The council said at least 14,000 households lost water on Monday. "
	"Crews worked through the night near the old pier. "
	"About 300 workers were sent from three depots.\n\n"
	"Officials expect repairs to cost up to 2 million euros. "
	"The mayor called the outage the worst since 1998.\n";
static const char june2[] =
	"Harbour works delayed\n\n"
	"The council said at least 20,000 households lost water on Monday. "
	"About 300 workers were sent from three depots.\n\n"
	"Officials now expect repairs to cost up to 2 million euros. "
	"The mayor called the outage the worst since 1998.\n";
static const char april[] =
	"Water cut in the harbour district\n\n"
	"Some 9,000 households lost water, the utility said. "
	"About 300 workers were sent from three depots, a spokesman added. "
	"Repairs may cost 5 million euros.\n";
static const char draft[] =
	"At least 25,000 households lost water on Monday. "
	"About 300 workers were sent from three depots. "
	"The harbour authority will publish its accounts in May.\n";

static char oom_dir[64];
static char *gitdir;   /* the fixture ledger's .claimtrack */
static char *claims[6]; /* the ids of its claims, in the order added */

static void fixture_claim(ct_ledger *l, int i, const char *statement, const char *subject, const char *source,
			  const char *quote, const char *stance)
{
	ct_cite_spec cite = { source, quote, stance, NULL, NULL };
	ct_claim_spec spec = { statement, subject, subject ? "households" : NULL, NULL, source ? &cite : NULL };
	ct_claim *cl = NULL;

	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	claims[i] = strdup(cl->id);
	ct_claim_free(cl);
}

static int oom_fixture_setup(void **state)
{
	ct_source_spec june = { "june", "https://news.example/june", "Harbour works delayed", NULL, "2024-06-10",
				"secondary", NULL, 0, NULL, 0, NULL };
	ct_source_spec apr = { "april", "https://news.example/april", "Water cut", NULL, "2024-04-02", "primary",
			       NULL, 0, NULL, 0, NULL };
	ct_ledger *l = NULL;
	ct_source *src = NULL;
	int rev = 0;

	(void)state;
	snprintf(oom_dir, sizeof(oom_dir), "/tmp/claimtrack-oom.XXXXXX");
	if (!mkdtemp(oom_dir) || ct_ledger_init(oom_dir) < 0 || asprintf(&gitdir, "%s/.claimtrack", oom_dir) < 0 ||
	    ct_ledger_open(&l, gitdir) < 0)
		return -1;
	assert_int_equal(ct_source_add(&src, l, &apr, april, strlen(april)), 0);
	ct_source_free(src);
	assert_int_equal(ct_source_add(&src, l, &june, june1, strlen(june1)), 0);
	ct_source_free(src);
	fixture_claim(l, 0, "At least 14,000 households lost water", "outage", "june",
		      "at least 14,000 households lost water", NULL);
	fixture_claim(l, 1, "Some 9,000 households lost water", "outage", "april",
		      "Some 9,000 households lost water", NULL);
	fixture_claim(l, 2, "Crews worked through the night", NULL, "june",
		      "Crews worked through the night near the old pier", NULL);
	fixture_claim(l, 3, "About 300 workers were sent", NULL, "april",
		      "About 300 workers were sent from three depots", "mentions");
	fixture_claim(l, 4, "Repairs cost up to 2 million euros", NULL, "june",
		      "repairs to cost up to 2 million euros", NULL);
	fixture_claim(l, 5, "The harbour authority publishes accounts", NULL, NULL, NULL, NULL);
	assert_int_equal(ct_source_update(&src, &rev, l, "june", june2, strlen(june2), NULL), 0);
	assert_int_equal(rev, 2);
	ct_source_free(src);
	ct_ledger_free(l);
	return 0;
}

static int oom_fixture_teardown(void **state)
{
	char cmd[4200];
	size_t i;

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", oom_dir);
	free(gitdir);
	for (i = 0; i < sizeof(claims) / sizeof(*claims); i++)
		free(claims[i]);
	return system(cmd) == 0 ? 0 : -1;
}

/* The answer of an operation that made `doc` (dropped): its canonical JSON. */
static inline int oom_put_json(ct_buf *out, json_t *doc, int error)
{
	if (!error) {
		oom_stop();
		error = ct_json_canonical(out, doc);
	}
	json_decref(doc);
	return error;
}

/* The n records of type t at v, serialised: the answer of a list. */
static inline int oom_put_records(ct_buf *out, const ct_record_type *t, const void *v, size_t n, int error)
{
	json_t *doc = NULL;

	if (!error) {
		oom_stop();
		if ((error = ct_record_array_to_json(&doc, t, v, n)) == 0)
			error = ct_json_canonical(out, doc);
	}
	json_decref(doc);
	return error;
}

/* Run op through oom_each_allocation() on the fixture ledger, opened for it. */
static inline void oom_on_fixture(oom_op op)
{
	ct_ledger *l = NULL;

	assert_int_equal(ct_ledger_open(&l, gitdir), 0);
	oom_each_allocation(op, l);
	ct_ledger_free(l);
}

#endif
