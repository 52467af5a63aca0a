/* core/store/ledger_int.h: the ledger handle and what the store's modules share about it (private to core/store). */
#ifndef CT_LEDGER_INT_H
#define CT_LEDGER_INT_H

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <sqlite3.h>
#include <stddef.h>

#include "gitapi.h"
#include "ledger.h"

/*
 * The ledger is one handle on two stores, kept in step (ledger.h draws the
 * tree on disk; migrations/ and index_int.h the index):
 *
 *   module           what it does                                      uses
 *   ---------------  ------------------------------------------------  --------------------------
 *   ledger.c         discovery, the handle, open and free, init        commit, index(.c), lock, repo
 *   ledger_verify.c  verify: the history against itself and the index  index_query, index, repo
 *   index_query.c    the upper layers' questions (index.h), the texts  index, repo
 *   ledger_commit.c  a write: begin, stage, commit (loose or bulk)     pack, index, lock, repo
 *   ledger_index.c   the index connection, catch-up and rebuild        index.c, lock, repo
 *   ledger_log.c     the log, commit expressions, commits by date      repo
 *   ledger_pack.c    packing loose objects, geometric roll-up          lock, repo
 *   ledger_repo.c    libgit2 and the repository, reads, the author     gitapi.c
 *   ledger_lock.c    the writers' lock file                            -
 *   index.c          the index schema, its connection, applying files  -
 *
 * ("index" is ledger_index.c, "commit" ledger_commit.c, and so on.) A
 * module uses only modules below it in this table, so there are no cycles
 * (tests/layers.sh checks it). Two invariants hold between
 * commands:
 *
 *   - the index connection `db` is a writer connection (journal set up,
 *     migrations applied, checkpoints allowed) only while `lock_fd` holds
 *     the lock: Debian's SQLite has the WAL-reset race, so one connection
 *     at a time writes or checkpoints, and a writer connection is closed
 *     before the lock is released;
 *   - `head` is the commit the index reflects, read from the index itself
 *     (meta 'commit'), never assumed from the branch.
 *
 * libgit2 is loaded and the repository opened only when the history is
 * needed (ct_ledger_repo_open): a read-only command that the index answers
 * does not pay for it.
 */

/* A file staged for the next commit. */
struct ct_staged {
	char *path;  /* the tree path (owned) */
	char *data;  /* its new content (owned, len bytes); NULL: remove the file */
	size_t len;
};

struct ct_ledger {
	char *path;                   /* the .claimtrack directory (owned); never NULL */
	git_repository *repo;         /* NULL until ct_ledger_repo_open() first succeeds */
	sqlite3 *db;                  /* the index connection, or NULL (closed by a write; reopened on demand) */
	int db_writer;                /* db was opened as the writer: only while the lock is held */
	int lock_fd;                  /* the lock file's descriptor while the lock is held, else -1 */
	char head[GIT_OID_HEXSZ + 1]; /* the commit the index reflects, hex; "" for none or not read yet */
	struct ct_staged *staged;     /* the open write's files, nstaged of stagedcap; one entry a path */
	size_t nstaged, stagedcap;
	int writing;                  /* between ct_ledger_begin and commit/abort; implies lock_fd >= 0 */
	int defer_packing;            /* ct_ledger_defer_packing() was called */
	int pack_due;                 /* a deferred commit left many loose objects; reset by ct_ledger_pack */
	char warning[512];            /* what failed after the last write's commit point, "" for nothing:
	                                 set by ct_ledger_commit, cleared by ct_ledger_begin; never allocated,
	                                 so that an allocation refused there can still be told */
	ct_progress_cb progress;      /* long work reports here, when set */
	void *progress_payload;
};

/* Report progress to the ledger's callback, when set (ct_ledger_progress). */
static inline void ct_ledger_report(ct_ledger *l, const char *what, size_t done, int finished)
{
	if (l->progress)
		l->progress(what, done, finished, l->progress_payload);
}

/* ---- ledger.c ------------------------------------------------------------ */

/*
 * A handle for `gitdir`, with neither the repository nor the index opened.
 * out: [out] NULL on entry; free with ct_ledger_free().
 * Returns 0, CT_ENOLEDGER (not a git directory), CT_ERROR.
 */
int ct_ledger_new(ct_ledger **out, const char *gitdir);

/* ---- ledger_lock.c ------------------------------------------------------- */

/*
 * Take the writers' lock (flock on claimtrack.lock), waiting up to
 * CLAIMTRACK_LOCK_TIMEOUT seconds (30 by default). Held already: 0.
 * Returns 0, CT_EBUSY (timed out), CT_ERROR.
 */
int ct_ledger_lock(ct_ledger *l);

/* Release the writers' lock when held. */
void ct_ledger_unlock(ct_ledger *l);

/* ---- ledger_repo.c ------------------------------------------------------- */

/* Load and initialise libgit2 once a process (fsync on, hash checks off). Returns 0 or CT_ERROR. */
int ct_ledger_git_init(void);

/*
 * Open l->repo when it is not open yet (libgit2 loaded first).
 * Returns 0, CT_ENOLEDGER (not a git repository), CT_ERROR.
 */
int ct_ledger_repo_open(ct_ledger *l);

/* The commit the branch points at (all zeroes when it has none yet). Opens the repository. Returns 0 or CT_ERROR. */
int ct_ledger_head_id(git_oid *out, ct_ledger *l);

/* The tree of commit `commit_id`. out: [out] NULL on entry; git_tree_free(). Returns 0 or CT_ERROR. */
int ct_ledger_tree(git_tree **out, ct_ledger *l, const git_oid *commit_id);

/* True when `path` is a record's file in the tree: a source, a claim or an anchors file. */
int ct_ledger_is_record_path(const char *path);

/* ---- ledger_index.c ------------------------------------------------------ */

/*
 * Make l->db a connection (a writer one when `writer`; the caller holds
 * the lock then). A reader connection is replaced by a writer one when
 * asked; an open writer one serves readers too.
 * Returns 0, CT_ECONFLICT (a reader found a schema to migrate: retry as a
 * writer), CT_ERROR.
 */
int ct_ledger_db_open(ct_ledger *l, int writer);

/* Close l->db (NULL after). A writer connection may checkpoint here: call with the lock still held. */
void ct_ledger_db_close(ct_ledger *l);

/*
 * The index connection, opened when needed (a write closes its connection
 * with the lock; reads after it reopen one): borrowed, valid until the next
 * write or ct_ledger_free. NULL when it cannot be opened (the message is
 * set). Only the store's modules use it: no SQL is written above core/store.
 */
sqlite3 *ct_ledger_db(ct_ledger *l);

/*
 * Bring the index to the branch's commit (full: rebuild it) in one
 * transaction: the trees' difference when the indexed commit is an
 * ancestor, else a rebuild. Needs the lock and a writer connection.
 * Returns 0, CT_EINVALID (a record of the history does not parse), CT_ERROR.
 */
int ct_ledger_catch_up(ct_ledger *l, int full);

/*
 * Open the index and catch it up when it lags behind the branch: a cheap
 * check first, the lock only when needed.
 * Returns 0, CT_EBUSY, CT_EINVALID, CT_ERROR.
 */
int ct_ledger_refresh(ct_ledger *l);

/* ---- ledger_pack.c ------------------------------------------------------- */

/* True when the repository at `path` holds about CT_PACK_LOOSE loose objects or more (a cheap estimate). */
int ct_ledger_many_loose(const char *path);

#endif
