/* core/store/index_int.h: the SQLite index's connection, schema and record application (private to core/store). */
#ifndef CT_INDEX_INT_H
#define CT_INDEX_INT_H

#include <sqlite3.h>
#include <stddef.h>

#include "buf.h"
#include "ledger.h"

/*
 * Open (creating when missing) the index database at `path` in WAL mode with a
 * busy timeout. Its schema is migrations/ (migrations.h), whose last number is
 * the schema version kept in PRAGMA user_version: an index of any other
 * version, older or newer, is a cache of another claimtrack, and is
 * discarded and created again, empty (the caller then rebuilds it from the
 * history, as for a new index: it records no commit). `writer` says whether
 * the caller holds the writer lock: only then is the schema created and are
 * checkpoints allowed (Debian's SQLite has the WAL-reset race, so one
 * connection at a time writes or checkpoints). A reader that finds another
 * version gets CT_ECONFLICT and must retry as a writer.
 * out: [out] NULL on entry; close with sqlite3_close().
 * Returns 0, CT_ECONFLICT, CT_ERROR.
 */
int ct_index_open(sqlite3 **out, const char *path, int writer);

/* Allow this connection to checkpoint on close (call while holding the writer lock). */
void ct_index_allow_checkpoint(sqlite3 *db, int allow);

/*
 * Whether an allocation of SQLite's failed in this thread since the last
 * ct_index_alloc_watch(): a question asked of the index that saw one must
 * not answer, even when SQLite went on (see index.c). Always 0 when SQLite
 * was started by the program before the first ct_index_open().
 */
void ct_index_alloc_watch(void);
int ct_index_alloc_failed(void);

/*
 * The commit the index reflects, as hex, into out (41 bytes; "" when none).
 * Returns 0 or CT_ERROR.
 */
int ct_index_head(char *out, sqlite3 *db);

/* Delete every row (before a rebuild). Returns 0 or CT_ERROR. */
int ct_index_clear(sqlite3 *db);

/*
 * Applying files of the tree to the index, in the caller's transaction: a
 * batch keeps its prepared statements from one file to the next.
 * `fresh`: the tables were just emptied (ct_index_clear), so nothing is
 * deleted, and ct_index_batch_finish indexes the full text of every claim
 * at once. Returns 0 or CT_ERROR.
 */
typedef struct ct_index_batch ct_index_batch;
int ct_index_batch_new(ct_index_batch **out, sqlite3 *db, int fresh);

/*
 * Apply one file of the tree: `data` is its new content, or NULL when the
 * file was removed: records (sources, claims, anchors) and texts; other files
 * (FORMAT) are ignored. A record is parsed once, with the record module
 * (core/record/record.h): its typed fields fill the columns, and its JSON,
 * compact, the `record` column (and a citation's `value`), the one edge where
 * the index keeps JSON. Returns 0, CT_EINVALID for a record that does not
 * parse or is not a valid record of its kind (the message names the path, the
 * line and the column, as ct_record_parse words it), CT_ERROR.
 */
int ct_index_batch_apply(ct_index_batch *batch, const char *path, const char *data, size_t len);

/*
 * Complete the batch (see ct_index_batch_new) and record `commit` (hex, or ""
 * for none) as the one the index now reflects. Returns 0 or CT_ERROR.
 */
int ct_index_batch_finish(ct_index_batch *batch, const char *commit);

/* Free the batch and its statements. Accepts NULL. */
void ct_index_batch_free(ct_index_batch *batch);

/* For verify: how many sources and claims the index holds. out: [out] 0 on entry. Returns 0 or CT_ERROR. */
int ct_index_count_records(int *out, ct_ledger *ledger);

/*
 * For verify: FTS5's own check of the full-text index against the words of
 * the claims and citations. Returns 0, or CT_ERROR with SQLite's message as
 * the whole message.
 */
int ct_index_check_full_text(ct_ledger *ledger);

/* Run a statement with no result rows. Returns 0 or CT_ERROR (message from SQLite). */
int ct_index_exec(sqlite3 *db, const char *sql);

/* Set the error message from the connection's last error and return CT_ERROR. */
int ct_index_error(sqlite3 *db, const char *what);

#endif
