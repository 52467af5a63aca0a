/*
 * Out of memory in the store (oom.h): a rebuild of the fixture ledger's index
 * (oom_fixture.h), and a catch-up of an index left behind by writes, each run
 * with its 1st, 2nd, ... allocation refused. A refused run fails with
 * CT_ERROR or succeeds, and either way the next open, with nothing refused,
 * gives exactly the answers the ledger gave before: a failed rebuild or
 * catch-up leaves the index as it was, and one that succeeded is complete.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdio.h>
#include <unistd.h>

#include "index.h"
#include "json.h"
#include "oom_fixture.h"

/* One row of a diff's citations, as a line. */
static int diff_row(const ct_index_diff_citation *row, void *payload)
{
	return ct_buf_printf(payload, "%s %d %d %zu-%zu %s %s %s %zu-%zu %.3f\n", row->citation.claim,
			     row->citation.seq, row->citation.rev, row->citation.start, row->citation.end,
			     row->citation.quote, row->value ? row->value : "-", row->change ? row->change : "-",
			     row->start, row->end, row->similarity);
}

/* A question with nothing refused must be answered. */
static void answered(int error, const char *what)
{
	if (error)
		fail_msg("%s: error %d: %s", what, error, ct_error_last());
}

/*
 * The answers of the ledger, opened with nothing refused: every claim, every
 * source, a full-text search, the citations and stored anchors of a diff, and
 * the commit the index reflects.
 */
static void put_answers(ct_buf *out)
{
	ct_ledger *l = NULL;
	ct_claims claims_now;
	ct_sources sources_now;
	ct_search_hits hits;
	size_t i;
	int error;

	answered(ct_ledger_open(&l, gitdir), "open");
	error = ct_claim_list(&claims_now, l, NULL, NULL);
	answered(oom_put_records(out, &ct_claim_type, claims_now.v, claims_now.n, error), "claim list");
	ct_claims_release(&claims_now);
	error = ct_source_list(&sources_now, l);
	answered(oom_put_records(out, &ct_source_type, sources_now.v, sources_now.n, error), "source list");
	ct_sources_release(&sources_now);
	answered(ct_search(&hits, l, "households OR workers", 20), "search");
	for (i = 0; i < hits.n; i++)
		assert_int_equal(ct_buf_printf(out, "%s %s %s %.6f %s\n", hits.v[i].id,
					       ct_status_names[hits.v[i].status], hits.v[i].statement,
					       hits.v[i].rank, hits.v[i].snippet), 0);
	ct_search_hits_release(&hits);
	answered(ct_index_diff_citations(l, "june", 1, 2, diff_row, out), "diff");
	assert_int_equal(ct_buf_printf(out, "head %s\n", ct_ledger_head(l)), 0);
	ct_ledger_free(l);
}

/*
 * Run `fn` on a ledger opened (refusals included) on the fixture; then, with
 * nothing refused, write the answers down. Returns 0 when `fn` (or the open)
 * succeeded or failed with CT_ERROR, else its error (a failure of oom.h's loop).
 */
static int refused_then_answers(ct_buf *out, int (*fn)(ct_ledger *l))
{
	ct_ledger *l = NULL;
	int error;

	if ((error = ct_ledger_open(&l, gitdir)) == 0 && fn)
		error = fn(l);
	ct_ledger_free(l);
	oom_stop();
	if (error && error != CT_ERROR)
		return error;
	put_answers(out);
	return 0;
}

static int op_rebuild(ct_buf *out, void *arg)
{
	(void)arg;
	return refused_then_answers(out, ct_ledger_rebuild);
}

static void a_rebuild_fails_or_is_complete(void **state)
{
	(void)state;
	oom_each_allocation(op_rebuild, NULL);
}

/* ---- catching up an index left behind ------------------------------------ */

/* A copy of the index's files (index.sqlite and its WAL), to put back before each run. */
struct snapshot {
	ct_buf db, wal;
	int has_wal;
};

static int read_file(ct_buf *out, const char *path)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(ct_buf_put(out, chunk, n), 0);
	fclose(f);
	return 0;
}

static void write_file(const char *path, const ct_buf *b)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->ptr ? b->ptr : "", 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

static void index_path(char *out, size_t size, const char *suffix)
{
	snprintf(out, size, "%s/index.sqlite%s", gitdir, suffix);
}

static void snapshot_take(struct snapshot *s)
{
	char path[4096];

	index_path(path, sizeof(path), "");
	assert_int_equal(read_file(&s->db, path), 0);
	index_path(path, sizeof(path), "-wal");
	s->has_wal = read_file(&s->wal, path) == 0;
}

static void snapshot_restore(const struct snapshot *s)
{
	char path[4096];

	index_path(path, sizeof(path), "-shm");
	unlink(path);
	index_path(path, sizeof(path), "-wal");
	if (s->has_wal)
		write_file(path, &s->wal);
	else
		unlink(path);
	index_path(path, sizeof(path), "");
	write_file(path, &s->db);
}

static struct snapshot behind = { CT_BUF_INIT, CT_BUF_INIT, 0 };

/*
 * The open catches the index up: put back the index of before the writes
 * (nothing refused there: the countdown oom.h's loop set is kept for after),
 * then open.
 */
static int op_catch_up(ct_buf *out, void *arg)
{
	long countdown = oom_countdown;

	(void)arg;
	oom_stop();
	snapshot_restore(&behind);
	oom_countdown = countdown;
	return refused_then_answers(out, NULL);
}

static void a_catch_up_fails_or_is_complete(void **state)
{
	ct_ledger *l = NULL;
	ct_claim *claim = NULL;
	ct_source *source = NULL;
	ct_cite_spec cite = { "april", "Repairs may cost 5 million euros", "disputes", NULL, NULL };
	ct_claim_spec spec = { "Repairs cost 5 million euros", NULL, NULL, NULL, &cite };
	ct_source_spec later = { "later", "https://news.example/later", "Later", NULL, NULL, NULL,
				 NULL, 0, NULL, 0, NULL };
	int rev = 0;

	(void)state;
	/* The index as it stands, then writes it is not told of. */
	assert_int_equal(ct_ledger_open(&l, gitdir), 0);
	ct_ledger_free(l);
	snapshot_take(&behind);
	assert_int_equal(ct_ledger_open(&l, gitdir), 0);
	assert_int_equal(ct_claim_add(&claim, l, &spec), 0);
	ct_claim_free(claim);
	assert_int_equal(ct_claim_set_status(&claim, l, claims[1], "disputed", "the figures differ"), 0);
	ct_claim_free(claim);
	assert_int_equal(ct_source_add(&source, l, &later, april, strlen(april)), 0);
	ct_source_free(source);
	assert_int_equal(ct_source_update(&source, &rev, l, "june", june1, strlen(june1), NULL), 0);
	ct_source_free(source);
	assert_int_equal(rev, 3);
	ct_ledger_free(l);

	oom_each_allocation(op_catch_up, NULL);
	ct_buf_release(&behind.db);
	ct_buf_release(&behind.wal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_rebuild_fails_or_is_complete),
		cmocka_unit_test(a_catch_up_fails_or_is_complete),
	};

	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory in the store", tests, oom_fixture_setup,
					   oom_fixture_teardown);
}
