/* tests/unit/test_index.c: the index's questions (core/store/index.h), each with its order and its stop. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchoring.h"
#include "buf.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "ledger.h"
#include "ledger_fixture.h"
#include "model.h"
#include "reanchor.h"
#include "record.h"
#include "util.h"

static const char harbour1[] = "The council said at least 14,000 households lost water on Monday. "
			       "About 300 workers were sent from three depots. "
			       "The mayor called the outage the worst since 1998.\n";
static const char harbour2[] = "The council said at least 20,000 households lost water on Monday. "
			       "The mayor called the outage the worst since 1998.\n";
static const char ferry1[] = "The ferry to the island was cancelled for two days. "
			     "About 300 workers were sent from three depots.\n";

static void add_source(ct_ledger *l, const char *id, const char *text)
{
	ct_source_spec spec = { id, "https://news.example/story", NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL };
	ct_source *src = NULL;

	assert_int_equal(ct_source_add(&src, l, &spec, text, strlen(text)), 0);
	ct_source_free(src);
}

/* Add a claim citing `quote` in `source`; its id into id (CT_ID_LEN + 1 bytes). */
static void add_claim(char *id, ct_ledger *l, const char *source, const char *quote, const char *stance)
{
	ct_cite_spec cite = { source, quote, stance, NULL, NULL };
	ct_claim_spec spec = { quote, NULL, NULL, NULL, &cite };
	ct_claim *cl = NULL;

	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	snprintf(id, CT_ID_LEN + 1, "%s", cl->id);
	ct_claim_free(cl);
}

/*
 * The story: harbour (two revisions) and ferry; claims a, b, c on harbour's
 * first revision (c also cited by ferry), d on ferry only.
 */
struct story {
	ct_ledger *l;
	char a[CT_ID_LEN + 1], b[CT_ID_LEN + 1], c[CT_ID_LEN + 1], d[CT_ID_LEN + 1];
};

static void story(struct story *s, void **state)
{
	ct_cite_spec cite = { "ferry", "About 300 workers were sent", NULL, NULL, NULL };
	ct_source *src = NULL;
	ct_claim *cl = NULL;
	int rev = 0;

	assert_int_equal(ct_ledger_open(&s->l, *state), 0);
	add_source(s->l, "harbour", harbour1);
	add_source(s->l, "ferry", ferry1);
	add_claim(s->a, s->l, "harbour", "at least 14,000 households lost water", NULL);
	add_claim(s->b, s->l, "harbour", "the worst since 1998", "disputes");
	add_claim(s->c, s->l, "harbour", "About 300 workers were sent from three depots", NULL);
	assert_int_equal(ct_claim_cite(&cl, s->l, s->c, &cite), 0);
	ct_claim_free(cl);
	add_claim(s->d, s->l, "ferry", "The ferry to the island was cancelled", NULL);
	assert_int_equal(ct_source_update(&src, &rev, s->l, "harbour", harbour2, strlen(harbour2), NULL), 0);
	ct_source_free(src);
	assert_int_equal(rev, 2);
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort ids[0..n) into the order of the index's ids. */
static void sort_ids(const char **ids, size_t n)
{
	qsort(ids, n, sizeof(*ids), line_cmp);
}

/* What a question streams, one line a row, and where to stop (0: never). */
struct rows {
	ct_buf text;
	int seen, stop_at;
};

static int row_done(struct rows *r)
{
	return ++r->seen == r->stop_at ? 42 : 0;
}

static int record_row(const char *record, size_t len, void *payload)
{
	struct rows *r = payload;
	json_t *rec = NULL;

	assert_int_equal(strlen(record), len);
	assert_int_equal(ct_json_parse(&rec, record, len, "row", 0), 0);
	assert_int_equal(ct_buf_printf(&r->text, "%s\n", ct_json_str(rec, "id", "?")), 0);
	json_decref(rec);
	return row_done(r);
}

static int id_row(const char *id, void *payload)
{
	struct rows *r = payload;

	assert_int_equal(ct_buf_printf(&r->text, "%s\n", id), 0);
	return row_done(r);
}

/* index-1: sources, one by id and all of them by id, and their revision counts. */
static void sources_by_id(void **state)
{
	struct story s;
	struct rows r = { CT_BUF_INIT, 0, 0 };
	ct_buf rec = CT_BUF_INIT;
	int n = -1;

	story(&s, state);
	assert_int_equal(ct_index_source_record(&rec, s.l, "harbour"), 0);
	assert_non_null(strstr(rec.ptr, "\"id\":\"harbour\""));
	assert_int_equal(ct_index_source_record(&rec, s.l, "nowhere"), CT_ENOTFOUND);
	assert_int_equal(ct_index_sources(s.l, record_row, &r), 0);
	assert_string_equal(r.text.ptr, "ferry\nharbour\n");
	assert_int_equal(ct_index_source_revisions(&n, s.l, "harbour"), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ct_index_source_revisions(&n, s.l, "ferry"), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ct_index_source_revisions(&n, s.l, "nowhere"), CT_ENOTFOUND);
	/* A callback's non-zero value stops the rows and is returned. */
	ct_buf_reset(&r.text);
	r.stop_at = 1;
	r.seen = 0;
	assert_int_equal(ct_index_sources(s.l, record_row, &r), 42);
	assert_string_equal(r.text.ptr, "ferry\n");
	ct_buf_release(&r.text);
	ct_buf_release(&rec);
	ct_ledger_free(s.l);
}

/* index-2: claims by status and by source, in order of creation then id; ids by prefix. */
static void claims_by_source_and_prefix(void **state)
{
	struct story s;
	struct rows r = { CT_BUF_INIT, 0, 0 };
	ct_buf want = CT_BUF_INIT, rec = CT_BUF_INIT;
	const char *ids[4];
	char prefix[5];
	int i, exists = -1;

	story(&s, state);
	/* The clock is fixed: every claim was created at once, so the order is the ids'. */
	ids[0] = s.a;
	ids[1] = s.b;
	ids[2] = s.c;
	ids[3] = s.d;
	sort_ids(ids, 4);
	for (i = 0; i < 4; i++)
		if (ids[i] != s.d)
			assert_int_equal(ct_buf_printf(&want, "%s\n", ids[i]), 0);
	assert_int_equal(ct_index_claims(s.l, NULL, "harbour", record_row, &r), 0);
	assert_string_equal(r.text.ptr, want.ptr);
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claims(s.l, "", "ferry", record_row, &r), 0);
	assert_int_equal(strlen(r.text.ptr), 2 * (CT_ID_LEN + 1));
	assert_non_null(strstr(r.text.ptr, s.c));
	assert_non_null(strstr(r.text.ptr, s.d));
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claims(s.l, "supported", NULL, record_row, &r), 0);
	assert_string_equal(r.text.ptr, "");
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claims(s.l, "unverified", NULL, record_row, &r), 0);
	assert_int_equal(strlen(r.text.ptr), 4 * (CT_ID_LEN + 1));

	assert_int_equal(ct_index_claim_record(&rec, s.l, s.b), 0);
	assert_non_null(strstr(rec.ptr, "\"stance\":\"disputes\""));
	assert_int_equal(ct_index_claim_record(&rec, s.l, "nothing"), CT_ENOTFOUND);
	assert_int_equal(ct_index_claim_exists(&exists, s.l, s.a), 0);
	assert_int_equal(exists, 1);
	assert_int_equal(ct_index_claim_exists(&exists, s.l, "nothing"), 0);
	assert_int_equal(exists, 0);

	/* A whole id is a prefix of itself; the empty prefix finds every claim, in order, up to the limit. */
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claim_ids(s.l, s.a, 11, id_row, &r), 0);
	ct_buf_reset(&want);
	assert_int_equal(ct_buf_printf(&want, "%s\n", s.a), 0);
	assert_string_equal(r.text.ptr, want.ptr);
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claim_ids(s.l, "", 2, id_row, &r), 0);
	ct_buf_reset(&want);
	assert_int_equal(ct_buf_printf(&want, "%s\n%s\n", ids[0], ids[1]), 0);
	assert_string_equal(r.text.ptr, want.ptr);
	snprintf(prefix, sizeof(prefix), "%.4s", s.a);
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_claim_ids(s.l, prefix, 11, id_row, &r), 0);
	assert_non_null(strstr(r.text.ptr, s.a));
	ct_buf_release(&r.text);
	ct_buf_release(&want);
	ct_buf_release(&rec);
	ct_ledger_free(s.l);
}

static int citation_row(const ct_index_citation *c, void *payload)
{
	struct rows *r = payload;

	assert_int_equal(ct_buf_printf(&r->text, "%.4s %d @%d %zu-%zu %s\n", c->claim, c->seq, c->rev, c->start, c->end,
				       c->quote),
			 0);
	return row_done(r);
}

static int quote_row(const char *quote, const char *claim, void *payload)
{
	struct rows *r = payload;

	assert_int_equal(ct_buf_printf(&r->text, "%.4s %s\n", claim, quote), 0);
	return row_done(r);
}

static int diff_row(const ct_index_diff_citation *d, void *payload)
{
	struct rows *r = payload;

	assert_string_equal(d->statement, d->citation.quote); /* so the story made them */
	assert_int_equal(ct_buf_printf(&r->text, "%.4s @%d %s %s %s\n", d->citation.claim, d->citation.rev,
				       d->change ? d->change : "-", d->citation.quote, d->value && d->value[0] == '{' ? "value" : "-"),
			 0);
	return row_done(r);
}

/* The lines of s, sorted, as one string (for rows in no stated order). */
static char *sorted_lines(const char *s)
{
	char *copy = strdup(s), *lines[16], *p, *save = NULL;
	size_t n = 0, i;
	ct_buf out = CT_BUF_INIT;

	assert_non_null(copy);
	for (p = strtok_r(copy, "\n", &save); p && n < 16; p = strtok_r(NULL, "\n", &save))
		lines[n++] = p;
	qsort(lines, n, sizeof(*lines), line_cmp);
	for (i = 0; i < n; i++)
		assert_int_equal(ct_buf_printf(&out, "%s\n", lines[i]), 0);
	free(copy);
	return out.ptr;
}

/* index-3: a revision's citations, a source's quotes, a diff's citations and the stored anchors. */
static void citations_and_anchors(void **state)
{
	struct story s;
	struct rows r = { CT_BUF_INIT, 0, 0 };
	ct_buf want = CT_BUF_INIT;
	char change[16], *got, *expected, *first, *last;
	const char *ids[3];
	int i;

	story(&s, state);
	ids[0] = s.a;
	ids[1] = s.b;
	ids[2] = s.c;
	sort_ids(ids, 3);
	/* By claim id, then seq. */
	assert_int_equal(ct_index_revision_citations(s.l, "harbour", 1, citation_row, &r), 0);
	for (i = 0; i < 3; i++) {
		const char *q = ids[i] == s.a ? "at least 14,000 households lost water"
			      : ids[i] == s.b ? "the worst since 1998"
					      : "About 300 workers were sent from three depots";
		size_t at = (size_t)(strstr(harbour1, q) - harbour1);
		assert_int_equal(ct_buf_printf(&want, "%.4s 0 @1 %zu-%zu %s\n", ids[i], at, at + strlen(q), q), 0);
	}
	assert_string_equal(r.text.ptr, want.ptr);
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_revision_citations(s.l, "harbour", 2, citation_row, &r), 0);
	assert_string_equal(r.text.ptr, "");

	/* Descending claim ids: the ferry's two quotes, c's and d's. */
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_source_quotes(s.l, "ferry", quote_row, &r), 0);
	first = strcmp(s.c, s.d) > 0 ? s.c : s.d;
	last = first == s.c ? s.d : s.c;
	ct_buf_reset(&want);
	assert_int_equal(ct_buf_printf(&want, "%.4s %s\n%.4s %s\n", first,
				       first == s.c ? "About 300 workers were sent" : "The ferry to the island was cancelled",
				       last, last == s.c ? "About 300 workers were sent" : "The ferry to the island was cancelled"),
			 0);
	assert_string_equal(r.text.ptr, want.ptr);

	/* The diff of 1 and 2 takes what source update stored; 2 and 1 has nothing stored. */
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_diff_citations(s.l, "harbour", 1, 2, diff_row, &r), 0);
	got = sorted_lines(r.text.ptr);
	ct_buf_reset(&want);
	assert_int_equal(ct_buf_printf(&want,
				       "%.4s @1 changed at least 14,000 households lost water value\n"
				       "%.4s @1 unchanged the worst since 1998 value\n"
				       "%.4s @1 removed About 300 workers were sent from three depots value\n",
				       s.a, s.b, s.c),
			 0);
	expected = sorted_lines(want.ptr);
	assert_string_equal(got, expected);
	free(got);
	free(expected);
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_diff_citations(s.l, "harbour", 2, 1, diff_row, &r), 0);
	assert_null(strstr(r.text.ptr, "changed"));
	assert_int_equal(strlen(r.text.ptr) > 0, 1);

	assert_int_equal(ct_index_anchor_change(change, sizeof(change), s.l, "harbour", 2, s.c, 0), 0);
	assert_string_equal(change, "removed");
	assert_int_equal(ct_index_anchor_change(change, sizeof(change), s.l, "harbour", 2, s.b, 0), 0);
	assert_string_equal(change, "unchanged");
	assert_int_equal(ct_index_anchor_change(change, sizeof(change), s.l, "harbour", 2, s.b, 1), CT_ENOTFOUND);
	assert_int_equal(ct_index_anchor_change(change, sizeof(change), s.l, "ferry", 2, s.c, 1), CT_ENOTFOUND);
	ct_buf_release(&r.text);
	ct_buf_release(&want);
	ct_ledger_free(s.l);
}

static int hit_row(const ct_index_hit *hit, void *payload)
{
	struct rows *r = payload;

	assert_int_equal(ct_buf_printf(&r->text, "%.4s %s %s\n", hit->id, hit->status, hit->snippet), 0);
	return row_done(r);
}

static int fts_row(const char *id, const char *record, size_t len, void *payload)
{
	struct rows *r = payload;

	assert_int_equal(strlen(record), len);
	assert_non_null(strstr(record, id));
	assert_int_equal(ct_buf_printf(&r->text, "%.4s\n", id), 0);
	return row_done(r);
}

/* index-4: the full-text questions, once and through a handle that asks many times. */
static void full_text(void **state)
{
	struct story s;
	struct rows r = { CT_BUF_INIT, 0, 0 };
	ct_index_fts *fts = NULL;
	ct_buf want = CT_BUF_INIT;
	long long n = -1;

	story(&s, state);
	assert_int_equal(ct_index_search(s.l, "\"ferry\"", 20, hit_row, &r), 0);
	assert_int_equal(ct_buf_printf(&want, "%.4s unverified The [ferry] to the island was cancelled\n", s.d), 0);
	assert_string_equal(r.text.ptr, want.ptr);
	r.seen = 0;
	assert_int_equal(ct_index_search(s.l, "\"workers\" OR \"households\"", 1, hit_row, &r), 0);
	assert_int_equal(r.seen, 1);
	assert_int_equal(ct_index_search(s.l, "\"unclosed", 20, hit_row, &r), CT_ERROR);
	assert_non_null(strstr(ct_error_last(), "index: "));

	assert_int_equal(ct_index_fts_new(&fts, s.l), 0);
	assert_int_equal(ct_index_fts_count(&n, fts, "\"workers\""), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ct_index_fts_count(&n, fts, "\"the\""), 0);
	assert_int_equal(n, 2); /* b and d */
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_fts_claims(fts, "\"workers\"", 5, fts_row, &r), 0);
	ct_buf_reset(&want);
	assert_int_equal(ct_buf_printf(&want, "%.4s\n", s.c), 0);
	assert_string_equal(r.text.ptr, want.ptr);
	/* Asked again, with a limit: the prepared statement starts over. */
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_fts_claims(fts, "\"the\"", 2, fts_row, &r), 0);
	assert_int_equal(strlen(r.text.ptr), 10);
	r.seen = 0;
	r.stop_at = 1;
	ct_buf_reset(&r.text);
	assert_int_equal(ct_index_fts_claims(fts, "\"the\"", 3, fts_row, &r), 42);
	assert_int_equal(strlen(r.text.ptr), 5);
	assert_int_equal(ct_index_fts_claims(fts, "\"unclosed", 3, fts_row, &r), CT_ERROR);
	ct_index_fts_free(fts);
	ct_index_fts_free(NULL);
	ct_buf_release(&r.text);
	ct_buf_release(&want);
	ct_ledger_free(s.l);
}

/*
 * index-5: the anchors record of a revision, typed, from the citations' rows:
 * each citation of an earlier revision, by claim id, where it stands now; the
 * bytes it is written in are the ones `source update` stored.
 */
static void the_anchors_of_a_revision(void **state)
{
	struct story s;
	ct_anchors *a = NULL;
	ct_buf path = CT_BUF_INIT, stored = CT_BUF_INIT, written = CT_BUF_INIT;
	const char *ids[3];
	size_t i, at;

	story(&s, state);
	ids[0] = s.a;
	ids[1] = s.b;
	ids[2] = s.c;
	sort_ids(ids, 3);
	assert_int_equal(ct_anchor_revision(&a, s.l, "harbour", 2, harbour2, strlen(harbour2)), 0);
	assert_non_null(a);
	assert_string_equal(a->source, "harbour");
	assert_int_equal(a->rev, 2);
	assert_int_equal(a->citations.n, 3);
	for (i = 0; i < 3; i++) {
		const ct_anchors_entry *e = &a->citations.v[i];

		assert_string_equal(e->claim, ids[i]);
		assert_int_equal(e->seq, 0);
		assert_int_equal(e->from_rev, 1);
		if (ids[i] == s.c) {
			/* Its sentence is gone: no place, no quote. */
			assert_int_equal(e->change, CT_CHANGE_REMOVED);
			assert_int_equal(e->start, -1);
			assert_int_equal(e->end, -1);
			assert_null(e->quote);
			continue;
		}
		at = (size_t)(strstr(harbour2, ids[i] == s.a ? "at least 20,000" : "the worst") - harbour2);
		assert_int_equal(e->change, ids[i] == s.a ? CT_CHANGE_CHANGED : CT_CHANGE_UNCHANGED);
		assert_int_equal(e->start, (long long)at);
		assert_int_equal(e->end - e->start, (long long)strlen(e->quote));
		assert_memory_equal(harbour2 + at, e->quote, strlen(e->quote));
		assert_true(ids[i] == s.a ? e->similarity < 1.0 : e->similarity == 1.0);
	}
	assert_int_equal(ct_path_anchors(&path, "harbour", 2), 0);
	assert_int_equal(ct_ledger_read(&stored, s.l, NULL, path.ptr), 0);
	assert_int_equal(ct_anchors_serialise(&written, a), 0);
	assert_string_equal(written.ptr, stored.ptr);
	ct_anchors_free(a);
	a = NULL;

	/* No earlier revision, or none with a citation: no record. */
	assert_int_equal(ct_anchor_revision(&a, s.l, "harbour", 1, harbour1, strlen(harbour1)), 0);
	assert_null(a);
	assert_int_equal(ct_anchor_revision(&a, s.l, "nowhere", 3, harbour1, strlen(harbour1)), 0);
	assert_null(a);
	ct_buf_release(&path);
	ct_buf_release(&stored);
	ct_buf_release(&written);
	ct_ledger_free(s.l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sources_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(claims_by_source_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(citations_and_anchors, setup, teardown),
		cmocka_unit_test_setup_teardown(the_anchors_of_a_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(full_text, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
