/* core/base/error.h: error codes and the last error message of the calling thread. */
#ifndef CT_ERROR_H
#define CT_ERROR_H

/*
 * Every fallible function of core/ returns an int: 0 on success, or one of
 * these negative codes. The one-line message that explains the failure is
 * set, once, where the failure is detected (ct_error_set) and read by the
 * caller with ct_error_last(). It is lowercase, has no full stop, and names
 * the offending input in single quotes, as git's messages do.
 */
enum {
	CT_OK = 0,
	CT_ERROR = -1,      /* anything else: I/O, out of memory, a library failure */
	CT_ENOTFOUND = -3,  /* no such source, claim, revision, quote */
	CT_EEXISTS = -4,    /* the id is taken */
	CT_EAMBIGUOUS = -5, /* an id prefix or a quote matches more than one */
	CT_EINVALID = -6,   /* bad input: a malformed date, status, text, record */
	CT_ECONFLICT = -7,  /* the ledger moved under a write (retry) */
	CT_EBUSY = -8,      /* the writer lock could not be taken in time */
	CT_ENOLEDGER = -9,  /* no ledger where one was looked for */
	CT_ECORRUPT = -10,  /* the history or the index fails a check */
};

/*
 * Set the calling thread's last error message (printf-style) and return
 * `code`, so that a failure can be reported and passed up in one statement:
 *
 *	return ct_error_set(CT_ENOTFOUND, "no claim '%s'", id);
 */
int ct_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Set the message to "out of memory" and return CT_ERROR. */
int ct_error_oom(void);

/*
 * The calling thread's last message: a borrowed string, valid until the next
 * ct_error_set() of this thread. Never NULL ("" when nothing failed).
 */
const char *ct_error_last(void);

/* Forget the last message. */
void ct_error_clear(void);

#endif
