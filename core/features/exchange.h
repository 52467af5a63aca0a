/* core/features/exchange.h: what the exchange formats share: their names, what an import did. */
#ifndef CT_EXCHANGE_H
#define CT_EXCHANGE_H

#include <jansson.h>
#include <stddef.h>

/*
 * Three formats, for three kinds of reader:
 *
 *   format       export                                import
 *   -----------  ------------------------------------  -----------------------------------
 *   jsonl        every record of the ledger, one a     restores those records, in one
 *                line: full fidelity                   commit
 *   claimreview  schema.org ClaimReview (JSON-LD) for  ClaimReview records as fact-checkers
 *                each claim with a verdict             publish them: one claim each
 *   csl          the sources as CSL-JSON, for          -
 *                reference managers
 *
 * Each format is a module of its own, whose header describes it: jsonl.h,
 * claimreview.h and csl.h.
 */

/* An exchange format. */
typedef enum ct_format {
	CT_FORMAT_JSONL = 1,
	CT_FORMAT_CLAIMREVIEW,
	CT_FORMAT_CSL,
} ct_format;

/*
 * Name a format: "jsonl", "claimreview" or "csl".
 * out: [out] set to 0 on entry, to the format on success.
 * Returns 0, or CT_EINVALID ("unknown format 'x' (expected jsonl, claimreview or csl)").
 */
int ct_format_parse(ct_format *out, const char *name);

/* What an import did. */
typedef struct ct_import_stats {
	size_t sources; /* records written, by kind */
	size_t texts;
	size_t claims;
	size_t anchors;
	size_t unchanged; /* records the ledger held already, byte for byte */
	int committed;    /* 1 when a commit was made */
} ct_import_stats;

/*
 * Parse one JSON document strictly: as ct_json_parse (duplicate keys, invalid
 * UTF-8, NUL bytes and trailing data refused), but every message gives the
 * line and the column (characters, from 1), a duplicate key is named, and a
 * UTF-8 byte order mark at the start is skipped. `line` is the line number
 * of the first line of `text` (pass 1 for a whole file).
 *
 *	'NAME' line L column C: duplicate object key 'id'
 *	'NAME' line L column C: invalid UTF-8 (byte 0xff)
 *	'NAME' line L column C: NUL byte
 *	'NAME' line L column C: end of file expected near 'x'   (jansson's words)
 *
 * out: [out] NULL on entry, a new reference (json_decref) on success.
 * Returns 0, or CT_EINVALID with the message set.
 */
int ct_exchange_parse(json_t **out, const char *text, size_t len, const char *name, size_t line);

#endif
