/*
 * Out of memory in the exchange formats (oom.h): the exports run on the
 * fixture ledger (oom_fixture.h), the imports into a ledger of their own,
 * each with its 1st, 2nd, ... allocation refused. An export must fail with
 * CT_ERROR or give exactly the answer it gives with nothing refused; an
 * import must fail with CT_ERROR and leave the target's history where it was
 * (its ref unchanged), or succeed with exactly the same records.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <stdio.h>

#include "claimreview.h"
#include "csl.h"
#include "json.h"
#include "jsonl.h"
#include "oom_fixture.h"

/* The jsonl export of ledger l appended to out; refusals as the caller left them. */
static int export_jsonl(ct_buf *out, ct_ledger *l, int stop)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int error;

	if (!f)
		return ct_error_oom();
	error = ct_export_jsonl(f, l);
	if (fclose(f) != 0 && !error)
		error = ct_error_oom();
	if (stop)
		oom_stop();
	if (!error)
		error = ct_buf_put(out, text, len);
	free(text);
	return error;
}

static int op_export_jsonl(ct_buf *out, void *arg)
{
	return export_jsonl(out, arg, 1);
}

static int op_export_claimreview(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_export_claimreview(&doc, l, "The Desk", "https://desk.example/");

	return oom_put_json(out, doc, error);
}

static int op_export_csl(ct_buf *out, void *arg)
{
	ct_ledger *l = arg;
	json_t *doc = NULL;
	int error = ct_export_csl(&doc, l);

	return oom_put_json(out, doc, error);
}

static void exports_survive(void **state)
{
	(void)state;
	oom_on_fixture(op_export_jsonl);
	oom_on_fixture(op_export_claimreview);
	oom_on_fixture(op_export_csl);
}

/* ---- imports ------------------------------------------------------------- */

/*
 * The ledger an import writes into: made empty, and made again after each
 * import that committed, so that every run starts from the same history.
 */
struct target {
	char dir[128];       /* the ledger's directory */
	char gitdir[160];    /* its .claimtrack */
	ct_ledger *l;        /* open on it, kept across the runs that fail */
	int written;         /* the last run committed: make it again */
	const char *data;    /* the input, and its length */
	size_t len;
	int claimreview;     /* the input's format: ClaimReview, else jsonl */
	int made;            /* the ledger exists */
	char empty[GIT_OID_HEXSZ + 1]; /* the commit its ref named when made, or "" */
};

/* Pause refusing allocations (the test's own work), and resume where it was. */
static long oom_pause(void)
{
	long saved = oom_countdown;

	oom_countdown = -1;
	return saved;
}

static void oom_resume(long saved)
{
	oom_countdown = saved;
}

/* The commit refs/heads/main names, read with libgit2 itself ("" when the branch has none). */
static void ref_of(char *out, const char *dir)
{
	git_repository *repo = NULL;
	git_oid oid;

	out[0] = '\0';
	assert_int_equal(git_repository_open(&repo, dir), 0);
	if (git_reference_name_to_id(&oid, repo, CT_LEDGER_REF) == 0)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	git_repository_free(repo);
}

/*
 * Make the target the empty ledger it was, and open it: its ref is set back
 * to the commit it named when it was made (or removed, when it named none),
 * and a new handle rebuilds the index of the history so rewritten. Cheaper
 * than making a ledger again, which the thousands of runs would wait on.
 */
static void target_reset(struct target *t)
{
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_oid oid;

	ct_ledger_free(t->l);
	t->l = NULL;
	if (!t->made) {
		assert_int_equal(ct_ledger_init(t->dir), 0);
		ref_of(t->empty, t->gitdir);
		t->made = 1;
	} else {
		assert_int_equal(git_repository_open(&repo, t->gitdir), 0);
		if (!t->empty[0])
			assert_int_equal(git_reference_remove(repo, CT_LEDGER_REF), 0);
		else
			assert_true(git_oid_fromstr(&oid, t->empty) == 0 &&
				    git_reference_create(&ref, repo, CT_LEDGER_REF, &oid, 1, "test: reset") == 0);
		git_reference_free(ref);
		git_repository_free(repo);
	}
	assert_int_equal(ct_ledger_open(&t->l, t->gitdir), 0);
	t->written = 0;
}

/* The answer of an import: what it did, and the records of the ledger after it. */
static int op_import(ct_buf *out, void *arg)
{
	struct target *t = arg;
	char before[GIT_OID_HEXSZ + 1], after[GIT_OID_HEXSZ + 1];
	ct_import_stats stats;
	json_t *added = NULL;
	ct_ledger *l = NULL;
	long saved = oom_pause();
	int error;

	if (t->written)
		target_reset(t);
	ref_of(before, t->gitdir);
	oom_resume(saved);
	if (t->claimreview)
		error = ct_import_claimreview(&added, &stats, t->l, t->data, t->len, "reviews.json");
	else
		error = ct_import_jsonl(&stats, t->l, t->data, t->len, "all.jsonl");
	oom_stop();
	ref_of(after, t->gitdir);
	if (error) {
		/* A refused import writes nothing: the history is where it was. */
		assert_string_equal(after, before);
		json_decref(added);
		return error;
	}
	t->written = strcmp(after, before) != 0;
	error = ct_buf_printf(out, "%zu sources, %zu texts, %zu claims, %zu anchors, %zu unchanged, "
				   "committed %d\n", stats.sources, stats.texts, stats.claims, stats.anchors,
			      stats.unchanged, stats.committed);
	if (!error && added)
		error = ct_json_canonical(out, added);
	json_decref(added);
	/*
	 * The records the history holds now, read with nothing refused, as the
	 * next command reads them: through a handle of its own, which brings the
	 * index up to the history (an import whose ref moved has succeeded, even
	 * when updating this handle's index then ran out of memory).
	 */
	if (!error && (error = ct_ledger_open(&l, t->gitdir)) == 0)
		error = export_jsonl(out, l, 0);
	ct_ledger_free(l);
	return error;
}

/* Import `data` into a ledger of its own, failing each allocation in turn. */
static void on_target(const char *data, size_t len, int claimreview)
{
	struct target t;

	memset(&t, 0, sizeof(t));
	snprintf(t.dir, sizeof(t.dir), "%s/%s", oom_dir, claimreview ? "reviews" : "restored");
	snprintf(t.gitdir, sizeof(t.gitdir), "%s/.claimtrack", t.dir);
	t.data = data;
	t.len = len;
	t.claimreview = claimreview;
	target_reset(&t);
	/*
	 * Durability is not what this test is about, and the thousands of
	 * imports it runs would wait minutes for the disk: the library turned
	 * fsync on when it first opened a ledger (above), and it is turned off.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	oom_each_allocation(op_import, &t);
	ct_ledger_free(t.l);
}

/* The fixture's own export, imported into a fresh ledger. */
static void jsonl_import_survives(void **state)
{
	ct_ledger *l = NULL;
	ct_buf all = CT_BUF_INIT;

	(void)state;
	assert_int_equal(ct_ledger_open(&l, gitdir), 0);
	assert_int_equal(export_jsonl(&all, l, 0), 0);
	ct_ledger_free(l);
	on_target(all.ptr, all.len, 0);
	ct_buf_release(&all);
}

/* A published document: an @graph with another node, a list claimReviewed, an unmapped rating. */
static const char reviews[] =
	"{\"@context\": \"https://schema.org\", \"@graph\": [\n"
	" {\"@type\": \"Organization\", \"name\": \"Harbour Checks\"},\n"
	" {\"@type\": \"ClaimReview\", \"url\": \"https://checks.example/1\", \"datePublished\": \"2025-03-04\",\n"
	"  \"author\": {\"@type\": \"Organization\", \"name\": \"Harbour Checks\"},\n"
	"  \"claimReviewed\": [\"The toll costs &pound;5 a crossing\", \"Every car pays five pounds\"],\n"
	"  \"itemReviewed\": {\"@type\": \"Claim\", \"author\": {\"@type\": \"Person\", \"name\": \"Mara Voss\"},\n"
	"   \"firstAppearance\": {\"@type\": \"CreativeWork\", \"url\": \"https://social.example/1\"}},\n"
	"  \"reviewRating\": {\"@type\": \"Rating\", \"alternateName\": \"Needs a closer look\"}},\n"
	" {\"@type\": [\"ClaimReview\"], \"url\": \"https://checks.example/2\",\n"
	"  \"claimReviewed\": \"The bridge opened in 1964\",\n"
	"  \"reviewRating\": {\"@type\": \"Rating\", \"alternateName\": \"Engañoso\"}}\n"
	"]}\n";

static void claimreview_import_survives(void **state)
{
	(void)state;
	on_target(reviews, strlen(reviews), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exports_survive),
		cmocka_unit_test(jsonl_import_survives),
		cmocka_unit_test(claimreview_import_survives),
	};

	git_libgit2_init();
	/* OOM_FILTER=NAME runs one test of the group (cmocka's pattern), when looking into one. */
	if (getenv("OOM_FILTER"))
		cmocka_set_test_filter(getenv("OOM_FILTER"));
	return cmocka_run_group_tests_name("out of memory in the exchange formats", tests,
					   oom_fixture_setup, oom_fixture_teardown);
}
