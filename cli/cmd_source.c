/* cli/cmd_source.c: claimtrack source add|update|show|list. */
#include "cli.h"
#include "error.h"
#include "json.h"
#include "model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Read FILE or "-" (standard input). */
static int read_input(ct_buf *out, const char *path)
{
	int error = ct_file_read(out, path);

	return error < 0 ? ct_fail(error) : 0;
}

struct add_options {
	const char *url, *title, *publisher, *published, *kind, *id;
	struct ct_optlist authors, cites;
	int json;
};

static const struct ct_opt add_opts[] = {
	CT_OPT_STRING("url", 0, struct add_options, url, "URL", "where the text was published (required)"),
	CT_OPT_STRING("title", 0, struct add_options, title, "T", "the title"),
	CT_OPT_STRING("publisher", 0, struct add_options, publisher, "P", "the publisher"),
	CT_OPT_LIST("author", 0, struct add_options, authors, "A", "an author"),
	CT_OPT_STRING("published", 0, struct add_options, published, "YYYY-MM-DD", "the publication date"),
	CT_OPT_STRING("kind", 0, struct add_options, kind, "primary|secondary",
		      "a primary source states its own facts; a secondary one reports others'"),
	CT_OPT_LIST("cites", 0, struct add_options, cites, "SOURCE", "a source this one cites (its provenance)"),
	CT_OPT_STRING("id", 0, struct add_options, id, "ID", "the source's id (default: a slug of the title or URL)"),
	CT_OPT_FLAG("json", 0, struct add_options, json, "print the new record as JSON"),
	CT_OPTS_END,
};

static int print_record_or_id(struct ct_cli *cli, int json, const ct_source *src)
{
	if (json)
		return ct_print_record(cli->out, &ct_source_type, src);
	fprintf(cli->out, "%s\n", src->id);
	return 0;
}

static int run_add(struct ct_cli *cli, struct ct_args *a)
{
	const struct add_options *o = a->opts;
	ct_source_spec spec;
	ct_buf text = CT_BUF_INIT;
	ct_source *src = NULL;
	int rc, error;

	memset(&spec, 0, sizeof(spec));
	spec.url = o->url;
	if (!spec.url)
		return ct_usage_error(a, "'%s' needs --url URL", a->path);
	spec.title = o->title;
	spec.publisher = o->publisher;
	spec.published = o->published;
	spec.kind = o->kind;
	spec.id = o->id;
	spec.authors = o->authors.v;
	spec.nauthors = o->authors.n;
	spec.cites = o->cites.v;
	spec.ncites = o->cites.n;
	spec.origin = strcmp(a->argv[0], "-") ? a->argv[0] : "standard input";
	if ((rc = read_input(&text, a->argv[0])) != 0)
		goto done;
	if ((error = ct_source_add(&src, cli->ledger, &spec, text.ptr, text.len)) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	rc = print_record_or_id(cli, o->json, src);
done:
	ct_source_free(src);
	ct_buf_release(&text);
	return rc;
}

static const struct ct_opt update_opts[] = {
	CT_OPT_FLAG("json", 0, struct ct_json_options, json, "print the updated record as JSON"),
	CT_OPTS_END,
};

static int run_update(struct ct_cli *cli, struct ct_args *a)
{
	const struct ct_json_options *o = a->opts;
	ct_buf text = CT_BUF_INIT;
	ct_source *src = NULL;
	int rc, error, rev = 0;

	if ((rc = read_input(&text, a->argv[1])) != 0)
		goto done;
	if ((error = ct_source_update(&src, &rev, cli->ledger, a->argv[0], text.ptr, text.len,
				       strcmp(a->argv[1], "-") ? a->argv[1] : "standard input")) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	if (o->json)
		rc = ct_print_record(cli->out, &ct_source_type, src);
	else if (rev)
		fprintf(cli->out, "%s@%d\n", a->argv[0], rev);
	else
		fprintf(cli->out, "%s: the text is unchanged (still revision %zu)\n", a->argv[0],
			src->revisions.n);
done:
	ct_source_free(src);
	ct_buf_release(&text);
	return rc;
}

struct show_options {
	int json, no_text;
};

static const struct ct_opt show_opts[] = {
	CT_OPT_FLAG("json", 0, struct show_options, json, "print the record (and the revision's text) as JSON"),
	CT_OPT_FLAG("no-text", 0, struct show_options, no_text, "leave the text out"),
	CT_OPTS_END,
};

static void field(struct ct_cli *cli, const char *name, const char *value)
{
	if (value)
		fprintf(cli->out, "%-10s %s\n", name, value);
}

static int run_show(struct ct_cli *cli, struct ct_args *a)
{
	const struct show_options *o = a->opts;
	ct_buf text = CT_BUF_INIT, list = CT_BUF_INIT;
	ct_source *src = NULL;
	json_t *rec = NULL;
	char *id = NULL;
	size_t i;
	int rc = 0, error, rev;

	if ((error = ct_source_ref(&id, &rev, cli->ledger, a->argv[0])) < 0 ||
	    (error = ct_source_get(&src, cli->ledger, id)) < 0 ||
	    (!o->no_text && (error = ct_ledger_text(&text, cli->ledger, id, rev)) < 0)) {
		rc = ct_fail(error);
		goto done;
	}
	if (o->json) {
		/* The record, with the revision shown and its text. */
		if ((error = ct_source_to_json(&rec, src)) < 0 ||
		    json_object_set_new(rec, "rev", json_integer(rev)) < 0 ||
		    (!o->no_text && json_object_set_new(rec, "text", json_stringn(text.ptr, text.len)) < 0))
			rc = ct_fail(error < 0 ? error : ct_error_oom());
		else
			rc = ct_print_json(cli->out, rec);
		goto done;
	}
	fprintf(cli->out, "%ssource     %s%s\n", ct_c(cli, "id"), id, ct_c(cli, "reset"));
	field(cli, "url", src->url);
	field(cli, "title", src->title);
	field(cli, "publisher", src->publisher);
	for (i = 0; i < src->authors.n; i++)
		field(cli, "author", src->authors.v[i]);
	field(cli, "published", src->published);
	field(cli, "kind", src->kind >= 0 ? ct_source_kind_names[src->kind] : NULL);
	for (i = 0; i < src->cites.n; i++)
		ct_buf_printf(&list, "%s%s", i ? ", " : "", src->cites.v[i]);
	field(cli, "cites", list.len ? list.ptr : NULL);
	fprintf(cli->out, "revisions\n");
	for (i = 0; i < src->revisions.n; i++) {
		const ct_revision *v = &src->revisions.v[i];
		fprintf(cli->out, "  %s%-3lld %s  sha256 %.12s  %lld bytes\n", v->n == rev ? "*" : " ", v->n,
			v->retrieved, v->sha256, v->bytes);
	}
	if (!o->no_text) {
		fprintf(cli->out, "\n--- %s@%d ---\n%s", id, rev, text.ptr);
		if (text.len && text.ptr[text.len - 1] != '\n')
			fputc('\n', cli->out);
	}
done:
	free(id);
	ct_source_free(src);
	json_decref(rec);
	ct_buf_release(&text);
	ct_buf_release(&list);
	return rc;
}

static const struct ct_opt list_opts[] = {
	CT_OPT_FLAG("json", 0, struct ct_json_options, json, "print the records as a JSON array"),
	CT_OPTS_END,
};

static int run_list(struct ct_cli *cli, struct ct_args *a)
{
	const struct ct_json_options *o = a->opts;
	ct_sources list;
	size_t i;
	int error, rc = 0;

	if ((error = ct_source_list(&list, cli->ledger)) < 0)
		return ct_fail(error);
	if (o->json) {
		rc = ct_print_json_new(cli->out, ct_sources_json(&list));
	} else {
		int w = 2;
		for (i = 0; i < list.n; i++)
			if ((int)strlen(list.v[i].id) > w)
				w = (int)strlen(list.v[i].id);
		for (i = 0; i < list.n; i++) {
			const ct_source *s = &list.v[i];
			fprintf(cli->out, "%s%-*s%s %3zu  %-9s  %-10s  %s\n", ct_c(cli, "id"), w, s->id,
				ct_c(cli, "reset"), s->revisions.n, s->kind >= 0 ? ct_source_kind_names[s->kind] : "-",
				s->published ? s->published : "-", s->title ? s->title : s->url);
		}
	}
	ct_sources_release(&list);
	return rc;
}

static const struct ct_cmd cmd_add = { "add", run_add, "FILE|- --url URL", "record a source and the first revision of its text", add_opts,
	  sizeof(struct add_options), 1, 1, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_update = { "update", run_update, "SOURCE FILE|-", "record a new revision of a source's text (nothing when unchanged)",
	  update_opts, sizeof(struct ct_json_options), 2, 2, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_show = { "show", run_show, "SOURCE[@N]", "show a source and the text of revision N (default: the latest)", show_opts,
	  sizeof(struct show_options), 1, 1, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_list = { "list", run_list, NULL, "list the sources", list_opts,
	  sizeof(struct ct_json_options), 0, 0, CT_CMD_LEDGER, NULL };

static const struct ct_cmd *const subs[] = { &cmd_add, &cmd_update, &cmd_show, &cmd_list, NULL };

const struct ct_cmd ct_cmd_source = {
	"source", NULL, NULL, "add, update, show and list sources", NULL, 0, 0, 0, 0, subs,
};
