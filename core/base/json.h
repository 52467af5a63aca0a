/* core/base/json.h: the ledger's canonical JSON form, and strict parsing. */
#ifndef CT_JSON_H
#define CT_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

/*
 * Canonical form of a record: keys sorted, two-space indentation, UTF-8 kept
 * as it is (no \u escapes but for control characters), reals with up to 15
 * significant digits, and one trailing newline. The same record always has
 * the same bytes, so git diffs and merges of records are line by line.
 *
 * out: text is appended. Returns 0, or CT_ERROR (out of memory).
 */
int ct_json_canonical(ct_buf *out, const json_t *record);

/*
 * The compact form of a JSON value, as the index keeps records and values:
 * sorted keys, no white space, reals with up to 15 significant digits, no
 * trailing newline: json_dumps() with JSON_COMPACT | JSON_SORT_KEYS, but a
 * failed allocation is an error, never a key left out.
 *
 * out: [out] NULL on entry, a new string on success (free()).
 * Returns 0, or CT_ERROR (out of memory).
 */
int ct_json_compact(char **out, const json_t *value);

/*
 * Parse one JSON document strictly: duplicate keys, invalid UTF-8, NUL bytes
 * and trailing data are refused. `name` labels the input in the message
 * ("'export.jsonl' line 3 column 14: duplicate object key").
 * `line` is added to jansson's line number (for line-by-line input; pass 0).
 *
 * out: [out] NULL on entry, a new reference on success (json_decref).
 * Returns 0, CT_EINVALID with the message set, or CT_ERROR (out of memory).
 */
int ct_json_parse(json_t **out, const char *text, size_t len, const char *name, size_t line);

/* Borrowed string member of an object, or `def` when missing or not a string. */
const char *ct_json_str(const json_t *obj, const char *key, const char *def);

/* Integer member of an object, or `def`. */
long long ct_json_int(const json_t *obj, const char *key, long long def);

/*
 * Set obj[key] to a new string, or remove the key when `value` is NULL.
 * Returns 0 or CT_ERROR (out of memory, or `value` not UTF-8).
 */
int ct_json_set_str(json_t *obj, const char *key, const char *value);

#endif
