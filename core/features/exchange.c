/* core/features/exchange.c: export and import: jsonl (the whole ledger), ClaimReview, CSL-JSON. */
#define _GNU_SOURCE
#include "exchange.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "where.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

/* ---- strict parsing ------------------------------------------------------ */

/*
 * The offset of the first byte of `s` that does not begin a well-formed UTF-8
 * sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, nothing cut short), or len when there is none.
 */
static size_t utf8_invalid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return i;
		if (i + n >= len)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

/* The key named by jansson's duplicate-key error: the string token that ends at `end`. */
static int duplicate_key(ct_buf *out, const char *text, size_t end)
{
	size_t a;
	json_t *str;

	if (end == 0 || text[end - 1] != '"')
		return 0;
	/* Back to the opening quote: one not preceded by an odd run of backslashes. */
	for (a = end - 1; a > 0;) {
		size_t bs = 0;
		a--;
		if (text[a] != '"')
			continue;
		while (bs < a && text[a - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			break;
	}
	str = json_loadb(text + a, end - a, JSON_DECODE_ANY, NULL);
	if (json_is_string(str))
		ct_buf_puts(out, json_string_value(str));
	json_decref(str);
	return 0;
}

int ct_exchange_parse(json_t **out, const char *text, size_t len, const char *name, size_t line)
{
	ct_where w = {name, text, len, line ? line : 1};
	const char *nul;
	size_t bad, skip = 0;
	json_error_t err;
	json_t *doc;

	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		skip = 3;
	if ((nul = memchr(text, '\0', len)))
		return ct_where_error(&w, (size_t)(nul - text), "NUL byte");
	if ((bad = utf8_invalid((const unsigned char *)text, len)) < len)
		return ct_where_error(&w, bad, "invalid UTF-8 (byte 0x%02x)", (unsigned char)text[bad]);
	doc = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		size_t l = (size_t)(err.line > 0 ? err.line : 1) + w.line - 1;
		if (json_error_code(&err) == json_error_duplicate_key) {
			ct_buf key = CT_BUF_INIT;
			int error;
			duplicate_key(&key, text + skip, (size_t)err.position);
			error = ct_error_set(CT_EINVALID,
			                     "'%s' line %zu column %d: duplicate object key '%s'",
			                     name, l, err.column, key.ptr);
			ct_buf_release(&key);
			return error;
		}
		return ct_error_set(CT_EINVALID, "'%s' line %zu column %d: %s", name, l, err.column,
		                    err.text);
	}
	*out = doc;
	return 0;
}

/* ---- text from published records ----------------------------------------- */

static const struct {
	const char *name;
	int32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xa0},    {"lsquo", 0x2018},  {"rsquo", 0x2019}, {"sbquo", 0x201a}, {"ldquo", 0x201c},
    {"rdquo", 0x201d}, {"bdquo", 0x201e},  {"laquo", 0xab},   {"raquo", 0xbb},   {"ndash", 0x2013},
    {"mdash", 0x2014}, {"hellip", 0x2026}, {"iexcl", 0xa1},   {"iquest", 0xbf},  {"middot", 0xb7},
    {"deg", 0xb0},     {"euro", 0x20ac},   {"pound", 0xa3},   {"aacute", 0xe1},  {"Aacute", 0xc1},
    {"eacute", 0xe9},  {"Eacute", 0xc9},   {"iacute", 0xed},  {"Iacute", 0xcd},  {"oacute", 0xf3},
    {"Oacute", 0xd3},  {"uacute", 0xfa},   {"Uacute", 0xda},  {"ntilde", 0xf1},  {"Ntilde", 0xd1},
    {"uuml", 0xfc},    {"Uuml", 0xdc},     {"ccedil", 0xe7},  {"Ccedil", 0xc7},  {"agrave", 0xe0},
    {"Agrave", 0xc0},  {"egrave", 0xe8},   {"Egrave", 0xc8},  {"ecirc", 0xea},   {"acirc", 0xe2},
    {"ocirc", 0xf4},   {"atilde", 0xe3},   {"otilde", 0xf5},  {"ordf", 0xaa},    {"ordm", 0xba},
};

/*
 * The character reference at s[0] == '&' (at most `len` bytes): its code
 * point and length, or 0 when it is not one we decode.
 */
static size_t entity(int32_t *cp, const char *s, size_t len)
{
	size_t i, n;

	*cp = 0;
	if (len >= 4 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		long long v = 0;
		for (i = hex ? 3 : 2; i < len && i < 12; i++) {
			int d;
			if (s[i] >= '0' && s[i] <= '9')
				d = s[i] - '0';
			else if (hex && s[i] >= 'a' && s[i] <= 'f')
				d = s[i] - 'a' + 10;
			else if (hex && s[i] >= 'A' && s[i] <= 'F')
				d = s[i] - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + d;
		}
		if (i == (hex ? 3u : 2u) || i >= len || s[i] != ';' || v == 0 || v > 0x10ffff ||
		    (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = (int32_t)v;
		return i + 1;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		n = strlen(entities[i].name);
		if (len >= n + 2 && !memcmp(s + 1, entities[i].name, n) && s[n + 1] == ';') {
			*cp = entities[i].cp;
			return n + 2;
		}
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int ct_claimreview_text(ct_buf *out, const char *text, size_t len, int one_line)
{
	ct_buf t = CT_BUF_INIT;
	size_t i, a, b;
	int error = 0;

	for (i = 0; i < len && !error;) {
		int32_t cp;
		size_t n;
		if (text[i] == '\r') {
			error = ct_buf_putc(&t, '\n');
			i += i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
		} else if (text[i] == '&' && (n = entity(&cp, text + i, len - i))) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
			error = ct_buf_put(&t, enc, (size_t)k);
			i += n;
		} else {
			error = ct_buf_putc(&t, text[i++]);
		}
	}
	if (error)
		goto done;
	for (a = 0; a < t.len && is_space(t.ptr[a]); a++)
		;
	for (b = t.len; b > a && is_space(t.ptr[b - 1]); b--)
		;
	for (i = a; i < b && !error; i++) {
		if (one_line && is_space(t.ptr[i])) {
			while (i + 1 < b && is_space(t.ptr[i + 1]))
				i++;
			error = ct_buf_putc(out, ' ');
		} else {
			error = ct_buf_putc(out, t.ptr[i]);
		}
	}
done:
	ct_buf_release(&t);
	return error;
}

/* ---- ratings ------------------------------------------------------------- */

static const struct {
	const char *words;
	const char *status;
} ratings[] = {
    {"false", "refuted"},
    {"incorrect", "refuted"},
    {"untrue", "refuted"},
    {"not true", "refuted"},
    {"wrong", "refuted"},
    {"fake", "refuted"},
    {"hoax", "refuted"},
    {"pants on fire", "refuted"},
    {"pants fire", "refuted"},
    {"really false", "refuted"},
    {"totally false", "refuted"},
    {"completely false", "refuted"},
    {"fabricated", "refuted"},
    {"inaccurate", "refuted"},
    {"falso", "refuted"},
    {"falsa", "refuted"},
    {"incorrecto", "refuted"},
    {"incorrecta", "refuted"},
    {"bulo", "refuted"},
    {"mentira", "refuted"},
    {"misleading", "disputed"},
    {"mostly false", "disputed"},
    {"half true", "disputed"},
    {"half truth", "disputed"},
    {"mixture", "disputed"},
    {"mixed", "disputed"},
    {"partly false", "disputed"},
    {"partly true", "disputed"},
    {"partially false", "disputed"},
    {"partially true", "disputed"},
    {"needs context", "disputed"},
    {"missing context", "disputed"},
    {"lacks context", "disputed"},
    {"out of context", "disputed"},
    {"exaggerated", "disputed"},
    {"exaggeration", "disputed"},
    {"distorted", "disputed"},
    {"disputed", "disputed"},
    {"cherry picks", "disputed"},
    {"enganoso", "disputed"},
    {"enganosa", "disputed"},
    {"impreciso", "disputed"},
    {"imprecisa", "disputed"},
    {"exagerado", "disputed"},
    {"exagerada", "disputed"},
    {"verdad a medias", "disputed"},
    {"parcialmente falso", "disputed"},
    {"parcialmente falsa", "disputed"},
    {"parcialmente cierto", "disputed"},
    {"sacado de contexto", "disputed"},
    {"fuera de contexto", "disputed"},
    {"cuestionable", "disputed"},
    {"dudoso", "disputed"},
    {"true", "supported"},
    {"correct", "supported"},
    {"accurate", "supported"},
    {"mostly true", "supported"},
    {"mostly correct", "supported"},
    {"supported", "supported"},
    {"confirmed", "supported"},
    {"verified", "supported"},
    {"verdadero", "supported"},
    {"verdadera", "supported"},
    {"cierto", "supported"},
    {"cierta", "supported"},
    {"correcto", "supported"},
    {"correcta", "supported"},
    {"verdad", "supported"},
    {"confirmado", "supported"},
    {"retracted", "retracted"},
    {"withdrawn", "retracted"},
    {"retractado", "retracted"},
    {"retractada", "retracted"},
};

/* The table's status for `n` bytes of folded words (see rating_words), or NULL. */
static const char *rating_lookup(const char *s, size_t n)
{
	char key[64];
	size_t i, k = 0;

	/* '_' and '-' read as spaces, runs of spaces as one; not [a-z0-9] at either end dropped. */
	while (n > 0 && !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		s++, n--;
	while (n > 0 &&
	       !((s[n - 1] >= 'a' && s[n - 1] <= 'z') || (s[n - 1] >= '0' && s[n - 1] <= '9')))
		n--;
	for (i = 0; i < n; i++) {
		char c = s[i] == '_' || s[i] == '-' || is_space(s[i]) ? ' ' : s[i];
		if (c == ' ' && k > 0 && key[k - 1] == ' ')
			continue;
		if (k + 1 >= sizeof(key))
			return NULL;
		key[k++] = c;
	}
	key[k] = '\0';
	for (i = 0; i < sizeof(ratings) / sizeof(ratings[0]); i++)
		if (!strcmp(key, ratings[i].words))
			return ratings[i].status;
	return NULL;
}

const char *ct_claimreview_status(const char *rating)
{
	static const char *const dashes[] = {" - ", "\xe2\x80\x93", "\xe2\x80\x94"}; /* -, en, em */
	ct_buf t = CT_BUF_INIT;
	utf8proc_uint8_t *folded = NULL;
	const char *status = NULL, *s;
	size_t n, i;

	if (!rating || ct_claimreview_text(&t, rating, strlen(rating), 1) < 0)
		goto done;
	/* Case folded, accents removed: "ENGAÑOSO" and "engañoso" are "enganoso". */
	if (utf8proc_map((const utf8proc_uint8_t *)t.ptr, (utf8proc_ssize_t)t.len, &folded,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                     UTF8PROC_STRIPMARK) < 0)
		goto done;
	s = (const char *)folded;
	if ((status = rating_lookup(s, strlen(s))))
		goto done;
	/*
	 * A sentence: its first clause may be the verdict ("False: the bridge
	 * opened in 1964"). A clause ends at . , ; : ! ? ( ) or a spaced dash.
	 */
	n = strcspn(s, ".,;:!?()");
	for (i = 0; i < sizeof(dashes) / sizeof(dashes[0]); i++) {
		const char *d = strstr(s, dashes[i]);
		if (d && (size_t)(d - s) < n)
			n = (size_t)(d - s);
	}
	if (n < strlen(s))
		status = rating_lookup(s, n);
done:
	free(folded);
	ct_buf_release(&t);
	return status;
}

const char *ct_claimreview_rating(const char *status, int *value)
{
	*value = 0;
	if (!status)
		return NULL;
	if (!strcmp(status, "supported"))
		return *value = 5, "True";
	if (!strcmp(status, "disputed"))
		return *value = 3, "Disputed";
	if (!strcmp(status, "refuted"))
		return *value = 1, "False";
	if (!strcmp(status, "retracted"))
		return "Retracted";
	return NULL;
}

/* ---- the ledger's records as JSON ------------------------------------------ */

/*
 * The exchange formats read the records as JSON: these give the domain's
 * typed records so. as_json() takes what a lookup of record `rec` (of type t)
 * returned and frees the record.
 */
static int as_json(json_t **out, int error, const ct_record_type *t, void *rec)
{
	*out = NULL;
	if (!error)
		error = ct_record_to_json(out, t, rec);
	ct_record_release(rec, t);
	free(rec);
	return error;
}

static int source_json(json_t **out, ct_ledger *l, const char *id)
{
	ct_source *src = NULL;
	int error = ct_source_get(&src, l, id);

	return as_json(out, error, &ct_source_type, src);
}

static int claim_json(json_t **out, ct_ledger *l, const char *id)
{
	ct_claim *claim = NULL;
	int error = ct_claim_get(&claim, l, id);

	return as_json(out, error, &ct_claim_type, claim);
}

static int sources_json(json_t **out, ct_ledger *l)
{
	ct_sources list;
	int error = ct_source_list(&list, l);

	*out = error ? NULL : ct_sources_json(&list);
	ct_sources_release(&list);
	return error;
}

static int claims_json(json_t **out, ct_ledger *l)
{
	ct_claims list;
	int error = ct_claim_list(&list, l, NULL, NULL);

	*out = error ? NULL : ct_claims_json(&list);
	ct_claims_release(&list);
	return error;
}

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
	if ((error = sources_json(&sources, l)) < 0 ||
	    (error = claims_json(&claims, l)) < 0)
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
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		ct_where at = {im->name, p, n, ++lineno};
		json_t *line = NULL;

		if (n == 0 || (n == 1 && p[0] == '\r'))
			return ct_where_error(&at, 0, "empty line");
		if ((error = ct_exchange_parse(&line, p, n, im->name, lineno)) < 0 ||
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
		error = strlen(id) == CT_ID_LEN && ct_id_chars_ok(id) ? claim_json(&rec, im->l, id)
		                                                       : CT_ENOTFOUND;
	else
		error = source_json(&rec, im->l, id);
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
	         strrchr(name, '/') ? strrchr(name, '/') + 1 : name, stats->sources, stats->texts,
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

/* ---- ClaimReview export -------------------------------------------------- */

/* Set obj[key] to a new reference; NULL values are skipped. Returns 0 or -1 (out of memory). */
static int set_new(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -1;
	return json_object_set_new(obj, key, value);
}

/* The CreativeWork of a citing source: its url, title and date. */
static json_t *creative_work(const json_t *src)
{
	json_t *w =
	    json_pack("{s:s, s:s}", "@type", "CreativeWork", "url", ct_json_str(src, "url", ""));

	if (w &&
	    ((ct_json_str(src, "title", NULL) &&
	      set_new(w, "name", json_string(ct_json_str(src, "title", NULL))) < 0) ||
	     (ct_json_str(src, "published", NULL) &&
	      set_new(w, "datePublished", json_string(ct_json_str(src, "published", NULL))) < 0))) {
		json_decref(w);
		return NULL;
	}
	return w;
}

/* Who made the claim, as far as its first appearance says: its authors, else its publisher. */
static json_t *claim_author(const json_t *src)
{
	const json_t *authors = json_object_get(src, "authors"), *a;
	json_t *list;
	size_t i;

	if (json_array_size(authors) == 0) {
		if (!ct_json_str(src, "publisher", NULL))
			return json_null();
		return json_pack("{s:s, s:s}", "@type", "Organization", "name",
		                 ct_json_str(src, "publisher", ""));
	}
	if (json_array_size(authors) == 1)
		return json_pack("{s:s, s:O}", "@type", "Person", "name",
		                 json_array_get(authors, 0));
	if (!(list = json_array()))
		return NULL;
	json_array_foreach(authors, i, a) {
		json_t *person = json_pack("{s:s, s:O}", "@type", "Person", "name", a);
		if (json_array_append_new(list, person) < 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

/* The itemReviewed Claim of a claim: where it appeared, first, and who said it. */
static int item_reviewed(json_t **out, ct_ledger *l, json_t *cache, const json_t *claim)
{
	json_t *item = json_pack("{s:s}", "@type", "Claim"), *appearance = json_array(),
	       *seen = json_object();
	const json_t *c, *first = NULL;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!item || !appearance || !seen) {
		error = ct_error_oom();
		goto done;
	}
	json_array_foreach(json_object_get(claim, "citations"), i, c) {
		const char *id = ct_json_str(c, "source", "");
		json_t *src = json_object_get(cache, id);
		const char *date, *best;
		if (json_object_get(seen, id))
			continue;
		if (!src) {
			if ((error = source_json(&src, l, id)) < 0 ||
			    (error = json_object_set_new(cache, id, src)) < 0)
				goto done;
		}
		if (json_object_set_new(seen, id, json_true()) < 0 ||
		    json_array_append_new(appearance, creative_work(src)) < 0) {
			error = ct_error_oom();
			goto done;
		}
		/* The first appearance: the earliest date; an undated source counts as latest. */
		date = ct_json_str(src, "published", NULL);
		best = first ? ct_json_str(first, "published", NULL) : NULL;
		if (!first || (date && (!best || strcmp(date, best) < 0)))
			first = src;
	}
	if (first) {
		json_t *who = claim_author(first);
		if (json_object_set(item, "appearance", appearance) < 0 ||
		    set_new(item, "firstAppearance", creative_work(first)) < 0 || !who ||
		    (!json_is_null(who) && json_object_set(item, "author", who) < 0) ||
		    (ct_json_str(first, "published", NULL) &&
		     set_new(item, "datePublished",
		             json_string(ct_json_str(first, "published", NULL))) < 0)) {
			json_decref(who);
			error = ct_error_oom();
			goto done;
		}
		json_decref(who);
	}
	*out = item;
	item = NULL;
done:
	json_decref(item);
	json_decref(appearance);
	json_decref(seen);
	return error;
}

/* When the verdict was set: the date of the last note, else of the last update. */
static json_t *verdict_date(const json_t *claim)
{
	const json_t *notes = json_object_get(claim, "notes");
	const char *when =
	    ct_json_str(json_array_get(notes, json_array_size(notes) - 1), "date", NULL);

	if (!when || strlen(when) < 10)
		when = ct_json_str(claim, "updated", "");
	return json_stringn(when, strlen(when) < 10 ? strlen(when) : 10);
}

int ct_export_claimreview(json_t **out, ct_ledger *l, const char *publisher, const char *base_url)
{
	json_t *claims = NULL, *graph = json_array(), *cache = json_object(), *doc = NULL, *claim;
	ct_buf url = CT_BUF_INIT;
	size_t i;
	int error;

	*out = NULL;
	if (!graph || !cache) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = claims_json(&claims, l)) < 0)
		goto done;
	json_array_foreach(claims, i, claim) {
		int value;
		const char *rating =
		    ct_claimreview_rating(ct_json_str(claim, "status", ""), &value);
		json_t *review, *item = NULL, *r;
		if (!rating)
			continue;
		ct_buf_reset(&url);
		if ((error =
		         ct_buf_printf(&url, "%s%s", base_url ? base_url : "urn:claimtrack:claim:",
		                       ct_json_str(claim, "id", ""))) < 0 ||
		    (error = item_reviewed(&item, l, cache, claim)) < 0)
			goto done;
		r = json_pack("{s:s, s:s}", "@type", "Rating", "alternateName", rating);
		if (r && value &&
		    (set_new(r, "ratingValue", json_integer(value)) < 0 ||
		     set_new(r, "bestRating", json_integer(5)) < 0 ||
		     set_new(r, "worstRating", json_integer(1)) < 0)) {
			json_decref(r);
			r = NULL;
		}
		review = json_pack(
		    "{s:s, s:s, s:O, s:o, s:{s:s, s:s}, s:o, s:o}", "@type", "ClaimReview", "url",
		    url.ptr, "claimReviewed", json_object_get(claim, "statement"), "datePublished",
		    verdict_date(claim), "author", "@type", "Organization", "name",
		    publisher ? publisher : "claimtrack", "reviewRating", r, "itemReviewed", item);
		if (!review || json_array_append_new(graph, review) < 0) {
			error = ct_error_set(CT_ERROR, "cannot build the ClaimReview of claim '%s'",
			                     ct_json_str(claim, "id", ""));
			goto done;
		}
	}
	if (!(doc = json_pack("{s:s, s:O}", "@context", "https://schema.org", "@graph", graph))) {
		error = ct_error_oom();
		goto done;
	}
	*out = doc;
done:
	json_decref(claims);
	json_decref(graph);
	json_decref(cache);
	ct_buf_release(&url);
	return error;
}

/* ---- ClaimReview import -------------------------------------------------- */

/* A ClaimReview node found in the document, and the path to it. */
struct review {
	const json_t *node;
	ct_json_seg path[3];
	size_t npath;
};

static int type_is_claimreview(const json_t *t)
{
	static const char *const names[] = {"ClaimReview", "schema:ClaimReview",
	                                    "http://schema.org/ClaimReview",
	                                    "https://schema.org/ClaimReview"};
	size_t i, j;

	if (json_is_array(t)) {
		for (j = 0; j < json_array_size(t); j++)
			if (type_is_claimreview(json_array_get(t, j)))
				return 1;
		return 0;
	}
	for (i = 0; json_is_string(t) && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(json_string_value(t), names[i]))
			return 1;
	return 0;
}

/* Add `node` (reached by prefix + one step) when it is a ClaimReview. */
static int add_review(struct review **list, size_t *n, const json_t *node, const ct_json_seg *prefix,
                      size_t np, ct_json_seg step)
{
	struct review *p;

	if (!json_is_object(node) || !type_is_claimreview(json_object_get(node, "@type")))
		return 0;
	if (!(p = realloc(*list, (*n + 1) * sizeof(*p))))
		return ct_error_oom();
	*list = p;
	p += (*n)++;
	memset(p, 0, sizeof(*p));
	p->node = node;
	if (np)
		memcpy(p->path, prefix, np * sizeof(*prefix));
	p->npath = np;
	if (step.key || step.index != (size_t)-1)
		p->path[p->npath++] = step;
	return 0;
}

/* The nodes of an object: itself, or the members of its "@graph". */
static int collect_object(struct review **list, size_t *n, const json_t *obj,
                          const ct_json_seg *prefix, size_t np)
{
	const json_t *graph = json_object_get(obj, "@graph"), *v;
	ct_json_seg step = {"@graph", 0}, path[2];
	size_t i;
	int error = 0;

	if (!json_is_array(graph))
		return add_review(list, n, obj, prefix, np, (ct_json_seg){NULL, (size_t)-1});
	if (np)
		memcpy(path, prefix, np * sizeof(*prefix));
	path[np] = step;
	json_array_foreach(graph, i, v) {
		if ((error = add_review(list, n, v, path, np + 1, (ct_json_seg){NULL, i})) < 0)
			break;
	}
	return error;
}

/* The ClaimReview nodes of a published document: an object, an array, an @graph. */
static int collect_reviews(struct review **list, size_t *n, const json_t *doc)
{
	const json_t *v;
	size_t i;
	int error = 0;

	*list = NULL;
	*n = 0;
	if (json_is_object(doc))
		return collect_object(list, n, doc, NULL, 0);
	json_array_foreach(doc, i, v) {
		ct_json_seg at = {NULL, i};
		if (json_is_object(v) && (error = collect_object(list, n, v, &at, 1)) < 0)
			break;
	}
	return error;
}

/* A member that may be given once or as a list: the value, or the list's first element. */
static const json_t *first_of(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_array(v) ? json_array_get(v, 0) : v;
}

/* A name: a string, or an object's "name", or a list of either (names joined by ", "). */
static int name_of(ct_buf *out, const json_t *v)
{
	ct_buf one = CT_BUF_INIT;
	size_t i;
	int error = 0;

	if (json_is_string(v))
		return ct_claimreview_text(out, json_string_value(v), json_string_length(v), 1);
	if (json_is_object(v))
		return name_of(out, json_object_get(v, "name"));
	for (i = 0; json_is_array(v) && i < json_array_size(v) && !error; i++) {
		ct_buf_reset(&one);
		if ((error = name_of(&one, json_array_get(v, i))) == 0 && one.len)
			error = ct_buf_printf(out, "%s%s", out->len ? ", " : "", one.ptr);
	}
	ct_buf_release(&one);
	return error;
}

/* A URL: a string, or an object's "url" (a CreativeWork). */
static const char *url_of(const json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "url");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A number given as a JSON number or as a string of one. */
static int number_of(double *out, const json_t *v)
{
	char *end;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 1;
	}
	if (!json_is_string(v) || !*json_string_value(v))
		return 0;
	*out = strtod(json_string_value(v), &end);
	return *end == '\0';
}

/*
 * The status of a reviewRating, and its words for the note (appended to
 * words): alternateName, else name; else a numeric rating, mapped only at the
 * ends of its scale (schema.org's default scale is 1 to 5).
 */
static int rating_of(const char **status, ct_buf *words, const json_t *rating)
{
	const json_t *text = json_object_get(rating, "alternateName");
	double v, best = 5, worst = 1;
	int error;

	*status = NULL;
	if (!json_is_string(text) || !*json_string_value(text))
		text = json_object_get(rating, "name");
	if (json_is_string(text)) {
		if ((error = ct_claimreview_text(words, json_string_value(text),
		                                 json_string_length(text), 1)) < 0)
			return error;
		if (words->len) {
			*status = ct_claimreview_status(words->ptr);
			return 0;
		}
	}
	if (!number_of(&v, json_object_get(rating, "ratingValue")))
		return 0;
	number_of(&best, json_object_get(rating, "bestRating"));
	number_of(&worst, json_object_get(rating, "worstRating"));
	if (v == best)
		*status = "supported";
	else if (v == worst)
		*status = "refuted";
	return ct_buf_printf(words, "%g (worst %g, best %g)", v, worst, best);
}

/* Append "; " (unless the text is empty) and a labelled part. */
static int note_part(ct_buf *note, const char *label, const char *text)
{
	if (!text || !*text)
		return 0;
	if (note->len && ct_buf_puts(note, "; ") < 0)
		return CT_ERROR;
	return ct_buf_printf(note, "%s%s", label, text);
}

/* The claim record of one ClaimReview. out: [out] ct_claim_free(). */
static int review_claim(ct_claim **out, const ct_where *w, const struct review *r, const char *id,
                        const char *now, const char *author)
{
	const json_t *node = r->node, *stated = json_object_get(node, "claimReviewed"), *item, *v;
	ct_buf statement = CT_BUF_INIT, note = CT_BUF_INIT, words = CT_BUF_INIT,
	       reviewer = CT_BUF_INIT, date = CT_BUF_INIT, who = CT_BUF_INIT, also = CT_BUF_INIT;
	ct_json_seg path[5];
	const char *status = NULL;
	ct_note n;
	char when[32];
	time_t t;
	size_t i;
	int error = 0;

	*out = NULL;
	memset(&n, 0, sizeof(n));
	memcpy(path, r->path, r->npath * sizeof(*path));
	/* The statement: claimReviewed, or the first of its list; the others go in the note. */
	for (i = 0; !error && i < (json_is_array(stated) ? json_array_size(stated) : 1); i++) {
		const json_t *s = json_is_array(stated) ? json_array_get(stated, i) : stated;
		ct_buf *to = statement.len ? &also : &statement;
		if (!json_is_string(s))
			continue;
		if (to == &also && also.len)
			error = ct_buf_puts(&also, " | ");
		if (!error)
			error =
			    ct_claimreview_text(to, json_string_value(s), json_string_length(s), 1);
	}
	if (error)
		goto done;
	if (!statement.len || ct_text_is_blank(statement.ptr, statement.len)) {
		path[r->npath] = (ct_json_seg){"claimReviewed", 0};
		error = ct_where_error(w, ct_where_locate(w, path, r->npath + 1),
		                 "a ClaimReview without a claimReviewed");
		goto done;
	}
	if ((v = first_of(node, "reviewRating")) && (error = rating_of(&status, &words, v)) < 0)
		goto done;
	if ((error = name_of(&reviewer, json_object_get(node, "author"))) < 0 ||
	    (!reviewer.len && (error = name_of(&reviewer, json_object_get(node, "publisher"))) < 0))
		goto done;
	if ((v = json_object_get(node, "datePublished")) && json_is_string(v) &&
	    (error = ct_claimreview_text(&date, json_string_value(v), json_string_length(v), 1)) <
	        0)
		goto done;
	/* The note is dated when the verdict was given, when the review says. */
	snprintf(when, sizeof(when), "%s", now);
	if (date.len && ct_time_parse(&t, date.ptr) == 0)
		ct_time_format(when, t);
	item = first_of(node, "itemReviewed");
	if ((error = name_of(&who, json_object_get(item, "author"))) < 0)
		goto done;
	if ((error = ct_buf_puts(&note, "ClaimReview")) < 0 ||
	    (reviewer.len && (error = ct_buf_printf(&note, " by %s", reviewer.ptr)) < 0) ||
	    (date.len && (error = ct_buf_printf(&note, " on %s", date.ptr)) < 0) ||
	    (url_of(json_object_get(node, "url")) &&
	     (error = ct_buf_printf(&note, ": %s", url_of(json_object_get(node, "url")))) < 0) ||
	    (error = note_part(&note, "rating: ", words.ptr)) < 0 ||
	    (error = note_part(&note, "claimed by ", who.ptr)) < 0 ||
	    (error = note_part(&note, "first appeared at ",
	                       url_of(json_object_get(item, "firstAppearance")))) < 0 ||
	    (error = note_part(&note, "also reviewed as: ", also.ptr)) < 0)
		goto done;
	if ((error = ct_claim_new(out, id, statement.ptr, now)) < 0)
		goto done;
	/* The rating table maps to statuses only. */
	if (status)
		(*out)->status = ct_field_name_index(ct_status_names, status);
	assert((*out)->status >= 0);
	if ((error = ct_note_init(&n, when, author, (*out)->status, note.ptr)) < 0 ||
	    (error = ct_claim_add_note(*out, &n)) < 0) {
		ct_claim_free(*out);
		*out = NULL;
	}
done:
	ct_record_release(&n, &ct_note_type);
	ct_buf_release(&statement);
	ct_buf_release(&note);
	ct_buf_release(&words);
	ct_buf_release(&reviewer);
	ct_buf_release(&date);
	ct_buf_release(&who);
	ct_buf_release(&also);
	return error;
}

int ct_import_claimreview(json_t **claims, ct_import_stats *stats, ct_ledger *l, const char *data,
                          size_t len, const char *name)
{
	ct_where w = {name, data, len, 1};
	struct review *reviews = NULL;
	json_t *doc = NULL, *added = json_array(), *taken = json_object(), *existing = NULL,
	       *rec = NULL;
	ct_claim *claim = NULL;
	ct_buf msg = CT_BUF_INIT, body = CT_BUF_INIT, salt = CT_BUF_INIT, path = CT_BUF_INIT;
	char now[32], id[CT_ID_LEN + 1], author[512], *aname = NULL, *email = NULL;
	size_t n = 0, i;
	time_t t;
	int error;

	if (claims)
		*claims = NULL;
	memset(stats, 0, sizeof(*stats));
	if (!added || !taken) {
		error = ct_error_oom();
		goto done;
	}
	if ((error = ct_exchange_parse(&doc, data, len, name, 1)) < 0 ||
	    (error = collect_reviews(&reviews, &n, doc)) < 0)
		goto done;
	if (n == 0) {
		error = ct_error_set(CT_EINVALID, "'%s' holds no ClaimReview", name);
		goto done;
	}
	if ((error = ct_ledger_begin(l)) < 0)
		goto done;
	if ((error = ct_clock_now(&t)) < 0 || (error = ct_ledger_author(&aname, &email, l)) < 0)
		goto done;
	ct_time_format(now, t);
	snprintf(author, sizeof(author), "%s <%s>", aname, email);
	for (i = 0; i < n; i++) {
		char *node;
		/*
		 * The claim's id comes from the review itself, as published (keys sorted,
		 * spacing dropped): a review imported again, here or on another machine,
		 * is the claim it made the first time, not a second one.
		 */
		ct_claim_free(claim);
		if ((error = review_claim(&claim, &w, &reviews[i], "", now, author)) < 0)
			goto done;
		if (!(node = json_dumps(reviews[i].node, JSON_SORT_KEYS | JSON_COMPACT))) {
			error = ct_error_oom();
			goto done;
		}
		ct_buf_reset(&salt);
		error = ct_buf_printf(&salt, "claimreview\n%s", node);
		free(node);
		if (error < 0)
			goto done;
		ct_id_of(id, salt.ptr, salt.len);
		json_decref(existing);
		existing = NULL;
		if (json_object_get(taken, id) || (error = claim_json(&existing, l, id)) == 0) {
			stats->unchanged++;
			continue;
		}
		if (error != CT_ENOTFOUND)
			goto done;
		ct_error_clear();
		ct_buf_reset(&path);
		if ((error = ct_field_set_string(&claim->id, id)) < 0 ||
		    (error = ct_claim_to_json(&rec, claim)) < 0 ||
		    (error = ct_path_claim(&path, id)) < 0 ||
		    (error = ct_ledger_stage_json(l, path.ptr, rec)) < 0 ||
		    (error = ct_buf_printf(&body, "%s %s: ", id, ct_status_names[claim->status])) < 0 ||
		    (error = ct_claim_summary(&body, claim->statement)) < 0 ||
		    (error = ct_buf_putc(&body, '\n')) < 0)
			goto done;
		if (json_object_set_new(taken, id, json_true()) < 0 ||
		    json_array_append_new(added, rec) < 0) {
			rec = NULL;
			error = ct_error_oom();
			goto done;
		}
		rec = NULL;
	}
	stats->claims = json_array_size(added);
	/* The file's own name, not its path: the history names no directory of this machine. */
	if (stats->claims &&
	    ((error = ct_buf_printf(&msg, "Import %zu ClaimReview record%s from %s\n\n%s",
	                            stats->claims, stats->claims == 1 ? "" : "s",
	                            strrchr(name, '/') ? strrchr(name, '/') + 1 : name, body.ptr)) <
	         0 ||
	     (error = ct_ledger_commit(l, msg.ptr, &stats->committed)) < 0))
		goto done;
	if (claims) {
		*claims = added;
		added = NULL;
	}
done:
	ct_ledger_abort(l);
	free(reviews);
	free(aname);
	free(email);
	json_decref(doc);
	json_decref(added);
	json_decref(taken);
	json_decref(existing);
	json_decref(rec);
	ct_claim_free(claim);
	ct_buf_release(&msg);
	ct_buf_release(&body);
	ct_buf_release(&salt);
	ct_buf_release(&path);
	return error;
}

/* ---- CSL-JSON export ----------------------------------------------------- */

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
	if ((error = sources_json(&sources, l)) < 0)
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
		     set_new(item, "title", json_string(ct_json_str(src, "title", ""))) < 0) ||
		    (publisher && set_new(item, report ? "publisher" : "container-title",
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
