/* core/compare.c: claim diffs of two revisions, comparisons of two sources, contradictions. */
#include "compare.h"
#include "error.h"
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
	const char *claim;   /* borrowed from the claim record */
	const json_t *rec;   /* the claim's record (borrowed from `claims`) */
	int seq, rev;        /* the citation's place in the claim, the revision it was made on */
	int added;           /* made after the old revision */
	size_t start, end;   /* its range in the old revision */
	char *exact;         /* old[start,end) */
	ct_reanchor_out where; /* in the new revision */
};

/* All claims citing `source`, as records, with the seq and rev of each such citation. */
static int citing_claims(json_t **out, ct_ledger *l, const char *source)
{
	json_t *claims = NULL, *arr = NULL, *rec, *c;
	size_t i, j;
	int error;

	*out = NULL;
	if ((error = ct_claim_list(&claims, l, NULL, source)) < 0)
		return error;
	if (!(arr = json_array())) {
		json_decref(claims);
		return ct_error_oom();
	}
	json_array_foreach(claims, i, rec)
		json_array_foreach(json_object_get(rec, "citations"), j, c)
			if (!strcmp(ct_json_str(c, "source", ""), source) &&
			    json_array_append_new(arr, json_pack("{s:O, s:i, s:I}", "claim", rec, "seq", (int)j, "rev",
								 (json_int_t)ct_json_int(c, "rev", 1))) < 0) {
				json_decref(claims);
				json_decref(arr);
				return ct_error_oom();
			}
	json_decref(claims);
	*out = arr;
	return 0;
}

/* The value a passage states, as JSON, or NULL when none. */
static json_t *passage_value(const char *text, size_t len)
{
	ct_value v;
	json_t *j = NULL;
	char *s = ct_memdup(text, len);

	if (!s)
		return NULL;
	ct_value_init(&v);
	if (ct_value_parse(&v, s) == 0 && v.kind != CT_VALUE_NONE)
		j = ct_value_to_json(&v);
	ct_value_release(&v);
	free(s);
	return j;
}

/*
 * A passage of a revision with the value it states. `same` is a passage
 * already built whose quote has the same bytes (or NULL): its value is reused,
 * as reading values is the costliest part of a claim diff.
 */
static json_t *passage(int rev, size_t start, size_t end, const char *text, const json_t *same)
{
	json_t *p = json_pack("{s:i, s:I, s:I, s:s%}", "rev", rev, "start", (json_int_t)start, "end",
			      (json_int_t)end, "quote", text + start, end - start);
	json_t *v;

	if (!p)
		return NULL;
	if (same && json_equal(json_object_get(same, "quote"), json_object_get(p, "quote")))
		v = json_incref(json_object_get(same, "value"));
	else
		v = passage_value(text + start, end - start);
	if (v)
		json_object_set_new(p, "value", v);
	return p;
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
		const json_t *cj;
		if (c[i].rev != r || c[i].added != added)
			continue;
		cj = json_array_get(json_object_get(c[i].rec, "citations"), (size_t)c[i].seq);
		in[k].start = (size_t)ct_json_int(cj, "start", 0);
		in[k].end = (size_t)ct_json_int(cj, "end", 0);
		in[k].exact = ct_json_str(cj, "quote", NULL);
		in[k].prefix = ct_json_str(cj, "prefix", NULL);
		in[k].suffix = ct_json_str(cj, "suffix", NULL);
		idx[k++] = i;
	}
	if (!k || (error = ct_source_text(&text, l, source, r)) < 0 ||
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
	}
done:
	free(in);
	free(res);
	free(idx);
	ct_buf_release(&text);
	return error;
}

int ct_compare_revisions(json_t **out, ct_ledger *l, const char *source, int a, const char *old, size_t oldlen,
			 int b, const char *new, size_t newlen)
{
	json_t *claims = NULL, *list = NULL, *row;
	struct cite *c = NULL;
	ct_reanchor_in *in = NULL;
	ct_reanchor_out *res = NULL;
	size_t n = 0, i, j, k = 0, *idx = NULL;
	int error, r;

	*out = NULL;
	if ((error = citing_claims(&claims, l, source)) < 0)
		return error;
	c = calloc(json_array_size(claims) + 1, sizeof(*c));
	list = json_array();
	if (!c || !list) {
		error = ct_error_oom();
		goto done;
	}
	json_array_foreach(claims, i, row) {
		const json_t *rec = json_object_get(row, "claim");
		int rev = (int)ct_json_int(row, "rev", 0);
		const json_t *cj = json_array_get(json_object_get(rec, "citations"), (size_t)ct_json_int(row, "seq", 0));
		if (rev > (a > b ? a : b) || (rev > a && rev > b))
			continue;
		c[n].claim = ct_json_str(rec, "id", "");
		c[n].rec = rec;
		c[n].seq = (int)ct_json_int(row, "seq", 0);
		c[n].rev = rev;
		c[n].added = rev > a;
		c[n].start = (size_t)ct_json_int(cj, "start", 0);
		c[n].end = (size_t)ct_json_int(cj, "end", 0);
		n++;
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
		json_t *entry, *cits;
		int all_added = 1, seen = 0;

		if (c[i].rev < 0)
			continue;
		for (j = 0; j < i; j++)
			if (c[j].rev >= 0 && !strcmp(c[j].claim, c[i].claim))
				seen = 1;
		if (seen)
			continue;
		cits = json_array();
		for (j = i; j < n; j++) {
			if (c[j].rev < 0 || strcmp(c[j].claim, c[i].claim))
				continue;
			if (!c[j].added)
				all_added = 0;
			if (!best || (!c[j].added && (best->added || change_rank(c[j].where.change) > change_rank(best->where.change))))
				best = &c[j];
			json_array_append_new(cits, json_pack("{s:i, s:s}", "seq", c[j].seq, "change",
							      ct_change_name(c[j].where.change)));
		}
		entry = json_pack("{s:s, s:s, s:s, s:o, s:f}", "id", c[i].claim, "statement",
				  ct_json_str(c[i].rec, "statement", ""), "change",
				  ct_change_name(all_added ? CT_CHANGE_ADDED : best->where.change), "citations", cits,
				  "similarity", best->where.similarity);
		if (!entry) {
			error = ct_error_oom();
			goto done;
		}
		if (!best->added)
			/* The citation stored the value of its quote when it was made. */
			json_object_set_new(entry, "old", passage(a, best->start, best->end, old,
								  json_array_get(json_object_get(best->rec, "citations"),
										 (size_t)best->seq)));
		if (best->where.change != CT_CHANGE_REMOVED)
			json_object_set_new(entry, "new",
					    passage(b, best->where.start, best->where.end, new, json_object_get(entry, "old")));
		if (best->where.change == CT_CHANGE_CHANGED) {
			ct_buf d = CT_BUF_INIT;
			if ((error = inline_diff(&d, old + best->start, best->end - best->start, new + best->where.start,
						 best->where.end - best->where.start)) < 0) {
				json_decref(entry);
				goto done;
			}
			json_object_set_new(entry, "diff", json_stringn(d.ptr, d.len));
			ct_buf_release(&d);
		}
		json_array_append_new(list, entry);
	}
	*out = list;
	list = NULL;
done:
	free(in);
	free(res);
	free(idx);
	free(c);
	json_decref(claims);
	json_decref(list);
	return error;
}

/* A citation's value, read back; NONE when it has none. */
static void citation_value(ct_value *v, const json_t *c)
{
	ct_value_init(v);
	if (json_object_get(c, "value") && ct_value_from_json(v, json_object_get(c, "value")) < 0)
		ct_value_init(v);
}

int ct_compare_citations(const json_t *ca, const json_t *sa, const json_t *cb, const json_t *sb, const char **why)
{
	const char *ta = ct_json_str(ca, "stance", "supports"), *tb = ct_json_str(cb, "stance", "supports");
	const char *da = ct_json_str(sa, "published", NULL), *db = ct_json_str(sb, "published", NULL);
	ct_value va, vb;
	int fit, rel = CT_RELATION_NONE;

	*why = "";
	if (!strcmp(ta, "mentions") || !strcmp(tb, "mentions"))
		return CT_RELATION_NONE;
	if (strcmp(ta, tb)) {
		*why = "stance";
		return CT_RELATION_CONFLICT;
	}
	citation_value(&va, ca);
	citation_value(&vb, cb);
	fit = ct_value_compatible(&va, &vb);
	if (fit == 1) {
		rel = CT_RELATION_AGREE;
		*why = "values";
	} else if (fit == 0) {
		*why = "values";
		/* Values from sources published at different times: the later revises the earlier. */
		rel = da && db && strcmp(da, db) ? CT_RELATION_UPDATE : CT_RELATION_CONFLICT;
	} else {
		rel = CT_RELATION_AGREE;
		*why = "stance";
	}
	ct_value_release(&va);
	ct_value_release(&vb);
	return rel;
}

/* A citation as a report shows it: source, revision, quote, stance, value, publication date. */
static json_t *cited(const json_t *c, const json_t *src)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s}", "source", ct_json_str(c, "source", ""), "rev",
			      (json_int_t)ct_json_int(c, "rev", 0), "quote", ct_json_str(c, "quote", ""), "stance",
			      ct_json_str(c, "stance", "supports"));

	if (o && json_object_get(c, "value"))
		json_object_set(o, "value", json_object_get(c, "value"));
	if (o && ct_json_str(src, "published", NULL))
		json_object_set_new(o, "published", json_string(ct_json_str(src, "published", "")));
	return o;
}

/* The latest citation of `rec` by `source` (highest revision, then last made), or NULL. */
static const json_t *latest_citation(const json_t *rec, const char *source)
{
	const json_t *best = NULL, *c;
	size_t i;

	json_array_foreach(json_object_get(rec, "citations"), i, c)
		if (!strcmp(ct_json_str(c, "source", ""), source) &&
		    (!best || ct_json_int(c, "rev", 0) >= ct_json_int(best, "rev", 0)))
			best = c;
	return best;
}

/* Sources by id, for publication dates: a cache over the ledger. */
static const json_t *source_of(json_t *cache, ct_ledger *l, const char *id)
{
	json_t *s = json_object_get(cache, id);

	if (!s && ct_source_get(&s, l, id) == 0)
		json_object_set_new(cache, id, s);
	return s;
}

static int append_pair(json_t *list, const json_t *rec, const json_t *other, const json_t *ca, const json_t *sa,
		       const json_t *cb, const json_t *sb, const char *why)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", ct_json_str(rec, "id", ""), "statement",
			      ct_json_str(rec, "statement", ""), "reason", why, "a", cited(ca, sa), "b", cited(cb, sb));

	if (e && other)
		json_object_set_new(e, "other", json_string(ct_json_str(other, "id", "")));
	return !e || json_array_append_new(list, e) < 0 ? ct_error_oom() : 0;
}

/* Every claim record of the ledger, by creation. */
static int all_claims(json_t **out, ct_ledger *l)
{
	return ct_claim_list(out, l, NULL, NULL);
}

int ct_compare_sources(json_t **out, ct_ledger *l, const char *a, const char *b)
{
	json_t *claims = NULL, *cache = json_object(), *doc = NULL, *rec, *sa = NULL, *sb = NULL;
	json_t *agree, *conflict, *update, *only_a, *only_b;
	size_t i, j;
	int error;

	*out = NULL;
	if (!cache)
		return ct_error_oom();
	if ((error = ct_source_get(&sa, l, a)) < 0 || (error = ct_source_get(&sb, l, b)) < 0 ||
	    (error = all_claims(&claims, l)) < 0)
		goto done;
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
	json_array_foreach(claims, i, rec) {
		const json_t *ca = latest_citation(rec, a), *cb = latest_citation(rec, b);
		const char *why;
		if (ca && cb) {
			int rel = ct_compare_citations(ca, sa, cb, sb, &why);
			json_t *to = rel == CT_RELATION_CONFLICT ? conflict : rel == CT_RELATION_UPDATE ? update : agree;
			if ((error = append_pair(to, rec, NULL, ca, sa, cb, sb, why)) < 0)
				goto done;
		} else if (ca || cb) {
			json_t *e = json_pack("{s:s, s:s, s:o}", "id", ct_json_str(rec, "id", ""), "statement",
					      ct_json_str(rec, "statement", ""), "citation", cited(ca ? ca : cb, ca ? sa : sb));
			if (!e || json_array_append_new(ca ? only_a : only_b, e) < 0) {
				error = ct_error_oom();
				goto done;
			}
		}
	}
	/* Two claims on the same subject and property, one cited by each source. */
	json_array_foreach(claims, i, rec) {
		const json_t *ca = latest_citation(rec, a), *other;
		const char *subj = ct_json_str(rec, "subject", NULL), *prop = ct_json_str(rec, "property", NULL);
		if (!ca || latest_citation(rec, b) || !subj || !prop)
			continue;
		json_array_foreach(claims, j, other) {
			const json_t *cb = latest_citation(other, b);
			const char *why;
			int rel;
			if (other == rec || !cb || latest_citation(other, a) ||
			    strcmp(subj, ct_json_str(other, "subject", "")) || strcmp(prop, ct_json_str(other, "property", "")))
				continue;
			rel = ct_compare_citations(ca, sa, cb, sb, &why);
			if (rel == CT_RELATION_CONFLICT || rel == CT_RELATION_UPDATE)
				if ((error = append_pair(rel == CT_RELATION_CONFLICT ? conflict : update, rec, other, ca, sa, cb,
							 sb, why)) < 0)
					goto done;
		}
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	json_decref(claims);
	json_decref(cache);
	json_decref(sa);
	json_decref(sb);
	return error;
}

/* Compare every citation of `x` with every citation of `y` (x == y: each pair once) from another source. */
static int compare_claims(json_t *doc, json_t *cache, ct_ledger *l, const json_t *x, const json_t *y)
{
	const json_t *cx, *cy;
	size_t i, j;
	int error;

	json_array_foreach(json_object_get(x, "citations"), i, cx) {
		const char *src_x = ct_json_str(cx, "source", "");
		if (latest_citation(x, src_x) != cx)
			continue;
		json_array_foreach(json_object_get(y, "citations"), j, cy) {
			const char *src_y = ct_json_str(cy, "source", ""), *why;
			int rel;
			if ((x == y && j <= i) || !strcmp(src_x, src_y) || latest_citation(y, src_y) != cy)
				continue;
			rel = ct_compare_citations(cx, source_of(cache, l, src_x), cy, source_of(cache, l, src_y), &why);
			if (rel != CT_RELATION_CONFLICT && rel != CT_RELATION_UPDATE)
				continue;
			if ((error = append_pair(json_object_get(doc, rel == CT_RELATION_CONFLICT ? "contradictions" : "updates"),
						 x, x == y ? NULL : y, cx, source_of(cache, l, src_x), cy,
						 source_of(cache, l, src_y), why)) < 0)
				return error;
		}
	}
	return 0;
}

int ct_contradictions(json_t **out, ct_ledger *l)
{
	json_t *claims = NULL, *cache = json_object(), *doc = json_pack("{s:[], s:[]}", "contradictions", "updates");
	json_t *x, *y;
	size_t i, j;
	int error;

	*out = NULL;
	if (!cache || !doc) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = all_claims(&claims, l)) < 0)
		goto done;
	json_array_foreach(claims, i, x) {
		const char *subj = ct_json_str(x, "subject", NULL), *prop = ct_json_str(x, "property", NULL);
		if ((error = compare_claims(doc, cache, l, x, x)) < 0)
			goto done;
		if (!subj || !prop)
			continue;
		json_array_foreach(claims, j, y) {
			if (j <= i || strcmp(subj, ct_json_str(y, "subject", "")) || strcmp(prop, ct_json_str(y, "property", "")))
				continue;
			if ((error = compare_claims(doc, cache, l, x, y)) < 0)
				goto done;
		}
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	json_decref(claims);
	json_decref(cache);
	return error;
}
