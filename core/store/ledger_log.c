/* core/store/ledger_log.c: the history: its log, commit expressions, the commit at a date. */
#define _GNU_SOURCE
#include "error.h"
#include "ledger_int.h"

#include <stdio.h>
#include <string.h>

int ct_ledger_resolve_commit(char *out, ct_ledger *l, const char *spec)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc;
	if (ct_ledger_repo_open(l) < 0)
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
	if (ct_ledger_repo_open(l) < 0)
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
	if (ct_ledger_repo_open(l) < 0)
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
