/* cli/args.c: parsing a command's arguments from its option table; help and man page from the same tables. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The row of cmd's table with the long name `name` (n bytes), or NULL. */
static const struct ct_opt *find_long(const struct ct_cmd *cmd, const char *name, size_t n)
{
	const struct ct_opt *o;

	for (o = cmd->opts; o && o->kind; o++)
		if (o->name && strlen(o->name) == n && !memcmp(o->name, name, n))
			return o;
	return NULL;
}

/* The row of cmd's table with the short name `c`, or NULL. */
static const struct ct_opt *find_short(const struct ct_cmd *cmd, char c)
{
	const struct ct_opt *o;

	for (o = cmd->opts; o && o->kind; o++)
		if (o->shortname == c)
			return o;
	return NULL;
}

/* An option as the user spells it, for messages: "--url" or "-C". */
static const char *spelling(char buf[64], const struct ct_opt *o)
{
	if (o->name)
		snprintf(buf, 64, "--%s", o->name);
	else
		snprintf(buf, 64, "-%c", o->shortname ? o->shortname : '?');
	return buf;
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
	const struct ct_opt *o;

	for (o = a->opts ? a->cmd->opts : NULL; o && o->kind; o++)
		if (o->kind == CT_OPTION_LIST)
			free(((struct ct_optlist *)((char *)a->opts + o->offset))->v);
	free(a->opts);
	free(a->argv);
	memset(a, 0, sizeof(*a));
}

/* Store the value of option o (NULL for a flag) where its row says. Returns 0 or an exit code. */
static int store(struct ct_args *a, const struct ct_opt *o, const char *val)
{
	void *dest = (char *)a->opts + o->offset;
	struct ct_optlist *list = dest;
	const char **v;
	char name[64];

	switch (o->kind) {
	case CT_OPTION_FLAG:
		(*(int *)dest)++;
		return 0;
	case CT_OPTION_STRING:
		if (*(const char **)dest && !(o->flags & CT_OPT_LAST))
			return ct_usage_error(a, "option '%s' given more than once", spelling(name, o));
		*(const char **)dest = val;
		return 0;
	case CT_OPTION_LIST:
		if (!(v = realloc(list->v, (list->n + 1) * sizeof(*v)))) {
			fprintf(stderr, "claimtrack: out of memory\n");
			return EXIT_FAILURE_;
		}
		v[list->n++] = val;
		list->v = v;
		return 0;
	case CT_OPTION_END:
		break;
	}
	return EXIT_FAILURE_; /* not reached: ct_tables_check() finds such a row */
}

/* An option not in a's table. A group's errors name the group's help only, as for a command. */
static int unknown_option(const struct ct_args *a, const char *arg)
{
	if (a->cmd->subs)
		return ct_usage_error(a, "unknown option '%s'", arg);
	return ct_usage_error(a, "unknown option '%s' for '%s'", arg, a->path);
}

int ct_args_parse(struct ct_args *a, const struct ct_cmd *cmd, const char *path, int argc, char **argv)
{
	int i, rc, only_args = 0;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->path = path;
	a->argv = calloc((size_t)argc + 1, sizeof(char *));
	if (!a->argv || (cmd->opts_size && !(a->opts = calloc(1, cmd->opts_size)))) {
		fprintf(stderr, "claimtrack: out of memory\n");
		return EXIT_FAILURE_;
	}
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *val = NULL;
		const struct ct_opt *o = NULL;
		char name[64];

		if (only_args || arg[0] != '-' || !strcmp(arg, "-")) {
			a->argv[a->argc++] = argv[i];
			/* A group's options come before its sub-command, whose arguments follow. */
			if (cmd->subs)
				only_args = 1;
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
			const char *eq = strchr(arg + 2, '=');
			o = find_long(cmd, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
			if (!o)
				return unknown_option(a, arg);
			if (eq) {
				if (!o->arg)
					return ct_usage_error(a, "option '--%s' takes no value", o->name);
				val = eq + 1;
			}
		} else if (!(o = find_short(cmd, arg[1])) || (arg[2] && !o->arg)) {
			return unknown_option(a, arg);
		} else if (arg[2]) {
			val = arg + 2; /* -CDIR, as getopt takes it */
		}
		if (o->arg && !val) {
			if (i + 1 < argc) {
				val = argv[++i];
			} else if (o->missing) {
				fprintf(stderr, "claimtrack: %s\n", o->missing);
				return EXIT_USAGE;
			} else {
				return ct_usage_error(a, "option '%s' needs a value (%s)", spelling(name, o), o->arg);
			}
		}
		if ((rc = store(a, o, val)) != 0)
			return rc;
	}
	if (a->argc < cmd->min_args)
		return ct_usage_error(a, "'%s' needs %s", path, cmd->synopsis ? cmd->synopsis : "more arguments");
	if (cmd->max_args >= 0 && a->argc > cmd->max_args)
		return ct_usage_error(a, "unexpected argument '%s' for '%s'", a->argv[cmd->max_args], path);
	return 0;
}

/* One problem of a table: "claimtrack: table of 'PATH': ...", a line on f. Returns 1. */
static int problem(FILE *f, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static int problem(FILE *f, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "claimtrack: table of '%s': ", path);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	return 1;
}

/* The size and the alignment of the destination of a row of kind k (0 for no kind). */
static size_t dest_size(enum ct_option_kind k)
{
	return k == CT_OPTION_FLAG     ? sizeof(int)
	       : k == CT_OPTION_STRING ? sizeof(const char *)
	       : k == CT_OPTION_LIST   ? sizeof(struct ct_optlist)
				       : 0;
}

static size_t dest_align(enum ct_option_kind k)
{
	return k == CT_OPTION_FLAG     ? _Alignof(int)
	       : k == CT_OPTION_STRING ? _Alignof(const char *)
	       : k == CT_OPTION_LIST   ? _Alignof(struct ct_optlist)
				       : 1;
}

/* The problems of cmd's option table. */
static int check_opts(FILE *f, const struct ct_cmd *c, const char *path)
{
	const struct ct_opt *o, *p;
	char b1[64], b2[64];
	int bad = 0;

	for (o = c->opts; o && o->kind; o++) {
		const char *name = spelling(b1, o);
		size_t size = dest_size(o->kind);

		if (!size) {
			bad += problem(f, path, "option '%s' has an unknown kind (%d)", name, (int)o->kind);
			continue;
		}
		if (!o->name && !o->shortname)
			bad += problem(f, path, "an option has neither a long nor a short name");
		if (o->name && (!*o->name || *o->name == '-' || strchr(o->name, '=')))
			bad += problem(f, path, "option '%s': a long name is a word, without '--' or '='", name);
		if (o->shortname && !((o->shortname >= 'a' && o->shortname <= 'z') ||
				      (o->shortname >= 'A' && o->shortname <= 'Z') ||
				      (o->shortname >= '0' && o->shortname <= '9')))
			bad += problem(f, path, "option '%s': a short name is a letter or a digit", name);
		if ((o->name && !strcmp(o->name, "help")) || o->shortname == 'h')
			bad += problem(f, path, "option '%s' takes -h or --help, which every command has", name);
		if (!o->help || !*o->help)
			bad += problem(f, path, "option '%s' has no help text", name);
		if (o->kind == CT_OPTION_FLAG && o->arg)
			bad += problem(f, path, "option '%s' is a flag but names a value ('%s')", name, o->arg);
		if (o->kind != CT_OPTION_FLAG && (!o->arg || !*o->arg))
			bad += problem(f, path, "option '%s' takes a value but does not name it", name);
		if ((o->flags & ~CT_OPT_LAST) || ((o->flags & CT_OPT_LAST) && o->kind != CT_OPTION_STRING))
			bad += problem(f, path, "option '%s' has flags its kind does not take", name);
		if (o->missing && o->kind == CT_OPTION_FLAG)
			bad += problem(f, path, "option '%s' is a flag but has a missing-value message", name);
		if (o->offset % dest_align(o->kind) || o->offset > c->opts_size ||
		    c->opts_size - o->offset < size)
			bad += problem(f, path,
				       "option '%s': a destination of %zu bytes at %zu does not fit an options "
				       "struct of %zu bytes",
				       name, size, o->offset, c->opts_size);
		for (p = c->opts; p < o; p++) {
			if (o->name && p->name && !strcmp(o->name, p->name))
				bad += problem(f, path, "option '--%s' is in the table twice", o->name);
			if (o->shortname && o->shortname == p->shortname)
				bad += problem(f, path, "short option '-%c' is used twice", o->shortname);
			if (o->offset < p->offset + dest_size(p->kind) && p->offset < o->offset + size)
				bad += problem(f, path, "options '%s' and '%s' store into the same place",
					       spelling(b2, p), name);
		}
	}
	return bad;
}

/* The problems of one command, its options and its sub-commands, below `prefix`. */
static int check_cmd(FILE *f, const struct ct_cmd *c, const char *prefix)
{
	char path[128];
	int i, j, bad = 0;

	snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? " " : "", c->name ? c->name : "?");
	if (!c->name || !*c->name)
		bad += problem(f, path, "a command has no name");
	if (!c->summary || !*c->summary)
		bad += problem(f, path, "the command has no summary");
	if (!c->run == !c->subs)
		bad += problem(f, path, "a command has a function to run or sub-commands, one of them");
	if (c->max_args >= 0 && c->max_args < c->min_args)
		bad += problem(f, path, "at most %d arguments, but at least %d", c->max_args, c->min_args);
	bad += check_opts(f, c, path);
	for (i = 0; c->subs && c->subs[i]; i++) {
		for (j = 0; j < i; j++)
			if (c->subs[i]->name && c->subs[j]->name && !strcmp(c->subs[i]->name, c->subs[j]->name))
				bad += problem(f, path, "command '%s' is in the table twice", c->subs[i]->name);
		bad += check_cmd(f, c->subs[i], path);
	}
	return bad;
}

int ct_tables_check(FILE *f, const struct ct_cmd *root)
{
	return check_cmd(f, root, "");
}

static void opt_synopsis(FILE *f, const struct ct_opt *o)
{
	if (o->shortname)
		fprintf(f, "-%c%s", o->shortname, o->name ? ", " : "");
	if (o->name)
		fprintf(f, "--%s", o->name);
	if (o->arg)
		fprintf(f, " %s", o->arg);
}

/* The lines of an option table in help: synopses `width` wide, then the help. */
static void opts_print(FILE *f, const struct ct_opt *opts, int width)
{
	const struct ct_opt *o;

	for (o = opts; o && o->kind; o++) {
		char left[64];
		FILE *m = fmemopen(left, sizeof(left), "w");
		if (m) {
			opt_synopsis(m, o);
			fclose(m);
		}
		left[sizeof(left) - 1] = '\0';
		/* A long option spelling gets its own line, as git's usage does. */
		if ((int)strlen(left) > width)
			fprintf(f, "  %s\n%*s", left, width + 3, "");
		else
			fprintf(f, "  %-*s ", width, left);
		fprintf(f, "%s%s\n", o->help, o->kind == CT_OPTION_LIST ? " (repeatable)" : "");
	}
}

void ct_help_print(FILE *f, const struct ct_cmd *cmd, const char *path)
{
	int i;

	if (cmd->subs) {
		fprintf(f, "usage: %s <command> [options]\n\n%s\n\n", path, cmd->summary);
		if (cmd->opts && cmd->opts[0].kind) {
			fprintf(f, "global options:\n");
			opts_print(f, cmd->opts, 16);
			fputc('\n', f);
		}
		fprintf(f, "commands:\n");
		for (i = 0; cmd->subs[i]; i++)
			if (!(cmd->subs[i]->flags & CT_CMD_HIDDEN))
				fprintf(f, "  %-16s %s\n", cmd->subs[i]->name, cmd->subs[i]->summary);
		fprintf(f, "\nRun '%s <command> --help' for a command's options.\n", path);
		return;
	}
	fprintf(f, "usage: %s%s%s%s\n\n%s\n", path, cmd->synopsis ? " " : "", cmd->synopsis ? cmd->synopsis : "",
		cmd->opts && cmd->opts[0].kind ? " [options]" : "", cmd->summary);
	fprintf(f, "\noptions:\n");
	opts_print(f, cmd->opts, 28);
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

/* One option in the man page: a tagged paragraph. */
static void man_opt(FILE *f, const struct ct_opt *o)
{
	fprintf(f, ".TP\n.B ");
	if (o->shortname)
		fprintf(f, "\\-%c%s", o->shortname, o->name ? ", " : "");
	if (o->name) {
		fprintf(f, "\\-\\-");
		man_text(f, o->name);
	}
	if (o->arg) {
		fprintf(f, " \\fI");
		man_text(f, o->arg);
		fprintf(f, "\\fR");
	}
	fputc('\n', f);
	man_text(f, o->help);
	fprintf(f, "%s\n", o->kind == CT_OPTION_LIST ? " (repeatable)" : "");
}

static void man_cmd(FILE *f, const struct ct_cmd *c, const char *prefix)
{
	const struct ct_opt *o;
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
	for (o = c->opts; o && o->kind; o++) {
		fprintf(f, ".RS\n");
		man_opt(f, o);
		fprintf(f, ".RE\n");
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
	const struct ct_opt *o;
	int i;

	fprintf(f, ".TH CLAIMTRACK 1 \"\" \"claimtrack\" \"User Commands\"\n");
	fprintf(f, ".SH NAME\nclaimtrack \\- track claims, the exact words of their sources, and their history\n");
	fprintf(f, ".SH SYNOPSIS\n.B claimtrack\n[\\fB\\-C\\fR \\fIDIR\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
	fprintf(f, ".SH DESCRIPTION\nclaimtrack keeps a ledger of factual claims, each pinned to the exact words of the "
		   "sources that state it. The ledger is a bare git repository in \\fI.claimtrack/\\fR (one commit per "
		   "change) with a SQLite index that can always be rebuilt from it. Commands find the ledger by walking "
		   "up from the current directory, or use \\fB\\-C\\fR \\fIDIR\\fR or \\fBCLAIMTRACK_DIR\\fR.\n");
	fprintf(f, ".SH OPTIONS\n");
	for (o = root->opts; o && o->kind; o++)
		man_opt(f, o);
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
