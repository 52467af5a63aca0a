/* core/store/gitapi.h: libgit2, loaded when the ledger first needs it. */
#ifndef CT_GITAPI_H
#define CT_GITAPI_H

#include <git2.h>
#include <git2/sys/mempack.h>

/*
 * Linking libgit2 costs every process about 3 ms before main() runs: the
 * dynamic loader maps it and the twenty libraries it needs (TLS, SSH,
 * Kerberos). Most commands are answered by the index alone, so the library
 * is opened with dlopen() the first time the history is read or written,
 * and the ledger_*.c files of core/store call it through this table.
 * Include this header after <git2.h> and only in the files that call
 * libgit2 (ledger_int.h includes both).
 */
struct ct_gitapi {
	__typeof__(git_blob_create_from_buffer) *blob_create_from_buffer;
	__typeof__(git_blob_free) *blob_free;
	__typeof__(git_blob_lookup) *blob_lookup;
	__typeof__(git_blob_rawcontent) *blob_rawcontent;
	__typeof__(git_blob_rawsize) *blob_rawsize;
	__typeof__(git_buf_dispose) *buf_dispose;
	__typeof__(git_commit_author) *commit_author;
	__typeof__(git_commit_create) *commit_create;
	__typeof__(git_commit_free) *commit_free;
	__typeof__(git_commit_lookup) *commit_lookup;
	__typeof__(git_commit_message) *commit_message;
	__typeof__(git_commit_parent) *commit_parent;
	__typeof__(git_commit_parent_id) *commit_parent_id;
	__typeof__(git_commit_parentcount) *commit_parentcount;
	__typeof__(git_commit_time) *commit_time;
	__typeof__(git_commit_tree) *commit_tree;
	__typeof__(git_commit_tree_id) *commit_tree_id;
	__typeof__(git_config_free) *config_free;
	__typeof__(git_config_get_bool) *config_get_bool;
	__typeof__(git_config_get_string_buf) *config_get_string_buf;
	__typeof__(git_config_open_default) *config_open_default;
	__typeof__(git_config_set_int32) *config_set_int32;
	__typeof__(git_config_set_string) *config_set_string;
	__typeof__(git_error_last) *error_last;
	__typeof__(git_graph_descendant_of) *graph_descendant_of;
	__typeof__(git_libgit2_init) *libgit2_init;
	__typeof__(git_libgit2_opts) *libgit2_opts;
	__typeof__(git_mempack_dump) *mempack_dump;
	__typeof__(git_mempack_new) *mempack_new;
	__typeof__(git_mempack_reset) *mempack_reset;
	__typeof__(git_object_free) *object_free;
	__typeof__(git_object_id) *object_id;
	__typeof__(git_object_peel) *object_peel;
	__typeof__(git_odb_add_backend) *odb_add_backend;
	__typeof__(git_odb_foreach) *odb_foreach;
	__typeof__(git_odb_free) *odb_free;
	__typeof__(git_odb_object_free) *odb_object_free;
	__typeof__(git_odb_read) *odb_read;
	__typeof__(git_odb_write_pack) *odb_write_pack;
	__typeof__(git_oid_cpy) *oid_cpy;
	__typeof__(git_oid_equal) *oid_equal;
	__typeof__(git_oid_fromstr) *oid_fromstr;
	__typeof__(git_oid_is_zero) *oid_is_zero;
	__typeof__(git_oid_tostr) *oid_tostr;
	__typeof__(git_oid_tostr_s) *oid_tostr_s;
	__typeof__(git_packbuilder_free) *packbuilder_free;
	__typeof__(git_packbuilder_insert) *packbuilder_insert;
	__typeof__(git_packbuilder_name) *packbuilder_name;
	__typeof__(git_packbuilder_new) *packbuilder_new;
	__typeof__(git_packbuilder_set_threads) *packbuilder_set_threads;
	__typeof__(git_packbuilder_write) *packbuilder_write;
	__typeof__(git_reference_create) *reference_create;
	__typeof__(git_reference_create_matching) *reference_create_matching;
	__typeof__(git_reference_free) *reference_free;
	__typeof__(git_reference_name_to_id) *reference_name_to_id;
	__typeof__(git_repository_config) *repository_config;
	__typeof__(git_repository_free) *repository_free;
	__typeof__(git_repository_init_ext) *repository_init_ext;
	__typeof__(git_repository_init_options_init) *repository_init_options_init;
	__typeof__(git_repository_odb) *repository_odb;
	__typeof__(git_repository_open_ext) *repository_open_ext;
	__typeof__(git_repository_set_ident) *repository_set_ident;
	__typeof__(git_revparse_single) *revparse_single;
	__typeof__(git_revwalk_free) *revwalk_free;
	__typeof__(git_revwalk_new) *revwalk_new;
	__typeof__(git_revwalk_next) *revwalk_next;
	__typeof__(git_revwalk_push) *revwalk_push;
	__typeof__(git_revwalk_push_ref) *revwalk_push_ref;
	__typeof__(git_revwalk_sorting) *revwalk_sorting;
	__typeof__(git_signature_free) *signature_free;
	__typeof__(git_signature_new) *signature_new;
	__typeof__(git_tree_create_updated) *tree_create_updated;
	__typeof__(git_tree_entry_byindex) *tree_entry_byindex;
	__typeof__(git_tree_entry_byname) *tree_entry_byname;
	__typeof__(git_tree_entry_bypath) *tree_entry_bypath;
	__typeof__(git_tree_entry_free) *tree_entry_free;
	__typeof__(git_tree_entry_id) *tree_entry_id;
	__typeof__(git_tree_entry_name) *tree_entry_name;
	__typeof__(git_tree_entry_type) *tree_entry_type;
	__typeof__(git_tree_entrycount) *tree_entrycount;
	__typeof__(git_tree_free) *tree_free;
	__typeof__(git_tree_id) *tree_id;
	__typeof__(git_tree_lookup) *tree_lookup;
	__typeof__(git_tree_walk) *tree_walk;
};
extern struct ct_gitapi ct_gitapi;

/*
 * Open libgit2 (CT_LIBGIT2_SONAME, chosen at build time) and fill the table.
 * Returns 0, or CT_ERROR with a message naming the library or the missing
 * function. Idempotent.
 */
int ct_gitapi_load(void);

/*
 * Set the message from libgit2's last error, prefixed by `what`
 * ("cannot write tree: ..."), and return CT_ERROR, or CT_ECONFLICT when
 * libgit2 reported a modified reference.
 */
int ct_error_git(int git_code, const char *what);

/* The calls of the library's code go through the table. */
#define git_blob_create_from_buffer (*ct_gitapi.blob_create_from_buffer)
#define git_blob_free (*ct_gitapi.blob_free)
#define git_blob_lookup (*ct_gitapi.blob_lookup)
#define git_blob_rawcontent (*ct_gitapi.blob_rawcontent)
#define git_blob_rawsize (*ct_gitapi.blob_rawsize)
#define git_buf_dispose (*ct_gitapi.buf_dispose)
#define git_commit_author (*ct_gitapi.commit_author)
#define git_commit_create (*ct_gitapi.commit_create)
#define git_commit_free (*ct_gitapi.commit_free)
#define git_commit_lookup (*ct_gitapi.commit_lookup)
#define git_commit_message (*ct_gitapi.commit_message)
#define git_commit_parent (*ct_gitapi.commit_parent)
#define git_commit_parent_id (*ct_gitapi.commit_parent_id)
#define git_commit_parentcount (*ct_gitapi.commit_parentcount)
#define git_commit_time (*ct_gitapi.commit_time)
#define git_commit_tree (*ct_gitapi.commit_tree)
#define git_commit_tree_id (*ct_gitapi.commit_tree_id)
#define git_config_free (*ct_gitapi.config_free)
#define git_config_get_bool (*ct_gitapi.config_get_bool)
#define git_config_get_string_buf (*ct_gitapi.config_get_string_buf)
#define git_config_open_default (*ct_gitapi.config_open_default)
#define git_config_set_int32 (*ct_gitapi.config_set_int32)
#define git_config_set_string (*ct_gitapi.config_set_string)
#define git_error_last (*ct_gitapi.error_last)
#define git_graph_descendant_of (*ct_gitapi.graph_descendant_of)
#define git_libgit2_init (*ct_gitapi.libgit2_init)
#define git_libgit2_opts (*ct_gitapi.libgit2_opts)
#define git_mempack_dump (*ct_gitapi.mempack_dump)
#define git_mempack_new (*ct_gitapi.mempack_new)
#define git_mempack_reset (*ct_gitapi.mempack_reset)
#define git_object_free (*ct_gitapi.object_free)
#define git_object_id (*ct_gitapi.object_id)
#define git_object_peel (*ct_gitapi.object_peel)
#define git_odb_add_backend (*ct_gitapi.odb_add_backend)
#define git_odb_foreach (*ct_gitapi.odb_foreach)
#define git_odb_free (*ct_gitapi.odb_free)
#define git_odb_object_free (*ct_gitapi.odb_object_free)
#define git_odb_read (*ct_gitapi.odb_read)
#define git_odb_write_pack (*ct_gitapi.odb_write_pack)
#define git_oid_cpy (*ct_gitapi.oid_cpy)
#define git_oid_equal (*ct_gitapi.oid_equal)
#define git_oid_fromstr (*ct_gitapi.oid_fromstr)
#define git_oid_is_zero (*ct_gitapi.oid_is_zero)
#define git_oid_tostr (*ct_gitapi.oid_tostr)
#define git_oid_tostr_s (*ct_gitapi.oid_tostr_s)
#define git_packbuilder_free (*ct_gitapi.packbuilder_free)
#define git_packbuilder_insert (*ct_gitapi.packbuilder_insert)
#define git_packbuilder_name (*ct_gitapi.packbuilder_name)
#define git_packbuilder_new (*ct_gitapi.packbuilder_new)
#define git_packbuilder_set_threads (*ct_gitapi.packbuilder_set_threads)
#define git_packbuilder_write (*ct_gitapi.packbuilder_write)
#define git_reference_create (*ct_gitapi.reference_create)
#define git_reference_create_matching (*ct_gitapi.reference_create_matching)
#define git_reference_free (*ct_gitapi.reference_free)
#define git_reference_name_to_id (*ct_gitapi.reference_name_to_id)
#define git_repository_config (*ct_gitapi.repository_config)
#define git_repository_free (*ct_gitapi.repository_free)
#define git_repository_init_ext (*ct_gitapi.repository_init_ext)
#define git_repository_init_options_init (*ct_gitapi.repository_init_options_init)
#define git_repository_odb (*ct_gitapi.repository_odb)
#define git_repository_open_ext (*ct_gitapi.repository_open_ext)
#define git_repository_set_ident (*ct_gitapi.repository_set_ident)
#define git_revparse_single (*ct_gitapi.revparse_single)
#define git_revwalk_free (*ct_gitapi.revwalk_free)
#define git_revwalk_new (*ct_gitapi.revwalk_new)
#define git_revwalk_next (*ct_gitapi.revwalk_next)
#define git_revwalk_push (*ct_gitapi.revwalk_push)
#define git_revwalk_push_ref (*ct_gitapi.revwalk_push_ref)
#define git_revwalk_sorting (*ct_gitapi.revwalk_sorting)
#define git_signature_free (*ct_gitapi.signature_free)
#define git_signature_new (*ct_gitapi.signature_new)
#define git_tree_create_updated (*ct_gitapi.tree_create_updated)
#define git_tree_entry_byindex (*ct_gitapi.tree_entry_byindex)
#define git_tree_entry_byname (*ct_gitapi.tree_entry_byname)
#define git_tree_entry_bypath (*ct_gitapi.tree_entry_bypath)
#define git_tree_entry_free (*ct_gitapi.tree_entry_free)
#define git_tree_entry_id (*ct_gitapi.tree_entry_id)
#define git_tree_entry_name (*ct_gitapi.tree_entry_name)
#define git_tree_entry_type (*ct_gitapi.tree_entry_type)
#define git_tree_entrycount (*ct_gitapi.tree_entrycount)
#define git_tree_free (*ct_gitapi.tree_free)
#define git_tree_id (*ct_gitapi.tree_id)
#define git_tree_lookup (*ct_gitapi.tree_lookup)
#define git_tree_walk (*ct_gitapi.tree_walk)

#endif
