/* core/features/report.c: unsourced claims, provenance chains, a source's cited passages. */
#include "report.h"
#include "compare.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "model.h"
#include "reanchor.h"
#include "record.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Source ids on a chain of --cites links, borrowed from the cached sources. */
struct chain {
	const char **v;
	size_t n, cap;
};

static int chain_has(const struct chain *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], id))
			return 1;
	return 0;
}

static int chain_push(struct chain *c, const char *id)
{
	if (CT_ARRAY_GROW(c->v, c->n, c->cap, 8) < 0)
		return CT_ERROR;
	c->v[c->n++] = id;
	return 0;
}

/*
 * Whether citation `seq` of claim `claim` (its record `cl`, or NULL to read
 * it only when needed) still anchors in the latest revision of `source`.
 */
static int anchored_in_latest(int *anchored, ct_ledger *l, const ct_claim *cl, const char *claim, int seq,
			      const char *source, int rev)
{
	ct_claim *read = NULL;
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	char change[16];
	int latest = 0, error = 0;

	*anchored = 1;
	if ((error = ct_index_source_revisions(&latest, l, source)) < 0)
		return error == CT_ENOTFOUND ? (*anchored = 0, 0) : error;
	if (rev >= latest)
		return 0;
	if ((error = ct_index_anchor_change(change, sizeof(change), l, source, latest, claim, seq)) == 0) {
		*anchored = strcmp(change, "removed") != 0;
		return 0;
	}
	if (error != CT_ENOTFOUND)
		return error;
	/* Cited on an old revision after the source moved on: locate it now. */
	if (!cl && (error = ct_claim_get(&read, l, claim)) == 0)
		cl = read;
	if (!error && (error = ct_ledger_text(&old, l, source, rev)) == 0 &&
	    (error = ct_ledger_text(&new, l, source, latest)) == 0 && seq >= 0 && (size_t)seq < cl->citations.n) {
		const ct_citation *c = &cl->citations.v[seq];
		ct_reanchor_in in = { (size_t)c->start, (size_t)c->end, c->quote, c->prefix, c->suffix };
		ct_reanchor_out res;
		if ((error = ct_reanchor(&res, old.ptr, old.len, new.ptr, new.len, &in, 1)) == 0)
			*anchored = res.change != CT_CHANGE_REMOVED;
	}
	ct_claim_free(read);
	ct_buf_release(&old);
	ct_buf_release(&new);
	return error;
}

int ct_report_anchored(int *anchored, ct_ledger *l, const char *claim, int seq, const char *source, int rev)
{
	return anchored_in_latest(anchored, l, NULL, claim, seq, source, rev);
}

/*
 * Does a chain of --cites links from `id` reach a primary source? `visited`
 * guards cycles. Returns 1, 0, or CT_ERROR / CT_EINVALID.
 */
static int reaches_primary(ct_source_cache *cache, const char *id, struct chain *visited)
{
	const ct_source *src;
	size_t i;
	int error;

	if (chain_has(visited, id))
		return 0;
	if ((error = ct_source_cache_get(&src, cache, id)) < 0)
		return error;
	if (!src)
		return chain_push(visited, id);
	if ((error = chain_push(visited, src->id)) < 0)
		return error;
	if (src->kind == CT_SOURCE_PRIMARY)
		return 1;
	for (i = 0; i < src->cites.n; i++)
		if ((error = reaches_primary(cache, src->cites.v[i], visited)) != 0)
			return error;
	return 0;
}

/* Append the JSON string s to arr. Returns 0 or CT_ERROR. */
static int append_string(json_t *arr, const char *s)
{
	return json_array_append_new(arr, json_string(s)) < 0 ? ct_error_oom() : 0;
}

static int claim_reasons(json_t *reasons, json_t *cits, ct_source_cache *cache, ct_ledger *l, const ct_claim *rec)
{
	struct chain visited = { NULL, 0, 0 };
	size_t i, n = rec->citations.n;
	int mentions = 0, removed = 0, backed = 0, primary = 0, cited = 0, error = 0;

	for (i = 0; i < n && !error; i++) {
		const ct_citation *c = &rec->citations.v[i];
		int anchored = 1;
		if ((error = anchored_in_latest(&anchored, l, rec, rec->id, (int)i, c->source, (int)c->rev)) < 0)
			break;
		if (json_array_append_new(cits, json_pack("{s:s, s:I, s:s, s:s, s:b}", "source", c->source, "rev",
							  (json_int_t)c->rev, "quote", c->quote, "stance",
							  ct_stance_names[c->stance], "anchored", anchored)) < 0) {
			error = ct_error_oom();
			break;
		}
		mentions += c->stance == CT_STANCE_MENTIONS;
		if (!anchored)
			removed++;
		else if (c->stance == CT_STANCE_SUPPORTS)
			backed++;
		if (c->stance != CT_STANCE_DISPUTES) {
			cited++;
			visited.n = 0;
			if (!primary && (error = reaches_primary(cache, c->source, &visited)) > 0)
				primary = 1;
			error = error > 0 ? 0 : error;
		}
	}
	free(visited.v);
	if (error < 0)
		return error;
	if (n == 0)
		return append_string(reasons, "no-citation");
	if ((mentions == (int)n && (error = append_string(reasons, "mentions-only")) < 0) ||
	    (removed && !backed && (error = append_string(reasons, "quote-removed")) < 0) ||
	    (cited && !primary && (error = append_string(reasons, "no-primary-source")) < 0))
		return error;
	return 0;
}

/* The unsourced claims among `claims`, into the new array *out. */
static int unsourced_list(json_t **out, ct_ledger *l, const ct_claims *claims)
{
	ct_source_cache *cache = NULL;
	json_t *list = json_array(), *reasons = NULL, *cits = NULL;
	size_t i;
	int error;

	*out = NULL;
	if (!list)
		return ct_error_oom();
	if ((error = ct_source_cache_new(&cache, l)) < 0)
		goto done;
	for (i = 0; i < claims->n; i++) {
		const ct_claim *rec = &claims->v[i];
		if (!(reasons = json_array()) || !(cits = json_array())) {
			error = ct_error_oom();
			goto done;
		}
		if ((error = claim_reasons(reasons, cits, cache, l, rec)) < 0)
			goto done;
		if (json_array_size(reasons) &&
		    json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:O, s:O}", "id", rec->id, "statement",
							  rec->statement, "status", ct_status_names[rec->status],
							  "reasons", reasons, "citations", cits)) < 0) {
			error = ct_error_oom();
			goto done;
		}
		json_decref(reasons);
		json_decref(cits);
		reasons = cits = NULL;
	}
	*out = list;
	list = NULL;
done:
	json_decref(reasons);
	json_decref(cits);
	json_decref(list);
	ct_source_cache_free(cache);
	return error;
}

/* The unsourced report's document of `list` (stolen, also on failure). */
static int unsourced_doc(json_t **out, json_t *list)
{
	*out = json_pack("{s:o, s:I}", "claims", list, "count", (json_int_t)json_array_size(list));
	return *out ? 0 : ct_error_oom();
}

int ct_report_unsourced(json_t **out, ct_ledger *l, const char *source)
{
	ct_claims claims = { NULL, 0, NULL };
	json_t *list = NULL;
	int error;

	*out = NULL;
	if ((error = ct_claim_list(&claims, l, NULL, source)) == 0 && (error = unsourced_list(&list, l, &claims)) == 0)
		error = unsourced_doc(out, list);
	ct_claims_release(&claims);
	return error;
}

/* One node of a provenance tree into *out; `path` holds the sources on the chain down to here. */
static int provenance_node(json_t **out, ct_source_cache *cache, const char *id, struct chain *path, int *primary)
{
	const ct_source *src = NULL;
	json_t *node = json_pack("{s:s, s:[]}", "source", id, "cites"), *kids, *kid = NULL;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!node)
		return ct_error_oom();
	kids = json_object_get(node, "cites");
	if ((error = ct_source_cache_get(&src, cache, id)) < 0)
		goto done;
	if (!src) {
		if (json_object_set_new(node, "missing", json_true()) < 0 ||
		    json_object_set_new(node, "dead_end", json_true()) < 0)
			error = ct_error_oom();
		goto done;
	}
	if (json_object_set_new(node, "kind", json_string(src->kind >= 0 ? ct_source_kind_names[src->kind] : "unknown")) < 0 ||
	    (src->title && json_object_set_new(node, "title", json_string(src->title)) < 0)) {
		error = ct_error_oom();
		goto done;
	}
	if (chain_has(path, id)) {
		if (json_object_set_new(node, "cycle", json_true()) < 0)
			error = ct_error_oom();
		goto done;
	}
	if (src->kind == CT_SOURCE_PRIMARY) {
		if (json_object_set_new(node, "primary", json_true()) < 0) {
			error = ct_error_oom();
			goto done;
		}
		*primary = 1;
	}
	if ((error = chain_push(path, src->id)) < 0)
		goto done;
	for (i = 0; i < src->cites.n && !error; i++)
		if ((error = provenance_node(&kid, cache, src->cites.v[i], path, primary)) == 0 &&
		    json_array_append_new(kids, kid) < 0)
			error = ct_error_oom();
	path->n--;
	if (!error && !json_array_size(kids) && src->kind != CT_SOURCE_PRIMARY &&
	    json_object_set_new(node, "dead_end", json_true()) < 0)
		error = ct_error_oom();
done:
	if (error < 0) {
		json_decref(node);
		return error;
	}
	*out = node;
	return 0;
}

int ct_report_provenance(json_t **out, ct_ledger *l, const char *claim)
{
	ct_source_cache *cache = NULL;
	struct chain path = { NULL, 0, 0 };
	json_t *doc = NULL, *tops, *stances;
	ct_claim *cl = NULL;
	size_t i, j;
	int error, primary = 0;

	*out = NULL;
	if ((error = ct_source_cache_new(&cache, l)) < 0 || (error = ct_claim_get(&cl, l, claim)) < 0)
		goto done;
	doc = json_pack("{s:s, s:s, s:[]}", "id", cl->id, "statement", cl->statement, "sources");
	if (!doc) {
		error = ct_error_oom();
		goto done;
	}
	tops = json_object_get(doc, "sources");
	for (i = 0; i < cl->citations.n; i++) {
		const ct_citation *c = &cl->citations.v[i];
		json_t *node = NULL, *n;
		json_array_foreach(tops, j, n)
			if (!strcmp(json_string_value(json_object_get(n, "source")), c->source))
				node = n;
		if (!node) {
			if ((error = provenance_node(&node, cache, c->source, &path, &primary)) < 0)
				goto done;
			if (json_object_set_new(node, "stances", json_array()) < 0) {
				json_decref(node);
				error = ct_error_oom();
				goto done;
			}
			if (json_array_append_new(tops, node) < 0) {
				error = ct_error_oom();
				goto done;
			}
		}
		stances = json_object_get(node, "stances");
		if (!stances || json_array_append_new(stances, json_string(ct_stance_names[c->stance])) < 0) {
			error = ct_error_oom();
			goto done;
		}
	}
	if (json_object_set_new(doc, "reaches_primary", json_boolean(primary)) < 0) {
		error = ct_error_oom();
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	ct_claim_free(cl);
	ct_source_cache_free(cache);
	free(path.v);
	return error;
}

/* A passage and its place in the list, so that passages at one offset keep their order. */
struct passage {
	json_t *p;
	long long start;
	size_t n;
};

static int passage_cmp(const void *a, const void *b)
{
	const struct passage *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->n > y->n) - (x->n < y->n);
}

/* Anchors entries by claim, then seq. */
static int entry_cmp(const void *a, const void *b)
{
	const ct_anchors_entry *x = *(const ct_anchors_entry *const *)a, *y = *(const ct_anchors_entry *const *)b;
	int c = strcmp(x->claim, y->claim);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * The anchors source update stored for revision `rev` of `source`, sorted by
 * claim and seq into *out (n of them, pointing into *anchors). None when
 * there are none or they do not read.
 */
static int load_anchors(ct_anchors **anchors, const ct_anchors_entry ***out, size_t *n, ct_ledger *l,
			const char *source, int rev)
{
	ct_buf path = CT_BUF_INIT, data = CT_BUF_INIT;
	size_t i;
	int error;

	*anchors = NULL;
	*out = NULL;
	*n = 0;
	if ((error = ct_path_anchors(&path, source, rev)) < 0)
		goto done;
	if ((error = ct_ledger_read(&data, l, NULL, path.ptr)) == 0)
		error = ct_anchors_parse(anchors, data.ptr, data.len, path.ptr);
	if (error != CT_ERROR) {
		ct_error_clear();
		error = 0;
	}
	if (error || !*anchors || !(*anchors)->citations.n)
		goto done;
	if (!(*out = malloc((*anchors)->citations.n * sizeof(**out)))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < (*anchors)->citations.n; i++)
		(*out)[i] = &(*anchors)->citations.v[i];
	*n = i;
	qsort(*out, *n, sizeof(**out), entry_cmp);
done:
	ct_buf_release(&path);
	ct_buf_release(&data);
	return error;
}

/* The ids of the claims in the contradictions document `contra`, as the keys of a new object. */
static int contradicted_ids(json_t **out, const json_t *contra)
{
	json_t *e;
	size_t i;

	if (!(*out = json_object()))
		return ct_error_oom();
	json_array_foreach(json_object_get(contra, "contradictions"), i, e)
		if (json_object_set_new(*out, json_string_value(json_object_get(e, "id")), json_true()) < 0 ||
		    (json_object_get(e, "other") &&
		     json_object_set_new(*out, json_string_value(json_object_get(e, "other")), json_true()) < 0))
			return ct_error_oom();
	return 0;
}

int ct_report_source(json_t **out, ct_ledger *l, const char *source, int rev)
{
	ct_source *src = NULL;
	ct_claims claims = { NULL, 0, NULL };
	ct_anchors *anchors = NULL;
	const ct_anchors_entry **entries = NULL;
	json_t *srcj = NULL, *unsourced = NULL, *contra = NULL, *passages, *doc = NULL, *contradicted = NULL;
	ct_buf text = CT_BUF_INIT;
	struct passage *sorted = NULL;
	size_t i, j, k = 0, n, nentries = 0, elsewhere = 0;
	int error, latest;

	*out = NULL;
	if ((error = ct_source_get(&src, l, source)) < 0)
		goto done;
	latest = (int)src->revisions.n;
	if (rev <= 0 || rev > latest)
		rev = latest;
	if ((error = ct_ledger_text(&text, l, source, rev)) < 0 ||
	    (error = ct_claim_list(&claims, l, NULL, source)) < 0 ||
	    (error = unsourced_list(&unsourced, l, &claims)) < 0 || (error = ct_contradictions(&contra, l)) < 0 ||
	    (error = load_anchors(&anchors, &entries, &nentries, l, source, rev)) < 0 ||
	    (error = contradicted_ids(&contradicted, contra)) < 0 || (error = ct_source_to_json(&srcj, src)) < 0)
		goto done;
	doc = json_pack("{s:O, s:i, s:s%, s:[]}", "source", srcj, "rev", rev, "text", text.ptr, text.len, "passages");
	if (!doc) {
		error = ct_text_validate(text.ptr, text.len, "text") < 0
		            ? ct_error_set(CT_EINVALID, "the text of '%s@%d' is not valid UTF-8", source, rev)
		            : ct_error_oom();
		goto done;
	}
	passages = json_object_get(doc, "passages");
	for (i = 0; i < claims.n; i++) {
		const ct_claim *rec = &claims.v[i];
		json_t *reasons = NULL, *u = json_array_get(unsourced, k);
		int is_contradicted = json_object_get(contradicted, rec->id) != NULL;
		/* The unsourced list holds some of these claims, in this order. */
		if (u && !strcmp(json_string_value(json_object_get(u, "id")), rec->id)) {
			reasons = json_object_get(u, "reasons");
			k++;
		}
		for (j = 0; j < rec->citations.n; j++) {
			const ct_citation *c = &rec->citations.v[j];
			long long start = -1, end = -1;
			if (strcmp(c->source, source))
				continue;
			if (c->rev == rev) {
				start = c->start;
				end = c->end;
			} else if (c->rev < rev && nentries) {
				ct_anchors_entry key = { .claim = rec->id, .seq = (long long)j };
				const ct_anchors_entry *kp = &key, **a = bsearch(&kp, entries, nentries, sizeof(*entries),
										  entry_cmp);
				if (a && (*a)->start >= 0) {
					start = (*a)->start;
					end = (*a)->end;
				}
			}
			if (start < 0 || end <= start || (size_t)end > text.len) {
				elsewhere++;
				continue;
			}
			if (json_array_append_new(passages, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "start",
								      (json_int_t)start, "end", (json_int_t)end, "claim",
								      rec->id, "statement", rec->statement, "status",
								      ct_status_names[rec->status], "stance",
								      ct_stance_names[c->stance], "unsourced",
								      reasons ? json_incref(reasons) : json_array(),
								      "contradicted", is_contradicted)) < 0) {
				error = ct_error_oom();
				goto done;
			}
		}
	}
	/* In text order; passages at one offset in the order of their claims. */
	n = json_array_size(passages);
	if (n && !(sorted = malloc(n * sizeof(*sorted)))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		sorted[i].p = json_array_get(passages, i);
		sorted[i].start = json_integer_value(json_object_get(sorted[i].p, "start"));
		sorted[i].n = i;
	}
	if (n)
		qsort(sorted, n, sizeof(*sorted), passage_cmp);
	/* Put back in place: the array keeps its room, so nothing is allocated. */
	for (i = 0; i < n; i++)
		json_incref(sorted[i].p);
	json_array_clear(passages);
	for (i = 0; i < n; i++)
		if (json_array_append_new(passages, sorted[i].p) < 0) {
			error = ct_error_oom();
			for (j = i + 1; j < n; j++)
				json_decref(sorted[j].p);
			goto done;
		}
	if (json_object_set_new(doc, "claims_elsewhere", json_integer((json_int_t)elsewhere)) < 0) {
		error = ct_error_oom();
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	free(sorted);
	free(entries);
	json_decref(doc);
	json_decref(srcj);
	json_decref(unsourced);
	json_decref(contra);
	json_decref(contradicted);
	ct_anchors_free(anchors);
	ct_source_free(src);
	ct_claims_release(&claims);
	ct_buf_release(&text);
	return error;
}
