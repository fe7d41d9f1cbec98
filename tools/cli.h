/* cli.h — a tool's options as a table, in the tools and never in the
 * library: one row per option (its spellings, where its value goes, the
 * range it must be in, its line in --help), read by getopt_long.  Usage
 * errors (exit 2) are reported here: the library returns errors, the
 * tools say how the command line was wrong.
 *
 * A row's FIELD is written with the parsed value; GIVEN says whether the
 * option was on the command line (lm-train compares the given options
 * that a resumed run fixes with the checkpoint's).  --help and --version
 * are added to every table. */
#ifndef LM_CLI_H
#define LM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cli_type {
    CLI_END,        /* ends a table */
    CLI_SECTION,    /* a heading in --help (HELP only) */
    CLI_FLAG,       /* bool, set to true */
    CLI_INT,        /* int in [min, max] */
    CLI_U32,        /* uint32_t in [min, max] */
    CLI_LL,         /* long long in [min, max] */
    CLI_U64,        /* uint64_t in [min, max] */
    CLI_DOUBLE,     /* double in [min, max] */
    CLI_FLOAT,      /* float in [min, max] */
    CLI_STRING,     /* const char *, the argument itself */
    CLI_CHOICE,     /* int: the index of the argument in CHOICES */
    CLI_CALL,       /* CALL(value, field) parses (and may call die_usage) */
} cli_type;

/* Row flags. */
enum {
    CLI_FIXED = 1,        /* lm-train: fixed by the run, not changed on --resume */
    CLI_OPEN_MIN = 2,     /* the range excludes MIN: (min, max] */
};

typedef struct cli_opt {
    const char *name;     /* long name without "--" */
    int key;              /* the short option's letter, or 0 */
    cli_type type;
    void *field;
    double min, max;      /* numbers: the accepted range */
    const char *arg;      /* the value's name in --help ("N", "FILE") */
    /* --help text; "\n" starts a continuation line; "{}" is replaced by
     * CHOICES as "a, b or c" */
    const char *help;
    const char *const *choices;            /* CLI_CHOICE: NULL-terminated */
    void (*call)(const char *value, void *field);   /* CLI_CALL */
    unsigned flags;
    bool given;           /* set by cli_parse */
} cli_opt;

/* Rows, so that a table reads as one line per option:
 *   CLI_OPT("layers", 'L', CLI_INT, &o.layers, 1, 16, "N", "stacked layers (default 2)")
 *   CLI_FIXED_OPT(...)  the same, for an option a resumed run fixes
 *   CLI_CHOICES("cell", 'c', &o.cell, names, "NAME", "{} (default lstm)")
 *   CLI_FN("prune", 0, parse_prune, &o, "LIST", "...")
 *   CLI_HEAD("Training:")   a heading in --help
 *   CLI_DONE                the end */
#define CLI_OPT(name, key, type, field, min, max, arg, help) \
    { name, key, type, field, min, max, arg, help, NULL, NULL, 0, false }
#define CLI_FIXED_OPT(name, key, type, field, min, max, arg, help) \
    { name, key, type, field, min, max, arg, help, NULL, NULL, CLI_FIXED, false }
#define CLI_OPEN_OPT(name, key, type, field, min, max, arg, help) \
    { name, key, type, field, min, max, arg, help, NULL, NULL, CLI_OPEN_MIN, false }
#define CLI_CHOICES(name, key, field, choices, arg, help) \
    { name, key, CLI_CHOICE, field, 0, 0, arg, help, choices, NULL, 0, false }
#define CLI_FIXED_CHOICES(name, key, field, choices, arg, help) \
    { name, key, CLI_CHOICE, field, 0, 0, arg, help, choices, NULL, CLI_FIXED, false }
#define CLI_FN(name, key, fn, field, arg, help) \
    { name, key, CLI_CALL, field, 0, 0, arg, help, NULL, fn, 0, false }
#define CLI_HEAD(text) { NULL, 0, CLI_SECTION, NULL, 0, 0, NULL, text, NULL, NULL, 0, false }
#define CLI_DONE { NULL, 0, CLI_END, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, false }

typedef struct cli_tool {
    const char *usage;    /* "lm-train [options] -o MODEL [TRAIN]" */
    const char *about;    /* the paragraph after the usage line */
    const char *footer;   /* e.g. "See lm-train(1)." */
} cli_tool;

/* Parses ARGV by the table OPTS (ended by a CLI_END row); --help prints
 * the usage and exits 0, --version the version.  An unknown option is a
 * usage error that names the nearest known one.  Returns the index of
 * the first operand. */
int cli_parse(int argc, char **argv, cli_opt *opts, const cli_tool *tool);

/* The row named NAME (NULL if none), and whether it was given. */
cli_opt *cli_find(cli_opt *opts, const char *name);
bool cli_given(cli_opt *opts, const char *name);

/* --help from the table. */
void cli_usage(FILE *fp, const cli_opt *opts, const cli_tool *tool);

/* "prog: message" and "Try 'prog --help'" on stderr, then exit 2. */
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict option values: the whole string must be a number in [min, max];
 * otherwise die_usage naming the option ("--beam: 0 is out of range
 * [1, 10000]"). */
long long parse_ll(const char *opt, const char *s, long long min, long long max);
double parse_double(const char *opt, const char *s, double min, double max);

/* "a, b or c" from a NULL-terminated list, into BUF. */
const char *cli_join(const char *const *names, char *buf, size_t n);

/* ---- never clobber ---------------------------------------------------------
 * A tool names the files it reads and writes, and cli_check_files refuses,
 * before any work, with one line and exit 2:
 *   - an output that is the same file as an input (device and inode, so a
 *     hard link, "./x" for "x" and a symlink are caught; `cat: input file
 *     is output file`), standard output included when it is a regular file;
 *   - two outputs that are the same file;
 *   - a binary stream (CLI_BINARY) on standard output when that is a
 *     terminal (as gzip does);
 *   - an existing regular file as a model output (CLI_KEEP) without
 *     --force, unless it is the output's REPLACES input (lm-train
 *     --resume M -o M). */
enum {
    CLI_BINARY = 1,   /* a msgpack stream: never to a terminal */
    CLI_KEEP = 2,     /* a model: an existing file needs --force */
};

typedef struct cli_output {
    const char *path;       /* NULL or "-": standard output */
    const char *kind;       /* what is written, for messages: "tokens", "model" */
    unsigned flags;         /* CLI_BINARY, CLI_KEEP */
    const char *replaces;   /* an input this output may be, or NULL */
} cli_output;

#define CLI_MAX_OUTPUTS 8

typedef struct cli_files {
    const char **in;        /* NULL or "-": standard input */
    size_t nin, cap;
    cli_output out[CLI_MAX_OUTPUTS];
    size_t nout;
} cli_files;

/* Adds an input (NULL or "-" is standard input); cli_inputs adds N
 * operands, or standard input when N is 0. */
void cli_input(cli_files *f, const char *path);
void cli_inputs(cli_files *f, char *const *paths, int n);
void cli_output_add(cli_files *f, const char *path, const char *kind, unsigned flags,
                    const char *replaces);
/* Refuses as above (FORCE: --force was given), then frees F's lists. */
void cli_check_files(cli_files *f, bool force);

#endif
