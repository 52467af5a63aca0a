/* Unit tests of core/store/ledger.c, core/store/index.c and core/domain/model.c: history, index catch-up, writers. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "json.h"
#include "ledger.h"
#include "ledger_fixture.h"
#include "model.h"
#include "util.h"

static const char article[] =
	"Ferry timetable changes\n\n"
	"From 1 May the ferry to Osterholm will run every 40 minutes instead of every hour.\n\n"
	"More than 3,000 passengers use the crossing on a summer weekday, the operator said.\n";

static ct_ledger *open_ledger(void **state)
{
	ct_ledger *l = NULL;

	assert_int_equal(ct_ledger_open(&l, *state), 0);
	return l;
}

static void add_source(ct_ledger *l, const char *id)
{
	ct_source_spec spec;
	ct_source *src = NULL;

	memset(&spec, 0, sizeof(spec));
	spec.id = id;
	spec.url = "https://ferry.example/timetable";
	assert_int_equal(ct_source_add(&src, l, &spec, article, strlen(article)), 0);
	ct_source_free(src);
}

static void head_hex(char *out, const char *gitdir)
{
	git_repository *repo = NULL;
	git_oid id;

	assert_int_equal(git_repository_open_bare(&repo, gitdir), 0);
	assert_int_equal(git_reference_name_to_id(&id, repo, "refs/heads/main"), 0);
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
	git_repository_free(repo);
}

static void init_makes_one_commit_with_the_format(void **state)
{
	ct_ledger *l = open_ledger(state);
	ct_buf b = CT_BUF_INIT;
	char *logs;

	assert_int_equal(ct_ledger_read(&b, l, NULL, "FORMAT"), 0);
	assert_string_equal(b.ptr, "claimtrack-ledger 1\n");
	ct_buf_release(&b);
	assert_true(asprintf(&logs, "%s/logs/refs/heads/main", (char *)*state) > 0);
	assert_int_equal(access(logs, R_OK), 0);
	free(logs);
	ct_ledger_free(l);
}

static void a_second_init_is_refused(void **state)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s", (char *)*state);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(ct_ledger_init(dir), CT_EEXISTS);
}

static void the_index_gets_every_migration(void **state)
{
	ct_ledger *l = open_ledger(state);

	assert_true(index_sql(*state, "PRAGMA user_version") >= 1);
	ct_ledger_free(l);
}

static void assert_verifies(ct_ledger *l);

/* The ledger's sources / claims (those citing `source`, or all when NULL) as a JSON array. */
static json_t *sources_json(ct_ledger *l)
{
	ct_sources list;
	json_t *j = NULL;

	assert_int_equal(ct_source_list(&list, l), 0);
	assert_int_equal(ct_record_array_to_json(&j, &ct_source_type, list.v, list.n), 0);
	ct_sources_release(&list);
	return j;
}

static json_t *claims_json(ct_ledger *l, const char *source)
{
	ct_claims list;
	json_t *j = NULL;

	assert_int_equal(ct_claim_list(&list, l, NULL, source), 0);
	assert_int_equal(ct_record_array_to_json(&j, &ct_claim_type, list.v, list.n), 0);
	ct_claims_release(&list);
	return j;
}

/* The hits of a search as a JSON array of [id, statement, status, snippet]. */
static json_t *search_json(ct_ledger *l, const char *query)
{
	ct_search_hits hits;
	json_t *j = json_array();
	size_t i;

	assert_int_equal(ct_search(&hits, l, query, 20), 0);
	for (i = 0; i < hits.n; i++)
		assert_int_equal(json_array_append_new(j, json_pack("[s, s, s, s]", hits.v[i].id, hits.v[i].statement,
								    ct_status_names[hits.v[i].status],
								    hits.v[i].snippet)), 0);
	ct_search_hits_release(&hits);
	return j;
}

/* What the commands read from the index, as one string: sources, claims, a search, a text. */
static char *answers(ct_ledger *l)
{
	json_t *all = NULL, *part = NULL;
	ct_buf text = CT_BUF_INIT;
	char *s;

	assert_non_null(all = json_object());
	json_object_set_new(all, "sources", sources_json(l));
	json_object_set_new(all, "claims", claims_json(l, "ferry"));
	part = search_json(l, "passengers");
	json_object_set_new(all, "search", part);
	assert_int_equal(ct_ledger_text(&text, l, "ferry", 1), 0);
	json_object_set_new(all, "text", json_string(text.ptr));
	assert_non_null(s = json_dumps(all, JSON_SORT_KEYS | JSON_INDENT(1)));
	json_decref(all);
	ct_buf_release(&text);
	return s;
}

/*
 * ledger-index-1: the index is a cache: one of an older schema (here with an
 * older table's shape) or of a newer one is discarded and rebuilt from the
 * history, and every answer is as before.
 */
static void an_index_of_another_schema_is_rebuilt(void **state)
{
	static const char *const stale[] = {
		/* An index of an older claimtrack: the anchors table of its time, a row short. */
		"DROP TABLE anchors; CREATE TABLE anchors (source TEXT, rev INTEGER, claim TEXT, seq INTEGER,"
		" change TEXT); DELETE FROM sources; PRAGMA user_version = 1",
		/* An index of a newer claimtrack, which holds what this one would not read. */
		"DELETE FROM claims; PRAGMA user_version = 99",
	};
	ct_cite_spec cite = { "ferry", "More than 3,000 passengers use the crossing", NULL, NULL, NULL };
	ct_claim_spec spec = { "More than 3,000 passengers cross on a summer weekday", NULL, NULL, NULL, &cite };
	ct_ledger *l = open_ledger(state);
	ct_claim *cl = NULL;
	char *before, *after;
	size_t i;
	int version;

	add_source(l, "ferry");
	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	ct_claim_free(cl);
	before = answers(l);
	ct_ledger_free(l);
	version = index_sql(*state, "PRAGMA user_version");
	assert_true(version >= 4);
	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
		assert_int_equal(index_sql(*state, stale[i]), -1);
		l = open_ledger(state);
		after = answers(l);
		assert_string_equal(after, before);
		assert_verifies(l);
		ct_ledger_free(l);
		free(after);
		assert_int_equal(index_sql(*state, "PRAGMA user_version"), version);
		assert_int_equal(index_sql(*state, "SELECT count(*) FROM anchors WHERE similarity IS NULL"), 0);
	}
	free(before);
}

/* The index is told it reflects an older commit (a crash between commit and index update). */
static void the_index_catches_up_after_a_crash(void **state)
{
	ct_ledger *l = open_ledger(state);
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1], *sql;
	json_t *list = NULL;

	head_hex(before, *state);
	add_source(l, "ferry");
	head_hex(after, *state);
	assert_string_equal(ct_ledger_head(l), after);
	ct_ledger_free(l);

	assert_true(asprintf(&sql, "DELETE FROM sources; UPDATE meta SET value = '%s' WHERE key = 'commit'", before) > 0);
	assert_int_equal(index_sql(*state, sql), -1);
	free(sql);

	l = open_ledger(state);
	assert_string_equal(ct_ledger_head(l), after);
	list = sources_json(l);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(ct_json_str(json_array_get(list, 0), "id", ""), "ferry");
	json_decref(list);
	ct_ledger_free(l);
}

/* History rewritten under the index: the ref moves back; the index rebuilds. */
static void the_index_rebuilds_after_a_rewrite(void **state)
{
	ct_ledger *l = open_ledger(state);
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_object *parent = NULL;
	json_t *list = NULL;

	add_source(l, "ferry");
	add_source(l, "ferry-copy");
	ct_ledger_free(l);
	assert_int_equal(git_repository_open_bare(&repo, *state), 0);
	assert_int_equal(git_revparse_single(&parent, repo, "main~1"), 0);
	assert_int_equal(git_reference_create(&ref, repo, "refs/heads/main", git_object_id(parent), 1, "rewind"), 0);
	git_reference_free(ref);
	git_object_free(parent);
	git_repository_free(repo);

	l = open_ledger(state);
	list = sources_json(l);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	ct_ledger_free(l);
}

/* Every source record as the index answers, as one JSON text. */
static char *sources_dump(ct_ledger *l)
{
	json_t *list = NULL;
	char *text;

	list = sources_json(l);
	text = json_dumps(list, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(list);
	return text;
}

/*
 * Commit, as a fetch from elsewhere would, the files paths[0..n) on top of
 * the branch: texts[i] its new content, or NULL to remove it.
 */
static void commit_outside(const char *gitdir, size_t n, const char *const *paths, const char *const *texts)
{
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_object *head = NULL;
	git_tree *tree = NULL, *updated = NULL;
	git_signature *sig = NULL;
	git_oid blobs[4], tree_id, commit;
	git_tree_update up[4];
	size_t i;

	assert_true(n <= 4);
	assert_int_equal(git_repository_open_bare(&repo, gitdir), 0);
	assert_int_equal(git_revparse_single(&head, repo, "main"), 0);
	assert_int_equal(git_commit_tree(&tree, (git_commit *)head), 0);
	memset(up, 0, sizeof(up));
	for (i = 0; i < n; i++) {
		up[i].path = paths[i];
		up[i].action = texts[i] ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		if (!texts[i])
			continue;
		assert_int_equal(git_blob_create_from_buffer(&blobs[i], repo, texts[i], strlen(texts[i])), 0);
		up[i].id = blobs[i];
		up[i].filemode = GIT_FILEMODE_BLOB;
	}
	assert_int_equal(git_tree_create_updated(&tree_id, repo, tree, n, up), 0);
	assert_int_equal(git_tree_lookup(&updated, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Elsewhere", "elsewhere@example.org", 1767225600, 0), 0);
	assert_int_equal(git_commit_create(&commit, repo, NULL, sig, sig, NULL, "Outside change\n", updated, 1,
					   (const git_commit **)&head),
			 0);
	assert_int_equal(git_reference_create(&ref, repo, "refs/heads/main", &commit, 1, "fetch"), 0);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(updated);
	git_tree_free(tree);
	git_object_free(head);
	git_repository_free(repo);
}

/*
 * An outside commit (a fetch) removes one source, rewrites another's record
 * and adds a third under a new shard directory: the index applies only the
 * changed paths and ends as a rebuild from scratch would.
 */
static void the_index_applies_an_outside_commit_as_a_rebuild_would(void **state)
{
	ct_ledger *l = open_ledger(state);
	ct_buf ferry = CT_BUF_INIT, gone = CT_BUF_INIT, added = CT_BUF_INIT;
	const char *rec = "{\n  \"created\": \"2025-01-02T03:04:05Z\",\n  \"id\": \"ferry\",\n  \"revisions\": [],\n"
			  "  \"title\": \"Timetable, revised\",\n  \"url\": \"https://ferry.example/timetable\"\n}\n";
	const char *pier = "{\n  \"created\": \"2025-01-02T03:04:05Z\",\n  \"id\": \"zz-pier\",\n  \"revisions\": [],\n"
			   "  \"url\": \"https://pier.example/\"\n}\n";
	char *incremental, *rebuilt;

	add_source(l, "ferry");
	add_source(l, "harbour");
	ct_ledger_free(l);

	assert_int_equal(ct_path_source(&ferry, "ferry"), 0);
	assert_int_equal(ct_path_source(&gone, "harbour"), 0);
	assert_int_equal(ct_path_source(&added, "zz-pier"), 0);
	commit_outside(*state, 3, (const char *const[]){ ferry.ptr, gone.ptr, added.ptr },
		       (const char *const[]){ rec, NULL, pier });

	l = open_ledger(state);
	incremental = sources_dump(l);
	assert_non_null(strstr(incremental, "Timetable, revised"));
	assert_non_null(strstr(incremental, "zz-pier"));
	assert_null(strstr(incremental, "harbour"));
	assert_int_equal(ct_ledger_rebuild(l), 0);
	rebuilt = sources_dump(l);
	assert_string_equal(incremental, rebuilt);
	free(incremental);
	free(rebuilt);
	ct_ledger_free(l);
	ct_buf_release(&ferry);
	ct_buf_release(&gone);
	ct_buf_release(&added);
}

/*
 * A record brought in from outside that is JSON but not a valid record (a
 * field of the wrong kind, a required one missing) is refused by the catch-up
 * as a syntax error is: CT_EINVALID, the message naming the file, the line and
 * the column; nothing of the commit is indexed.
 */
static void the_catch_up_refuses_an_invalid_record(void **state)
{
	static const struct {
		const char *path, *text, *message;
	} cases[] = {
		{ "claims/a/b/abcd000001.json",
		  "{\n  \"citations\": [],\n  \"created\": \"t\",\n  \"id\": \"abcd000001\",\n  \"statement\": \"s\",\n"
		  "  \"status\": \"maybe\",\n  \"updated\": \"t\"\n}\n",
		  "'claims/a/b/abcd000001.json' line 6 column 13: invalid status 'maybe' (expected unverified, "
		  "supported, disputed, refuted or retracted)" },
		{ "claims/a/b/abcd000002.json",
		  "{\n  \"citations\": [\n    {\n      \"source\": \"ferry\"\n    }\n  ],\n  \"created\": \"t\",\n"
		  "  \"id\": \"abcd000002\",\n  \"statement\": \"s\",\n  \"status\": \"unverified\",\n"
		  "  \"updated\": \"t\"\n}\n",
		  "'claims/a/b/abcd000002.json' line 3 column 5: a citation needs \"rev\"" },
		{ "sources/54/pier.json", "{\n  \"id\": \"pier\",\n  \"revisions\": 3,\n  \"url\": \"u\"\n}\n",
		  "'sources/54/pier.json' line 1 column 1: a source needs \"created\"" },
		{ "anchors/54/ferry/2.json", "{\n  \"citations\": [],\n  \"rev\": \"2\",\n  \"source\": \"ferry\"\n}\n",
		  "'anchors/54/ferry/2.json' line 3 column 10: \"rev\" must be an integer from 0" },
		{ "claims/a/b/abcd000003.json", "{ \"id\": oops }\n",
		  "'claims/a/b/abcd000003.json' line 1 column 12: invalid token near 'oops'" },
	};
	ct_ledger *l = open_ledger(state);
	char good[GIT_OID_HEXSZ + 1];
	size_t i;

	add_source(l, "ferry");
	ct_ledger_free(l);
	head_hex(good, *state);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		git_repository *repo = NULL;
		git_oid id;

		commit_outside(*state, 1, &cases[i].path, &cases[i].text);
		l = NULL;
		assert_int_equal(ct_ledger_open(&l, *state), CT_EINVALID);
		assert_null(l);
		assert_string_equal(ct_error_last(), cases[i].message);
		assert_int_equal(index_sql(*state, "SELECT count(*) FROM claims"), 0);
		assert_int_equal(index_sql(*state, "SELECT count(*) FROM sources"), 1);
		/* Back to the good commit: all is well again. */
		assert_int_equal(git_repository_open_bare(&repo, *state), 0);
		assert_int_equal(git_oid_fromstr(&id, good), 0);
		assert_int_equal(git_reference_create(NULL, repo, "refs/heads/main", &id, 1, "back"), 0);
		git_repository_free(repo);
		l = open_ledger(state);
		ct_ledger_free(l);
	}
}

/* Claims with chosen ids, written through the ledger's write path. */
static void stage_claim(ct_ledger *l, const char *id)
{
	ct_buf path = CT_BUF_INIT;
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[]}", "id", id, "statement", "a statement", "status",
				"unverified", "created", "2025-01-01T00:00:00Z", "updated", "2025-01-01T00:00:00Z",
				"citations");

	assert_int_equal(ct_path_claim(&path, id), 0);
	assert_int_equal(ct_ledger_stage_json(l, path.ptr, rec), 0);
	json_decref(rec);
	ct_buf_release(&path);
}

static void claim_prefixes_resolve_or_are_ambiguous(void **state)
{
	ct_ledger *l = open_ledger(state);
	char id[CT_ID_LEN + 1];
	int committed = 0;

	assert_int_equal(ct_ledger_begin(l), 0);
	stage_claim(l, "abcd000001");
	stage_claim(l, "abcd000002");
	stage_claim(l, "abce000003");
	assert_int_equal(ct_ledger_commit(l, "Add three claims\n", &committed), 0);
	assert_int_equal(committed, 1);

	assert_int_equal(ct_claim_resolve(id, l, "abce"), 0);
	assert_string_equal(id, "abce000003");
	assert_int_equal(ct_claim_resolve(id, l, "abcd000002"), 0);
	assert_string_equal(id, "abcd000002");
	assert_int_equal(ct_claim_resolve(id, l, "abcd"), CT_EAMBIGUOUS);
	assert_string_equal(ct_error_last(), "claim id 'abcd' is ambiguous: abcd000001, abcd000002");
	assert_int_equal(ct_claim_resolve(id, l, "abc"), CT_EINVALID);
	assert_string_equal(ct_error_last(), "claim id 'abc' is too short (give at least 4 characters)");
	assert_int_equal(ct_claim_resolve(id, l, "zzzz"), CT_ENOTFOUND);
	assert_string_equal(ct_error_last(), "no claim 'zzzz'");
	assert_int_equal(ct_claim_resolve(id, l, "ab*d"), CT_ENOTFOUND);
	ct_ledger_free(l);
}

static void a_write_with_nothing_staged_makes_no_commit(void **state)
{
	ct_ledger *l = open_ledger(state);
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];
	int committed = 1;

	head_hex(before, *state);
	assert_int_equal(ct_ledger_begin(l), 0);
	assert_int_equal(ct_ledger_stage(l, "FORMAT", "claimtrack-ledger 1\n", 20), 0);
	assert_int_equal(ct_ledger_commit(l, "Nothing\n", &committed), 0);
	assert_int_equal(committed, 0);
	head_hex(after, *state);
	assert_string_equal(before, after);
	ct_ledger_free(l);
}

static void a_refused_quote_writes_nothing(void **state)
{
	ct_ledger *l = open_ledger(state);
	ct_cite_spec cite = { "ferry", "every ten minutes", NULL, NULL, NULL };
	ct_claim_spec spec = { "The ferry runs often", NULL, NULL, NULL, &cite };
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];
	ct_claim *cl = NULL;

	add_source(l, "ferry");
	head_hex(before, *state);
	assert_int_equal(ct_claim_add(&cl, l, &spec), CT_ENOTFOUND);
	assert_null(cl);
	assert_non_null(strstr(ct_error_last(), "quote not found in 'ferry@1'"));
	cite.source = "ferry@2";
	cite.quote = "every 40 minutes";
	assert_int_equal(ct_claim_add(&cl, l, &spec), CT_ENOTFOUND);
	assert_string_equal(ct_error_last(), "source 'ferry' has no revision 2 (it has 1)");
	head_hex(after, *state);
	assert_string_equal(before, after);
	cite.source = "ferry@1";
	assert_int_equal(ct_claim_add(&cl, l, &spec), 0);
	assert_string_equal(cl->citations.v[0].quote, "every 40 minutes");
	ct_claim_free(cl);
	ct_ledger_free(l);
}

/* Two processes adding claims at once: both succeed, nothing is lost. */
static void concurrent_writers_lose_nothing(void **state)
{
	ct_ledger *l;
	json_t *list = NULL;
	int w, status, failed = 0;

	for (w = 0; w < 2; w++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int i, bad = 0;
			unsetenv("CLAIMTRACK_ID_SEED");
			for (i = 0; i < 10; i++) {
				ct_ledger *wl = NULL;
				ct_claim *claim = NULL;
				char statement[64];
				ct_claim_spec spec = { statement, NULL, NULL, NULL, NULL };
				snprintf(statement, sizeof(statement), "writer %d claim %d", w, i);
				if (ct_ledger_open(&wl, *state) < 0 || ct_claim_add(&claim, wl, &spec) < 0)
					bad++;
				ct_claim_free(claim);
				ct_ledger_free(wl);
			}
			_exit(bad);
		}
	}
	while (wait(&status) > 0)
		failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	assert_int_equal(failed, 0);
	l = open_ledger(state);
	list = claims_json(l, NULL);
	assert_int_equal(json_array_size(list), 20);
	json_decref(list);
	ct_ledger_free(l);
}

/* verify finds nothing wrong: history, records and index agree. */
static void assert_verifies(ct_ledger *l)
{
	ct_buf problems = CT_BUF_INIT;

	assert_int_equal(ct_ledger_verify(&problems, l), 0);
	assert_string_equal(problems.ptr, "");
	ct_buf_release(&problems);
}

static size_t count_loose(const char *gitdir)
{
	char p[4200];
	size_t n = 0;
	int i;

	for (i = 0; i < 256; i++) {
		DIR *d;
		struct dirent *de;
		snprintf(p, sizeof(p), "%s/objects/%02x", gitdir, i);
		if (!(d = opendir(p)))
			continue;
		while ((de = readdir(d)))
			n += de->d_name[0] != '.';
		closedir(d);
	}
	return n;
}

static void packing_keeps_every_record(void **state)
{
	ct_ledger *l = open_ledger(state);
	json_t *list = NULL;

	add_source(l, "ferry");
	assert_true(count_loose(*state) > 0);
	assert_int_equal(ct_ledger_pack(l, CT_PACK_ALL), 0);
	assert_int_equal(count_loose(*state), 0);
	ct_ledger_free(l);
	l = open_ledger(state);
	assert_int_equal(ct_ledger_rebuild(l), 0);
	list = sources_json(l);
	assert_int_equal(json_array_size(list), 1);
	assert_verifies(l);
	json_decref(list);
	ct_ledger_free(l);
}

static void pack_rollup_keeps_a_geometric_progression(void **state)
{
	static const size_t fits[] = { 256, 556, 5000 }, breaks[] = { 256, 256, 556, 5000 },
			    close[] = { 10, 300, 400 }, none[] = { 0, 100, 1000 }, middle[] = { 100, 200, 1000 };

	(void)state;
	/* A progression already: only what must go in (the loose objects) is merged. */
	assert_int_equal(ct_pack_rollup(fits, 3, 1), 1);
	assert_int_equal(ct_pack_rollup(none, 3, 1), 1);
	/* Two packs of one size: they merge, and so does the next one the sum is not half of. */
	assert_int_equal(ct_pack_rollup(breaks, 4, 1), 3);
	/* The largest is not twice the one below it: everything merges. */
	assert_int_equal(ct_pack_rollup(close, 3, 1), 3);
	/* The loose objects sit second: the pack below them merges too. */
	assert_int_equal(ct_pack_rollup(middle, 3, 2), 2);
	assert_int_equal(ct_pack_rollup(NULL, 0, 0), 0);
}

/*
 * The object counts of the packs of a repository (pack index fan-out),
 * ascending, and their number; packs kept on purpose (.keep) are only counted in *kept.
 */
static size_t pack_counts(size_t *counts, size_t max, const char *gitdir, int *kept)
{
	char p[4200];
	size_t n = 0, i, j;
	DIR *d;
	struct dirent *de;

	*kept = 0;
	snprintf(p, sizeof(p), "%s/objects/pack", gitdir);
	if (!(d = opendir(p)))
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		unsigned char head[8 + 256 * 4];
		FILE *f;

		if (len < 5 || strcmp(de->d_name + len - 4, ".idx"))
			continue;
		snprintf(p, sizeof(p), "%s/objects/pack/%.*s.keep", gitdir, (int)len - 4, de->d_name);
		if (access(p, F_OK) == 0) {
			++*kept;
			continue;
		}
		snprintf(p, sizeof(p), "%s/objects/pack/%s", gitdir, de->d_name);
		assert_non_null(f = fopen(p, "rb"));
		assert_int_equal(fread(head, 1, sizeof(head), f), sizeof(head));
		fclose(f);
		assert_true(n < max);
		counts[n] = (size_t)head[8 + 1020] << 24 | (size_t)head[8 + 1021] << 16 |
			    (size_t)head[8 + 1022] << 8 | head[8 + 1023];
		for (i = n++; i > 0 && counts[i - 1] > counts[i]; i--) {
			j = counts[i];
			counts[i] = counts[i - 1];
			counts[i - 1] = j;
		}
	}
	closedir(d);
	return n;
}

/* The name of the one pack in objects/pack, as "pack-<hash>", into out. */
static void only_pack(char *out, size_t size, const char *gitdir)
{
	char p[4200];
	DIR *d;
	struct dirent *de;

	*out = '\0';
	snprintf(p, sizeof(p), "%s/objects/pack", gitdir);
	assert_non_null(d = opendir(p));
	while ((de = readdir(d)))
		if (strlen(de->d_name) > 5 && !strcmp(de->d_name + strlen(de->d_name) - 5, ".pack")) {
			assert_string_equal(out, "");
			snprintf(out, size, "%.*s", (int)strlen(de->d_name) - 5, de->d_name);
		}
	closedir(d);
	assert_string_not_equal(out, "");
}

static void packing_keeps_packs_in_a_geometric_progression(void **state)
{
	ct_ledger *l = open_ledger(state);
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	git_oid outside;
	json_t *list = NULL;
	size_t counts[64], n = 0, i, k, most = 0;
	char id[CT_ID_LEN + 1], kept_pack[256] = "", p[4500];
	const char *stray = "written by another tool, reachable from nothing\n";
	int committed, kept;

	/* An object from outside, reachable from nothing: packing keeps it. */
	assert_int_equal(git_repository_open_bare(&repo, *state), 0);
	assert_int_equal(git_blob_create_from_buffer(&outside, repo, stray, strlen(stray)), 0);
	git_repository_free(repo);
	assert_int_equal(ct_ledger_pack(l, CT_PACK_ALL), 0);
	for (i = 0; i < 40; i++) {
		if (i == 10) { /* from here on, the one pack there is is kept on purpose, as git allows */
			only_pack(kept_pack, sizeof(kept_pack), *state);
			snprintf(p, sizeof(p), "%s/objects/pack/%s.keep", (char *)*state, kept_pack);
			fclose(fopen(p, "w"));
		}
		snprintf(id, sizeof(id), "pk%08zu", i);
		assert_int_equal(ct_ledger_begin(l), 0);
		stage_claim(l, id);
		assert_int_equal(ct_ledger_commit(l, "Add a claim\n", &committed), 0);
		assert_int_equal(ct_ledger_pack(l, i == 9 ? CT_PACK_ALL : CT_PACK_NOW), 0);
		assert_int_equal(count_loose(*state), 0);
		n = pack_counts(counts, 64, *state, &kept);
		/* Each pack (the kept one aside) at least twice the next smaller one. */
		for (k = 1; k < n; k++)
			if (counts[k] < 2 * counts[k - 1])
				fail_msg("after claim %zu, a pack of %zu objects above one of %zu", i, counts[k],
					 counts[k - 1]);
		most = n > most ? n : most;
	}
	assert_true(most >= 3); /* the progression was exercised, not one pack rewritten */
	assert_true(n <= 7);
	assert_int_equal(kept, 1);
	snprintf(p, sizeof(p), "%s/objects/pack/%s.idx", (char *)*state, kept_pack);
	assert_int_equal(access(p, F_OK), 0);
	ct_ledger_free(l);

	assert_int_equal(git_repository_open_bare(&repo, *state), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_true(git_odb_exists(odb, &outside));
	git_odb_free(odb);
	git_repository_free(repo);
	l = open_ledger(state);
	assert_int_equal(ct_ledger_rebuild(l), 0);
	list = claims_json(l, NULL);
	assert_int_equal(json_array_size(list), 40);
	assert_verifies(l);
	json_decref(list);
	ct_ledger_free(l);
}

/*
 * A commit of many records (an import) writes one pack, not a loose object
 * each; a small commit after it writes loose objects again.
 */
static void bulk_commit_writes_one_pack(void **state)
{
	ct_ledger *l = open_ledger(state);
	json_t *list = NULL;
	size_t counts[8], before, i;
	char id[CT_ID_LEN + 1];
	int committed = 0, kept;

	ct_ledger_defer_packing(l); /* so that only the commit itself writes */
	before = count_loose(*state);
	assert_int_equal(ct_ledger_begin(l), 0);
	for (i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "bk%08zu", i);
		stage_claim(l, id);
	}
	assert_int_equal(ct_ledger_commit(l, "Import 300 claims\n", &committed), 0);
	assert_int_equal(committed, 1);
	assert_int_equal(count_loose(*state), before);
	assert_int_equal(pack_counts(counts, 8, *state, &kept), 1);
	assert_true(counts[0] > 300); /* the blobs, their trees and the commit */

	assert_int_equal(ct_ledger_begin(l), 0);
	stage_claim(l, "sm00000001");
	assert_int_equal(ct_ledger_commit(l, "Add a claim\n", &committed), 0);
	assert_true(count_loose(*state) > before);
	assert_int_equal(pack_counts(counts, 8, *state, &kept), 1);

	list = claims_json(l, NULL);
	assert_int_equal(json_array_size(list), 301);
	json_decref(list);
	assert_int_equal(ct_ledger_rebuild(l), 0);
	assert_verifies(l);
	ct_ledger_free(l);
}

/*
 * Deferred, a commit that leaves many loose objects only says that packing is
 * due; the caller's ct_ledger_pack, outside any write, takes the lock (and
 * waits for a writer that holds it). gc.autoDetach says where the CLI packs.
 */
static void deferred_packing_is_left_to_the_caller(void **state)
{
	ct_ledger *l = open_ledger(state), *other = open_ledger(state);
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	size_t counts[8], i;
	char id[CT_ID_LEN + 1];
	int committed, kept;

	ct_ledger_defer_packing(l);
	assert_int_equal(ct_ledger_pack_detached(l), 1);
	for (i = 0; i < 200 && !ct_ledger_pack_due(l); i++) {
		snprintf(id, sizeof(id), "df%08zu", i);
		assert_int_equal(ct_ledger_begin(l), 0);
		stage_claim(l, id);
		assert_int_equal(ct_ledger_commit(l, "Add a claim\n", &committed), 0);
	}
	assert_true(ct_ledger_pack_due(l));
	assert_true(i > 20); /* due from about 256 loose objects, five or six a claim */
	assert_int_equal(pack_counts(counts, 8, *state, &kept), 0);
	assert_true(count_loose(*state) >= 5 * i);

	/* A writer holds the lock: the packer waits for it, here in vain. */
	setenv("CLAIMTRACK_LOCK_TIMEOUT", "0.05", 1);
	assert_int_equal(ct_ledger_begin(other), 0);
	assert_int_equal(ct_ledger_pack(l, CT_PACK_AUTO), CT_EBUSY);
	ct_ledger_abort(other);
	unsetenv("CLAIMTRACK_LOCK_TIMEOUT");
	assert_int_equal(ct_ledger_pack(l, CT_PACK_AUTO), 0);
	assert_false(ct_ledger_pack_due(l));
	assert_int_equal(count_loose(*state), 0);
	assert_int_equal(pack_counts(counts, 8, *state, &kept), 1);
	/* The lock is free again: a write goes through. */
	assert_int_equal(ct_ledger_begin(other), 0);
	ct_ledger_abort(other);

	assert_int_equal(git_repository_open_bare(&repo, *state), 0);
	assert_int_equal(git_repository_config(&cfg, repo), 0);
	assert_int_equal(git_config_set_bool(cfg, "gc.autoDetach", 0), 0);
	git_config_free(cfg);
	git_repository_free(repo);
	assert_int_equal(ct_ledger_pack_detached(l), 0);
	ct_ledger_free(other);
	ct_ledger_free(l);
}

static void verify_finds_a_stale_index(void **state)
{
	ct_ledger *l = open_ledger(state);
	ct_buf problems = CT_BUF_INIT;

	add_source(l, "ferry");
	assert_int_equal(index_sql(*state, "DELETE FROM sources"), -1);
	assert_int_equal(ct_ledger_verify(&problems, l), 0);
	assert_non_null(strstr(problems.ptr, "missing from the index"));
	ct_buf_release(&problems);
	ct_ledger_free(l);
}

/*
 * verify checks each record with the record module: one that is JSON but not
 * a valid record is listed with the record module's message (file, line,
 * column), and the index is found behind the history it could not follow.
 */
static void verify_names_an_invalid_record(void **state)
{
	const char *path = "claims/a/b/abcd000001.json",
		   *text = "{\n  \"citations\": [],\n  \"created\": \"t\",\n  \"id\": \"abcd000001\",\n"
			   "  \"statement\": 7,\n  \"status\": \"unverified\",\n  \"updated\": \"t\"\n}\n";
	ct_ledger *l = open_ledger(state);
	ct_buf problems = CT_BUF_INIT;
	char old[GIT_OID_HEXSZ + 1], now[GIT_OID_HEXSZ + 1], want[512];

	add_source(l, "ferry");
	ct_ledger_free(l);
	head_hex(old, *state);
	commit_outside(*state, 1, &path, &text);
	head_hex(now, *state);
	l = NULL;
	assert_int_equal(ct_ledger_open_as_is(&l, *state, NULL, NULL), 0);
	assert_int_equal(ct_ledger_verify(&problems, l), 0);
	snprintf(want, sizeof(want),
		 "'claims/a/b/abcd000001.json' line 5 column 16: \"statement\" must be a string\n"
		 "index: reflects commit %s, the history is at %s\n"
		 "index: holds 1 sources and claims, the history 2\n",
		 old, now);
	assert_string_equal(problems.ptr, want);
	ct_buf_release(&problems);
	ct_ledger_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(init_makes_one_commit_with_the_format, setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_init_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_gets_every_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_catches_up_after_a_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(an_index_of_another_schema_is_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_applies_an_outside_commit_as_a_rebuild_would, setup, teardown),
		cmocka_unit_test_setup_teardown(the_catch_up_refuses_an_invalid_record, setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_rebuilds_after_a_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(claim_prefixes_resolve_or_are_ambiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(a_write_with_nothing_staged_makes_no_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refused_quote_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_writers_lose_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(packing_keeps_every_record, setup, teardown),
		cmocka_unit_test(pack_rollup_keeps_a_geometric_progression),
		cmocka_unit_test_setup_teardown(packing_keeps_packs_in_a_geometric_progression, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_commit_writes_one_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(deferred_packing_is_left_to_the_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_finds_a_stale_index, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_names_an_invalid_record, setup, teardown),
	};

	git_libgit2_init();
	setenv("CLAIMTRACK_AUTHOR", "Unit Test <unit@example.org>", 1);
	setenv("CLAIMTRACK_DATE", "2025-01-02T03:04:05Z", 1);
	setenv("CLAIMTRACK_ID_SEED", "unit", 1);
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
