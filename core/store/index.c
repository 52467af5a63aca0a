/* core/store/index.c: the SQLite index: its connection, its schema, and applying the tree's files. */
#include "index_int.h"
#include "error.h"
#include "json.h"
#include "migrations.h"
#include "record.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ct_index_error(sqlite3 *db, const char *what)
{
	return ct_error_set(CT_ERROR, "index: %s: %s", what, sqlite3_errmsg(db));
}

int ct_index_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int error = ct_error_set(CT_ERROR, "index: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return error;
	}
	return 0;
}

static int user_version(int *out, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return ct_index_error(db, "cannot read the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : ct_index_error(db, "cannot read the schema version");
}

/*
 * Discard whatever an index of another schema version holds: SQLite's own
 * reset of a database to empty, in a transaction of its own, so that other
 * connections see the old file or the empty one, never a part of either.
 */
static int discard(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int objects = 0, error;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) != SQLITE_OK)
		return ct_index_error(db, "cannot read the schema");
	if (sqlite3_step(st) == SQLITE_ROW)
		objects = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!objects)
		return 0; /* a new file */
	sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 1, NULL);
	error = ct_index_exec(db, "VACUUM");
	sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 0, NULL);
	return error;
}

/* Create the schema in an empty index: every file of migrations/ in order, and its version. */
static int create(sqlite3 *db, int version)
{
	char pragma[64];
	int i;

	if (ct_index_exec(db, "BEGIN IMMEDIATE") < 0)
		return CT_ERROR;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", version);
	for (i = 0; i < ct_migrations_count; i++) {
		if (ct_index_exec(db, ct_migrations[i].sql) < 0)
			break;
	}
	if (i < ct_migrations_count || ct_index_exec(db, pragma) < 0 || ct_index_exec(db, "COMMIT") < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", ct_error_last());
		ct_index_exec(db, "ROLLBACK");
		return ct_error_set(CT_ERROR, "cannot create the index schema '%s': %s",
				    ct_migrations[i < ct_migrations_count ? i : ct_migrations_count - 1].name, msg);
	}
	return 0;
}

void ct_index_allow_checkpoint(sqlite3 *db, int allow)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, !allow, NULL);
	sqlite3_wal_autocheckpoint(db, allow ? 1000 : 0);
}

/*
 * SQLite does not always pass a failed allocation up: FTS5's snippet(), for
 * one, goes on with what it has and returns a wrong snippet. Its allocations
 * go through functions that note a failure for the calling thread, chained
 * to the allocator it had (its default unless the program set another), so
 * that a question whose statement saw one fails instead of answering. When
 * the program started SQLite before the first ledger was opened, SQLite
 * cannot be told (sqlite3_config() refuses) and nothing is noted.
 */
static sqlite3_mem_methods chained;
static _Thread_local int alloc_failed;
static pthread_once_t track_once = PTHREAD_ONCE_INIT;

static void *track_malloc(int n)
{
	void *p = chained.xMalloc(n);

	if (!p)
		alloc_failed = 1;
	return p;
}

static void *track_realloc(void *p, int n)
{
	void *q = chained.xRealloc(p, n);

	if (!q && n > 0)
		alloc_failed = 1;
	return q;
}

static void track_install(void)
{
	sqlite3_mem_methods m;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &chained) != SQLITE_OK || !chained.xMalloc)
		return;
	m = chained;
	m.xMalloc = track_malloc;
	m.xRealloc = track_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

void ct_index_alloc_watch(void)
{
	alloc_failed = 0;
}

int ct_index_alloc_failed(void)
{
	return alloc_failed;
}

int ct_index_open(sqlite3 **out, const char *path, int writer)
{
	sqlite3 *db = NULL;
	int version, error = 0, latest = ct_migrations_count
						 ? ct_migrations[ct_migrations_count - 1].version
						 : 0;

	*out = NULL;
	pthread_once(&track_once, track_install);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		error = ct_error_set(CT_ERROR, "cannot open the index '%s': %s", path,
				     db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(db, 30000);
	ct_index_allow_checkpoint(db, writer);
	if ((error = user_version(&version, db)) < 0)
		goto done;
	/* The index is a cache: one of another schema, older or newer, is built again (by a writer). */
	if (version != latest && !writer) {
		error = CT_ECONFLICT;
		goto done;
	}
	if (version != latest && (error = discard(db)) < 0)
		goto done;
	if (writer && (error = ct_index_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")) < 0)
		goto done;
	if (version != latest && (error = create(db, latest)) < 0)
		goto done;
	*out = db;
	db = NULL;
done:
	sqlite3_close(db);
	return error;
}

int ct_index_head(char *out, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'commit'", -1, &st, NULL) != SQLITE_OK)
		return ct_index_error(db, "cannot read the indexed commit");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, 41, "%s", v ? v : "");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ct_index_error(db, "cannot read the indexed commit");
}

int ct_index_clear(sqlite3 *db)
{
	/* The full-text index first: it reads what it forgets from the claims and citations. */
	return ct_index_exec(db, "INSERT INTO claims_fts (claims_fts) VALUES ('delete-all');"
				 " DELETE FROM meta; DELETE FROM sources; DELETE FROM source_cites;"
				 " DELETE FROM claims; DELETE FROM citations; DELETE FROM anchors; DELETE FROM texts;");
}

/*
 * The record id of a path "dir/.../ID.json" (sources, claims), or the source id
 * and revision of "anchors/HH/ID/N.json" and "texts/HH/ID/N.txt" (rev not NULL).
 */
static int path_id(char *id, size_t idsize, int *rev, const char *path, const char *dir, const char *ext)
{
	size_t dl = strlen(dir), n;
	const char *base, *dot, *start;

	if (strncmp(path, dir, dl) || path[dl] != '/')
		return 0;
	base = strrchr(path, '/') + 1;
	dot = strrchr(base, '.');
	if (!dot || strcmp(dot, ext))
		return 0;
	if (!rev) {
		start = base;
		n = (size_t)(dot - base);
	} else {
		char *end;
		/* The directory holding N.ext is the source's id. */
		for (start = base - 1; start > path + dl && start[-1] != '/'; start--)
			;
		n = (size_t)(base - 1 - start);
		*rev = (int)strtol(base, &end, 10);
		if (end != dot || *rev <= 0)
			return 0;
	}
	if (!n || n >= idsize)
		return 0;
	memcpy(id, start, n);
	id[n] = '\0';
	return 1;
}

/*
 * The statements that apply records, prepared once a batch (a rebuild
 * applies 10,000 claims; preparing six statements for each was a quarter of
 * its instructions).
 */
enum stmt {
	S_TEXT_PUT, S_TEXT_DEL,
	S_SOURCE_DEL, S_SOURCE_CITES_DEL, S_SOURCE_PUT, S_SOURCE_CITE_PUT,
	S_CLAIM_FTS_DEL, S_CLAIM_DEL, S_CITATIONS_DEL, S_CLAIM_PUT, S_CITATION_PUT, S_CLAIM_FTS_PUT,
	S_ANCHORS_DEL, S_ANCHOR_PUT,
	S_HEAD_PUT,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_TEXT_PUT] = "INSERT OR REPLACE INTO texts (source, rev, body) VALUES (?, ?, ?)",
	[S_TEXT_DEL] = "DELETE FROM texts WHERE source = ? AND rev = ?",
	[S_SOURCE_DEL] = "DELETE FROM sources WHERE id = ?",
	[S_SOURCE_CITES_DEL] = "DELETE FROM source_cites WHERE source = ?",
	[S_SOURCE_PUT] = "INSERT INTO sources (id, url, title, publisher, published, kind, revisions, record)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[S_SOURCE_CITE_PUT] = "INSERT OR IGNORE INTO source_cites (source, cited) VALUES (?, ?)",
	/*
	 * Full-text rows share their claim's rowid: a lookup, not a scan of the
	 * table. The row is forgotten while its words are still in claims_text.
	 */
	[S_CLAIM_FTS_DEL] = "DELETE FROM claims_fts WHERE rowid = (SELECT rowid FROM claims WHERE id = ?)",
	[S_CLAIM_DEL] = "DELETE FROM claims WHERE id = ?",
	[S_CITATIONS_DEL] = "DELETE FROM citations WHERE claim = ?",
	[S_CLAIM_PUT] = "INSERT INTO claims (id, statement, subject, property, status, created, updated, record)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[S_CITATION_PUT] = "INSERT INTO citations (claim, seq, source, rev, quote, stance, start_at, end_at, value)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* Indexed from the view its deletion will read, so that both see the same words. */
	[S_CLAIM_FTS_PUT] = "INSERT INTO claims_fts (rowid, id, statement, quotes)"
			    " SELECT rid, id, statement, quotes FROM claims_text WHERE id = ?",
	[S_ANCHORS_DEL] = "DELETE FROM anchors WHERE source = ? AND rev = ?",
	[S_ANCHOR_PUT] = "INSERT OR REPLACE INTO anchors (source, rev, claim, seq, from_rev, change,"
			 " start_at, end_at, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_HEAD_PUT] = "INSERT OR REPLACE INTO meta (key, value) VALUES ('commit', ?)",
};

struct ct_index_batch {
	sqlite3 *db;
	int fresh; /* the tables were emptied: nothing to delete, full text indexed at the end */
	sqlite3_stmt *st[S_COUNT];
};

int ct_index_batch_new(ct_index_batch **out, sqlite3 *db, int fresh)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return ct_error_oom();
	(*out)->db = db;
	(*out)->fresh = fresh;
	return 0;
}

void ct_index_batch_free(ct_index_batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(b->st[i]);
	free(b);
}


/* Statement k, prepared on its first use. NULL on error (the message is set). */
static sqlite3_stmt *stmt(ct_index_batch *b, enum stmt k)
{
	if (!b->st[k] &&
	    sqlite3_prepare_v3(b->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &b->st[k], NULL) != SQLITE_OK) {
		ct_index_error(b->db, "cannot prepare a statement");
		return NULL;
	}
	return b->st[k];
}

/* Run a statement whose parameters are bound, and make it ready for its next use. */
static int step(ct_index_batch *b, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st), error = 0;

	if (rc != SQLITE_DONE)
		error = ct_index_error(b->db, "cannot update");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return error;
}

/* Run statement k with text parameters (NULL binds NULL). */
static int run_stmt(ct_index_batch *b, enum stmt k, int n, const char **params)
{
	sqlite3_stmt *st = stmt(b, k);
	int i;

	if (!st)
		return CT_ERROR;
	for (i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	return step(b, st);
}

int ct_index_batch_finish(ct_index_batch *b, const char *commit)
{
	const char *p[] = { commit };
	int error;

	/* One pass over claims_text, instead of a statement a claim. */
	if (b->fresh &&
	    (error = ct_index_exec(b->db, "INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")) < 0)
		return error;
	return run_stmt(b, S_HEAD_PUT, 1, p);
}

static int apply_text(ct_index_batch *b, const char *source, int rev, const char *data, size_t len)
{
	sqlite3_stmt *st = stmt(b, data ? S_TEXT_PUT : S_TEXT_DEL);

	if (!st)
		return CT_ERROR;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	if (data)
		sqlite3_bind_text(st, 3, data, (int)len, SQLITE_STATIC);
	return step(b, st);
}

/* The name of value i of an enum that may be absent (-1): NULL then. */
static const char *enum_name(const char *const *names, int i)
{
	return i >= 0 ? names[i] : NULL;
}

static int apply_source(ct_index_batch *b, const char *id, const ct_source *src, const char *data)
{
	const char *del[] = { id };
	size_t i;
	char nrev[24];
	int error;

	if (!b->fresh && ((error = run_stmt(b, S_SOURCE_DEL, 1, del)) < 0 ||
	                  (error = run_stmt(b, S_SOURCE_CITES_DEL, 1, del)) < 0))
		return error;
	if (!src)
		return 0;
	snprintf(nrev, sizeof(nrev), "%zu", src->revisions.n);
	{
		const char *p[] = { id,
				    src->url,
				    src->title,
				    src->publisher,
				    src->published,
				    enum_name(ct_source_kind_names, src->kind),
				    nrev,
				    data };
		if ((error = run_stmt(b, S_SOURCE_PUT, 8, p)) < 0)
			return error;
	}
	for (i = 0; i < src->cites.n; i++) {
		const char *p[] = { id, src->cites.v[i] };
		if ((error = run_stmt(b, S_SOURCE_CITE_PUT, 2, p)) < 0)
			return error;
	}
	return 0;
}

/*
 * A citation's row: its place as columns (migrations/), and its value as the
 * compact JSON of the record's own `value` (json, borrowed; NULL when absent).
 */
static int apply_citation(ct_index_batch *b, const char *claim, size_t seq, const ct_citation *c,
			  const json_t *json)
{
	sqlite3_stmt *st = stmt(b, S_CITATION_PUT);
	char *value = NULL;
	int error;

	if (!st)
		return CT_ERROR;
	if (c->value.kind != CT_VALUE_NONE && json && (error = ct_json_compact(&value, json)) < 0)
		return error;
	sqlite3_bind_text(st, 1, claim, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
	sqlite3_bind_text(st, 3, c->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, c->rev);
	sqlite3_bind_text(st, 5, c->quote, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ct_stance_names[c->stance], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->start);
	sqlite3_bind_int64(st, 8, c->end);
	if (value)
		sqlite3_bind_text(st, 9, value, -1, free);
	else
		sqlite3_bind_null(st, 9);
	return step(b, st);
}

/* json: the claim's JSON (borrowed), whose citations' values the rows keep as they are. */
static int apply_claim(ct_index_batch *b, const char *id, const ct_claim *claim, const json_t *json,
		       const char *data)
{
	const char *del[] = { id };
	const json_t *cits = json_object_get(json, "citations");
	size_t i;
	int error;

	if (!b->fresh && ((error = run_stmt(b, S_CLAIM_FTS_DEL, 1, del)) < 0 ||
	                  (error = run_stmt(b, S_CLAIM_DEL, 1, del)) < 0 ||
	                  (error = run_stmt(b, S_CITATIONS_DEL, 1, del)) < 0))
		return error;
	if (!claim)
		return 0;
	{
		const char *p[] = { id,
				    claim->statement,
				    claim->subject,
				    claim->property,
				    ct_status_names[claim->status],
				    claim->created,
				    claim->updated,
				    data };
		if ((error = run_stmt(b, S_CLAIM_PUT, 8, p)) < 0)
			return error;
	}
	for (i = 0; i < claim->citations.n; i++)
		if ((error = apply_citation(b, id, i, &claim->citations.v[i],
					    json_object_get(json_array_get(cits, i), "value"))) < 0)
			return error;
	return b->fresh ? 0 : run_stmt(b, S_CLAIM_FTS_PUT, 1, del);
}

static int apply_anchors(ct_index_batch *b, const char *source, int rev, const ct_anchors *anchors)
{
	char revs[24];
	const char *del[] = { source, revs };
	size_t i;
	int error;

	snprintf(revs, sizeof(revs), "%d", rev);
	if (!b->fresh && (error = run_stmt(b, S_ANCHORS_DEL, 2, del)) < 0)
		return error;
	for (i = 0; anchors && i < anchors->citations.n; i++) {
		const ct_anchors_entry *a = &anchors->citations.v[i];
		sqlite3_stmt *st = stmt(b, S_ANCHOR_PUT);

		if (!st)
			return CT_ERROR;
		sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, rev);
		sqlite3_bind_text(st, 3, a->claim, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, a->seq);
		sqlite3_bind_int64(st, 5, a->from_rev);
		sqlite3_bind_text(st, 6, ct_change_names[a->change], -1, SQLITE_STATIC);
		if (a->start >= 0 && a->end >= 0) {
			sqlite3_bind_int64(st, 7, a->start);
			sqlite3_bind_int64(st, 8, a->end);
		}
		sqlite3_bind_double(st, 9, a->similarity);
		if ((error = step(b, st)) < 0)
			return error;
	}
	return 0;
}

int ct_index_batch_apply(ct_index_batch *b, const char *path, const char *data, size_t len)
{
	char id[128];
	json_t *rec = NULL;
	/* The record, read borrowing the strings of rec: a rebuild copies none of them. */
	union {
		ct_source source;
		ct_claim claim;
		ct_anchors anchors;
	} r;
	const ct_record_type *type;
	int rev = 0, error = 0, kind, typed = 0;
	char *text = NULL;

	if (path_id(id, sizeof(id), NULL, path, "sources", ".json"))
		kind = 's', type = &ct_source_type;
	else if (path_id(id, sizeof(id), NULL, path, "claims", ".json"))
		kind = 'c', type = &ct_claim_type;
	else if (path_id(id, sizeof(id), &rev, path, "anchors", ".json"))
		kind = 'a', type = &ct_anchors_type;
	else if (path_id(id, sizeof(id), &rev, path, "texts", ".txt"))
		return apply_text(b, id, rev, data, len);
	else
		return 0;
	if (data) {
		/* Parsed once: the typed record fills the columns, its JSON the record column. */
		ct_record_origin origin = { { path, data, len, 1 }, NULL, 0 };

		memset(&r, 0, sizeof(r));
		if ((error = ct_json_parse(&rec, data, len, path, 0)) < 0 ||
		    (error = ct_record_view(&r, type, rec, &origin)) < 0)
			goto done;
		typed = 1;
		/* The index keeps records compact: the same content, a third fewer bytes. */
		if (kind != 'a' && (error = ct_json_compact(&text, rec)) < 0)
			goto done;
	}
	if (kind == 's')
		error = apply_source(b, id, typed ? &r.source : NULL, text);
	else if (kind == 'c')
		error = apply_claim(b, id, typed ? &r.claim : NULL, rec, text);
	else
		error = apply_anchors(b, id, rev, typed ? &r.anchors : NULL);
done:
	if (typed)
		ct_record_release_view(&r, type);
	json_decref(rec);
	free(text);
	return error;
}
