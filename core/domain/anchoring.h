/* core/domain/anchoring.h: re-anchoring a source's citations when it gets a new revision. */
#ifndef CT_ANCHORING_H
#define CT_ANCHORING_H

#include <stddef.h>

#include "ledger.h"
#include "record.h"

/*
 * The anchors record of revision `rev` of source `source` (anchors/HH/ID/N.json;
 * its format is ct_anchors, in core/record/record.h): every citation made on
 * an earlier revision, located again in the new one.
 *
 * `text` (`len` bytes) is the new revision; the citations and the texts of
 * the older revisions are read from the ledger's index.
 *
 * out: [out] NULL on entry; a new record, or NULL when no citation needs one;
 *      free with ct_anchors_free(), write with ct_anchors_serialise().
 * Returns 0, or CT_ERROR (out of memory, the index failed).
 */
int ct_anchor_revision(ct_anchors **out, ct_ledger *ledger, const char *source, int rev, const char *text,
		       size_t len);

#endif
