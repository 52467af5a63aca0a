/* core/domain/anchoring.c: re-anchoring a source's citations when it gets a new revision. */
#include "anchoring.h"
#include "error.h"
#include "index.h"
#include "ledger.h"
#include "reanchor.h"
#include "record.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The record being built, and the revision whose citations are being read. */
struct collect {
	ct_anchors *anchors;
	int rev;
};

/*
 * Append the citation of an index row to the record, as an entry that holds
 * the citation's old place and quote until it is located again (place()).
 */
static int append_citation(const ct_index_citation *c, void *payload)
{
	struct collect *k = payload;
	ct_anchors_entry e;
	int error;

	memset(&e, 0, sizeof(e));
	if ((error = ct_record_init(&e, &ct_anchors_entry_type)) < 0)
		return error;
	e.seq = c->seq;
	e.from_rev = k->rev;
	e.start = (long long)c->start;
	e.end = (long long)c->end;
	if ((error = ct_field_set_string(&e.claim, c->claim)) < 0 ||
	    (error = ct_field_set_string(&e.quote, c->quote)) < 0 ||
	    (error = ct_anchors_add_entry(k->anchors, &e)) < 0)
		ct_record_release(&e, &ct_anchors_entry_type);
	return error;
}

/* Make entry e say where its passage stands in the new text: res, found by ct_reanchor. */
static int place(ct_anchors_entry *e, const ct_reanchor_out *res, const char *text)
{
	size_t n = res->end - res->start;
	char *quote;

	e->change = res->change;
	e->similarity = res->similarity;
	if (res->change == CT_CHANGE_REMOVED) {
		e->start = e->end = -1;
		return ct_field_set_string(&e->quote, NULL);
	}
	/* A passage that is not UTF-8 on its own cannot be a JSON string: it is kept as "". */
	if (ct_utf8_valid_len(text + res->start, n) < n)
		n = 0;
	if (!(quote = ct_memdup(text + res->start, n)))
		return CT_ERROR;
	free(e->quote);
	e->quote = quote;
	e->start = (long long)res->start;
	e->end = (long long)res->end;
	return 0;
}

/* Locate the entries [first, n) of `a`, made on the revision whose text is `old`, in `text`. */
static int reanchor_entries(ct_anchors *a, size_t first, const ct_buf *old, const char *text, size_t len)
{
	size_t n = a->citations.n - first, i;
	ct_reanchor_in *in = calloc(n, sizeof(*in));
	ct_reanchor_out *res = calloc(n, sizeof(*res));
	int error = 0;

	if (!in || !res) {
		error = ct_error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		const ct_anchors_entry *e = &a->citations.v[first + i];
		in[i].start = (size_t)e->start;
		in[i].end = (size_t)e->end;
		in[i].exact = e->quote;
	}
	if ((error = ct_reanchor(res, old->ptr, old->len, text, len, in, n)) < 0)
		goto done;
	for (i = 0; i < n && !error; i++)
		error = place(&a->citations.v[first + i], &res[i], text);
done:
	free(in);
	free(res);
	return error;
}

int ct_anchor_revision(ct_anchors **out, ct_ledger *l, const char *source, int rev, const char *text,
			     size_t len)
{
	struct collect k = { NULL, 0 };
	ct_buf old = CT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = ct_anchors_new(&k.anchors, source, rev)) < 0)
		return error;
	for (k.rev = 1; k.rev < rev; k.rev++) {
		size_t first = k.anchors->citations.n;

		/* The citations made on revision k.rev: their rows, no claim record parsed. */
		if ((error = ct_index_revision_citations(l, source, k.rev, append_citation, &k)) < 0)
			goto done;
		if (k.anchors->citations.n == first)
			continue;
		ct_buf_reset(&old);
		if ((error = ct_ledger_text(&old, l, source, k.rev)) < 0 ||
		    (error = reanchor_entries(k.anchors, first, &old, text, len)) < 0)
			goto done;
	}
	if (k.anchors->citations.n) {
		*out = k.anchors;
		k.anchors = NULL;
	}
done:
	ct_anchors_free(k.anchors);
	ct_buf_release(&old);
	return error;
}
