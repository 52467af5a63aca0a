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
 * Append `value` as jansson writes it with `flags` (json_dumpb's) to out.
 * Unlike json_dumps, a write that runs out of memory is never passed over
 * (jansson does not always pass a failed write up, and would return a text
 * with bytes missing). Returns 0, or CT_ERROR (out of memory: out then holds
 * part of the text).
 */
int ct_json_dump(ct_buf *out, const json_t *value, size_t flags);

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
 * Parse one JSON document strictly: duplicate keys, invalid UTF-8 (RFC 3629,
 * as jansson checks it), NUL bytes and anything after the document are
 * refused. Every message names the input, the line and the column (characters
 * from 1, as jansson counts them) of the offending byte, or for a duplicate
 * key of the end of the repeated key, and what is wrong:
 *
 *	'NAME' line L column C: duplicate object key 'id'
 *	'NAME' line L column C: invalid UTF-8 (byte 0xff)
 *	'NAME' line L column C: NUL byte
 *	'NAME' line L column C: end of file expected near 'x'   (jansson's words)
 *
 * name: labels the input in messages (a path, a file name); borrowed.
 * line: the number of the line that text[0] is on, for a document that is
 *       one line of a longer input (0 or 1 for a whole document).
 * out:  [out] NULL on entry, a new reference on success (json_decref).
 * Returns 0, CT_EINVALID with the message set, or CT_ERROR (out of memory).
 */
int ct_json_parse(json_t **out, const char *text, size_t len, const char *name, size_t line);

/*
 * The line and the column of byte `off` of `text` (len bytes), whose first
 * line is line number `first`, as ct_json_parse() and jansson report them:
 * the column counts characters from 1, a byte that continues a UTF-8
 * sequence being no new character.
 */
void ct_json_position(size_t *line, size_t *col, const char *text, size_t len, size_t first,
                      size_t off);

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
