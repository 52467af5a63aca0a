/* core/features/exchange.c: what the exchange formats share: their names, and helpers. */
#include "exchange.h"
#include "error.h"
#include "exchange_int.h"
#include "model.h"
#include "record.h"

#include <stdlib.h>
#include <string.h>

#define FORMATS "jsonl, claimreview or csl"

int ct_format_parse(ct_format *out, const char *name)
{
	static const struct {
		const char *name;
		ct_format format;
	} formats[] = {
	    {"jsonl", CT_FORMAT_JSONL},
	    {"claimreview", CT_FORMAT_CLAIMREVIEW},
	    {"csl", CT_FORMAT_CSL},
	};
	size_t i;

	*out = 0;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (name && !strcmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	return ct_error_set(CT_EINVALID, "unknown format '%s' (expected " FORMATS ")",
	                    name ? name : "");
}

/* ---- what the formats share ---------------------------------------------- */

int ct_exchange_set_new(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -1;
	return json_object_set_new(obj, key, value);
}

size_t ct_exchange_bom(const char *text, size_t len)
{
	return len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
}

const char *ct_exchange_file_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* ---- the ledger's records as JSON ---------------------------------------- */

/* What a lookup of record `rec` (of type t) returned, as JSON; frees the record. */
static int as_json(json_t **out, int error, const ct_record_type *t, void *rec)
{
	*out = NULL;
	if (!error)
		error = ct_record_to_json(out, t, rec);
	ct_record_release(rec, t);
	free(rec);
	return error;
}

int ct_exchange_source_json(json_t **out, ct_ledger *l, const char *id)
{
	ct_source *src = NULL;
	int error = ct_source_get(&src, l, id);

	return as_json(out, error, &ct_source_type, src);
}

int ct_exchange_claim_json(json_t **out, ct_ledger *l, const char *id)
{
	ct_claim *claim = NULL;
	int error = ct_claim_get(&claim, l, id);

	return as_json(out, error, &ct_claim_type, claim);
}

int ct_exchange_sources_json(json_t **out, ct_ledger *l)
{
	ct_sources list;
	int error = ct_source_list(&list, l);

	*out = error ? NULL : ct_sources_json(&list);
	ct_sources_release(&list);
	return error;
}

int ct_exchange_claims_json(json_t **out, ct_ledger *l)
{
	ct_claims list;
	int error = ct_claim_list(&list, l, NULL, NULL);

	*out = error ? NULL : ct_claims_json(&list);
	ct_claims_release(&list);
	return error;
}
