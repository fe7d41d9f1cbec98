/* util.c — messages, exits, checked allocation and atomic output files.
 * See util.h. */
#define _GNU_SOURCE   /* O_TMPFILE */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *lm_progname = "lm";
void (*lm_die_hook)(int status);
bool lm_quiet;

/* Temp files that must disappear if the tool dies before committing them.
 * A fixed table keeps the signal handler async-signal-safe (it only reads
 * the table and calls unlink). */
#define LM_MAX_TEMPS 16
static char *volatile temp_paths[LM_MAX_TEMPS];

static void remove_temps(void)
{
    for (int i = 0; i < LM_MAX_TEMPS; i++)
        if (temp_paths[i]) unlink(temp_paths[i]);
}

static void on_fatal_signal(int sig)
{
    remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

void lm_malloc_unmap_large(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

void lm_trim_heap(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void lm_init(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    lm_progname = slash ? slash + 1 : (argv0 ? argv0 : "lm");
    /* SIGPIPE keeps its default action: `lm-sample | head` ends quietly.
     * If our parent ignored it, writes fail with EPIPE instead, and
     * lm_check_write treats that as a quiet end too. */
    int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        sigaction(sigs[i], NULL, &sa);
        if (sa.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

_Noreturn void lm_exit(int status)
{
    remove_temps();
    if (lm_die_hook) lm_die_hook(status);
    exit(status);
}

static void vmessage(const char *fmt, va_list ap, const char *suffix)
{
    if (lm_quiet) return;
    fflush(stdout);
    fprintf(stderr, "%s: ", lm_progname);
    vfprintf(stderr, fmt, ap);
    if (suffix) fprintf(stderr, ": %s", suffix);
    fputc('\n', stderr);
}

_Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap, NULL);
    va_end(ap);
    lm_exit(LM_EXIT_ERROR);
}

_Noreturn void die_errno(const char *fmt, ...)
{
    const char *why = strerror(errno);
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap, why);
    va_end(ap);
    lm_exit(LM_EXIT_ERROR);
}

void lm_vwarn(const char *fmt, va_list ap)
{
    vmessage(fmt, ap, NULL);
}

void warnx_lm(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(fmt, ap, NULL);
    va_end(ap);
}

_Noreturn void lm_print_version(void)
{
    printf("%s (lm) %s\n", lm_progname, LM_VERSION_STRING);
    lm_check_write(stdout, "stdout");
    exit(LM_EXIT_OK);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory (allocating %zu bytes)", n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) die("out of memory (allocating %zu x %zu bytes)", n, size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) die("out of memory (allocating %zu bytes)", n);
    return q;
}

size_t xmul(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) die("size overflow (%zu x %zu)", n, size);
    return n * size;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

const char *lm_display_name(const char *path)
{
    return (!path || strcmp(path, "-") == 0) ? "stdin" : path;
}

FILE *lm_open_read(const char *path)
{
    if (!path || strcmp(path, "-") == 0) return stdin;
    FILE *fp = fopen(path, "rb");
    if (!fp) die_errno("%s", path);
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode))
        die("%s: is a directory", path);
    return fp;
}

char *lm_read_text(const char *path)
{
    FILE *fp = lm_open_read(path);
    size_t n = 0, cap = 4096;
    char *s = xmalloc(cap);
    for (;;) {
        if (cap - n < 2) s = xrealloc(s, cap = xmul(cap, 2));
        size_t got = fread(s + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    if (ferror(fp)) die_errno("%s: read error", lm_display_name(path));
    if (fp != stdin) fclose(fp);
    s[n] = 0;
    if (strlen(s) != n) {
        size_t at = strlen(s) + 1;
        free(s);
        die("%s: byte %zu is a NUL byte (a prime is text)", lm_display_name(path), at);
    }
    return s;
}

void lm_check_write(FILE *fp, const char *name)
{
    if (fflush(fp) == 0 && !ferror(fp)) return;
    if (errno == EPIPE) lm_exit(LM_EXIT_OK);   /* reader went away: quiet */
    die_errno("%s: write error", name);
}

FILE *lm_out_open(lm_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return o->fp;
    }
    o->path = xstrdup(path);
    /* The temp file lives in the target's directory so rename() is atomic. */
    char *dircopy = xstrdup(path), *basecopy = xstrdup(path);
    const char *dir = dirname(dircopy), *base = basename(basecopy);
    size_t n = strlen(dir) + strlen(base) + 32;
    o->tmp = xmalloc(n);
    snprintf(o->tmp, n, "%s/.%s.tmp.XXXXXX", dir, base);
    free(dircopy);
    free(basecopy);
    for (int i = 0; i < LM_MAX_TEMPS; i++)
        if (!temp_paths[i]) { o->slot = i; break; }
    if (o->slot < 0) die("too many output files open at once");
    int fd = mkstemp(o->tmp);
    if (fd < 0) die_errno("%s: cannot create a file in that directory", path);
    temp_paths[o->slot] = o->tmp;
    /* mkstemp makes 0600; give the result the usual 0666 & ~umask. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "wb");
    if (!o->fp) die_errno("%s", path);
    return o->fp;
}

void lm_out_commit(lm_out *o)
{
    if (!o->path) {
        lm_check_write(o->fp, "stdout");
        return;
    }
    if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
        die_errno("%s: write error", o->path);
    if (fclose(o->fp) != 0) {
        o->fp = NULL;
        die_errno("%s: write error", o->path);
    }
    o->fp = NULL;
    if (rename(o->tmp, o->path) != 0) die_errno("%s: cannot rename temp file", o->path);
    temp_paths[o->slot] = NULL;
    /* Make the rename itself durable. */
    char *dircopy = xstrdup(o->path);
    int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) { fsync(dfd); close(dfd); }
    free(dircopy);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    o->slot = -1;
}

double lm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Without O_TMPFILE a window of microseconds remains between mkstemp and
 * unlink in which a signal taken by another thread (OpenBLAS's) or
 * SIGKILL can leave the file behind. */
static int tmpfile_open(const char *dir)
{
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
#endif
    size_t len = strlen(dir) + 32;
    char *path = xmalloc(len);
    snprintf(path, len, "%s/lm-tmp.XXXXXX", dir);
    sigset_t fatal, old;
    sigemptyset(&fatal);
    sigaddset(&fatal, SIGINT);
    sigaddset(&fatal, SIGTERM);
    sigaddset(&fatal, SIGHUP);
    sigprocmask(SIG_BLOCK, &fatal, &old);
    int named = mkstemp(path);
    if (named >= 0) unlink(path);
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(path);
    return named;
}

FILE *lm_tmpfile(const char *dir, size_t bufsize)
{
    int fd = tmpfile_open(dir);
    if (fd < 0) die_errno("%s: cannot create a temporary file there (-T DIR)", dir);
    FILE *fp = fdopen(fd, "w+b");
    if (!fp) die_errno("%s: temporary file", dir);
    if (bufsize) setvbuf(fp, NULL, _IOFBF, bufsize);
    return fp;
}
