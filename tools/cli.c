/* cli.c — option tables read by getopt_long; usage errors. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* ---- usage errors and strict numbers ------------------------------------- */

_Noreturn void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lm_vwarn(fmt, ap);
    va_end(ap);
    if (!lm_quiet) fprintf(stderr, "Try '%s --help' for more information.\n", lm_progname);
    lm_exit(LM_EXIT_USAGE);
}

long long parse_ll(const char *opt, const char *s, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0') die_usage("%s: '%s' is not an integer", opt, s);
    if (errno == ERANGE || v < min || v > max)
        die_usage("%s: %s is out of range [%lld, %lld]", opt, s, min, max);
    return v;
}

double parse_double(const char *opt, const char *s, double min, double max)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || isnan(v)) die_usage("%s: '%s' is not a number", opt, s);
    if (errno == ERANGE || !isfinite(v) || v < min || v > max)
        die_usage("%s: %s is out of range [%g, %g]", opt, s, min, max);
    return v;
}

const char *cli_join(const char *const *names, char *buf, size_t n)
{
    size_t k = 0, len = 0;
    while (names[k]) k++;
    buf[0] = 0;
    for (size_t i = 0; i < k; i++) {
        const char *sep = i == 0 ? "" : i + 1 == k ? " or " : ", ";
        int w = snprintf(buf + len, n - len, "%s%s", sep, names[i]);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}

cli_opt *cli_find(cli_opt *opts, const char *name)
{
    for (cli_opt *o = opts; o->type != CLI_END; o++)
        if (o->name && strcmp(o->name, name) == 0) return o;
    return NULL;
}

bool cli_given(cli_opt *opts, const char *name)
{
    cli_opt *o = cli_find(opts, name);
    return o && o->given;
}

/* ---- --help ----------------------------------------------------------------- */

#define HELP_COLUMN 25

static void print_help_text(FILE *fp, const cli_opt *o, int col)
{
    char joined[512] = "";
    if (o->choices) cli_join(o->choices, joined, sizeof joined);
    for (const char *p = o->help; *p; p++) {
        if (p[0] == '{' && p[1] == '}') {
            fputs(joined, fp);
            p++;
        } else if (*p == '\n') {
            fprintf(fp, "\n%*s", col, "");
        } else {
            fputc(*p, fp);
        }
    }
    fputc('\n', fp);
}

static void print_row(FILE *fp, const cli_opt *o)
{
    char left[80], key[8] = "    ";
    if (o->key) snprintf(key, sizeof key, "-%c, ", o->key);
    int n = snprintf(left, sizeof left, "  %s--%s%s%s", key, o->name,
                     o->type == CLI_FLAG ? "" : " ", o->type == CLI_FLAG ? "" : o->arg);
    fputs(left, fp);
    if (n >= HELP_COLUMN - 1) fprintf(fp, "\n%*s", HELP_COLUMN - 1, "");
    else fprintf(fp, "%*s", HELP_COLUMN - 1 - n, "");
    print_help_text(fp, o, HELP_COLUMN - 1);
}

void cli_usage(FILE *fp, const cli_opt *opts, const cli_tool *tool)
{
    fprintf(fp, "usage: %s\n", tool->usage);
    if (tool->about) fprintf(fp, "\n%s\n", tool->about);
    fputc('\n', fp);
    for (const cli_opt *o = opts; o->type != CLI_END; o++) {
        if (o->type == CLI_SECTION) fprintf(fp, "%s\n", o->help);
        else print_row(fp, o);
    }
    static const cli_opt always[] = {
        CLI_OPT("help", 'h', CLI_FLAG, NULL, 0, 0, NULL, "this help"),
        CLI_OPT("version", 0, CLI_FLAG, NULL, 0, 0, NULL, "print the version"),
    };
    print_row(fp, &always[0]);
    print_row(fp, &always[1]);
    if (tool->footer) fprintf(fp, "\n%s\n", tool->footer);
}

/* ---- parsing ------------------------------------------------------------------ */

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return 64;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            if (up + 1 < best) best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static _Noreturn void unknown_option(const char *arg, const cli_opt *opts)
{
    char name[64];
    snprintf(name, sizeof name, "%s", arg + strspn(arg, "-"));
    name[strcspn(name, "=")] = 0;
    const char *best = NULL;
    size_t bestd = 3;     /* suggest only what is a typo or two away */
    const char *extra[] = { "help", "version" };
    for (const cli_opt *o = opts; o->type != CLI_END; o++) {
        if (o->type == CLI_SECTION) continue;
        size_t d = distance(name, o->name);
        if (d < bestd) bestd = d, best = o->name;
    }
    for (int i = 0; i < 2; i++)
        if (distance(name, extra[i]) < bestd) bestd = distance(name, extra[i]), best = extra[i];
    if (best && arg[0] == '-' && arg[1] == '-')
        die_usage("unknown option '%s' (did you mean --%s?)", arg, best);
    die_usage("unknown option '%s'", arg);
}

/* A range bound as a long long: a bound at or past 2^63 is LLONG_MAX (the
 * conversion of such a double would overflow). */
static long long ll_bound(double x)
{
    if (x >= 0x1p63) return LLONG_MAX;
    if (x <= -0x1p63) return LLONG_MIN;
    return (long long)x;
}

static void set_value(cli_opt *o, const char *v)
{
    char opt[80];
    snprintf(opt, sizeof opt, "--%s", o->name);
    switch (o->type) {
    case CLI_FLAG: *(bool *)o->field = true; break;
    case CLI_INT: *(int *)o->field = (int)parse_ll(opt, v, ll_bound(o->min), ll_bound(o->max)); break;
    case CLI_U32: *(uint32_t *)o->field = (uint32_t)parse_ll(opt, v, ll_bound(o->min), ll_bound(o->max)); break;
    case CLI_LL: *(long long *)o->field = parse_ll(opt, v, ll_bound(o->min), ll_bound(o->max)); break;
    case CLI_U64: *(uint64_t *)o->field = (uint64_t)parse_ll(opt, v, ll_bound(o->min), ll_bound(o->max)); break;
    case CLI_DOUBLE:
    case CLI_FLOAT: {
        double x = parse_double(opt, v, o->min, o->max);
        if ((o->flags & CLI_OPEN_MIN) && x == o->min)
            die_usage("%s: %s is out of range (%g, %g]", opt, v, o->min, o->max);
        if (o->type == CLI_DOUBLE) *(double *)o->field = x;
        else *(float *)o->field = (float)x;
        break;
    }
    case CLI_STRING: *(const char **)o->field = v; break;
    case CLI_CHOICE: {
        for (int i = 0; o->choices[i]; i++)
            if (strcmp(o->choices[i], v) == 0) {
                *(int *)o->field = i;
                return;
            }
        char known[512];
        die_usage("%s: unknown value '%s' (known: %s)", opt, v,
                  cli_join(o->choices, known, sizeof known));
    }
    case CLI_CALL: o->call(v, o->field); break;
    case CLI_END:
    case CLI_SECTION: break;
    }
}

#define MAX_OPTS 128

int cli_parse(int argc, char **argv, cli_opt *opts, const cli_tool *tool)
{
    enum { KEY_HELP = 'h', KEY_VERSION = 1000, KEY_BASE = 1001 };
    struct option longopts[MAX_OPTS + 3];
    char shorts[3 * MAX_OPTS + 4] = ":h";
    size_t ns = 2, nl = 0;
    for (cli_opt *o = opts; o->type != CLI_END; o++) {
        if (o->type == CLI_SECTION) continue;
        if (nl == MAX_OPTS) die("%s: more than %d options", lm_progname, MAX_OPTS);
        bool arg = o->type != CLI_FLAG;
        longopts[nl] = (struct option){ o->name, arg ? required_argument : no_argument, NULL,
                                        o->key ? o->key : KEY_BASE + (int)(o - opts) };
        nl++;
        if (o->key) {
            shorts[ns++] = (char)o->key;
            if (arg) shorts[ns++] = ':';
        }
        o->given = false;
    }
    shorts[ns] = 0;
    longopts[nl++] = (struct option){ "help", no_argument, NULL, KEY_HELP };
    longopts[nl++] = (struct option){ "version", no_argument, NULL, KEY_VERSION };
    longopts[nl] = (struct option){ NULL, 0, NULL, 0 };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        if (c == KEY_HELP) {
            cli_usage(stdout, opts, tool);
            lm_check_write(stdout, "stdout");
            exit(LM_EXIT_OK);
        }
        if (c == KEY_VERSION) lm_print_version();
        if (c == ':') die_usage("%s needs a value", argv[optind - 1]);
        if (c == '?') unknown_option(argv[optind - 1], opts);
        cli_opt *o = NULL;
        if (c >= KEY_BASE) o = &opts[c - KEY_BASE];
        else
            for (cli_opt *p = opts; p->type != CLI_END; p++)
                if (p->type != CLI_SECTION && p->key == c) o = p;
        if (!o) unknown_option(argv[optind - 1], opts);
        set_value(o, optarg);
        o->given = true;
    }
    return optind;
}

/* ---- never clobber ------------------------------------------------------------ */

/* A refusal of the command line that is one line (no "Try --help": the
 * options were well formed, the files are the problem), exit 2. */
static _Noreturn void refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void refuse(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lm_vwarn(fmt, ap);
    va_end(ap);
    lm_exit(LM_EXIT_USAGE);
}

static bool is_std(const char *path) { return !path || strcmp(path, "-") == 0; }

void cli_input(cli_files *f, const char *path)
{
    if (f->nin == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 8;
        f->in = xrealloc(f->in, xmul(f->cap, sizeof *f->in));
    }
    f->in[f->nin++] = path;
}

void cli_inputs(cli_files *f, char *const *paths, int n)
{
    if (n == 0) cli_input(f, NULL);
    for (int i = 0; i < n; i++) cli_input(f, paths[i]);
}

void cli_output_add(cli_files *f, const char *path, const char *kind, unsigned flags,
                    const char *replaces)
{
    if (f->nout == CLI_MAX_OUTPUTS) die("more than %d outputs", CLI_MAX_OUTPUTS);
    f->out[f->nout++] = (cli_output){ path, kind, flags, replaces };
}

/* The file PATH names (standard input or output for NULL / "-", by FD),
 * following symlinks; false if there is none yet. */
static bool file_id(const char *path, int fd, struct stat *st)
{
    return is_std(path) ? fstat(fd, st) == 0 : stat(path, st) == 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

void cli_check_files(cli_files *f, bool force)
{
    for (size_t o = 0; o < f->nout; o++) {
        const cli_output *out = &f->out[o];
        const char *name = is_std(out->path) ? "standard output" : out->path;
        if (is_std(out->path) && (out->flags & CLI_BINARY) && isatty(STDOUT_FILENO))
            refuse("not writing a %s stream to a terminal (it is binary): redirect it "
                   "(> FILE) or read it with lm-dump", out->kind);
        struct stat ost, ist;
        if (!file_id(out->path, STDOUT_FILENO, &ost)) {   /* a new file */
            for (size_t p = 0; p < o; p++)
                if (!is_std(out->path) && !is_std(f->out[p].path) &&
                    strcmp(out->path, f->out[p].path) == 0)
                    refuse("%s: named as two outputs", name);
            continue;
        }
        /* Standard output clobbers only as a regular file (`>> input`). */
        if (is_std(out->path) && !S_ISREG(ost.st_mode)) continue;
        /* lm-train --resume M -o M: the one input this output may be. */
        bool replaced = out->replaces && !is_std(out->replaces) &&
                        stat(out->replaces, &ist) == 0 && same_file(&ist, &ost);
        for (size_t i = 0; i < f->nin; i++) {
            if (replaced && f->in[i] == out->replaces) continue;
            if (file_id(f->in[i], STDIN_FILENO, &ist) && same_file(&ist, &ost))
                refuse("%s: input file is output file", name);
        }
        for (size_t p = 0; p < o; p++)
            if (file_id(f->out[p].path, STDOUT_FILENO, &ist) && same_file(&ist, &ost) &&
                !(is_std(f->out[p].path) && !S_ISREG(ist.st_mode)))
                refuse("%s: named as two outputs", name);
        if ((out->flags & CLI_KEEP) && !is_std(out->path) && !force && !replaced &&
            S_ISREG(ost.st_mode))
            refuse("%s exists; give --force to overwrite it", name);
    }
    free(f->in);
    memset(f, 0, sizeof *f);
}
