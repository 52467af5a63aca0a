/* cli/tls.c: the executable's shortcut past libgit2's loading of the CA certificates (tls.h). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

#include "error.h"
#include "tls.h"

/* mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR; claimtrack builds without mbedTLS's headers. */
#define X509_FILE_IO_ERROR (-0x2900)

typedef int parse_fn(void *chain, const char *path);

static int enabled;       /* ct_tls_enable() was called */
static int skipped;       /* a load was answered by the shortcut: libgit2 holds no certificates */
static parse_fn *real[2]; /* mbedTLS's own functions, once looked up */
static const char *const real_names[2] = {
	"mbedtls_x509_crt_parse_file",
	"mbedtls_x509_crt_parse_path",
};

/*
 * Load nothing, or forward to mbedTLS's function `which` (an index of
 * real_names[]) when network work was announced. The real function is the
 * next definition after the executable's in the loader's order: the one of
 * libmbedx509, which libgit2 brought in. Should it be missing, the load
 * fails, and libgit2 verifies no server.
 */
static int parse(int which, void *chain, const char *path)
{
	if (!enabled && !getenv(CT_TLS_ENV)) {
		skipped = 1;
		return 0;
	}
	if (!real[which])
		*(void **)&real[which] = dlsym(RTLD_NEXT, real_names[which]);
	return real[which] ? real[which](chain, path) : X509_FILE_IO_ERROR;
}

/* The two functions libgit2 calls, exported by the executable (CMakeLists.txt). */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	return parse(0, chain, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	return parse(1, chain, path);
}

int ct_tls_enable(void)
{
	enabled = 1;
	if (setenv(CT_TLS_ENV, "1", 1) < 0)
		return ct_error_set(CT_ERROR, "cannot set '%s' for network work", CT_TLS_ENV);
	if (skipped)
		return ct_error_set(CT_ERROR,
				    "cannot verify servers: libgit2 has no CA certificates");
	return 0;
}
