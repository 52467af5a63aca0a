/* core/store/ledger.h: the ledger: a bare git history (the truth) and its SQLite index. */
#ifndef CT_LEDGER_H
#define CT_LEDGER_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"

/*
 * On disk, a ledger is the directory DIR/.claimtrack/: a bare git repository
 * whose branch refs/heads/main (HEAD) holds the history, plus the index
 * database `index.sqlite` (and its -wal/-shm files) and the writer lock
 * `claimtrack.lock`, both ignored by git.
 *
 * The tree of every commit:
 *
 *   path                               content
 *   ---------------------------------  -----------------------------------------
 *   FORMAT                             "claimtrack-ledger 1\n": the format marker
 *   sources/HH/ID.json                 a source's record (canonical JSON)
 *   texts/HH/ID/N.txt                  the text of revision N (1, 2, ...) of source ID
 *   claims/C/D/ID.json                 a claim's record with its citations
 *   anchors/HH/ID/N.json               where revision N of source ID re-anchors the
 *                                      citations made on earlier revisions
 *
 * HH is the FNV-1a hash of the source id, two hex digits; C and D are the
 * first and second characters of the claim id (32 possible each). Sharding
 * keeps every tree small, so a commit costs the same, in time and in disk,
 * with a hundred records or a million.
 *
 * Every command that changes anything makes one commit, whose message's
 * first line says what changed. refs/heads/main moves by compare-and-swap and
 * keeps a reflog (core.logAllRefUpdates=always).
 *
 * Writers take the lock file for the whole command (waiting up to
 * CLAIMTRACK_LOCK_TIMEOUT seconds, 30 by default), so that writers of this
 * tool are serialised; the compare-and-swap on the ref guards against writers
 * from outside (git push, git fetch).
 */

#define CT_LEDGER_DIRNAME ".claimtrack"
#define CT_LEDGER_FORMAT "claimtrack-ledger 1\n"
#define CT_LEDGER_REF "refs/heads/main"

typedef struct ct_ledger ct_ledger;

/*
 * Long work (a rebuild of the index, an import) reports progress through this
 * callback, when set: `what` names the work ("indexing"), `done` counts the
 * records so far, `finished` is 1 on the last call. The library never prints;
 * the command line shows it on a terminal.
 */
typedef void (*ct_progress_cb)(const char *what, size_t done, int finished, void *payload);

/*
 * Find the ledger for `start` (a directory): `start`/.claimtrack, or the same
 * in each parent directory in turn, or `start` itself when it is a ledger's
 * .claimtrack directory.
 * out: [out] NULL on entry; the path of the .claimtrack directory (free()).
 * Returns 0, or CT_ENOLEDGER ("not a claimtrack ledger (or any parent): 'x'").
 */
int ct_ledger_discover(char **out, const char *start);

/*
 * Create a ledger in `dir`/.claimtrack (dir is created when missing) with a
 * first commit holding the format marker. The author is taken as for every
 * write (see ct_ledger_author).
 * Returns 0; CT_EEXISTS when a ledger is there already; CT_ERROR otherwise.
 */
int ct_ledger_init(const char *dir);

/*
 * Open the ledger whose .claimtrack directory is `gitdir`. The index is
 * opened (created, migrated) and brought up to date with the history when
 * it lags behind (catch-up) or was rewritten (rebuild).
 * out: [out] NULL on entry; free with ct_ledger_free().
 * Returns 0; CT_ENOLEDGER when `gitdir` is not a ledger; CT_EBUSY when the
 * index needed an update and the lock could not be taken; CT_ERROR.
 */
int ct_ledger_open(ct_ledger **out, const char *gitdir);

/* As ct_ledger_open, with a progress callback set before the index is caught up (may be NULL). */
int ct_ledger_open_with(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload);

/*
 * As ct_ledger_open_with, except that when catching the index up fails on a
 * record of the history that does not parse, the ledger is opened all the
 * same, its index as it was, so that ct_ledger_verify can report every
 * problem (the message of the failure is left in ct_error_last()).
 */
int ct_ledger_open_as_is(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload);

/* Set the progress callback (see ct_progress_cb). */
void ct_ledger_set_progress(ct_ledger *ledger, ct_progress_cb cb, void *payload);

/* Report progress through the ledger's callback (for core/ modules doing long work). */
void ct_ledger_progress(ct_ledger *ledger, const char *what, size_t done, int finished);

/* Close the ledger and free it. Accepts NULL. */
void ct_ledger_free(ct_ledger *ledger);

/* The path of the .claimtrack directory (borrowed). */
const char *ct_ledger_path(const ct_ledger *ledger);

/*
 * The hex id of the commit the index reflects ("" for none); borrowed, valid
 * until the next write.
 */
const char *ct_ledger_head(const ct_ledger *ledger);

/*
 * The author of changes: CLAIMTRACK_AUTHOR ("Name <email>"), else git's
 * user.name and user.email. name/email: [out] new strings (free()).
 * Returns 0, or CT_EINVALID when neither is set or CLAIMTRACK_AUTHOR is malformed.
 */
int ct_ledger_author(char **name, char **email, ct_ledger *ledger);

/*
 * Read a file of the tree at HEAD (or at `commit`, a hex id or revision
 * expression, when not NULL). out: text appended.
 * Returns 0, CT_ENOTFOUND when the path or commit does not exist, CT_ERROR.
 */
int ct_ledger_read(ct_buf *out, ct_ledger *ledger, const char *commit, const char *path);

/*
 * The text of revision `rev` of source `id`, appended to out: from the index,
 * or from the history when the index lacks it.
 * Returns 0, CT_ENOTFOUND (no such revision), CT_ERROR.
 */
int ct_ledger_text(ct_buf *out, ct_ledger *ledger, const char *id, int rev);

/* Tree paths of records. Each appends to out and returns 0 or CT_ERROR. */
int ct_path_source(ct_buf *out, const char *source_id);
int ct_path_text(ct_buf *out, const char *source_id, int rev);
int ct_path_anchors(ct_buf *out, const char *source_id, int rev);
int ct_path_claim(ct_buf *out, const char *claim_id);

/*
 * A write: ct_ledger_begin takes the writer lock and brings the index up to
 * date, so that what the caller then validates against is current; the
 * caller stages files with ct_ledger_stage and finishes with ct_ledger_commit
 * (write objects, move the ref by compare-and-swap, update the index in one
 * transaction) or ct_ledger_abort (nothing is written). Either releases the
 * lock. One write at a time per ledger handle.
 */
int ct_ledger_begin(ct_ledger *ledger);

/*
 * Stage `len` bytes as the new content of `path` (NULL data removes it).
 * The bytes are copied. Returns 0 or CT_ERROR.
 */
int ct_ledger_stage(ct_ledger *ledger, const char *path, const void *data, size_t len);

/* Stage a record in canonical JSON. Returns 0 or CT_ERROR. */
int ct_ledger_stage_json(ct_ledger *ledger, const char *path, const json_t *record);

/*
 * Commit what was staged with `message` (its first line summarises it).
 * When nothing was staged, nothing is written and *committed is 0.
 * committed: [out] may be NULL; 1 when a commit was made.
 * Returns 0 once the branch has moved, whatever fails after it (see
 * ct_ledger_warning); before that, CT_ECONFLICT when the ref moved under the
 * write and a retry did not help, or CT_ERROR, and the branch and the index
 * are as they were. The lock is released in every case.
 */
int ct_ledger_commit(ct_ledger *ledger, const char *message, int *committed);

/*
 * What failed after the last write's commit point, or NULL when nothing did.
 * A write has happened once the branch has moved: when the index update or
 * the packing that follows fails, ct_ledger_commit still returns 0 (and sets
 * *committed), keeps the message here, and the next command catches the index
 * up. The caller reports the write as done, with this as a warning. Borrowed,
 * valid until the next ct_ledger_begin on this handle or ct_ledger_free.
 */
const char *ct_ledger_warning(const ct_ledger *ledger);

/* Drop what was staged and release the lock. Accepts a ledger with no write open. */
void ct_ledger_abort(ct_ledger *ledger);

/*
 * Recreate the index from the history. Takes the lock.
 * Returns 0, CT_EBUSY, CT_ERROR.
 */
int ct_ledger_rebuild(ct_ledger *ledger);

typedef enum {
	CT_PACK_AUTO, /* when there are many loose objects (run by ct_ledger_commit) */
	CT_PACK_NOW,  /* the loose objects now, merging packs as CT_PACK_AUTO does */
	CT_PACK_ALL   /* every object of the repository into one pack */
} ct_pack_mode;

/*
 * Pack loose objects (as git gc --auto does), keeping the packs in a
 * geometric progression of sizes. Outside a write it takes the lock (and
 * CT_PACK_AUTO looks again once it has it: a packer that held it may have
 * done the work). Returns 0, CT_EBUSY or CT_ERROR.
 */
int ct_ledger_pack(ct_ledger *ledger, ct_pack_mode mode);

/*
 * ct_ledger_commit runs CT_PACK_AUTO itself, inside the write, unless this
 * was called: then a commit that leaves many loose objects only notes it
 * (ct_ledger_pack_due), and the caller packs when the command is done, as
 * git runs `gc --auto` after a command, in a detached process when
 * ct_ledger_pack_detached says so.
 */
void ct_ledger_defer_packing(ct_ledger *ledger);

/* 1 when a deferred commit left many loose objects and no ct_ledger_pack ran since. */
int ct_ledger_pack_due(const ct_ledger *ledger);

/* git's gc.autoDetach for this ledger: 0 when it is set false, else 1 (git's default). */
int ct_ledger_pack_detached(ct_ledger *ledger);

/*
 * How many of the smallest packs to merge into one: objects[] holds the
 * packs' object counts in ascending order; at least `at_least` are merged.
 * Each pack that stays must hold at least twice the objects of the next
 * smaller one, the merged pack counting as one. Exposed for its tests.
 */
size_t ct_pack_rollup(const size_t *objects, size_t n, size_t at_least);

/*
 * Called for each history commit, newest first, by ct_ledger_log.
 * Return non-zero to stop. Borrowed strings valid during the call.
 */
typedef struct ct_log_entry {
	const char *commit;  /* hex id */
	const char *author;  /* "Name <email>" */
	time_t time;
	const char *message; /* whole message */
	const char *parent;  /* hex id of the first parent, "" for the root */
} ct_log_entry;
typedef int (*ct_log_cb)(const ct_log_entry *entry, void *payload);

/*
 * Walk the history from HEAD, newest first. When `path` is not NULL, only
 * commits that changed that file (compared with their first parent) are given.
 * Returns 0, the callback's non-zero value, or CT_ERROR.
 */
int ct_ledger_log(ct_ledger *ledger, const char *path, ct_log_cb cb, void *payload);

/*
 * Resolve a commit expression (hex id, prefix, "HEAD~2") to a full hex id (out: 41 bytes).
 * Returns 0, CT_ENOTFOUND, CT_EAMBIGUOUS.
 */
int ct_ledger_resolve_commit(char *out, ct_ledger *ledger, const char *spec);

/*
 * The newest commit at or before `when` (out: 41 bytes).
 * Returns 0 or CT_ENOTFOUND (the ledger did not exist yet).
 */
int ct_ledger_commit_at(char *out, ct_ledger *ledger, time_t when);

/*
 * Check the history: every object reachable from HEAD reads back with its id,
 * every record parses and is in canonical form, every text is UTF-8 and its
 * SHA-256 matches its source record, and the index holds the same records.
 * problems: one line appended per problem found.
 * Returns 0 when the checks ran (look at problems), CT_ERROR when they could not.
 */
int ct_ledger_verify(ct_buf *problems, ct_ledger *ledger);

#endif
