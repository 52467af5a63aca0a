/* core/features/jsonl.c: the whole ledger as jsonl, one record a line, out and back in. */
#include "jsonl.h"
#include "error.h"
#include "exchange_int.h"
#include "json.h"
#include "model.h"
#include "text.h"
#include "util.h"
#include "where.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- jsonl export -------------------------------------------------------- */

/* Write one line: the object compact, reals as precise as the canonical form. */
static int put_line(FILE *out, const json_t *line)
{
	if (json_dumpf(line, out, JSON_COMPACT | JSON_REAL_PRECISION(15)) < 0 ||
	    fputc('\n', out) == EOF || ferror(out))
		return ct_error_set(CT_ERROR, "cannot write the export: %s",
		                    strerror(errno ? errno : EIO));
	return 0;
}

/* Write `line` and drop the reference (also when it is NULL: out of memory). */
static int put_line_new(FILE *out, json_t *line)
{
	int error = line ? put_line(out, line) : ct_error_oom();

	json_decref(line);
	return error;
}

/* A source's line, then one line per revision's text. */
static int export_source(FILE *out, ct_ledger *l, const json_t *src)
{
	const char *id = ct_json_str(src, "id", "");
	ct_buf text = CT_BUF_INIT;
	size_t n, nrev = json_array_size(json_object_get(src, "revisions"));
	int error;

	if ((error = put_line_new(out, json_pack("{s:s, s:O}", "type", "source", "record", src))) <
	    0)
		return error;
	for (n = 1; n <= nrev && !error; n++) {
		json_t *t;
		ct_buf_reset(&text);
		if ((error = ct_ledger_text(&text, l, id, (int)n)) < 0)
			break;
		if (!(t = json_stringn(text.ptr, text.len))) {
			error = ct_error_set(
			    CT_ERROR, "the text of '%s' revision %zu is not valid UTF-8", id, n);
			break;
		}
		error = put_line_new(out, json_pack("{s:s, s:s, s:i, s:o}", "type", "text",
		                                    "source", id, "rev", (int)n, "text", t));
	}
	ct_buf_release(&text);
	return error;
}

/* The anchors records of a source's revisions, in order. */
static int export_anchors(FILE *out, ct_ledger *l, const json_t *src)
{
	const char *id = ct_json_str(src, "id", "");
	ct_buf path = CT_BUF_INIT, data = CT_BUF_INIT;
	size_t n, nrev = json_array_size(json_object_get(src, "revisions"));
	json_t *rec = NULL;
	int error = 0;

	for (n = 1; n <= nrev && !error; n++) {
		ct_buf_reset(&path);
		ct_buf_reset(&data);
		if ((error = ct_path_anchors(&path, id, (int)n)) < 0)
			break;
		error = ct_ledger_read(&data, l, NULL, path.ptr);
		if (error == CT_ENOTFOUND) {
			/* Only revisions whose update had citations to re-anchor have one. */
			ct_error_clear();
			error = 0;
			continue;
		}
		if (error < 0 || (error = ct_json_parse(&rec, data.ptr, data.len, path.ptr, 0)) < 0)
			break;
		error =
		    put_line_new(out, json_pack("{s:s, s:o}", "type", "anchors", "record", rec));
		rec = NULL;
	}
	ct_buf_release(&path);
	ct_buf_release(&data);
	return error;
}

int ct_export_jsonl(FILE *out, ct_ledger *l)
{
	json_t *sources = NULL, *claims = NULL, *rec;
	size_t i;
	int error;

	errno = 0;
	if ((error = ct_exchange_sources_json(&sources, l)) < 0 ||
	    (error = ct_exchange_claims_json(&claims, l)) < 0)
		goto done;
	json_array_foreach(sources, i, rec) {
		if ((error = export_source(out, l, rec)) < 0)
			goto done;
	}
	json_array_foreach(claims, i, rec) {
		json_t *line = json_pack("{s:s, s:O}", "type", "claim", "record", rec);
		if ((error = put_line_new(out, line)) < 0)
			goto done;
	}
	json_array_foreach(sources, i, rec) {
		if ((error = export_anchors(out, l, rec)) < 0)
			goto done;
	}
done:
	json_decref(sources);
	json_decref(claims);
	return error;
}

/* ---- jsonl import -------------------------------------------------------- */

enum kind { K_SOURCE, K_TEXT, K_CLAIM, K_ANCHORS };

static const char *const kind_names[] = {"source", "text", "claim", "anchors"};

/* One line of the input. */
struct item {
	enum kind kind;
	json_t *line;    /* the parsed line (owned) */
	json_t *rec;     /* borrowed from line: the record, or for a text the line itself */
	ct_where at; /* the line's text, for messages */
};

struct import {
	ct_ledger *l;
	const char *name;
	struct item *items;
	size_t n, cap;
	/* What the file holds, by key ("ID", "ID@N"): the item's index as an integer. */
	json_t *sources, *texts, *claims, *anchors;
	/* What the ledger holds, looked up once: a record, or null when it has none. */
	json_t *ledger_sources, *ledger_claims;
	/*
	 * A lookup that failed for another reason than absence (out of memory,
	 * the index): the import fails with it, since reading it as "absent"
	 * could stage a record over one the ledger holds.
	 */
	int failed;
	char failure[256];
};

/* Paths into a line, for ct_where_error(ct_where_locate(...)): AT(it, KEY("record"), KEY("cites"), IDX(2)). */
/* clang-format off */
#define AT(it, ...) ct_where_locate(&(it)->at, (const ct_json_seg[]){ __VA_ARGS__ }, \
			   sizeof((const ct_json_seg[]){ __VA_ARGS__ }) / sizeof(ct_json_seg))
#define KEY(k) { (k), 0 }
#define IDX(i) { NULL, (i) }
/* clang-format on */

static void import_release(struct import *im)
{
	size_t i;

	for (i = 0; i < im->n; i++)
		json_decref(im->items[i].line);
	free(im->items);
	json_decref(im->sources);
	json_decref(im->texts);
	json_decref(im->claims);
	json_decref(im->anchors);
	json_decref(im->ledger_sources);
	json_decref(im->ledger_claims);
}

/* The keys each type of line has, NULL-terminated. */
static const char *const *line_keys(enum kind k)
{
	static const char *const record[] = {"type", "record", NULL};
	static const char *const text[] = {"type", "source", "rev", "text", NULL};

	return k == K_TEXT ? text : record;
}

/* Check a parsed line's envelope and add it to the items. Takes the reference to `line`. */
static int add_item(struct import *im, json_t *line, const ct_where *at)
{
	struct item it = {0, line, NULL, *at};
	const char *type, *key;
	const char *const *keys;
	json_t *v;
	int error = 0;
	size_t k;

	if (!json_is_object(line)) {
		error = ct_where_error(at, 0, "expected an object, one record a line");
		goto done;
	}
	type = ct_json_str(line, "type", NULL);
	if (!type) {
		error = json_object_get(line, "type")
		            ? ct_where_error(at, AT(&it, KEY("type")), "\"type\" is not a string")
		            : ct_where_error(at, 0, "a record needs a \"type\"");
		goto done;
	}
	for (k = 0; k < 4 && strcmp(type, kind_names[k]); k++)
		;
	if (k == 4) {
		error = ct_where_error(
		    at, AT(&it, KEY("type")),
		    "unknown record type '%s' (expected source, text, claim or anchors)", type);
		goto done;
	}
	it.kind = (enum kind)k;
	keys = line_keys(it.kind);
	json_object_foreach(line, key, v) {
		size_t j;
		for (j = 0; keys[j] && strcmp(keys[j], key); j++)
			;
		if (!keys[j]) {
			error = ct_where_error(at, AT(&it, KEY(key)), "unknown key '%s' in a %s line",
			                 key, type);
			goto done;
		}
	}
	if (it.kind == K_TEXT) {
		if (!json_is_string(json_object_get(line, "source")))
			error = ct_where_error(at, AT(&it, KEY("source")),
			                 "a text needs \"source\", a string");
		else if (!json_is_integer(json_object_get(line, "rev")) ||
		         ct_json_int(line, "rev", 0) < 1)
			error = ct_where_error(at, AT(&it, KEY("rev")),
			                 "a text needs \"rev\", an integer from 1");
		else if (!json_is_string(json_object_get(line, "text")))
			error =
			    ct_where_error(at, AT(&it, KEY("text")), "a text needs \"text\", a string");
		it.rec = line;
	} else {
		it.rec = json_object_get(line, "record");
		if (!json_is_object(it.rec))
			error = ct_where_error(at, AT(&it, KEY("record")),
			                 "a %s line needs \"record\", an object", type);
	}
	if (error)
		goto done;
	if ((error = CT_ARRAY_GROW(im->items, im->n, im->cap, 64)) < 0)
		goto done;
	im->items[im->n++] = it;
	line = NULL; /* the item owns it now */
done:
	json_decref(line);
	return error;
}

/* Split the input into lines and parse each. */
static int parse_lines(struct import *im, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0;
	int error;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), bom = ct_exchange_bom(p, n);
		ct_where at = {im->name, p + bom, n - bom, ++lineno};
		json_t *line = NULL;

		if (n == 0 || (n == 1 && p[0] == '\r'))
			return ct_where_error(&at, 0, "empty line");
		if ((error = ct_json_parse(&line, at.text, at.len, im->name, lineno)) < 0 ||
		    (error = add_item(im, line, &at)) < 0)
			return error;
		p += n + (nl ? 1 : 0);
	}
	return 0;
}

/* The map key of a source revision: "ID@N". */
static int rev_key(ct_buf *out, const char *id, long long rev)
{
	ct_buf_reset(out);
	return ct_buf_printf(out, "%s@%lld", id, rev);
}

/* The record's id under which an item is known, into out. */
static int item_key(ct_buf *out, const struct item *it)
{
	ct_buf_reset(out);
	switch (it->kind) {
	case K_SOURCE:
	case K_CLAIM:
		return ct_buf_puts(out, ct_json_str(it->rec, "id", ""));
	case K_TEXT:
	case K_ANCHORS:
		return rev_key(out, ct_json_str(it->rec, "source", ""),
		               ct_json_int(it->rec, "rev", 0));
	}
	return 0;
}

/* Index the items by key, refusing a record that appears twice. */
static int index_items(struct import *im)
{
	ct_buf key = CT_BUF_INIT;
	size_t i;
	int error = 0;

	if (!(im->sources = json_object()) || !(im->texts = json_object()) ||
	    !(im->claims = json_object()) || !(im->anchors = json_object()) ||
	    !(im->ledger_sources = json_object()) || !(im->ledger_claims = json_object()))
		return ct_error_oom();
	for (i = 0; i < im->n && !error; i++) {
		struct item *it = &im->items[i];
		json_t *map = it->kind == K_SOURCE  ? im->sources
		              : it->kind == K_TEXT  ? im->texts
		              : it->kind == K_CLAIM ? im->claims
		                                    : im->anchors;
		json_t *seen;
		if ((error = item_key(&key, it)) < 0)
			break;
		if (!key.len || key.ptr[0] == '@')
			continue; /* no id: reported by the record's checks */
		if ((seen = json_object_get(map, key.ptr))) {
			const struct item *first = &im->items[json_integer_value(seen)];
			size_t at = it->kind == K_TEXT      ? AT(it, KEY("source"))
			            : it->kind == K_ANCHORS ? AT(it, KEY("record"), KEY("source"))
			                                    : AT(it, KEY("record"), KEY("id"));
			error = ct_where_error(&it->at, at, "%s '%s' appears twice (first on line %zu)",
			                 kind_names[it->kind], key.ptr, first->at.line);
			break;
		}
		if (json_object_set_new(map, key.ptr, json_integer((json_int_t)i)) < 0)
			error = ct_error_oom();
	}
	ct_buf_release(&key);
	return error;
}

/*
 * The ledger's record of source `id` / claim `id` (borrowed, valid until the
 * import ends), or NULL when the ledger has none. Looked up once each.
 */
static const json_t *ledger_record(struct import *im, json_t *cache, const char *id, int claim)
{
	json_t *rec = json_object_get(cache, id);
	int error;

	if (rec)
		return json_is_object(rec) ? rec : NULL;
	if (claim)
		error = strlen(id) == CT_ID_LEN && ct_id_chars_ok(id)
		            ? ct_exchange_claim_json(&rec, im->l, id)
		            : CT_ENOTFOUND;
	else
		error = ct_exchange_source_json(&rec, im->l, id);
	if (error == CT_ENOTFOUND) {
		ct_error_clear();
		rec = json_null();
	} else if (error < 0 && !im->failed) {
		im->failed = error;
		snprintf(im->failure, sizeof(im->failure), "%s", ct_error_last());
	}
	if (!rec || json_object_set_new(cache, id, rec) < 0) {
		if (!im->failed) {
			im->failed = CT_ERROR;
			snprintf(im->failure, sizeof(im->failure), "out of memory");
		}
		return NULL;
	}
	return json_is_object(rec) ? rec : NULL;
}

/* The error of a failed lookup (see struct import), or `error`. */
static int lookup_failure(struct import *im, int error)
{
	if (im->failed)
		return ct_error_set(im->failed, "%s", im->failure);
	return error;
}

static const json_t *ledger_source(struct import *im, const char *id)
{
	return ledger_record(im, im->ledger_sources, id, 0);
}

/* The record of source `id` in the file, else in the ledger (borrowed), or NULL. */
static const json_t *source_of(struct import *im, const char *id)
{
	json_t *idx = json_object_get(im->sources, id);

	return idx ? im->items[json_integer_value(idx)].rec : ledger_source(im, id);
}

/* True when claim `id` is in the file or in the ledger. */
static int claim_known(struct import *im, const char *id)
{
	return json_object_get(im->claims, id) || ledger_record(im, im->ledger_claims, id, 1);
}

/* The text of revision `rev` of source `id`, from the file or the ledger, into out. */
static int text_of(ct_buf *out, struct import *im, const char *id, long long rev)
{
	ct_buf key = CT_BUF_INIT;
	json_t *idx;
	int error;

	ct_buf_reset(out);
	if ((error = rev_key(&key, id, rev)) == 0) {
		if ((idx = json_object_get(im->texts, key.ptr))) {
			const json_t *t =
			    json_object_get(im->items[json_integer_value(idx)].rec, "text");
			error = ct_buf_put(out, json_string_value(t), json_string_length(t));
		} else {
			error = ct_ledger_text(out, im->l, id, (int)rev);
		}
	}
	ct_buf_release(&key);
	return error;
}

/* The members that a record may lack but, when present, must be strings. */
static int optional_strings(const struct item *it, const json_t *rec, const char *const *keys)
{
	for (; *keys; keys++) {
		const json_t *v = json_object_get(rec, *keys);
		if (v && !json_is_string(v))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY(*keys)),
			                "\"%s\" must be a string", *keys);
	}
	return 0;
}

/* Required string members. */
static int required_strings(const struct item *it, const json_t *rec, const char *what,
                            const char *const *keys)
{
	for (; *keys; keys++)
		if (!json_is_string(json_object_get(rec, *keys)))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY(*keys)),
			                "%s needs \"%s\", a string", what, *keys);
	return 0;
}

static int is_sha256(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}

static int check_source(struct import *im, const struct item *it)
{
	static const char *const req[] = {"id", "url", "created", NULL};
	static const char *const opt[] = {"title", "publisher", "published", "kind", NULL};
	const json_t *rec = it->rec, *revs, *v;
	const char *id;
	ct_buf key = CT_BUF_INIT;
	size_t i;
	int error;

	if ((error = required_strings(it, rec, "a source", req)) < 0 ||
	    (error = optional_strings(it, rec, opt)) < 0)
		return error;
	id = ct_json_str(rec, "id", "");
	if (!ct_source_id_ok(id))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("id")), "invalid source id '%s'",
		                id);
	if (!strstr(ct_json_str(rec, "url", ""), "://"))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("url")),
		                "invalid URL '%s' (expected scheme://...)",
		                ct_json_str(rec, "url", ""));
	if (ct_json_str(rec, "published", NULL) &&
	    !ct_date_valid(ct_json_str(rec, "published", NULL)))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("published")),
		                "invalid date '%s'", ct_json_str(rec, "published", NULL));
	if (ct_json_str(rec, "kind", NULL) && strcmp(ct_json_str(rec, "kind", ""), "primary") &&
	    strcmp(ct_json_str(rec, "kind", ""), "secondary"))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("kind")),
		                "invalid kind '%s' (expected primary or secondary)",
		                ct_json_str(rec, "kind", ""));
	if ((v = json_object_get(rec, "authors"))) {
		if (!json_is_array(v))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY("authors")),
			                "\"authors\" must be an array");
		for (i = 0; i < json_array_size(v); i++)
			if (!json_is_string(json_array_get(v, i)))
				return ct_where_error(&it->at,
				                AT(it, KEY("record"), KEY("authors"), IDX(i)),
				                "an author must be a string");
	}
	if ((v = json_object_get(rec, "cites"))) {
		if (!json_is_array(v))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY("cites")),
			                "\"cites\" must be an array");
		for (i = 0; i < json_array_size(v); i++) {
			const char *c = json_string_value(json_array_get(v, i));
			size_t at = AT(it, KEY("record"), KEY("cites"), IDX(i));
			if (!c)
				return ct_where_error(&it->at, at, "a cited source must be a string");
			if (!strcmp(c, id))
				return ct_where_error(&it->at, at, "source '%s' cannot cite itself", id);
			if (!source_of(im, c))
				return ct_where_error(&it->at, at,
				                "source '%s' cites '%s', which is neither in the "
				                "ledger nor in the file",
				                id, c);
		}
	}
	revs = json_object_get(rec, "revisions");
	if (!json_is_array(revs) || json_array_size(revs) == 0)
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("revisions")),
		                "source '%s' needs \"revisions\", a non-empty array", id);
	json_array_foreach(revs, i, v) {
		if (!json_is_object(v) || ct_json_int(v, "n", 0) != (long long)i + 1 ||
		    !json_is_integer(json_object_get(v, "bytes")) ||
		    ct_json_int(v, "bytes", -1) < 0 || !ct_json_str(v, "retrieved", NULL) ||
		    !is_sha256(ct_json_str(v, "sha256", ""))) {
			error = ct_where_error(&it->at, AT(it, KEY("record"), KEY("revisions"), IDX(i)),
			                 "revision %zu of source '%s' needs n = %zu, retrieved, "
			                 "sha256 and bytes",
			                 i + 1, id, i + 1);
			break;
		}
		/* Every revision has its text, in the file or already in the ledger. */
		if ((error = rev_key(&key, id, (long long)i + 1)) < 0)
			break;
		if (!json_object_get(im->texts, key.ptr)) {
			ct_buf text = CT_BUF_INIT;
			error = ledger_source(im, id) ? ct_ledger_text(&text, im->l, id, (int)i + 1)
			                              : CT_ENOTFOUND;
			ct_buf_release(&text);
			if (error == CT_ENOTFOUND) {
				ct_error_clear();
				error = ct_where_error(
				    &it->at, AT(it, KEY("record"), KEY("revisions"), IDX(i)),
				    "revision %zu of source '%s' has no text in the file", i + 1,
				    id);
			}
			if (error < 0)
				break;
		}
	}
	ct_buf_release(&key);
	return error;
}

static int check_text(struct import *im, const struct item *it)
{
	const char *id = ct_json_str(it->rec, "source", "");
	long long rev = ct_json_int(it->rec, "rev", 0);
	const json_t *src = source_of(im, id), *r, *t = json_object_get(it->rec, "text");
	char sha[65];

	if (!src)
		return ct_where_error(
		    &it->at, AT(it, KEY("source")),
		    "text of source '%s', which is neither in the ledger nor in the file", id);
	r = json_array_get(json_object_get(src, "revisions"), (size_t)rev - 1);
	if (!r)
		return ct_where_error(&it->at, AT(it, KEY("rev")),
		                "source '%s' has no revision %lld (it has %zu)", id, rev,
		                json_array_size(json_object_get(src, "revisions")));
	ct_sha256_hex(sha, json_string_value(t), json_string_length(t));
	if (strcmp(sha, ct_json_str(r, "sha256", "")) ||
	    ct_json_int(r, "bytes", -1) != (long long)json_string_length(t))
		return ct_where_error(&it->at, AT(it, KEY("text")),
		                "the text of '%s' revision %lld does not match the SHA-256 of its "
		                "revision record",
		                id, rev);
	return 0;
}

static int check_citation(struct import *im, const struct item *it, const json_t *c, size_t i,
                          const char *claim)
{
	const char *src_id = ct_json_str(c, "source", NULL), *quote = ct_json_str(c, "quote", NULL);
	const json_t *src;
	long long rev = ct_json_int(c, "rev", 0), start = ct_json_int(c, "start", -1),
	          end = ct_json_int(c, "end", -1);
	ct_buf text = CT_BUF_INIT;
	int error = 0;

	if (!json_is_object(c) || !quote || !ct_json_str(c, "added", NULL) ||
	    !ct_stance_ok(ct_json_str(c, "stance", "")))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("citations"), IDX(i)),
		                "citation %zu of claim '%s' needs source, rev, quote, start, end, "
		                "stance and added",
		                i + 1, claim);
	if (!src_id || !(src = source_of(im, src_id)))
		return ct_where_error(
		    &it->at, AT(it, KEY("record"), KEY("citations"), IDX(i), KEY("source")),
		    "claim '%s' cites source '%s', which is neither in the ledger nor in the file",
		    claim, src_id ? src_id : "");
	if (rev < 1 || (size_t)rev > json_array_size(json_object_get(src, "revisions")))
		return ct_where_error(
		    &it->at, AT(it, KEY("record"), KEY("citations"), IDX(i), KEY("rev")),
		    "claim '%s' cites revision %lld of source '%s', which has %zu", claim, rev,
		    src_id, json_array_size(json_object_get(src, "revisions")));
	/* The quote is the text between its offsets, as ct_anchor_find recorded it. */
	if ((error = text_of(&text, im, src_id, rev)) == CT_ENOTFOUND)
		error = ct_where_error(
		    &it->at, AT(it, KEY("record"), KEY("citations"), IDX(i), KEY("rev")),
		    "claim '%s' cites '%s@%lld', whose text is neither in the ledger nor in the file",
		    claim, src_id, rev);
	if (error < 0)
		goto done;
	if (start < 0 || end <= start || (size_t)end > text.len ||
	    (size_t)(end - start) != strlen(quote) ||
	    memcmp(text.ptr + start, quote, (size_t)(end - start)))
		error =
		    ct_where_error(&it->at, AT(it, KEY("record"), KEY("citations"), IDX(i), KEY("quote")),
		             "the quote of citation %zu of claim '%s' is not the text at "
		             "%lld..%lld of '%s@%lld'",
		             i + 1, claim, start, end, src_id, rev);
done:
	ct_buf_release(&text);
	return error;
}

static int check_claim(struct import *im, const struct item *it)
{
	static const char *const req[] = {"id", "statement", "status", "created", "updated", NULL};
	static const char *const opt[] = {"subject", "property", NULL};
	const json_t *rec = it->rec, *v;
	const char *id;
	size_t i;
	int error;

	if ((error = required_strings(it, rec, "a claim", req)) < 0 ||
	    (error = optional_strings(it, rec, opt)) < 0)
		return error;
	id = ct_json_str(rec, "id", "");
	if (strlen(id) != CT_ID_LEN || !ct_id_chars_ok(id))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("id")), "invalid claim id '%s'",
		                id);
	if (ct_text_is_blank(ct_json_str(rec, "statement", ""),
	                     strlen(ct_json_str(rec, "statement", ""))))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("statement")),
		                "the statement of claim '%s' is empty", id);
	if (!ct_status_ok(ct_json_str(rec, "status", "")))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("status")),
		                "invalid status '%s'", ct_json_str(rec, "status", ""));
	if ((v = json_object_get(rec, "value")) && !json_is_object(v))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("value")),
		                "\"value\" must be an object");
	if ((v = json_object_get(rec, "notes"))) {
		if (!json_is_array(v))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY("notes")),
			                "\"notes\" must be an array");
		for (i = 0; i < json_array_size(v); i++)
			if (!json_is_object(json_array_get(v, i)))
				return ct_where_error(&it->at,
				                AT(it, KEY("record"), KEY("notes"), IDX(i)),
				                "a note must be an object");
	}
	v = json_object_get(rec, "citations");
	if (!json_is_array(v))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("citations")),
		                "claim '%s' needs \"citations\", an array", id);
	for (i = 0; i < json_array_size(v); i++)
		if ((error = check_citation(im, it, json_array_get(v, i), i, id)) < 0)
			return error;
	return 0;
}

static int check_anchors(struct import *im, const struct item *it)
{
	const json_t *rec = it->rec, *src, *list, *a;
	const char *id = ct_json_str(rec, "source", NULL);
	long long rev = ct_json_int(rec, "rev", 0);
	size_t i;

	if (!id || !(src = source_of(im, id)))
		return ct_where_error(
		    &it->at, AT(it, KEY("record"), KEY("source")),
		    "anchors of source '%s', which is neither in the ledger nor in the file",
		    id ? id : "");
	if (rev < 2 || (size_t)rev > json_array_size(json_object_get(src, "revisions")))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("rev")),
		                "anchors of revision %lld of source '%s', which has %zu", rev, id,
		                json_array_size(json_object_get(src, "revisions")));
	list = json_object_get(rec, "citations");
	if (!json_is_array(list))
		return ct_where_error(&it->at, AT(it, KEY("record"), KEY("citations")),
		                "anchors need \"citations\", an array");
	json_array_foreach(list, i, a) {
		const char *claim = ct_json_str(a, "claim", NULL);
		if (!claim || !ct_json_str(a, "change", NULL) ||
		    !json_is_integer(json_object_get(a, "seq")))
			return ct_where_error(&it->at, AT(it, KEY("record"), KEY("citations"), IDX(i)),
			                "an anchor needs claim, seq and change");
		if (!claim_known(im, claim))
			return ct_where_error(
			    &it->at, AT(it, KEY("record"), KEY("citations"), IDX(i), KEY("claim")),
			    "anchor of claim '%s', which is neither in the ledger nor in the file",
			    claim);
	}
	return 0;
}

/*
 * Stage an item unless the ledger holds it already: the same bytes are left
 * alone, different bytes are refused.
 */
static int stage_item(struct import *im, const struct item *it, ct_import_stats *stats)
{
	ct_buf path = CT_BUF_INIT, data = CT_BUF_INIT, cur = CT_BUF_INIT;
	int claim = it->kind == K_CLAIM;
	const char *id = ct_json_str(it->rec, it->kind == K_SOURCE || claim ? "id" : "source", "");
	long long rev = ct_json_int(it->rec, "rev", 0);
	size_t *count = it->kind == K_SOURCE ? &stats->sources
	                : it->kind == K_TEXT ? &stats->texts
	                : claim              ? &stats->claims
	                                     : &stats->anchors;
	int error, held;

	switch (it->kind) {
	case K_SOURCE:
		error = ct_path_source(&path, id);
		break;
	case K_CLAIM:
		error = ct_path_claim(&path, id);
		break;
	case K_TEXT:
		error = ct_path_text(&path, id, (int)rev);
		break;
	default:
		error = ct_path_anchors(&path, id, (int)rev);
		break;
	}
	if (error < 0)
		goto done;
	if (it->kind == K_TEXT)
		error = ct_buf_put(&data, json_string_value(json_object_get(it->rec, "text")),
		                   json_string_length(json_object_get(it->rec, "text")));
	else
		error = ct_json_canonical(&data, it->rec);
	if (error < 0)
		goto done;
	/* Texts and anchors can only be in the ledger when their source is. */
	held = claim ? ledger_record(im, im->ledger_claims, id, 1) != NULL
	             : ledger_source(im, id) != NULL;
	if (held && (error = ct_ledger_read(&cur, im->l, NULL, path.ptr)) < 0) {
		if (error != CT_ENOTFOUND)
			goto done;
		ct_error_clear();
		held = 0;
		error = 0;
	}
	if (!held) {
		if ((error = ct_ledger_stage(im->l, path.ptr, data.ptr, data.len)) == 0)
			(*count)++;
	} else if (cur.len == data.len && !memcmp(cur.ptr, data.ptr, data.len)) {
		stats->unchanged++;
	} else if (it->kind == K_TEXT) {
		error =
		    ct_where_error(&it->at, AT(it, KEY("text")),
		             "the ledger holds a different text of '%s' revision %lld", id, rev);
	} else if (it->kind == K_ANCHORS) {
		error =
		    ct_where_error(&it->at, AT(it, KEY("record")),
		             "the ledger holds different anchors of '%s' revision %lld", id, rev);
	} else {
		error = ct_where_error(&it->at, AT(it, KEY("record"), KEY("id")),
		                 "%s '%s' is in the ledger already, with different content",
		                 kind_names[it->kind], id);
	}
done:
	ct_buf_release(&path);
	ct_buf_release(&data);
	ct_buf_release(&cur);
	return error;
}

int ct_import_jsonl(ct_import_stats *stats, ct_ledger *l, const char *data, size_t len,
                    const char *name)
{
	struct import im;
	ct_buf msg = CT_BUF_INIT;
	size_t i;
	int error;

	memset(stats, 0, sizeof(*stats));
	memset(&im, 0, sizeof(im));
	im.l = l;
	im.name = name;
	if ((error = parse_lines(&im, data, len)) < 0)
		goto done;
	/* The checks run under the writer lock, against the ledger as it is now. */
	if ((error = ct_ledger_begin(l)) < 0)
		goto done;
	if ((error = index_items(&im)) < 0)
		goto done;
	for (i = 0; i < im.n && !error; i++) {
		const struct item *it = &im.items[i];
		switch (it->kind) {
		case K_SOURCE:
			error = check_source(&im, it);
			break;
		case K_TEXT:
			error = check_text(&im, it);
			break;
		case K_CLAIM:
			error = check_claim(&im, it);
			break;
		case K_ANCHORS:
			error = check_anchors(&im, it);
			break;
		}
		error = lookup_failure(&im, error);
	}
	for (i = 0; i < im.n && !error; i++)
		error = lookup_failure(&im, stage_item(&im, &im.items[i], stats));
	if (error)
		goto done;
	if ((error = ct_buf_printf(
	         &msg, "Import %s\n\n%zu sources, %zu texts, %zu claims, %zu anchors records\n",
	         ct_exchange_file_name(name), stats->sources, stats->texts,
	         stats->claims, stats->anchors)) < 0 ||
	    (error = ct_ledger_commit(l, msg.ptr, &stats->committed)) < 0)
		goto done;
done:
	ct_ledger_abort(l);
	if (error)
		memset(stats, 0, sizeof(*stats));
	import_release(&im);
	ct_buf_release(&msg);
	return error;
}

