/* core/domain/model.c: adding and changing sources, claims and citations. */
#define _GNU_SOURCE
#include "model.h"
#include "error.h"
#include "anchoring.h"
#include "index.h"
#include "json.h"
#include "record.h"
#include "text.h"
#include "utf8.h"
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

/* A list of records of type t being filled from the index's rows: v[0..*n), room for cap. */
struct filling {
	const ct_record_type *t;
	void **v;
	size_t *n;
	size_t cap;
	json_t **json; /* the array of the rows' JSON, which the records are views of */
};

/* Read one row's record onto the end of the list `payload`, as a view of its JSON. */
static int append_record(const char *text, size_t len, void *payload)
{
	struct filling *f = payload;
	json_t *j = NULL;
	char *at;
	int error;

	if (ct_array_reserve(f->v, &f->cap, *f->n + 1, f->t->size, 64) < 0)
		return CT_ERROR;
	if ((error = ct_json_parse(&j, text, len, "index record", 0)) < 0)
		return error;
	/* The array holds j from here on, also when appending fails. */
	if (json_array_append_new(*f->json, j) < 0)
		return ct_error_oom();
	at = (char *)*f->v + *f->n * f->t->size;
	memset(at, 0, f->t->size);
	if ((error = ct_record_view(at, f->t, j, NULL)) == 0)
		(*f->n)++;
	return error;
}

/* Release the n views of type t at v, v, and the JSON they borrow from. */
static void views_free(void *v, size_t n, const ct_record_type *t, json_t *json)
{
	size_t i;

	for (i = 0; i < n; i++)
		ct_record_release_view((char *)v + i * t->size, t);
	free(v);
	json_decref(json);
}

void ct_claims_release(ct_claims *list)
{
	if (list) {
		views_free(list->v, list->n, &ct_claim_type, list->json);
		memset(list, 0, sizeof(*list));
	}
}

void ct_sources_release(ct_sources *list)
{
	if (list) {
		views_free(list->v, list->n, &ct_source_type, list->json);
		memset(list, 0, sizeof(*list));
	}
}

json_t *ct_claims_json(const ct_claims *list)
{
	return json_incref(list->json);
}

json_t *ct_sources_json(const ct_sources *list)
{
	return json_incref(list->json);
}

/* The JSON of the one record a lookup by id returns: 0, or CT_ENOTFOUND (no message: the caller names it). */
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

int ct_source_get(ct_source **out, ct_ledger *l, const char *id)
{
	json_t *j = NULL;
	int error = record_by_id(&j, ct_index_source_record, l, id);

	*out = NULL;
	if (error == 0)
		error = ct_source_from_json(out, j, NULL);
	json_decref(j);
	return error == CT_ENOTFOUND ? ct_error_set(CT_ENOTFOUND, "no source '%s'", id) : error;
}

int ct_source_list(ct_sources *out, ct_ledger *l)
{
	struct filling f = { &ct_source_type, (void **)&out->v, &out->n, 0, &out->json };
	int error;

	memset(out, 0, sizeof(*out));
	if (!(out->json = json_array()))
		return ct_error_oom();
	if ((error = ct_index_sources(l, append_record, &f)) < 0)
		ct_sources_release(out);
	return error;
}

/* Sources sorted by id, found by bisection. */
struct ct_source_cache {
	ct_ledger *ledger;
	ct_source **v;
	size_t n, cap;
};

int ct_source_cache_new(ct_source_cache **out, ct_ledger *l)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return ct_error_oom();
	(*out)->ledger = l;
	return 0;
}

int ct_source_cache_get(const ct_source **out, ct_source_cache *c, const char *id)
{
	ct_source *src = NULL;
	size_t lo = 0, hi = c->n;
	int error;

	*out = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->v[mid]->id, id);
		if (!cmp) {
			*out = c->v[mid];
			return 0;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if ((error = ct_source_get(&src, c->ledger, id)) == CT_ENOTFOUND) {
		ct_error_clear();
		return 0;
	}
	if (error < 0)
		return error;
	if (CT_ARRAY_GROW(c->v, c->n, c->cap, 16) < 0) {
		ct_source_free(src);
		return CT_ERROR;
	}
	memmove(c->v + lo + 1, c->v + lo, (c->n - lo) * sizeof(*c->v));
	c->v[lo] = src;
	c->n++;
	*out = src;
	return 0;
}

void ct_source_cache_free(ct_source_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		ct_source_free(c->v[i]);
	free(c->v);
	free(c);
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
	int error = 0, n, nrev;

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
		nrev = 0;
		if ((error = ct_index_source_revisions(&nrev, l, out->ptr)) == CT_ENOTFOUND)
			break;
		if (error < 0)
			goto done;
	}
	error = 0;
done:
	ct_buf_release(&base);
	return error;
}

static int check_source_spec(ct_ledger *l, const ct_source_spec *spec)
{
	size_t i, j;
	int error, nrev = 0;

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
		if ((error = ct_index_source_revisions(&nrev, l, spec->id)) == 0)
			return ct_error_set(CT_EEXISTS, "source '%s' already exists", spec->id);
		if (error != CT_ENOTFOUND)
			return error;
	}
	for (i = 0; i < spec->ncites; i++) {
		if (spec->id && !strcmp(spec->cites[i], spec->id))
			return ct_error_set(CT_EINVALID, "source '%s' cannot cite itself", spec->id);
		if ((error = source_revisions(&nrev, l, spec->cites[i])) < 0)
			return error;
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
 * Stage the record `rec` of type t at `path`: a string that is not UTF-8 is
 * refused (CT_EINVALID), with `invalid` as the message.
 */
static int stage_record(ct_ledger *l, const char *path, const ct_record_type *t, const void *rec,
			const char *invalid)
{
	json_t *j = NULL;
	int error = ct_record_to_json(&j, t, rec);

	if (error == CT_EINVALID)
		error = ct_error_set(CT_EINVALID, "%s", invalid);
	else if (error == 0)
		error = ct_ledger_stage_json(l, path, j);
	json_decref(j);
	return error;
}

int ct_source_add(ct_source **out, ct_ledger *l, const ct_source_spec *spec, const char *text, size_t len)
{
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
	if ((error = ct_path_source(&path, id.ptr)) < 0 ||
	    (error = stage_record(l, path.ptr, &ct_source_type, src, "a field of the source is not valid UTF-8")) < 0)
		goto done;
	ct_buf_reset(&path);
	if ((error = ct_path_text(&path, id.ptr, 1)) < 0 || (error = ct_ledger_stage(l, path.ptr, text, len)) < 0)
		goto done;
	if ((error = ct_buf_printf(&msg, "Add source %s\n\n%s\n", id.ptr, spec->url)) < 0)
		goto done;
	if ((error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = src;
	src = NULL;
done:
	ct_ledger_abort(l);
	ct_source_free(src);
	ct_buf_release(&id);
	ct_buf_release(&path);
	ct_buf_release(&msg);
	return error;
}

int ct_source_update(ct_source **out, int *rev, ct_ledger *l, const char *id, const char *text, size_t len,
		     const char *origin)
{
	ct_anchors *anchors = NULL;
	ct_source *src = NULL;
	ct_buf path = CT_BUF_INIT, msg = CT_BUF_INIT;
	char when[32], sha[65];
	int error, n;

	*out = NULL;
	*rev = 0;
	if ((error = check_text(text, len, origin ? origin : "text")) < 0)
		return error;
	if ((error = ct_ledger_begin(l)) < 0)
		return error;
	if ((error = ct_source_get(&src, l, id)) < 0 || (error = now_string(when)) < 0)
		goto done;
	n = (int)src->revisions.n;
	ct_sha256_hex(sha, text, len);
	if (n && !strcmp(src->revisions.v[n - 1].sha256, sha))
		goto unchanged;
	if ((error = ct_source_add_revision(src, when, text, len)) < 0 || (error = ct_path_source(&path, id)) < 0 ||
	    (error = stage_record(l, path.ptr, &ct_source_type, src, "a field of the source is not valid UTF-8")) < 0)
		goto done;
	ct_buf_reset(&path);
	if ((error = ct_path_text(&path, id, n + 1)) < 0 || (error = ct_ledger_stage(l, path.ptr, text, len)) < 0)
		goto done;
	if ((error = ct_anchor_revision(&anchors, l, id, n + 1, text, len)) < 0)
		goto done;
	if (anchors) {
		ct_buf_reset(&path);
		if ((error = ct_path_anchors(&path, id, n + 1)) < 0 ||
		    (error = stage_record(l, path.ptr, &ct_anchors_type, anchors,
					  "a passage of the new revision is not valid UTF-8")) < 0)
			goto done;
	}
	if ((error = ct_buf_printf(&msg, "Update source %s to revision %d\n", id, n + 1)) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*rev = n + 1;
unchanged:
	*out = src;
	src = NULL;
done:
	ct_ledger_abort(l);
	ct_source_free(src);
	ct_anchors_free(anchors);
	ct_buf_release(&path);
	ct_buf_release(&msg);
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

int ct_claim_get(ct_claim **out, ct_ledger *l, const char *ref)
{
	json_t *j = NULL;
	char id[CT_ID_LEN + 1];
	int error;

	*out = NULL;
	if ((error = ct_claim_resolve(id, l, ref)) < 0)
		return error;
	if ((error = record_by_id(&j, ct_index_claim_record, l, id)) == 0)
		error = ct_claim_from_json(out, j, NULL);
	json_decref(j);
	return error == CT_ENOTFOUND ? ct_error_set(CT_ENOTFOUND, "no claim '%s'", ref) : error;
}

int ct_claim_get_at(ct_claim **out, ct_ledger *l, const char *id, const char *commit)
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
		error = ct_claim_parse(out, data.ptr, data.len, path.ptr);
done:
	ct_buf_release(&path);
	ct_buf_release(&data);
	return error;
}

int ct_claim_list(ct_claims *out, ct_ledger *l, const char *status, const char *source)
{
	struct filling f = { &ct_claim_type, (void **)&out->v, &out->n, 0, &out->json };
	int error, nrev = 0;

	memset(out, 0, sizeof(*out));
	if (status && !ct_status_ok(status))
		return ct_error_set(CT_EINVALID, "invalid status '%s' (expected unverified, supported, disputed, refuted or retracted)", status);
	if (source && (error = source_revisions(&nrev, l, source)) < 0)
		return error;
	if (!(out->json = json_array()))
		return ct_error_oom();
	if ((error = ct_index_claims(l, status, source, append_record, &f)) < 0)
		ct_claims_release(out);
	return error;
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

/* Stage claim `c`. Returns 0, CT_EINVALID (a field is not UTF-8), CT_ERROR. */
static int stage_claim(ct_ledger *l, const ct_claim *c)
{
	ct_buf path = CT_BUF_INIT;
	int error;

	if ((error = ct_path_claim(&path, c->id)) == 0)
		error = stage_record(l, path.ptr, &ct_claim_type, c, "the claim's fields must be valid UTF-8");
	ct_buf_release(&path);
	return error;
}

int ct_claim_summary(ct_buf *out, const char *s)
{
	size_t n = strcspn(s, "\n");

	if (n > 60) {
		n = 57;
		while (n > 0 && ct_utf8_is_cont((unsigned char)s[n]))
			n--;
		return ct_buf_printf(out, "%.*s...", (int)n, s);
	}
	return ct_buf_printf(out, "%.*s", (int)n, s);
}

int ct_claim_add(ct_claim **out, ct_ledger *l, const ct_claim_spec *spec)
{
	ct_claim *claim = NULL;
	ct_citation cite;
	ct_value v;
	ct_buf msg = CT_BUF_INIT;
	char when[32], id[CT_ID_LEN + 1];
	int error, attempt = 0, taken;

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
		taken = 0;
		if ((error = ct_claim_make_id(id, ct_ledger_head(l), spec->statement, when, attempt++)) < 0 ||
		    (error = ct_index_claim_exists(&taken, l, id)) < 0)
			goto done;
	} while (taken);
	if ((error = ct_claim_new(&claim, id, spec->statement, when)) < 0 ||
	    (error = ct_field_set_string(&claim->subject, spec->subject)) < 0 ||
	    (error = ct_field_set_string(&claim->property, spec->property)) < 0)
		goto done;
	claim->value = v;
	ct_value_init(&v);
	if (spec->cite && (error = ct_claim_add_citation(claim, &cite)) < 0)
		goto done;
	if ((error = stage_claim(l, claim)) < 0)
		goto done;
	if ((error = ct_buf_printf(&msg, "Add claim %s: ", id)) < 0 ||
	    (error = ct_claim_summary(&msg, spec->statement)) < 0)
		goto done;
	if (spec->cite && (error = ct_buf_printf(&msg, "\n\nCited by %s@%lld.", claim->citations.v[0].source,
						 claim->citations.v[0].rev)) < 0)
		goto done;
	if ((error = ct_buf_putc(&msg, '\n')) < 0 || (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = claim;
	claim = NULL;
done:
	ct_ledger_abort(l);
	ct_claim_free(claim);
	ct_record_release(&cite, &ct_citation_type);
	ct_value_release(&v);
	ct_buf_release(&msg);
	return error;
}

int ct_claim_cite(ct_claim **out, ct_ledger *l, const char *ref, const ct_cite_spec *spec)
{
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
	if ((error = ct_claim_get(&claim, l, ref)) < 0 || (error = now_string(when)) < 0 ||
	    (error = make_citation(&cite, l, spec, when)) < 0)
		goto done;
	if ((error = ct_claim_add_citation(claim, &cite)) < 0 ||
	    (error = ct_field_set_string(&claim->updated, when)) < 0 || (error = stage_claim(l, claim)) < 0)
		goto done;
	c = &claim->citations.v[claim->citations.n - 1];
	if ((error = ct_buf_printf(&msg, "Cite %s@%lld for claim %s\n\n%s \"%s\"\n", c->source, c->rev, claim->id,
				   ct_stance_names[c->stance], c->quote)) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
	*out = claim;
	claim = NULL;
done:
	ct_ledger_abort(l);
	ct_claim_free(claim);
	ct_record_release(&cite, &ct_citation_type);
	ct_buf_release(&msg);
	return error;
}

int ct_claim_set_status(ct_claim **out, ct_ledger *l, const char *ref, const char *status, const char *note)
{
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
	if ((error = ct_claim_get(&claim, l, ref)) < 0 || (error = now_string(when)) < 0 ||
	    (error = ct_ledger_author(&name, &email, l)) < 0)
		goto done;
	snprintf(author, sizeof(author), "%s <%s>", name, email);
	if (claim->status == st && !note)
		goto unchanged;
	claim->status = st;
	if ((error = ct_note_init(&n, when, author, st, note)) < 0 || (error = ct_claim_add_note(claim, &n)) < 0 ||
	    (error = ct_field_set_string(&claim->updated, when)) < 0)
		goto done;
	if ((error = stage_claim(l, claim)) < 0 ||
	    (error = ct_buf_printf(&msg, "Set claim %s to %s\n%s%s%s", claim->id, status,
				   note ? "\n" : "", note ? note : "", note ? "\n" : "")) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, NULL)) < 0)
		goto done;
unchanged:
	*out = claim;
	claim = NULL;
done:
	ct_ledger_abort(l);
	free(name);
	free(email);
	ct_record_release(&n, &ct_note_type);
	ct_claim_free(claim);
	ct_buf_release(&msg);
	return error;
}

void ct_search_hits_release(ct_search_hits *hits)
{
	size_t i;

	if (!hits)
		return;
	for (i = 0; i < hits->n; i++) {
		free(hits->v[i].id);
		free(hits->v[i].statement);
		free(hits->v[i].snippet);
	}
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

/* The hits found so far, and the room for them. */
struct hits {
	ct_search_hits *out;
	size_t cap;
};

/* Append a copy of a search hit to the list `payload`. */
static int append_hit(const ct_index_hit *row, void *payload)
{
	struct hits *h = payload;
	ct_search_hit *hit;
	int status = ct_field_name_index(ct_status_names, row->status);

	if (status < 0)
		return ct_error_set(CT_EINVALID, "index: claim '%s' has an unknown status '%s'", row->id, row->status);
	if (CT_ARRAY_GROW(h->out->v, h->out->n, h->cap, 16) < 0)
		return CT_ERROR;
	hit = &h->out->v[h->out->n];
	hit->status = status;
	hit->rank = row->rank;
	hit->id = ct_memdup(row->id, strlen(row->id));
	hit->statement = ct_memdup(row->statement, strlen(row->statement));
	hit->snippet = ct_memdup(row->snippet, strlen(row->snippet));
	h->out->n++;
	return hit->id && hit->statement && hit->snippet ? 0 : ct_error_oom();
}

int ct_search(ct_search_hits *out, ct_ledger *l, const char *query, int limit)
{
	struct hits h = { out, 0 };
	ct_buf q = CT_BUF_INIT;
	const char *p;
	int error = 0, words = 0;

	memset(out, 0, sizeof(*out));
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
	error = ct_index_search(l, q.ptr, limit > 0 ? limit : 20, append_hit, &h);
done:
	if (error < 0)
		ct_search_hits_release(out);
	ct_buf_release(&q);
	return error;
}
