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
 * The formats read the ledger's records as JSON: the domain's typed records
 * (core/domain/model.h) so. A source or claim by id, or all of them in the
 * order of `source list` and `claim list`.
 * out: [out] NULL on entry, a new reference (json_decref) on success.
 * Returns 0, or what the lookup returns (CT_ENOTFOUND, CT_ERROR).
 */
int ct_exchange_source_json(json_t **out, ct_ledger *ledger, const char *id);
int ct_exchange_claim_json(json_t **out, ct_ledger *ledger, const char *id);
int ct_exchange_sources_json(json_t **out, ct_ledger *ledger);
int ct_exchange_claims_json(json_t **out, ct_ledger *ledger);

#endif
