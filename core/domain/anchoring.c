/* core/domain/anchoring.c: re-anchoring a source's citations when it gets a new revision. */
#include "anchoring.h"
#include "error.h"
#include "index.h"
#include "json.h"
#include "ledger.h"
#include "reanchor.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Append a citation's row to the array `payload`. */
static int append_citation(const ct_index_citation *c, void *payload)
{
	json_t *row = json_pack("{s:s, s:i, s:I, s:I, s:s}", "claim", c->claim, "seq", c->seq, "start",
				(json_int_t)c->start, "end", (json_int_t)c->end, "quote", c->quote);

	return row && json_array_append_new(payload, row) == 0 ? 0 : ct_error_oom();
}

int ct_anchor_revision(json_t **out, ct_ledger *l, const char *source, int rev, const char *text, size_t len)
{
	json_t *rec = NULL, *list = NULL;
	ct_buf old = CT_BUF_INIT;
	int error = 0, r;

	*out = NULL;
	if (!(list = json_array())) {
		error = ct_error_oom();
		goto done;
	}
	for (r = 1; r < rev; r++) {
		ct_reanchor_in *in = NULL;
		ct_reanchor_out *res = NULL;
		json_t *cits = NULL, *c;
		size_t n, i;

		/* The citations made on revision r: their rows, no claim record parsed. */
		if (!(cits = json_array())) {
			error = ct_error_oom();
			goto done;
		}
		if ((error = ct_index_revision_citations(l, source, r, append_citation, cits)) < 0) {
			json_decref(cits);
			goto done;
		}
		n = json_array_size(cits);
		if (!n) {
			json_decref(cits);
			continue;
		}
		ct_buf_reset(&old);
		in = calloc(n, sizeof(*in));
		res = calloc(n, sizeof(*res));
		if (!cits || !in || !res) {
			free(in);
			free(res);
			json_decref(cits);
			error = ct_error_oom();
			goto done;
		}
		if ((error = ct_ledger_text(&old, l, source, r)) < 0)
			goto next;
		json_array_foreach(cits, i, c) {
			in[i].start = (size_t)ct_json_int(c, "start", 0);
			in[i].end = (size_t)ct_json_int(c, "end", 0);
			in[i].exact = ct_json_str(c, "quote", "");
		}
		if ((error = ct_reanchor(res, old.ptr, old.len, text, len, in, n)) < 0)
			goto next;
		json_array_foreach(cits, i, c) {
			json_t *a = json_pack("{s:O, s:O, s:i, s:s, s:f}", "claim", json_object_get(c, "claim"),
					      "seq", json_object_get(c, "seq"), "from_rev", r, "change",
					      ct_change_name(res[i].change), "similarity", res[i].similarity);
			if (a && res[i].change != CT_CHANGE_REMOVED) {
				const char *from = text + res[i].start;
				size_t qlen = res[i].end - res[i].start;
				json_t *q = json_stringn(from, qlen);
				/* "" for a passage that is not UTF-8 on its own; NULL for a valid one is out of memory. */
				if (!q && ct_utf8_valid_len(from, qlen) < qlen)
					q = json_string("");
				if (json_object_set_new(a, "start", json_integer((json_int_t)res[i].start)) < 0 ||
				    json_object_set_new(a, "end", json_integer((json_int_t)res[i].end)) < 0 ||
				    json_object_set_new(a, "quote", q) < 0) {
					json_decref(a);
					a = NULL;
				}
			}
			if (!a || json_array_append_new(list, a) < 0) {
				error = ct_error_oom();
				goto next;
			}
		}
	next:
		free(in);
		free(res);
		json_decref(cits);
		if (error)
			goto done;
	}
	if (json_array_size(list)) {
		rec = json_pack("{s:s, s:i, s:O}", "source", source, "rev", rev, "citations", list);
		if (!rec) {
			error = ct_error_oom();
			goto done;
		}
	}
	*out = rec;
	rec = NULL;
done:
	json_decref(rec);
	json_decref(list);
	ct_buf_release(&old);
	return error;
}
