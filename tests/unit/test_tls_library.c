/*
 * A program that links the library and uses mbedTLS itself gets mbedTLS's own
 * certificate parsers: the library defines none of them (the start-up shortcut
 * of cli/tls.c is the executable's alone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <sys/stat.h>

#include <mbedtls/x509_crt.h>

#include "error.h"
#include "ledger.h"

#define CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define CA_DIR "/etc/ssl/certs"

/* The number of certificates in `chain` (an initialised, empty chain has none). */
static size_t chain_count(const mbedtls_x509_crt *chain)
{
	size_t n = 0;

	for (; chain && chain->raw.len; chain = chain->next)
		n++;
	return n;
}

/* Link the storage layer in, as every program of the library does. */
static void use_the_library(void)
{
	char *dir = NULL;

	assert_int_equal(ct_ledger_discover(&dir, "/nonexistent/claimtrack-test"), CT_ENOLEDGER);
	assert_null(dir);
}

static void parse_file_loads_the_system_bundle(void **state)
{
	mbedtls_x509_crt chain;
	struct stat st;

	(void)state;
	use_the_library();
	if (stat(CA_FILE, &st) != 0)
		skip();
	mbedtls_x509_crt_init(&chain);
	assert_true(mbedtls_x509_crt_parse_file(&chain, CA_FILE) >= 0);
	assert_true(chain_count(&chain) > 0);
	mbedtls_x509_crt_free(&chain);
}

static void parse_path_loads_the_system_store(void **state)
{
	mbedtls_x509_crt chain;
	struct stat st;

	(void)state;
	if (stat(CA_DIR, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	mbedtls_x509_crt_init(&chain);
	assert_true(mbedtls_x509_crt_parse_path(&chain, CA_DIR) >= 0);
	assert_true(chain_count(&chain) > 0);
	mbedtls_x509_crt_free(&chain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_file_loads_the_system_bundle),
		cmocka_unit_test(parse_path_loads_the_system_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
