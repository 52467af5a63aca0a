/* core/features/report.c: unsourced claims, provenance chains, a source's cited passages. */
#include "report.h"
#include "compare.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "model.h"
#include "reanchor.h"
#include "record.h"

#include <stdlib.h>
#include <string.h>

/* The number of revisions of a source (0 when unknown), through a cache of records. */
static const json_t *cached_source(json_t *cache, ct_ledger *l, const char *id)
{
	json_t *s = json_object_get(cache, id);

	if (!s && ct_source_get(&s, l, id) == 0)
		json_object_set_new(cache, id, s);
	ct_error_clear();
	return s;
}

static int latest_rev(const json_t *src)
{
	return (int)json_array_size(json_object_get(src, "revisions"));
}

int ct_report_anchored(int *anchored, ct_ledger *l, const char *claim, int seq, const char *source, int rev)
{
	json_t *src = NULL, *rec = NULL;
	ct_claim *cl = NULL;
	ct_buf old = CT_BUF_INIT, new = CT_BUF_INIT;
	char change[16];
	int latest, error = 0;

	*anchored = 1;
	if ((error = ct_source_get(&src, l, source)) < 0)
		return error == CT_ENOTFOUND ? (*anchored = 0, ct_error_clear(), 0) : error;
	latest = latest_rev(src);
	json_decref(src);
	if (rev >= latest)
		return 0;
	if ((error = ct_index_anchor_change(change, sizeof(change), l, source, latest, claim, seq)) == 0) {
		*anchored = strcmp(change, "removed") != 0;
		return 0;
	}
	if (error != CT_ENOTFOUND)
		return error;
	/* Cited on an old revision after the source moved on: locate it now. */
	if ((error = ct_claim_get(&rec, l, claim)) == 0 && (error = ct_claim_from_json(&cl, rec, NULL)) == 0 &&
	    (error = ct_ledger_text(&old, l, source, rev)) == 0 &&
	    (error = ct_ledger_text(&new, l, source, latest)) == 0 && seq >= 0 && (size_t)seq < cl->citations.n) {
		const ct_citation *c = &cl->citations.v[seq];
		ct_reanchor_in in = { (size_t)c->start, (size_t)c->end, c->quote, c->prefix, c->suffix };
		ct_reanchor_out res;
		if ((error = ct_reanchor(&res, old.ptr, old.len, new.ptr, new.len, &in, 1)) == 0)
			*anchored = res.change != CT_CHANGE_REMOVED;
	}
	ct_claim_free(cl);
	json_decref(rec);
	ct_buf_release(&old);
	ct_buf_release(&new);
	return error;
}

/* Does a chain of --cites links from `id` reach a primary source? (visited guards cycles) */
static int reaches_primary(json_t *cache, ct_ledger *l, const char *id, json_t *visited)
{
	const json_t *src, *c;
	size_t i;

	if (json_object_get(visited, id))
		return 0;
	json_object_set_new(visited, id, json_true());
	src = cached_source(cache, l, id);
	if (!src)
		return 0;
	if (!strcmp(ct_json_str(src, "kind", ""), "primary"))
		return 1;
	json_array_foreach(json_object_get(src, "cites"), i, c)
		if (json_is_string(c) && reaches_primary(cache, l, json_string_value(c), visited))
			return 1;
	return 0;
}

static int claim_reasons(json_t *reasons, json_t *cits, json_t *cache, ct_ledger *l, const json_t *rec)
{
	const json_t *c;
	size_t i;
	int n = 0, mentions = 0, removed = 0, backed = 0, primary = 0, cited = 0, error;

	json_array_foreach(json_object_get(rec, "citations"), i, c) {
		const char *stance = ct_json_str(c, "stance", "supports"), *src = ct_json_str(c, "source", "");
		int anchored = 1;
		json_t *visited;
		n++;
		if ((error = ct_report_anchored(&anchored, l, ct_json_str(rec, "id", ""), (int)i, src,
						(int)ct_json_int(c, "rev", 1))) < 0)
			return error;
		json_array_append_new(cits, json_pack("{s:s, s:I, s:s, s:s, s:b}", "source", src, "rev",
						      (json_int_t)ct_json_int(c, "rev", 1), "quote", ct_json_str(c, "quote", ""),
						      "stance", stance, "anchored", anchored));
		mentions += !strcmp(stance, "mentions");
		if (!anchored)
			removed++;
		else if (!strcmp(stance, "supports"))
			backed++;
		if (strcmp(stance, "disputes")) {
			cited++;
			visited = json_object();
			primary |= reaches_primary(cache, l, src, visited);
			json_decref(visited);
		}
	}
	if (n == 0)
		return json_array_append_new(reasons, json_string("no-citation"));
	if (mentions == n)
		json_array_append_new(reasons, json_string("mentions-only"));
	if (removed && !backed)
		json_array_append_new(reasons, json_string("quote-removed"));
	if (cited && !primary)
		json_array_append_new(reasons, json_string("no-primary-source"));
	return 0;
}

int ct_report_unsourced(json_t **out, ct_ledger *l, const char *source)
{
	json_t *claims = NULL, *cache = json_object(), *list = json_array(), *rec;
	size_t i;
	int error;

	*out = NULL;
	if (!cache || !list) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = ct_claim_list(&claims, l, NULL, source)) < 0)
		goto done;
	json_array_foreach(claims, i, rec) {
		json_t *reasons = json_array(), *cits = json_array();
		if (!reasons || !cits || (error = claim_reasons(reasons, cits, cache, l, rec)) < 0) {
			json_decref(reasons);
			json_decref(cits);
			error = error ? error : ct_error_oom();
			goto done;
		}
		if (!json_array_size(reasons)) {
			json_decref(reasons);
			json_decref(cits);
			continue;
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", ct_json_str(rec, "id", ""),
						      "statement", ct_json_str(rec, "statement", ""), "status",
						      ct_json_str(rec, "status", ""), "reasons", reasons, "citations", cits));
	}
	*out = json_pack("{s:O, s:I}", "claims", list, "count", (json_int_t)json_array_size(list));
	if (!*out)
		error = ct_error_oom();
done:
	json_decref(claims);
	json_decref(cache);
	json_decref(list);
	return error;
}

/* One node of a provenance tree; `path` holds the sources on the chain down to here. */
static json_t *provenance_node(json_t *cache, ct_ledger *l, const char *id, json_t *path, int *primary)
{
	const json_t *src = cached_source(cache, l, id), *c;
	json_t *node = json_pack("{s:s, s:[]}", "source", id, "cites"), *kids;
	size_t i;

	if (!node)
		return NULL;
	kids = json_object_get(node, "cites");
	if (!src) {
		json_object_set_new(node, "missing", json_true());
		json_object_set_new(node, "dead_end", json_true());
		return node;
	}
	json_object_set_new(node, "kind", json_string(ct_json_str(src, "kind", "unknown")));
	if (ct_json_str(src, "title", NULL))
		json_object_set_new(node, "title", json_string(ct_json_str(src, "title", "")));
	if (json_object_get(path, id)) {
		json_object_set_new(node, "cycle", json_true());
		return node;
	}
	if (!strcmp(ct_json_str(src, "kind", ""), "primary")) {
		json_object_set_new(node, "primary", json_true());
		*primary = 1;
	}
	json_object_set_new(path, id, json_true());
	json_array_foreach(json_object_get(src, "cites"), i, c)
		if (json_is_string(c))
			json_array_append_new(kids, provenance_node(cache, l, json_string_value(c), path, primary));
	json_object_del(path, id);
	if (!json_array_size(kids) && !json_object_get(node, "primary"))
		json_object_set_new(node, "dead_end", json_true());
	return node;
}

int ct_report_provenance(json_t **out, ct_ledger *l, const char *claim)
{
	json_t *rec = NULL, *cache = json_object(), *path = json_object(), *doc = NULL, *tops;
	ct_claim *cl = NULL;
	size_t i, j;
	int error, primary = 0;

	*out = NULL;
	if (!cache || !path) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = ct_claim_get(&rec, l, claim)) < 0 || (error = ct_claim_from_json(&cl, rec, NULL)) < 0)
		goto done;
	doc = json_pack("{s:s, s:s, s:[]}", "id", cl->id, "statement", cl->statement, "sources");
	if (!doc) {
		error = ct_error_oom();
		goto done;
	}
	tops = json_object_get(doc, "sources");
	for (i = 0; i < cl->citations.n; i++) {
		const ct_citation *c = &cl->citations.v[i];
		const char *src = c->source;
		json_t *node = NULL, *n;
		json_array_foreach(tops, j, n)
			if (!strcmp(ct_json_str(n, "source", ""), src))
				node = n;
		if (!node) {
			node = provenance_node(cache, l, src, path, &primary);
			if (!node || json_object_set_new(node, "stances", json_array()) < 0 ||
			    json_array_append_new(tops, node) < 0) {
				error = ct_error_oom();
				goto done;
			}
		}
		json_array_append_new(json_object_get(node, "stances"), json_string(ct_stance_names[c->stance]));
	}
	json_object_set_new(doc, "reaches_primary", json_boolean(primary));
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	json_decref(rec);
	ct_claim_free(cl);
	json_decref(cache);
	json_decref(path);
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

/*
 * Lookups built once for the report, not searched again for each claim:
 * the unsourced reasons by claim id, the contradicted claim ids, and the
 * anchors of this revision by "claim/seq".
 */
static int source_lookups(json_t **reasons, json_t **contradicted, json_t **anchored,
                          const json_t *unsourced, const json_t *contra, const json_t *anchors)
{
	char key[64];
	size_t i;
	json_t *e;
	int error = 0;

	*reasons = json_object();
	*contradicted = json_object();
	*anchored = json_object();
	if (!*reasons || !*contradicted || !*anchored)
		return ct_error_oom();
	json_array_foreach(json_object_get(unsourced, "claims"), i, e)
		if (json_object_set(*reasons, ct_json_str(e, "id", ""), json_object_get(e, "reasons")) < 0)
			error = ct_error_oom();
	json_array_foreach(json_object_get(contra, "contradictions"), i, e)
		if (json_object_set_new(*contradicted, ct_json_str(e, "id", ""), json_true()) < 0 ||
		    json_object_set_new(*contradicted, ct_json_str(e, "other", ""), json_true()) < 0)
			error = ct_error_oom();
	json_array_foreach(json_object_get(anchors, "citations"), i, e) {
		snprintf(key, sizeof(key), "%s/%lld", ct_json_str(e, "claim", ""), ct_json_int(e, "seq", -1));
		if (json_object_set(*anchored, key, e) < 0)
			error = ct_error_oom();
	}
	return error;
}

int ct_report_source(json_t **out, ct_ledger *l, const char *source, int rev)
{
	json_t *src = NULL, *claims = NULL, *unsourced = NULL, *contra = NULL, *anchors = NULL, *passages, *doc = NULL;
	json_t *reasons_of = NULL, *contradicted = NULL, *anchored = NULL, *rec, *c;
	ct_buf text = CT_BUF_INIT, path = CT_BUF_INIT, data = CT_BUF_INIT;
	struct passage *sorted = NULL;
	size_t i, j, n, elsewhere = 0;
	char key[64];
	int error;

	*out = NULL;
	if ((error = ct_source_get(&src, l, source)) < 0)
		goto done;
	if (rev <= 0 || rev > latest_rev(src))
		rev = latest_rev(src);
	if ((error = ct_ledger_text(&text, l, source, rev)) < 0 || (error = ct_claim_list(&claims, l, NULL, source)) < 0 ||
	    (error = ct_report_unsourced(&unsourced, l, source)) < 0 || (error = ct_contradictions(&contra, l)) < 0)
		goto done;
	if ((error = ct_path_anchors(&path, source, rev)) < 0)
		goto done;
	if (ct_ledger_read(&data, l, NULL, path.ptr) == 0)
		ct_json_parse(&anchors, data.ptr, data.len, path.ptr, 0);
	ct_error_clear();
	if ((error = source_lookups(&reasons_of, &contradicted, &anchored, unsourced, contra, anchors)) < 0)
		goto done;
	doc = json_pack("{s:O, s:i, s:s%, s:[]}", "source", src, "rev", rev, "text", text.ptr, text.len, "passages");
	if (!doc) {
		error = ct_error_set(CT_EINVALID, "the text of '%s@%d' is not valid UTF-8", source, rev);
		goto done;
	}
	passages = json_object_get(doc, "passages");
	json_array_foreach(claims, i, rec) {
		const char *id = ct_json_str(rec, "id", "");
		json_t *reasons = json_object_get(reasons_of, id);
		int is_contradicted = json_object_get(contradicted, id) != NULL;
		json_array_foreach(json_object_get(rec, "citations"), j, c) {
			long long start = -1, end = -1, crev = ct_json_int(c, "rev", 0);
			json_t *a;
			if (strcmp(ct_json_str(c, "source", ""), source))
				continue;
			if (crev == rev) {
				start = ct_json_int(c, "start", -1);
				end = ct_json_int(c, "end", -1);
			} else if (crev < rev) {
				snprintf(key, sizeof(key), "%s/%zu", id, j);
				if ((a = json_object_get(anchored, key))) {
					start = ct_json_int(a, "start", -1);
					end = ct_json_int(a, "end", -1);
				}
			}
			if (start < 0 || end <= start || (size_t)end > text.len) {
				elsewhere++;
				continue;
			}
			json_array_append_new(passages, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "start",
								  (json_int_t)start, "end", (json_int_t)end, "claim", id,
								  "statement", ct_json_str(rec, "statement", ""), "status",
								  ct_json_str(rec, "status", ""), "stance",
								  ct_json_str(c, "stance", "supports"), "unsourced",
								  reasons ? json_incref(reasons) : json_array(),
								  "contradicted", is_contradicted));
		}
	}
	/* In text order; passages at one offset in the order of their claims. */
	n = json_array_size(passages);
	if (n && !(sorted = malloc(n * sizeof(*sorted)))) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		sorted[i].p = json_incref(json_array_get(passages, i));
		sorted[i].start = ct_json_int(sorted[i].p, "start", 0);
		sorted[i].n = i;
	}
	if (n)
		qsort(sorted, n, sizeof(*sorted), passage_cmp);
	json_array_clear(passages);
	for (i = 0; i < n; i++)
		json_array_append_new(passages, sorted[i].p);
	json_object_set_new(doc, "claims_elsewhere", json_integer((json_int_t)elsewhere));
	*out = doc;
	doc = NULL;
done:
	free(sorted);
	json_decref(doc);
	json_decref(src);
	json_decref(claims);
	json_decref(unsourced);
	json_decref(contra);
	json_decref(anchors);
	json_decref(reasons_of);
	json_decref(contradicted);
	json_decref(anchored);
	ct_buf_release(&text);
	ct_buf_release(&path);
	ct_buf_release(&data);
	return error;
}
