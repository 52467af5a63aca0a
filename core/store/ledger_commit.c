/* core/store/ledger_commit.c: a write: staging files, the commit, the ref's compare-and-swap. */
#define _GNU_SOURCE
#include "error.h"
#include "json.h"
#include "ledger_int.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void staged_clear(ct_ledger *l)
{
	size_t i;

	for (i = 0; i < l->nstaged; i++) {
		free(l->staged[i].path);
		free(l->staged[i].data);
	}
	l->nstaged = 0;
}

int ct_ledger_begin(ct_ledger *l)
{
	int error;

	if (l->writing)
		return ct_error_set(CT_ERROR, "a write is already open on this ledger");
	if ((error = ct_ledger_lock(l)) < 0)
		return error;
	if ((error = ct_ledger_db_open(l, 1)) < 0 || (error = ct_ledger_catch_up(l, 0)) < 0) {
		ct_ledger_unlock(l);
		return error;
	}
	l->writing = 1;
	l->warning[0] = '\0';
	return 0;
}

const char *ct_ledger_warning(const ct_ledger *l)
{
	return l->warning[0] ? l->warning : NULL;
}

int ct_ledger_stage(ct_ledger *l, const char *path, const void *data, size_t len)
{
	struct ct_staged *s;
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
		ct_ledger_db_close(l);
		ct_ledger_unlock(l);
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
		struct ct_staged *s = &l->staged[i];
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

int ct_ledger_many_loose(const char *path);

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
	    ((error = ct_ledger_repo_open(l)) < 0 || (error = bulk_open(&bulk, l->path)) < 0))
		goto done;
	for (attempt = 0; attempt < 5; attempt++) {
		if ((error = ct_ledger_head_id(&parent, l)) < 0)
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
	/*
	 * The commit point: the write has happened. What follows is catch-up, and
	 * its failure a warning (ledger.h): an error now would invite the caller
	 * to write again, a duplicate. The next command catches the index up.
	 */
	if (ct_ledger_catch_up(l, 0) < 0)
		snprintf(l->warning, sizeof(l->warning), "the write is done, but updating the index failed: %s",
		         ct_error_last());
	else if (l->defer_packing)
		l->pack_due = ct_ledger_many_loose(l->path);
	else if (ct_ledger_pack(l, CT_PACK_AUTO) < 0)
		snprintf(l->warning, sizeof(l->warning), "the write is done, but packing failed: %s",
		         ct_error_last());
done:
	git_repository_free(bulk.repo);
	ct_ledger_abort(l);
	return error;
}
