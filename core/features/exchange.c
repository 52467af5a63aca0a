/* core/features/exchange.c: what the exchange formats share: their names, and helpers. */
#include "exchange.h"
#include "error.h"
#include "exchange_int.h"

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

int ct_import_commit(ct_import_stats *stats, ct_ledger *l, const char *message)
{
	int error = ct_ledger_commit(l, message, &stats->committed);

	if (error && stats->committed) {
		ct_error_clear();
		error = 0;
	}
	return error;
}
