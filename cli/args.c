/* cli/args.c: parsing a command's arguments from its option table; help and man page from the same tables. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int opt_index(const struct ct_cmd *cmd, const char *name)
{
	int i;

	for (i = 0; cmd->opts && cmd->opts[i].name; i++)
		if (!strcmp(cmd->opts[i].name, name))
			return i;
	return -1;
}

const char *ct_arg_str(const struct ct_args *a, const char *name)
{
	int i = opt_index(a->cmd, name);

	return i >= 0 && a->count[i] ? a->vals[i][a->count[i] - 1] : NULL;
}

int ct_arg_flag(const struct ct_args *a, const char *name)
{
	int i = opt_index(a->cmd, name);

	return i >= 0 ? a->count[i] : 0;
}

const char **ct_arg_list(const struct ct_args *a, const char *name, size_t *n)
{
	int i = opt_index(a->cmd, name);

	*n = i >= 0 ? (size_t)a->count[i] : 0;
	return i >= 0 ? a->vals[i] : NULL;
}

int ct_usage_error(const struct ct_args *a, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "claimtrack: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '%s --help')\n", a->path);
	return EXIT_USAGE;
}

void ct_args_release(struct ct_args *a)
{
	int i;

	for (i = 0; i < CT_MAX_OPTS; i++)
		free(a->vals[i]);
	free(a->argv);
	memset(a, 0, sizeof(*a));
}

static int add_value(struct ct_args *a, int i, const char *v)
{
	const char **p = realloc(a->vals[i], (size_t)(a->count[i] + 1) * sizeof(*p));

	if (!p)
		return -1;
	p[a->count[i]++] = v;
	a->vals[i] = p;
	return 0;
}

int ct_args_parse(struct ct_args *a, const struct ct_cmd *cmd, const char *path, int argc, char **argv)
{
	int i, only_args = 0;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->path = path;
	a->argv = calloc((size_t)argc + 1, sizeof(char *));
	if (!a->argv) {
		fprintf(stderr, "claimtrack: out of memory\n");
		return EXIT_FAILURE_;
	}
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = NULL;
		int k = -1;

		if (only_args || arg[0] != '-' || !strcmp(arg, "-")) {
			a->argv[a->argc++] = argv[i];
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			ct_help_print(stdout, cmd, path);
			return -1;
		}
		if (arg[1] == '-') {
			char name[64];
			const char *eq = strchr(arg + 2, '=');
			size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			if (n < sizeof(name)) {
				memcpy(name, arg + 2, n);
				name[n] = '\0';
				k = opt_index(cmd, name);
			}
			if (k < 0)
				return ct_usage_error(a, "unknown option '%s' for '%s'", arg, path);
			if (eq) {
				if (!cmd->opts[k].arg)
					return ct_usage_error(a, "option '--%s' takes no value", cmd->opts[k].name);
				val = eq + 1;
			}
		} else {
			int j;
			for (j = 0; cmd->opts && cmd->opts[j].name; j++)
				if (cmd->opts[j].shortname == arg[1])
					k = j;
			if (k < 0 || arg[2])
				return ct_usage_error(a, "unknown option '%s' for '%s'", arg, path);
		}
		if (cmd->opts[k].arg && !val) {
			if (i + 1 >= argc)
				return ct_usage_error(a, "option '--%s' needs a value (%s)", cmd->opts[k].name,
						      cmd->opts[k].arg);
			val = argv[++i];
		}
		if (a->count[k] && !(cmd->opts[k].flags & CT_OPT_MULTI) && cmd->opts[k].arg)
			return ct_usage_error(a, "option '--%s' given more than once", cmd->opts[k].name);
		if (add_value(a, k, val) < 0) {
			fprintf(stderr, "claimtrack: out of memory\n");
			return EXIT_FAILURE_;
		}
	}
	if (a->argc < cmd->min_args)
		return ct_usage_error(a, "'%s' needs %s", path, cmd->synopsis ? cmd->synopsis : "more arguments");
	if (cmd->max_args >= 0 && a->argc > cmd->max_args)
		return ct_usage_error(a, "unexpected argument '%s' for '%s'", a->argv[cmd->max_args], path);
	return 0;
}

static void opt_synopsis(FILE *f, const struct ct_opt *o)
{
	if (o->shortname)
		fprintf(f, "-%c, ", o->shortname);
	fprintf(f, "--%s", o->name);
	if (o->arg)
		fprintf(f, " %s", o->arg);
}

void ct_help_print(FILE *f, const struct ct_cmd *cmd, const char *path)
{
	int i;

	if (cmd->subs) {
		fprintf(f, "usage: %s <command> [options]\n\n%s\n\ncommands:\n", path, cmd->summary);
		for (i = 0; cmd->subs[i]; i++)
			if (!(cmd->subs[i]->flags & CT_CMD_HIDDEN))
				fprintf(f, "  %-16s %s\n", cmd->subs[i]->name, cmd->subs[i]->summary);
		fprintf(f, "\nRun '%s <command> --help' for a command's options.\n", path);
		return;
	}
	fprintf(f, "usage: %s%s%s%s\n\n%s\n", path, cmd->synopsis ? " " : "", cmd->synopsis ? cmd->synopsis : "",
		cmd->opts && cmd->opts[0].name ? " [options]" : "", cmd->summary);
	fprintf(f, "\noptions:\n");
	for (i = 0; cmd->opts && cmd->opts[i].name; i++) {
		char left[64];
		FILE *m = fmemopen(left, sizeof(left), "w");
		if (m) {
			opt_synopsis(m, &cmd->opts[i]);
			fclose(m);
		}
		left[sizeof(left) - 1] = '\0';
		/* A long option spelling gets its own line, as git's usage does. */
		fprintf(f, strlen(left) > 28 ? "  %s\n%31s%s%s\n" : "  %-28s %s%s%s\n", left, "",
			cmd->opts[i].help, cmd->opts[i].flags & CT_OPT_MULTI ? " (repeatable)" : "");
	}
	fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
}

/* troff needs backslashes doubled and leading dots or quotes escaped. */
static void man_text(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void man_cmd(FILE *f, const struct ct_cmd *c, const char *prefix)
{
	char path[128];
	int i;

	snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? " " : "", c->name);
	if (c->flags & CT_CMD_HIDDEN)
		return;
	if (c->subs) {
		for (i = 0; c->subs[i]; i++)
			man_cmd(f, c->subs[i], path);
		return;
	}
	fprintf(f, ".TP\n.B claimtrack ");
	man_text(f, path);
	if (c->synopsis) {
		fputc(' ', f);
		man_text(f, c->synopsis);
	}
	fputc('\n', f);
	man_text(f, c->summary);
	fputc('\n', f);
	for (i = 0; c->opts && c->opts[i].name; i++) {
		fprintf(f, ".RS\n.TP\n.B ");
		if (c->opts[i].shortname)
			fprintf(f, "\\-%c, ", c->opts[i].shortname);
		fprintf(f, "\\-\\-");
		man_text(f, c->opts[i].name);
		if (c->opts[i].arg) {
			fprintf(f, " \\fI");
			man_text(f, c->opts[i].arg);
			fprintf(f, "\\fR");
		}
		fputc('\n', f);
		man_text(f, c->opts[i].help);
		fprintf(f, "%s\n.RE\n", c->opts[i].flags & CT_OPT_MULTI ? " (repeatable)" : "");
	}
}

void ct_man_print(FILE *f, const struct ct_cmd *root)
{
	static const char *const exit_lines[] = {
		"0", "success",
		"1", "the command ran and its answer is no (verify found problems, a --fail-if-* condition held)",
		"2", "usage: unknown command or option, missing or extra argument",
		"3", "not found: an unknown id, revision or file, or a quote that is not in the source",
		"4", "invalid input: a text that is not UTF-8 or is empty, a bad date, status, stance, value or record",
		"5", "ambiguous: an id prefix or a quote that matches more than one",
		"6", "exists: the id or the ledger exists already",
		"7", "no ledger: none found, or the directory is not one",
		"8", "busy: another writer held the ledger's lock too long",
		"9", "failure: I/O, a corrupt history, out of memory",
		NULL
	};
	int i;

	fprintf(f, ".TH CLAIMTRACK 1 \"\" \"claimtrack\" \"User Commands\"\n");
	fprintf(f, ".SH NAME\nclaimtrack \\- track claims, the exact words of their sources, and their history\n");
	fprintf(f, ".SH SYNOPSIS\n.B claimtrack\n[\\fB\\-C\\fR \\fIDIR\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
	fprintf(f, ".SH DESCRIPTION\nclaimtrack keeps a ledger of factual claims, each pinned to the exact words of the "
		   "sources that state it. The ledger is a bare git repository in \\fI.claimtrack/\\fR (one commit per "
		   "change) with a SQLite index that can always be rebuilt from it. Commands find the ledger by walking "
		   "up from the current directory, or use \\fB\\-C\\fR \\fIDIR\\fR or \\fBCLAIMTRACK_DIR\\fR.\n");
	fprintf(f, ".SH COMMANDS\n");
	for (i = 0; root->subs[i]; i++)
		man_cmd(f, root->subs[i], "");
	fprintf(f, ".SH ENVIRONMENT\n");
	fprintf(f, ".TP\n.B CLAIMTRACK_DIR\nthe directory whose ledger to use\n");
	fprintf(f, ".TP\n.B CLAIMTRACK_AUTHOR\nthe author of changes, \"Name <email>\" (else git's user.name and user.email)\n");
	fprintf(f, ".TP\n.B CLAIMTRACK_DATE\nfixes the clock (YYYY-MM-DDTHH:MM:SSZ), for reproducible histories\n");
	fprintf(f, ".TP\n.B CLAIMTRACK_LOCK_TIMEOUT\nseconds a writer waits for the ledger's lock (30)\n");
	fprintf(f, ".TP\n.B NO_COLOR\nturns colour off\n");
	fprintf(f, ".SH CONFIGURATION\n");
	fprintf(f, ".TP\n.B gc.autoDetach\nA write that leaves about 256 loose objects packs them (\\fBpack \\-\\-auto\\fR), "
		   "in a detached process so that the command returns at once; set false (\\fBgit \\-\\-git\\-dir=.claimtrack "
		   "config gc.autoDetach false\\fR) to pack in the writing command itself\n");
	fprintf(f, ".SH EXIT STATUS\n");
	for (i = 0; exit_lines[i]; i += 2)
		fprintf(f, ".TP\n.B %s\n%s\n", exit_lines[i], exit_lines[i + 1]);
}
