/* core/store/ledger_verify.c: checking the history against itself and the index against the history. */
#define _GNU_SOURCE
#include "error.h"
#include "index.h"
#include "index_int.h"
#include "json.h"
#include "ledger_int.h"
#include "record.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

struct verify_ctx {
	ct_ledger *l;
	ct_buf *problems;
	size_t records;
	int error;
};

/*
 * Check one record file of HEAD's tree: a valid record of its kind (the
 * record module's checks), canonical JSON, and the same bytes in the index.
 */
static int verify_entry(const char *root, const git_tree_entry *entry, void *payload)
{
	struct verify_ctx *v = payload;
	char path[PATH_MAX];
	git_blob *blob = NULL;
	json_t *rec = NULL;
	ct_buf canon = CT_BUF_INIT;
	int (*lookup)(ct_buf *, ct_ledger *, const char *) = NULL;
	/* The record, its strings borrowed from rec. */
	union {
		ct_source source;
		ct_claim claim;
		ct_anchors anchors;
	} r;
	const ct_record_type *type = NULL;
	const char *data, *id = "";
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
	if (!ct_ledger_is_record_path(path))
		goto done;
	if (strncmp(path, "anchors/", 8))
		v->records++;
	if (!strncmp(path, "sources/", 8))
		type = &ct_source_type, lookup = ct_index_source_record;
	else if (!strncmp(path, "claims/", 7))
		type = &ct_claim_type, lookup = ct_index_claim_record;
	else
		type = &ct_anchors_type;
	memset(&r, 0, sizeof(r));
	{
		ct_record_origin origin = { { path, data, len, 1 }, NULL, 0 };

		if (ct_json_parse(&rec, data, len, path, 0) < 0 || ct_record_view(&r, type, rec, &origin) < 0) {
			/* The message names the file, the line and the column. */
			ct_buf_printf(v->problems, "%s\n", ct_error_last());
			type = NULL;
			goto done;
		}
	}
	if (type == &ct_source_type)
		id = r.source.id;
	else if (type == &ct_claim_type)
		id = r.claim.id;
	if (ct_json_canonical(&canon, rec) < 0 || canon.len != len || memcmp(canon.ptr, data, len))
		ct_buf_printf(v->problems, "%s: not in canonical form\n", path);
	if (lookup) {
		json_t *indexed = NULL;
		ct_buf row = CT_BUF_INIT, ic = CT_BUF_INIT;
		/* The index keeps the record compact: compare the canonical forms. */
		if (lookup(&row, v->l, id) < 0)
			ct_buf_printf(v->problems, "%s: missing from the index\n", path);
		else if (ct_json_parse(&indexed, row.ptr, row.len, path, 0) < 0 || ct_json_canonical(&ic, indexed) < 0 ||
			 ic.len != canon.len || memcmp(ic.ptr, canon.ptr, ic.len))
			ct_buf_printf(v->problems, "%s: the index holds a different record\n", path);
		json_decref(indexed);
		ct_buf_release(&row);
		ct_buf_release(&ic);
	}
	/* A source's revisions: each text exists and has the recorded digest. */
	if (type == &ct_source_type) {
		size_t i;
		for (i = 0; i < r.source.revisions.n; i++) {
			const ct_revision *rv = &r.source.revisions.v[i];
			ct_buf tp = CT_BUF_INIT, text = CT_BUF_INIT;
			char sha[65];
			ct_path_text(&tp, id, (int)rv->n);
			if (ct_ledger_read(&text, v->l, NULL, tp.ptr) < 0) {
				ct_buf_printf(v->problems, "%s: revision %zu has no text\n", path, i + 1);
			} else {
				ct_sha256_hex(sha, text.ptr, text.len);
				if (strcmp(sha, rv->sha256))
					ct_buf_printf(v->problems, "%s: the text of revision %zu does not match its SHA-256\n", path, i + 1);
			}
			ct_buf_release(&tp);
			ct_buf_release(&text);
		}
	}
done:
	if (type)
		ct_record_release_view(&r, type);
	ct_buf_release(&canon);
	json_decref(rec);
	git_blob_free(blob);
	return 0;
}

int ct_ledger_verify(ct_buf *problems, ct_ledger *l)
{
	git_revwalk *walk = NULL;
	git_odb *odb = NULL;
	git_oid id, head;
	git_tree *tree = NULL;
	struct verify_ctx v = { l, problems, 0, 0 };
	int rc, error = 0, indexed;

	if (!ct_ledger_db(l) || ct_ledger_repo_open(l) < 0)
		return CT_ERROR;
	if ((error = ct_ledger_head_id(&head, l)) < 0)
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
	if ((error = ct_ledger_tree(&tree, l, &head)) < 0)
		goto done;
	git_tree_walk(tree, GIT_TREEWALK_PRE, verify_entry, &v);
	if (strcmp(l->head, git_oid_tostr_s(&head)))
		ct_buf_printf(problems, "index: reflects commit %s, the history is at %s\n", l->head,
			      git_oid_tostr_s(&head));
	if (ct_index_count_records(&indexed, l) < 0)
		indexed = -1;
	if (indexed != (int)v.records)
		ct_buf_printf(problems, "index: holds %d sources and claims, the history %zu\n", indexed, v.records);
	if (ct_index_check_full_text(l) < 0)
		ct_buf_printf(problems, "index: the full-text index does not match the claims: %s\n", ct_error_last());
done:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_tree_free(tree);
	git_revwalk_free(walk);
	git_odb_free(odb);
	return error;
}

