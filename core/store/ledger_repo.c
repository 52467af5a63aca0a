/* core/store/ledger_repo.c: libgit2 and the ledger's repository: reading the history, the author, tree paths. */
#define _GNU_SOURCE
#include "error.h"
#include "ledger_int.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int git_ready;

int ct_ledger_git_init(void)
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

/* The commit HEAD points at, or all zeroes when the branch has none yet. */
int ct_ledger_head_id(git_oid *out, ct_ledger *l)
{
	int rc;

	if ((rc = ct_ledger_repo_open(l)) < 0)
		return rc;
	rc = git_reference_name_to_id(out, l->repo, CT_LEDGER_REF);

	if (rc == GIT_ENOTFOUND) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return rc < 0 ? ct_error_git(rc, "cannot read " CT_LEDGER_REF) : 0;
}

int ct_ledger_tree(git_tree **out, ct_ledger *l, const git_oid *commit_id)
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
 * Open the repository when first needed: libgit2's start-up costs several
 * milliseconds (Debian's build parses the system's CA bundle), which a
 * read-only command answered by a current index does not pay.
 */
int ct_ledger_repo_open(ct_ledger *l)
{
	int rc;

	if (l->repo)
		return 0;
	if (ct_ledger_git_init() < 0)
		return CT_ERROR;
	rc = git_repository_open_ext(&l->repo, l->path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL);
	if (rc < 0) {
		l->repo = NULL;
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' is not a git repository", l->path);
	}
	return 0;
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
	if ((l && (ct_ledger_repo_open(l) < 0 || git_repository_config(&cfg, l->repo) < 0)) ||
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
	if (ct_ledger_repo_open(l) < 0)
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
