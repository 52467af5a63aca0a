/* core/domain/model.c: adding and changing sources, claims and citations. */
#define _GNU_SOURCE
#include "model.h"
#include "error.h"
#include "anchoring.h"
#include "index.h"
#include "json.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ct_status_ok(const char *s)
{
	return ct_field_name_index(ct_status_names, s) >= 0;
}

int ct_stance_ok(const char *s)
{
	return ct_field_name_index(ct_stance_names, s) >= 0;
}

/* Parse a record of the index and append it to the array `payload`. */
static int append_record(const char *text, size_t len, void *payload)
{
	json_t *rec;
	int error;

	if ((error = ct_json_parse(&rec, text, len, "index record", 0)) < 0)
		return error;
	return json_array_append_new(payload, rec) == 0 ? 0 : ct_error_oom();
}

/* Hand the array a question of the index filled to *out, or free it when the question failed. */
static int records_out(json_t **out, json_t *arr, int error)
{
	if (error < 0) {
		json_decref(arr);
		return error;
	}
	*out = arr;
	return 0;
}

/* The one record a lookup by id returns: 0, or CT_ENOTFOUND (no message: the caller names it). */
static int record_by_id(json_t **out, int (*lookup)(ct_buf *, ct_ledger *, const char *), ct_ledger *l,
			const char *id)
{
	ct_buf text = CT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = lookup(&text, l, id)) == 0)
		error = ct_json_parse(out, text.ptr, text.len, "index record", 0);
	ct_buf_release(&text);
	return error;
}

static int now_string(char *out)
{
	time_t now;
	int error = ct_clock_now(&now);

	if (!error)
		ct_time_format(out, now);
	return error;
}

/* ---- sources ------------------------------------------------------------ */

int ct_source_get(json_t **out, ct_ledger *l, const char *id)
{
	int error = record_by_id(out, ct_index_source_record, l, id);

	return error == CT_ENOTFOUND ? ct_error_set(CT_ENOTFOUND, "no source '%s'", id) : error;
}

int ct_source_list(json_t **out, ct_ledger *l)
{
	json_t *arr = json_array();

	*out = NULL;
	if (!arr)
		return ct_error_oom();
	return records_out(out, arr, ct_index_sources(l, append_record, arr));
}

/* How many text revisions source `id` has, from its row: its record is not parsed. */
static int source_revisions(int *nrev, ct_ledger *l, const char *id)
{
	int error = ct_index_source_revisions(nrev, l, id);

	return error == CT_ENOTFOUND ? ct_error_set(CT_ENOTFOUND, "no source '%s'", id) : error;
}

int ct_source_ref(char **id, int *rev, ct_ledger *l, const char *ref)
{
	const char *at = strrchr(ref, '@');
	char *name;
	long n = 0;
	int nrev = 0, error;

	*id = NULL;
	*rev = 0;
	name = at ? strndup(ref, (size_t)(at - ref)) : strdup(ref);
	if (!name)
		return ct_error_oom();
	if (at) {
		char *end;
		n = strtol(at + 1, &end, 10);
		if (!at[1] || *end || n < 1) {
			free(name);
			return ct_error_set(CT_EINVALID, "invalid revision in '%s' (expected SOURCE@N, N from 1)", ref);
		}
	}
	if ((error = source_revisions(&nrev, l, name)) < 0) {
		free(name);
		return error;
	}
	if (at && n > nrev) {
		error = ct_error_set(CT_ENOTFOUND, "source '%s' has no revision %ld (it has %d)", name, n, nrev);
		free(name);
		return error;
	}
	*rev = at ? (int)n : nrev;
	*id = name;
	return 0;
}

static int check_text(const char *text, size_t len, const char *name)
{
	int error;

	if ((error = ct_text_validate(text, len, name)) < 0)
		return error;
	if (ct_text_is_blank(text, len))
		return ct_error_set(CT_EINVALID, "'%s' is empty", name);
	return 0;
}

/* Make a free id from the title or the URL. */
static int make_source_id(ct_buf *out, ct_ledger *l, const ct_source_spec *spec)
{
	ct_buf base = CT_BUF_INIT;
	const char *from = spec->title;
	json_t *found = NULL;
	int error = 0, n;

	if (from && (error = ct_slug(&base, from, 40)) < 0)
		goto done;
	if (!base.len) {
		/* The URL without its scheme: host and path make a readable name. */
		const char *u = strstr(spec->url, "://");
		u = u ? u + 3 : spec->url;
		if (!strncmp(u, "www.", 4))
			u += 4;
		if ((error = ct_slug(&base, u, 40)) < 0)
			goto done;
	}
	if (!base.len && (error = ct_buf_puts(&base, "source")) < 0)
		goto done;
	for (n = 1;; n++) {
		ct_buf_reset(out);
		if ((error = n == 1 ? ct_buf_puts(out, base.ptr) : ct_buf_printf(out, "%s-%d", base.ptr, n)) < 0)
			goto done;
		if ((error = ct_source_get(&found, l, out->ptr)) == CT_ENOTFOUND)
			break;
		if (error < 0)
			goto done;
		json_decref(found);
		found = NULL;
	}
	error = 0;
	ct_error_clear();
done:
	ct_buf_release(&base);
	return error;
}

static int check_source_spec(ct_ledger *l, const ct_source_spec *spec)
{
	size_t i, j;
	json_t *src = NULL;
	int error;

	if (!spec->url || !*spec->url)
		return ct_error_set(CT_EINVALID, "a source needs --url");
	if (!strstr(spec->url, "://") || strpbrk(spec->url, " \t\n"))
		return ct_error_set(CT_EINVALID, "invalid URL '%s' (expected scheme://...)", spec->url);
	if (spec->published && !ct_date_valid(spec->published))
		return ct_error_set(CT_EINVALID, "invalid date '%s' for --published (expected YYYY-MM-DD)", spec->published);
	if (spec->kind && strcmp(spec->kind, "primary") && strcmp(spec->kind, "secondary"))
		return ct_error_set(CT_EINVALID, "invalid kind '%s' (expected primary or secondary)", spec->kind);
	if (spec->id) {
		if (!ct_source_id_ok(spec->id))
			return ct_error_set(CT_EINVALID, "invalid source id '%s' (lowercase letters, digits, '-', '_', '.')", spec->id);
		if ((error = ct_source_get(&src, l, spec->id)) == 0) {
			json_decref(src);
			return ct_error_set(CT_EEXISTS, "source '%s' already exists", spec->id);
		}
		if (error != CT_ENOTFOUND)
			return error;
	}
	for (i = 0; i < spec->ncites; i++) {
		if (spec->id && !strcmp(spec->cites[i], spec->id))
			return ct_error_set(CT_EINVALID, "source '%s' cannot cite itself", spec->id);
		if ((error = ct_source_get(&src, l, spec->cites[i])) < 0)
			return error;
		json_decref(src);
		for (j = 0; j < i; j++)
			if (!strcmp(spec->cites[i], spec->cites[j]))
				return ct_error_set(CT_EINVALID, "source '%s' is cited twice", spec->cites[i]);
	}
	for (i = 0; i < spec->nauthors; i++)
		if (!*spec->authors[i])
			return ct_error_set(CT_EINVALID, "an --author is empty");
	ct_error_clear();
	return 0;
}

/*
 * Stage record `rec` at `path`, built from a typed record by ct_*_to_json(): a
 * string that is not UTF-8 is refused there (CT_EINVALID), with `invalid` as
 * the message.
 */
static int stage_record(ct_ledger *l, const char *path, json_t *rec, int error, const char *invalid)
{
	if (error == CT_EINVALID)
		return ct_error_set(CT_EINVALID, "%s", invalid);
	if (error < 0)
		return error;
	return ct_ledger_stage_json(l, path, rec);
}

int ct_source_add(json_t **out, ct_ledger *l, const ct_source_spec *spec, const char *text, size_t len)
{
	json_t *rec = NULL;
	ct_source *src = NULL;
	ct_buf id = CT_BUF_INIT, path = CT_BUF_INIT, msg = CT_BUF_INIT;
	char when[32];
	int error;

	*out = NULL;
	if ((error = check_text(text, len, spec->origin ? spec->origin : "text")) < 0)
		return error;
	if ((error = ct_ledger_begin(l)) < 0)
		return error;
	if ((error = check_source_spec(l, spec)) < 0 || (error = now_string(when)) < 0)
		goto done;
	if (spec->id)
		error = ct_buf_puts(&id, spec->id);
	else
		error = make_source_id(&id, l, spec);
	if (error < 0)
		goto done;
	if ((error = ct_source_new(&src, id.ptr, spec->url, when)) < 0 ||
	    (error = ct_source_add_revision(src, when, text, len)) < 0 ||
	    (error = ct_field_set_string(&src->title, spec->title)) < 0 ||
	    (error = ct_field_set_string(&src->publisher, spec->publisher)) < 0 ||
	    (error = ct_field_set_string(&src->published, spec->published)) < 0 ||
	    (spec->nauthors && (error = ct_strlist_assign(&src->authors, spec->authors, spec->nauthors)) < 0) ||
	    (spec->ncites && (error = ct_strlist_assign(&src->cites, spec->cites, spec->ncites)) < 0))
		goto done;
	src->kind = spec->kind ? ct_field_name_index(ct_source_kind_names, spec->kind) : -1;
	if ((error = ct_path_source(&path, id.ptr)) < 0)
		goto done;
	error = ct_source_to_json(&rec, src);
	if ((error = stage_record(l, path.ptr, rec, error, "a field of the source is not valid UTF-8")) < 0)
		goto done;
	ct_buf_reset(&path);
	if ((error = ct_path_text(&path, id.ptr, 1)) < 0 || (error = ct_ledger_stage(l, path.ptr, text, len)) < 0)
		goto done;
	if ((error = ct_buf_printf(&msg, "Add source %s\n\n%s\n", id.ptr, spec->url)) < 0)
		goto done;
	if ((error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = rec;
	rec = NULL;
done:
	ct_ledger_abort(l);
	json_decref(rec);
	ct_source_free(src);
	ct_buf_release(&id);
	ct_buf_release(&path);
	ct_buf_release(&msg);
	return error;
}

int ct_source_update(json_t **out, int *rev, ct_ledger *l, const char *id, const char *text, size_t len,
		     const char *origin)
{
	json_t *rec = NULL, *anchors = NULL;
	ct_source *src = NULL;
	ct_buf path = CT_BUF_INIT, msg = CT_BUF_INIT, old = CT_BUF_INIT;
	char when[32], sha[65];
	int error, n;

	*out = NULL;
	*rev = 0;
	if ((error = check_text(text, len, origin ? origin : "text")) < 0)
		return error;
	if ((error = ct_ledger_begin(l)) < 0)
		return error;
	if ((error = ct_source_get(&rec, l, id)) < 0 || (error = now_string(when)) < 0 ||
	    (error = ct_source_from_json(&src, rec, NULL)) < 0)
		goto done;
	n = (int)src->revisions.n;
	ct_sha256_hex(sha, text, len);
	if (n && !strcmp(src->revisions.v[n - 1].sha256, sha)) {
		*out = rec;
		rec = NULL;
		goto done;
	}
	json_decref(rec);
	rec = NULL;
	if ((error = ct_source_add_revision(src, when, text, len)) < 0 || (error = ct_path_source(&path, id)) < 0)
		goto done;
	error = ct_source_to_json(&rec, src);
	if ((error = stage_record(l, path.ptr, rec, error, "a field of the source is not valid UTF-8")) < 0)
		goto done;
	ct_buf_reset(&path);
	if ((error = ct_path_text(&path, id, n + 1)) < 0 || (error = ct_ledger_stage(l, path.ptr, text, len)) < 0)
		goto done;
	if ((error = ct_anchor_revision(&anchors, l, id, n + 1, text, len)) < 0)
		goto done;
	if (anchors) {
		ct_buf_reset(&path);
		if ((error = ct_path_anchors(&path, id, n + 1)) < 0 ||
		    (error = ct_ledger_stage_json(l, path.ptr, anchors)) < 0)
			goto done;
	}
	if ((error = ct_buf_printf(&msg, "Update source %s to revision %d\n", id, n + 1)) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*rev = n + 1;
	*out = rec;
	rec = NULL;
done:
	ct_ledger_abort(l);
	json_decref(rec);
	ct_source_free(src);
	json_decref(anchors);
	ct_buf_release(&path);
	ct_buf_release(&msg);
	ct_buf_release(&old);
	return error;
}

/* ---- claims ------------------------------------------------------------- */

/* What the ids that start with a prefix come to: the first, how many, and up to ten of them listed. */
struct prefix_match {
	char *first; /* CT_ID_LEN + 1 bytes */
	int n;
	ct_buf list;
};

static int match_id(const char *id, void *payload)
{
	struct prefix_match *m = payload;

	if (m->n++ == 0)
		snprintf(m->first, CT_ID_LEN + 1, "%s", id);
	return m->n <= 10 ? ct_buf_printf(&m->list, "%s%s", m->n > 1 ? ", " : "", id) : 0;
}

int ct_claim_resolve(char *out, ct_ledger *l, const char *ref)
{
	struct prefix_match m = { out, 0, CT_BUF_INIT };
	int error = 0;

	out[0] = '\0';
	if (!ct_id_chars_ok(ref) || strlen(ref) > CT_ID_LEN)
		return ct_error_set(CT_ENOTFOUND, "no claim '%s'", ref);
	if (strlen(ref) < 4)
		return ct_error_set(CT_EINVALID, "claim id '%s' is too short (give at least 4 characters)", ref);
	/* Eleven: one more than are listed, to say there are more. */
	if ((error = ct_index_claim_ids(l, ref, 11, match_id, &m)) < 0)
		goto done;
	if (m.n == 0)
		error = ct_error_set(CT_ENOTFOUND, "no claim '%s'", ref);
	else if (m.n > 1)
		error = ct_error_set(CT_EAMBIGUOUS, "claim id '%s' is ambiguous: %s%s", ref, m.list.ptr, m.n > 10 ? ", ..." : "");
done:
	if (error)
		out[0] = '\0';
	ct_buf_release(&m.list);
	return error;
}

int ct_claim_get(json_t **out, ct_ledger *l, const char *ref)
{
	char id[CT_ID_LEN + 1];
	int error;

	*out = NULL;
	if ((error = ct_claim_resolve(id, l, ref)) < 0)
		return error;
	error = record_by_id(out, ct_index_claim_record, l, id);
	return error == CT_ENOTFOUND ? ct_error_set(CT_ENOTFOUND, "no claim '%s'", ref) : error;
}

int ct_claim_get_at(json_t **out, ct_ledger *l, const char *id, const char *commit)
{
	ct_buf path = CT_BUF_INIT, data = CT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = ct_path_claim(&path, id)) < 0)
		goto done;
	error = ct_ledger_read(&data, l, commit, path.ptr);
	if (error == CT_ENOTFOUND) {
		error = ct_error_set(CT_ENOTFOUND, "claim '%s' did not exist at commit %.12s", id, commit);
		goto done;
	}
	if (error == 0)
		error = ct_json_parse(out, data.ptr, data.len, path.ptr, 0);
done:
	ct_buf_release(&path);
	ct_buf_release(&data);
	return error;
}

int ct_claim_list(json_t **out, ct_ledger *l, const char *status, const char *source)
{
	json_t *src = NULL, *arr;
	int error;

	*out = NULL;
	if (status && !ct_status_ok(status))
		return ct_error_set(CT_EINVALID, "invalid status '%s' (expected unverified, supported, disputed, refuted or retracted)", status);
	if (source) {
		if ((error = ct_source_get(&src, l, source)) < 0)
			return error;
		json_decref(src);
	}
	if (!(arr = json_array()))
		return ct_error_oom();
	return records_out(out, arr, ct_index_claims(l, status, source, append_record, arr));
}

/* Fill the zeroed citation `out` for `spec`: anchor the quote in its revision (its value is read there). */
static int make_citation(ct_citation *out, ct_ledger *l, const ct_cite_spec *spec, const char *when)
{
	ct_anchor a;
	ct_buf text = CT_BUF_INIT, name = CT_BUF_INIT;
	char *id = NULL;
	int rev, error, stance = CT_STANCE_SUPPORTS;

	memset(&a, 0, sizeof(a));
	if (!spec->quote || !*spec->quote) {
		error = ct_error_set(CT_EINVALID, "a citation needs --quote");
		goto done;
	}
	if (spec->stance && (stance = ct_field_name_index(ct_stance_names, spec->stance)) < 0) {
		error = ct_error_set(CT_EINVALID, "invalid stance '%s' (expected supports, disputes or mentions)", spec->stance);
		goto done;
	}
	if ((error = ct_source_ref(&id, &rev, l, spec->source)) < 0 ||
	    (error = ct_ledger_text(&text, l, id, rev)) < 0 ||
	    (error = ct_buf_printf(&name, "%s@%d", id, rev)) < 0)
		goto done;
	if ((error = ct_anchor_find(&a, text.ptr, text.len, spec->quote, spec->prefix, spec->suffix,
				    (size_t)-1, name.ptr)) < 0)
		goto done;
	error = ct_citation_init(out, id, rev, a.exact, a.start, a.end, a.prefix, a.suffix, stance, when);
done:
	ct_anchor_release(&a);
	ct_buf_release(&text);
	ct_buf_release(&name);
	free(id);
	return error;
}

/*
 * Stage claim `c`; *out is its record as JSON (json_decref), also on failure.
 * Returns 0, CT_EINVALID (a field is not UTF-8), CT_ERROR.
 */
static int stage_claim(json_t **out, ct_ledger *l, const ct_claim *c)
{
	ct_buf path = CT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = ct_path_claim(&path, c->id)) == 0) {
		error = ct_claim_to_json(out, c);
		error = stage_record(l, path.ptr, *out, error, "the claim's fields must be valid UTF-8");
	}
	ct_buf_release(&path);
	return error;
}

/* The claim `ref` as the index holds it, typed. out: [out] ct_claim_free(). */
static int claim_record(ct_claim **out, ct_ledger *l, const char *ref)
{
	json_t *rec = NULL;
	int error;

	*out = NULL;
	if ((error = ct_claim_get(&rec, l, ref)) == 0)
		error = ct_claim_from_json(out, rec, NULL);
	json_decref(rec);
	return error;
}

int ct_claim_summary(ct_buf *out, const char *s)
{
	size_t n = strcspn(s, "\n");

	if (n > 60) {
		n = 57;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		return ct_buf_printf(out, "%.*s...", (int)n, s);
	}
	return ct_buf_printf(out, "%.*s", (int)n, s);
}

int ct_claim_add(json_t **out, ct_ledger *l, const ct_claim_spec *spec)
{
	json_t *rec = NULL, *existing = NULL;
	ct_claim *claim = NULL;
	ct_citation cite;
	ct_value v;
	ct_buf msg = CT_BUF_INIT;
	char when[32], id[CT_ID_LEN + 1];
	int error, attempt = 0;

	*out = NULL;
	memset(&cite, 0, sizeof(cite));
	ct_value_init(&v);
	if (!spec->statement || ct_text_is_blank(spec->statement, strlen(spec->statement)))
		return ct_error_set(CT_EINVALID, "the statement is empty");
	if ((error = ct_text_validate(spec->statement, strlen(spec->statement), "statement")) < 0)
		return error;
	if (spec->value && (error = ct_value_parse_strict(&v, spec->value)) < 0)
		return error;
	if ((error = ct_ledger_begin(l)) < 0)
		goto done;
	if ((error = now_string(when)) < 0)
		goto done;
	if (spec->cite && (error = make_citation(&cite, l, spec->cite, when)) < 0)
		goto done;
	/* The id: random, salted with what makes this claim unique here. */
	do {
		if ((error = ct_claim_make_id(id, ct_ledger_head(l), spec->statement, when, attempt++)) < 0)
			goto done;
		json_decref(existing);
		existing = NULL;
	} while ((error = ct_claim_get(&existing, l, id)) == 0);
	if (error != CT_ENOTFOUND)
		goto done;
	ct_error_clear();
	if ((error = ct_claim_new(&claim, id, spec->statement, when)) < 0 ||
	    (error = ct_field_set_string(&claim->subject, spec->subject)) < 0 ||
	    (error = ct_field_set_string(&claim->property, spec->property)) < 0)
		goto done;
	claim->value = v;
	ct_value_init(&v);
	if (spec->cite && (error = ct_claim_add_citation(claim, &cite)) < 0)
		goto done;
	if ((error = stage_claim(&rec, l, claim)) < 0)
		goto done;
	if ((error = ct_buf_printf(&msg, "Add claim %s: ", id)) < 0 ||
	    (error = ct_claim_summary(&msg, spec->statement)) < 0)
		goto done;
	if (spec->cite && (error = ct_buf_printf(&msg, "\n\nCited by %s@%lld.", claim->citations.v[0].source,
						 claim->citations.v[0].rev)) < 0)
		goto done;
	if ((error = ct_buf_putc(&msg, '\n')) < 0 || (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = rec;
	rec = NULL;
done:
	ct_ledger_abort(l);
	json_decref(existing);
	json_decref(rec);
	ct_claim_free(claim);
	ct_record_release(&cite, &ct_citation_type);
	ct_value_release(&v);
	ct_buf_release(&msg);
	return error;
}

int ct_claim_cite(json_t **out, ct_ledger *l, const char *ref, const ct_cite_spec *spec)
{
	json_t *rec = NULL;
	ct_claim *claim = NULL;
	ct_citation cite;
	const ct_citation *c;
	ct_buf msg = CT_BUF_INIT;
	char when[32];
	int error;

	*out = NULL;
	memset(&cite, 0, sizeof(cite));
	if ((error = ct_ledger_begin(l)) < 0)
		return error;
	if ((error = claim_record(&claim, l, ref)) < 0 || (error = now_string(when)) < 0 ||
	    (error = make_citation(&cite, l, spec, when)) < 0)
		goto done;
	if ((error = ct_claim_add_citation(claim, &cite)) < 0 ||
	    (error = ct_field_set_string(&claim->updated, when)) < 0 || (error = stage_claim(&rec, l, claim)) < 0)
		goto done;
	c = &claim->citations.v[claim->citations.n - 1];
	if ((error = ct_buf_printf(&msg, "Cite %s@%lld for claim %s\n\n%s \"%s\"\n", c->source, c->rev, claim->id,
				   ct_stance_names[c->stance], c->quote)) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = rec;
	rec = NULL;
done:
	ct_ledger_abort(l);
	json_decref(rec);
	ct_claim_free(claim);
	ct_record_release(&cite, &ct_citation_type);
	ct_buf_release(&msg);
	return error;
}

int ct_claim_set_status(json_t **out, ct_ledger *l, const char *ref, const char *status, const char *note)
{
	json_t *rec = NULL;
	ct_claim *claim = NULL;
	ct_note n;
	ct_buf msg = CT_BUF_INIT;
	char when[32], *name = NULL, *email = NULL, author[512];
	int error, st = ct_field_name_index(ct_status_names, status);

	*out = NULL;
	memset(&n, 0, sizeof(n));
	if (st < 0)
		return ct_error_set(CT_EINVALID, "invalid status '%s' (expected unverified, supported, disputed, refuted or retracted)", status);
	if (note && (error = ct_text_validate(note, strlen(note), "note")) < 0)
		return error;
	if ((error = ct_ledger_begin(l)) < 0)
		return error;
	if ((error = ct_claim_get(&rec, l, ref)) < 0 || (error = now_string(when)) < 0 ||
	    (error = ct_ledger_author(&name, &email, l)) < 0 || (error = ct_claim_from_json(&claim, rec, NULL)) < 0)
		goto done;
	snprintf(author, sizeof(author), "%s <%s>", name, email);
	if (claim->status == st && !note) {
		*out = rec;
		rec = NULL;
		goto done;
	}
	json_decref(rec);
	rec = NULL;
	claim->status = st;
	if ((error = ct_note_init(&n, when, author, st, note)) < 0 || (error = ct_claim_add_note(claim, &n)) < 0 ||
	    (error = ct_field_set_string(&claim->updated, when)) < 0)
		goto done;
	if ((error = stage_claim(&rec, l, claim)) < 0 ||
	    (error = ct_buf_printf(&msg, "Set claim %s to %s\n%s%s%s", claim->id, status,
				   note ? "\n" : "", note ? note : "", note ? "\n" : "")) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = rec;
	rec = NULL;
done:
	ct_ledger_abort(l);
	free(name);
	free(email);
	ct_record_release(&n, &ct_note_type);
	ct_claim_free(claim);
	json_decref(rec);
	ct_buf_release(&msg);
	return error;
}

/* Append a search hit to the array `payload`. */
static int append_hit(const ct_index_hit *hit, void *payload)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:f, s:s}", "id", hit->id, "statement", hit->statement, "status",
			      hit->status, "rank", hit->rank, "snippet", hit->snippet);

	return j && json_array_append_new(payload, j) == 0 ? 0 : ct_error_oom();
}

int ct_search(json_t **out, ct_ledger *l, const char *query, int limit)
{
	ct_buf q = CT_BUF_INIT;
	json_t *arr = NULL;
	const char *p;
	int error = 0, words = 0;

	*out = NULL;
	/* Each word becomes a quoted FTS5 string, so that punctuation cannot break the query. */
	for (p = query; *p;) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		if ((error = ct_buf_puts(&q, words++ ? " \"" : "\"")) < 0)
			goto done;
		for (size_t i = 0; i < n; i++)
			if ((error = p[i] == '"' ? ct_buf_puts(&q, "\"\"") : ct_buf_putc(&q, p[i])) < 0)
				goto done;
		if ((error = ct_buf_putc(&q, '"')) < 0)
			goto done;
		p += n;
	}
	if (!words) {
		error = ct_error_set(CT_EINVALID, "the search query is empty");
		goto done;
	}
	if (!(arr = json_array())) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = ct_index_search(l, q.ptr, limit > 0 ? limit : 20, append_hit, arr)) < 0)
		goto done;
	*out = arr;
	arr = NULL;
done:
	json_decref(arr);
	ct_buf_release(&q);
	return error;
}
