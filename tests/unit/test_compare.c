/* Unit tests of core/features/compare.c: a claim diff from stored re-anchoring equals one computed afresh. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compare.h"
#include "error.h"
#include "json.h"
#include "ledger.h"
#include "ledger_fixture.h"
#include "model.h"

/*
 * Three revisions of one article: the second changes a figure, drops a
 * sentence, moves one to a later paragraph and edits another; the third
 * rewrites a paragraph and changes a figure again.
 */
static const char rev1[] =
	"Harbour works delayed\n\n"
	"The council said at least 14,000 households lost water on Monday. "
	"Crews worked through the night near the old pier. "
	"About 300 workers were sent from three depots.\n\n"
	"Officials expect repairs to cost up to 2 million euros. "
	"The mayor called the outage the worst since 1998. "
	"Schools in the east district stayed closed.\n\n"
	"A review of the network will report in June.\n";

static const char rev2[] =
	"Harbour works delayed\n\n"
	"The council said at least 20,000 households lost water on Monday. "
	"About 300 workers were sent from three depots.\n\n"
	"Officials now expect repairs to cost up to 2 million euros. "
	"Schools in the east district stayed closed.\n\n"
	"A review of the network will report in June. "
	"The mayor called the outage the worst since 1998.\n";

static const char rev3[] =
	"Harbour works delayed\n\n"
	"The council said at least 22,500 households lost water on Monday. "
	"About 300 workers were sent from three depots.\n\n"
	"Repairs are now put at 3 million euros by officials, a sharp rise. "
	"Schools in the east district reopened on Thursday.\n\n"
	"A review of the network will report in June. "
	"The mayor called the outage the worst since 1998.\n";

static const char *const quotes[] = {
	"at least 14,000 households lost water",
	"Crews worked through the night near the old pier",
	"About 300 workers were sent from three depots",
	"repairs to cost up to 2 million euros",
	"the worst since 1998",
	"Schools in the east district stayed closed",
	"will report in June",
};

static void add_claim(ct_ledger *l, const char *source, const char *quote)
{
	ct_cite_spec cite = { source, quote, NULL, NULL, NULL };
	ct_claim_spec spec = { quote, NULL, NULL, NULL, &cite };
	ct_claim *cl = NULL;

	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	ct_claim_free(cl);
}

static char *claim_diff(ct_ledger *l, int a, int b)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	json_t *out = NULL;
	char *s;

	assert_int_equal(ct_ledger_text(&old, l, "harbour", a), 0);
	assert_int_equal(ct_ledger_text(&new, l, "harbour", b), 0);
	assert_int_equal(ct_compare_revisions(&out, l, "harbour", a, old.ptr, old.len, b, new.ptr, new.len, 0), 0);
	s = json_dumps(out, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	assert_non_null(s);
	json_decref(out);
	ct_buf_release(&old);
	ct_buf_release(&new);
	return s;
}

static int count(ct_ledger *l, const char *sql)
{
	return index_sql(ct_ledger_path(l), sql);
}

/*
 * The story in the ledger: the article's first revision with a claim per
 * quote, the second with one more claim made on it, and the third when
 * `revisions` is 3.
 */
static ct_ledger *story(void **state, int revisions)
{
	ct_source_spec spec = { "harbour", "https://news.example/harbour", NULL, NULL, NULL, NULL,
				NULL, 0, NULL, 0, NULL };
	const char *texts[] = { rev2, rev3 };
	ct_source *src = NULL;
	ct_ledger *l = NULL;
	size_t i;
	int rev = 0, r;

	assert_int_equal(ct_ledger_open(&l, *state), 0);
	assert_int_equal(ct_source_add(&src, l, &spec, rev1, strlen(rev1)), 0);
	ct_source_free(src);
	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++)
		add_claim(l, "harbour", quotes[i]);
	for (r = 2; r <= revisions; r++) {
		assert_int_equal(ct_source_update(&src, &rev, l, "harbour", texts[r - 2], strlen(texts[r - 2]), NULL), 0);
		ct_source_free(src);
		assert_int_equal(rev, r);
		if (r == 2)
			add_claim(l, "harbour@2", "now expect repairs");
	}
	return l;
}

/*
 * compare-1: every pair of revisions gives the same claims section whether it
 * takes what `source update` stored or re-anchors everything itself; the
 * stored rows are there to be taken, and are taken for consecutive revisions.
 */
static void test_stored_anchors_equal_fresh(void **state)
{
	static const int pairs[][2] = { { 1, 2 }, { 2, 3 }, { 1, 3 }, { 3, 1 }, { 2, 1 }, { 1, 1 } };
	char *stored[sizeof(pairs) / sizeof(pairs[0])];
	ct_ledger *l = story(state, 3);
	size_t i;

	/* Revision 3 holds the citations of 1 and of 2, each from its own revision. */
	assert_int_equal(count(l, "SELECT count(*) FROM anchors WHERE rev = 3 AND from_rev = 1"), 7);
	assert_int_equal(count(l, "SELECT count(*) FROM anchors WHERE rev = 3 AND from_rev = 2"), 1);

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		stored[i] = claim_diff(l, pairs[i][0], pairs[i][1]);
	assert_non_null(strstr(stored[0], "\"change\": \"removed\""));
	assert_non_null(strstr(stored[0], "\"change\": \"moved\""));
	assert_non_null(strstr(stored[0], "\"change\": \"changed\""));
	/* What the diff of consecutive revisions shows is what was stored. */
	assert_int_equal(count(l, "UPDATE anchors SET similarity = 0.123 WHERE rev = 2"), -1);
	{
		char *marked = claim_diff(l, 1, 2);
		assert_non_null(strstr(marked, "0.123"));
		free(marked);
	}
	assert_int_equal(count(l, "DELETE FROM anchors"), -1);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *fresh = claim_diff(l, pairs[i][0], pairs[i][1]);
		assert_string_equal(stored[i], fresh);
		free(fresh);
		free(stored[i]);
	}
	ct_ledger_free(l);
}

/*
 * compare-2: the brief claims section has the full entries of changed claims
 * but their citations, the quote that names a removed, moved or added one,
 * and nothing more.
 */
static void test_brief(void **state)
{
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	json_t *full = NULL, *brief = NULL, *e;
	ct_ledger *l = story(state, 2);
	size_t i, seen[5] = { 0 };

	assert_int_equal(ct_ledger_text(&old, l, "harbour", 1), 0);
	assert_int_equal(ct_ledger_text(&new, l, "harbour", 2), 0);
	assert_int_equal(ct_compare_revisions(&full, l, "harbour", 1, old.ptr, old.len, 2, new.ptr, new.len, 0), 0);
	assert_int_equal(ct_compare_revisions(&brief, l, "harbour", 1, old.ptr, old.len, 2, new.ptr, new.len,
					      CT_COMPARE_BRIEF),
			 0);
	assert_int_equal(json_array_size(full), json_array_size(brief));
	json_array_foreach(brief, i, e) {
		const json_t *f = json_array_get(full, i), *o = json_object_get(e, "old"), *n = json_object_get(e, "new");
		const char *change = ct_json_str(e, "change", "");

		assert_string_equal(ct_json_str(f, "id", ""), ct_json_str(e, "id", ""));
		assert_string_equal(ct_json_str(f, "change", ""), change);
		assert_null(json_object_get(e, "citations"));
		assert_non_null(json_object_get(f, "citations"));
		if (!strcmp(change, "changed")) {
			json_t *fc = json_deep_copy(f);
			json_object_del(fc, "citations");
			assert_true(json_equal(fc, e));
			json_decref(fc);
			seen[0]++;
		} else if (!strcmp(change, "unchanged")) {
			assert_null(o);
			assert_null(n);
			seen[1]++;
		} else {
			const json_t *p = !strcmp(change, "added") ? n : o;
			const json_t *fp = json_object_get(f, !strcmp(change, "added") ? "new" : "old");
			assert_non_null(p);
			assert_null(json_object_get(p, "value"));
			assert_string_equal(ct_json_str(p, "quote", "-"), ct_json_str(fp, "quote", "+"));
			seen[!strcmp(change, "removed") ? 2 : !strcmp(change, "moved") ? 3 : 4]++;
		}
	}
	for (i = 0; i < 5; i++)
		assert_true(seen[i] > 0);
	json_decref(full);
	json_decref(brief);
	ct_buf_release(&old);
	ct_buf_release(&new);
	ct_ledger_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stored_anchors_equal_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brief, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
