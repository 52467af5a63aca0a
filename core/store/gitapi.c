/* core/store/gitapi.c: opening libgit2 with dlopen() the first time it is needed. */
#include "error.h"
#include "gitapi.h"

#include <dlfcn.h>
#include <stddef.h>

#ifdef CT_LIBGIT2_SONAME
struct ct_gitapi ct_gitapi;

/* The names of the table's functions, in the order of its members. */
static const char *const names[] = {
#define CT_GIT_FN(name) "git_" #name,
#include "gitapi_fns.h"
#undef CT_GIT_FN
};

/* ct_gitapi_load() fills the table as an array of pointers, one per name, and nothing else. */
_Static_assert(sizeof(struct ct_gitapi) == sizeof(names) / sizeof(names[0]) * sizeof(void *),
	       "struct ct_gitapi holds one function pointer per line of gitapi_fns.h");
_Static_assert(sizeof(names) / sizeof(names[0]) == CT_GIT_MACROS,
	       "gitapi_macros.h defines one macro per line of gitapi_fns.h (re-run cmake)");

int ct_gitapi_load(void)
{
	void **slots = (void **)&ct_gitapi;
	void *lib;
	size_t i;

	if (ct_gitapi.libgit2_init)
		return 0;
	if (!(lib = dlopen(CT_LIBGIT2_SONAME, RTLD_NOW | RTLD_GLOBAL)))
		return ct_error_set(CT_ERROR, "cannot load libgit2 ('%s'): %s", CT_LIBGIT2_SONAME, dlerror());
	/* Every member is a function pointer, in the order of names[]. */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(slots[i] = dlsym(lib, names[i]))) {
			struct ct_gitapi none = { 0 };
			ct_gitapi = none;
			return ct_error_set(CT_ERROR, "cannot load libgit2: no function '%s' in '%s'", names[i],
					    CT_LIBGIT2_SONAME);
		}
	}
	return 0;
}
#else
/* libgit2 is linked (CLAIMTRACK_DLOPEN_LIBGIT2=OFF): the loader has opened it already. */
int ct_gitapi_load(void)
{
	return 0;
}
#endif

int ct_error_git(int git_code, const char *what)
{
	const git_error *e = git_error_last();
	int code = CT_ERROR;

	if (git_code == GIT_EMODIFIED || git_code == GIT_ELOCKED)
		code = CT_ECONFLICT;
	else if (git_code == GIT_ENOTFOUND)
		code = CT_ENOTFOUND;
	return ct_error_set(code, "%s: %s", what, e && e->message ? e->message : "unknown error");
}
