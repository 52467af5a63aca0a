/* cli/tls.c: the executable's shortcut past libgit2's loading of the CA certificates. */

/*
 * libgit2 built with mbedTLS (Debian's) parses the whole system CA bundle in
 * git_libgit2_init(): 200 KB of PEM, about 55 million instructions, 5 ms of
 * every command that writes or reads history. The claimtrack executable
 * exports these two functions (CMakeLists.txt) and the dynamic loader binds
 * libgit2's calls to them: no certificate is loaded. They are defined here,
 * in the executable, and never in the library, so that a program linking
 * libclaimtrack.a keeps mbedTLS's own. Where libgit2 uses another TLS library
 * these are never called.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
