/* core/store/gitapi.c: opening libgit2 with dlopen() the first time it is needed. */
#include "error.h"
#include "gitapi.h"

#include <dlfcn.h>
#include <stddef.h>

#ifdef CT_LIBGIT2_SONAME
struct ct_gitapi ct_gitapi;

/* The names of the table's functions, in the order of its members. */
static const char *const names[] = {
	"git_blob_create_from_buffer",
	"git_blob_free",
	"git_blob_lookup",
	"git_blob_rawcontent",
	"git_blob_rawsize",
	"git_buf_dispose",
	"git_commit_author",
	"git_commit_create",
	"git_commit_free",
	"git_commit_lookup",
	"git_commit_message",
	"git_commit_parent",
	"git_commit_parent_id",
	"git_commit_parentcount",
	"git_commit_time",
	"git_commit_tree",
	"git_commit_tree_id",
	"git_config_free",
	"git_config_get_bool",
	"git_config_get_string_buf",
	"git_config_open_default",
	"git_config_set_int32",
	"git_config_set_string",
	"git_error_last",
	"git_graph_descendant_of",
	"git_libgit2_init",
	"git_libgit2_opts",
	"git_mempack_dump",
	"git_mempack_new",
	"git_mempack_reset",
	"git_object_free",
	"git_object_id",
	"git_object_peel",
	"git_odb_add_backend",
	"git_odb_foreach",
	"git_odb_free",
	"git_odb_object_free",
	"git_odb_read",
	"git_odb_write_pack",
	"git_oid_cpy",
	"git_oid_equal",
	"git_oid_fromstr",
	"git_oid_is_zero",
	"git_oid_tostr",
	"git_oid_tostr_s",
	"git_packbuilder_free",
	"git_packbuilder_insert",
	"git_packbuilder_name",
	"git_packbuilder_new",
	"git_packbuilder_set_threads",
	"git_packbuilder_write",
	"git_reference_create",
	"git_reference_create_matching",
	"git_reference_free",
	"git_reference_name_to_id",
	"git_repository_config",
	"git_repository_free",
	"git_repository_init_ext",
	"git_repository_init_options_init",
	"git_repository_odb",
	"git_repository_open_ext",
	"git_repository_set_ident",
	"git_revparse_single",
	"git_revwalk_free",
	"git_revwalk_new",
	"git_revwalk_next",
	"git_revwalk_push",
	"git_revwalk_push_ref",
	"git_revwalk_sorting",
	"git_signature_free",
	"git_signature_new",
	"git_tree_create_updated",
	"git_tree_entry_byindex",
	"git_tree_entry_byname",
	"git_tree_entry_bypath",
	"git_tree_entry_free",
	"git_tree_entry_id",
	"git_tree_entry_name",
	"git_tree_entry_type",
	"git_tree_entrycount",
	"git_tree_free",
	"git_tree_id",
	"git_tree_lookup",
	"git_tree_walk",
};

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
