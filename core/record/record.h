/*
 * core/record/record.h: the ledger's records as C types: sources, revisions,
 * claims, citations, notes, anchors.
 */
#ifndef CT_RECORD_H
#define CT_RECORD_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "field.h"
#include "util.h"
#include "value.h"

/*
 * The ledger stores each record as a file of canonical JSON (core/base/json.h).
 * Each is parsed and validated once, here, into its struct; written once, here,
 * in the exact bytes the ledger holds; and has one table of its fields
 * (core/record/field.h), where each field's default is stated. The tables below
 * are those of record.c ("opt": may be absent, and is then not written;
 * "key": identifies a member of a set).
 *
 * Source (sources/HH/ID.json), ct_source:
 *   field       kind               default    meaning
 *   id          string                        readable slug, unique
 *   url         string                        where the text was published
 *   title       string, opt
 *   publisher   string, opt
 *   authors     list of strings, opt
 *   published   string, opt                   YYYY-MM-DD
 *   kind        enum, opt                     primary | secondary
 *   cites       set of strings, opt           ids of the sources it cites (provenance);
 *                                             a member is its id
 *   created     string                        timestamp of the first revision
 *   revisions   list of revisions             revision n's text is texts/HH/ID/n.txt
 *
 * Revision (in a source), ct_revision:
 *   n           int                1          its number, from 1, its position + 1
 *   retrieved   string                        timestamp
 *   sha256      string                        of the text, lowercase hex
 *   bytes       int                           the text's length
 *
 * Claim (claims/C/D/ID.json), ct_claim:
 *   id          string                        CT_ID_LEN base32 characters
 *   statement   string
 *   subject     string, opt
 *   property    string, opt
 *   value       value, opt                    the claim's own value (core/text/value.h)
 *   status      enum               unverified unverified | supported | disputed |
 *                                             refuted | retracted
 *   notes       set of notes, opt
 *   created     string                        timestamp
 *   updated     string                        timestamp
 *   citations   set of citations
 *
 * Citation (in a claim), ct_citation; a member of the set is its passage:
 *   source      string, key                   which source
 *   rev         int, key           1          which revision of it
 *   quote       string                        the exact text as it stands in that revision
 *   start, end  int, key                      its byte offsets in the revision's text
 *   prefix      string                        up to 32 characters of context before it
 *   suffix      string                        and after it
 *   stance      enum               supports   supports | disputes | mentions
 *   value       value, opt                    the value the quote asserts
 *   added       string                        timestamp
 *
 * Note (in a claim), ct_note; notes are never edited, so a member of the set
 * is the whole note:
 *   date        string                        timestamp
 *   author      string                        "Name <email>"
 *   status      enum               unverified the status it set
 *   text        string, opt
 *
 * Anchors of revision N of a source (anchors/HH/ID/N.json), ct_anchors: where
 * `source update` found again, in revision N, each citation made on an earlier
 * revision (core/domain/anchoring.h makes it; the index keeps its rows so that
 * a claim diff reads them instead of re-anchoring). There is none for a
 * revision whose earlier revisions have no citation:
 *   source      string                        the source id
 *   rev         int                           N
 *   citations   set of entries                one per citation made on an earlier revision,
 *                                             by revision, then claim id, then seq
 *
 * Anchors entry (in an anchors record), ct_anchors_entry; a member is its citation:
 *   claim, seq  string, int, key              the claim and the citation's position in it
 *   from_rev    int                           the revision the citation was made on
 *   change      enum                          unchanged | moved | changed | removed
 *   start, end  int, opt                      where the passage now stands (absent when removed)
 *   quote       string, opt                   the passage's text in revision N (absent
 *                                             when removed; "" when it is not UTF-8 on
 *                                             its own)
 *   similarity  real                          of the old and new passage, 0 to 1
 *
 * Members of the JSON that a table does not name are kept in `extra` and
 * written back (see field.h). Strings are UTF-8 (checked when written).
 *
 * Ownership: a struct owns every string, value and collection it points to
 * (but for one read by ct_record_borrow, whose strings are its JSON's: field.h).
 * The top-level records (ct_source, ct_claim, ct_anchors) are allocated by
 * their functions below and freed with their _free(); the embedded ones
 * (revision, citation, note, entry) are filled in place by their _init() and
 * released with ct_record_release(rec, &ct_..._type), or with the record that
 * holds them.
 */

/* The names of the enums, in the order of their values, NULL-terminated. */
enum {
	CT_STATUS_UNVERIFIED,
	CT_STATUS_SUPPORTED,
	CT_STATUS_DISPUTED,
	CT_STATUS_REFUTED,
	CT_STATUS_RETRACTED
};
extern const char *const ct_status_names[];
enum { CT_STANCE_SUPPORTS, CT_STANCE_DISPUTES, CT_STANCE_MENTIONS };
extern const char *const ct_stance_names[];
enum { CT_SOURCE_PRIMARY, CT_SOURCE_SECONDARY };
extern const char *const ct_source_kind_names[];
/* An anchors entry's change: CT_CHANGE_UNCHANGED ... CT_CHANGE_REMOVED of core/text/reanchor.h. */
extern const char *const ct_change_names[];

typedef struct ct_revision {
	long long n;
	char *retrieved;
	char *sha256;
	long long bytes;
	json_t *extra;
} ct_revision;

/* Collections of records: the layout of ct_list (field.h) with a typed `v`. */
typedef struct ct_revisions {
	ct_revision *v;
	size_t n;
	int present;
} ct_revisions;

typedef struct ct_source {
	char *id;
	char *url;
	char *title;     /* NULL: absent */
	char *publisher; /* NULL: absent */
	ct_strlist authors;
	char *published; /* NULL: absent */
	int kind;        /* CT_SOURCE_*, -1: absent */
	ct_strlist cites;
	char *created;
	ct_revisions revisions;
	json_t *extra;
} ct_source;

typedef struct ct_citation {
	char *source;
	long long rev;
	char *quote;
	long long start, end;
	char *prefix;
	char *suffix;
	int stance;     /* CT_STANCE_* */
	ct_value value; /* CT_VALUE_NONE: absent */
	char *added;
	json_t *extra;
} ct_citation;

typedef struct ct_citations {
	ct_citation *v;
	size_t n;
	int present;
} ct_citations;

typedef struct ct_note {
	char *date;
	char *author;
	int status; /* CT_STATUS_* */
	char *text; /* NULL: absent */
	json_t *extra;
} ct_note;

typedef struct ct_notes {
	ct_note *v;
	size_t n;
	int present; /* 0: the claim has no "notes" */
} ct_notes;

typedef struct ct_claim {
	char *id;
	char *statement;
	char *subject;  /* NULL: absent */
	char *property; /* NULL: absent */
	ct_value value; /* CT_VALUE_NONE: absent */
	int status;     /* CT_STATUS_* */
	ct_notes notes;
	char *created;
	char *updated;
	ct_citations citations;
	json_t *extra;
} ct_claim;

typedef struct ct_anchors_entry {
	char *claim;
	long long seq;
	long long from_rev;
	int change;           /* CT_CHANGE_UNCHANGED ... CT_CHANGE_REMOVED */
	long long start, end; /* -1: absent (removed) */
	char *quote;          /* NULL: absent (removed) */
	double similarity;
	json_t *extra;
} ct_anchors_entry;

typedef struct ct_anchors_entries {
	ct_anchors_entry *v;
	size_t n;
	int present;
} ct_anchors_entries;

typedef struct ct_anchors {
	char *source;
	long long rev;
	ct_anchors_entries citations;
	json_t *extra;
} ct_anchors;

/* The field tables (field.h), one per type. */
extern const ct_record_type ct_source_type, ct_revision_type, ct_claim_type, ct_citation_type,
    ct_note_type, ct_anchors_type, ct_anchors_entry_type;

/*
 * The functions of each top-level record, ct_claim shown (ct_source and
 * ct_anchors have the same five):
 *
 * ct_claim_parse:     parse and validate a record from its JSON text (a
 *                     ledger file); name labels it in messages (its path).
 *                     out: [out] NULL on entry, a new record on success
 *                     (ct_claim_free). Returns as ct_record_from_json: 0,
 *                     CT_EINVALID "'NAME' line L column C: ...", CT_ERROR.
 * ct_claim_from_json: the same from parsed JSON; origin may be NULL (field.h).
 * ct_claim_to_json:   the record as a new JSON object (json_decref).
 *                     Returns 0, CT_EINVALID (a string is not UTF-8), CT_ERROR.
 * ct_claim_serialise: append its canonical form (the ledger's bytes) to out.
 *                     Returns as ct_claim_to_json.
 * ct_claim_free:      free the record and everything it owns. Accepts NULL.
 */
int ct_claim_parse(ct_claim **out, const char *text, size_t len, const char *name);
int ct_claim_from_json(ct_claim **out, const json_t *j, const ct_record_origin *origin);
int ct_claim_to_json(json_t **out, const ct_claim *claim);
int ct_claim_serialise(ct_buf *out, const ct_claim *claim);
void ct_claim_free(ct_claim *claim);

int ct_source_parse(ct_source **out, const char *text, size_t len, const char *name);
int ct_source_from_json(ct_source **out, const json_t *j, const ct_record_origin *origin);
int ct_source_to_json(json_t **out, const ct_source *source);
int ct_source_serialise(ct_buf *out, const ct_source *source);
void ct_source_free(ct_source *source);

int ct_anchors_parse(ct_anchors **out, const char *text, size_t len, const char *name);
int ct_anchors_from_json(ct_anchors **out, const json_t *j, const ct_record_origin *origin);
int ct_anchors_to_json(json_t **out, const ct_anchors *anchors);
int ct_anchors_serialise(ct_buf *out, const ct_anchors *anchors);
void ct_anchors_free(ct_anchors *anchors);

/*
 * A new claim: id, statement, created = updated = `when`, and the defaults of
 * the table for the rest (status unverified, no citations, nothing optional).
 * This is where every claim record is made: callers then set the optional
 * fields and add citations and notes.
 * out: [out] NULL on entry, a new record (ct_claim_free). All strings borrowed.
 * Returns 0, or CT_ERROR (out of memory).
 */
int ct_claim_new(ct_claim **out, const char *id, const char *statement, const char *when);

/*
 * A new source: id, url, created = `when`, no revisions, nothing optional.
 * out: [out] NULL on entry, a new record (ct_source_free). Strings borrowed.
 * Returns 0, or CT_ERROR (out of memory).
 */
int ct_source_new(ct_source **out, const char *id, const char *url, const char *when);

/*
 * Append revision n + 1 (n the revisions it has) of `text` (len bytes),
 * retrieved at `when`, with the text's SHA-256 and size. Returns 0 or CT_ERROR.
 */
int ct_source_add_revision(ct_source *source, const char *when, const char *text, size_t len);

/*
 * The id of a new claim: random (ct_id_new), salted with what makes the claim
 * unique in this ledger: the head commit (NULL reads as ""), the statement,
 * the time, and `attempt`, which the caller counts up while an id is taken.
 * out: CT_ID_LEN + 1 bytes. Returns 0 or CT_ERROR.
 */
int ct_claim_make_id(char *out, const char *head, const char *statement, const char *when,
                     int attempt);

/*
 * Append citation `c` to the claim's citations, moving what it owns into the
 * claim: on success `c` is zeroed; on failure (CT_ERROR, out of memory) it is
 * left as it was.
 */
int ct_claim_add_citation(ct_claim *claim, ct_citation *c);

/* Append note `n` to the claim's notes (and make "notes" present); moves as ct_claim_add_citation.
 */
int ct_claim_add_note(ct_claim *claim, ct_note *n);

/*
 * Fill the zeroed citation c: the passage [start, end) of revision `rev` of
 * `source`, its context, the stance and the time it was added; its value is
 * the one the quote asserts (ct_value_parse), absent when it states none.
 * Strings are borrowed (copied). Release c with ct_record_release(c,
 * &ct_citation_type). Returns 0, or CT_ERROR (c is then released).
 */
int ct_citation_init(ct_citation *c, const char *source, long long rev, const char *quote,
                     size_t start, size_t end, const char *prefix, const char *suffix, int stance,
                     const char *added);

/*
 * A new anchors record of revision `rev` of source `source`, with no entries.
 * out: [out] NULL on entry, a new record (ct_anchors_free). source is borrowed.
 * Returns 0, or CT_ERROR (out of memory).
 */
int ct_anchors_new(ct_anchors **out, const char *source, long long rev);

/* Append entry `e` to the anchors' citations; moves as ct_claim_add_citation. */
int ct_anchors_add_entry(ct_anchors *anchors, ct_anchors_entry *e);

/*
 * Fill the zeroed note n. text may be NULL (no "text"). Strings are borrowed.
 * Returns 0, or CT_ERROR (n is then released).
 */
int ct_note_init(ct_note *n, const char *date, const char *author, int status, const char *text);

#endif
