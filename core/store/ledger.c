/* core/store/ledger.c: the ledger's git history, its writer lock, and keeping the index in step. */
#define _GNU_SOURCE
#include "ledger.h"
#include "error.h"
#include "index_int.h"
#include "ledger_int.h"
#include "json.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "gitapi.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A file staged for the next commit. */
struct staged {
	char *path;
	char *data; /* NULL: remove the file */
	size_t len;
};

struct ct_ledger {
	char *path;           /* the .claimtrack directory */
	git_repository *repo;
	sqlite3 *db;          /* the index */
	int db_writer;        /* db was opened as the writer (lock held when it was) */
	int lock_fd;          /* -1 unless the writer lock is held */
	char head[GIT_OID_HEXSZ + 1]; /* the commit the index reflects */
	struct staged *staged; /* the open write's files */
	size_t nstaged, stagedcap;
	int writing;          /* between ct_ledger_begin and commit/abort */
	int defer_packing;    /* ct_ledger_defer_packing() was called */
	int pack_due;         /* a deferred commit left many loose objects */
	ct_progress_cb progress; /* long work reports here, when set */
	void *progress_payload;
};

void ct_ledger_set_progress(ct_ledger *l, ct_progress_cb cb, void *payload)
{
	l->progress = cb;
	l->progress_payload = payload;
}

void ct_ledger_progress(ct_ledger *l, const char *what, size_t done, int finished)
{
	if (l->progress)
		l->progress(what, done, finished, l->progress_payload);
}

static int git_ready;

static int git_init_once(void)
{
	if (!git_ready) {
		if (ct_gitapi_load() < 0)
			return CT_ERROR;
		if (git_libgit2_init() < 0)
			return ct_error_git(-1, "cannot initialise libgit2");
		/* Objects and refs are fsynced: a crash never loses a commit that was reported. */
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
		/*
		 * As git, objects are not hashed again on every read (a fifth of a
		 * claim add at 10,000 claims); verify turns the check on.
		 */
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
		git_ready = 1;
	}
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* True when `dir` looks like a bare git repository. */
static int looks_like_gitdir(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/HEAD", dir);
	if (!is_file(p))
		return 0;
	snprintf(p, sizeof(p), "%s/objects", dir);
	if (!is_dir(p))
		return 0;
	snprintf(p, sizeof(p), "%s/refs", dir);
	return is_dir(p);
}

int ct_ledger_discover(char **out, const char *start)
{
	char dir[PATH_MAX], cand[PATH_MAX + 16];
	char *slash;

	*out = NULL;
	if (!realpath(start, dir))
		return ct_error_set(CT_ENOLEDGER, "cannot use '%s': %s", start, strerror(errno));
	for (;;) {
		size_t n = strlen(dir);
		if (n >= strlen(CT_LEDGER_DIRNAME) + 1 &&
		    !strcmp(dir + n - strlen(CT_LEDGER_DIRNAME), CT_LEDGER_DIRNAME) &&
		    dir[n - strlen(CT_LEDGER_DIRNAME) - 1] == '/' && looks_like_gitdir(dir)) {
			snprintf(cand, sizeof(cand), "%s", dir);
			break;
		}
		snprintf(cand, sizeof(cand), "%s/%s", strcmp(dir, "/") ? dir : "", CT_LEDGER_DIRNAME);
		if (is_dir(cand))
			break;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (!strcmp(dir, "/"))
				return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger (or any parent): '%s' (run 'claimtrack init' first)", start);
			strcpy(dir, "/");
			continue;
		}
		*slash = '\0';
	}
	if (!looks_like_gitdir(cand))
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' is not a git repository", cand);
	*out = strdup(cand);
	return *out ? 0 : ct_error_oom();
}

/* The lock: flock on .claimtrack/claimtrack.lock, waited for up to the timeout. */
static int lock_take(ct_ledger *l)
{
	char p[PATH_MAX];
	const char *env = getenv("CLAIMTRACK_LOCK_TIMEOUT");
	double limit = env && *env ? atof(env) : 30.0, waited = 0;
	int fd;

	if (l->lock_fd >= 0)
		return 0;
	snprintf(p, sizeof(p), "%s/claimtrack.lock", l->path);
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return ct_error_set(CT_ERROR, "cannot open the lock '%s': %s", p, strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return ct_error_set(CT_ERROR, "cannot lock '%s': %s", p, strerror(errno));
		}
		if (waited >= limit) {
			close(fd);
			return ct_error_set(CT_EBUSY, "the ledger is busy: another claimtrack has held '%s' for %.0f s", p, limit);
		}
		nanosleep(&ts, NULL);
		waited += 0.005;
	}
	l->lock_fd = fd;
	return 0;
}

static void lock_release(ct_ledger *l)
{
	if (l->lock_fd >= 0) {
		flock(l->lock_fd, LOCK_UN);
		close(l->lock_fd);
		l->lock_fd = -1;
	}
}

/* The commit HEAD points at, or all zeroes when the branch has none yet. */
static int ensure_repo(ct_ledger *l);

static int read_head(git_oid *out, ct_ledger *l)
{
	int rc;

	if ((rc = ensure_repo(l)) < 0)
		return rc;
	rc = git_reference_name_to_id(out, l->repo, CT_LEDGER_REF);

	if (rc == GIT_ENOTFOUND) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return rc < 0 ? ct_error_git(rc, "cannot read " CT_LEDGER_REF) : 0;
}

static int open_db(ct_ledger *l, int writer)
{
	char p[PATH_MAX];
	int error;

	if (l->db && (l->db_writer || !writer))
		return 0;
	if (l->db) {
		sqlite3_close(l->db);
		l->db = NULL;
	}
	snprintf(p, sizeof(p), "%s/index.sqlite", l->path);
	if ((error = ct_index_open(&l->db, p, writer)) < 0)
		return error;
	l->db_writer = writer;
	return 0;
}

struct apply_ctx {
	ct_ledger *l;
	ct_index_batch *batch;
	int error;
	size_t done; /* records applied, for progress */
};

static int is_record_path(const char *path)
{
	return !strncmp(path, "sources/", 8) || !strncmp(path, "claims/", 7) ||
	       !strncmp(path, "anchors/", 8);
}

/* The files the index holds: records and texts. */
static int is_indexed_path(const char *path)
{
	return is_record_path(path) || !strncmp(path, "texts/", 6);
}

static int apply_blob(struct apply_ctx *ctx, const char *path, const git_oid *oid)
{
	git_blob *blob = NULL;
	int rc, error;

	if (!oid)
		return ct_index_batch_apply(ctx->batch, path, NULL, 0);
	if ((rc = git_blob_lookup(&blob, ctx->l->repo, oid)) < 0)
		return ct_error_git(rc, path);
	error = ct_index_batch_apply(ctx->batch, path, git_blob_rawcontent(blob),
	                             (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return error;
}

/*
 * Apply the file `name` under `root` when the index holds it: the blob `id`
 * now, or NULL when it is gone. Returns 1 when applied, 0 when not indexed,
 * or the error (also left in ctx->error).
 */
static int apply_path(struct apply_ctx *ctx, const char *root, const char *name, const git_oid *id)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, name);
	if (!is_indexed_path(path))
		return 0;
	return (ctx->error = apply_blob(ctx, path, id)) < 0 ? ctx->error : 1;
}

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct apply_ctx *ctx = payload;
	int applied;

	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		return 0;
	if ((applied = apply_path(ctx, root, git_tree_entry_name(entry), git_tree_entry_id(entry))) < 0)
		return -1;
	if (applied && ++ctx->done % 1000 == 0)
		ct_ledger_progress(ctx->l, "indexing", ctx->done, 0);
	return 0;
}

static int apply_trees(struct apply_ctx *ctx, const git_tree *a, const git_tree *b, const char *root);

/* Apply what differs between the subtrees `a` and `b` (either may be NULL) named `name` under `root`. */
static int apply_subtrees(struct apply_ctx *ctx, const git_tree_entry *a, const git_tree_entry *b,
			  const char *root, const char *name)
{
	git_tree *ta = NULL, *tb = NULL;
	char sub[PATH_MAX];
	int rc = 0;

	snprintf(sub, sizeof(sub), "%s%s/", root, name);
	if ((a && (rc = git_tree_lookup(&ta, ctx->l->repo, git_tree_entry_id(a))) < 0) ||
	    (b && (rc = git_tree_lookup(&tb, ctx->l->repo, git_tree_entry_id(b))) < 0))
		ctx->error = ct_error_git(rc, "cannot read a tree");
	else
		apply_trees(ctx, ta, tb, sub);
	git_tree_free(ta);
	git_tree_free(tb);
	return ctx->error;
}

/*
 * Apply to the index what differs between trees `a` and `b` (NULL: empty)
 * under `root`. Subtrees with the same id are never read: a commit reaches
 * four trees of 1,300 at 10,000 claims, where git_diff_tree_to_tree() read
 * them all. Returns ctx->error.
 */
static int apply_trees(struct apply_ctx *ctx, const git_tree *a, const git_tree *b, const char *root)
{
	size_t i, na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;

	for (i = 0; i < na && !ctx->error; i++) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);
		const char *name = git_tree_entry_name(ea);
		const git_tree_entry *eb = b ? git_tree_entry_byname(b, name) : NULL;
		int ta = git_tree_entry_type(ea) == GIT_OBJECT_TREE, tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;

		if (eb && ta == tb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			continue;
		if (ta)
			apply_subtrees(ctx, ea, tb ? eb : NULL, root, name);
		else if (!eb || tb)
			apply_path(ctx, root, name, NULL);
		if (!ctx->error && eb && !ta && tb)
			apply_subtrees(ctx, NULL, eb, root, name);
		else if (!ctx->error && eb && !tb)
			apply_path(ctx, root, name, git_tree_entry_id(eb));
	}
	for (i = 0; i < nb && !ctx->error; i++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, i);
		const char *name = git_tree_entry_name(eb);

		if (a && git_tree_entry_byname(a, name))
			continue; /* seen above */
		if (git_tree_entry_type(eb) == GIT_OBJECT_TREE)
			apply_subtrees(ctx, NULL, eb, root, name);
		else
			apply_path(ctx, root, name, git_tree_entry_id(eb));
	}
	return ctx->error;
}

static int tree_of(git_tree **out, ct_ledger *l, const git_oid *commit_id)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = git_commit_lookup(&c, l->repo, commit_id)) < 0)
		return ct_error_git(rc, "cannot read a commit");
	rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc < 0 ? ct_error_git(rc, "cannot read a tree") : 0;
}

/*
 * Bring the index to HEAD: apply the trees' difference when the indexed commit
 * is an ancestor of HEAD, else rebuild from HEAD's tree. Needs the lock and a
 * writer connection. `full` forces a rebuild.
 */
static int catch_up(ct_ledger *l, int full)
{
	git_oid head, old;
	git_tree *new_tree = NULL, *old_tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	struct apply_ctx ctx = { l, NULL, 0, 0 };
	int error;

	if ((error = read_head(&head, l)) < 0 || (error = ct_index_head(l->head, l->db)) < 0)
		return error;
	git_oid_tostr(hex, sizeof(hex), &head);
	if (git_oid_is_zero(&head))
		hex[0] = '\0';
	if (!full && !strcmp(hex, l->head))
		return 0;
	if ((error = ct_index_exec(l->db, "BEGIN IMMEDIATE")) < 0)
		return error;
	if (!full && l->head[0] && git_oid_fromstr(&old, l->head) == 0 &&
	    git_commit_lookup((git_commit **)&old_tree, l->repo, &old) == 0 &&
	    (git_commit_free((git_commit *)old_tree), old_tree = NULL, 1) &&
	    !git_oid_is_zero(&head) && git_graph_descendant_of(l->repo, &head, &old) == 1) {
		if ((error = tree_of(&old_tree, l, &old)) < 0 || (error = tree_of(&new_tree, l, &head)) < 0 ||
		    (error = ct_index_batch_new(&ctx.batch, l->db, 0)) < 0)
			goto done;
		if ((error = apply_trees(&ctx, old_tree, new_tree, "")) < 0)
			goto done;
	} else {
		if ((error = ct_index_clear(l->db)) < 0 ||
		    (error = ct_index_batch_new(&ctx.batch, l->db, 1)) < 0)
			goto done;
		if (!git_oid_is_zero(&head)) {
			if ((error = tree_of(&new_tree, l, &head)) < 0)
				goto done;
			if (git_tree_walk(new_tree, GIT_TREEWALK_PRE, walk_cb, &ctx) < 0) {
				error = ctx.error < 0 ? ctx.error : ct_error_git(-1, "cannot read the history");
				goto done;
			}
			if (ctx.done >= 1000)
				ct_ledger_progress(l, "indexing", ctx.done, 1);
		}
	}
	if ((error = ct_index_batch_finish(ctx.batch, hex)) < 0)
		goto done;
	error = ct_index_exec(l->db, "COMMIT");
	if (!error)
		snprintf(l->head, sizeof(l->head), "%s", hex);
done:
	if (error < 0) {
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", ct_error_last());
		ct_index_exec(l->db, "ROLLBACK");
		ct_error_set(error, "%s", msg);
	}
	ct_index_batch_free(ctx.batch);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return error;
}

/* Check the format marker of HEAD's tree. */
static int check_format(ct_ledger *l)
{
	git_oid head;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int error;

	if ((error = read_head(&head, l)) < 0)
		return error;
	if (git_oid_is_zero(&head))
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' has no history", l->path);
	if ((error = tree_of(&tree, l, &head)) < 0)
		return error;
	if (git_tree_entry_bypath(&e, tree, "FORMAT") < 0 ||
	    git_blob_lookup(&blob, l->repo, git_tree_entry_id(e)) < 0) {
		error = ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' has no FORMAT marker", l->path);
		goto done;
	}
	if ((size_t)git_blob_rawsize(blob) != strlen(CT_LEDGER_FORMAT) ||
	    memcmp(git_blob_rawcontent(blob), CT_LEDGER_FORMAT, strlen(CT_LEDGER_FORMAT)))
		error = ct_error_set(CT_ENOLEDGER, "'%s' has a ledger format this claimtrack does not know", l->path);
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return error;
}

/* A ledger handle for `gitdir`, with neither the repository nor the index opened yet. */
static int new_ledger(ct_ledger **out, const char *gitdir)
{
	ct_ledger *l;

	*out = NULL;
	if (!looks_like_gitdir(gitdir))
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' is not a git repository", gitdir);
	if (!(l = calloc(1, sizeof(*l))))
		return ct_error_oom();
	l->lock_fd = -1;
	if (!(l->path = strdup(gitdir))) {
		free(l);
		return ct_error_oom();
	}
	*out = l;
	return 0;
}

/*
 * Open the repository when first needed: libgit2's start-up costs several
 * milliseconds (Debian's build parses the system's CA bundle), which a
 * read-only command answered by a current index does not pay.
 */
static int ensure_repo(ct_ledger *l)
{
	int rc;

	if (l->repo)
		return 0;
	if (git_init_once() < 0)
		return CT_ERROR;
	rc = git_repository_open_ext(&l->repo, l->path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL);
	if (rc < 0) {
		l->repo = NULL;
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' is not a git repository", l->path);
	}
	return 0;
}

/* Open the repository only (no index). */
static int open_repo(ct_ledger **out, const char *gitdir)
{
	int error;

	if ((error = new_ledger(out, gitdir)) < 0)
		return error;
	if ((error = ensure_repo(*out)) < 0) {
		ct_ledger_free(*out);
		*out = NULL;
	}
	return error;
}

/* Read a whole small file into buf (NUL-terminated). Returns its length, or -1. */
static ssize_t read_small(char *buf, size_t size, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/*
 * The commit refs/heads/main points at, read from the files as git writes
 * them (HEAD naming the branch; a loose ref, else packed-refs), without
 * libgit2. Returns 1 with out filled (41 bytes), 0 when the cheap reading does
 * not apply (anything unusual: the caller asks libgit2).
 */
static int peek_head(char *out, const char *gitdir)
{
	char p[PATH_MAX], buf[256], *packed = NULL, *line;
	size_t n;

	snprintf(p, sizeof(p), "%s/HEAD", gitdir);
	if (read_small(buf, sizeof(buf), p) < 0 || strcmp(buf, "ref: " CT_LEDGER_REF "\n"))
		return 0;
	snprintf(p, sizeof(p), "%s/" CT_LEDGER_REF, gitdir);
	if (read_small(buf, sizeof(buf), p) == GIT_OID_HEXSZ + 1 && buf[GIT_OID_HEXSZ] == '\n') {
		memcpy(out, buf, GIT_OID_HEXSZ);
		out[GIT_OID_HEXSZ] = '\0';
		return strspn(out, "0123456789abcdef") == GIT_OID_HEXSZ;
	}
	if (access(p, F_OK) == 0)
		return 0;
	/* No loose ref: the packed one, "<hex> refs/heads/main" on a line of its own. */
	snprintf(p, sizeof(p), "%s/packed-refs", gitdir);
	{
		ct_buf b = CT_BUF_INIT;
		int found = 0;
		if (ct_file_read(&b, p) < 0) {
			ct_buf_release(&b);
			ct_error_clear();
			return 0;
		}
		packed = b.ptr;
		for (line = packed; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
			n = strcspn(line, "\n");
			if (n == GIT_OID_HEXSZ + 1 + strlen(CT_LEDGER_REF) && line[GIT_OID_HEXSZ] == ' ' &&
			    !strncmp(line + GIT_OID_HEXSZ + 1, CT_LEDGER_REF, strlen(CT_LEDGER_REF))) {
				memcpy(out, line, GIT_OID_HEXSZ);
				out[GIT_OID_HEXSZ] = '\0';
				found = strspn(out, "0123456789abcdef") == GIT_OID_HEXSZ;
				break;
			}
		}
		ct_buf_release(&b);
		return found;
	}
}

/* Make the index current: a cheap check first, the lock only when it lags. */
/*
 * Catch the index up (full: rebuild it) on a writer connection, under the
 * writers' lock, then go back to a reader connection: the writer one must
 * not checkpoint without the lock.
 */
static int catch_up_locked(ct_ledger *l, int full)
{
	int error;

	if ((error = lock_take(l)) < 0)
		return error;
	if ((error = open_db(l, 1)) == 0)
		error = catch_up(l, full);
	sqlite3_close(l->db);
	l->db = NULL;
	l->db_writer = 0;
	lock_release(l);
	if (error == 0)
		error = open_db(l, 0);
	return error;
}

static int refresh_index(ct_ledger *l)
{
	git_oid head;
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	error = open_db(l, l->lock_fd >= 0);
	if (error == CT_ECONFLICT)
		goto locked;
	if (error < 0)
		return error;
	if ((error = read_head(&head, l)) < 0 || (error = ct_index_head(l->head, l->db)) < 0)
		return error;
	git_oid_tostr(hex, sizeof(hex), &head);
	if (!strcmp(hex, l->head))
		return 0;
locked:
	if (l->lock_fd >= 0)
		return open_db(l, 1) < 0 ? CT_ERROR : catch_up(l, 0);
	return catch_up_locked(l, 0);
}

int ct_ledger_open(ct_ledger **out, const char *gitdir)
{
	return ct_ledger_open_with(out, gitdir, NULL, NULL);
}

static int open_ledger(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload, int as_is)
{
	ct_ledger *l = NULL;
	int error;

	*out = NULL;
	if ((error = new_ledger(&l, gitdir)) < 0)
		return error;
	ct_ledger_set_progress(l, cb, payload);
	/*
	 * The index reflects the branch's commit: nothing to check or catch up, and
	 * no need for libgit2 (the format was checked when the index was built).
	 */
	{
		char hex[GIT_OID_HEXSZ + 1];
		if (peek_head(hex, l->path) && open_db(l, 0) == 0 && ct_index_head(l->head, l->db) == 0 &&
		    !strcmp(hex, l->head)) {
			*out = l;
			return 0;
		}
		ct_error_clear();
	}
	if ((error = check_format(l)) == 0 && (error = refresh_index(l)) == CT_EINVALID && as_is) {
		/* A record of the history does not parse: the index stays as it was, for verify. */
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", ct_error_last());
		if ((error = open_db(l, 0)) == 0 && (error = ct_index_head(l->head, l->db)) == 0)
			ct_error_set(CT_EINVALID, "%s", msg);
	}
	if (error < 0) {
		ct_ledger_free(l);
		return error;
	}
	*out = l;
	return 0;
}

int ct_ledger_open_with(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload)
{
	return open_ledger(out, gitdir, cb, payload, 0);
}

int ct_ledger_open_as_is(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload)
{
	return open_ledger(out, gitdir, cb, payload, 1);
}

static void staged_clear(ct_ledger *l)
{
	size_t i;

	for (i = 0; i < l->nstaged; i++) {
		free(l->staged[i].path);
		free(l->staged[i].data);
	}
	l->nstaged = 0;
}

void ct_ledger_free(ct_ledger *l)
{
	if (!l)
		return;
	ct_ledger_abort(l);
	free(l->staged);
	sqlite3_close(l->db);
	lock_release(l);
	if (l->repo) /* libgit2 is loaded only once a repository was opened */
		git_repository_free(l->repo);
	free(l->path);
	free(l);
}

sqlite3 *ct_ledger_db(ct_ledger *l)
{
	/* A write closes its connection with the lock; reads after it reopen one. */
	if (!l->db && open_db(l, l->lock_fd >= 0) < 0)
		return NULL;
	return l->db;
}

const char *ct_ledger_path(const ct_ledger *l)
{
	return l->path;
}

const char *ct_ledger_head(const ct_ledger *l)
{
	return l->head;
}

static int parse_author(char **name, char **email, const char *s)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *end;

	if (!lt || !gt || gt[1] != '\0' || lt == s)
		return ct_error_set(CT_EINVALID, "invalid CLAIMTRACK_AUTHOR '%s' (expected 'Name <email>')", s);
	end = lt;
	while (end > s && end[-1] == ' ')
		end--;
	if (end == s)
		return ct_error_set(CT_EINVALID, "invalid CLAIMTRACK_AUTHOR '%s' (expected 'Name <email>')", s);
	*name = strndup(s, (size_t)(end - s));
	*email = strndup(lt + 1, (size_t)(gt - lt - 1));
	if (!*name || !*email)
		return ct_error_oom();
	return 0;
}

int ct_ledger_author(char **name, char **email, ct_ledger *l)
{
	const char *env = getenv("CLAIMTRACK_AUTHOR");
	git_config *cfg = NULL;
	git_buf n = GIT_BUF_INIT_CONST(NULL, 0), e = GIT_BUF_INIT_CONST(NULL, 0);
	int error = 0;

	*name = *email = NULL;
	if (env && *env)
		return parse_author(name, email, env);
	if ((l && (ensure_repo(l) < 0 || git_repository_config(&cfg, l->repo) < 0)) ||
	    (!l && git_config_open_default(&cfg) < 0))
		cfg = NULL;
	if (!cfg || git_config_get_string_buf(&n, cfg, "user.name") < 0 ||
	    git_config_get_string_buf(&e, cfg, "user.email") < 0 || !n.size || !e.size) {
		error = ct_error_set(CT_EINVALID, "no author: set CLAIMTRACK_AUTHOR='Name <email>' or git's user.name and user.email");
		goto done;
	}
	*name = strdup(n.ptr);
	*email = strdup(e.ptr);
	if (!*name || !*email)
		error = ct_error_oom();
done:
	git_buf_dispose(&n);
	git_buf_dispose(&e);
	git_config_free(cfg);
	return error;
}

int ct_ledger_text(ct_buf *out, ct_ledger *l, const char *id, int rev)
{
	sqlite3 *db = ct_ledger_db(l);
	sqlite3_stmt *st = NULL;
	ct_buf path = CT_BUF_INIT;
	int error = 0, rc = SQLITE_DONE;

	/* The index holds every text; the history is the fallback. */
	if (db && sqlite3_prepare_v2(db, "SELECT body FROM texts WHERE source = ? AND rev = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, rev);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			error = ct_buf_put(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return error;
	}
	if ((error = ct_path_text(&path, id, rev)) == 0)
		error = ct_ledger_read(out, l, NULL, path.ptr);
	if (error == CT_ENOTFOUND)
		error = ct_error_set(CT_ENOTFOUND, "source '%s' has no revision %d", id, rev);
	ct_buf_release(&path);
	return error;
}

int ct_path_source(ct_buf *out, const char *id)
{
	return ct_buf_printf(out, "sources/%02x/%s.json", ct_fnv1a(id) & 0xff, id);
}

int ct_path_text(ct_buf *out, const char *id, int rev)
{
	return ct_buf_printf(out, "texts/%02x/%s/%d.txt", ct_fnv1a(id) & 0xff, id, rev);
}

int ct_path_anchors(ct_buf *out, const char *id, int rev)
{
	return ct_buf_printf(out, "anchors/%02x/%s/%d.json", ct_fnv1a(id) & 0xff, id, rev);
}

int ct_path_claim(ct_buf *out, const char *id)
{
	/* Two levels of 32: each tree a commit rewrites stays small at any size. */
	return ct_buf_printf(out, "claims/%.1s/%.1s/%s.json", id, id[0] ? id + 1 : id, id);
}

int ct_ledger_read(ct_buf *out, ct_ledger *l, const char *commit, const char *path)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc, error = 0;
	if (ensure_repo(l) < 0)
		return CT_ERROR;

	rc = git_revparse_single(&obj, l->repo, commit ? commit : CT_LEDGER_REF);
	if (rc < 0 || git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0) {
		error = ct_error_set(CT_ENOTFOUND, "no commit '%s' in the ledger", commit ? commit : "HEAD");
		goto done;
	}
	if ((rc = git_commit_tree(&tree, c)) < 0) {
		error = ct_error_git(rc, "cannot read a tree");
		goto done;
	}
	if (git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_blob_lookup(&blob, l->repo, git_tree_entry_id(e)) < 0) {
		error = ct_error_set(CT_ENOTFOUND, "no file '%s' in the ledger", path);
		goto done;
	}
	error = ct_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	git_object_free(obj);
	return error;
}

int ct_ledger_begin(ct_ledger *l)
{
	int error;

	if (l->writing)
		return ct_error_set(CT_ERROR, "a write is already open on this ledger");
	if ((error = lock_take(l)) < 0)
		return error;
	if ((error = open_db(l, 1)) < 0 || (error = catch_up(l, 0)) < 0) {
		lock_release(l);
		return error;
	}
	l->writing = 1;
	return 0;
}

int ct_ledger_stage(ct_ledger *l, const char *path, const void *data, size_t len)
{
	struct staged *s;
	size_t i;

	for (i = 0; i < l->nstaged; i++)
		if (!strcmp(l->staged[i].path, path))
			break;
	if (i == l->nstaged) {
		if (CT_ARRAY_GROW(l->staged, l->nstaged, l->stagedcap, 8) < 0)
			return CT_ERROR;
		s = &l->staged[l->nstaged];
		memset(s, 0, sizeof(*s));
		if (!(s->path = strdup(path)))
			return ct_error_oom();
		l->nstaged++;
	} else {
		s = &l->staged[i];
		free(s->data);
		s->data = NULL;
	}
	s->len = len;
	if (data) {
		s->data = malloc(len ? len : 1);
		if (!s->data)
			return ct_error_oom();
		memcpy(s->data, data, len);
	}
	return 0;
}

int ct_ledger_stage_json(ct_ledger *l, const char *path, const json_t *record)
{
	ct_buf b = CT_BUF_INIT;
	int error;

	if ((error = ct_json_canonical(&b, record)) == 0)
		error = ct_ledger_stage(l, path, b.ptr, b.len);
	ct_buf_release(&b);
	return error;
}

void ct_ledger_abort(ct_ledger *l)
{
	if (!l)
		return;
	staged_clear(l);
	if (l->writing) {
		l->writing = 0;
		/* A writer connection closes before the lock goes: it may checkpoint. */
		sqlite3_close(l->db);
		l->db = NULL;
		l->db_writer = 0;
		lock_release(l);
	}
}

/* Build the tree and commit for what is staged on top of `parent` (zero: no parent). */
static int make_commit(git_oid *out, int *changed, ct_ledger *l, git_repository *repo,
                       const git_oid *parent, const char *message)
{
	git_tree_update *upd = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_commit *parent_commit = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, *blob_ids = NULL;
	char *name = NULL, *email = NULL;
	time_t now;
	size_t i;
	int rc, error = 0;

	*changed = 0;
	upd = calloc(l->nstaged ? l->nstaged : 1, sizeof(*upd));
	blob_ids = calloc(l->nstaged ? l->nstaged : 1, sizeof(*blob_ids));
	if (!upd || !blob_ids) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < l->nstaged; i++) {
		struct staged *s = &l->staged[i];
		upd[i].path = s->path;
		if (!s->data) {
			upd[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		if ((rc = git_blob_create_from_buffer(&blob_ids[i], repo, s->data, s->len)) < 0) {
			error = ct_error_git(rc, "cannot write a blob");
			goto done;
		}
		upd[i].action = GIT_TREE_UPDATE_UPSERT;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		git_oid_cpy(&upd[i].id, &blob_ids[i]);
	}
	if (!git_oid_is_zero(parent)) {
		if ((rc = git_commit_lookup(&parent_commit, repo, parent)) < 0 ||
		    (rc = git_commit_tree(&base, parent_commit)) < 0) {
			error = ct_error_git(rc, "cannot read the ledger's head");
			goto done;
		}
	}
	if ((rc = git_tree_create_updated(&tree_id, repo, base, l->nstaged, upd)) < 0) {
		error = ct_error_git(rc, "cannot write the tree");
		goto done;
	}
	if (parent_commit && git_oid_equal(&tree_id, git_tree_id(base)))
		goto done;
	if ((rc = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		error = ct_error_git(rc, "cannot read the new tree");
		goto done;
	}
	if ((error = ct_ledger_author(&name, &email, l)) < 0 || (error = ct_clock_now(&now)) < 0)
		goto done;
	if ((rc = git_signature_new(&sig, name, email, (git_time_t)now, 0)) < 0) {
		error = ct_error_git(rc, "invalid author");
		goto done;
	}
	/* The reflog entry of the ref update names the same author. */
	if ((rc = git_repository_set_ident(l->repo, name, email)) < 0) {
		error = ct_error_git(rc, "invalid author");
		goto done;
	}
	rc = git_commit_create(out, repo, NULL, sig, sig, NULL, message, tree,
			       parent_commit ? 1 : 0, (const git_commit **)&parent_commit);
	if (rc < 0) {
		error = ct_error_git(rc, "cannot write the commit");
		goto done;
	}
	*changed = 1;
done:
	free(name);
	free(email);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent_commit);
	free(blob_ids);
	free(upd);
	return error;
}

/*
 * Bulk writes. A commit of many records (an import) makes its objects in
 * memory, in a mempack backend on a repository handle of its own, and writes
 * them to objects/pack as one pack before the ref moves: one file and its
 * fsync instead of a loose file, a directory entry and their fsyncs for each
 * object. Importing 10,000 claims took 11.8 s that way, 4.5 s of it without
 * the fsyncs. A smaller commit writes loose objects, as git does.
 */
#define CT_BULK_RECORDS 128

struct bulk {
	git_repository *repo;
	git_odb_backend *mempack; /* owned by repo's object database */
};

static int bulk_open(struct bulk *b, const char *path)
{
	git_odb *odb = NULL;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = git_repository_open_ext(&b->repo, path,
	                                  GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
	                                  NULL)) < 0 ||
	    (rc = git_repository_odb(&odb, b->repo)) < 0 || (rc = git_mempack_new(&b->mempack)) < 0)
		goto fail;
	/* Above the loose and packed backends (priorities 1 and 2): new objects go here. */
	if ((rc = git_odb_add_backend(odb, b->mempack, 1000)) < 0) {
		b->mempack->free(b->mempack);
		b->mempack = NULL;
		goto fail;
	}
	git_odb_free(odb);
	return 0;
fail:
	git_odb_free(odb);
	git_repository_free(b->repo);
	b->repo = NULL;
	return ct_error_git(rc, "cannot open the ledger for a bulk write");
}

/* Write what the mempack holds as a pack (indexed, and fsynced as every write), then empty it. */
static int bulk_write(struct bulk *b)
{
	git_buf pack = GIT_BUF_INIT;
	git_odb *odb = NULL;
	git_odb_writepack *wp = NULL;
	git_indexer_progress stats;
	int rc;

	memset(&stats, 0, sizeof(stats));
	if ((rc = git_mempack_dump(&pack, b->repo, b->mempack)) < 0 ||
	    (rc = git_repository_odb(&odb, b->repo)) < 0 ||
	    (rc = git_odb_write_pack(&wp, odb, NULL, NULL)) < 0 ||
	    (rc = wp->append(wp, pack.ptr, pack.size, &stats)) < 0 ||
	    (rc = wp->commit(wp, &stats)) < 0 || (rc = git_mempack_reset(b->mempack)) < 0)
		rc = ct_error_git(rc, "cannot write a pack");
	if (wp)
		wp->free(wp);
	git_odb_free(odb);
	git_buf_dispose(&pack);
	return rc < 0 ? rc : 0;
}

static int many_loose(const char *path);

int ct_ledger_commit(ct_ledger *l, const char *message, int *committed)
{
	git_oid parent, commit;
	git_reference *ref = NULL;
	struct bulk bulk = { NULL, NULL };
	char reflog[256];
	int changed = 0, error = 0, attempt, rc;
	const char *nl;

	if (committed)
		*committed = 0;
	if (!l->writing)
		return ct_error_set(CT_ERROR, "no write is open on this ledger");
	nl = strchr(message, '\n');
	snprintf(reflog, sizeof(reflog), "claimtrack: %.*s", nl ? (int)(nl - message) : 200, message);
	if (l->nstaged >= CT_BULK_RECORDS &&
	    ((error = ensure_repo(l)) < 0 || (error = bulk_open(&bulk, l->path)) < 0))
		goto done;
	for (attempt = 0; attempt < 5; attempt++) {
		if ((error = read_head(&parent, l)) < 0)
			goto done;
		if ((error = make_commit(&commit, &changed, l, bulk.repo ? bulk.repo : l->repo, &parent,
		                         message)) < 0 ||
		    !changed)
			goto done;
		/* The objects are on disk before the ref names them. */
		if (bulk.repo && (error = bulk_write(&bulk)) < 0)
			goto done;
		if (git_oid_is_zero(&parent))
			rc = git_reference_create(&ref, l->repo, CT_LEDGER_REF, &commit, 0, reflog);
		else
			rc = git_reference_create_matching(&ref, l->repo, CT_LEDGER_REF, &commit, 1, &parent, reflog);
		git_reference_free(ref);
		ref = NULL;
		if (rc == 0)
			break;
		/* Moved by a writer from outside (we hold our own lock): build again on top of it. */
		if (rc != GIT_EMODIFIED && rc != GIT_EEXISTS && rc != GIT_ELOCKED) {
			error = ct_error_git(rc, "cannot move " CT_LEDGER_REF);
			goto done;
		}
		changed = 0;
	}
	if (attempt == 5) {
		error = ct_error_set(CT_ECONFLICT, "the ledger kept moving under this write; try again");
		goto done;
	}
	if (committed)
		*committed = 1;
	if ((error = catch_up(l, 0)) < 0)
		goto done;
	if (l->defer_packing)
		l->pack_due = many_loose(l->path);
	else
		error = ct_ledger_pack(l, CT_PACK_AUTO);
done:
	git_repository_free(bulk.repo);
	ct_ledger_abort(l);
	return error;
}

int ct_ledger_rebuild(ct_ledger *l)
{
	return catch_up_locked(l, 1);
}

/* Create a directory and its missing parents, as mkdir -p. */
static int mkdir_p(const char *dir)
{
	char p[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n >= sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			return -1;
		p[i] = i < n ? '/' : '\0';
	}
	return 0;
}

int ct_ledger_init(const char *dir)
{
	char gitdir[PATH_MAX];
	git_repository_init_options opts;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	ct_ledger *l = NULL;
	char *name = NULL, *email = NULL;
	int rc, error;

	if (git_init_once() < 0)
		return CT_ERROR;
	/* Refuse before creating anything when no author can be named. */
	if ((error = ct_ledger_author(&name, &email, NULL)) < 0)
		return error;
	free(name);
	free(email);
	if (mkdir_p(dir) < 0)
		return ct_error_set(CT_ERROR, "cannot create '%s': %s", dir, strerror(errno));
	if (!is_dir(dir))
		return ct_error_set(CT_EINVALID, "cannot create a ledger in '%s': not a directory", dir);
	snprintf(gitdir, sizeof(gitdir), "%s/%s", dir, CT_LEDGER_DIRNAME);
	if (is_dir(gitdir) || is_file(gitdir))
		return ct_error_set(CT_EEXISTS, "a ledger already exists in '%s'", gitdir);
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	opts.description = "A claimtrack ledger: claims, their sources, and their history.\n";
	if ((rc = git_repository_init_ext(&repo, gitdir, &opts)) < 0)
		return ct_error_git(rc, "cannot create the ledger");
	if ((rc = git_repository_config(&cfg, repo)) < 0 ||
	    (rc = git_config_set_string(cfg, "core.logAllRefUpdates", "always")) < 0 ||
	    (rc = git_config_set_int32(cfg, "gc.auto", 0)) < 0) {
		error = ct_error_git(rc, "cannot configure the ledger");
		goto done;
	}
	git_config_free(cfg);
	cfg = NULL;
	git_repository_free(repo);
	repo = NULL;
	if ((error = open_repo(&l, gitdir)) < 0 || (error = ct_ledger_begin(l)) < 0 ||
	    (error = ct_ledger_stage(l, "FORMAT", CT_LEDGER_FORMAT, strlen(CT_LEDGER_FORMAT))) < 0)
		goto done;
	error = ct_ledger_commit(l, "Create the ledger\n", NULL);
done:
	git_config_free(cfg);
	git_repository_free(repo);
	ct_ledger_free(l);
	return error;
}

int ct_ledger_resolve_commit(char *out, ct_ledger *l, const char *spec)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc;
	if (ensure_repo(l) < 0)
		return CT_ERROR;

	out[0] = '\0';
	rc = git_revparse_single(&obj, l->repo, spec);
	if (rc == GIT_EAMBIGUOUS)
		return ct_error_set(CT_EAMBIGUOUS, "commit '%s' is ambiguous", spec);
	if (rc < 0 || git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return ct_error_set(CT_ENOTFOUND, "no commit '%s' in the ledger", spec);
	}
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

int ct_ledger_commit_at(char *out, ct_ledger *l, time_t when)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int error = CT_ENOTFOUND, rc;
	if (ensure_repo(l) < 0)
		return CT_ERROR;

	out[0] = '\0';
	if ((rc = git_revwalk_new(&walk, l->repo)) < 0 || (rc = git_revwalk_push_ref(walk, CT_LEDGER_REF)) < 0) {
		git_revwalk_free(walk);
		return ct_error_git(rc, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, l->repo, &id) < 0)
			continue;
		if (git_commit_time(c) <= (git_time_t)when) {
			git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
			error = 0;
			git_commit_free(c);
			break;
		}
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	if (error)
		ct_error_set(CT_ENOTFOUND, "the ledger has no history at that date");
	return error;
}

/* The id of the blob at `path` in a commit's tree (zero when absent). */
static void blob_at(git_oid *out, git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (c && git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&e, tree, path) == 0)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(tree);
}

int ct_ledger_log(ct_ledger *l, const char *path, ct_log_cb cb, void *payload)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int rc, error = 0;
	if (ensure_repo(l) < 0)
		return CT_ERROR;

	if ((rc = git_revwalk_new(&walk, l->repo)) < 0 || (rc = git_revwalk_push_ref(walk, CT_LEDGER_REF)) < 0) {
		git_revwalk_free(walk);
		return ct_error_git(rc, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (!error && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL, *p = NULL;
		const git_signature *a;
		char hex[GIT_OID_HEXSZ + 1], phex[GIT_OID_HEXSZ + 1] = "", who[512];
		ct_log_entry e;

		if ((rc = git_commit_lookup(&c, l->repo, &id)) < 0) {
			error = ct_error_git(rc, "cannot read a commit");
			break;
		}
		if (git_commit_parentcount(c) > 0) {
			git_commit_parent(&p, c, 0);
			git_oid_tostr(phex, sizeof(phex), git_commit_parent_id(c, 0));
		}
		if (path) {
			git_oid now, before;
			blob_at(&now, c, path);
			blob_at(&before, p, path);
			if (git_oid_equal(&now, &before)) {
				git_commit_free(p);
				git_commit_free(c);
				continue;
			}
		}
		git_oid_tostr(hex, sizeof(hex), &id);
		a = git_commit_author(c);
		snprintf(who, sizeof(who), "%s <%s>", a->name, a->email);
		e.commit = hex;
		e.author = who;
		e.time = (time_t)a->when.time;
		e.message = git_commit_message(c);
		e.parent = phex;
		error = cb(&e, payload);
		git_commit_free(p);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return error;
}

/* Append an object id to an array that grows as needed (n used, room for cap). */
static int oid_push(git_oid **ids, size_t *n, size_t *cap, const git_oid *id)
{
	if (CT_ARRAY_GROW(*ids, *n, *cap, 256) < 0)
		return CT_ERROR;
	(*ids)[(*n)++] = *id;
	return 0;
}

/* The loose objects of the repository. */
static int loose_objects(git_oid **out, size_t *n, const char *path)
{
	char dirpath[PATH_MAX];
	git_oid *ids = NULL, id;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < 256; i++) {
		DIR *d;
		struct dirent *de;
		snprintf(dirpath, sizeof(dirpath), "%s/objects/%02x", path, i);
		if (!(d = opendir(dirpath)))
			continue;
		while ((de = readdir(d))) {
			char hex[GIT_OID_HEXSZ + 1];
			if (strlen(de->d_name) != GIT_OID_HEXSZ - 2)
				continue;
			snprintf(hex, sizeof(hex), "%02x%.38s", i, de->d_name);
			if (git_oid_fromstr(&id, hex) == 0 && oid_push(&ids, n, &cap, &id) < 0) {
				closedir(d);
				free(ids);
				*n = 0;
				return CT_ERROR;
			}
		}
		closedir(d);
	}
	*out = ids;
	return 0;
}

/* A pack of the repository: its path without ".pack", and its number of objects. */
struct pack_file {
	char *path;
	size_t objects;
};

static int pack_file_cmp(const void *a, const void *b)
{
	const struct pack_file *x = a, *y = b;
	return x->objects < y->objects ? -1 : x->objects > y->objects;
}

/*
 * Open a pack's index file (pack: its path without ".idx") at its first
 * object id: *count objects, each id *skip bytes after the end of the one
 * before. Version 2, as git and libgit2 write it (magic, version, fan-out,
 * then the ids one after another), and version 1 (fan-out, then an offset
 * of 4 bytes before each id).
 */
static int idx_open(FILE **out, size_t *count, size_t *skip, const char *pack)
{
	unsigned char head[8 + 256 * 4], *p;
	char path[PATH_MAX];
	FILE *f;
	int v2;

	snprintf(path, sizeof(path), "%s.idx", pack);
	if (!(f = fopen(path, "rb")))
		return ct_error_set(CT_ERROR, "cannot open %s: %s", path, strerror(errno));
	if (fread(head, 1, sizeof(head), f) != sizeof(head)) {
		fclose(f);
		return ct_error_set(CT_ERROR, "%s: not a pack index", path);
	}
	v2 = !memcmp(head, "\377tOc\0\0\0\2", 8);
	p = head + (v2 ? 8 : 0) + 255 * 4;
	*count = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	*skip = v2 ? 0 : 4;
	if (!v2 && fseek(f, 256 * 4, SEEK_SET) < 0) {
		fclose(f);
		return ct_error_set(CT_ERROR, "%s: cannot read: %s", path, strerror(errno));
	}
	*out = f;
	return 0;
}

/* Append the object ids of a pack (path without ".pack") to *ids, which holds n. */
static int idx_ids(git_oid **ids, size_t *n, const char *pack)
{
	git_oid *more;
	size_t count, skip, i;
	FILE *f;
	int error;

	if ((error = idx_open(&f, &count, &skip, pack)) < 0)
		return error;
	if (!(more = realloc(*ids, (*n + count) * sizeof(**ids)))) {
		fclose(f);
		return ct_error_oom();
	}
	*ids = more;
	for (i = 0; i < count; i++) {
		unsigned char entry[4 + GIT_OID_RAWSZ];
		if (fread(entry, 1, skip + GIT_OID_RAWSZ, f) != skip + GIT_OID_RAWSZ) {
			fclose(f);
			return ct_error_set(CT_ERROR, "%s.idx: a truncated pack index", pack);
		}
		memcpy((*ids)[*n + i].id, entry + skip, GIT_OID_RAWSZ);
	}
	fclose(f);
	*n += count;
	return 0;
}

static void pack_files_free(struct pack_file *packs, size_t n)
{
	while (n)
		free(packs[--n].path);
	free(packs);
}

/*
 * The packs of the repository (objects/pack/pack-*.pack) with their object
 * counts, fewest objects first. Packs kept on purpose (a .keep file, as git
 * honours it) are left out: they are never merged nor deleted.
 */
static int list_packs(struct pack_file **out, size_t *n, const char *path)
{
	char dir[PATH_MAX], keep[PATH_MAX];
	struct pack_file *packs = NULL;
	DIR *d;
	struct dirent *de;
	FILE *f;
	size_t cap = 0, skip;
	int error = 0;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/objects/pack", path);
	if (!(d = opendir(dir)))
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".pack") || strncmp(de->d_name, "pack-", 5))
			continue;
		if ((error = CT_ARRAY_GROW(packs, *n, cap, 8)) < 0)
			break;
		packs[*n].objects = 0;
		if (asprintf(&packs[*n].path, "%s/%.*s", dir, (int)(len - 5), de->d_name) < 0) {
			error = ct_error_oom();
			break;
		}
		snprintf(keep, sizeof(keep), "%s.keep", packs[*n].path);
		if (access(keep, F_OK) == 0) {
			free(packs[*n].path);
			continue;
		}
		(*n)++;
		if ((error = idx_open(&f, &packs[*n - 1].objects, &skip, packs[*n - 1].path)) < 0)
			break;
		fclose(f);
	}
	closedir(d);
	if (error < 0) {
		pack_files_free(packs, *n);
		*n = 0;
		return error;
	}
	if (*n)
		qsort(packs, *n, sizeof(*packs), pack_file_cmp);
	*out = packs;
	return 0;
}

size_t ct_pack_rollup(const size_t *objects, size_t n, size_t at_least)
{
	size_t i, split = 0, total = 0;

	/* From the largest down: the first pack not twice its smaller neighbour, and all below it, go. */
	for (i = n; i-- > 1;)
		if (objects[i] < 2 * objects[i - 1]) {
			split = i + 1;
			break;
		}
	if (split < at_least)
		split = at_least;
	for (i = 0; i < split; i++)
		total += objects[i];
	/* Then every next pack that the merged one would not be half of. */
	while (split < n && objects[split] < 2 * total)
		total += objects[split++];
	return split;
}

static int insert_object(const git_oid *id, void *payload)
{
	return git_packbuilder_insert(payload, id, NULL);
}

/* A set of object ids: open addressing over a power-of-two table. */
struct oidset {
	git_oid *slots;
	unsigned char *used;
	size_t mask, n;
};

static void oidset_release(struct oidset *s)
{
	free(s->slots);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

/* Add an id; *added tells whether it was new. */
static int oidset_add(struct oidset *s, const git_oid *id, int *added)
{
	size_t i;

	if ((s->n + 1) * 2 > s->mask) {
		struct oidset bigger = { NULL, NULL, s->mask ? s->mask * 2 + 1 : 1023, 0 };
		int dummy;
		if (!(bigger.slots = malloc((bigger.mask + 1) * sizeof(git_oid))) ||
		    !(bigger.used = calloc(bigger.mask + 1, 1))) {
			oidset_release(&bigger);
			return ct_error_oom();
		}
		for (i = 0; s->mask && i <= s->mask; i++)
			if (s->used[i])
				oidset_add(&bigger, &s->slots[i], &dummy);
		oidset_release(s);
		*s = bigger;
	}
	/* Object ids are hashes already: their first bytes place them. */
	for (i = ((size_t)id->id[0] << 16 | (size_t)id->id[1] << 8 | id->id[2]) & s->mask; s->used[i];
	     i = (i + 1) & s->mask)
		if (!memcmp(s->slots[i].id, id->id, GIT_OID_RAWSZ)) {
			*added = 0;
			return 0;
		}
	s->used[i] = 1;
	memcpy(s->slots[i].id, id->id, GIT_OID_RAWSZ);
	s->n++;
	*added = 1;
	return 0;
}

static int oid_cmp(const void *a, const void *b)
{
	return memcmp(((const git_oid *)a)->id, ((const git_oid *)b)->id, GIT_OID_RAWSZ);
}

/*
 * The history, newest commit first, inserted as git pack-objects orders it:
 * each commit, then the trees and blobs it brings, each named by its path.
 * The packbuilder groups objects by that name before it looks for deltas,
 * so that each tree is stored as a delta of its previous version (a
 * one-line change) rather than whole; without names it compares trees of
 * about the same size, which are rarely related. `only` (sorted, n ids)
 * limits the walk to those objects, for a pack of the loose ones: it stops
 * at the first commit outside it. The caller still inserts every object it
 * packs; this only names and orders those the history reaches.
 */
struct pack_walk {
	git_repository *repo;
	git_packbuilder *pb;
	struct oidset seen;
	const git_oid *only;
	size_t n;
	ct_buf path;
};

static int walk_wanted(struct pack_walk *w, const git_oid *id, int *want)
{
	int added, error;

	*want = 0;
	if ((error = oidset_add(&w->seen, id, &added)) < 0 || !added)
		return error;
	*want = !w->only || bsearch(id, w->only, w->n, sizeof(*id), oid_cmp) != NULL;
	return 0;
}

static void path_cut(ct_buf *b, size_t len)
{
	if (b->cap) { /* else it is the empty buffer's static "" */
		b->len = len;
		b->ptr[len] = '\0';
	}
}

static int walk_tree(struct pack_walk *w, const git_oid *id)
{
	git_tree *tree = NULL;
	size_t i, count, len = w->path.len;
	int rc, want, error;

	if ((error = walk_wanted(w, id, &want)) < 0 || !want)
		return error;
	if ((rc = git_packbuilder_insert(w->pb, id, w->path.len ? w->path.ptr : NULL)) < 0 ||
	    (rc = git_tree_lookup(&tree, w->repo, id)) < 0)
		return ct_error_git(rc, "cannot pack objects");
	count = git_tree_entrycount(tree);
	for (i = 0; i < count && !error; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_object_t type = git_tree_entry_type(e);

		if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
			continue;
		path_cut(&w->path, len);
		if ((len && ct_buf_putc(&w->path, '/') < 0) || ct_buf_puts(&w->path, git_tree_entry_name(e)) < 0) {
			error = CT_ERROR;
			break;
		}
		if (type == GIT_OBJECT_TREE)
			error = walk_tree(w, git_tree_entry_id(e));
		else if (!(error = walk_wanted(w, git_tree_entry_id(e), &want)) && want &&
			 (rc = git_packbuilder_insert(w->pb, git_tree_entry_id(e), w->path.ptr)) < 0)
			error = ct_error_git(rc, "cannot pack objects");
	}
	path_cut(&w->path, len);
	git_tree_free(tree);
	return error;
}

static int insert_history(git_repository *repo, git_packbuilder *pb, const git_oid *only, size_t n)
{
	struct pack_walk w = { repo, pb, { NULL, NULL, 0, 0 }, only, n, CT_BUF_INIT };
	git_oid *todo = NULL, id;
	size_t ntodo = 0, cap = 0;
	int rc, error = 0;

	/*
	 * Newest first, the first parent before the others; not a git_revwalk,
	 * whose date order reads every commit of the history before the first
	 * comes out (a pack of the newest commits would pay for all of them).
	 */
	if (git_reference_name_to_id(&id, repo, CT_LEDGER_REF) < 0)
		return 0; /* no history yet */
	error = oid_push(&todo, &ntodo, &cap, &id);
	while (!error && ntodo) {
		git_commit *c = NULL;
		unsigned int i;
		int want;

		id = todo[--ntodo];
		if ((error = walk_wanted(&w, &id, &want)) < 0 || !want)
			continue;
		if ((rc = git_packbuilder_insert(pb, &id, NULL)) < 0 || (rc = git_commit_lookup(&c, repo, &id)) < 0) {
			error = ct_error_git(rc, "cannot pack objects");
			break;
		}
		error = walk_tree(&w, git_commit_tree_id(c));
		for (i = git_commit_parentcount(c); !error && i-- > 0;)
			error = oid_push(&todo, &ntodo, &cap, git_commit_parent_id(c, i));
		git_commit_free(c);
	}
	free(todo);
	oidset_release(&w.seen);
	ct_buf_release(&w.path);
	return error;
}

/*
 * Packing, as git gc --auto does with geometric repacking: when there are
 * about CT_PACK_LOOSE loose objects (estimated from 16 of the 256 object
 * directories), they go into a new pack and their loose copies are deleted.
 * The packs are kept in a geometric progression, each at least twice the
 * size of the next smaller one (git repack --geometric=2): the new pack
 * takes in the smaller packs that would break it. So a write that packs
 * usually rewrites a few hundred objects, a merge of the whole history is
 * as rare as its doubling, and there are never more than about log2 of the
 * history's size in packs. Each loose object takes a block of the file
 * system (4 KiB): the threshold bounds what loose objects hold between two
 * packs to about 1 MiB (some 40 claims added). Nothing unreachable is
 * pruned: an object that an outside writer (git push) has just written
 * stays, in the new pack.
 */
#define CT_PACK_LOOSE 256

static int many_loose(const char *path)
{
	char p[PATH_MAX];
	size_t i, sample = 0;
	DIR *d;
	struct dirent *de;

	for (i = 0; i < 256; i += 17) { /* 00, 11, ..., ff */
		snprintf(p, sizeof(p), "%s/objects/%02zx", path, i);
		if ((d = opendir(p))) {
			while ((de = readdir(d)))
				sample += de->d_name[0] != '.';
			closedir(d);
		}
	}
	return sample * 16 >= CT_PACK_LOOSE;
}

/* Delete a pack that a new one has taken in: its index first, so that no reader finds it half gone. */
static void remove_pack(const char *pack)
{
	static const char *const exts[] = { ".idx", ".pack", ".rev", ".bitmap", NULL };
	const char *const *e;
	char p[PATH_MAX];

	for (e = exts; *e; e++) {
		snprintf(p, sizeof(p), "%s%s", pack, *e);
		unlink(p);
	}
}

void ct_ledger_defer_packing(ct_ledger *l)
{
	l->defer_packing = 1;
}

int ct_ledger_pack_due(const ct_ledger *l)
{
	return l->pack_due;
}

int ct_ledger_pack_detached(ct_ledger *l)
{
	git_config *cfg = NULL;
	int detach = 1;

	if (ensure_repo(l) == 0 && git_repository_config(&cfg, l->repo) == 0 &&
	    git_config_get_bool(&detach, cfg, "gc.autoDetach") < 0)
		detach = 1;
	git_config_free(cfg);
	ct_error_clear();
	return detach;
}

int ct_ledger_pack(ct_ledger *l, ct_pack_mode mode)
{
	char p[PATH_MAX];
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	git_oid *loose = NULL, *ids = NULL;
	struct pack_file *packs = NULL;
	size_t *objects = NULL;
	size_t nloose = 0, n = 0, npacks = 0, merge = 0, i;
	int locked = l->lock_fd < 0, rc, error = 0;

	if (mode == CT_PACK_AUTO && !many_loose(l->path))
		return 0;
	/* Outside a write, packing takes the writers' lock itself. */
	if (locked && (error = lock_take(l)) < 0)
		return error;
	if ((locked && mode == CT_PACK_AUTO && !many_loose(l->path)) || /* packed while we waited */
	    (error = ensure_repo(l)) < 0 || (error = loose_objects(&loose, &nloose, l->path)) < 0 ||
	    (error = list_packs(&packs, &npacks, l->path)) < 0)
		goto done;
	if (mode == CT_PACK_ALL) {
		merge = npacks;
	} else {
		/* The loose objects count as a pack of their own, which the merge must take in. */
		if (!(objects = malloc((npacks + 1) * sizeof(*objects)))) {
			error = ct_error_oom();
			goto done;
		}
		for (i = 0; i < npacks; i++)
			objects[i] = packs[i].objects;
		for (i = npacks; i > 0 && objects[i - 1] > nloose; i--)
			objects[i] = objects[i - 1];
		objects[i] = nloose;
		merge = ct_pack_rollup(objects, npacks + 1, i + 1) - 1;
		if (!nloose && merge < 2)
			goto done; /* nothing loose, nothing out of progression */
	}
	/* What goes in: the loose objects, and those of the packs taken in. */
	if (nloose && !(ids = malloc(nloose * sizeof(*ids)))) {
		error = ct_error_oom();
		goto done;
	}
	if (nloose)
		memcpy(ids, loose, nloose * sizeof(*ids));
	n = nloose;
	if (mode != CT_PACK_ALL)
		for (i = 0; i < merge; i++)
			if ((error = idx_ids(&ids, &n, packs[i].path)) < 0)
				goto done;
	if (!n && mode != CT_PACK_ALL)
		goto done; /* only empty packs to merge */
	if ((rc = git_packbuilder_new(&pb, l->repo)) < 0) {
		error = ct_error_git(rc, "cannot pack objects");
		goto done;
	}
	git_packbuilder_set_threads(pb, 0); /* 0: one thread per processor */
	if (n)
		qsort(ids, n, sizeof(*ids), oid_cmp);
	if ((error = insert_history(l->repo, pb, mode == CT_PACK_ALL ? NULL : ids, n)) < 0)
		goto done;
	if (mode == CT_PACK_ALL) {
		if ((rc = git_repository_odb(&odb, l->repo)) < 0 || (rc = git_odb_foreach(odb, insert_object, pb)) < 0) {
			error = ct_error_git(rc, "cannot pack objects");
			goto done;
		}
	} else {
		/* What the history does not reach (an outside writer's objects) goes in unnamed. */
		for (i = 0; i < n; i++)
			if ((rc = git_packbuilder_insert(pb, &ids[i], NULL)) < 0) {
				error = ct_error_git(rc, "cannot pack objects");
				goto done;
			}
	}
	snprintf(p, sizeof(p), "%s/objects/pack", l->path);
	if ((rc = git_packbuilder_write(pb, p, 0, NULL, NULL)) < 0) {
		error = ct_error_git(rc, "cannot write a pack");
		goto done;
	}
	/*
	 * Every object packed is now in the new pack: the loose copies and the
	 * packs taken in can go (not the new pack, should its name be one of them).
	 */
	for (i = 0; i < nloose; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &loose[i]);
		snprintf(p, sizeof(p), "%s/objects/%.2s/%s", l->path, hex, hex + 2);
		unlink(p);
	}
	for (i = 0; i < 256; i++) {
		snprintf(p, sizeof(p), "%s/objects/%02x", l->path, (unsigned)i);
		rmdir(p);
	}
	for (i = 0; git_packbuilder_name(pb) && i < merge; i++)
		if (!strstr(packs[i].path, git_packbuilder_name(pb)))
			remove_pack(packs[i].path);
done:
	pack_files_free(packs, npacks);
	free(objects);
	git_odb_free(odb);
	git_packbuilder_free(pb);
	free(ids);
	free(loose);
	if (locked)
		lock_release(l);
	l->pack_due = 0;
	return error;
}

struct verify_ctx {
	ct_ledger *l;
	ct_buf *problems;
	size_t records;
	int error;
};

/* Check one record file of HEAD's tree: canonical JSON, and the same bytes in the index. */
static int verify_entry(const char *root, const git_tree_entry *entry, void *payload)
{
	struct verify_ctx *v = payload;
	char path[PATH_MAX];
	git_blob *blob = NULL;
	json_t *rec = NULL;
	ct_buf canon = CT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	const char *table = NULL, *data;
	size_t len;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	snprintf(path, sizeof(path), "%s%s", root, git_tree_entry_name(entry));
	if (git_blob_lookup(&blob, v->l->repo, git_tree_entry_id(entry)) < 0) {
		ct_buf_printf(v->problems, "%s: cannot read its object\n", path);
		return 0;
	}
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if (!strncmp(path, "texts/", 6)) {
		if (memchr(data, '\0', len))
			ct_buf_printf(v->problems, "%s: the text holds a NUL byte\n", path);
		goto done;
	}
	if (!is_record_path(path))
		goto done;
	if (strncmp(path, "anchors/", 8))
		v->records++;
	if (ct_json_parse(&rec, data, len, path, 0) < 0) {
		/* The message names the file, the line and the column. */
		ct_buf_printf(v->problems, "%s\n", ct_error_last());
		goto done;
	}
	if (ct_json_canonical(&canon, rec) < 0 || canon.len != len || memcmp(canon.ptr, data, len))
		ct_buf_printf(v->problems, "%s: not in canonical form\n", path);
	if (!strncmp(path, "sources/", 8))
		table = "SELECT record FROM sources WHERE id = ?";
	else if (!strncmp(path, "claims/", 7))
		table = "SELECT record FROM claims WHERE id = ?";
	if (table && sqlite3_prepare_v2(v->l->db, table, -1, &st, NULL) == SQLITE_OK) {
		json_t *indexed = NULL;
		ct_buf ic = CT_BUF_INIT;
		sqlite3_bind_text(st, 1, ct_json_str(rec, "id", ""), -1, SQLITE_STATIC);
		/* The index keeps the record compact: compare the canonical forms. */
		if (sqlite3_step(st) != SQLITE_ROW)
			ct_buf_printf(v->problems, "%s: missing from the index\n", path);
		else if (ct_json_parse(&indexed, (const char *)sqlite3_column_text(st, 0),
				       (size_t)sqlite3_column_bytes(st, 0), path, 0) < 0 ||
			 ct_json_canonical(&ic, indexed) < 0 || ic.len != canon.len || memcmp(ic.ptr, canon.ptr, ic.len))
			ct_buf_printf(v->problems, "%s: the index holds a different record\n", path);
		json_decref(indexed);
		ct_buf_release(&ic);
	}
	/* A source's revisions: each text exists and has the recorded digest. */
	if (!strncmp(path, "sources/", 8)) {
		json_t *r;
		size_t i;
		json_array_foreach(json_object_get(rec, "revisions"), i, r) {
			ct_buf tp = CT_BUF_INIT, text = CT_BUF_INIT;
			char sha[65];
			ct_path_text(&tp, ct_json_str(rec, "id", ""), (int)ct_json_int(r, "n", 0));
			if (ct_ledger_read(&text, v->l, NULL, tp.ptr) < 0) {
				ct_buf_printf(v->problems, "%s: revision %zu has no text\n", path, i + 1);
			} else {
				ct_sha256_hex(sha, text.ptr, text.len);
				if (strcmp(sha, ct_json_str(r, "sha256", "")))
					ct_buf_printf(v->problems, "%s: the text of revision %zu does not match its SHA-256\n", path, i + 1);
			}
			ct_buf_release(&tp);
			ct_buf_release(&text);
		}
	}
done:
	sqlite3_finalize(st);
	ct_buf_release(&canon);
	json_decref(rec);
	git_blob_free(blob);
	return 0;
}

static int count_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int ct_ledger_verify(ct_buf *problems, ct_ledger *l)
{
	git_revwalk *walk = NULL;
	git_odb *odb = NULL;
	git_oid id, head;
	git_tree *tree = NULL;
	struct verify_ctx v = { l, problems, 0, 0 };
	int rc, error = 0, indexed;

	if (!ct_ledger_db(l) || ensure_repo(l) < 0)
		return CT_ERROR;
	if ((error = read_head(&head, l)) < 0)
		return error;
	if ((rc = git_repository_odb(&odb, l->repo)) < 0 || (rc = git_revwalk_new(&walk, l->repo)) < 0 ||
	    (rc = git_revwalk_push(walk, &head)) < 0) {
		error = ct_error_git(rc, "cannot walk the history");
		goto done;
	}
	/* Every commit and tree reads back and hashes to its id (libgit2 checks the hash on read). */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	while (git_revwalk_next(&id, walk) == 0) {
		git_odb_object *obj = NULL;
		if (git_odb_read(&obj, odb, &id) < 0)
			ct_buf_printf(problems, "commit %s: %s\n", git_oid_tostr_s(&id),
				      git_error_last() ? git_error_last()->message : "cannot be read");
		git_odb_object_free(obj);
	}
	if ((error = tree_of(&tree, l, &head)) < 0)
		goto done;
	git_tree_walk(tree, GIT_TREEWALK_PRE, verify_entry, &v);
	if (strcmp(l->head, git_oid_tostr_s(&head)))
		ct_buf_printf(problems, "index: reflects commit %s, the history is at %s\n", l->head,
			      git_oid_tostr_s(&head));
	indexed = count_rows(l->db, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM claims)");
	if (indexed != (int)v.records)
		ct_buf_printf(problems, "index: holds %d sources and claims, the history %zu\n", indexed, v.records);
	/* FTS5 compares its index with the words of claims_text. */
	if (sqlite3_exec(l->db, "INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')", NULL, NULL, NULL) !=
	    SQLITE_OK)
		ct_buf_printf(problems, "index: the full-text index does not match the claims: %s\n",
			      sqlite3_errmsg(l->db));
done:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_tree_free(tree);
	git_revwalk_free(walk);
	git_odb_free(odb);
	return error;
}
