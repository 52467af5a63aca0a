/* core/render/html.h: self-contained HTML pages of the reports (inline CSS, no scripts, no network). */
#ifndef CT_HTML_H
#define CT_HTML_H

#include <jansson.h>
#include <stdio.h>

/*
 * Each function writes one whole page to `f`: a UTF-8 HTML5 document with
 * its CSS inline (readable on screen and in print), no script, no external
 * resource. Every text from the ledger is escaped. `doc` is the JSON the same
 * command prints with --json (borrowed). Return 0, or -1 when writing failed.
 */

/* report unsourced: doc as ct_report_unsourced() (core/features/report.h). */
int ct_html_unsourced(FILE *f, const json_t *doc);

/* report contradictions: doc as ct_contradictions() (core/features/compare.h). */
int ct_html_contradictions(FILE *f, const json_t *doc);

/*
 * diff of two revisions: doc as `claimtrack diff SOURCE@A SOURCE@B --json`
 * prints it (ct_wdiff_to_json() of core/text/wdiff.h plus "source", "from", "to"
 * and "claims" from ct_compare_revisions() of core/features/compare.h); or the
 * comparison of two sources, doc as ct_compare_sources().
 */
int ct_html_diff(FILE *f, const json_t *doc);

/*
 * report source: doc as ct_report_source() (core/features/report.h): the text with
 * each cited passage highlighted and linked to its claim (listed below the
 * text with its statement, status, unsourced reasons and contradiction mark),
 * unsourced and contradicted claims marked, and the revision history
 * (doc.source.revisions, and `log`, an array of {commit, author, date,
 * message} as `claimtrack log SOURCE --json` prints it, which may be NULL).
 */
int ct_html_source(FILE *f, const json_t *doc, const json_t *log);

#endif
