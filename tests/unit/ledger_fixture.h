/* tests/unit/ledger_fixture.h: a fresh ledger per test, for cmocka's setup and teardown. */
#ifndef CT_TEST_LEDGER_FIXTURE_H
#define CT_TEST_LEDGER_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* A fresh ledger in a new temporary directory; *state holds its .claimtrack path. */
static int setup(void **state)
{
	char tmpl[] = "/tmp/claimtrack-unit.XXXXXX", *dir = mkdtemp(tmpl), *gitdir;

	if (!dir || ct_ledger_init(dir) < 0 || asprintf(&gitdir, "%s/.claimtrack", dir) < 0)
		return -1;
	*state = gitdir;
	return 0;
}

/* Remove the ledger's directory, the parent of .claimtrack. */
static int teardown(void **state)
{
	char dir[4096], cmd[4200];

	snprintf(dir, sizeof(dir), "%s", (char *)*state);
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

static inline int index_sql_row(void *out, int n, char **values, char **names)
{
	(void)names;
	if (*(int *)out == -1 && n > 0 && values[0])
		*(int *)out = atoi(values[0]);
	return 0;
}

/*
 * Run `sql` (one statement or several) on the index of the ledger at gitdir,
 * through a connection of the test's own: the library keeps its connection
 * to itself. Returns the first column of the first row as an integer, -1
 * when no row came, -2 when the SQL failed.
 */
static inline int index_sql(const char *gitdir, const char *sql)
{
	char path[4096];
	sqlite3 *db = NULL;
	int value = -1;

	snprintf(path, sizeof(path), "%s/index.sqlite", gitdir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK || sqlite3_exec(db, sql, index_sql_row, &value, NULL) != SQLITE_OK)
		value = -2;
	sqlite3_close(db);
	return value;
}

#endif
