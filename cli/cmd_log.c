/* cli/cmd_log.c: claimtrack log [CLAIM|SOURCE], claimtrack search QUERY. */
#include "cli.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct log_options {
	int patch, json;
	const char *max_count;
};

static const struct ct_opt log_opts[] = {
	CT_OPT_FLAG("patch", 'p', struct log_options, patch,
		    "with CLAIM or SOURCE: show each change as a diff of the record's fields"),
	CT_OPT_STRING("max-count", 'n', struct log_options, max_count, "N", "show at most N changes"),
	CT_OPT_FLAG("json", 0, struct log_options, json, "print the changes as a JSON array"),
	CT_OPTS_END,
};

struct log_state {
	struct ct_cli *cli;
	json_t *arr;      /* --json: collected entries */
	long max, seen;
	const char *path; /* -p: the record whose fields to diff */
};

/* Flatten a record into ordered "field path" -> compact JSON value pairs. */
static void flatten(json_t *out, const char *prefix, const json_t *v)
{
	char key[512];
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v) && json_object_size(v)) {
		json_object_foreach((json_t *)v, k, x) {
			snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", k);
			flatten(out, key, x);
		}
	} else if (json_is_array(v) && json_array_size(v)) {
		json_array_foreach(v, i, x) {
			snprintf(key, sizeof(key), "%s[%zu]", prefix, i);
			flatten(out, key, x);
		}
	} else {
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		if (text)
			json_object_set_new(out, prefix, json_string(text));
		free(text);
	}
}

/* The record at a commit, flattened (an empty object when it did not exist). */
static json_t *fields_at(struct ct_cli *cli, const char *commit, const char *path)
{
	ct_buf data = CT_BUF_INIT;
	json_t *rec = NULL, *flat = json_object();

	if (flat && *commit && ct_ledger_read(&data, cli->ledger, commit, path) == 0 &&
	    ct_json_parse(&rec, data.ptr, data.len, path, 0) == 0)
		flatten(flat, "", rec);
	json_decref(rec);
	ct_buf_release(&data);
	return flat;
}

/* The fields a commit changed in the record: "-" old and "+" new lines, or JSON changes. */
static int patch(struct log_state *s, const ct_log_entry *e, json_t *changes)
{
	json_t *before = fields_at(s->cli, e->parent, s->path), *after = fields_at(s->cli, e->commit, s->path), *v;
	const char *k;

	json_object_foreach(after, k, v) {
		const char *old = ct_json_str(before, k, NULL);
		if (old && !strcmp(old, json_string_value(v)))
			continue;
		if (changes) {
			json_array_append_new(changes, json_pack("{s:s, s:s?, s:s}", "field", k, "old", old, "new",
								 json_string_value(v)));
			continue;
		}
		if (old)
			fprintf(s->cli->out, "%s-   %s: %s%s\n", ct_c(s->cli, "del"), k, old, ct_c(s->cli, "reset"));
		fprintf(s->cli->out, "%s+   %s: %s%s\n", ct_c(s->cli, "add"), k, json_string_value(v), ct_c(s->cli, "reset"));
	}
	json_object_foreach(before, k, v) {
		if (json_object_get(after, k))
			continue;
		if (changes)
			json_array_append_new(changes, json_pack("{s:s, s:s, s:n}", "field", k, "old", json_string_value(v), "new"));
		else
			fprintf(s->cli->out, "%s-   %s: %s%s\n", ct_c(s->cli, "del"), k, json_string_value(v), ct_c(s->cli, "reset"));
	}
	json_decref(before);
	json_decref(after);
	return 0;
}

static int log_entry(const ct_log_entry *e, void *payload)
{
	struct log_state *s = payload;
	char date[32];

	if (s->max >= 0 && s->seen >= s->max)
		return 1;
	s->seen++;
	ct_time_format(date, e->time);
	if (s->arr) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "commit", e->commit, "author", e->author, "date", date,
				      "message", e->message);
		if (o && s->path) {
			json_t *changes = json_array();
			patch(s, e, changes);
			json_object_set_new(o, "changes", changes);
		}
		return !o || json_array_append_new(s->arr, o) < 0 ? ct_error_oom() : 0;
	}
	fprintf(s->cli->out, "%scommit %s%s\nAuthor: %s\nDate:   %s\n\n", ct_c(s->cli, "id"), e->commit,
		ct_c(s->cli, "reset"), e->author, date);
	for (const char *p = e->message; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(s->cli->out, "    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	fputc('\n', s->cli->out);
	if (s->path) {
		patch(s, e, NULL);
		fputc('\n', s->cli->out);
	}
	return 0;
}

/* The tree path of the record a log argument names: a source id, else a claim id or prefix. */
static int log_path(ct_buf *out, ct_ledger *l, const char *what)
{
	ct_source *src = NULL;
	char id[CT_ID_LEN + 1];
	int error;

	if (ct_source_get(&src, l, what) == 0) {
		ct_source_free(src);
		return ct_path_source(out, what);
	}
	if ((error = ct_claim_resolve(id, l, what)) < 0) {
		if (error == CT_ENOTFOUND)
			return ct_error_set(CT_ENOTFOUND, "no claim or source '%s'", what);
		return error;
	}
	return ct_path_claim(out, id);
}

static int run_log(struct ct_cli *cli, struct ct_args *a)
{
	const struct log_options *o = a->opts;
	struct log_state s = { cli, NULL, -1, 0, NULL };
	ct_buf path = CT_BUF_INIT;
	const char *n = o->max_count;
	int error, rc = 0;

	if (n) {
		char *end;
		s.max = strtol(n, &end, 10);
		if (*end || s.max < 0 || !*n)
			return ct_usage_error(a, "invalid count '%s' for --max-count", n);
	}
	if (a->argc && (error = log_path(&path, cli->ledger, a->argv[0])) < 0)
		return ct_fail(error);
	if (o->patch) {
		if (!a->argc)
			return ct_usage_error(a, "'-p' needs a CLAIM or SOURCE");
		s.path = path.ptr;
	}
	if (o->json && !(s.arr = json_array()))
		return ct_fail(ct_error_oom());
	error = ct_ledger_log(cli->ledger, a->argc ? path.ptr : NULL, log_entry, &s);
	if (error < 0)
		rc = ct_fail(error);
	else if (s.arr)
		rc = ct_print_json(cli->out, s.arr);
	json_decref(s.arr);
	ct_buf_release(&path);
	return rc;
}

const struct ct_cmd ct_cmd_log = {
	"log", run_log, "[CLAIM|SOURCE]", "show the history, newest first: who changed what, when", log_opts,
	sizeof(struct log_options), 0, 1, CT_CMD_LEDGER, NULL,
};

struct search_options {
	const char *limit;
	int json;
};

static const struct ct_opt search_opts[] = {
	CT_OPT_STRING("limit", 0, struct search_options, limit, "N", "at most N results (20)"),
	CT_OPT_FLAG("json", 0, struct search_options, json, "print the results as a JSON array"),
	CT_OPTS_END,
};

static int run_search(struct ct_cli *cli, struct ct_args *a)
{
	const struct search_options *o = a->opts;
	ct_search_hits hits;
	json_t *arr = NULL, *j;
	ct_buf q = CT_BUF_INIT;
	const char *lim = o->limit;
	long limit = 20;
	size_t i;
	int error, rc = 0;

	if (lim) {
		char *end;
		limit = strtol(lim, &end, 10);
		if (*end || limit < 1 || !*lim)
			return ct_usage_error(a, "invalid count '%s' for --limit", lim);
	}
	for (i = 0; i < (size_t)a->argc; i++)
		ct_buf_printf(&q, "%s%s", i ? " " : "", a->argv[i]);
	error = ct_search(&hits, cli->ledger, q.ptr, (int)limit);
	ct_buf_release(&q);
	if (error < 0)
		return ct_fail(error);
	if (o->json) {
		/* The hits as a JSON array of {id, statement, status, rank, snippet}. */
		if (!(arr = json_array()))
			error = ct_error_oom();
		for (i = 0; i < hits.n && !error; i++) {
			const ct_search_hit *h = &hits.v[i];
			j = json_pack("{s:s, s:s, s:s, s:f, s:s}", "id", h->id, "statement", h->statement, "status",
				      ct_status_names[h->status], "rank", h->rank, "snippet", h->snippet);
			if (!j || json_array_append_new(arr, j) < 0)
				error = ct_error_oom();
		}
		rc = error < 0 ? ct_fail(error) : ct_print_json(cli->out, arr);
	} else {
		for (i = 0; i < hits.n; i++)
			fprintf(cli->out, "%s%s%s  %-10s  %s\n      %s\n", ct_c(cli, "id"), hits.v[i].id,
				ct_c(cli, "reset"), ct_status_names[hits.v[i].status], hits.v[i].statement,
				hits.v[i].snippet);
	}
	json_decref(arr);
	ct_search_hits_release(&hits);
	return rc;
}

const struct ct_cmd ct_cmd_search = {
	"search", run_search, "QUERY", "full-text search over statements and quotes, best first", search_opts,
	sizeof(struct search_options), 1, -1, CT_CMD_LEDGER, NULL,
};
