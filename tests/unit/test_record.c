/* tests/unit/test_record.c: the typed records: parse, validate, canonical form, defaults, the field view. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "json.h"
#include "ledger.h"
#include "ledger_fixture.h"
#include "model.h"
#include "reanchor.h"
#include "record.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------- */

/* The canonical form of a JSON literal of the test (free()): the bytes the ledger would hold. */
static char *canonical(const char *literal)
{
	ct_buf b = CT_BUF_INIT;
	json_error_t err;
	json_t *j = json_loads(literal, 0, &err);

	if (!j)
		fail_msg("bad JSON in the test, line %d: %s", err.line, err.text);
	assert_int_equal(ct_json_canonical(&b, j), 0);
	json_decref(j);
	return ct_buf_detach(&b, NULL);
}

/* Parse `text` as a record of type t and write it again: the bytes must be the same. */
static void assert_round_trip(const ct_record_type *t, const char *text, const char *name)
{
	void *rec = calloc(1, t->size);
	ct_buf out = CT_BUF_INIT;

	assert_non_null(rec);
	if (ct_record_parse(rec, t, text, strlen(text), name) < 0)
		fail_msg("%s: %s", name, ct_error_last());
	assert_int_equal(ct_record_serialise(&out, t, rec), 0);
	if (strcmp(out.ptr, text))
		fail_msg("%s does not round-trip:\n--- stored\n%s--- written\n%s", name, text, out.ptr);
	ct_record_release(rec, t);
	ct_buf_release(&out);
	free(rec);
}

/* Parse `literal` (made canonical) as type t and expect failure with message `msg`. */
static void assert_refused(const ct_record_type *t, const char *text, const char *msg)
{
	void *rec = calloc(1, t->size);

	assert_non_null(rec);
	assert_int_equal(ct_record_parse(rec, t, text, strlen(text), "claims/x.json"), CT_EINVALID);
	assert_string_equal(ct_error_last(), msg);
	free(rec);
}

static const char claim_full[] =
	"{\"id\": \"0123456789\", \"statement\": \"At least 20,000 victims\", \"subject\": \"storm\","
	" \"property\": \"victims\", \"status\": \"disputed\", \"created\": \"2025-01-02T03:04:05Z\","
	" \"updated\": \"2025-01-03T03:04:05Z\", \"future\": {\"kept\": [1, 2]},"
	" \"value\": {\"kind\": \"quantity\", \"text\": \"at least 20,000\", \"qualifier\": \"at least\","
	"   \"unit\": \"\", \"number\": 20000, \"min\": 20000, \"max\": null, \"min_open\": false,"
	"   \"max_open\": false},"
	" \"notes\": [{\"date\": \"2025-01-03T03:04:05Z\", \"author\": \"A <a@example.org>\","
	"   \"status\": \"disputed\", \"text\": \"two sources disagree\"},"
	"   {\"date\": \"2025-01-04T03:04:05Z\", \"author\": \"A <a@example.org>\", \"status\": \"disputed\"}],"
	" \"citations\": [{\"source\": \"gazette\", \"rev\": 2, \"quote\": \"on 12 August\", \"start\": 10,"
	"   \"end\": 22, \"prefix\": \"It opened \", \"suffix\": \".\", \"stance\": \"mentions\","
	"   \"added\": \"2025-01-02T03:04:05Z\","
	"   \"value\": {\"kind\": \"date\", \"text\": \"12 August\", \"date\": \"--08-12\"}},"
	"   {\"source\": \"council\", \"rev\": 1, \"quote\": \"about 2.5 million\", \"start\": 0, \"end\": 17,"
	"   \"prefix\": \"\", \"suffix\": \" people\", \"stance\": \"supports\", \"added\": \"2025-01-02T03:04:05Z\","
	"   \"value\": {\"kind\": \"quantity\", \"text\": \"about 2.5 million\", \"qualifier\": \"about\","
	"   \"unit\": \"people\", \"number\": 2500000, \"min\": 2250000, \"max\": 2750000.5,"
	"   \"min_open\": false, \"max_open\": false}}]}";

static const char source_full[] =
	"{\"id\": \"courier\", \"url\": \"https://courier.example/ferry\", \"title\": \"Ferry\","
	" \"publisher\": \"The Courier\", \"authors\": [\"Ada Lind\", \"B\"], \"published\": \"2025-03-03\","
	" \"kind\": \"secondary\", \"cites\": [\"notice\"], \"created\": \"2025-01-02T03:04:05Z\","
	" \"revisions\": [{\"n\": 1, \"retrieved\": \"2025-01-02T03:04:05Z\", \"sha256\": \"ab\", \"bytes\": 5},"
	"   {\"n\": 2, \"retrieved\": \"2025-01-03T03:04:05Z\", \"sha256\": \"cd\", \"bytes\": 7}]}";

static const char anchors_full[] =
	"{\"source\": \"courier\", \"rev\": 3, \"citations\": ["
	" {\"claim\": \"0123456789\", \"seq\": 0, \"from_rev\": 1, \"change\": \"changed\", \"start\": 4,"
	"  \"end\": 9, \"quote\": \"words\", \"similarity\": 0.8333333333333334},"
	" {\"claim\": \"0123456789\", \"seq\": 1, \"from_rev\": 2, \"change\": \"removed\", \"similarity\": 0.0},"
	" {\"claim\": \"abcdefghjk\", \"seq\": 0, \"from_rev\": 2, \"change\": \"unchanged\", \"start\": 0,"
	"  \"end\": 3, \"quote\": \"abc\", \"similarity\": 1.0}]}";

/* ---- parse and write ------------------------------------------------------ */

static void every_field_round_trips(void **state)
{
	char *claim = canonical(claim_full), *source = canonical(source_full), *anchors = canonical(anchors_full);
	char *bare = canonical("{\"id\": \"s\", \"url\": \"u://x\", \"created\": \"t\", \"revisions\": [],"
			       " \"authors\": [], \"cites\": []}");

	(void)state;
	assert_round_trip(&ct_claim_type, claim, "claim");
	assert_round_trip(&ct_source_type, source, "source");
	assert_round_trip(&ct_anchors_type, anchors, "anchors");
	/* Present but empty collections stay present. */
	assert_round_trip(&ct_source_type, bare, "bare source");
	free(claim);
	free(source);
	free(anchors);
	free(bare);
}

static void fields_are_typed(void **state)
{
	char *text = canonical(claim_full);
	ct_claim *c = NULL;
	ct_buf b = CT_BUF_INIT;

	(void)state;
	assert_int_equal(ct_claim_parse(&c, text, strlen(text), "claim"), 0);
	assert_string_equal(c->id, "0123456789");
	assert_int_equal(c->status, CT_STATUS_DISPUTED);
	assert_int_equal(c->value.kind, CT_VALUE_QUANTITY);
	assert_true(c->value.min == 20000);
	assert_int_equal(c->notes.n, 2);
	assert_null(c->notes.v[1].text);
	assert_int_equal(c->citations.n, 2);
	assert_string_equal(c->citations.v[0].source, "gazette");
	assert_int_equal(c->citations.v[0].rev, 2);
	assert_int_equal(c->citations.v[0].stance, CT_STANCE_MENTIONS);
	assert_int_equal(c->citations.v[0].value.kind, CT_VALUE_DATE);
	assert_non_null(json_object_get(c->extra, "future"));
	assert_int_equal(ct_claim_serialise(&b, c), 0);
	assert_string_equal(b.ptr, text);
	ct_buf_release(&b);
	ct_claim_free(c);
	ct_claim_free(NULL);
	free(text);
}

static void the_change_names_are_the_reanchorers(void **state)
{
	int i;

	(void)state;
	for (i = CT_CHANGE_UNCHANGED; i <= CT_CHANGE_REMOVED; i++)
		assert_string_equal(ct_change_names[i], ct_change_name(i));
	assert_null(ct_change_names[CT_CHANGE_REMOVED + 1]);
}

/* ---- validation, with the position of the field --------------------------- */

static void a_bad_field_is_named_with_its_position(void **state)
{
	(void)state;
	assert_refused(&ct_claim_type,
		       "{\"created\": \"t\", \"id\": \"i\", \"statement\": \"s\", \"status\": \"supported\", \"updated\": \"t\",\n"
		       "  \"citations\": [\n    {\n      \"source\": \"s\", \"rev\": \"2\"\n    }\n  ]\n}\n",
		       "'claims/x.json' line 4 column 29: \"rev\" must be an integer from 0");
	assert_refused(&ct_claim_type,
		       "{\"citations\": [], \"created\": \"t\", \"id\": \"i\", \"statement\": \"s\",\n"
		       " \"status\": \"probable\", \"updated\": \"t\"}",
		       "'claims/x.json' line 2 column 12: invalid status 'probable' (expected unverified, "
		       "supported, disputed, refuted or retracted)");
	assert_refused(&ct_claim_type,
		       "{\"citations\": [], \"created\": \"t\", \"id\": \"i\",\n \"status\": \"supported\", \"updated\": \"t\"}",
		       "'claims/x.json' line 1 column 1: a claim needs \"statement\"");
	assert_refused(&ct_claim_type,
		       "{\"citations\": {}, \"created\": \"t\", \"id\": \"i\", \"statement\": \"s\",\n"
		       " \"status\": \"supported\", \"updated\": \"t\"}",
		       "'claims/x.json' line 1 column 15: \"citations\" must be an array");
	assert_refused(&ct_claim_type,
		       "{\"citations\": [{\"added\": \"t\", \"end\": 1, \"prefix\": \"\", \"quote\": \"q\", \"rev\": 1,\n"
		       " \"source\": \"s\", \"stance\": 3, \"start\": 0, \"suffix\": \"\"}], \"created\": \"t\", \"id\": \"i\",\n"
		       " \"statement\": \"s\", \"status\": \"supported\", \"updated\": \"t\"}",
		       "'claims/x.json' line 2 column 27: \"stance\" must be a string (supports, disputes or mentions)");
	assert_refused(&ct_source_type,
		       "{\"authors\": [\"a\", 7], \"created\": \"t\", \"id\": \"s\", \"revisions\": [], \"url\": \"u\"}",
		       "'claims/x.json' line 1 column 19: \"authors\" must hold strings");
	assert_refused(&ct_claim_type,
		       "{\"citations\": [], \"created\": \"t\", \"id\": \"i\", \"statement\": \"s\", \"status\": \"supported\","
		       " \"updated\": \"t\",\n \"value\": {\"kind\": \"quantity\"}}",
		       "'claims/x.json' line 2 column 11: invalid value record: 'text' is not a string");
	/* Syntax and duplicate keys: jansson's positions, through ct_json_parse. */
	assert_refused(&ct_claim_type, "{\"id\": \"a\",\n \"id\": \"b\"}",
		       "'claims/x.json' line 2 column 5: duplicate object key 'id'");
	assert_refused(&ct_anchors_type, "{\"source\": }", "'claims/x.json' line 1 column 12: unexpected token near '}'");
}

static void without_a_text_the_message_names_the_record(void **state)
{
	json_t *j = json_pack("{s:s}", "id", "x");
	ct_record_origin o = { { "import.jsonl", NULL, 0, 1 }, NULL, 0 };
	ct_claim *c = NULL;

	(void)state;
	assert_int_equal(ct_claim_from_json(&c, j, &o), CT_EINVALID);
	assert_null(c);
	assert_string_equal(ct_error_last(), "'import.jsonl': a claim needs \"statement\"");
	assert_int_equal(ct_claim_from_json(&c, j, NULL), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'record': a claim needs \"statement\"");
	json_decref(j);
}

static void a_record_inside_a_document_is_located_there(void **state)
{
	const char line[] = "{\"type\":\"anchors\",\"record\":{\"source\":\"s\",\"rev\":-2,\"citations\":[]}}";
	const ct_json_seg at[] = { { "record", 0 } };
	ct_record_origin o = { { "all.jsonl", line, sizeof(line) - 1, 7 }, at, 1 };
	json_t *j = json_loads(line, 0, NULL);
	ct_anchors *a = NULL;

	(void)state;
	assert_non_null(j);
	assert_int_equal(ct_anchors_from_json(&a, json_object_get(j, "record"), &o), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'all.jsonl' line 7 column 48: \"rev\" must be an integer from 0");
	json_decref(j);
}

/* ---- borrowed records ------------------------------------------------------ */

/* Read `literal` of type t both ways: the borrowed record has the same fields, its strings in the JSON. */
static void assert_borrowed_equal(const ct_record_type *t, const char *literal)
{
	void *owned = calloc(1, t->size), *borrowed = calloc(1, t->size), *copy = calloc(1, t->size);
	json_t *j = json_loads(literal, 0, NULL);

	assert_non_null(owned);
	assert_non_null(borrowed);
	assert_non_null(copy);
	assert_non_null(j);
	assert_int_equal(ct_record_from_json(owned, t, j, NULL), 0);
	assert_int_equal(ct_record_view(borrowed, t, j, NULL), 0);
	assert_int_equal(ct_record_diff(t, owned, borrowed), 0);
	/* A copy of a borrowed record is an ordinary one, released as such. */
	assert_int_equal(ct_record_copy(copy, t, borrowed), 0);
	assert_int_equal(ct_record_diff(t, owned, copy), 0);
	ct_record_release(copy, t);
	ct_record_release_view(borrowed, t);
	ct_record_release(owned, t);
	json_decref(j);
	free(owned);
	free(borrowed);
	free(copy);
}

static void a_borrowed_record_reads_as_an_owned_one(void **state)
{
	(void)state;
	assert_borrowed_equal(&ct_claim_type, claim_full);
	assert_borrowed_equal(&ct_source_type, source_full);
	assert_borrowed_equal(&ct_anchors_type, anchors_full);
}

static void a_borrowed_record_points_into_its_json(void **state)
{
	json_t *j = json_loads(source_full, 0, NULL);
	ct_source s;
	ct_claim c;

	(void)state;
	assert_non_null(j);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ct_record_view(&s, &ct_source_type, j, NULL), 0);
	assert_ptr_equal(s.url, json_string_value(json_object_get(j, "url")));
	assert_ptr_equal(s.authors.v[1], json_string_value(json_array_get(json_object_get(j, "authors"), 1)));
	assert_ptr_equal(s.revisions.v[1].sha256,
			 json_string_value(json_object_get(json_array_get(json_object_get(j, "revisions"), 1), "sha256")));
	ct_record_release_view(&s, &ct_source_type);
	assert_null(s.url);
	assert_int_equal(s.revisions.n, 0);
	/* The JSON is intact: nothing of it was freed with the record. */
	assert_string_equal(json_string_value(json_object_get(j, "url")), "https://courier.example/ferry");
	json_decref(j);

	/* A refused record is refused as ct_record_from_json refuses it, and left zeroed. */
	j = json_loads("{\"id\": \"i\", \"statement\": \"s\", \"status\": \"maybe\", \"created\": \"t\","
		       " \"updated\": \"t\", \"citations\": []}", 0, NULL);
	assert_non_null(j);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ct_record_view(&c, &ct_claim_type, j, NULL), CT_EINVALID);
	assert_string_equal(ct_error_last(),
			    "'record': invalid status 'maybe' (expected unverified, supported, disputed, refuted or retracted)");
	assert_null(c.id);
	json_decref(j);
}

/* ---- building: the defaults of the tables --------------------------------- */

static void a_new_claim_has_the_defaults(void **state)
{
	ct_claim *c = NULL;
	ct_citation cit;
	ct_note n;
	ct_buf b = CT_BUF_INIT;
	char *want = canonical(
		"{\"id\": \"0123456789\", \"statement\": \"More than 4,500 households\", \"status\": \"unverified\","
		" \"created\": \"T\", \"updated\": \"T\", \"notes\": [{\"date\": \"D\", \"author\": \"A\", \"status\": \"refuted\"}],"
		" \"citations\": [{\"source\": \"s\", \"rev\": 2, \"quote\": \"More than 4,500 households\", \"start\": 3,"
		" \"end\": 29, \"prefix\": \"p\", \"suffix\": \"q\", \"stance\": \"disputes\", \"added\": \"T\","
		" \"value\": {\"kind\": \"quantity\", \"text\": \"More than 4,500\", \"qualifier\": \"more than\","
		" \"unit\": \"households\", \"number\": 4500, \"min\": 4500, \"max\": null, \"min_open\": true,"
		" \"max_open\": false}}]}");

	(void)state;
	memset(&cit, 0, sizeof(cit));
	memset(&n, 0, sizeof(n));
	assert_int_equal(ct_claim_new(&c, "0123456789", "More than 4,500 households", "T"), 0);
	assert_int_equal(c->status, CT_STATUS_UNVERIFIED);
	assert_false(c->notes.present);
	assert_true(c->citations.present);
	assert_int_equal(ct_citation_init(&cit, "s", 2, "More than 4,500 households", 3, 29, "p", "q",
					  CT_STANCE_DISPUTES, "T"), 0);
	assert_int_equal(ct_claim_add_citation(c, &cit), 0);
	assert_null(cit.source); /* moved into the claim */
	assert_int_equal(ct_note_init(&n, "D", "A", CT_STATUS_REFUTED, NULL), 0);
	assert_int_equal(ct_claim_add_note(c, &n), 0);
	assert_int_equal(ct_claim_serialise(&b, c), 0);
	assert_string_equal(b.ptr, want);
	ct_buf_release(&b);
	ct_claim_free(c);
	free(want);

	/* A citation of a quote with no value has none; a fresh one gets the table's defaults. */
	assert_int_equal(ct_citation_init(&cit, "s", 1, "the bridge", 0, 10, "", "", CT_STANCE_SUPPORTS, "T"), 0);
	assert_int_equal(cit.value.kind, CT_VALUE_NONE);
	ct_record_release(&cit, &ct_citation_type);
	assert_int_equal(ct_record_init(&cit, &ct_citation_type), 0);
	assert_int_equal(cit.stance, CT_STANCE_SUPPORTS);
	assert_int_equal(cit.rev, 1);
	assert_string_equal(cit.quote, "");
	ct_record_release(&cit, &ct_citation_type);
}

static void a_string_that_is_not_utf8_is_refused_when_written(void **state)
{
	ct_claim *c = NULL;
	ct_buf b = CT_BUF_INIT;

	(void)state;
	assert_int_equal(ct_claim_new(&c, "0123456789", "caf\xe9", "T"), 0);
	assert_int_equal(ct_claim_serialise(&b, c), CT_EINVALID);
	ct_buf_release(&b);
	ct_claim_free(c);
	/* So is an enum beyond its names. */
	assert_int_equal(ct_claim_new(&c, "0123456789", "s", "T"), 0);
	c->status = CT_STATUS_RETRACTED + 1;
	assert_int_equal(ct_claim_serialise(&b, c), CT_EINVALID);
	assert_string_equal(ct_error_last(), "invalid status 5");
	ct_buf_release(&b);
	ct_claim_free(c);
}

static void the_id_is_salted_as_before(void **state)
{
	char a[CT_ID_LEN + 1], b[CT_ID_LEN + 1];

	(void)state;
	setenv("CLAIMTRACK_ID_SEED", "unit", 1);
	assert_int_equal(ct_claim_make_id(a, "abc", "s", "T", 3), 0);
	assert_int_equal(ct_id_new(b, "abc\ns\nT\n3"), 0);
	assert_string_equal(a, b);
	assert_int_equal(ct_claim_make_id(a, NULL, "s", "T", 0), 0);
	assert_int_equal(ct_id_new(b, "\ns\nT\n0"), 0);
	assert_string_equal(a, b);
	unsetenv("CLAIMTRACK_ID_SEED");
}

/* ---- the field view ------------------------------------------------------- */

static ct_claim *parse_claim(const char *literal)
{
	char *text = canonical(literal);
	ct_claim *c = NULL;

	if (ct_claim_parse(&c, text, strlen(text), "claim") < 0)
		fail_msg("%s", ct_error_last());
	free(text);
	return c;
}

static uint64_t bit(const ct_record_type *t, const char *name)
{
	const ct_field *f = ct_record_field(t, name);

	assert_non_null(f);
	return (uint64_t)1 << (f - t->fields);
}

static void two_versions_differ_field_by_field(void **state)
{
	ct_claim *a = parse_claim(claim_full), *b = parse_claim(claim_full);
	json_t *j = NULL;

	(void)state;
	assert_int_equal(ct_record_diff(&ct_claim_type, a, b), 0);
	free(b->subject);
	b->subject = NULL;
	b->status = CT_STATUS_REFUTED;
	b->citations.v[1].stance = CT_STANCE_DISPUTES;
	b->value.min = 1;
	assert_int_equal(ct_record_diff(&ct_claim_type, a, b), bit(&ct_claim_type, "subject") |
			 bit(&ct_claim_type, "status") | bit(&ct_claim_type, "citations") | bit(&ct_claim_type, "value"));
	assert_int_equal(ct_record_diff(&ct_citation_type, &a->citations.v[1], &b->citations.v[1]),
			 bit(&ct_citation_type, "stance"));

	/* Copy the fields back one by one: absent copies as absent, and then nothing differs. */
	assert_int_equal(ct_record_field_copy(ct_record_field(&ct_claim_type, "subject"), b, a), 0);
	assert_string_equal(b->subject, "storm");
	assert_int_equal(ct_record_field_copy(ct_record_field(&ct_claim_type, "status"), b, a), 0);
	assert_int_equal(ct_record_field_copy(ct_record_field(&ct_claim_type, "citations"), b, a), 0);
	assert_int_equal(ct_record_field_copy(ct_record_field(&ct_claim_type, "value"), b, a), 0);
	assert_int_equal(ct_record_diff(&ct_claim_type, a, b), 0);
	free(a->property);
	a->property = NULL;
	assert_int_equal(ct_record_field_copy(ct_record_field(&ct_claim_type, "property"), b, a), 0);
	assert_null(b->property);

	/* One field on its own, as JSON: for `log -p`. */
	assert_int_equal(ct_record_field_to_json(&j, ct_record_field(&ct_claim_type, "status"), a), 0);
	assert_string_equal(json_string_value(j), "disputed");
	json_decref(j);
	assert_int_equal(ct_record_field_to_json(&j, ct_record_field(&ct_claim_type, "property"), a), 0);
	assert_null(j);
	assert_int_equal(ct_record_field_to_json(&j, ct_record_field(&ct_claim_type, "notes"), a), 0);
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "text")), "two sources disagree");
	json_decref(j);
	assert_null(ct_record_field(&ct_claim_type, "verdict"));
	ct_claim_free(a);
	ct_claim_free(b);
}

static void members_of_sets_are_identified(void **state)
{
	ct_claim *a = parse_claim(claim_full), *b = parse_claim(claim_full);
	ct_source *s = NULL;
	ct_anchors *x = NULL;
	char *text;

	(void)state;
	/* A citation is its passage: another stance is the same member, another offset is not. */
	b->citations.v[0].stance = CT_STANCE_SUPPORTS;
	free(b->citations.v[0].added);
	b->citations.v[0].added = strdup("2026-01-01T00:00:00Z");
	assert_true(ct_record_same_member(&ct_citation_type, &a->citations.v[0], &b->citations.v[0]));
	b->citations.v[0].end++;
	assert_false(ct_record_same_member(&ct_citation_type, &a->citations.v[0], &b->citations.v[0]));
	assert_false(ct_record_same_member(&ct_citation_type, &a->citations.v[0], &a->citations.v[1]));
	/* A note is the whole note. */
	assert_true(ct_record_same_member(&ct_note_type, &a->notes.v[0], &b->notes.v[0]));
	b->notes.v[0].status = CT_STATUS_SUPPORTED;
	assert_false(ct_record_same_member(&ct_note_type, &a->notes.v[0], &b->notes.v[0]));
	/* An anchors entry is its citation: claim and seq. */
	text = canonical(anchors_full);
	assert_int_equal(ct_anchors_parse(&x, text, strlen(text), "anchors"), 0);
	free(text);
	assert_false(ct_record_same_member(&ct_anchors_entry_type, &x->citations.v[0], &x->citations.v[1]));
	x->citations.v[1].seq = 0;
	assert_true(ct_record_same_member(&ct_anchors_entry_type, &x->citations.v[0], &x->citations.v[1]));
	assert_int_equal(x->citations.v[1].start, -1);
	assert_null(x->citations.v[1].quote);
	/* Which collections are sets, and of what. */
	assert_int_equal(ct_record_field(&ct_claim_type, "citations")->kind, CT_FIELD_SET);
	assert_ptr_equal(ct_record_field(&ct_claim_type, "citations")->of, &ct_citation_type);
	assert_int_equal(ct_record_field(&ct_claim_type, "notes")->kind, CT_FIELD_SET);
	assert_int_equal(ct_record_field(&ct_source_type, "cites")->kind, CT_FIELD_STRSET);
	assert_int_equal(ct_record_field(&ct_source_type, "authors")->kind, CT_FIELD_STRLIST);
	assert_int_equal(ct_record_field(&ct_source_type, "revisions")->kind, CT_FIELD_LIST);
	text = canonical(source_full);
	assert_int_equal(ct_source_parse(&s, text, strlen(text), "source"), 0);
	free(text);
	assert_int_equal(s->kind, CT_SOURCE_SECONDARY);
	assert_int_equal(s->revisions.v[1].n, 2);
	assert_string_equal(s->cites.v[0], "notice");
	ct_source_free(s);
	ct_anchors_free(x);
	ct_claim_free(a);
	ct_claim_free(b);
}

static void a_copy_is_deep(void **state)
{
	ct_claim *a = parse_claim(claim_full), b;

	(void)state;
	assert_int_equal(ct_record_copy(&b, &ct_claim_type, a), 0);
	assert_int_equal(ct_record_diff(&ct_claim_type, a, &b), 0);
	assert_ptr_not_equal(a->citations.v, b.citations.v);
	assert_ptr_not_equal(a->citations.v[0].quote, b.citations.v[0].quote);
	assert_ptr_not_equal(a->extra, b.extra);
	assert_true(json_equal(a->extra, b.extra));
	ct_claim_free(a);
	ct_record_release(&b, &ct_claim_type);
}

/* ---- every record a ledger holds round-trips ------------------------------ */

struct walk {
	git_repository *repo;
	int claims, sources, anchors;
};

static int check_blob(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	const ct_record_type *t = !strncmp(root, "claims/", 7)    ? &ct_claim_type
				  : !strncmp(root, "sources/", 8) ? &ct_source_type
				  : !strncmp(root, "anchors/", 8) ? &ct_anchors_type
								  : NULL;
	git_blob *blob = NULL;
	char name[512], *text;

	if (!t || git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	assert_int_equal(git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)), 0);
	text = strndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	snprintf(name, sizeof(name), "%s%s", root, git_tree_entry_name(e));
	assert_round_trip(t, text, name);
	(*(t == &ct_claim_type ? &w->claims : t == &ct_source_type ? &w->sources : &w->anchors))++;
	free(text);
	git_blob_free(blob);
	return 0;
}

/* record-view-1: a view reads as a copy does, its strings in the JSON; it is freed without them. */
static void a_view_borrows_its_strings(void **state)
{
	ct_claim view, copy;
	json_t *j = NULL;

	(void)state;
	memset(&view, 0, sizeof(view));
	memset(&copy, 0, sizeof(copy));
	assert_int_equal(ct_json_parse(&j, claim_full, strlen(claim_full), "claim", 0), 0);
	assert_int_equal(ct_record_view(&view, &ct_claim_type, j, NULL), 0);
	assert_int_equal(ct_record_from_json(&copy, &ct_claim_type, j, NULL), 0);
	assert_int_equal(ct_record_diff(&ct_claim_type, &view, &copy), 0);
	assert_ptr_equal(view.statement, json_string_value(json_object_get(j, "statement")));
	assert_ptr_not_equal(copy.statement, view.statement);
	assert_ptr_equal(view.citations.v[0].quote,
	                 json_string_value(json_object_get(json_array_get(json_object_get(j, "citations"), 0), "quote")));
	ct_record_release_view(&view, &ct_claim_type);
	ct_record_release(&copy, &ct_claim_type);
	/* The JSON is whole after the view is gone. */
	assert_string_equal(json_string_value(json_object_get(j, "id")), "0123456789");
	json_decref(j);
}

/* record-json-1: a record's JSON has its members in key order, as its canonical form. */
static void json_members_are_in_key_order(void **state)
{
	ct_claim *claim = NULL;
	json_t *j = NULL;
	char *as_is, *sorted;

	(void)state;
	assert_int_equal(ct_claim_parse(&claim, claim_full, strlen(claim_full), "claim"), 0);
	assert_int_equal(ct_claim_to_json(&j, claim), 0);
	assert_non_null(as_is = json_dumps(j, JSON_COMPACT));
	assert_non_null(sorted = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS));
	assert_string_equal(as_is, sorted);
	free(as_is);
	free(sorted);
	json_decref(j);
	ct_claim_free(claim);
}

static void a_ledgers_records_round_trip(void **state)
{
	const char *text = "Storm damage\n\nAt least 20,000 homes lost power on 12 August, the utility said.\n"
			   "About 300 roads were closed.\n";
	const char *text2 = "Storm damage\n\nAbout 300 roads were closed.\n"
			    "More than 25,000 homes lost power on 12 August, the utility said.\n";
	const char *authors[] = { "Ada Lind" };
	ct_source_spec s = { .id = "utility", .url = "https://utility.example/storm", .title = "Storm",
			     .kind = "primary", .authors = authors, .nauthors = 1 };
	ct_cite_spec cite = { .source = "utility", .quote = "At least 20,000 homes lost power" };
	ct_cite_spec cite2 = { .source = "utility@1", .quote = "About 300 roads", .stance = "mentions" };
	ct_claim_spec c = { .statement = "20,000 homes lost power", .subject = "storm", .property = "outages",
			    .value = "at least 20000", .cite = &cite };
	ct_ledger *l = NULL;
	struct walk w = { NULL, 0, 0, 0 };
	git_object *tree = NULL;
	ct_source *src = NULL;
	ct_claim *cl = NULL;
	char id[CT_ID_LEN + 1];
	int rev;

	assert_int_equal(ct_ledger_open(&l, *state), 0);
	assert_int_equal(ct_source_add(&src, l, &s, text, strlen(text)), 0);
	ct_source_free(src);
	assert_int_equal(ct_claim_add(&cl, l, &c), 0);
	snprintf(id, sizeof(id), "%s", cl->id);
	ct_claim_free(cl);
	assert_int_equal(ct_claim_cite(&cl, l, id, &cite2), 0);
	ct_claim_free(cl);
	assert_int_equal(ct_claim_set_status(&cl, l, id, "supported", "the utility says so"), 0);
	ct_claim_free(cl);
	assert_int_equal(ct_claim_set_status(&cl, l, id, "disputed", NULL), 0);
	ct_claim_free(cl);
	assert_int_equal(ct_source_update(&src, &rev, l, "utility", text2, strlen(text2), NULL), 0);
	ct_source_free(src);
	ct_ledger_free(l);

	git_libgit2_init();
	assert_int_equal(git_repository_open_bare(&w.repo, *state), 0);
	assert_int_equal(git_revparse_single(&tree, w.repo, "refs/heads/main^{tree}"), 0);
	assert_int_equal(git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, check_blob, &w), 0);
	assert_int_equal(w.claims, 1);
	assert_int_equal(w.sources, 1);
	assert_int_equal(w.anchors, 1);
	git_object_free(tree);
	git_repository_free(w.repo);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_round_trips),
		cmocka_unit_test(fields_are_typed),
		cmocka_unit_test(the_change_names_are_the_reanchorers),
		cmocka_unit_test(a_bad_field_is_named_with_its_position),
		cmocka_unit_test(without_a_text_the_message_names_the_record),
		cmocka_unit_test(a_record_inside_a_document_is_located_there),
		cmocka_unit_test(a_borrowed_record_reads_as_an_owned_one),
		cmocka_unit_test(a_borrowed_record_points_into_its_json),
		cmocka_unit_test(a_new_claim_has_the_defaults),
		cmocka_unit_test(a_string_that_is_not_utf8_is_refused_when_written),
		cmocka_unit_test(the_id_is_salted_as_before),
		cmocka_unit_test(two_versions_differ_field_by_field),
		cmocka_unit_test(members_of_sets_are_identified),
		cmocka_unit_test(a_copy_is_deep),
		cmocka_unit_test(a_view_borrows_its_strings),
		cmocka_unit_test(json_members_are_in_key_order),
		cmocka_unit_test_setup_teardown(a_ledgers_records_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
