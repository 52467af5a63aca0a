/* core/features/csl.h: the ledger's sources as CSL-JSON, for reference managers. */
#ifndef CT_CSL_H
#define CT_CSL_H

#include <jansson.h>

#include "ledger.h"

/*
 * The CSL-JSON export
 * -------------------
 * An array of CSL items, one per source, by id:
 *
 *   CSL field        from
 *   ---------------  ----------------------------------------------------------
 *   id, URL, title   the source's id, url and title
 *   type             "report" for a primary source, else "article-newspaper"
 *   container-title  the publisher of an article-newspaper (the newspaper)
 *   publisher        the publisher of a report (the body that issued it: CSL
 *                    renders a report's container-title as a periodical's)
 *   author           [{"literal": NAME}] per author
 *   issued           {"date-parts": [[Y, M, D]]} from the publication date
 *   accessed         {"date-parts": [[Y, M, D]]} from the latest revision's
 *                    retrieval time
 */

/*
 * The ledger's sources as a CSL-JSON array.
 * out: [out] NULL on entry; a new reference (json_decref) on success.
 * Returns 0 or CT_ERROR.
 */
int ct_export_csl(json_t **out, ct_ledger *ledger);

#endif
