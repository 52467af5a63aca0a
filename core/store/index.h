/* core/store/index.h: the questions the upper layers ask of the ledger's index. */
#ifndef CT_INDEX_H
#define CT_INDEX_H

#include <stddef.h>

#include "buf.h"
#include "ledger.h"

/*
 * The index is SQLite (its schema is in migrations/ and index_int.h); this
 * header is the only way the layers above the store read it, one function
 * per question, so that no SQL is written outside core/store. Each function
 * runs one statement on the ledger's index connection and reads what is
 * current there: a write (ct_ledger_commit) brings the index up to date
 * before the next question.
 *
 * Results of one row come back in the caller's variables or buffer. Results
 * of many rows are streamed: the function calls `cb` once a row, in the order
 * the function states, with a row whose strings are borrowed and valid during
 * the call only; a non-zero return stops the iteration, and the function
 * returns that value. The callbacks may ask the index other questions, but
 * must not write to the ledger.
 *
 * Errors: CT_ERROR with the message "index: <SQLite's message>" (or the
 * message of opening the index); CT_ENOTFOUND where stated, without a message
 * (the caller names what it looked for). A record is the JSON text of the
 * index's record column: compact, with sorted keys.
 */

/* Called with one record (borrowed, `len` bytes, NUL-terminated). */
typedef int (*ct_index_record_cb)(const char *record, size_t len, void *payload);

/* Called with one id (borrowed). */
typedef int (*ct_index_id_cb)(const char *id, void *payload);

/*
 * The record of source `id`, appended to out.
 * Returns 0, CT_ENOTFOUND (no such source), CT_ERROR.
 */
int ct_index_source_record(ct_buf *out, ct_ledger *ledger, const char *id);

/* Every source's record, by id. Returns 0, the callback's value, or CT_ERROR. */
int ct_index_sources(ct_ledger *ledger, ct_index_record_cb cb, void *payload);

/*
 * How many text revisions source `id` has, from its row (the record is not read).
 * out: [out] 0 on entry. Returns 0, CT_ENOTFOUND (no such source), CT_ERROR.
 */
int ct_index_source_revisions(int *out, ct_ledger *ledger, const char *id);

/*
 * The record of claim `id` (a whole id), appended to out.
 * Returns 0, CT_ENOTFOUND (no such claim), CT_ERROR.
 */
int ct_index_claim_record(ct_buf *out, ct_ledger *ledger, const char *id);

/*
 * Whether claim `id` (a whole id) is in the index.
 * out: [out] 0 on entry, 1 when it is. Returns 0 or CT_ERROR.
 */
int ct_index_claim_exists(int *out, ct_ledger *ledger, const char *id);

/*
 * The records of the claims whose status is `status` (NULL or "": any) and
 * that cite source `source` (NULL or "": any), by creation time, then id.
 * Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_claims(ct_ledger *ledger, const char *status, const char *source, ct_index_record_cb cb,
		    void *payload);

/*
 * The ids of the claims that start with `prefix`, in order, at most `limit`
 * of them. The prefix holds id characters only (ct_id_chars_ok): it is
 * matched as a GLOB pattern. Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_claim_ids(ct_ledger *ledger, const char *prefix, int limit, ct_index_id_cb cb, void *payload);

/* One claim the full-text search found (borrowed strings). */
typedef struct ct_index_hit {
	const char *id;
	const char *statement;
	const char *status;
	double rank;         /* bm25(): lower is better */
	const char *snippet; /* the matching words in [brackets], "..." around them */
} ct_index_hit;
typedef int (*ct_index_hit_cb)(const ct_index_hit *hit, void *payload);

/*
 * The claims whose statement or quotes match the FTS5 query `match`, best
 * rank first (ties by id), at most `limit`.
 * Returns 0, the callback's value, or CT_ERROR (a query FTS5 cannot parse too).
 */
int ct_index_search(ct_ledger *ledger, const char *match, int limit, ct_index_hit_cb cb, void *payload);

/* A citation's row (borrowed strings). */
typedef struct ct_index_citation {
	const char *claim; /* the citing claim's id */
	int seq;           /* its place in the claim's "citations", from 0 */
	int rev;           /* the revision it was made on */
	size_t start, end; /* the quote's byte range in that revision */
	const char *quote;
} ct_index_citation;
typedef int (*ct_index_citation_cb)(const ct_index_citation *citation, void *payload);

/*
 * The citations made on revision `rev` of source `source`, by claim id, then
 * seq. Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_revision_citations(ct_ledger *ledger, const char *source, int rev, ct_index_citation_cb cb,
				void *payload);

/*
 * Each citation of source `source` as (quote, claim id), by claim id from
 * the last to the first (so that a map filled in this order keeps the first
 * claim of each quote). Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_source_quotes(ct_ledger *ledger, const char *source,
			   int (*cb)(const char *quote, const char *claim, void *payload), void *payload);

/* A citation as a claim diff of two revisions reads it (borrowed strings). */
typedef struct ct_index_diff_citation {
	ct_index_citation citation;
	const char *statement; /* the claim's statement */
	const char *value;     /* the value stored with the citation (compact JSON), or NULL */
	const char *change;    /* the stored re-anchoring (ct_change_name()), or NULL when none */
	size_t start, end;     /* where it re-anchored, when change is set and not "removed" */
	double similarity;     /* when change is set */
} ct_index_diff_citation;
typedef int (*ct_index_diff_citation_cb)(const ct_index_diff_citation *row, void *payload);

/*
 * The citations of source `source` made on revisions up to max(a, b), in no
 * stated order. When a < b, a citation made on revision a comes with the
 * re-anchoring in b that `source update` stored for it (change set).
 * Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_diff_citations(ct_ledger *ledger, const char *source, int a, int b, ct_index_diff_citation_cb cb,
			    void *payload);

/*
 * The change stored for citation `seq` of claim `claim` when revision `rev`
 * of source `source` re-anchored it (ct_change_name(), e.g. "removed"),
 * into out (at most size bytes, NUL-terminated).
 * Returns 0, CT_ENOTFOUND (none stored), CT_ERROR.
 */
int ct_index_anchor_change(char *out, size_t size, ct_ledger *ledger, const char *source, int rev,
			   const char *claim, int seq);

/*
 * Full-text questions asked many times over (the check matches every
 * sentence of an article): a handle keeps its statements prepared. It reads
 * the connection that was current when it was made: free it before the next
 * write to the ledger, and before ct_ledger_free.
 */
typedef struct ct_index_fts ct_index_fts;

/* out: [out] NULL on entry; free with ct_index_fts_free(). Returns 0 or CT_ERROR. */
int ct_index_fts_new(ct_index_fts **out, ct_ledger *ledger);

/*
 * How many claims the FTS5 query `match` finds.
 * out: [out] 0 on entry. Returns 0 or CT_ERROR.
 */
int ct_index_fts_count(long long *out, ct_index_fts *fts, const char *match);

/*
 * The claims the FTS5 query `match` finds, best rank first (ties by id), at
 * most `limit`, as (id, record) pairs. Ranking reads the full-text index
 * alone; only the best records are read.
 * Returns 0, the callback's value, or CT_ERROR.
 */
int ct_index_fts_claims(ct_index_fts *fts, const char *match, int limit,
			int (*cb)(const char *id, const char *record, size_t len, void *payload), void *payload);

/* Free the handle and its statements. Accepts NULL. */
void ct_index_fts_free(ct_index_fts *fts);

#endif
