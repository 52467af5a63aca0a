/* core/features/report.h: the ledger's reports: unsourced claims, provenance chains, a source's cited passages. */
#ifndef CT_REPORT_H
#define CT_REPORT_H

#include <jansson.h>

#include "ledger.h"

/*
 * Reasons a claim is not backed, spelled as the reports print them:
 *   no-citation        no citation at all
 *   mentions-only      cited, but only with the stance "mentions"
 *   quote-removed      a citation's quote no longer anchors in the latest
 *                      revision of its source, and no other citation backs the
 *                      claim (a supporting citation whose quote still anchors)
 *   no-primary-source  cited (not only disputed), but no chain of --cites links
 *                      from its citing sources reaches a source of kind primary
 * A claim with no citation has only the first reason.
 */

/*
 * Every claim that is not backed, with its reasons (optionally only claims
 * citing `source`, which may be NULL).
 * out: [out] NULL on entry; a new object
 *   {"claims": [{"id", "statement", "status", "reasons": [...],
 *                "citations": [{"source", "rev", "quote", "stance", "anchored": bool}]}],
 *    "count": N}
 * in the order of the claims' creation.
 * Returns 0, CT_ENOTFOUND (an unknown source), CT_ERROR.
 */
int ct_report_unsourced(json_t **out, ct_ledger *ledger, const char *source);

/*
 * Whether citation `seq` of claim `claim`, made on revision `rev` of `source`,
 * still anchors in the source's latest revision (the stored re-anchoring of
 * core/domain/anchoring.c, else located now). anchored: [out] 1 or 0.
 * Returns 0 or CT_ERROR.
 */
int ct_report_anchored(int *anchored, ct_ledger *ledger, const char *claim, int seq, const char *source, int rev);

/*
 * The provenance of a claim: from each source citing it, the chain of --cites
 * links down to primary sources.
 * out: [out] NULL on entry; a new object
 *   {"id", "statement", "reaches_primary": bool,
 *    "sources": [node]}  where node is
 *   {"source", "kind", "title", "stances": [...] (top level only),
 *    "primary": bool, "cites": [node], "cycle": bool (links back to a source
 *    on its own chain), "dead_end": bool (not primary and cites nothing),
 *    "missing": bool (cited, but not in the ledger)}
 * Returns 0, CT_ENOTFOUND, CT_EAMBIGUOUS, CT_ERROR.
 */
int ct_report_provenance(json_t **out, ct_ledger *ledger, const char *claim);

/*
 * A source's latest (or `rev`, when > 0) revision with every passage cited
 * in it: the data of `report source`.
 * out: [out] NULL on entry; a new object
 *   {"source": record, "rev": N, "text": "...",
 *    "passages": [{"start", "end", "claim", "statement", "status", "stance",
 *                  "unsourced": [...reasons], "contradicted": bool}],
 *    "claims_elsewhere": N}
 * passages are sorted by start; offsets are bytes in "text".
 * Returns 0, CT_ENOTFOUND, CT_ERROR.
 */
int ct_report_source(json_t **out, ct_ledger *ledger, const char *source, int rev);

#endif
