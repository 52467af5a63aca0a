/* core/features/compare.c: claim diffs of two revisions, comparisons of two sources, contradictions. */
#include "compare.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "model.h"
#include "reanchor.h"
#include "value.h"
#include "wdiff.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A citation of the source being diffed, as it stands in the old revision. */
struct cite {
	char *claim;         /* the row's claim id, statement and quote (owned) */
	char *statement;
	char *quote;
	char *value;         /* the value stored with the citation (compact JSON), or NULL */
	int seq, rev;        /* the citation's place in the claim, the revision it was made on */
	int added;           /* made after the old revision */
	int stored;          /* `where` is the re-anchoring stored by source update */
	size_t start, end;   /* its range in the old revision */
	ct_reanchor_out where; /* in the new revision */
};

static void cites_free(struct cite *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].claim);
		free(c[i].statement);
		free(c[i].quote);
		free(c[i].value);
	}
	free(c);
}

/* A copy of a row's string, or NULL for NULL; *bad is set when a copy fails. */
static char *row_dup(const char *s, int *bad)
{
	char *copy = s ? ct_memdup(s, strlen(s)) : NULL;

	*bad |= s && !copy;
	return copy;
}

/* The citations load_cites() gathers. */
struct cites {
	struct cite *c;
	size_t n, cap;
	int a; /* the old revision */
};

static int load_cite(const ct_index_diff_citation *row, void *payload)
{
	struct cites *all = payload;
	struct cite *ci;
	int bad = 0;

	if (CT_ARRAY_GROW(all->c, all->n, all->cap, 64) < 0)
		return CT_ERROR;
	ci = memset(&all->c[all->n++], 0, sizeof(*ci));
	ci->claim = row_dup(row->citation.claim, &bad);
	ci->statement = row_dup(row->statement, &bad);
	ci->quote = row_dup(row->citation.quote, &bad);
	ci->value = row_dup(row->value, &bad);
	ci->seq = row->citation.seq;
	ci->rev = row->citation.rev;
	ci->added = ci->rev > all->a;
	ci->start = row->citation.start;
	ci->end = row->citation.end;
	if (bad)
		return ct_error_oom();
	if (row->change) {
		ci->stored = 1;
		ci->where.change = ct_change_parse(row->change);
		ci->where.start = row->start;
		ci->where.end = row->end;
		ci->where.similarity = row->similarity;
	}
	return 0;
}

/*
 * The citations of `source` made on revisions up to max(a, b), from the
 * index's rows: no claim record is parsed. When a < b, a citation made on
 * revision a also brings the re-anchoring in b that `source update` stored
 * for it (anchors/): the same ct_reanchor() of the same two texts, so the
 * diff takes it rather than redoing it.
 */
static int load_cites(struct cite **out, size_t *n, ct_ledger *l, const char *source, int a, int b)
{
	struct cites all = { NULL, 0, 0, a };
	int error;

	*out = NULL;
	*n = 0;
	if ((error = ct_index_diff_citations(l, source, a, b, load_cite, &all)) < 0) {
		cites_free(all.c, all.n);
		return error;
	}
	*out = all.c;
	*n = all.n;
	return 0;
}

/* The value a passage states, as JSON into *out, or NULL when none. Returns 0 or CT_ERROR. */
static int passage_value(json_t **out, const char *text, size_t len)
{
	ct_value v;
	char *s = ct_memdup(text, len);
	int error;

	*out = NULL;
	if (!s)
		return ct_error_oom();
	ct_value_init(&v);
	if ((error = ct_value_parse(&v, s)) == 0 && v.kind != CT_VALUE_NONE && !(*out = ct_value_to_json(&v)))
		error = ct_error_oom();
	ct_value_release(&v);
	free(s);
	return error;
}

/*
 * A passage of a revision, with the value it states when `with_value`, into
 * *out. When the passage has the bytes of `same` (NULL: none), whose value
 * `same_value` is known (JSON, or NULL for none), that value is reused:
 * reading values is the costliest part of a claim diff. Returns 0 or CT_ERROR.
 */
static int passage(json_t **out, int rev, size_t start, size_t end, const char *text, int with_value,
		   const char *same, const json_t *same_value)
{
	json_t *p = json_object(), *v = NULL;
	int error = 0;

	*out = NULL;
	/* Set one by one: json_pack() reads its format string on every call, 100 calls a diff. */
	if (!p || json_object_set_new(p, "rev", json_integer(rev)) < 0 ||
	    json_object_set_new(p, "start", json_integer((json_int_t)start)) < 0 ||
	    json_object_set_new(p, "end", json_integer((json_int_t)end)) < 0 ||
	    json_object_set_new(p, "quote", json_stringn(text + start, end - start)) < 0) {
		json_decref(p);
		return ct_error_oom();
	}
	if (with_value) {
		if (same && strlen(same) == end - start && !memcmp(same, text + start, end - start))
			v = json_incref((json_t *)same_value);
		else
			error = passage_value(&v, text + start, end - start);
		if (!error && v && json_object_set_new(p, "value", v) < 0)
			error = ct_error_oom();
	}
	if (error) {
		json_decref(p);
		return error;
	}
	*out = p;
	return 0;
}

/* "[-old-]{+new+}" words of two short passages. */
static int inline_diff(ct_buf *out, const char *a, size_t alen, const char *b, size_t blen)
{
	ct_wdiff *d = NULL;
	size_t i;
	int error;

	if ((error = ct_wdiff_compute(&d, a, alen, b, blen)) < 0)
		return error;
	for (i = 0; i < d->nsegs && !error; i++) {
		const ct_wdiff_seg *s = &d->segs[i];
		if (s->op == '=')
			error = ct_buf_put(out, a + s->old_start, s->old_end - s->old_start);
		else if (s->op == '-')
			error = ct_buf_printf(out, "[-%.*s-]", (int)(s->old_end - s->old_start), a + s->old_start);
		else
			error = ct_buf_printf(out, "{+%.*s+}", (int)(s->new_end - s->new_start), b + s->new_start);
	}
	ct_wdiff_free(d);
	return error;
}

static int change_rank(int change)
{
	switch (change) {
	case CT_CHANGE_REMOVED:
		return 4;
	case CT_CHANGE_CHANGED:
		return 3;
	case CT_CHANGE_MOVED:
		return 2;
	case CT_CHANGE_UNCHANGED:
		return 1;
	default:
		return 0;
	}
}

static int cmp_cite(const void *x, const void *y)
{
	const struct cite *a = x, *b = y;

	if (a->added != b->added)
		return a->added - b->added;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->claim, b->claim) ? strcmp(a->claim, b->claim) : a->seq - b->seq;
}

/*
 * Locate the citations made on revision r (the added ones, or the others) in
 * `old`, the text of a later revision; mark those no longer there (rev -1).
 */
static int bring_forward(struct cite *c, size_t n, ct_ledger *l, const char *source, int r, int added,
			 const char *old, size_t oldlen)
{
	ct_buf text = CT_BUF_INIT;
	ct_reanchor_in *in = calloc(n ? n : 1, sizeof(*in));
	ct_reanchor_out *res = calloc(n ? n : 1, sizeof(*res));
	size_t i, k = 0, *idx = calloc(n ? n : 1, sizeof(*idx));
	int error = 0;

	if (!in || !res || !idx) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (c[i].rev != r || c[i].added != added)
			continue;
		in[k].start = c[i].start;
		in[k].end = c[i].end;
		in[k].exact = c[i].quote;
		idx[k++] = i;
	}
	if (!k || (error = ct_ledger_text(&text, l, source, r)) < 0 ||
	    (error = ct_reanchor(res, text.ptr, text.len, old, oldlen, in, k)) < 0)
		goto done;
	for (i = 0; i < k; i++) {
		struct cite *ci = &c[idx[i]];
		if (res[i].change == CT_CHANGE_REMOVED) {
			ci->rev = -1; /* not in the old revision: left out */
			continue;
		}
		ci->start = res[i].start;
		ci->end = res[i].end;
		ci->stored = 0; /* its range moved: what source update stored no longer applies */
	}
done:
	free(in);
	free(res);
	free(idx);
	ct_buf_release(&text);
	return error;
}

/* A stored re-anchoring that fits the new text (anything else is computed again). */
static int stored_fits(const struct cite *c, size_t newlen)
{
	if (!c->stored || c->where.change < 0 || c->where.change == CT_CHANGE_ADDED)
		return 0; /* a name that re-anchoring never stores */
	if (c->where.change == CT_CHANGE_REMOVED)
		return 1;
	return c->where.start < c->where.end && c->where.end <= newlen;
}

int ct_compare_revisions(json_t **out, ct_ledger *l, const char *source, int a, const char *old, size_t oldlen,
			 int b, const char *new, size_t newlen, unsigned flags)
{
	json_t *list = NULL;
	struct cite *c = NULL;
	ct_reanchor_in *in = NULL;
	ct_reanchor_out *res = NULL;
	size_t n = 0, i, j, k = 0, *idx = NULL;
	int error, r;

	*out = NULL;
	if ((error = load_cites(&c, &n, l, source, a, b)) < 0)
		return error;
	if (!(list = json_array())) {
		error = ct_error_oom();
		goto done;
	}
	/* Citations made before revision a: where do they stand in a? */
	for (r = 1; r < a; r++)
		if ((error = bring_forward(c, n, l, source, r, 0, old, oldlen)) < 0)
			goto done;
	in = calloc(n + 1, sizeof(*in));
	res = calloc(n + 1, sizeof(*res));
	idx = calloc(n + 1, sizeof(*idx));
	if (!in || !res || !idx) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (c[i].rev < 0 || c[i].added || c[i].end > oldlen || c[i].start >= c[i].end)
			continue;
		if (stored_fits(&c[i], newlen))
			continue;
		c[i].stored = 0;
		in[k].start = c[i].start;
		in[k].end = c[i].end;
		idx[k++] = i;
	}
	if (k && (error = ct_reanchor(res, old, oldlen, new, newlen, in, k)) < 0)
		goto done;
	for (i = 0; i < k; i++)
		c[idx[i]].where = res[i];
	/* Citations made after a: added; those made before b are first located in b. */
	for (r = a + 1; r < b; r++)
		if ((error = bring_forward(c, n, l, source, r, 1, new, newlen)) < 0)
			goto done;
	for (i = 0; i < n; i++)
		if (c[i].added && c[i].rev >= 0) {
			c[i].where.change = CT_CHANGE_ADDED;
			c[i].where.start = c[i].start;
			c[i].where.end = c[i].end;
			c[i].where.similarity = 1;
		}
	qsort(c, n, sizeof(*c), cmp_cite);

	/* One entry per claim, in the order of its first passage. */
	for (i = 0; i < n; i++) {
		const struct cite *best = NULL;
		json_t *entry, *cits, *was = NULL;
		int all_added = 1, seen = 0, change, brief;

		if (c[i].rev < 0)
			continue;
		for (j = 0; j < i; j++)
			if (c[j].rev >= 0 && !strcmp(c[j].claim, c[i].claim))
				seen = 1;
		if (seen)
			continue;
		cits = NULL;
		if (!(flags & CT_COMPARE_BRIEF) && !(cits = json_array())) {
			error = ct_error_oom();
			goto done;
		}
		for (j = i; j < n; j++) {
			if (c[j].rev < 0 || strcmp(c[j].claim, c[i].claim))
				continue;
			if (!c[j].added)
				all_added = 0;
			if (!best || (!c[j].added && (best->added || change_rank(c[j].where.change) > change_rank(best->where.change))))
				best = &c[j];
			if (cits && json_array_append_new(cits, json_pack("{s:i, s:s}", "seq", c[j].seq, "change",
									  ct_change_name(c[j].where.change))) < 0) {
				json_decref(cits);
				error = ct_error_oom();
				goto done;
			}
		}
		change = all_added ? CT_CHANGE_ADDED : best->where.change;
		if (!(entry = json_object()) || (cits && json_object_set_new(entry, "citations", cits) < 0) ||
		    json_object_set_new(entry, "id", json_string(c[i].claim)) < 0 ||
		    json_object_set_new(entry, "statement", json_string(c[i].statement)) < 0 ||
		    json_object_set_new(entry, "change", json_string(ct_change_name(change))) < 0 ||
		    json_object_set_new(entry, "similarity", json_real(best->where.similarity)) < 0) {
			if (!entry)
				json_decref(cits);
			json_decref(entry);
			error = ct_error_oom();
			goto done;
		}
		brief = (flags & CT_COMPARE_BRIEF) && change != CT_CHANGE_CHANGED;
		if (!best->added && !(brief && change == CT_CHANGE_UNCHANGED)) {
			/* The citation stored the value of its quote when it was made. */
			json_t *stored = NULL;
			if (!brief && best->value &&
			    (error = ct_json_parse(&stored, best->value, strlen(best->value), "index citation value", 0)) < 0) {
				json_decref(entry);
				goto done;
			}
			error = passage(&was, a, best->start, best->end, old, !brief, best->quote, stored);
			json_decref(stored);
			if (error < 0 || json_object_set_new(entry, "old", was) < 0) {
				json_decref(entry);
				error = error < 0 ? error : ct_error_oom();
				goto done;
			}
		}
		if (best->where.change != CT_CHANGE_REMOVED && !(brief && change != CT_CHANGE_ADDED)) {
			json_t *now = NULL;
			if ((error = passage(&now, b, best->where.start, best->where.end, new, !brief,
					     was ? json_string_value(json_object_get(was, "quote")) : NULL,
					     was ? json_object_get(was, "value") : NULL)) < 0 ||
			    json_object_set_new(entry, "new", now) < 0) {
				json_decref(entry);
				error = error < 0 ? error : ct_error_oom();
				goto done;
			}
		}
		if (best->where.change == CT_CHANGE_CHANGED) {
			ct_buf d = CT_BUF_INIT;
			if ((error = inline_diff(&d, old + best->start, best->end - best->start, new + best->where.start,
						 best->where.end - best->where.start)) < 0 ||
			    json_object_set_new(entry, "diff", json_stringn(d.ptr, d.len)) < 0) {
				ct_buf_release(&d);
				json_decref(entry);
				error = error < 0 ? error : ct_error_oom();
				goto done;
			}
			ct_buf_release(&d);
		}
		if (json_array_append_new(list, entry) < 0) {
			error = ct_error_oom();
			goto done;
		}
	}
	*out = list;
	list = NULL;
done:
	free(in);
	free(res);
	free(idx);
	cites_free(c, n);
	json_decref(list);
	return error;
}

int ct_compare_citations(const ct_citation *ca, const ct_source *sa, const ct_citation *cb, const ct_source *sb,
			 const char **why)
{
	const char *da = sa ? sa->published : NULL, *db = sb ? sb->published : NULL;
	int fit;

	*why = "";
	if (ca->stance == CT_STANCE_MENTIONS || cb->stance == CT_STANCE_MENTIONS)
		return CT_RELATION_NONE;
	if (ca->stance != cb->stance) {
		*why = "stance";
		return CT_RELATION_CONFLICT;
	}
	fit = ct_value_compatible(&ca->value, &cb->value);
	if (fit == 1) {
		*why = "values";
		return CT_RELATION_AGREE;
	}
	if (fit == 0) {
		*why = "values";
		/* Values from sources published at different times: the later revises the earlier. */
		return da && db && strcmp(da, db) ? CT_RELATION_UPDATE : CT_RELATION_CONFLICT;
	}
	*why = "stance";
	return CT_RELATION_AGREE;
}

/* A citation as a report shows it: source, revision, quote, stance, value, publication date; NULL: out of memory. */
static json_t *cited(const ct_citation *c, const ct_source *src)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "source", c->source, "rev", (json_int_t)c->rev, "quote",
			      c->quote, "stance", ct_stance_names[c->stance]);
	json_t *v;

	if (o && c->value.kind != CT_VALUE_NONE &&
	    (!(v = ct_value_to_json(&c->value)) || json_object_set_new(o, "value", v) < 0))
		goto fail;
	if (o && src && src->published && json_object_set_new(o, "published", json_string(src->published)) < 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* The latest citation of `rec` by `source` (highest revision, then last made), or NULL. */
static const ct_citation *latest_citation(const ct_claim *rec, const char *source)
{
	const ct_citation *best = NULL;
	size_t i;

	for (i = 0; i < rec->citations.n; i++) {
		const ct_citation *c = &rec->citations.v[i];
		if (!strcmp(c->source, source) && (!best || c->rev >= best->rev))
			best = c;
	}
	return best;
}

static int append_pair(json_t *list, const ct_claim *rec, const ct_claim *other, const ct_citation *ca,
		       const ct_source *sa, const ct_citation *cb, const ct_source *sb, const char *why)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", rec->id, "statement", rec->statement, "reason", why,
			      "a", cited(ca, sa), "b", cited(cb, sb));

	if (e && other && json_object_set_new(e, "other", json_string(other->id)) < 0) {
		json_decref(e);
		e = NULL;
	}
	return !e || json_array_append_new(list, e) < 0 ? ct_error_oom() : 0;
}

/*
 * Claims are compared with one another when they share a subject and a
 * property. Sorted by them, then by list position, the claims of a group sit
 * together in list order: a loop over a group visits the pairs in the order
 * of a loop over all pairs, without its n * n string comparisons.
 */
struct keyed {
	const char *subject, *property;
	size_t index; /* in the claim list */
	size_t first; /* where its group starts in the sorted array */
};

struct groups {
	struct keyed *k; /* the claims with a subject and a property, sorted */
	size_t n;
	size_t *at; /* for each claim of the list, its place in k, or NONE */
};

#define NONE ((size_t)-1)

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->subject, y->subject);

	if (!c)
		c = strcmp(x->property, y->property);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Free the groups and empty them, so that releasing twice is harmless. */
static void groups_release(struct groups *g)
{
	free(g->k);
	free(g->at);
	memset(g, 0, sizeof(*g));
}

static int groups_make(struct groups *g, const ct_claims *claims)
{
	size_t n = claims->n, i, k;

	memset(g, 0, sizeof(*g));
	if (n && (!(g->k = malloc(n * sizeof(*g->k))) || !(g->at = malloc(n * sizeof(*g->at))))) {
		groups_release(g);
		return ct_error_oom();
	}
	for (i = 0; i < n; i++) {
		const ct_claim *x = &claims->v[i];
		g->at[i] = NONE;
		if (x->subject && x->property)
			g->k[g->n++] = (struct keyed){ x->subject, x->property, i, 0 };
	}
	if (g->n)
		qsort(g->k, g->n, sizeof(*g->k), keyed_cmp);
	for (k = 0; k < g->n; k++) {
		g->k[k].first = k && !strcmp(g->k[k].subject, g->k[k - 1].subject) &&
		                        !strcmp(g->k[k].property, g->k[k - 1].property)
		                    ? g->k[k - 1].first
		                    : k;
		g->at[g->k[k].index] = k;
	}
	return 0;
}

int ct_compare_sources(json_t **out, ct_ledger *l, const char *a, const char *b)
{
	ct_claims claims = { NULL, 0, NULL };
	ct_source *sa = NULL, *sb = NULL;
	json_t *doc = NULL, *agree, *conflict, *update, *only_a, *only_b;
	const ct_citation **la = NULL, **lb = NULL; /* each claim's latest citation of a, of b */
	struct groups g = { NULL, 0, NULL };
	size_t i, k, n;
	int error;

	*out = NULL;
	if ((error = ct_source_get(&sa, l, a)) < 0 || (error = ct_source_get(&sb, l, b)) < 0 ||
	    (error = ct_claim_list(&claims, l, NULL, NULL)) < 0 || (error = groups_make(&g, &claims)) < 0)
		goto done;
	n = claims.n;
	if (n && (!(la = malloc(n * sizeof(*la))) || !(lb = malloc(n * sizeof(*lb))))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		la[i] = latest_citation(&claims.v[i], a);
		lb[i] = latest_citation(&claims.v[i], b);
	}
	doc = json_pack("{s:s, s:s, s:[], s:[], s:[], s:[], s:[]}", "a", a, "b", b, "agreeing", "contradicting",
			"updates", "only_a", "only_b");
	if (!doc) {
		error = ct_error_oom();
		goto done;
	}
	agree = json_object_get(doc, "agreeing");
	conflict = json_object_get(doc, "contradicting");
	update = json_object_get(doc, "updates");
	only_a = json_object_get(doc, "only_a");
	only_b = json_object_get(doc, "only_b");
	for (i = 0; i < n; i++) {
		const ct_claim *rec = &claims.v[i];
		const ct_citation *ca = la[i], *cb = lb[i];
		const char *why;
		if (ca && cb) {
			int rel = ct_compare_citations(ca, sa, cb, sb, &why);
			json_t *to = rel == CT_RELATION_CONFLICT ? conflict : rel == CT_RELATION_UPDATE ? update : agree;
			if ((error = append_pair(to, rec, NULL, ca, sa, cb, sb, why)) < 0)
				goto done;
		} else if (ca || cb) {
			json_t *e = json_pack("{s:s, s:s, s:o}", "id", rec->id, "statement", rec->statement, "citation",
					      cited(ca ? ca : cb, ca ? sa : sb));
			if (!e || json_array_append_new(ca ? only_a : only_b, e) < 0) {
				error = ct_error_oom();
				goto done;
			}
		}
	}
	/* Two claims on the same subject and property, one cited by each source. */
	for (i = 0; i < n; i++) {
		const ct_citation *ca = la[i];
		size_t at = g.at[i];
		if (!ca || lb[i] || at == NONE)
			continue;
		for (k = g.k[at].first; k < g.n && g.k[k].first == g.k[at].first; k++) {
			size_t j = g.k[k].index;
			const ct_citation *cb = lb[j];
			const char *why;
			int rel;
			if (j == i || !cb || la[j])
				continue;
			rel = ct_compare_citations(ca, sa, cb, sb, &why);
			if (rel == CT_RELATION_CONFLICT || rel == CT_RELATION_UPDATE)
				if ((error = append_pair(rel == CT_RELATION_CONFLICT ? conflict : update, &claims.v[i],
							 &claims.v[j], ca, sa, cb, sb, why)) < 0)
					goto done;
		}
	}
	*out = doc;
	doc = NULL;
done:
	free(la);
	free(lb);
	groups_release(&g);
	json_decref(doc);
	ct_claims_release(&claims);
	ct_source_free(sa);
	ct_source_free(sb);
	return error;
}

/* Compare every citation of `x` with every citation of `y` (x == y: each pair once) from another source. */
static int compare_claims(json_t *contradictions, json_t *updates, ct_source_cache *cache, const ct_claim *x,
			  const ct_claim *y)
{
	const ct_source *sx, *sy;
	size_t i, j;
	int error;

	for (i = 0; i < x->citations.n; i++) {
		const ct_citation *cx = &x->citations.v[i];
		if (latest_citation(x, cx->source) != cx)
			continue;
		for (j = 0; j < y->citations.n; j++) {
			const ct_citation *cy = &y->citations.v[j];
			const char *why;
			int rel;
			if ((x == y && j <= i) || !strcmp(cx->source, cy->source) || latest_citation(y, cy->source) != cy)
				continue;
			if ((error = ct_source_cache_get(&sx, cache, cx->source)) < 0 ||
			    (error = ct_source_cache_get(&sy, cache, cy->source)) < 0)
				return error;
			rel = ct_compare_citations(cx, sx, cy, sy, &why);
			if (rel != CT_RELATION_CONFLICT && rel != CT_RELATION_UPDATE)
				continue;
			if ((error = append_pair(rel == CT_RELATION_CONFLICT ? contradictions : updates, x,
						 x == y ? NULL : y, cx, sx, cy, sy, why)) < 0)
				return error;
		}
	}
	return 0;
}

int ct_contradictions(json_t **out, ct_ledger *l)
{
	ct_claims claims = { NULL, 0, NULL };
	ct_source_cache *cache = NULL;
	json_t *doc = json_pack("{s:[], s:[]}", "contradictions", "updates"), *contra, *updates;
	struct groups g = { NULL, 0, NULL };
	size_t i, k;
	int error;

	*out = NULL;
	if (!doc) {
		error = ct_error_oom();
		goto done;
	}
	contra = json_object_get(doc, "contradictions");
	updates = json_object_get(doc, "updates");
	if ((error = ct_source_cache_new(&cache, l)) < 0 || (error = ct_claim_list(&claims, l, NULL, NULL)) < 0 ||
	    (error = groups_make(&g, &claims)) < 0)
		goto done;
	for (i = 0; i < claims.n; i++) {
		const ct_claim *x = &claims.v[i];
		size_t at = g.at[i];
		if ((error = compare_claims(contra, updates, cache, x, x)) < 0)
			goto done;
		/* The claims of its group after it. */
		for (k = at + 1; at != NONE && k < g.n && g.k[k].first == g.k[at].first; k++)
			if ((error = compare_claims(contra, updates, cache, x, &claims.v[g.k[k].index])) < 0)
				goto done;
	}
	*out = doc;
	doc = NULL;
done:
	groups_release(&g);
	json_decref(doc);
	ct_claims_release(&claims);
	ct_source_cache_free(cache);
	return error;
}
