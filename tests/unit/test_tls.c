/*
 * Unit tests of cli/tls.c, the executable's shortcut past libgit2's loading
 * of the CA certificates, built into this test as into claimtrack.
 *
 * The shortcut's state is the process's: the cases run in the order of
 * main(), the shortcut on (no network work announced) until
 * enable_after_libgit2_started() turns it off. The cases about a fresh
 * process run this program again as a child ("tls count" prints how many
 * certificates the system bundle gave; "tls enable" announces network work
 * first).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/x509_crt.h>

#include "error.h"
#include "tls.h"

#define CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define CA_DIR "/etc/ssl/certs"
#define NO_FILE "/nonexistent/claimtrack-test/ca.pem"
#define LATE "cannot verify servers: libgit2 has no CA certificates"

static char self[PATH_MAX];

/* The number of certificates in `chain` (an initialised, empty chain has none). */
static size_t chain_count(const mbedtls_x509_crt *chain)
{
	size_t n = 0;

	for (; chain && chain->raw.len; chain = chain->next)
		n++;
	return n;
}

/* The certificates parsing `path` (a file, or with `dir` a directory) gives; -1 on an error. */
static long load(const char *path, int dir)
{
	mbedtls_x509_crt chain;
	long n;
	int rc;

	mbedtls_x509_crt_init(&chain);
	if (dir)
		rc = mbedtls_x509_crt_parse_path(&chain, path);
	else
		rc = mbedtls_x509_crt_parse_file(&chain, path);
	n = rc < 0 ? -1 : (long)chain_count(&chain);
	mbedtls_x509_crt_free(&chain);
	return n;
}

/* What this program prints when run as a child with `args` (prefixed to it, as in a shell). */
static long child(const char *env, const char *args)
{
	char cmd[PATH_MAX + 128];
	long n = -2;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s '%s' %s", env, self, args);
	assert_non_null(p = popen(cmd, "r"));
	assert_int_equal(fscanf(p, "%ld", &n), 1);
	assert_int_equal(pclose(p), 0);
	return n;
}

/* The system's CA store, or skip the case on a machine without one. */
static void need_ca_store(void)
{
	struct stat st;

	if (stat(CA_FILE, &st) != 0 || stat(CA_DIR, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
}

static void shortcut_loads_nothing(void **state)
{
	(void)state;
	need_ca_store();
	assert_null(getenv(CT_TLS_ENV));
	assert_int_equal(load(CA_FILE, 0), 0);
	assert_int_equal(load(CA_DIR, 1), 0);
	/* A missing file is no error either: nothing is read. */
	assert_int_equal(load(NO_FILE, 0), 0);
}

/*
 * libgit2's own calls reach the shortcut: with mbedTLS, libgit2 takes a file
 * that does not exist for a CA bundle (the shortcut answered), as it never
 * would from mbedTLS. Skipped where libgit2 uses another TLS library.
 */
static void libgit2_calls_the_shortcut(void **state)
{
	(void)state;
	need_ca_store();
	assert_true(git_libgit2_init() > 0);
	if (!dlsym(RTLD_DEFAULT, "mbedtls_ssl_init"))
		skip();
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, NO_FILE, NULL), 0);
}

static void enable_after_libgit2_started(void **state)
{
	(void)state;
	need_ca_store();
	assert_int_equal(ct_tls_enable(), CT_ERROR);
	assert_string_equal(ct_error_last(), LATE);
	assert_string_equal(getenv(CT_TLS_ENV), "1");
}

static void forwarded_loads_every_certificate(void **state)
{
	(void)state;
	need_ca_store();
	assert_true(load(CA_FILE, 0) > 0);
	assert_true(load(CA_DIR, 1) > 0);
	assert_int_equal(load(NO_FILE, 0), -1);
}

static void libgit2_loads_through_mbedtls(void **state)
{
	(void)state;
	need_ca_store();
	if (!dlsym(RTLD_DEFAULT, "mbedtls_ssl_init"))
		skip();
	assert_true(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, NO_FILE, NULL) < 0);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, CA_FILE, NULL), 0);
	git_libgit2_shutdown();
}

/* A fresh process: the environment decides, and announcing network work before libgit2 succeeds. */
static void child_processes(void **state)
{
	long all;

	(void)state;
	need_ca_store();
	all = load(CA_FILE, 0);
	assert_true(all > 0);
	assert_int_equal(child("", "count"), all);
	assert_int_equal(child("env " CT_TLS_ENV "=", "count"), all);
	assert_int_equal(child("env -u " CT_TLS_ENV, "count"), 0);
	assert_int_equal(child("env -u " CT_TLS_ENV, "enable"), all);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shortcut_loads_nothing),
		cmocka_unit_test(libgit2_calls_the_shortcut),
		cmocka_unit_test(enable_after_libgit2_started),
		cmocka_unit_test(forwarded_loads_every_certificate),
		cmocka_unit_test(libgit2_loads_through_mbedtls),
		cmocka_unit_test(child_processes),
	};
	ssize_t n;

	if (argc == 2) {
		if (strcmp(argv[1], "enable") == 0 && ct_tls_enable() < 0)
			return 1;
		printf("%ld\n", load(CA_FILE, 0));
		return 0;
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return 1;
	self[n] = '\0';
	unsetenv(CT_TLS_ENV);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
