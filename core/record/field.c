/* core/record/field.c: records driven by their field tables: parse, validate, write, compare, copy.
 */
#include "field.h"
#include "error.h"
#include "json.h"
#include "utf8.h"
#include "util.h"
#include "value.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- members: one field's storage, whatever record holds it ------------------ */

static void *member(void *rec, const ct_field *f)
{
	return (char *)rec + f->offset;
}

static const void *cmember(const void *rec, const ct_field *f)
{
	return (const char *)rec + f->offset;
}

/*
 * A record collection through its generic layout. The record types declare
 * typed list structs of the same layout (record.c asserts it); memcpy reads
 * and writes them without reading one type through another's lvalue.
 */
static ct_list list_get(const void *m)
{
	ct_list l;

	memcpy(&l, m, sizeof(l));
	return l;
}

static void list_put(void *m, const ct_list *l)
{
	memcpy(m, l, sizeof(*l));
}

/* The storage of any one field, for building a field apart before it replaces another. */
typedef union member_store {
	char *s;
	long long i;
	double d;
	int e;
	ct_value v;
	ct_list l;
	ct_strlist sl;
} member_store;

static size_t member_size(const ct_field *f)
{
	switch (f->kind) {
	case CT_FIELD_STRING:
		return sizeof(char *);
	case CT_FIELD_INT:
		return sizeof(long long);
	case CT_FIELD_REAL:
		return sizeof(double);
	case CT_FIELD_ENUM:
		return sizeof(int);
	case CT_FIELD_VALUE:
		return sizeof(ct_value);
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		return sizeof(ct_list);
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		return sizeof(ct_strlist);
	}
	return 0;
}

static int member_absent(const ct_field *f, const void *m)
{
	switch (f->kind) {
	case CT_FIELD_STRING:
		return *(char *const *)m == NULL;
	case CT_FIELD_INT:
		return *(const long long *)m < 0;
	case CT_FIELD_REAL:
		return 0;
	case CT_FIELD_ENUM:
		return *(const int *)m < 0;
	case CT_FIELD_VALUE:
		return ((const ct_value *)m)->kind == CT_VALUE_NONE;
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		return !list_get(m).present;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		return !((const ct_strlist *)m)->present;
	}
	return 1;
}

/* Make member m absent, with nothing to free: what a zeroed struct holds, but -1 for numbers. */
static void member_set_absent(const ct_field *f, void *m)
{
	if (f->kind == CT_FIELD_INT)
		*(long long *)m = -1;
	else if (f->kind == CT_FIELD_ENUM)
		*(int *)m = -1;
}

/* borrowed: the strings are not the record's (ct_record_view), only the array is. */
static void strlist_release(ct_strlist *sl, int borrowed)
{
	size_t i;

	for (i = 0; i < sl->n && !borrowed; i++)
		free(sl->v[i]);
	free(sl->v);
	memset(sl, 0, sizeof(*sl));
}

static void release(void *rec, const ct_record_type *t, int borrowed);

static void member_release(const ct_field *f, void *m, int borrowed)
{
	ct_list l;
	size_t i;

	switch (f->kind) {
	case CT_FIELD_STRING:
		if (!borrowed)
			free(*(char **)m);
		*(char **)m = NULL;
		break;
	case CT_FIELD_VALUE:
		ct_value_release(m);
		break;
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		l = list_get(m);
		for (i = 0; i < l.n; i++)
			release((char *)l.v + i * f->of->size, f->of, borrowed);
		free(l.v);
		memset(&l, 0, sizeof(l));
		list_put(m, &l);
		break;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		strlist_release(m, borrowed);
		break;
	default:
		break;
	}
}

/* A copy of a string that may be NULL: 0, or CT_ERROR. */
static int dup_opt(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = ct_memdup(s, strlen(s))))
		return ct_error_oom();
	return 0;
}

static int value_copy(ct_value *dst, const ct_value *src)
{
	*dst = *src;
	dst->text = dst->qualifier = dst->unit = NULL;
	if (dup_opt(&dst->text, src->text) < 0 || dup_opt(&dst->qualifier, src->qualifier) < 0 ||
	    dup_opt(&dst->unit, src->unit) < 0) {
		ct_value_release(dst);
		return CT_ERROR;
	}
	return 0;
}

static int str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int value_equal(const ct_value *a, const ct_value *b)
{
	return a->kind == b->kind && str_same(a->text, b->text) &&
	       str_same(a->qualifier, b->qualifier) && str_same(a->unit, b->unit) &&
	       a->number == b->number && a->min == b->min && a->max == b->max &&
	       a->min_open == b->min_open && a->max_open == b->max_open && a->year == b->year &&
	       a->month == b->month && a->day == b->day;
}

/* Copy member sm into the uninitialised dm. 0, or CT_ERROR (dm is then absent). */
static int member_copy(const ct_field *f, void *dm, const void *sm)
{
	ct_list sl, dl;
	const ct_strlist *ss;
	ct_strlist *ds;
	size_t i;

	switch (f->kind) {
	case CT_FIELD_STRING:
		return dup_opt(dm, *(char *const *)sm);
	case CT_FIELD_INT:
		*(long long *)dm = *(const long long *)sm;
		return 0;
	case CT_FIELD_REAL:
		*(double *)dm = *(const double *)sm;
		return 0;
	case CT_FIELD_ENUM:
		*(int *)dm = *(const int *)sm;
		return 0;
	case CT_FIELD_VALUE:
		return value_copy(dm, sm);
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		sl = list_get(sm);
		memset(&dl, 0, sizeof(dl));
		dl.present = sl.present;
		if (sl.n && !(dl.v = calloc(sl.n, f->of->size)))
			return ct_error_oom();
		list_put(dm, &dl);
		for (dl.n = 0; dl.n < sl.n; dl.n++) {
			if (ct_record_copy((char *)dl.v + dl.n * f->of->size, f->of,
			                   (const char *)sl.v + dl.n * f->of->size) < 0) {
				list_put(dm, &dl);
				member_release(f, dm, 0);
				return CT_ERROR;
			}
		}
		list_put(dm, &dl);
		return 0;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		ss = sm;
		ds = dm;
		memset(ds, 0, sizeof(*ds));
		ds->present = ss->present;
		if (ss->n && !(ds->v = calloc(ss->n, sizeof(*ds->v))))
			return ct_error_oom();
		for (i = 0; i < ss->n; i++, ds->n++)
			if (dup_opt(&ds->v[i], ss->v[i]) < 0) {
				strlist_release(ds, 0);
				return CT_ERROR;
			}
		return 0;
	}
	return 0;
}

static int member_equal(const ct_field *f, const void *a, const void *b)
{
	ct_list la, lb;
	const ct_strlist *sa = a, *sb = b;
	size_t i;

	if (member_absent(f, a) || member_absent(f, b))
		return member_absent(f, a) && member_absent(f, b);
	switch (f->kind) {
	case CT_FIELD_STRING:
		return !strcmp(*(char *const *)a, *(char *const *)b);
	case CT_FIELD_INT:
		return *(const long long *)a == *(const long long *)b;
	case CT_FIELD_REAL:
		return *(const double *)a == *(const double *)b;
	case CT_FIELD_ENUM:
		return *(const int *)a == *(const int *)b;
	case CT_FIELD_VALUE:
		return value_equal(a, b);
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		la = list_get(a);
		lb = list_get(b);
		if (la.n != lb.n)
			return 0;
		for (i = 0; i < la.n; i++)
			if (ct_record_diff(f->of, (const char *)la.v + i * f->of->size,
			                   (const char *)lb.v + i * f->of->size))
				return 0;
		return 1;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		if (sa->n != sb->n)
			return 0;
		for (i = 0; i < sa->n; i++)
			if (strcmp(sa->v[i], sb->v[i]))
				return 0;
		return 1;
	}
	return 0;
}

/* A new JSON string of s: 0, CT_EINVALID when s is not UTF-8, or CT_ERROR. */
static int json_text(json_t **out, const char *s)
{
	size_t len = strlen(s);

	if ((*out = json_string(s)))
		return 0;
	/* jansson says NULL for both a failed allocation and a string that is not UTF-8. */
	if (ct_utf8_valid_len(s, len) == len)
		return ct_error_oom();
	return ct_error_set(CT_EINVALID, "'%s' is not valid UTF-8", s);
}
/* Member m as a new JSON value; *out NULL when it is absent. */
/* A member of a record's JSON: a field of its table, or a member of its extra object. */
struct member {
	const char *name;
	const ct_field *f; /* NULL: extra's */
	json_t *extra;     /* the value when f is NULL */
};

/* Sort the members by name (insertion sort: a record has a dozen; names are distinct). */
static void members_sort(struct member *m, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct member x = m[i];
		for (j = i; j > 0 && strcmp(m[j - 1].name, x.name) > 0; j--)
			m[j] = m[j - 1];
		m[j] = x;
	}
}

/*
 * Make the object *j (of a dozen members at most) hold its members in key
 * order, as ct_record_to_json makes records: replaced by a sorted copy when
 * it is not. Returns 0, or CT_ERROR (*j is then freed and NULL).
 */
static int in_key_order(json_t **j)
{
	struct member m[16];
	const char *key;
	json_t *v, *sorted;
	size_t n = 0, i;

	json_object_foreach(*j, key, v) {
		if (n == sizeof(m) / sizeof(m[0]))
			return 0; /* not a value's object: left as it is */
		m[n++] = (struct member){ key, NULL, v };
	}
	for (i = 1; i < n && strcmp(m[i - 1].name, m[i].name) < 0; i++)
		;
	if (i >= n)
		return 0;
	members_sort(m, n);
	if (!(sorted = json_object()))
		goto fail;
	for (i = 0; i < n; i++)
		if (json_object_set(sorted, m[i].name, m[i].extra) < 0)
			goto fail;
	json_decref(*j);
	*j = sorted;
	return 0;
fail:
	json_decref(sorted);
	json_decref(*j);
	*j = NULL;
	return ct_error_oom();
}

static int member_to_json(json_t **out, const ct_field *f, const void *m)
{
	const ct_strlist *sl = m;
	json_t *j = NULL, *item;
	ct_list l;
	size_t i;
	int error = 0;

	*out = NULL;
	if (member_absent(f, m))
		return 0;
	switch (f->kind) {
	case CT_FIELD_STRING:
		if ((error = json_text(&j, *(char *const *)m)) < 0)
			return error;
		break;
	case CT_FIELD_INT:
		j = json_integer((json_int_t) * (const long long *)m);
		break;
	case CT_FIELD_REAL:
		j = json_real(*(const double *)m);
		break;
	case CT_FIELD_ENUM:
		/* A value set by hand may be beyond the names: refused, not read past them. */
		for (i = 0; f->names[i] && i < (size_t) * (const int *)m; i++)
			;
		if (!f->names[i])
			return ct_error_set(CT_EINVALID, "invalid %s %d", f->name, *(const int *)m);
		j = json_string(f->names[i]);
		break;
	case CT_FIELD_VALUE:
		/* NULL with the message set: out of memory, or a string that is not UTF-8. */
		if (!(j = ct_value_to_json(m)))
			return strcmp(ct_error_last(), "out of memory") ? CT_EINVALID : CT_ERROR;
		if ((error = in_key_order(&j)) < 0)
			return error;
		break;
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		l = list_get(m);
		if (!(j = json_array()))
			break;
		for (i = 0; i < l.n; i++) {
			if ((error = ct_record_to_json(&item, f->of,
			                               (const char *)l.v + i * f->of->size)) < 0 ||
			    (error = json_array_append_new(j, item) < 0 ? ct_error_oom() : 0) < 0) {
				json_decref(j);
				return error;
			}
		}
		break;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		if (!(j = json_array()))
			break;
		for (i = 0; i < sl->n; i++) {
			if ((error = json_text(&item, sl->v[i])) < 0) {
				json_decref(j);
				return error;
			}
			if (json_array_append_new(j, item) < 0) {
				json_decref(j);
				return ct_error_oom();
			}
		}
		break;
	}
	if (!j)
		return ct_error_oom();
	*out = j;
	return 0;
}

/* ---- reading: the path to the field at hand, for messages ------------------- */

#define MAX_DEPTH 8

struct reader {
	const ct_record_origin *origin;
	int borrow; /* strings point into the JSON (ct_record_view) */
	ct_json_seg path[MAX_DEPTH];
	size_t depth;
};

/* Set the message for the value at the reader's path and return CT_EINVALID. */
static int bad(const struct reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int bad(const struct reader *r, const char *fmt, ...)
{
	const ct_record_origin *o = r->origin;
	ct_json_seg path[2 * MAX_DEPTH];
	char msg[512];
	size_t n = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!o || !o->where.text)
		return ct_error_set(CT_EINVALID, "'%s': %s",
		                    o && o->where.name ? o->where.name : "record", msg);
	if (o->npath && o->npath <= MAX_DEPTH) {
		memcpy(path, o->path, o->npath * sizeof(*path));
		n = o->npath;
	}
	memcpy(path + n, r->path, r->depth * sizeof(*path));
	return ct_where_error(&o->where, ct_where_locate(&o->where, path, n + r->depth), "%s", msg);
}

static int push(struct reader *r, const char *key, size_t index)
{
	if (r->depth == MAX_DEPTH)
		return bad(r, "records nest too deep");
	r->path[r->depth++] = (ct_json_seg){key, index};
	return 0;
}

static int read_record(void *rec, const ct_record_type *t, const json_t *j, struct reader *r);

/* "a, b or c": the names of an enum, for messages. */
static void names_of(char *out, size_t size, const char *const *names)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; names[i] && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		                        i == 0         ? ""
		                        : names[i + 1] ? ", "
		                                       : " or ",
		                        names[i]);
}

/* Read the JSON v of field f into the zeroed member m; the reader's path is at the field. */
static int read_member(const ct_field *f, void *m, const json_t *v, struct reader *r)
{
	ct_strlist *sl = m;
	ct_list l;
	char names[256];
	size_t i;
	int error;

	switch (f->kind) {
	case CT_FIELD_STRING:
		if (!json_is_string(v))
			return bad(r, "\"%s\" must be a string", f->name);
		if (r->borrow) {
			/* Never written through: a borrowed record is read only. */
			*(char **)m = (char *)json_string_value(v);
			return 0;
		}
		return (*(char **)m = ct_memdup(json_string_value(v), json_string_length(v)))
		           ? 0
		           : ct_error_oom();
	case CT_FIELD_INT:
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return bad(r, "\"%s\" must be an integer from 0", f->name);
		*(long long *)m = (long long)json_integer_value(v);
		return 0;
	case CT_FIELD_REAL:
		if (!json_is_number(v))
			return bad(r, "\"%s\" must be a number", f->name);
		*(double *)m = json_number_value(v);
		return 0;
	case CT_FIELD_ENUM:
		if ((*(int *)m = ct_field_name_index(f->names, json_string_value(v))) < 0) {
			names_of(names, sizeof(names), f->names);
			if (!json_is_string(v))
				return bad(r, "\"%s\" must be a string (%s)", f->name, names);
			return bad(r, "invalid %s '%s' (expected %s)", f->name,
			           json_string_value(v), names);
		}
		return 0;
	case CT_FIELD_VALUE:
		if (!json_is_object(v))
			return bad(r, "\"%s\" must be an object", f->name);
		if ((error = ct_value_from_json(m, v)) == CT_EINVALID)
			return bad(r, "%s", ct_error_last());
		return error;
	case CT_FIELD_LIST:
	case CT_FIELD_SET:
		if (!json_is_array(v))
			return bad(r, "\"%s\" must be an array", f->name);
		memset(&l, 0, sizeof(l));
		l.present = 1;
		if (json_array_size(v) && !(l.v = calloc(json_array_size(v), f->of->size)))
			return ct_error_oom();
		for (error = 0; !error && l.n < json_array_size(v); l.n++) {
			if ((error = push(r, NULL, l.n)) < 0)
				break;
			error = read_record((char *)l.v + l.n * f->of->size, f->of,
			                    json_array_get(v, l.n), r);
			r->depth--;
		}
		list_put(m, &l);
		return error;
	case CT_FIELD_STRLIST:
	case CT_FIELD_STRSET:
		if (!json_is_array(v))
			return bad(r, "\"%s\" must be an array", f->name);
		sl->present = 1;
		if (json_array_size(v) && !(sl->v = calloc(json_array_size(v), sizeof(*sl->v))))
			return ct_error_oom();
		for (i = 0; i < json_array_size(v); i++) {
			const json_t *s = json_array_get(v, i);
			if (!json_is_string(s)) {
				if ((error = push(r, NULL, i)) < 0)
					return error;
				error = bad(r, "\"%s\" must hold strings", f->name);
				r->depth--;
				return error;
			}
			if (r->borrow)
				sl->v[i] = (char *)json_string_value(s);
			else if (!(sl->v[i] =
			               ct_memdup(json_string_value(s), json_string_length(s))))
				return ct_error_oom();
			sl->n++;
		}
		return 0;
	}
	return 0;
}

static int read_record(void *rec, const ct_record_type *t, const json_t *j, struct reader *r)
{
	json_t **extra = (json_t **)((char *)rec + t->extra);
	const char *key;
	json_t *v;
	size_t i, named = 0;
	int error = 0;

	if (!json_is_object(j))
		return bad(r, "a %s must be an object", t->name);
	for (i = 0; i < t->nfields && !error; i++) {
		const ct_field *f = &t->fields[i];
		member_set_absent(f, member(rec, f));
		if (!(v = json_object_get(j, f->name))) {
			if (!(f->flags & CT_FIELD_OPTIONAL))
				error = bad(r, "a %s needs \"%s\"", t->name, f->name);
			continue;
		}
		named++;
		if ((error = push(r, f->name, 0)) < 0)
			break;
		error = read_member(f, member(rec, f), v, r);
		r->depth--;
	}
	/* Every member was a field (the usual case): no extra members to look for. */
	if (error || named == json_object_size(j))
		return error;
	json_object_foreach((json_t *)j, key, v)
	{
		if (error || ct_record_field(t, key))
			continue;
		if ((!*extra && !(*extra = json_object())) || json_object_set(*extra, key, v) < 0)
			error = ct_error_oom();
	}
	return error;
}

/* ---- records ------------------------------------------------------------- */

int ct_field_set_string(char **field, const char *s)
{
	char *copy;

	if (dup_opt(&copy, s) < 0)
		return CT_ERROR;
	free(*field);
	*field = copy;
	return 0;
}

int ct_strlist_assign(ct_strlist *out, const char *const *items, size_t n)
{
	ct_strlist from = {(char **)items, n, 1};

	return member_copy(&(const ct_field){"", CT_FIELD_STRLIST, 0, 0, NULL, NULL, NULL}, out,
	                   &from);
}

int ct_field_name_index(const char *const *names, const char *name)
{
	int i;

	for (i = 0; name && names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

const ct_field *ct_record_field(const ct_record_type *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

int ct_record_init(void *rec, const ct_record_type *t)
{
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const ct_field *f = &t->fields[i];
		void *m = member(rec, f);

		if (!f->def && (f->flags & CT_FIELD_OPTIONAL)) {
			member_set_absent(f, m);
			continue;
		}
		switch (f->kind) {
		case CT_FIELD_STRING:
			if (dup_opt(m, f->def ? f->def : "") < 0) {
				ct_record_release(rec, t);
				return CT_ERROR;
			}
			break;
		case CT_FIELD_INT:
			*(long long *)m = f->def ? strtoll(f->def, NULL, 10) : 0;
			break;
		case CT_FIELD_REAL:
			*(double *)m = f->def ? strtod(f->def, NULL) : 0;
			break;
		case CT_FIELD_ENUM:
			*(int *)m = f->def ? ct_field_name_index(f->names, f->def) : 0;
			assert(*(int *)m >= 0);
			break;
		case CT_FIELD_LIST:
		case CT_FIELD_SET:
			((ct_list *)m)->present = 1;
			break;
		case CT_FIELD_STRLIST:
		case CT_FIELD_STRSET:
			((ct_strlist *)m)->present = 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* ct_record_from_json, or with borrow ct_record_view. */
static int from_json(void *rec, const ct_record_type *t, const json_t *j,
                     const ct_record_origin *origin, int borrow)
{
	struct reader r;
	int error;

	memset(&r, 0, sizeof(r));
	r.origin = origin;
	r.borrow = borrow;
	if ((error = read_record(rec, t, j, &r)) < 0)
		release(rec, t, borrow);
	return error;
}

int ct_record_from_json(void *rec, const ct_record_type *t, const json_t *j,
                        const ct_record_origin *origin)
{
	return from_json(rec, t, j, origin, 0);
}

int ct_record_view(void *rec, const ct_record_type *t, const json_t *j,
                     const ct_record_origin *origin)
{
	return from_json(rec, t, j, origin, 1);
}

int ct_record_parse(void *rec, const ct_record_type *t, const char *text, size_t len,
                    const char *name)
{
	ct_record_origin o = {{name, text, len, 1}, NULL, 0};
	json_t *j = NULL;
	int error;

	if ((error = ct_json_parse(&j, text, len, name, 0)) == 0)
		error = ct_record_from_json(rec, t, j, &o);
	json_decref(j);
	return error;
}

int ct_record_to_json(json_t **out, const ct_record_type *t, const void *rec)
{
	json_t *const *extra = (json_t *const *)((const char *)rec + t->extra);
	json_t *obj = json_object(), *v;
	struct member local[80], *m = local;
	size_t i, n = 0, cap = t->nfields + json_object_size(*extra);
	const char *key;
	int error = 0;

	*out = NULL;
	if (cap > sizeof(local) / sizeof(local[0]) && !(m = malloc(cap * sizeof(*m)))) {
		json_decref(obj);
		return ct_error_oom();
	}
	if (!obj) {
		error = ct_error_oom();
		goto done;
	}
	/* Inserted in key order, so that the object dumps canonically with or without JSON_SORT_KEYS. */
	for (i = 0; i < t->nfields; i++)
		m[n++] = (struct member){ t->fields[i].name, &t->fields[i], NULL };
	json_object_foreach(*extra, key, v)
		m[n++] = (struct member){ key, NULL, v };
	members_sort(m, n);
	for (i = 0; i < n; i++) {
		if (!m[i].f)
			v = json_incref(m[i].extra);
		else if ((error = member_to_json(&v, m[i].f, cmember(rec, m[i].f))) < 0)
			break;
		if (v && json_object_set_new(obj, m[i].name, v) < 0) {
			error = ct_error_oom();
			break;
		}
	}
done:
	if (m != local)
		free(m);
	if (error) {
		json_decref(obj);
		return error;
	}
	*out = obj;
	return 0;
}

int ct_record_array_to_json(json_t **out, const ct_record_type *t, const void *v, size_t n)
{
	json_t *arr = json_array(), *j = NULL;
	size_t i;
	int error = arr ? 0 : ct_error_oom();

	*out = NULL;
	for (i = 0; i < n && !error; i++) {
		if ((error = ct_record_to_json(&j, t, (const char *)v + i * t->size)) == 0 &&
		    json_array_append_new(arr, j) < 0)
			error = ct_error_oom();
		j = NULL;
	}
	if (error) {
		json_decref(arr);
		return error;
	}
	*out = arr;
	return 0;
}

int ct_record_serialise(ct_buf *out, const ct_record_type *t, const void *rec)
{
	json_t *j = NULL;
	int error;

	if ((error = ct_record_to_json(&j, t, rec)) == 0)
		error = ct_json_canonical(out, j);
	json_decref(j);
	return error;
}

static void release(void *rec, const ct_record_type *t, int borrowed)
{
	size_t i;

	if (!rec)
		return;
	for (i = 0; i < t->nfields; i++)
		member_release(&t->fields[i], member(rec, &t->fields[i]), borrowed);
	json_decref(*(json_t **)((char *)rec + t->extra));
	memset(rec, 0, t->size);
}

void ct_record_release(void *rec, const ct_record_type *t)
{
	release(rec, t, 0);
}

void ct_record_release_view(void *rec, const ct_record_type *t)
{
	release(rec, t, 1);
}

int ct_record_copy(void *dst, const ct_record_type *t, const void *src)
{
	json_t *extra = *(json_t *const *)((const char *)src + t->extra);
	size_t i;

	memset(dst, 0, t->size);
	for (i = 0; i < t->nfields; i++) {
		if (member_copy(&t->fields[i], member(dst, &t->fields[i]),
		                cmember(src, &t->fields[i])) < 0) {
			ct_record_release(dst, t);
			return CT_ERROR;
		}
	}
	if (extra && !(*(json_t **)((char *)dst + t->extra) = json_deep_copy(extra))) {
		ct_record_release(dst, t);
		return ct_error_oom();
	}
	return 0;
}

int ct_record_field_equal(const ct_field *f, const void *a, const void *b)
{
	return member_equal(f, cmember(a, f), cmember(b, f));
}

uint64_t ct_record_diff(const ct_record_type *t, const void *a, const void *b)
{
	uint64_t differ = 0;
	size_t i;

	assert(t->nfields <= 64);
	for (i = 0; i < t->nfields; i++)
		if (!ct_record_field_equal(&t->fields[i], a, b))
			differ |= (uint64_t)1 << i;
	return differ;
}

int ct_record_field_copy(const ct_field *f, void *dst, const void *src)
{
	member_store copy;

	memset(&copy, 0, sizeof(copy));
	if (member_copy(f, &copy, cmember(src, f)) < 0)
		return CT_ERROR;
	member_release(f, member(dst, f), 0);
	memcpy(member(dst, f), &copy, member_size(f));
	return 0;
}

int ct_record_field_to_json(json_t **out, const ct_field *f, const void *rec)
{
	return member_to_json(out, f, cmember(rec, f));
}

int ct_record_same_member(const ct_record_type *t, const void *a, const void *b)
{
	size_t i;
	int keyed = 0;

	for (i = 0; i < t->nfields; i++) {
		if (!(t->fields[i].flags & CT_FIELD_KEY))
			continue;
		keyed = 1;
		if (!ct_record_field_equal(&t->fields[i], a, b))
			return 0;
	}
	return keyed || !ct_record_diff(t, a, b);
}
