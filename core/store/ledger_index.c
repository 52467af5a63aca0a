/* core/store/ledger_index.c: the ledger's index connection, and keeping the index in step with the history. */
#define _GNU_SOURCE
#include "error.h"
#include "index_int.h"
#include "ledger_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int ct_ledger_db_open(ct_ledger *l, int writer)
{
	char p[PATH_MAX];
	int error;

	if (l->db && (l->db_writer || !writer))
		return 0;
	ct_ledger_db_close(l);
	snprintf(p, sizeof(p), "%s/index.sqlite", l->path);
	if ((error = ct_index_open(&l->db, p, writer)) < 0)
		return error;
	l->db_writer = writer;
	return 0;
}

void ct_ledger_db_close(ct_ledger *l)
{
	sqlite3_close(l->db);
	l->db = NULL;
	l->db_writer = 0;
}

struct apply_ctx {
	ct_ledger *l;
	ct_index_batch *batch;
	int error;
	size_t done; /* records applied, for progress */
};

int ct_ledger_is_record_path(const char *path)
{
	return !strncmp(path, "sources/", 8) || !strncmp(path, "claims/", 7) ||
	       !strncmp(path, "anchors/", 8);
}

/* The files the index holds: records and texts. */
static int is_indexed_path(const char *path)
{
	return ct_ledger_is_record_path(path) || !strncmp(path, "texts/", 6);
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
		ct_ledger_report(ctx->l, "indexing", ctx->done, 0);
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

/*
 * Bring the index to HEAD: apply the trees' difference when the indexed commit
 * is an ancestor of HEAD, else rebuild from HEAD's tree. Needs the lock and a
 * writer connection. `full` forces a rebuild.
 */
int ct_ledger_catch_up(ct_ledger *l, int full)
{
	git_oid head, old;
	git_tree *new_tree = NULL, *old_tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	struct apply_ctx ctx = { l, NULL, 0, 0 };
	int error;

	if ((error = ct_ledger_head_id(&head, l)) < 0 || (error = ct_index_head(l->head, l->db)) < 0)
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
		if ((error = ct_ledger_tree(&old_tree, l, &old)) < 0 || (error = ct_ledger_tree(&new_tree, l, &head)) < 0 ||
		    (error = ct_index_batch_new(&ctx.batch, l->db, 0)) < 0)
			goto done;
		if ((error = apply_trees(&ctx, old_tree, new_tree, "")) < 0)
			goto done;
	} else {
		if ((error = ct_index_clear(l->db)) < 0 ||
		    (error = ct_index_batch_new(&ctx.batch, l->db, 1)) < 0)
			goto done;
		if (!git_oid_is_zero(&head)) {
			if ((error = ct_ledger_tree(&new_tree, l, &head)) < 0)
				goto done;
			if (git_tree_walk(new_tree, GIT_TREEWALK_PRE, walk_cb, &ctx) < 0) {
				error = ctx.error < 0 ? ctx.error : ct_error_git(-1, "cannot read the history");
				goto done;
			}
			if (ctx.done >= 1000)
				ct_ledger_report(l, "indexing", ctx.done, 1);
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

/*
 * Catch the index up (full: rebuild it) on a writer connection, under the
 * writers' lock, then go back to a reader connection: the writer one must
 * not checkpoint without the lock.
 */
static int catch_up_locked(ct_ledger *l, int full)
{
	int error;

	if ((error = ct_ledger_lock(l)) < 0)
		return error;
	if ((error = ct_ledger_db_open(l, 1)) == 0)
		error = ct_ledger_catch_up(l, full);
	ct_ledger_db_close(l);
	ct_ledger_unlock(l);
	if (error == 0)
		error = ct_ledger_db_open(l, 0);
	return error;
}

/* Make the index current: a cheap check first, the lock only when it lags. */
int ct_ledger_refresh(ct_ledger *l)
{
	git_oid head;
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	error = ct_ledger_db_open(l, l->lock_fd >= 0);
	if (error == CT_ECONFLICT)
		goto locked;
	if (error < 0)
		return error;
	if ((error = ct_ledger_head_id(&head, l)) < 0 || (error = ct_index_head(l->head, l->db)) < 0)
		return error;
	git_oid_tostr(hex, sizeof(hex), &head);
	if (!strcmp(hex, l->head))
		return 0;
locked:
	if (l->lock_fd >= 0)
		return ct_ledger_db_open(l, 1) < 0 ? CT_ERROR : ct_ledger_catch_up(l, 0);
	return catch_up_locked(l, 0);
}

sqlite3 *ct_ledger_db(ct_ledger *l)
{
	/* A write closes its connection with the lock; reads after it reopen one. */
	if (!l->db && ct_ledger_db_open(l, l->lock_fd >= 0) < 0)
		return NULL;
	return l->db;
}

int ct_ledger_rebuild(ct_ledger *l)
{
	return catch_up_locked(l, 1);
}
