/* core/store/gitapi.h: libgit2, loaded when the ledger first needs it. */
#ifndef CT_GITAPI_H
#define CT_GITAPI_H

#include <git2.h>
#include <git2/sys/mempack.h>

/*
 * Open libgit2 (CT_LIBGIT2_SONAME, chosen at build time) and fill the table;
 * nothing to do when libgit2 is linked. Returns 0, or CT_ERROR with a message
 * naming the library or the missing function. Idempotent.
 */
int ct_gitapi_load(void);

/*
 * Set the message from libgit2's last error, prefixed by `what`
 * ("cannot write tree: ..."), and return CT_ERROR, or CT_ECONFLICT when
 * libgit2 reported a modified reference.
 */
int ct_error_git(int git_code, const char *what);

/*
 * Linking libgit2 costs every process about 3 ms before main() runs: the
 * dynamic loader maps it and the twenty libraries it needs (TLS, SSH,
 * Kerberos). Most commands are answered by the index alone, so the library
 * is opened with dlopen() the first time the history is read or written,
 * and the ledger_*.c files of core/store call it through this table.
 * Include this header after <git2.h> and only in the files that call
 * libgit2 (ledger_int.h includes both).
 *
 * Built with -DCLAIMTRACK_DLOPEN_LIBGIT2=OFF (CT_LIBGIT2_SONAME undefined),
 * the library links libgit2 as any other, for distributions whose tools find
 * a program's dependencies in its NEEDED entries: then there is no table and
 * the calls are libgit2's own.
 */
#ifdef CT_LIBGIT2_SONAME
struct ct_gitapi {
#define CT_GIT_FN(name) __typeof__(git_##name) *name;
#include "gitapi_fns.h"
#undef CT_GIT_FN
};
extern struct ct_gitapi ct_gitapi;

/*
 * The calls of the library's code go through the table: git_blob_free is
 * (*ct_gitapi.blob_free), and so on, one macro per line of gitapi_fns.h
 * (gitapi_macros.h, which core/CMakeLists.txt writes: the preprocessor cannot
 * define a macro from a list).
 */
#include "gitapi_macros.h"
#endif /* CT_LIBGIT2_SONAME */

#endif
