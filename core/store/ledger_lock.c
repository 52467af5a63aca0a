/* core/store/ledger_lock.c: the writers' lock, a file of the ledger held with flock(). */
#define _GNU_SOURCE
#include "error.h"
#include "ledger_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* The lock: flock on .claimtrack/claimtrack.lock, waited for up to the timeout. */
int ct_ledger_lock(ct_ledger *l)
{
	char p[PATH_MAX];
	const char *env = getenv("CLAIMTRACK_LOCK_TIMEOUT");
	double limit = env && *env ? atof(env) : 30.0, waited = 0;
	int fd;

	if (l->lock_fd >= 0)
		return 0;
	snprintf(p, sizeof(p), "%s/claimtrack.lock", l->path);
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return ct_error_set(CT_ERROR, "cannot open the lock '%s': %s", p, strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return ct_error_set(CT_ERROR, "cannot lock '%s': %s", p, strerror(errno));
		}
		if (waited >= limit) {
			close(fd);
			return ct_error_set(CT_EBUSY, "the ledger is busy: another claimtrack has held '%s' for %.0f s", p, limit);
		}
		nanosleep(&ts, NULL);
		waited += 0.005;
	}
	l->lock_fd = fd;
	return 0;
}

void ct_ledger_unlock(ct_ledger *l)
{
	if (l->lock_fd >= 0) {
		flock(l->lock_fd, LOCK_UN);
		close(l->lock_fd);
		l->lock_fd = -1;
	}
}
