/*
 * Out of memory on the ledger's writes (oom.h): every write of model.h and
 * the extraction of check.h runs on a fresh copy of the fixture ledger
 * (oom_fixture.h) with its 1st, 2nd, ... allocation refused. A refused run
 * either fails with CT_ERROR and leaves the ledger as it was (the branch where
 * it was, every row of the index the same, a ledger that verifies clean), or
 * succeeds and leaves exactly what a run refused nothing leaves: the write
 * has happened once the branch has moved, so a failure after that (the index
 * update) is a warning, never an error, and the next open catches up.
 *
 * Claim ids are fixed by CLAIMTRACK_ID_SEED and the clock by CLAIMTRACK_DATE,
 * so that every successful run makes the same commit, byte for byte.
 */
#define _GNU_SOURCE
#include "oom.h"

#include <git2.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "json.h"
#include "util.h"
#include "oom_fixture.h"

/* The third revision of "june": a sentence edited, one gone, one added. */
static const char june3[] =
	"Harbour works delayed\n\n"
	"The council said at least 22,000 households lost water on Monday. "
	"About 300 workers were sent from three depots.\n\n"
	"The mayor called the outage the worst since 1998. "
	"Crews will return on Friday.\n";
static const char may[] =
	"Harbour repairs finished\n\n"
	"The utility said all 20,000 households have water again. "
	"The repairs cost 3 million euros.\n";

static char work_dir[80]; /* the copy each run writes to */
static char *work_gitdir; /* its .claimtrack */

/* ---- the operations -------------------------------------------------------- */

/* The write's typed record as JSON, the answer compared, written down with nothing refused. */
static int source_answer(json_t **out, ct_source *src, int error)
{
	if (!error) {
		oom_stop();
		error = ct_source_to_json(out, src);
	}
	ct_source_free(src);
	return error;
}

static int claim_answer(json_t **out, ct_claim *claim, int error)
{
	if (!error) {
		oom_stop();
		error = ct_claim_to_json(out, claim);
	}
	ct_claim_free(claim);
	return error;
}

static int op_source_add(json_t **out, ct_ledger *l)
{
	const char *authors[] = { "A. Writer" };
	const char *cites[] = { "april" };
	ct_source_spec spec = { NULL, "https://news.example/may", "Harbour repairs finished", "The Desk",
				"2024-07-01", "secondary", authors, 1, cites, 1, "may.txt" };
	ct_source *src = NULL;

	return source_answer(out, src, ct_source_add(&src, l, &spec, may, strlen(may)));
}

static int op_source_update(json_t **out, ct_ledger *l)
{
	ct_source *src = NULL;
	int rev = 0;
	int error = ct_source_update(&src, &rev, l, "june", june3, strlen(june3), "june3.txt");

	if (!error && rev != 3)
		error = ct_error_set(CT_EINVALID, "revision %d, not 3", rev);
	return source_answer(out, src, error);
}

static int op_claim_add(json_t **out, ct_ledger *l)
{
	ct_claim_spec spec = { "The outage was the worst since 1998", "outage", "rank", NULL, NULL };
	ct_claim *claim = NULL;

	return claim_answer(out, claim, ct_claim_add(&claim, l, &spec));
}

static int op_claim_add_cited(json_t **out, ct_ledger *l)
{
	ct_cite_spec cite = { "june@2", "at least 20,000 households lost water", "supports", NULL, NULL };
	ct_claim_spec spec = { "At least 20,000 households lost water", "outage", "households", ">= 20000",
			       &cite };
	ct_claim *claim = NULL;

	return claim_answer(out, claim, ct_claim_add(&claim, l, &spec));
}

static int op_cite(json_t **out, ct_ledger *l)
{
	ct_cite_spec cite = { "june", "The mayor called the outage the worst since 1998", "mentions", NULL, NULL };
	ct_claim *claim = NULL;

	return claim_answer(out, claim, ct_claim_cite(&claim, l, claims[5], &cite));
}

static int op_set_status(json_t **out, ct_ledger *l)
{
	ct_claim *claim = NULL;

	return claim_answer(out, claim,
			    ct_claim_set_status(&claim, l, claims[0], "disputed", "The utility counts fewer households."));
}

static int op_extract_add(json_t **out, ct_ledger *l)
{
	return ct_extract_add(out, l, "april");
}

/* ---- what a run leaves ----------------------------------------------------- */

/*
 * The files of the ledger a write changes, besides the objects it adds: the
 * branch, its reflogs and the index. Undoing a run writes them back as they
 * were (the objects a run adds are those a good run adds, byte for byte, and
 * name nothing until the branch does), which costs much less than a copy of
 * the whole ledger for each of thousands of runs.
 */
static const char *const written[] = {
	"refs/heads/main", "packed-refs", "logs/HEAD", "logs/refs/heads/main",
	"index.sqlite",    "index.sqlite-wal", "index.sqlite-shm",
};
#define NWRITTEN (sizeof(written) / sizeof(*written))

struct saved {
	int present;
	ct_buf data;
};
static struct saved fixture_files[NWRITTEN];

static void file_path(char *out, size_t size, const char *dir, const char *name)
{
	assert_true((size_t)snprintf(out, size, "%s/%s", dir, name) < size);
}

/* Make work_dir a copy of the fixture ledger and note the files a write changes. */
static void copy_fixture(void)
{
	char cmd[300], path[300];
	size_t i;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -a '%s' '%s'", work_dir, oom_dir, work_dir);
	assert_int_equal(system(cmd), 0);
	for (i = 0; i < NWRITTEN; i++) {
		int error;
		file_path(path, sizeof(path), work_gitdir, written[i]);
		error = ct_file_read(&fixture_files[i].data, path);
		assert_true(error == 0 || error == CT_ENOTFOUND);
		fixture_files[i].present = error == 0;
	}
}

/*
 * Put the files a write changes back as copy_fixture() found them: only those
 * that differ, written over in place (truncating and writing a file again for
 * every run costs more than the runs).
 */
static void undo_run(void)
{
	char path[300];
	size_t i;

	for (i = 0; i < NWRITTEN; i++) {
		const ct_buf *want = &fixture_files[i].data;
		ct_buf now = CT_BUF_INIT;
		int error, fd;

		file_path(path, sizeof(path), work_gitdir, written[i]);
		error = ct_file_read(&now, path);
		assert_true(error == 0 || error == CT_ENOTFOUND);
		if (!fixture_files[i].present) {
			assert_true(error == CT_ENOTFOUND || unlink(path) == 0);
		} else if (error || now.len != want->len || memcmp(now.ptr, want->ptr, want->len)) {
			assert_true((fd = open(path, O_WRONLY | O_CREAT, 0644)) >= 0);
			assert_int_equal(write(fd, want->ptr, want->len), (ssize_t)want->len);
			assert_int_equal(ftruncate(fd, (off_t)want->len), 0);
			assert_int_equal(close(fd), 0);
		}
		ct_buf_release(&now);
	}
}

static void release_fixture_files(void)
{
	size_t i;

	for (i = 0; i < NWRITTEN; i++)
		ct_buf_release(&fixture_files[i].data);
}

/* The commit refs/heads/main of the ledger at `path` points at, read by libgit2 itself. */
static void read_ref(git_oid *out, const char *path)
{
	git_repository *repo = NULL;

	assert_int_equal(git_repository_open_bare(&repo, path), 0);
	assert_int_equal(git_reference_name_to_id(out, repo, CT_LEDGER_REF), 0);
	git_repository_free(repo);
}

/* Append every row of every table of the index of the ledger at `path` to out, as text. */
static void dump_index(ct_buf *out, const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *tables = NULL;
	char file[200];

	snprintf(file, sizeof(file), "%s/index.sqlite", path);
	assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
					    -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		sqlite3_stmt *rows = NULL;
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);

		assert_non_null(sql);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		sqlite3_free(sql);
		assert_int_equal(ct_buf_printf(out, "-- %s\n", name), 0);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			int i;
			for (i = 0; i < sqlite3_column_count(rows); i++) {
				const void *v = sqlite3_column_blob(rows, i);
				assert_int_equal(ct_buf_putc(out, i ? '|' : ' '), 0);
				if (v)
					assert_int_equal(ct_buf_put(out, v, (size_t)sqlite3_column_bytes(rows, i)), 0);
			}
			assert_int_equal(ct_buf_putc(out, '\n'), 0);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
}

/* Open the ledger at `path` with nothing refused (catching its index up) and check that it verifies clean. */
static void verify_clean(long n, const char *path)
{
	ct_ledger *l = NULL;
	ct_buf problems = CT_BUF_INIT;

	assert_int_equal(ct_ledger_open(&l, path), 0);
	assert_int_equal(ct_ledger_verify(&problems, l), 0);
	if (problems.len)
		print_error("allocation %ld refused: the ledger does not verify:\n%s", n, problems.ptr);
	assert_int_equal(problems.len, 0);
	ct_ledger_free(l);
	ct_buf_release(&problems);
}

/* What a run left: its answer, the branch, the index before and after the next open. */
struct outcome {
	int error;
	ct_buf answer;    /* the canonical JSON of *out */
	git_oid ref;
	ct_buf index;     /* the index as the run left it */
	ct_buf caught_up; /* the index once the ledger was opened again with nothing refused */
	int lagged;       /* the run's index did not reflect the branch */
	char message[600]; /* the error's message */
	char warning[600];
};

static void outcome_release(struct outcome *o)
{
	ct_buf_release(&o->answer);
	ct_buf_release(&o->index);
	ct_buf_release(&o->caught_up);
}

/*
 * Run `op` on the fixture as it was (undo_run), its allocation `n` refused
 * (-1: none), and fill `o` with what it left. Returns 1 when one was refused.
 */
static int run(struct outcome *o, int (*op)(json_t **, ct_ledger *), long n)
{
	ct_ledger *l = NULL;
	json_t *doc = NULL;
	const char *warning;
	int refused;

	memset(o, 0, sizeof(*o));
	undo_run();
	assert_int_equal(ct_ledger_open(&l, work_gitdir), 0);
	ct_error_clear();
	oom_failed = 0;
	oom_countdown = n;
	o->error = op(&doc, l);
	oom_stop();
	snprintf(o->message, sizeof(o->message), "%s", ct_error_last());
	refused = oom_failed;
	if (o->error)
		assert_null(doc);
	else
		assert_int_equal(ct_json_canonical(&o->answer, doc), 0);
	json_decref(doc);
	warning = ct_ledger_warning(l);
	snprintf(o->warning, sizeof(o->warning), "%s", warning ? warning : "");
	ct_ledger_free(l);
	read_ref(&o->ref, work_gitdir);
	dump_index(&o->index, work_gitdir);
	verify_clean(n, work_gitdir);
	dump_index(&o->caught_up, work_gitdir);
	o->lagged = strcmp(o->index.ptr, o->caught_up.ptr) != 0;
	return refused;
}

static void same_text(long n, const char *what, const ct_buf *expect, const ct_buf *got)
{
	if (strcmp(expect->ptr ? expect->ptr : "", got->ptr ? got->ptr : "")) {
		print_error("%s:\n", what);
		oom_report_wrong(n, expect->ptr ? expect->ptr : "", got->ptr ? got->ptr : "");
		fail();
	}
}

/*
 * Run `op` with nothing refused, then with its 1st, 2nd, ... allocation
 * refused, on a fresh copy of the fixture each time, and check what each
 * refused run left against the ledger before and the ledger a good run makes.
 */
static void each_allocation(int (*op)(json_t **, ct_ledger *))
{
	struct outcome before, expect;
	git_oid fixture_ref;
	long n;

	copy_fixture();
	read_ref(&fixture_ref, gitdir);
	memset(&before, 0, sizeof(before));
	dump_index(&before.index, gitdir);
	assert_int_equal(run(&expect, op, -1), 0);
	assert_int_equal(expect.error, 0);
	assert_false(expect.lagged);
	assert_string_equal(expect.warning, "");
	/* The write wrote something. */
	assert_false(git_oid_equal(&expect.ref, &fixture_ref));
	for (n = 0; n < 1000000; n++) {
		struct outcome got;
		int refused = run(&got, op, n);

		if (got.error) {
			if (got.error != CT_ERROR) {
				print_error("allocation %ld refused: error %d ('%s'), not CT_ERROR\n", n, got.error,
					    got.message);
				fail();
			}
			if (!git_oid_equal(&got.ref, &fixture_ref)) {
				print_error("allocation %ld refused: an error ('%s'), but the branch moved\n", n,
					    got.message);
				fail();
			}
			same_text(n, "the index changed under a failed write", &before.index, &got.index);
		} else {
			same_text(n, "the answer", &expect.answer, &got.answer);
			if (!git_oid_equal(&got.ref, &expect.ref)) {
				print_error("allocation %ld refused: the branch is not where a good run leaves it\n", n);
				fail();
			}
			same_text(n, "the index, caught up", &expect.index, &got.caught_up);
			/* An index left behind is a warning of the write. */
			if (got.lagged && !got.warning[0]) {
				print_error("allocation %ld refused: the index was left behind without a warning\n", n);
				fail();
			}
		}
		outcome_release(&got);
		if (!refused) {
			assert_int_equal(got.error, 0);
			assert_true(n > 3);
			break;
		}
	}
	outcome_release(&expect);
	outcome_release(&before);
	release_fixture_files();
}

/* The test of one write: its operation is the test's state (WRITE_TEST). */
struct write_op {
	int (*op)(json_t **, ct_ledger *);
};

static void write_survives(void **state)
{
	each_allocation(((struct write_op *)*state)->op);
}

#define WRITE_TEST(name, fn) { name, write_survives, NULL, NULL, &(struct write_op){ fn } }

static int setup(void **state)
{
	int error = oom_fixture_setup(state);

	if (error)
		return error;
	/*
	 * The fixture's writes set libgit2 up (fsync on); the runs' copies need
	 * no durability, and thousands of fsyncs would take minutes.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	snprintf(work_dir, sizeof(work_dir), "%s.work", oom_dir);
	return asprintf(&work_gitdir, "%s/.claimtrack", work_dir) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work_dir);
	free(work_gitdir);
	return system(cmd) == 0 ? oom_fixture_teardown(state) : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WRITE_TEST("source add", op_source_add),
		WRITE_TEST("source update, re-anchoring", op_source_update),
		WRITE_TEST("claim add", op_claim_add),
		WRITE_TEST("claim add with a citation", op_claim_add_cited),
		WRITE_TEST("cite", op_cite),
		WRITE_TEST("set status", op_set_status),
		WRITE_TEST("extract add", op_extract_add),
	};

	/* Every run makes the same claim ids, hence the same commits. */
	setenv("CLAIMTRACK_ID_SEED", "writes", 1);
	git_libgit2_init();
	return cmocka_run_group_tests_name("out of memory on the ledger's writes", tests, setup, teardown);
}
