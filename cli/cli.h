/* cli/cli.h: the claimtrack command: command and option tables, parsed arguments, output. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "ledger.h"
#include "record.h"
#include "value.h"

/* Exit codes: documented in the README and the man page (see exit_codes in main.c). */
enum {
	EXIT_OK = 0,
	EXIT_NO = 1,        /* the command ran and its answer is no: problems found, --fail-if-* */
	EXIT_USAGE = 2,     /* unknown command or option, missing or extra argument */
	EXIT_NOTFOUND = 3,  /* unknown id, revision, file, or a quote not in the source */
	EXIT_INVALID = 4,   /* invalid input: text, date, status, value, record */
	EXIT_AMBIGUOUS = 5, /* an id prefix or quote matching more than one */
	EXIT_EXISTS = 6,    /* the id or ledger exists already */
	EXIT_NOLEDGER = 7,  /* no ledger found, or not a ledger */
	EXIT_BUSY = 8,      /* the ledger stayed locked by another writer */
	EXIT_FAILURE_ = 9,  /* I/O, corrupt history, out of memory, internal error */
};

/*
 * What an option's value is, and so what its destination must be: the field of the
 * command's options struct that the row's offset names.
 */
enum ct_option_kind {
	CT_OPTION_END = 0, /* the row that ends a table */
	CT_OPTION_FLAG,    /* no value; an int: how many times it was given */
	CT_OPTION_STRING,  /* one value; a const char *, borrowed from argv; NULL when not given */
	CT_OPTION_LIST,    /* a value, repeatable; a struct ct_optlist of them all, in order */
};

/* The values of a repeatable option, in the order given. The array is the parser's. */
struct ct_optlist {
	const char **v; /* borrowed from argv; NULL when none was given */
	size_t n;
};

/*
 * An option of a command: one row of its table, written with the CT_OPT_* macros
 * below. The parser stores the option's value at `offset` in the command's options
 * struct (struct ct_args.opts), so that a command reads a field, not a name.
 */
struct ct_opt {
	enum ct_option_kind kind;
	const char *name;    /* long name, without "--"; NULL for a short option only (-C) */
	char shortname;      /* one letter, or 0 */
	size_t offset;       /* where the value goes: offsetof(the options struct, field) */
	const char *arg;     /* the value's name in help ("URL"); NULL for a flag */
	const char *help;    /* one line */
	unsigned flags;      /* CT_OPT_* */
	const char *missing; /* the whole usage error when the value is missing; NULL: the usual */
};
#define CT_OPT_LAST 1u /* a string that may be given again: the last one counts */

/*
 * The offset of `field` in `type`, which must be of C type `ctype`: a row whose
 * destination is of the wrong kind does not compile.
 */
#define CT_OPT_DEST_(type, field, ctype) \
	(offsetof(type, field) + 0 * sizeof(_Generic(((type *)0)->field, ctype: 1)))

/*
 * Rows of an option table: CT_OPT_STRING(long name, short name or 0, the options
 * struct, its field, the value's name, help); flags name no value.
 */
#define CT_OPT_FLAG(l, s, type, field, h)                                                          \
	{ .kind = CT_OPTION_FLAG, .name = (l), .shortname = (s),                                   \
	  .offset = CT_OPT_DEST_(type, field, int), .help = (h) }
#define CT_OPT_STRING(l, s, type, field, a, h)                                                     \
	{ .kind = CT_OPTION_STRING, .name = (l), .shortname = (s),                                 \
	  .offset = CT_OPT_DEST_(type, field, const char *), .arg = (a), .help = (h) }
#define CT_OPT_LIST(l, s, type, field, a, h)                                                       \
	{ .kind = CT_OPTION_LIST, .name = (l), .shortname = (s),                                   \
	  .offset = CT_OPT_DEST_(type, field, struct ct_optlist), .arg = (a), .help = (h) }
#define CT_OPTS_END { .kind = CT_OPTION_END }

/* The options struct of a command whose one option is --json. */
struct ct_json_options {
	int json;
};

struct ct_cli;
struct ct_args;

/* A command: one row of a table. A command with `subs` dispatches on its first argument. */
struct ct_cmd {
	const char *name;
	int (*run)(struct ct_cli *cli, struct ct_args *args);
	const char *synopsis;  /* positional part of the usage line, man-page style */
	const char *summary;   /* one line */
	const struct ct_opt *opts; /* ended by CT_OPTS_END; NULL: none */
	size_t opts_size;      /* sizeof the options struct that opts' offsets point into */
	int min_args, max_args; /* positional arguments; max -1: any number */
	unsigned flags;        /* CT_CMD_* */
	const struct ct_cmd *const *subs; /* NULL-terminated sub-command table, or NULL */
};
#define CT_CMD_LEDGER 1u   /* needs an open ledger (cli->ledger) */
#define CT_CMD_HIDDEN 2u   /* not listed in help */
#define CT_CMD_AS_IS 4u    /* with CT_CMD_LEDGER: open even when a record stops the index catch-up */

/* Parsed arguments of one command. Strings are borrowed from argv. */
struct ct_args {
	const struct ct_cmd *cmd;
	const char *path;      /* "claimtrack source add", for messages */
	int argc;
	char **argv;           /* positional arguments */
	void *opts;            /* the command's options struct (cmd->opts_size bytes), or NULL */
};

/* What every command gets. */
struct ct_cli {
	ct_ledger *ledger;     /* open for CT_CMD_LEDGER commands */
	const char *dir;       /* -C DIR, or NULL */
	int color;             /* stdout is a terminal, NO_COLOR is unset and no --no-color */
	FILE *out;
};

/*
 * Parse argv for `cmd` into a: the positional arguments, and each option's value at
 * its row's offset in a new, zeroed options struct. A command with sub-commands
 * takes its options before the sub-command's name: its first argument ends them, and
 * it and all after it are a's positional arguments. A short option takes its value
 * attached (-CDIR) or as the next argument. Free with ct_args_release (also after a
 * failure). Returns 0; EXIT_USAGE or EXIT_FAILURE_ with the message
 * printed to stderr; or -1 when --help was given (the help was printed).
 */
int ct_args_parse(struct ct_args *a, const struct ct_cmd *cmd, const char *path, int argc, char **argv);
void ct_args_release(struct ct_args *a);

/*
 * Check a command table and every table below it for the mistakes the compiler cannot
 * see: a duplicate command, long or short option name, a missing summary or help, a
 * row whose value name does not fit its kind, a destination outside the options
 * struct or overlapping another's, a row that takes -h or --help. Prints one line per
 * problem to f. Returns the number of problems (0: the tables are good).
 */
int ct_tables_check(FILE *f, const struct ct_cmd *root);

/* Print a command's help (usage, options, sub-commands) to f. */
void ct_help_print(FILE *f, const struct ct_cmd *cmd, const char *path);

/* Print the man page (troff) of the whole command table to f. */
void ct_man_print(FILE *f, const struct ct_cmd *root);

/* Report a library error on stderr ("claimtrack: MESSAGE") and map its code to an exit code. */
int ct_fail(int error);

/* Print an error for a usage problem and return EXIT_USAGE. */
int ct_usage_error(const struct ct_args *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Print a JSON document (pretty, sorted keys) and a newline to f. Returns 0 or
 * EXIT_FAILURE_ with the message printed, except for a failed write of standard
 * output, which main() reports at exit as for any command's output.
 */
int ct_print_json(FILE *f, const json_t *doc);

/*
 * Print record `rec` of type t (core/record/field.h) as JSON, as ct_print_json
 * prints a document. Returns 0, or an exit code with the message printed.
 */
int ct_print_record(FILE *f, const ct_record_type *t, const void *rec);

/* ct_print_json() of doc, then drop the reference. */
int ct_print_json_new(FILE *f, json_t *doc);

/*
 * Write an HTML page to `path` with `write` (one of core/render/html.h's functions,
 * given doc and extra): into a temporary file renamed over `path` when whole,
 * so that a failure leaves no half page. Returns 0 or an exit code (message printed).
 */
int ct_write_page(const char *path, int (*write)(FILE *, const json_t *, const json_t *), const json_t *doc,
		  const json_t *extra);

/*
 * The human form of a value ("at least 20,000") into out, which is emptied first.
 * Returns 1; or 0, out empty, when v holds no value or cannot be formatted.
 */
int ct_value_text(ct_buf *out, const ct_value *v);

/* ct_value_text() of a value object of a report; 0 also when vj is NULL or cannot be read. */
int ct_value_words(ct_buf *out, const json_t *vj);

/* Colour helpers: the escape when cli->color, else "". */
const char *ct_c(const struct ct_cli *cli, const char *what);

/* The commands, in cli/cmd_*.c. */
extern const struct ct_cmd ct_cmd_init, ct_cmd_source, ct_cmd_claim, ct_cmd_cite, ct_cmd_log, ct_cmd_search,
	ct_cmd_verify, ct_cmd_rebuild, ct_cmd_pack, ct_cmd_diff, ct_cmd_report;

#endif
