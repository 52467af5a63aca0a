/* core/features/exchange_int.h: what the format modules share among themselves. */
#ifndef CT_EXCHANGE_INT_H
#define CT_EXCHANGE_INT_H

/*
 * Private to the features layer: jsonl.c, claimreview.c and csl.c include it,
 * nothing else does, and it is not installed.
 */

#include <jansson.h>
#include <stddef.h>

#include "exchange.h"
#include "ledger.h"

/*
 * Set obj[key] to `value`, stealing the reference (json_object_set_new), where
 * a NULL value is the failed allocation that made it.
 * Returns 0, or -1 when value is NULL or the member cannot be set.
 */
int ct_exchange_set_new(json_t *obj, const char *key, json_t *value);

/*
 * The length of the UTF-8 byte order mark that `text` (len bytes) starts
 * with: 3, or 0 when it has none. A file as published may start with one
 * (RFC 8259 lets a parser ignore it); it is no part of the JSON, and the
 * imports parse, and count columns, from after it.
 */
size_t ct_exchange_bom(const char *text, size_t len);

/*
 * The input's own name for a commit message: what follows the last '/' of
 * `name` (borrowed from it), so that the history names no directory of the
 * importing machine.
 */
const char *ct_exchange_file_name(const char *name);

/*
 * Commit what an import staged (ct_ledger_commit), setting stats->committed.
 * Once the ref has moved the import is in the history, whatever fails after
 * that (bringing the index up to date, packing): the index catches up when
 * the ledger is next read, as after a crash there, so the import has
 * succeeded and returns 0. Returns 0, or the error of a commit that did not
 * happen (the history is then where it was).
 */
int ct_import_commit(ct_import_stats *stats, ct_ledger *ledger, const char *message);

#endif
