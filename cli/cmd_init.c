/* cli/cmd_init.c: claimtrack init [DIR], rebuild, pack, verify: the ledger as a whole. */
#define _GNU_SOURCE
#include "cli.h"
#include "error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The options struct of init and rebuild. */
struct quiet_options {
	int quiet;
};

static const struct ct_opt init_opts[] = {
	CT_OPT_FLAG("quiet", 'q', struct quiet_options, quiet, "print nothing"),
	CT_OPTS_END,
};

static int run_init(struct ct_cli *cli, struct ct_args *a)
{
	const struct quiet_options *o = a->opts;
	const char *dir = a->argc ? a->argv[0] : cli->dir ? cli->dir : ".";
	char real[PATH_MAX];
	int error;

	if ((error = ct_ledger_init(dir)) < 0)
		return ct_fail(error);
	if (!o->quiet)
		fprintf(cli->out, "Created an empty claimtrack ledger in %s/%s\n",
			realpath(dir, real) ? real : dir, CT_LEDGER_DIRNAME);
	return 0;
}

const struct ct_cmd ct_cmd_init = {
	"init", run_init, "[DIR]", "create a ledger in DIR/.claimtrack (DIR: the current directory)",
	init_opts, sizeof(struct quiet_options), 0, 1, 0, NULL,
};

static const struct ct_opt rebuild_opts[] = {
	CT_OPT_FLAG("quiet", 'q', struct quiet_options, quiet, "print nothing"),
	CT_OPTS_END,
};

static int run_rebuild(struct ct_cli *cli, struct ct_args *a)
{
	const struct quiet_options *o = a->opts;
	int error;

	if ((error = ct_ledger_rebuild(cli->ledger)) < 0)
		return ct_fail(error);
	if (!o->quiet)
		fprintf(cli->out, "Rebuilt the index at commit %s\n", ct_ledger_head(cli->ledger));
	return 0;
}

const struct ct_cmd ct_cmd_rebuild = {
	"rebuild", run_rebuild, NULL, "recreate the SQLite index from the history", rebuild_opts,
	sizeof(struct quiet_options), 0, 0, CT_CMD_LEDGER, NULL,
};

struct pack_options {
	int all, auto_;
};

static const struct ct_opt pack_opts[] = {
	CT_OPT_FLAG("all", 0, struct pack_options, all,
		    "every object into one pack (as git repack -ad), not only the loose ones"),
	CT_OPT_FLAG("auto", 0, struct pack_options, auto_,
		    "only when there are many loose objects (what runs after a write)"),
	CT_OPTS_END,
};

static int run_pack(struct ct_cli *cli, struct ct_args *a)
{
	const struct pack_options *o = a->opts;
	ct_pack_mode mode = CT_PACK_NOW;
	int error;

	if (o->all && o->auto_)
		return ct_usage_error(a, "--all and --auto cannot go together");
	if (o->all)
		mode = CT_PACK_ALL;
	else if (o->auto_)
		mode = CT_PACK_AUTO;
	if ((error = ct_ledger_pack(cli->ledger, mode)) < 0)
		return ct_fail(error);
	return 0;
}

const struct ct_cmd ct_cmd_pack = {
	"pack", run_pack, NULL,
	"pack the history's loose objects now, as writes do by themselves (git gc --auto)", pack_opts,
	sizeof(struct pack_options), 0, 0, CT_CMD_LEDGER, NULL,
};

static const struct ct_opt verify_opts[] = {
	CT_OPT_FLAG("json", 0, struct ct_json_options, json, "print {\"ok\": bool, \"problems\": [...]}"),
	CT_OPTS_END,
};

static int run_verify(struct ct_cli *cli, struct ct_args *a)
{
	const struct ct_json_options *o = a->opts;
	ct_buf problems = CT_BUF_INIT;
	int error, rc = 0;

	if ((error = ct_ledger_verify(&problems, cli->ledger)) < 0) {
		ct_buf_release(&problems);
		return ct_fail(error);
	}
	if (o->json) {
		json_t *doc = json_pack("{s:b, s:[]}", "ok", problems.len == 0, "problems");
		char *line = problems.ptr, *nl;
		while (problems.len && *line && (nl = strchr(line, '\n'))) {
			json_array_append_new(json_object_get(doc, "problems"), json_stringn(line, (size_t)(nl - line)));
			line = nl + 1;
		}
		rc = ct_print_json(cli->out, doc);
		json_decref(doc);
	} else if (problems.len) {
		fputs(problems.ptr, cli->out);
	} else {
		fprintf(cli->out, "ok: history, records and index agree at %s\n", ct_ledger_head(cli->ledger));
	}
	if (!rc && problems.len)
		rc = EXIT_NO;
	ct_buf_release(&problems);
	return rc;
}

const struct ct_cmd ct_cmd_verify = {
	"verify", run_verify, NULL,
	"check the history's objects, the records' format, and that the index matches (exit 1 on problems)",
	verify_opts, sizeof(struct ct_json_options), 0, 0, CT_CMD_LEDGER | CT_CMD_AS_IS, NULL,
};
