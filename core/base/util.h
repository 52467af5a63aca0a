/* core/base/util.h: small services of the library: clock, ids, slugs, digests, files. */
#ifndef CT_UTIL_H
#define CT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

/*
 * The ledger's clock: CLAIMTRACK_DATE when set (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, or
 * "@SECONDS"), else the system clock. Returns 0, or CT_EINVALID when CLAIMTRACK_DATE is
 * malformed.
 */
int ct_clock_now(time_t *out);

/* Format a time as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void ct_time_format(char *out, time_t t);

/*
 * Parse an ISO 8601 date or timestamp (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM)).
 * A date-only string is midnight UTC. Checks that the date exists (no 30 February).
 * Returns 0, or CT_EINVALID ("invalid date '%s'").
 */
int ct_time_parse(time_t *out, const char *s);

/* True when `s` is a calendar date written YYYY-MM-DD that exists. */
int ct_date_valid(const char *s);

/*
 * A new claim id: CT_ID_LEN characters of Crockford base32 (no i, l, o, u) drawn from
 * 16 random bytes hashed with `salt`. When CLAIMTRACK_ID_SEED is set the random bytes
 * are replaced by the seed, so that ids are reproducible (tests, demos): the caller then
 * must pass a salt that differs between claims (the ledger's head commit and a counter).
 * out must hold CT_ID_LEN + 1 bytes. Returns 0, or CT_ERROR when no randomness is available.
 */
#define CT_ID_LEN 10
int ct_id_new(char *out, const char *salt);

/*
 * The id a content always gets: CT_ID_LEN characters of the same alphabet, from
 * the SHA-256 of `len` bytes of `data`, with no randomness (so that the same
 * record imported twice, on one machine or on two, is one claim).
 */
void ct_id_of(char *out, const void *data, size_t len);

/* True when `s` is a well-formed claim id or id prefix (base32 characters only). */
int ct_id_chars_ok(const char *s);

/*
 * A readable slug from free text: lowercase ASCII letters and digits joined by single
 * hyphens, at most `max` bytes, cut at a word end, no leading or trailing hyphen.
 * Non-ASCII letters are dropped. Appends to out; may append nothing.
 */
int ct_slug(ct_buf *out, const char *text, size_t max);

/* True when `s` is a usable source id: [a-z0-9][a-z0-9._-]{0,63}, no "..", no '@' or '/'. */
int ct_source_id_ok(const char *s);

/*
 * A new NUL-terminated copy of the len bytes at s (free()), whatever they hold.
 * Returns NULL when out of memory, with the message set.
 */
char *ct_memdup(const char *s, size_t len);

/* SHA-256 of a buffer, as 64 lowercase hex characters and a NUL into out (65 bytes). */
void ct_sha256_hex(char *out, const void *data, size_t len);

/* A 32-bit FNV-1a hash, used to shard source ids into tree directories. */
uint32_t ct_fnv1a(const char *s);

/*
 * Read a whole file ("-" is standard input) into out. Returns 0; CT_ENOTFOUND when the
 * file does not exist ("cannot read 'x': No such file or directory"); CT_ERROR otherwise.
 */
int ct_file_read(ct_buf *out, const char *path);

#endif
