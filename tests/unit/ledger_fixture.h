/* tests/unit/ledger_fixture.h: a fresh ledger per test, for cmocka's setup and teardown. */
#ifndef CT_TEST_LEDGER_FIXTURE_H
#define CT_TEST_LEDGER_FIXTURE_H

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

#endif
