/* core/record/record.c: the record types' field tables, and the functions of each record. */
#include "record.h"
#include "error.h"
#include "reanchor.h"

#include <stdlib.h>
#include <string.h>

const char *const ct_status_names[] = {"unverified", "supported", "disputed",
                                       "refuted",    "retracted", NULL};
const char *const ct_stance_names[] = {"supports", "disputes", "mentions", NULL};
const char *const ct_source_kind_names[] = {"primary", "secondary", NULL};
const char *const ct_change_names[] = {"unchanged", "moved", "changed", "removed", NULL};

/* Every collection struct has ct_list's layout, which field.c reads it through. */
#define SAME_LAYOUT(T)                                                                             \
	_Static_assert(sizeof(T) == sizeof(ct_list) && offsetof(T, v) == offsetof(ct_list, v) &&   \
	                   offsetof(T, n) == offsetof(ct_list, n) &&                               \
	                   offsetof(T, present) == offsetof(ct_list, present),                     \
	               #T " has the layout of ct_list")
SAME_LAYOUT(ct_revisions);
SAME_LAYOUT(ct_citations);
SAME_LAYOUT(ct_notes);
SAME_LAYOUT(ct_anchors_entries);

/*
 * The tables. Rows: name, kind, flags, offset, default, enum names, member
 * type. The defaults here are the only ones: a new record gets them
 * (ct_record_init), and record.h shows them.
 */
#define F(T, name, kind, flags, def, names, of)                                                    \
	{                                                                                          \
#name, CT_FIELD_##kind, flags, offsetof(T, name), def, names, of                   \
	}
#define TYPE(T, label, fields)                                                                     \
	{                                                                                          \
		label, sizeof(T), offsetof(T, extra), fields, sizeof(fields) / sizeof(fields[0])   \
	}
#define OPT CT_FIELD_OPTIONAL
#define KEY CT_FIELD_KEY

static const ct_field revision_fields[] = {
    F(ct_revision, n, INT, 0, "1", NULL, NULL),
    F(ct_revision, retrieved, STRING, 0, NULL, NULL, NULL),
    F(ct_revision, sha256, STRING, 0, NULL, NULL, NULL),
    F(ct_revision, bytes, INT, 0, NULL, NULL, NULL),
};
const ct_record_type ct_revision_type = TYPE(ct_revision, "revision", revision_fields);

static const ct_field source_fields[] = {
    F(ct_source, id, STRING, 0, NULL, NULL, NULL),
    F(ct_source, url, STRING, 0, NULL, NULL, NULL),
    F(ct_source, title, STRING, OPT, NULL, NULL, NULL),
    F(ct_source, publisher, STRING, OPT, NULL, NULL, NULL),
    F(ct_source, authors, STRLIST, OPT, NULL, NULL, NULL),
    F(ct_source, published, STRING, OPT, NULL, NULL, NULL),
    F(ct_source, kind, ENUM, OPT, NULL, ct_source_kind_names, NULL),
    F(ct_source, cites, STRSET, OPT, NULL, NULL, NULL),
    F(ct_source, created, STRING, 0, NULL, NULL, NULL),
    F(ct_source, revisions, LIST, 0, NULL, NULL, &ct_revision_type),
};
const ct_record_type ct_source_type = TYPE(ct_source, "source", source_fields);

static const ct_field citation_fields[] = {
    F(ct_citation, source, STRING, KEY, NULL, NULL, NULL),
    F(ct_citation, rev, INT, KEY, "1", NULL, NULL),
    F(ct_citation, quote, STRING, 0, NULL, NULL, NULL),
    F(ct_citation, start, INT, KEY, NULL, NULL, NULL),
    F(ct_citation, end, INT, KEY, NULL, NULL, NULL),
    F(ct_citation, prefix, STRING, 0, NULL, NULL, NULL),
    F(ct_citation, suffix, STRING, 0, NULL, NULL, NULL),
    F(ct_citation, stance, ENUM, 0, "supports", ct_stance_names, NULL),
    F(ct_citation, value, VALUE, OPT, NULL, NULL, NULL),
    F(ct_citation, added, STRING, 0, NULL, NULL, NULL),
};
const ct_record_type ct_citation_type = TYPE(ct_citation, "citation", citation_fields);

static const ct_field note_fields[] = {
    F(ct_note, date, STRING, 0, NULL, NULL, NULL),
    F(ct_note, author, STRING, 0, NULL, NULL, NULL),
    F(ct_note, status, ENUM, 0, "unverified", ct_status_names, NULL),
    F(ct_note, text, STRING, OPT, NULL, NULL, NULL),
};
const ct_record_type ct_note_type = TYPE(ct_note, "note", note_fields);

static const ct_field claim_fields[] = {
    F(ct_claim, id, STRING, 0, NULL, NULL, NULL),
    F(ct_claim, statement, STRING, 0, NULL, NULL, NULL),
    F(ct_claim, subject, STRING, OPT, NULL, NULL, NULL),
    F(ct_claim, property, STRING, OPT, NULL, NULL, NULL),
    F(ct_claim, value, VALUE, OPT, NULL, NULL, NULL),
    F(ct_claim, status, ENUM, 0, "unverified", ct_status_names, NULL),
    F(ct_claim, notes, SET, OPT, NULL, NULL, &ct_note_type),
    F(ct_claim, created, STRING, 0, NULL, NULL, NULL),
    F(ct_claim, updated, STRING, 0, NULL, NULL, NULL),
    F(ct_claim, citations, SET, 0, NULL, NULL, &ct_citation_type),
};
const ct_record_type ct_claim_type = TYPE(ct_claim, "claim", claim_fields);

static const ct_field anchors_entry_fields[] = {
    F(ct_anchors_entry, claim, STRING, KEY, NULL, NULL, NULL),
    F(ct_anchors_entry, seq, INT, KEY, NULL, NULL, NULL),
    F(ct_anchors_entry, from_rev, INT, 0, NULL, NULL, NULL),
    F(ct_anchors_entry, change, ENUM, 0, NULL, ct_change_names, NULL),
    F(ct_anchors_entry, start, INT, OPT, NULL, NULL, NULL),
    F(ct_anchors_entry, end, INT, OPT, NULL, NULL, NULL),
    F(ct_anchors_entry, quote, STRING, OPT, NULL, NULL, NULL),
    F(ct_anchors_entry, similarity, REAL, 0, NULL, NULL, NULL),
};
const ct_record_type ct_anchors_entry_type =
    TYPE(ct_anchors_entry, "anchors entry", anchors_entry_fields);

static const ct_field anchors_fields[] = {
    F(ct_anchors, source, STRING, 0, NULL, NULL, NULL),
    F(ct_anchors, rev, INT, 0, NULL, NULL, NULL),
    F(ct_anchors, citations, SET, 0, NULL, NULL, &ct_anchors_entry_type),
};
const ct_record_type ct_anchors_type = TYPE(ct_anchors, "anchors", anchors_fields);

/* ---- the functions of a top-level record --------------------------------- */

/* A new zeroed record of type t into *out: 0 or CT_ERROR. */
static int record_alloc(void **out, const ct_record_type *t)
{
	return (*out = calloc(1, t->size)) ? 0 : ct_error_oom();
}

static int record_parse(void **out, const ct_record_type *t, const char *text, size_t len,
                        const char *name)
{
	void *rec = NULL;
	int error;

	*out = NULL;
	if ((error = record_alloc(&rec, t)) < 0)
		return error;
	if ((error = ct_record_parse(rec, t, text, len, name)) < 0) {
		free(rec);
		return error;
	}
	*out = rec;
	return 0;
}

static int record_from_json(void **out, const ct_record_type *t, const json_t *j,
                            const ct_record_origin *origin)
{
	void *rec = NULL;
	int error;

	*out = NULL;
	if ((error = record_alloc(&rec, t)) < 0)
		return error;
	if ((error = ct_record_from_json(rec, t, j, origin)) < 0) {
		free(rec);
		return error;
	}
	*out = rec;
	return 0;
}

static void record_free(void *rec, const ct_record_type *t)
{
	ct_record_release(rec, t);
	free(rec);
}

/* The five functions of record.h for ct_NAME, over the generic ones. */
#define RECORD_FUNCTIONS(name)                                                                     \
	int ct_##name##_parse(ct_##name **out, const char *text, size_t len, const char *label)    \
	{                                                                                          \
		return record_parse((void **)out, &ct_##name##_type, text, len, label);            \
	}                                                                                          \
	int ct_##name##_from_json(ct_##name **out, const json_t *j,                                \
	                          const ct_record_origin *origin)                                  \
	{                                                                                          \
		return record_from_json((void **)out, &ct_##name##_type, j, origin);               \
	}                                                                                          \
	int ct_##name##_to_json(json_t **out, const ct_##name *rec)                                \
	{                                                                                          \
		return ct_record_to_json(out, &ct_##name##_type, rec);                             \
	}                                                                                          \
	int ct_##name##_serialise(ct_buf *out, const ct_##name *rec)                               \
	{                                                                                          \
		return ct_record_serialise(out, &ct_##name##_type, rec);                           \
	}                                                                                          \
	void ct_##name##_free(ct_##name *rec)                                                      \
	{                                                                                          \
		record_free(rec, &ct_##name##_type);                                               \
	}

RECORD_FUNCTIONS(claim)
RECORD_FUNCTIONS(source)
RECORD_FUNCTIONS(anchors)

/* ---- building records ----------------------------------------------------- */

/* Append the record at `item` (of type t) to the collection at `list`, moving it. */
static int list_append(void *list, const ct_record_type *t, void *item)
{
	ct_list l;
	void *grown;

	memcpy(&l, list, sizeof(l));
	if (!(grown = realloc(l.v, (l.n + 1) * t->size)))
		return ct_error_oom();
	l.v = grown;
	memcpy((char *)l.v + l.n++ * t->size, item, t->size);
	l.present = 1;
	memcpy(list, &l, sizeof(l));
	memset(item, 0, t->size);
	return 0;
}

int ct_claim_new(ct_claim **out, const char *id, const char *statement, const char *when)
{
	ct_claim *c = NULL;
	int error;

	*out = NULL;
	if ((error = record_alloc((void **)&c, &ct_claim_type)) < 0 ||
	    (error = ct_record_init(c, &ct_claim_type)) < 0 ||
	    (error = ct_field_set_string(&c->id, id)) < 0 ||
	    (error = ct_field_set_string(&c->statement, statement)) < 0 ||
	    (error = ct_field_set_string(&c->created, when)) < 0 ||
	    (error = ct_field_set_string(&c->updated, when)) < 0) {
		ct_claim_free(c);
		return error;
	}
	*out = c;
	return 0;
}

int ct_source_new(ct_source **out, const char *id, const char *url, const char *when)
{
	ct_source *s = NULL;
	int error;

	*out = NULL;
	if ((error = record_alloc((void **)&s, &ct_source_type)) < 0 ||
	    (error = ct_record_init(s, &ct_source_type)) < 0 ||
	    (error = ct_field_set_string(&s->id, id)) < 0 ||
	    (error = ct_field_set_string(&s->url, url)) < 0 ||
	    (error = ct_field_set_string(&s->created, when)) < 0) {
		ct_source_free(s);
		return error;
	}
	*out = s;
	return 0;
}

int ct_source_add_revision(ct_source *source, const char *when, const char *text, size_t len)
{
	ct_revision r;
	char sha[65];
	int error;

	memset(&r, 0, sizeof(r));
	ct_sha256_hex(sha, text, len);
	if ((error = ct_record_init(&r, &ct_revision_type)) < 0)
		return error;
	r.n = (long long)source->revisions.n + 1;
	r.bytes = (long long)len;
	if ((error = ct_field_set_string(&r.retrieved, when)) < 0 ||
	    (error = ct_field_set_string(&r.sha256, sha)) < 0 ||
	    (error = list_append(&source->revisions, &ct_revision_type, &r)) < 0)
		ct_record_release(&r, &ct_revision_type);
	return error;
}

int ct_anchors_new(ct_anchors **out, const char *source, long long rev)
{
	ct_anchors *a = NULL;
	int error;

	*out = NULL;
	if ((error = record_alloc((void **)&a, &ct_anchors_type)) < 0 ||
	    (error = ct_record_init(a, &ct_anchors_type)) < 0 ||
	    (error = ct_field_set_string(&a->source, source)) < 0) {
		ct_anchors_free(a);
		return error;
	}
	a->rev = rev;
	*out = a;
	return 0;
}

int ct_anchors_add_entry(ct_anchors *anchors, ct_anchors_entry *e)
{
	return list_append(&anchors->citations, &ct_anchors_entry_type, e);
}

int ct_claim_make_id(char *out, const char *head, const char *statement, const char *when,
                     int attempt)
{
	ct_buf salt = CT_BUF_INIT;
	int error;

	if ((error = ct_buf_printf(&salt, "%s\n%s\n%s\n%d", head ? head : "", statement, when,
	                           attempt)) == 0)
		error = ct_id_new(out, salt.ptr);
	ct_buf_release(&salt);
	return error;
}

int ct_claim_add_citation(ct_claim *claim, ct_citation *c)
{
	return list_append(&claim->citations, &ct_citation_type, c);
}

int ct_claim_add_note(ct_claim *claim, ct_note *n)
{
	return list_append(&claim->notes, &ct_note_type, n);
}

int ct_citation_init(ct_citation *c, const char *source, long long rev, const char *quote,
                     size_t start, size_t end, const char *prefix, const char *suffix, int stance,
                     const char *added)
{
	int error;

	if ((error = ct_record_init(c, &ct_citation_type)) < 0)
		return error;
	c->rev = rev;
	c->start = (long long)start;
	c->end = (long long)end;
	c->stance = stance;
	if ((error = ct_field_set_string(&c->source, source)) < 0 ||
	    (error = ct_field_set_string(&c->quote, quote)) < 0 ||
	    (error = ct_field_set_string(&c->prefix, prefix)) < 0 ||
	    (error = ct_field_set_string(&c->suffix, suffix)) < 0 ||
	    (error = ct_field_set_string(&c->added, added)) < 0 ||
	    (error = ct_value_parse(&c->value, quote)) < 0) {
		ct_record_release(c, &ct_citation_type);
		return error;
	}
	return 0;
}

int ct_note_init(ct_note *n, const char *date, const char *author, int status, const char *text)
{
	int error;

	if ((error = ct_record_init(n, &ct_note_type)) < 0)
		return error;
	n->status = status;
	if ((error = ct_field_set_string(&n->date, date)) < 0 ||
	    (error = ct_field_set_string(&n->author, author)) < 0 ||
	    (error = ct_field_set_string(&n->text, text)) < 0) {
		ct_record_release(n, &ct_note_type);
		return error;
	}
	return 0;
}
