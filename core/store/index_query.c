/* core/store/index_query.c: the index's answers to the upper layers' questions (index.h), and the texts. */
#include "index.h"
#include "error.h"
#include "index_int.h"
#include "ledger_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The message of the connection's last error, as every question reports it. */
static int fail(sqlite3 *db)
{
	return ct_error_set(CT_ERROR, "index: %s", sqlite3_errmsg(db));
}

/* Prepare `sql` on the ledger's index connection. st: [out] NULL on entry; finalize it. */
static int prepare(sqlite3_stmt **st, ct_ledger *l, const char *sql)
{
	sqlite3 *db = ct_ledger_db(l);

	*st = NULL;
	if (!db)
		return CT_ERROR;
	ct_index_alloc_watch();
	return sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK ? 0 : fail(db);
}

/* The text of column `col`, NULL only when the column is NULL (an allocation that fails is an error). */
static int column_text(const char **out, sqlite3_stmt *st, int col)
{
	*out = (const char *)sqlite3_column_text(st, col);
	if (!*out && sqlite3_column_type(st, col) != SQLITE_NULL)
		return ct_error_oom();
	return 0;
}

/*
 * After the last step of a statement: `rc` must say the rows are done, and no
 * allocation of SQLite's may have failed since prepare() (index.c). Finalizes it.
 */
static int finish(sqlite3_stmt *st, int rc, int error)
{
	if (!error && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = fail(sqlite3_db_handle(st));
	sqlite3_finalize(st);
	if (!error && ct_index_alloc_failed())
		error = ct_error_oom();
	return error;
}

/* Give each row's first column, a record, to cb. Finalizes the statement. */
static int each_record(sqlite3_stmt *st, ct_index_record_cb cb, void *payload)
{
	const char *text;
	int rc, error = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = column_text(&text, st, 0)) < 0 ||
		    (error = cb(text ? text : "", (size_t)sqlite3_column_bytes(st, 0), payload)) != 0)
			break;
	return finish(st, rc, error);
}

/* Append the first column of the one row that statement st finds to out; CT_ENOTFOUND for none. */
static int one_blob(ct_buf *out, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st), error = 0;

	if (rc == SQLITE_ROW)
		error = ct_buf_put(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	else if (rc == SQLITE_DONE)
		error = CT_ENOTFOUND;
	return finish(st, rc, error);
}

/* The one record `sql` finds for the text parameter `id`. */
static int one_record(ct_buf *out, ct_ledger *l, const char *sql, const char *id)
{
	sqlite3_stmt *st;
	int error;

	if ((error = prepare(&st, l, sql)) < 0)
		return error;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return one_blob(out, st);
}

int ct_index_source_record(ct_buf *out, ct_ledger *l, const char *id)
{
	return one_record(out, l, "SELECT record FROM sources WHERE id = ?", id);
}

int ct_index_sources(ct_ledger *l, ct_index_record_cb cb, void *payload)
{
	sqlite3_stmt *st;
	int error;

	if ((error = prepare(&st, l, "SELECT record FROM sources ORDER BY id")) < 0)
		return error;
	return each_record(st, cb, payload);
}

int ct_index_source_revisions(int *out, ct_ledger *l, const char *id)
{
	sqlite3_stmt *st;
	int rc, error;

	*out = 0;
	if ((error = prepare(&st, l, "SELECT revisions FROM sources WHERE id = ?")) < 0)
		return error;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else if (rc == SQLITE_DONE)
		error = CT_ENOTFOUND;
	return finish(st, rc, error);
}

int ct_index_count_records(int *out, ct_ledger *l)
{
	sqlite3_stmt *st;
	int rc, error;

	*out = 0;
	if ((error = prepare(&st, l, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claims)")) < 0)
		return error;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	return finish(st, rc, 0);
}

int ct_index_check_full_text(ct_ledger *l)
{
	sqlite3 *db = ct_ledger_db(l);

	if (!db)
		return CT_ERROR;
	/* FTS5 compares its index with the words of claims_text. */
	if (sqlite3_exec(db, "INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return ct_error_set(CT_ERROR, "%s", sqlite3_errmsg(db));
	return 0;
}

/* The text of revision `rev` of source `id` as the index holds it: 0, CT_ENOTFOUND, CT_ERROR. */
static int index_text(ct_buf *out, ct_ledger *l, const char *id, int rev)
{
	sqlite3_stmt *st;
	int error;

	if ((error = prepare(&st, l, "SELECT body FROM texts WHERE source = ? AND rev = ?")) < 0)
		return error;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	return one_blob(out, st);
}

int ct_ledger_text(ct_buf *out, ct_ledger *l, const char *id, int rev)
{
	ct_buf path = CT_BUF_INIT;
	int error;

	/* The index holds every text; the history is the fallback. */
	if (index_text(out, l, id, rev) == 0)
		return 0;
	if ((error = ct_path_text(&path, id, rev)) == 0)
		error = ct_ledger_read(out, l, NULL, path.ptr);
	if (error == CT_ENOTFOUND)
		error = ct_error_set(CT_ENOTFOUND, "source '%s' has no revision %d", id, rev);
	ct_buf_release(&path);
	return error;
}

int ct_index_claim_record(ct_buf *out, ct_ledger *l, const char *id)
{
	return one_record(out, l, "SELECT record FROM claims WHERE id = ?", id);
}

int ct_index_claim_exists(int *out, ct_ledger *l, const char *id)
{
	sqlite3_stmt *st;
	int rc, error;

	*out = 0;
	if ((error = prepare(&st, l, "SELECT 1 FROM claims WHERE id = ?1")) < 0)
		return error;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	return finish(st, rc, 0);
}

int ct_index_claims(ct_ledger *l, const char *status, const char *source, ct_index_record_cb cb, void *payload)
{
	sqlite3_stmt *st;
	int error;

	/*
	 * The source's claims as one list, looked up once: as a correlated
	 * EXISTS, SQLite searched citations_by_source for every claim (all of
	 * the source's citations each time: 16G instructions at 10,000 claims).
	 */
	if ((error = prepare(&st, l,
			     "SELECT record FROM claims WHERE (?1 = '' OR status = ?1) AND"
			     " (?2 = '' OR id IN (SELECT claim FROM citations WHERE source = ?2))"
			     " ORDER BY created, id")) < 0)
		return error;
	sqlite3_bind_text(st, 1, status ? status : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source ? source : "", -1, SQLITE_STATIC);
	return each_record(st, cb, payload);
}

int ct_index_claim_ids(ct_ledger *l, const char *prefix, int limit, ct_index_id_cb cb, void *payload)
{
	sqlite3_stmt *st;
	char *pattern;
	const char *id;
	int rc, error;

	if (!(pattern = sqlite3_mprintf("%s*", prefix)))
		return ct_error_oom();
	if ((error = prepare(&st, l, "SELECT id FROM claims WHERE id GLOB ? ORDER BY id LIMIT ?")) < 0) {
		sqlite3_free(pattern);
		return error;
	}
	sqlite3_bind_text(st, 1, pattern, -1, sqlite3_free);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = column_text(&id, st, 0)) < 0 || (error = cb(id, payload)) != 0)
			break;
	return finish(st, rc, error);
}

int ct_index_search(ct_ledger *l, const char *match, int limit, ct_index_hit_cb cb, void *payload)
{
	sqlite3_stmt *st;
	ct_index_hit hit;
	int rc, error;

	if ((error = prepare(&st, l,
			     "SELECT f.id, c.statement, c.status, bm25(claims_fts),"
			     " snippet(claims_fts, -1, '[', ']', '...', 12)"
			     " FROM claims_fts f JOIN claims c ON c.id = f.id"
			     " WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts), c.id LIMIT ?")) < 0)
		return error;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hit.rank = sqlite3_column_double(st, 3);
		if ((error = column_text(&hit.id, st, 0)) < 0 || (error = column_text(&hit.statement, st, 1)) < 0 ||
		    (error = column_text(&hit.status, st, 2)) < 0 || (error = column_text(&hit.snippet, st, 4)) < 0 ||
		    (error = cb(&hit, payload)) != 0)
			break;
	}
	return finish(st, rc, error);
}

int ct_index_revision_citations(ct_ledger *l, const char *source, int rev, ct_index_citation_cb cb, void *payload)
{
	sqlite3_stmt *st;
	ct_index_citation c;
	int rc, error;

	/* The citations' rows (migrations/), no claim record parsed. */
	if ((error = prepare(&st, l,
			     "SELECT claim, seq, start_at, end_at, quote FROM citations"
			     " WHERE source = ? AND rev = ? ORDER BY claim, seq")) < 0)
		return error;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.seq = sqlite3_column_int(st, 1);
		c.rev = rev;
		c.start = (size_t)sqlite3_column_int64(st, 2);
		c.end = (size_t)sqlite3_column_int64(st, 3);
		if ((error = column_text(&c.claim, st, 0)) < 0 || (error = column_text(&c.quote, st, 4)) < 0 ||
		    (error = cb(&c, payload)) != 0)
			break;
	}
	return finish(st, rc, error);
}

int ct_index_source_quotes(ct_ledger *l, const char *source,
			   int (*cb)(const char *quote, const char *claim, void *payload), void *payload)
{
	sqlite3_stmt *st;
	const char *quote, *claim;
	int rc, error;

	if ((error = prepare(&st, l, "SELECT quote, claim FROM citations WHERE source = ?1 ORDER BY claim DESC")) < 0)
		return error;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = column_text(&quote, st, 0)) < 0 || (error = column_text(&claim, st, 1)) < 0 ||
		    (error = cb(quote, claim, payload)) != 0)
			break;
	return finish(st, rc, error);
}

int ct_index_diff_citations(ct_ledger *l, const char *source, int a, int b, ct_index_diff_citation_cb cb,
			    void *payload)
{
	sqlite3_stmt *st;
	ct_index_diff_citation row;
	int rc, error;

	/* Rows only, no claim record parsed; the stored re-anchoring comes from anchors/ (source update). */
	if ((error = prepare(&st, l,
			     "SELECT t.claim, t.seq, t.rev, t.start_at, t.end_at, t.quote, t.value, c.statement,"
			     " s.change, s.start_at, s.end_at, s.similarity"
			     " FROM citations t JOIN claims c ON c.id = t.claim"
			     " LEFT JOIN anchors s ON ?3 < ?4 AND t.rev = ?3 AND s.source = t.source AND s.rev = ?4"
			     " AND s.claim = t.claim AND s.seq = t.seq AND s.from_rev = t.rev"
			     " WHERE t.source = ?1 AND t.rev <= ?2")) < 0)
		return error;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, a > b ? a : b);
	sqlite3_bind_int(st, 3, a);
	sqlite3_bind_int(st, 4, b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.citation.seq = sqlite3_column_int(st, 1);
		row.citation.rev = sqlite3_column_int(st, 2);
		row.citation.start = (size_t)sqlite3_column_int64(st, 3);
		row.citation.end = (size_t)sqlite3_column_int64(st, 4);
		row.start = (size_t)sqlite3_column_int64(st, 9);
		row.end = (size_t)sqlite3_column_int64(st, 10);
		row.similarity = sqlite3_column_double(st, 11);
		if ((error = column_text(&row.citation.claim, st, 0)) < 0 ||
		    (error = column_text(&row.citation.quote, st, 5)) < 0 || (error = column_text(&row.value, st, 6)) < 0 ||
		    (error = column_text(&row.statement, st, 7)) < 0 || (error = column_text(&row.change, st, 8)) < 0 ||
		    (error = cb(&row, payload)) != 0)
			break;
	}
	return finish(st, rc, error);
}

int ct_index_anchor_change(char *out, size_t size, ct_ledger *l, const char *source, int rev, const char *claim,
			   int seq)
{
	sqlite3_stmt *st;
	const char *change;
	int rc, error;

	out[0] = '\0';
	if ((error = prepare(&st, l, "SELECT change FROM anchors WHERE source = ? AND rev = ? AND claim = ? AND seq = ?")) <
	    0)
		return error;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	sqlite3_bind_text(st, 3, claim, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, seq);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = column_text(&change, st, 0)) == 0)
			snprintf(out, size, "%s", change ? change : "");
	} else if (rc == SQLITE_DONE) {
		error = CT_ENOTFOUND;
	}
	return finish(st, rc, error);
}

struct ct_index_fts {
	sqlite3 *db;          /* the connection the statements were prepared on (borrowed) */
	sqlite3_stmt *count;  /* how many claims a query matches */
	sqlite3_stmt *claims; /* the best claims of a query */
};

int ct_index_fts_new(ct_index_fts **out, ct_ledger *l)
{
	ct_index_fts *f;
	int error;

	*out = NULL;
	if (!(f = calloc(1, sizeof(*f))))
		return ct_error_oom();
	if ((error = prepare(&f->count, l, "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?1")) < 0 ||
	    /* Rank in the full-text index alone; read only the best records. */
	    (error = prepare(&f->claims, l,
			     "SELECT c.id, c.record FROM (SELECT rowid AS k, bm25(claims_fts) AS r FROM claims_fts"
			     " WHERE claims_fts MATCH ?1 ORDER BY r LIMIT ?2) f"
			     " JOIN claims_fts t ON t.rowid = f.k JOIN claims c ON c.id = t.id ORDER BY f.r, c.id")) < 0) {
		ct_index_fts_free(f);
		return error;
	}
	f->db = sqlite3_db_handle(f->count);
	*out = f;
	return 0;
}

void ct_index_fts_free(ct_index_fts *f)
{
	if (!f)
		return;
	sqlite3_finalize(f->count);
	sqlite3_finalize(f->claims);
	free(f);
}

/* Make a statement of the handle ready for its next use. */
static void rewind_stmt(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int ct_index_fts_count(long long *out, ct_index_fts *f, const char *match)
{
	int rc;

	*out = 0;
	ct_index_alloc_watch();
	sqlite3_bind_text(f->count, 1, match, -1, SQLITE_STATIC);
	rc = sqlite3_step(f->count);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(f->count, 0);
	rewind_stmt(f->count);
	if (rc == SQLITE_ROW && ct_index_alloc_failed())
		return ct_error_oom();
	return rc == SQLITE_ROW ? 0 : fail(f->db);
}

int ct_index_fts_claims(ct_index_fts *f, const char *match, int limit,
			int (*cb)(const char *id, const char *record, size_t len, void *payload), void *payload)
{
	const char *id, *record;
	int rc, error = 0;

	ct_index_alloc_watch();
	sqlite3_reset(f->claims);
	sqlite3_bind_text(f->claims, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(f->claims, 2, limit);
	while ((rc = sqlite3_step(f->claims)) == SQLITE_ROW)
		if ((error = column_text(&id, f->claims, 0)) < 0 || (error = column_text(&record, f->claims, 1)) < 0 ||
		    (error = cb(id, record ? record : "", (size_t)sqlite3_column_bytes(f->claims, 1), payload)) != 0)
			break;
	if (!error && rc != SQLITE_DONE)
		error = fail(f->db);
	rewind_stmt(f->claims);
	if (!error && ct_index_alloc_failed())
		error = ct_error_oom();
	return error;
}
