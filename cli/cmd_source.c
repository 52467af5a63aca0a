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

static const struct ct_opt add_opts[] = {
	{ "url", 0, "URL", 0, "where the text was published (required)" },
	{ "title", 0, "T", 0, "the title" },
	{ "publisher", 0, "P", 0, "the publisher" },
	{ "author", 0, "A", CT_OPT_MULTI, "an author" },
	{ "published", 0, "YYYY-MM-DD", 0, "the publication date" },
	{ "kind", 0, "primary|secondary", 0, "a primary source states its own facts; a secondary one reports others'" },
	{ "cites", 0, "SOURCE", CT_OPT_MULTI, "a source this one cites (its provenance)" },
	{ "id", 0, "ID", 0, "the source's id (default: a slug of the title or URL)" },
	{ "json", 0, NULL, 0, "print the new record as JSON" },
	CT_OPTS_END,
};

static int print_record_or_id(struct ct_cli *cli, struct ct_args *a, const json_t *rec)
{
	if (ct_arg_flag(a, "json"))
		return ct_print_json(cli->out, rec);
	fprintf(cli->out, "%s\n", ct_json_str(rec, "id", ""));
	return 0;
}

static int run_add(struct ct_cli *cli, struct ct_args *a)
{
	ct_source_spec spec;
	ct_buf text = CT_BUF_INIT;
	json_t *rec = NULL;
	int rc, error;

	memset(&spec, 0, sizeof(spec));
	spec.url = ct_arg_str(a, "url");
	if (!spec.url)
		return ct_usage_error(a, "'%s' needs --url URL", a->path);
	spec.title = ct_arg_str(a, "title");
	spec.publisher = ct_arg_str(a, "publisher");
	spec.published = ct_arg_str(a, "published");
	spec.kind = ct_arg_str(a, "kind");
	spec.id = ct_arg_str(a, "id");
	spec.authors = ct_arg_list(a, "author", &spec.nauthors);
	spec.cites = ct_arg_list(a, "cites", &spec.ncites);
	spec.origin = strcmp(a->argv[0], "-") ? a->argv[0] : "standard input";
	if ((rc = read_input(&text, a->argv[0])) != 0)
		goto done;
	if ((error = ct_source_add(&rec, cli->ledger, &spec, text.ptr, text.len)) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	rc = print_record_or_id(cli, a, rec);
done:
	json_decref(rec);
	ct_buf_release(&text);
	return rc;
}

static const struct ct_opt update_opts[] = {
	{ "json", 0, NULL, 0, "print the updated record as JSON" },
	CT_OPTS_END,
};

static int run_update(struct ct_cli *cli, struct ct_args *a)
{
	ct_buf text = CT_BUF_INIT;
	json_t *rec = NULL;
	int rc, error, rev = 0;

	if ((rc = read_input(&text, a->argv[1])) != 0)
		goto done;
	if ((error = ct_source_update(&rec, &rev, cli->ledger, a->argv[0], text.ptr, text.len,
				       strcmp(a->argv[1], "-") ? a->argv[1] : "standard input")) < 0) {
		rc = ct_fail(error);
		goto done;
	}
	if (ct_arg_flag(a, "json"))
		rc = ct_print_json(cli->out, rec);
	else if (rev)
		fprintf(cli->out, "%s@%d\n", a->argv[0], rev);
	else
		fprintf(cli->out, "%s: the text is unchanged (still revision %zu)\n", a->argv[0],
			json_array_size(json_object_get(rec, "revisions")));
done:
	json_decref(rec);
	ct_buf_release(&text);
	return rc;
}

static const struct ct_opt show_opts[] = {
	{ "json", 0, NULL, 0, "print the record (and the revision's text) as JSON" },
	{ "no-text", 0, NULL, 0, "leave the text out" },
	CT_OPTS_END,
};

static void field(struct ct_cli *cli, const char *name, const char *value)
{
	if (value)
		fprintf(cli->out, "%-10s %s\n", name, value);
}

static int run_show(struct ct_cli *cli, struct ct_args *a)
{
	ct_buf text = CT_BUF_INIT, list = CT_BUF_INIT;
	json_t *rec = NULL, *v;
	char *id = NULL;
	size_t i;
	int rc = 0, error, rev;

	if ((error = ct_source_ref(&id, &rev, cli->ledger, a->argv[0])) < 0 ||
	    (error = ct_source_get(&rec, cli->ledger, id)) < 0 ||
	    (!ct_arg_flag(a, "no-text") && (error = ct_ledger_text(&text, cli->ledger, id, rev)) < 0)) {
		rc = ct_fail(error);
		goto done;
	}
	if (ct_arg_flag(a, "json")) {
		json_object_set_new(rec, "rev", json_integer(rev));
		if (!ct_arg_flag(a, "no-text"))
			json_object_set_new(rec, "text", json_stringn(text.ptr, text.len));
		rc = ct_print_json(cli->out, rec);
		goto done;
	}
	fprintf(cli->out, "%ssource     %s%s\n", ct_c(cli, "id"), id, ct_c(cli, "reset"));
	field(cli, "url", ct_json_str(rec, "url", NULL));
	field(cli, "title", ct_json_str(rec, "title", NULL));
	field(cli, "publisher", ct_json_str(rec, "publisher", NULL));
	json_array_foreach(json_object_get(rec, "authors"), i, v)
		field(cli, "author", json_string_value(v));
	field(cli, "published", ct_json_str(rec, "published", NULL));
	field(cli, "kind", ct_json_str(rec, "kind", NULL));
	json_array_foreach(json_object_get(rec, "cites"), i, v)
		ct_buf_printf(&list, "%s%s", i ? ", " : "", json_string_value(v));
	field(cli, "cites", list.len ? list.ptr : NULL);
	fprintf(cli->out, "revisions\n");
	json_array_foreach(json_object_get(rec, "revisions"), i, v)
		fprintf(cli->out, "  %s%-3lld %s  sha256 %.12s  %lld bytes\n",
			ct_json_int(v, "n", 0) == rev ? "*" : " ", ct_json_int(v, "n", 0),
			ct_json_str(v, "retrieved", ""), ct_json_str(v, "sha256", ""), ct_json_int(v, "bytes", 0));
	if (!ct_arg_flag(a, "no-text")) {
		fprintf(cli->out, "\n--- %s@%d ---\n%s", id, rev, text.ptr);
		if (text.len && text.ptr[text.len - 1] != '\n')
			fputc('\n', cli->out);
	}
done:
	free(id);
	json_decref(rec);
	ct_buf_release(&text);
	ct_buf_release(&list);
	return rc;
}

static const struct ct_opt list_opts[] = {
	{ "json", 0, NULL, 0, "print the records as a JSON array" },
	CT_OPTS_END,
};

static int run_list(struct ct_cli *cli, struct ct_args *a)
{
	json_t *arr = NULL, *rec;
	size_t i;
	int error, rc = 0;

	if ((error = ct_source_list(&arr, cli->ledger)) < 0)
		return ct_fail(error);
	if (ct_arg_flag(a, "json")) {
		rc = ct_print_json(cli->out, arr);
	} else {
		int w = 2;
		json_array_foreach(arr, i, rec)
			if ((int)strlen(ct_json_str(rec, "id", "")) > w)
				w = (int)strlen(ct_json_str(rec, "id", ""));
		json_array_foreach(arr, i, rec)
			fprintf(cli->out, "%s%-*s%s %3zu  %-9s  %-10s  %s\n", ct_c(cli, "id"), w,
				ct_json_str(rec, "id", ""), ct_c(cli, "reset"),
				json_array_size(json_object_get(rec, "revisions")), ct_json_str(rec, "kind", "-"),
				ct_json_str(rec, "published", "-"),
				ct_json_str(rec, "title", ct_json_str(rec, "url", "")));
	}
	json_decref(arr);
	return rc;
}

static const struct ct_cmd cmd_add = { "add", run_add, "FILE|- --url URL", "record a source and the first revision of its text", add_opts, 1, 1,
	  CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_update = { "update", run_update, "SOURCE FILE|-", "record a new revision of a source's text (nothing when unchanged)",
	  update_opts, 2, 2, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_show = { "show", run_show, "SOURCE[@N]", "show a source and the text of revision N (default: the latest)", show_opts,
	  1, 1, CT_CMD_LEDGER, NULL };
static const struct ct_cmd cmd_list = { "list", run_list, NULL, "list the sources", list_opts, 0, 0, CT_CMD_LEDGER, NULL };

static const struct ct_cmd *const subs[] = { &cmd_add, &cmd_update, &cmd_show, &cmd_list, NULL };

const struct ct_cmd ct_cmd_source = {
	"source", NULL, NULL, "add, update, show and list sources", NULL, 0, 0, 0, subs,
};
