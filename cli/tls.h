/* cli/tls.h: the CA certificates, skipped at libgit2's start and loaded for network work. */
#ifndef CT_TLS_H
#define CT_TLS_H

/*
 * libgit2 built with mbedTLS (Debian's) parses the system's CA certificates
 * in git_libgit2_init(), 5 ms of every command that reads or writes history,
 * none of which talks to a server. So the claimtrack executable (and only
 * the executable: cli/tls.c is not part of the library) answers libgit2's
 * two calls that load certificates, mbedtls_x509_crt_parse_file() and
 * mbedtls_x509_crt_parse_path(), by loading nothing. A libgit2 without
 * certificates fails to verify every server: it never trusts one.
 *
 * Network work turns the shortcut off: from then on both calls go to
 * mbedTLS's own functions. That is the case in a process that called
 * ct_tls_enable(), and in every process started with CLAIMTRACK_TLS_VERIFY
 * in its environment (set to any value).
 */

/* The environment variable that turns the shortcut off, in this process and its children. */
#define CT_TLS_ENV "CLAIMTRACK_TLS_VERIFY"

/*
 * Announce that this process is about to talk to a server (a clone, a fetch,
 * a push, through libgit2 or through a child process that inherits the
 * environment): every certificate libgit2 loads from now on is loaded, and
 * CT_TLS_ENV is set for the processes this one starts. A command that goes
 * to the network calls this first, before the ledger is opened.
 *
 * libgit2 loads the default certificates once, when the library first
 * initialises it (the first time a ledger's history is needed); after that,
 * this call cannot bring them back.
 * Returns 0; or CT_ERROR when libgit2 was started in this process before the
 * call and holds no certificates, or the environment could not be set (the
 * message says which). The shortcut is off after the call in every case.
 */
int ct_tls_enable(void);

#endif
