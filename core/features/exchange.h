/* core/features/exchange.h: what the exchange formats share: their names, what an import did. */
#ifndef CT_EXCHANGE_H
#define CT_EXCHANGE_H

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

#endif
