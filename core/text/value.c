/* core/text/value.c: the value a passage asserts: the type, JSON, comparing and formatting. */
#include "value.h"
#include "error.h"
#include "utf8.h"
#include "util.h"
#include "value_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- the values */

void ct_value_init(ct_value *v)
{
	memset(v, 0, sizeof(*v));
}

void ct_value_release(ct_value *v)
{
	if (!v)
		return;
	free(v->text);
	free(v->qualifier);
	free(v->unit);
	ct_value_init(v);
}

/* ------------------------------------------------------ canonical dates */

int ct_value_days_in_month(int month, int year)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && year && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 28;
	return days[month - 1];
}

int ct_value_read_date(const char *s, size_t len, int min_year, int *y, int *m, int *d)
{
	size_t i;
	int v[3] = {0, 0, 0};
	const char *shape;

	*y = *m = *d = 0;
	if (len == 10)
		shape = "dddd-dd-dd";
	else if (len == 7 && s[0] == '-')
		shape = "--dd-dd";
	else if (len == 7)
		shape = "dddd-dd";
	else if (len == 4)
		shape = "dddd";
	else
		return 0;
	for (i = 0; i < len; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return 0;
	for (i = 0; i < len; i++)
		if (is_digit(s[i]))
			v[i < 4   ? 0
			  : i < 7 ? 1
			          : 2] = v[i < 4   ? 0
			                   : i < 7 ? 1
			                           : 2] *
			                     10 +
			                 (s[i] - '0');
	if (shape[0] == '-') { /* --MM-DD: the fields sit at 2-3 and 5-6 */
		*m = (s[2] - '0') * 10 + (s[3] - '0');
		*d = (s[5] - '0') * 10 + (s[6] - '0');
		return *d >= 1 && *d <= ct_value_days_in_month(*m, 0) ? 1 : -1;
	}
	if (len == 4 && v[0] < min_year)
		return 0;
	*y = v[0];
	*m = v[1];
	*d = v[2];
	if (*y < 1 || (len >= 7 && (*m < 1 || *m > 12)) ||
	    (len == 10 && (*d < 1 || *d > ct_value_days_in_month(*m, *y))))
		return -1;
	return 1;
}

/* ------------------------------------------------------------------- JSON */

/* A bound or figure: null when unbounded, an integer when whole and exact. */
static json_t *json_bound(double x)
{
	if (isinf(x))
		return json_null();
	if (x == floor(x) && fabs(x) <= 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

static void date_string(char out[16], const ct_value *v)
{
	if (v->year && v->month && v->day)
		snprintf(out, 16, "%04d-%02d-%02d", v->year, v->month, v->day);
	else if (v->year && v->month)
		snprintf(out, 16, "%04d-%02d", v->year, v->month);
	else if (v->year)
		snprintf(out, 16, "%04d", v->year);
	else
		snprintf(out, 16, "--%02d-%02d", v->month, v->day);
}

/* Set key to a string; NULL strings are "". Returns 0 or the error (message set). */
static int set_string(json_t *obj, const char *key, const char *s)
{
	json_t *str = json_string(s ? s : "");

	if (!str && s && ct_utf8_valid_len(s, strlen(s)) < strlen(s))
		return ct_error_set(CT_EINVALID, "value %s '%s' is not valid utf-8", key, s);
	if (!str)
		return ct_error_oom();
	return json_object_set_new(obj, key, str) < 0 ? ct_error_oom() : 0;
}

static int set_new(json_t *obj, const char *key, json_t *value)
{
	return json_object_set_new(obj, key, value) < 0 ? ct_error_oom() : 0;
}

json_t *ct_value_to_json(const ct_value *v)
{
	json_t *obj = NULL;
	char date[16];

	if (!v || v->kind == CT_VALUE_NONE)
		return json_null();
	if (!(obj = json_object())) {
		ct_error_oom();
		return NULL;
	}
	if (v->kind == CT_VALUE_DATE) {
		date_string(date, v);
		if (set_new(obj, "kind", json_string("date")) < 0 ||
		    set_string(obj, "text", v->text) < 0 ||
		    set_new(obj, "date", json_string(date)) < 0)
			goto fail;
		return obj;
	}
	if (set_new(obj, "kind", json_string("quantity")) < 0 ||
	    set_string(obj, "text", v->text) < 0 ||
	    set_string(obj, "qualifier", v->qualifier) < 0 ||
	    set_string(obj, "unit", v->unit) < 0 ||
	    set_new(obj, "number", json_bound(v->number)) < 0 ||
	    set_new(obj, "min", json_bound(v->min)) < 0 ||
	    set_new(obj, "max", json_bound(v->max)) < 0 ||
	    set_new(obj, "min_open", json_boolean(v->min_open)) < 0 ||
	    set_new(obj, "max_open", json_boolean(v->max_open)) < 0)
		goto fail;
	return obj;
fail:
	json_decref(obj);
	return NULL;
}

/* A string field: *out a new copy ("" when optional and missing). */
static int get_string(char **out, const json_t *j, const char *key, int required)
{
	const json_t *f = json_object_get(j, key);

	if (!f && !required)
		return (*out = ct_memdup("", 0)) ? 0 : ct_error_oom();
	if (!json_is_string(f))
		return ct_error_set(CT_EINVALID, "invalid value record: '%s' is not a string", key);
	*out = ct_memdup(json_string_value(f), json_string_length(f));
	return *out ? 0 : ct_error_oom();
}

/* A number field; null means `unbounded` when that is allowed (not NAN). */
static int get_number(double *out, const json_t *j, const char *key, double unbounded)
{
	const json_t *f = json_object_get(j, key);

	if (json_is_null(f) && !isnan(unbounded)) {
		*out = unbounded;
		return 0;
	}
	if (!json_is_number(f))
		return ct_error_set(CT_EINVALID, "invalid value record: '%s' is not a number", key);
	*out = json_number_value(f);
	return 0;
}

static int get_bool(int *out, const json_t *j, const char *key)
{
	const json_t *f = json_object_get(j, key);

	if (!f) {
		*out = 0;
		return 0;
	}
	if (!json_is_boolean(f))
		return ct_error_set(CT_EINVALID, "invalid value record: '%s' is not a boolean",
		                    key);
	*out = json_is_true(f);
	return 0;
}

int ct_value_from_json(ct_value *out, const json_t *j)
{
	ct_value v;
	const char *kind;
	int error = 0;

	ct_value_init(out);
	ct_value_init(&v);
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_object(j))
		return ct_error_set(CT_EINVALID, "invalid value record: not an object");
	kind = json_string_value(json_object_get(j, "kind"));
	if (!kind)
		return ct_error_set(CT_EINVALID, "invalid value record: 'kind' is not a string");
	if (!strcmp(kind, "date")) {
		const char *date = json_string_value(json_object_get(j, "date"));

		v.kind = CT_VALUE_DATE;
		if (!date ||
		    ct_value_read_date(date, strlen(date), 1, &v.year, &v.month, &v.day) <= 0) {
			error = ct_error_set(CT_EINVALID, "invalid value record: bad 'date' '%s'",
			                     date ? date : "");
			goto done;
		}
		v.qualifier = ct_memdup("", 0);
		v.unit = ct_memdup("", 0);
		if (!v.qualifier || !v.unit) {
			error = ct_error_oom();
			goto done;
		}
		if ((error = get_string(&v.text, j, "text", 1)) < 0)
			goto done;
	} else if (!strcmp(kind, "quantity")) {
		v.kind = CT_VALUE_QUANTITY;
		if ((error = get_string(&v.text, j, "text", 1)) < 0 ||
		    (error = get_string(&v.qualifier, j, "qualifier", 0)) < 0 ||
		    (error = get_string(&v.unit, j, "unit", 0)) < 0 ||
		    (error = get_number(&v.number, j, "number", NAN)) < 0 ||
		    (error = get_number(&v.min, j, "min", -INFINITY)) < 0 ||
		    (error = get_number(&v.max, j, "max", INFINITY)) < 0 ||
		    (error = get_bool(&v.min_open, j, "min_open")) < 0 ||
		    (error = get_bool(&v.max_open, j, "max_open")) < 0)
			goto done;
		if (v.min > v.max) {
			error = ct_error_set(CT_EINVALID,
			                     "invalid value record: 'min' %g is above 'max' %g",
			                     v.min, v.max);
			goto done;
		}
	} else {
		error =
		    ct_error_set(CT_EINVALID, "invalid value record: unknown 'kind' '%s'", kind);
		goto done;
	}
	*out = v;
	ct_value_init(&v);
done:
	ct_value_release(&v);
	return error;
}

/* ------------------------------------------------------------- comparing */

/*
 * A unit's comparison key in key[size]: lowercase, synonyms folded to one
 * word, plurals to the singular ("households" "household", "people" "person").
 */
static void unit_key(const char *unit, char *key, size_t size)
{
	static const char *const synonyms[][2] = {
	    {"%", "percent"},         {"per cent", "percent"}, {"pc", "percent"},
	    {"pct", "percent"},       {"\xC2\xA3", "pound"},   {"pounds", "pound"},
	    {"sterling", "pound"},    {"gbp", "pound"},        {"pounds sterling", "pound"},
	    {"$", "dollar"},          {"dollars", "dollar"},   {"usd", "dollar"},
	    {"\xE2\x82\xAC", "euro"}, {"euros", "euro"},       {"eur", "euro"},
	    {"jpy", "yen"},           {"people", "person"},    {"persons", "person"},
	    {"men", "man"},           {"women", "woman"},      {"children", "child"},
	};
	size_t n, i;

	for (n = 0; unit[n] && n + 1 < size; n++)
		key[n] = (char)to_lower((unsigned char)unit[n]);
	key[n] = '\0';
	for (i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++)
		if (!strcmp(key, synonyms[i][0])) {
			snprintf(key, size, "%s", synonyms[i][1]);
			return;
		}
	if (n > 4 && !strcmp(key + n - 3, "ies")) {
		strcpy(key + n - 3, "y");
	} else if (n > 4 && (!strcmp(key + n - 4, "ches") || !strcmp(key + n - 4, "shes") ||
	                     !strcmp(key + n - 4, "sses") || !strcmp(key + n - 3, "xes"))) {
		key[n - 2] = '\0';
	} else if (n > 2 && key[n - 1] == 's' && key[n - 2] != 's' && key[n - 2] != 'u' &&
	           key[n - 2] != 'i') {
		key[n - 1] = '\0';
	}
}

int ct_value_compatible(const ct_value *a, const ct_value *b)
{
	char ka[128], kb[128];
	double lo, hi;
	int lo_open, hi_open;

	if (!a || !b || a->kind == CT_VALUE_NONE || b->kind == CT_VALUE_NONE || a->kind != b->kind)
		return -1;
	if (a->kind == CT_VALUE_DATE)
		return !((a->year && b->year && a->year != b->year) ||
		         (a->month && b->month && a->month != b->month) ||
		         (a->day && b->day && a->day != b->day));
	if (a->unit && *a->unit && b->unit && *b->unit) {
		unit_key(a->unit, ka, sizeof(ka));
		unit_key(b->unit, kb, sizeof(kb));
		if (strcmp(ka, kb))
			return -1;
	}
	/* the intersection of the two intervals */
	if (a->min != b->min) {
		lo = a->min > b->min ? a->min : b->min;
		lo_open = a->min > b->min ? a->min_open : b->min_open;
	} else {
		lo = a->min;
		lo_open = a->min_open || b->min_open;
	}
	if (a->max != b->max) {
		hi = a->max < b->max ? a->max : b->max;
		hi_open = a->max < b->max ? a->max_open : b->max_open;
	} else {
		hi = a->max;
		hi_open = a->max_open || b->max_open;
	}
	return lo < hi || (lo == hi && !lo_open && !hi_open);
}

/* ------------------------------------------------------------- formatting */

/* A figure: whole numbers in full, with commas when `grouped` ("4,500"). */
static int put_number(ct_buf *out, double x, int grouped)
{
	char digits[32];
	size_t n, i;

	if (isinf(x))
		return ct_buf_puts(out, x > 0 ? "inf" : "-inf");
	if (x != floor(x) || fabs(x) >= 1e15)
		return ct_buf_printf(out, "%.15g", x);
	n = (size_t)snprintf(digits, sizeof(digits), "%.0f", fabs(x));
	if (x < 0 && ct_buf_putc(out, '-') < 0)
		return CT_ERROR;
	for (i = 0; i < n; i++) {
		if (grouped && i > 0 && (n - i) % 3 == 0 && ct_buf_putc(out, ',') < 0)
			return CT_ERROR;
		if (ct_buf_putc(out, digits[i]) < 0)
			return CT_ERROR;
	}
	return 0;
}

static int put_interval(ct_buf *out, const ct_value *v)
{
	const char *op = NULL;
	double x = 0;

	if (v->min == v->max && !v->min_open && !v->max_open) {
		op = "= ";
		x = v->min;
	} else if (isinf(v->max) && !isinf(v->min)) {
		op = v->min_open ? "> " : ">= ";
		x = v->min;
	} else if (v->min == 0 && !v->min_open && !isinf(v->max)) {
		op = v->max_open ? "< " : "<= ";
		x = v->max;
	}
	if (op)
		return ct_buf_puts(out, op) < 0 || put_number(out, x, 0) < 0 ? CT_ERROR : 0;
	if (ct_buf_putc(out, v->min_open ? '(' : '[') < 0 || put_number(out, v->min, 0) < 0 ||
	    ct_buf_puts(out, ", ") < 0 || put_number(out, v->max, 0) < 0 ||
	    ct_buf_putc(out, v->max_open ? ')' : ']') < 0)
		return CT_ERROR;
	return 0;
}

static int is_vague_name(const char *q)
{
	const struct vague *v;

	if (!strncmp(q, "several ", 8))
		return 1;
	for (v = ct_value_vagues; v->first; v++)
		if (!strcmp(q, v->name))
			return 1;
	return 0;
}

int ct_value_format(ct_buf *out, const ct_value *v)
{
	char date[16];
	const char *q, *unit;

	if (!v || v->kind == CT_VALUE_NONE)
		return ct_buf_puts(out, "no value");
	if (v->kind == CT_VALUE_DATE) {
		date_string(date, v);
		return ct_buf_printf(out, "%s (%s)", v->text ? v->text : "", date);
	}
	q = v->qualifier ? v->qualifier : "";
	unit = v->unit ? v->unit : "";
	if (is_vague_name(q)) {
		if (ct_buf_puts(out, q) < 0 ||
		    (*unit && ct_buf_printf(out, "%s%s", strncmp(q, "several ", 8) ? " of " : " ",
		                            unit) < 0))
			return CT_ERROR;
	} else if (!strcmp(q, "between")) {
		if (ct_buf_puts(out, "between ") < 0 || put_number(out, v->number, 1) < 0 ||
		    ct_buf_puts(out, " and ") < 0 || put_number(out, v->max, 1) < 0 ||
		    (*unit && ct_buf_printf(out, " %s", unit) < 0))
			return CT_ERROR;
	} else {
		if ((*q && ct_buf_printf(out, "%s ", q) < 0) || put_number(out, v->number, 1) < 0 ||
		    (*unit && ct_buf_printf(out, " %s", unit) < 0))
			return CT_ERROR;
	}
	if (ct_buf_puts(out, " (") < 0 || put_interval(out, v) < 0 || ct_buf_putc(out, ')') < 0)
		return CT_ERROR;
	return 0;
}
