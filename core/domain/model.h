/* core/domain/model.h: sources, claims and citations: the operations on the ledger's records. */
#ifndef CT_MODEL_H
#define CT_MODEL_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "ledger.h"
#include "record.h"

/*
 * Records are stored as canonical JSON (core/base/json.h): a source in
 * sources/HH/ID.json, a claim with its citations and notes in
 * claims/C/D/ID.json. The functions below take and return them as the C
 * types of core/record/record.h, where their fields, kinds and defaults are
 * tabled once; JSON is the records' form on disk and in the index only.
 *
 * A record returned through `out` is the caller's: free it with
 * ct_source_free() or ct_claim_free(). A list is an array of records the
 * caller owns, released with its _release().
 */

/*
 * Every claim a question of the index found, in its order: v[0..n). The
 * records are read-only views (ct_record_view) of the index's JSON, which the
 * list holds: their strings are not copied, so a report over every claim
 * costs what reading the JSON does. Do not change them (copy one with
 * ct_record_copy to change it), nor free one on its own. The functions that
 * fill a list zero it first; release it with ct_claims_release().
 */
typedef struct ct_claims {
	ct_claim *v;
	size_t n;
	json_t *json; /* the records' JSON, as the index holds them: what v borrows from */
} ct_claims;

/* Every source, as ct_claims holds claims; release with ct_sources_release(). */
typedef struct ct_sources {
	ct_source *v;
	size_t n;
	json_t *json;
} ct_sources;

/* Free the records of a list, the array and the JSON, and zero it. Accept NULL and a zeroed list. */
void ct_claims_release(ct_claims *list);
void ct_sources_release(ct_sources *list);

/*
 * The records of a list that ct_claim_list / ct_source_list filled, as a
 * JSON array (the --json of `claim list`, an export): the JSON they were read
 * from, a new reference (json_decref), as the records are unchanged views of
 * it. Cannot fail; NULL for a zeroed list.
 */
json_t *ct_claims_json(const ct_claims *list);
json_t *ct_sources_json(const ct_sources *list);

/* A source to add. Strings are borrowed; NULL or 0 means not given. */
typedef struct ct_source_spec {
	const char *id;
	const char *url;
	const char *title;
	const char *publisher;
	const char *published;
	const char *kind;
	const char *const *authors;
	size_t nauthors;
	const char *const *cites;
	size_t ncites;
	const char *origin;  /* names the text in messages (a file name); NULL: "text" */
} ct_source_spec;

/*
 * Record a source and its first revision, `text` (len bytes): one commit.
 * Everything is checked before anything is written: the URL, the date, the
 * kind, the cited sources, the id (free, well formed), the text (UTF-8, not
 * empty). Without an id, one is made from the title (else the URL).
 * out: [out] NULL on entry; the new record (ct_source_free) on success.
 * Returns 0, CT_EINVALID, CT_EEXISTS, CT_ENOTFOUND (a cited source), CT_EBUSY, CT_ERROR.
 */
int ct_source_add(ct_source **out, ct_ledger *ledger, const ct_source_spec *spec, const char *text, size_t len);

/*
 * Record a new revision of source `id`. When the text equals the latest
 * revision, nothing is written and *rev is 0. The citations of earlier
 * revisions are re-anchored in the new text and the result is stored in
 * anchors/HH/ID/N.json.
 * out: [out] NULL on entry; the updated record (ct_source_free). rev: [out] the
 * new revision number or 0.
 * origin names the text in messages (NULL: "text").
 * Returns 0, CT_ENOTFOUND, CT_EINVALID, CT_EBUSY, CT_ERROR.
 */
int ct_source_update(ct_source **out, int *rev, ct_ledger *ledger, const char *id, const char *text, size_t len,
		     const char *origin);

/*
 * Parse "SOURCE" or "SOURCE@N" and check it against the ledger: the source
 * exists and has revision N. rev is set to N, or to the latest revision.
 * id: [out] the source id (free()).
 * Returns 0, CT_ENOTFOUND ("no source 'x'", "source 'x' has no revision 7 (it has 2)"), CT_EINVALID.
 */
int ct_source_ref(char **id, int *rev, ct_ledger *ledger, const char *ref);

/*
 * The source record from the index.
 * out: [out] NULL on entry; the record (ct_source_free).
 * Returns 0, CT_ENOTFOUND ("no source 'x'"), CT_EINVALID (a record the index
 * holds that does not read as a source), CT_ERROR.
 */
int ct_source_get(ct_source **out, ct_ledger *ledger, const char *id);

/*
 * All sources, by id.
 * out: [out] zeroed on entry (whatever it held is not freed); on success the
 * records (ct_sources_release), on failure empty. Returns 0, CT_EINVALID, CT_ERROR.
 */
int ct_source_list(ct_sources *out, ct_ledger *ledger);

/*
 * Sources by id, read from the index once each: for the reports and
 * comparisons that look the same sources up for many claims.
 */
typedef struct ct_source_cache ct_source_cache;

/* out: [out] NULL on entry; a new, empty cache (ct_source_cache_free). Returns 0 or CT_ERROR. */
int ct_source_cache_new(ct_source_cache **out, ct_ledger *ledger);

/*
 * Source `id`, from the cache or else the index.
 * out: [out] NULL on entry; the record, borrowed from the cache until
 *      ct_source_cache_free(), or NULL when the ledger has no such source
 *      (that is not an error: no message is set).
 * Returns 0, CT_EINVALID (a record that does not read as a source), CT_ERROR.
 */
int ct_source_cache_get(const ct_source **out, ct_source_cache *cache, const char *id);

/* Free the cache and its records. Accepts NULL. */
void ct_source_cache_free(ct_source_cache *cache);

/* A citation to make. Strings are borrowed; NULL means not given. */
typedef struct ct_cite_spec {
	const char *source;  /* "SOURCE" or "SOURCE@N" */
	const char *quote;
	const char *stance;  /* supports (default) | disputes | mentions */
	const char *prefix;  /* context to pick one of several occurrences */
	const char *suffix;
} ct_cite_spec;

/* A claim to add. */
typedef struct ct_claim_spec {
	const char *statement;
	const char *subject;
	const char *property;
	const char *value;   /* the claim's own value, parsed strictly */
	const ct_cite_spec *cite; /* optional first citation */
} ct_claim_spec;

/*
 * Add a claim (and its first citation): one commit.
 * out: [out] NULL on entry; the new record (ct_claim_free).
 * Returns 0, CT_EINVALID (empty statement, bad value or stance), CT_ENOTFOUND
 * (source, revision, or a quote that does not occur: the message suggests
 * the nearest passage), CT_EAMBIGUOUS (a quote occurring more than once),
 * CT_EBUSY, CT_ERROR.
 */
int ct_claim_add(ct_claim **out, ct_ledger *ledger, const ct_claim_spec *spec);

/* Add a citation to claim `ref` (an id or unique prefix): one commit. Returns as ct_claim_add. */
int ct_claim_cite(ct_claim **out, ct_ledger *ledger, const char *ref, const ct_cite_spec *cite);

/*
 * Set a claim's status and append a note (note may be NULL): one commit.
 * When the status is already `status` and there is no note, nothing is written.
 * out: [out] NULL on entry; the updated record (ct_claim_free).
 * Returns 0, CT_EINVALID (unknown status), CT_ENOTFOUND, CT_EAMBIGUOUS, CT_ERROR.
 */
int ct_claim_set_status(ct_claim **out, ct_ledger *ledger, const char *ref, const char *status, const char *note);

/*
 * Resolve a claim id or a prefix of at least 4 characters to the full id
 * (out: CT_ID_LEN + 1 bytes). Returns 0, CT_ENOTFOUND, CT_EINVALID (a prefix
 * shorter than 4), CT_EAMBIGUOUS (the message lists the candidates).
 */
int ct_claim_resolve(char *out, ct_ledger *ledger, const char *ref);

/*
 * The claim record from the index; ref is an id or a unique prefix (ct_claim_resolve).
 * out: [out] NULL on entry; the record (ct_claim_free).
 * Returns 0, CT_ENOTFOUND, CT_EINVALID, CT_EAMBIGUOUS, CT_ERROR.
 */
int ct_claim_get(ct_claim **out, ct_ledger *ledger, const char *ref);

/*
 * The claim as it stood at commit `commit` (a full hex id), read from the
 * history and validated (a bad record: CT_EINVALID naming its path, line and column).
 * out: [out] NULL on entry; the record (ct_claim_free).
 * Returns 0, CT_ENOTFOUND when it did not exist then, CT_EINVALID, CT_ERROR.
 */
int ct_claim_get_at(ct_claim **out, ct_ledger *ledger, const char *id, const char *commit);

/*
 * Claims by creation time then id, optionally only those with status
 * `status` and/or cited by source `source` (either may be NULL).
 * out: [out] zeroed on entry (whatever it held is not freed); on success the
 * records (ct_claims_release), on failure empty. The records are read from
 * the index's rows one by one into the array: one pass, no list of JSON.
 * Returns 0, CT_EINVALID (unknown status), CT_ENOTFOUND (unknown source), CT_ERROR.
 */
int ct_claim_list(ct_claims *out, ct_ledger *ledger, const char *status, const char *source);

/* One claim a search found. Every string is owned by the hit's list. */
typedef struct ct_search_hit {
	char *id;
	char *statement;
	int status;      /* CT_STATUS_* */
	double rank;     /* bm25(): lower is better */
	char *snippet;   /* the matching words in [brackets], "..." around them */
} ct_search_hit;

/* The hits of a search, best first: v[0..n). Release with ct_search_hits_release(). */
typedef struct ct_search_hits {
	ct_search_hit *v;
	size_t n;
} ct_search_hits;

/* Free the hits and the array, and zero the list. Accepts NULL and a zeroed list. */
void ct_search_hits_release(ct_search_hits *hits);

/*
 * Full-text search over statements and quotes (SQLite FTS5; the query's words
 * are matched as terms, quoted so that punctuation is safe), best first, at
 * most `limit` (<= 0: 20).
 * out: [out] zeroed on entry; on success the hits (ct_search_hits_release).
 * Returns 0, CT_EINVALID (an empty query), CT_ERROR.
 */
int ct_search(ct_search_hits *out, ct_ledger *ledger, const char *query, int limit);

/*
 * Append the first line of a statement to out, cut to 60 bytes (on a
 * character boundary, with "...") for a commit message's summary.
 * Returns 0 or CT_ERROR.
 */
int ct_claim_summary(ct_buf *out, const char *statement);

/* True when `s` names a status / a stance / a source kind. */
int ct_status_ok(const char *s);
int ct_stance_ok(const char *s);

#endif
