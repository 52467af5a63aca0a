/* core/record/field.h: a record as a table of named fields, read, written, compared and copied one
 * by one. */
#ifndef CT_FIELD_H
#define CT_FIELD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "where.h"

/*
 * Every record type of the ledger (core/record/record.h) is a C struct and a
 * table that names its fields: the JSON key, the kind, where the field is in
 * the struct, whether it may be absent, and the default a new record gets.
 * Everything here is driven by those tables: parsing and validating a record,
 * writing it in canonical form, and the field-level view that the three-way
 * merge and `log -p` are built on (which fields of two versions differ; copy
 * one field from one version to another; a field's JSON on its own).
 *
 * Kinds, the C member each is stored in, and what "absent" is (absent is only
 * allowed for a field marked CT_FIELD_OPTIONAL):
 *
 *   kind              member        absent   a member of the collection is
 *   ----------------  ------------  -------  ---------------------------------
 *   CT_FIELD_STRING   char *        NULL
 *   CT_FIELD_INT      long long     -1       (ints of records are never < 0)
 *   CT_FIELD_REAL     double        -
 *   CT_FIELD_ENUM     int           -1       an index into the field's names
 *   CT_FIELD_VALUE    ct_value      NONE     (core/text/value.h)
 *   CT_FIELD_LIST     ct_list-like  !present identified by its position
 *   CT_FIELD_SET      ct_list-like  !present identified by its CT_FIELD_KEY fields
 *   CT_FIELD_STRLIST  ct_strlist    !present identified by its position
 *   CT_FIELD_STRSET   ct_strlist    !present identified by its string
 *
 * A LIST keeps its order and a merge takes one side's; a SET is a set: a merge
 * takes the union, and two members are the same when the fields their type
 * marks CT_FIELD_KEY are equal (ct_record_same_member). The record types say
 * which of their collections are sets and what identifies a member.
 *
 * Members of a record's JSON object that its table does not name are kept, as
 * they are, in the record's `extra` object and written back with it, so that a
 * record written by a later version survives an edit by this one. They are not
 * fields: ct_record_diff does not compare them.
 */

typedef enum ct_field_kind {
	CT_FIELD_STRING,
	CT_FIELD_INT,
	CT_FIELD_REAL,
	CT_FIELD_ENUM,
	CT_FIELD_VALUE,
	CT_FIELD_LIST,
	CT_FIELD_SET,
	CT_FIELD_STRLIST,
	CT_FIELD_STRSET,
} ct_field_kind;

/* Field flags. */
enum {
	CT_FIELD_OPTIONAL = 1, /* may be absent from the JSON (and is then not written) */
	CT_FIELD_KEY = 2,      /* identifies a member of a set (see above) */
};

/*
 * A collection of records, as it is laid out in memory: `v` points to `n`
 * structs of the collection's type. Each record type declares its own list
 * struct with a typed `v` and this layout (record.c asserts it).
 */
typedef struct ct_list {
	void *v;
	size_t n;
	int present; /* 0: absent (an optional field); a required one is always present */
} ct_list;

/* A collection of strings, each owned. */
typedef struct ct_strlist {
	char **v;
	size_t n;
	int present; /* as ct_list's */
} ct_strlist;

struct ct_record_type;

/* One named field of a record type. Tables are static data. */
typedef struct ct_field {
	const char *name; /* the JSON key */
	ct_field_kind kind;
	unsigned flags; /* CT_FIELD_OPTIONAL, CT_FIELD_KEY */
	size_t offset;  /* of the member in the record's struct */
	/*
	 * The default a new record gets (ct_record_init): a string, an enum's
	 * name, an INT in decimal. NULL: absent when optional; else "" for a
	 * string, 0 for a number, the first name of an enum, an empty collection.
	 */
	const char *def;
	const char *const *names;        /* CT_FIELD_ENUM: its names, NULL-terminated */
	const struct ct_record_type *of; /* CT_FIELD_LIST, CT_FIELD_SET: the members' type */
} ct_field;

/* A record type: its struct and its fields (at most 64). */
typedef struct ct_record_type {
	const char *name; /* "claim", "citation": names the record in messages */
	size_t size;      /* sizeof its struct */
	size_t extra;     /* offset of its `json_t *extra` member */
	const ct_field *fields;
	size_t nfields;
} ct_record_type;

/* Where a JSON value came from, for messages about it. */
typedef struct ct_record_origin {
	ct_where where; /* the text it was parsed from; where.text NULL when there is none */
	const ct_json_seg
	    *path; /* where the record is in that document ({"record"} in a jsonl line) */
	size_t npath;
} ct_record_origin;

/*
 * Fill the zeroed struct `rec` of type `t` with a new record's defaults (see
 * ct_field.def). Returns 0, or CT_ERROR when out of memory (rec is then
 * released). Release it with ct_record_release().
 */
int ct_record_init(void *rec, const ct_record_type *t);

/*
 * Read and validate record `j` into the zeroed struct `rec`: every field the
 * table names has its kind (an enum one of its names, a value what
 * ct_value_from_json reads), no required field is missing.
 *
 * origin:  borrowed; NULL when the JSON has no text to point into.
 * Returns: 0; CT_EINVALID with a message naming the field: "'NAME' line L
 *          column C: MESSAGE", the line and column of the offending field (or
 *          of the object missing it), when origin has a text, else "'NAME':
 *          MESSAGE" ("record" when origin is NULL); CT_ERROR when out of
 *          memory. On failure rec is released (zeroed).
 */
int ct_record_from_json(void *rec, const ct_record_type *t, const json_t *j,
                        const ct_record_origin *origin);

/*
 * Read record `j` as ct_record_from_json() does (the same checks, messages and
 * codes), but borrowing its strings: every string field, and every string of
 * a string collection, points into j's own strings instead of a copy. This is
 * for reading many records once each (the index's catch-up, the lists read
 * from the index): no string is copied or freed. Values (CT_FIELD_VALUE), the collections' arrays and
 * `extra` are the record's own, as usual.
 *
 * The record is valid while j is (the caller keeps its reference until the
 * record is released) and is read only: no string of it may be written, set
 * (ct_field_set_string) or freed. Release it with ct_record_release_view(),
 * never ct_record_release(). ct_record_copy() of it is an ordinary record.
 * Returns as ct_record_from_json; on failure rec is released (zeroed).
 */
int ct_record_view(void *rec, const ct_record_type *t, const json_t *j,
                     const ct_record_origin *origin);

/* Release a record read by ct_record_view() and zero it (not the struct itself). Accepts NULL. */
void ct_record_release_view(void *rec, const ct_record_type *t);

/*
 * Parse one record from a JSON document: ct_json_parse()'s strictness (line
 * and column of a syntax error, duplicate keys refused), then
 * ct_record_from_json() with the positions of the fields in `text`.
 * name: labels the text in messages (a path in the ledger). Returns as ct_record_from_json.
 */
int ct_record_parse(void *rec, const ct_record_type *t, const char *text, size_t len,
                    const char *name);

/*
 * The record as a new JSON object (json_decref): absent fields are left out.
 * Returns 0, CT_EINVALID (a string is not UTF-8), or CT_ERROR (out of memory).
 */
int ct_record_to_json(json_t **out, const ct_record_type *t, const void *rec);

/*
 * The n records of type t at v (an array of their structs, as ct_claims
 * holds them) as a new JSON array (json_decref), each as ct_record_to_json
 * makes it. out: [out] NULL on entry, and on failure.
 * Returns as ct_record_to_json.
 */
int ct_record_array_to_json(json_t **out, const ct_record_type *t, const void *v, size_t n);

/*
 * Append the record's canonical form (core/base/json.h: sorted keys, two-space
 * indentation, a trailing newline) to out: the bytes the ledger stores.
 * Returns as ct_record_to_json.
 */
int ct_record_serialise(ct_buf *out, const ct_record_type *t, const void *rec);

/* Free everything the record owns and zero it (not the struct itself). Accepts NULL. */
void ct_record_release(void *rec, const ct_record_type *t);

/*
 * Make the zeroed struct `dst` a deep copy of `src`. Returns 0, or CT_ERROR
 * when out of memory (dst is then released).
 */
int ct_record_copy(void *dst, const ct_record_type *t, const void *src);

/* The field named `name` of type t (borrowed from its table), or NULL. */
const ct_field *ct_record_field(const ct_record_type *t, const char *name);

/*
 * True when field f is the same in records a and b (both of the type whose
 * table holds f): absent equals absent only; collections are equal member by
 * member in order (for a set, the order of the JSON arrays is kept too).
 */
int ct_record_field_equal(const ct_field *f, const void *a, const void *b);

/*
 * Which fields of records a and b differ: bit i is set when field i of t's
 * table does (ct_record_field_equal). 0 when they are the same.
 */
uint64_t ct_record_diff(const ct_record_type *t, const void *a, const void *b);

/*
 * Copy field f of record src into record dst (both of the type whose table
 * holds f), replacing what dst held: absent copies as absent.
 * Returns 0, or CT_ERROR when out of memory (dst is then unchanged).
 */
int ct_record_field_copy(const ct_field *f, void *dst, const void *src);

/*
 * Field f of rec on its own, as JSON, the form it has in the record: out is a
 * new reference, or NULL when the field is absent.
 * Returns 0, CT_EINVALID (a string is not UTF-8), or CT_ERROR.
 */
int ct_record_field_to_json(json_t **out, const ct_field *f, const void *rec);

/*
 * True when a and b, two members of a set of type t, are the same member:
 * every field t marks CT_FIELD_KEY is equal. Records with no key field are
 * the same member only when they are equal in every field.
 */
int ct_record_same_member(const ct_record_type *t, const void *a, const void *b);

/*
 * Set a string field (its member `*field`) to a copy of s, freeing what it
 * held; NULL makes it absent. Returns 0, or CT_ERROR (the field is then
 * unchanged).
 */
int ct_field_set_string(char **field, const char *s);

/*
 * Make the released or zeroed list `out` present with copies of items[0..n).
 * Returns 0, or CT_ERROR (out is then released).
 */
int ct_strlist_assign(ct_strlist *out, const char *const *items, size_t n);

/* The index of `name` among `names` (NULL-terminated), or -1. */
int ct_field_name_index(const char *const *names, const char *name);

#endif
