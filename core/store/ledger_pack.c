/* core/store/ledger_pack.c: packing loose objects, the packs kept in a geometric progression. */
#define _GNU_SOURCE
#include "error.h"
#include "ledger_int.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int ct_ledger_many_loose(const char *path)
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

	if (ct_ledger_repo_open(l) == 0 && git_repository_config(&cfg, l->repo) == 0 &&
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

	if (mode == CT_PACK_AUTO && !ct_ledger_many_loose(l->path))
		return 0;
	/* Outside a write, packing takes the writers' lock itself. */
	if (locked && (error = ct_ledger_lock(l)) < 0)
		return error;
	if ((locked && mode == CT_PACK_AUTO && !ct_ledger_many_loose(l->path)) || /* packed while we waited */
	    (error = ct_ledger_repo_open(l)) < 0 || (error = loose_objects(&loose, &nloose, l->path)) < 0 ||
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
		ct_ledger_unlock(l);
	l->pack_due = 0;
	return error;
}
