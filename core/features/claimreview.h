/* core/features/claimreview.h: schema.org ClaimReview out (the claims with a verdict) and in. */
#ifndef CT_CLAIMREVIEW_H
#define CT_CLAIMREVIEW_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "exchange.h"
#include "ledger.h"

/*
 * The ClaimReview export
 * ----------------------
 * One JSON-LD document: {"@context": "https://schema.org", "@graph": [...]},
 * one ClaimReview node per claim whose status is not "unverified", in the
 * order of `claim list`. A graph rather than a bare array, so that the one
 * "@context" covers every node and the document is a single JSON-LD object,
 * the form that JSON-LD processors and Google's tools read.
 *
 *   ClaimReview field    from
 *   -------------------  -----------------------------------------------------
 *   url                  base_url followed by the claim's id
 *                        (default base "urn:claimtrack:claim:")
 *   claimReviewed        the statement
 *   datePublished        when the verdict was set: the date (YYYY-MM-DD) of the
 *                        claim's last note, else of its "updated" time
 *   author               {"@type": "Organization", "name": publisher}
 *   reviewRating         {"@type": "Rating", "alternateName", "ratingValue",
 *                        "bestRating": 5, "worstRating": 1}, the status mapped:
 *                          supported -> "True"       5
 *                          disputed  -> "Disputed"   3
 *                          refuted   -> "False"      1
 *                          retracted -> "Retracted"  (no ratingValue: a retraction
 *                                                    is not a degree of truth)
 *   itemReviewed         {"@type": "Claim", "appearance": [one CreativeWork per
 *                        citing source: url, name (title), datePublished],
 *                        "firstAppearance": the CreativeWork of the citing source
 *                        published first (undated sources count as latest; ties
 *                        go to the earlier citation), "datePublished": that
 *                        source's date, "author": its authors (Person) or else
 *                        its publisher (Organization)}; without citations only
 *                        {"@type": "Claim"}
 *
 * The ClaimReview import
 * ----------------------
 * The input is one JSON document as published: a ClaimReview object, an array
 * of nodes, or an object with an "@graph" array (also inside an array).
 * Nodes whose "@type" (a string or an array, "ClaimReview",
 * "schema:ClaimReview" or a schema.org URL) is not ClaimReview are skipped;
 * JSON-LD inside an HTML page is not read. The document is parsed as strictly
 * as a jsonl line (ct_json_parse, after a UTF-8 byte order mark at its start).
 * Every text taken from it has its HTML entities decoded and
 * its line ends normalised (ct_claimreview_text). For each ClaimReview, one
 * claim:
 *
 *   claim field    from
 *   -------------  --------------------------------------------------------------
 *   statement      claimReviewed (white space collapsed); when it is a list, its
 *                  first entry, the others kept in the note ("also reviewed as")
 *   status         reviewRating's alternateName (else its name) mapped by
 *                  ct_claimreview_status(); a numeric rating alone maps only at
 *                  the ends of its scale (bestRating: supported, worstRating:
 *                  refuted); "unverified" when nothing maps
 *   notes          one note: date = the review's datePublished (when the verdict
 *                  was given; the import time when it has none), author = who
 *                  imports, status = the status, text = "ClaimReview by REVIEWER
 *                  on DATE: URL; rating: RATING; claimed by AUTHOR; first
 *                  appeared at URL; also reviewed as: ...", each part only when
 *                  known; the rating is kept word for word, mapped or not
 *   created, updated   the import time
 *
 * A ClaimReview without a claimReviewed is refused (CT_EINVALID, with its line
 * and column), as is a document that holds no ClaimReview.
 */

/*
 * The ClaimReview document of the ledger's claims with a verdict.
 * publisher: the reviewing organisation's name (NULL: "claimtrack"); borrowed.
 * base_url:  prefix of each review's url, the claim id is appended
 *            (NULL: "urn:claimtrack:claim:"); borrowed.
 * out: [out] NULL on entry; a new reference (json_decref) on success.
 * Returns 0 or CT_ERROR.
 */
int ct_export_claimreview(json_t **out, ct_ledger *ledger, const char *publisher,
                          const char *base_url);

/*
 * Add one claim per ClaimReview of the document `data` (`len` bytes), in one
 * commit (see the top of this header). A claim's id is derived from its review
 * as published (ct_id_of() of the node with its keys sorted), so a review the
 * ledger holds already, imported before here or elsewhere, or given twice in
 * the document, adds nothing; when no review is new, nothing is written.
 * claims: [out] may be NULL; set to NULL on entry, on success to a new array
 *         (json_decref) of the new claims' records, in the document's order.
 * stats: [out] zeroed on entry; stats->claims is the number of claims added,
 *        stats->unchanged the number of reviews already held, stats->committed
 *        1 when a commit was made.
 * Returns 0; CT_EINVALID (no ClaimReview, or one without a claimReviewed;
 * the document not strict JSON: the message names the line and column);
 * CT_EBUSY, CT_ECONFLICT, CT_ERROR.
 */
int ct_import_claimreview(json_t **claims, ct_import_stats *stats, ct_ledger *ledger,
                          const char *data, size_t len, const char *name);

/*
 * The status a ClaimReview rating's words map to, or NULL when they map to
 * none. The words are compared after decoding HTML entities, Unicode case
 * folding, removing accents, reading '_' and '-' as spaces, collapsing white
 * space and dropping punctuation at either end; when the whole text is not in
 * the table, its first clause (up to . , ; : ! ? or parenthesis) is tried, so
 * "False: the bridge opened in 1964" maps while a sentence that gives no
 * verdict word first does not. The table (English and Spanish):
 *
 *   refuted    false, incorrect, untrue, not true, wrong, fake, hoax, pants on
 *              fire, pants fire, really false, totally false, completely false,
 *              fabricated, inaccurate, falso, falsa, incorrecto, incorrecta,
 *              bulo, mentira
 *   disputed   misleading, mostly false, half true, half truth, mixture, mixed,
 *              partly false, partly true, partially false, partially true,
 *              needs context, missing context, lacks context, out of context,
 *              exaggerated, exaggeration, distorted, disputed, cherry picks,
 *              enganoso, enganosa, impreciso, imprecisa, exagerado, exagerada,
 *              verdad a medias, parcialmente falso, parcialmente falsa,
 *              parcialmente cierto, sacado de contexto, fuera de contexto,
 *              cuestionable, dudoso
 *   supported  true, correct, accurate, mostly true, mostly correct, supported,
 *              confirmed, verified, verdadero, verdadera, cierto, cierta,
 *              correcto, correcta, verdad, confirmado
 *   retracted  retracted, withdrawn, retractado, retractada
 *
 * (Accents are removed before the comparison, so "engañoso" is "enganoso".)
 * Returns a static string: "supported", "disputed", "refuted", "retracted", or NULL
 * (also when out of memory: the import tells the two apart).
 */
const char *ct_claimreview_status(const char *rating);

/*
 * The ClaimReview rating name of a status ("True", "Disputed", "False",
 * "Retracted"), or NULL for "unverified" and unknown statuses; `value` is set
 * to its ratingValue on the 1..5 scale, or 0 when it has none.
 */
const char *ct_claimreview_rating(const char *status, int *value);

/*
 * Append `text` (len bytes of UTF-8) to out as plain text: HTML character
 * references decoded (&#039; &#x27; and the named ones in common use: amp lt
 * gt quot apos nbsp, quotation marks, dashes, ellipsis, the accented letters
 * of Spanish, French and Portuguese; an unknown or malformed one is kept as
 * written; a numeric one naming NUL, a surrogate or a code point above
 * U+10FFFF too), CR LF and lone CR made LF, white space trimmed at both ends,
 * and, when `one_line` is non-zero, each run of white space made one space.
 * Returns 0 or CT_ERROR (out of memory).
 */
int ct_claimreview_text(ct_buf *out, const char *text, size_t len, int one_line);

#endif
