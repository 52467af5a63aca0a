/* core/features/csl.c: the ledger's sources as CSL-JSON, for reference managers. */
#include "csl.h"
#include "error.h"
#include "exchange_int.h"
#include "json.h"
#include "model.h"

#include <stdio.h>
#include <string.h>

/* {"date-parts": [[Y, M, D]]} from a string that starts with YYYY-MM-DD; json_null() when it does
 * not. */
static json_t *date_parts(const char *s)
{
	int y, m, d;
	char tail;

	if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3)
		return json_null();
	return json_pack("{s:[[i, i, i]]}", "date-parts", y, m, d);
}

int ct_export_csl(json_t **out, ct_ledger *l)
{
	json_t *sources = NULL, *items = json_array(), *src;
	size_t i;
	int error;

	*out = NULL;
	if (!items) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = ct_exchange_sources_json(&sources, l)) < 0)
		goto done;
	json_array_foreach(sources, i, src) {
		const json_t *revs = json_object_get(src, "revisions"), *a;
		int report = !strcmp(ct_json_str(src, "kind", ""), "primary");
		const char *publisher = ct_json_str(src, "publisher", NULL);
		json_t *item = json_pack("{s:s, s:s, s:s}", "id", ct_json_str(src, "id", ""),
		                         "type", report ? "report" : "article-newspaper", "URL",
		                         ct_json_str(src, "url", ""));
		json_t *authors = json_array(),
		       *issued = date_parts(ct_json_str(src, "published", NULL)),
		       *accessed = date_parts(ct_json_str(
		           json_array_get(revs, json_array_size(revs) - 1), "retrieved", NULL));
		size_t k;
		int bad = !item || !authors || !issued || !accessed;

		json_array_foreach(json_object_get(src, "authors"), k, a) {
			json_t *name = json_pack("{s:O}", "literal", a);
			bad = bad || json_array_append_new(authors, name) < 0;
		}
		bad =
		    bad ||
		    (ct_json_str(src, "title", NULL) &&
		     ct_exchange_set_new(item, "title", json_string(ct_json_str(src, "title", ""))) < 0) ||
		    (publisher && ct_exchange_set_new(item, report ? "publisher" : "container-title",
		                          json_string(publisher)) < 0) ||
		    (json_array_size(authors) && json_object_set(item, "author", authors) < 0) ||
		    (!json_is_null(issued) && json_object_set(item, "issued", issued) < 0) ||
		    (!json_is_null(accessed) && json_object_set(item, "accessed", accessed) < 0) ||
		    json_array_append(items, item) < 0;
		json_decref(item);
		json_decref(authors);
		json_decref(issued);
		json_decref(accessed);
		if (bad) {
			error = ct_error_oom();
			goto done;
		}
	}
	*out = items;
	items = NULL;
done:
	json_decref(sources);
	json_decref(items);
	return error;
}
