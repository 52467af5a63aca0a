/* core/store/ledger.c: the ledger handle: discovery, opening, creating and freeing a ledger. */
#define _GNU_SOURCE
#include "ledger.h"
#include "error.h"
#include "index_int.h"
#include "ledger_int.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ct_ledger_set_progress(ct_ledger *l, ct_progress_cb cb, void *payload)
{
	l->progress = cb;
	l->progress_payload = payload;
}

void ct_ledger_progress(ct_ledger *l, const char *what, size_t done, int finished)
{
	ct_ledger_report(l, what, done, finished);
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

/* Check the format marker of HEAD's tree. */
static int check_format(ct_ledger *l)
{
	git_oid head;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int error;

	if ((error = ct_ledger_head_id(&head, l)) < 0)
		return error;
	if (git_oid_is_zero(&head))
		return ct_error_set(CT_ENOLEDGER, "not a claimtrack ledger: '%s' has no history", l->path);
	if ((error = ct_ledger_tree(&tree, l, &head)) < 0)
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
int ct_ledger_new(ct_ledger **out, const char *gitdir)
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

/* Open the repository only (no index). */
static int open_repo(ct_ledger **out, const char *gitdir)
{
	int error;

	if ((error = ct_ledger_new(out, gitdir)) < 0)
		return error;
	if ((error = ct_ledger_repo_open(*out)) < 0) {
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

int ct_ledger_open(ct_ledger **out, const char *gitdir)
{
	return ct_ledger_open_with(out, gitdir, NULL, NULL);
}

static int open_ledger(ct_ledger **out, const char *gitdir, ct_progress_cb cb, void *payload, int as_is)
{
	ct_ledger *l = NULL;
	int error;

	*out = NULL;
	if ((error = ct_ledger_new(&l, gitdir)) < 0)
		return error;
	ct_ledger_set_progress(l, cb, payload);
	/*
	 * The index reflects the branch's commit: nothing to check or catch up, and
	 * no need for libgit2 (the format was checked when the index was built).
	 */
	{
		char hex[GIT_OID_HEXSZ + 1];
		if (peek_head(hex, l->path) && ct_ledger_db_open(l, 0) == 0 && ct_index_head(l->head, l->db) == 0 &&
		    !strcmp(hex, l->head)) {
			*out = l;
			return 0;
		}
		ct_error_clear();
	}
	if ((error = check_format(l)) == 0 && (error = ct_ledger_refresh(l)) == CT_EINVALID && as_is) {
		/* A record of the history does not parse: the index stays as it was, for verify. */
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", ct_error_last());
		if ((error = ct_ledger_db_open(l, 0)) == 0 && (error = ct_index_head(l->head, l->db)) == 0)
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

void ct_ledger_free(ct_ledger *l)
{
	if (!l)
		return;
	ct_ledger_abort(l);
	free(l->staged);
	ct_ledger_db_close(l);
	ct_ledger_unlock(l);
	if (l->repo) /* libgit2 is loaded only once a repository was opened */
		git_repository_free(l->repo);
	free(l->path);
	free(l);
}

const char *ct_ledger_path(const ct_ledger *l)
{
	return l->path;
}

const char *ct_ledger_head(const ct_ledger *l)
{
	return l->head;
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

	if (ct_ledger_git_init() < 0)
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
