/* core/features/claimreview.c: schema.org ClaimReview out (the claims with a verdict) and in. */
#include "claimreview.h"
#include "error.h"
#include "exchange_int.h"
#include "json.h"
#include "model.h"
#include "record.h"
#include "text.h"
#include "util.h"
#include "where.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

/* ct_claimreview_status(), telling "no status" from out of memory: 0 or CT_ERROR. */
static int rating_status(const char **out, const char *rating)
{
	static const char *const dashes[] = {" - ", "\xe2\x80\x93", "\xe2\x80\x94"}; /* -, en, em */
	ct_buf t = CT_BUF_INIT;
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t rc;
	const char *s;
	size_t n, i;
	int error = 0;

	*out = NULL;
	if (!rating || (error = ct_claimreview_text(&t, rating, strlen(rating), 1)) < 0)
		goto done;
	/* Case folded, accents removed: "ENGAÑOSO" and "engañoso" are "enganoso". */
	if ((rc = utf8proc_map((const utf8proc_uint8_t *)t.ptr, (utf8proc_ssize_t)t.len, &folded,
	                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	                           UTF8PROC_STRIPMARK)) < 0) {
		if (rc == UTF8PROC_ERROR_NOMEM)
			error = ct_error_oom();
		goto done;
	}
	s = (const char *)folded;
	if ((*out = rating_lookup(s, strlen(s))))
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
		*out = rating_lookup(s, n);
done:
	free(folded);
	ct_buf_release(&t);
	return error;
}

const char *ct_claimreview_status(const char *rating)
{
	const char *status;

	return rating_status(&status, rating) < 0 ? NULL : status;
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

/* ---- ClaimReview export -------------------------------------------------- */

/* The CreativeWork of a citing source: its url, title and date. */
static json_t *creative_work(const json_t *src)
{
	const char *title = ct_json_str(src, "title", NULL), *date = ct_json_str(src, "published", NULL);
	json_t *w =
	    json_pack("{s:s, s:s}", "@type", "CreativeWork", "url", ct_json_str(src, "url", ""));

	if (w && ((title && ct_exchange_set_new(w, "name", json_string(title)) < 0) ||
	          (date && ct_exchange_set_new(w, "datePublished", json_string(date)) < 0))) {
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
			if ((error = ct_exchange_source_json(&src, l, id)) < 0 ||
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
		    ct_exchange_set_new(item, "firstAppearance", creative_work(first)) < 0 || !who ||
		    (!json_is_null(who) && json_object_set(item, "author", who) < 0) ||
		    (ct_json_str(first, "published", NULL) &&
		     ct_exchange_set_new(item, "datePublished",
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
	if ((error = ct_exchange_claims_json(&claims, l)) < 0)
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
		    (ct_exchange_set_new(r, "ratingValue", json_integer(value)) < 0 ||
		     ct_exchange_set_new(r, "bestRating", json_integer(5)) < 0 ||
		     ct_exchange_set_new(r, "worstRating", json_integer(1)) < 0)) {
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
			return rating_status(status, words->ptr);
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
	size_t bom = ct_exchange_bom(data, len);
	ct_where w = {name, data + bom, len - bom, 1};
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
	if ((error = ct_json_parse(&doc, w.text, w.len, name, 1)) < 0 ||
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
		/*
		 * The claim's id comes from the review itself, as published (keys sorted,
		 * spacing dropped): a review imported again, here or on another machine,
		 * is the claim it made the first time, not a second one.
		 */
		ct_claim_free(claim);
		if ((error = review_claim(&claim, &w, &reviews[i], "", now, author)) < 0)
			goto done;
		ct_buf_reset(&salt);
		if ((error = ct_buf_puts(&salt, "claimreview\n")) < 0 ||
		    (error = ct_json_dump(&salt, reviews[i].node, JSON_SORT_KEYS | JSON_COMPACT)) < 0)
			goto done;
		ct_id_of(id, salt.ptr, salt.len);
		json_decref(existing);
		existing = NULL;
		if (json_object_get(taken, id) ||
		    (error = ct_exchange_claim_json(&existing, l, id)) == 0) {
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
		if (json_object_set_new(taken, id, json_true()) < 0) {
			error = ct_error_oom();
			goto done;
		}
		/* json_array_append_new takes the reference, also when it fails. */
		error = json_array_append_new(added, rec) < 0 ? ct_error_oom() : 0;
		rec = NULL;
		if (error)
			goto done;
	}
	stats->claims = json_array_size(added);
	/* The file's own name, not its path: the history names no directory of this machine. */
	if (stats->claims &&
	    ((error = ct_buf_printf(&msg, "Import %zu ClaimReview record%s from %s\n\n%s",
	                            stats->claims, stats->claims == 1 ? "" : "s",
	                            ct_exchange_file_name(name), body.ptr)) <
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

