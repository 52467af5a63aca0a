/* core/domain/model.h: sources, claims and citations: the operations on the ledger's records. */
#ifndef CT_MODEL_H
#define CT_MODEL_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "ledger.h"

/*
 * Records are JSON objects, stored in canonical form (core/base/json.h): a
 * source in sources/HH/ID.json, a claim with its citations and notes in
 * claims/C/D/ID.json. Their fields, kinds and defaults are tabled once, in
 * core/record/record.h; the functions below return them as JSON.
 */

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
 * out: [out] NULL on entry; the new record (json_decref) on success.
 * Returns 0, CT_EINVALID, CT_EEXISTS, CT_ENOTFOUND (a cited source), CT_EBUSY, CT_ERROR.
 */
int ct_source_add(json_t **out, ct_ledger *ledger, const ct_source_spec *spec, const char *text, size_t len);

/*
 * Record a new revision of source `id`. When the text equals the latest
 * revision, nothing is written and *rev is 0. The citations of earlier
 * revisions are re-anchored in the new text and the result is stored in
 * anchors/HH/ID/N.json.
 * out: [out] NULL on entry; the updated record. rev: [out] the new revision number or 0.
 * origin names the text in messages (NULL: "text").
 * Returns 0, CT_ENOTFOUND, CT_EINVALID, CT_EBUSY, CT_ERROR.
 */
int ct_source_update(json_t **out, int *rev, ct_ledger *ledger, const char *id, const char *text, size_t len,
		     const char *origin);

/*
 * Parse "SOURCE" or "SOURCE@N" and check it against the ledger: the source
 * exists and has revision N. rev is set to N, or to the latest revision.
 * id: [out] the source id (free()).
 * Returns 0, CT_ENOTFOUND ("no source 'x'", "source 'x' has no revision 7 (it has 2)"), CT_EINVALID.
 */
int ct_source_ref(char **id, int *rev, ct_ledger *ledger, const char *ref);

/* The source record from the index. out: [out] new reference. Returns 0 or CT_ENOTFOUND. */
int ct_source_get(json_t **out, ct_ledger *ledger, const char *id);

/* All sources, by id. out: [out] a new array of records. */
int ct_source_list(json_t **out, ct_ledger *ledger);

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
 * out: [out] NULL on entry; the new record.
 * Returns 0, CT_EINVALID (empty statement, bad value or stance), CT_ENOTFOUND
 * (source, revision, or a quote that does not occur: the message suggests
 * the nearest passage), CT_EAMBIGUOUS (a quote occurring more than once),
 * CT_EBUSY, CT_ERROR.
 */
int ct_claim_add(json_t **out, ct_ledger *ledger, const ct_claim_spec *spec);

/* Add a citation to claim `ref` (an id or unique prefix): one commit. Returns as ct_claim_add. */
int ct_claim_cite(json_t **out, ct_ledger *ledger, const char *ref, const ct_cite_spec *cite);

/*
 * Set a claim's status and append a note (note may be NULL): one commit.
 * Returns 0, CT_EINVALID (unknown status), CT_ENOTFOUND, CT_EAMBIGUOUS, CT_ERROR.
 */
int ct_claim_set_status(json_t **out, ct_ledger *ledger, const char *ref, const char *status, const char *note);

/*
 * Resolve a claim id or a prefix of at least 4 characters to the full id
 * (out: CT_ID_LEN + 1 bytes). Returns 0, CT_ENOTFOUND, CT_EINVALID (a prefix
 * shorter than 4), CT_EAMBIGUOUS (the message lists the candidates).
 */
int ct_claim_resolve(char *out, ct_ledger *ledger, const char *ref);

/* The claim record from the index. out: [out] new reference. */
int ct_claim_get(json_t **out, ct_ledger *ledger, const char *ref);

/*
 * The claim as it stood at commit `commit` (a full hex id).
 * Returns 0, or CT_ENOTFOUND when it did not exist then.
 */
int ct_claim_get_at(json_t **out, ct_ledger *ledger, const char *id, const char *commit);

/*
 * Claims by creation time then id, optionally only those with status
 * `status` and/or cited by source `source` (either may be NULL).
 * out: [out] a new array of records.
 * Returns 0, CT_EINVALID (unknown status), CT_ENOTFOUND (unknown source), CT_ERROR.
 */
int ct_claim_list(json_t **out, ct_ledger *ledger, const char *status, const char *source);

/*
 * Full-text search over statements and quotes (SQLite FTS5; the query's words
 * are matched as terms, quoted so that punctuation is safe), best first.
 * out: [out] a new array of {id, statement, status, rank, snippet}.
 */
int ct_search(json_t **out, ct_ledger *ledger, const char *query, int limit);

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
