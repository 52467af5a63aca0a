/* core/domain/anchoring.h: re-anchoring a source's citations when it gets a new revision. */
#ifndef CT_ANCHORING_H
#define CT_ANCHORING_H

#include <jansson.h>
#include <stddef.h>

#include "ledger.h"

/*
 * The anchors record of revision `rev` (anchors/HH/ID/N.json):
 *   source      the source id
 *   rev         N
 *   citations   one object per citation made on an earlier revision:
 *     claim, seq        the claim and the citation's position in it
 *     from_rev          the revision the citation was made on
 *     change            unchanged | moved | changed | removed
 *     start, end        where the passage now stands (absent when removed)
 *     quote             the passage's text in revision N (absent when removed)
 *     similarity        of the old and new passage, 0 to 1
 *
 * `text` (`len` bytes) is the new revision; the citations and the texts of
 * the older revisions are read from the ledger's index.
 *
 * out: [out] NULL on entry; a new record, or NULL when no citation needs one;
 *      release with json_decref().
 * Returns 0, or CT_ERROR (out of memory, the index failed).
 */
int ct_anchor_revision(json_t **out, ct_ledger *ledger, const char *source, int rev, const char *text, size_t len);

#endif
