/* util.h — the helpers every tool and library file shares: messages and
 * exits, checked allocation, atomic output files.
 *
 * Errors are fatal and reported where they are found, in the style of
 * err(3): "lm-ppl: FILE: what is wrong".  That keeps the algorithmic code
 * free of error plumbing.  A fuzz harness (or a test) that must survive a
 * fatal error sets lm_die_hook to a function that longjmps out. */
#ifndef LM_UTIL_H
#define LM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef LM_VERSION_STRING
#define LM_VERSION_STRING "dev"
#endif

/* Exit codes, the same for every tool. */
enum { LM_EXIT_OK = 0, LM_EXIT_ERROR = 1, LM_EXIT_USAGE = 2 };

extern const char *lm_progname;          /* "lm-ppl"; set by lm_init() */
extern void (*lm_die_hook)(int status);  /* if set, called instead of exit() */
extern bool lm_quiet;                    /* fuzzing: no messages on stderr */

/* Call first in main(): sets the program name, makes a closed pipe on
 * stdout end the tool quietly, and removes half-written temp files when
 * the tool is interrupted. */
void lm_init(const char *argv0);

/* For a tool whose stages each allocate and free large arrays (lm-ngram):
 * blocks of 1 MiB and more mapped and unmapped one by one, so a stage's
 * freed arrays leave the process instead of waiting in the heap under the
 * next stage's.  glibc otherwise raises its mapping threshold as large
 * blocks are freed (up to 32 MiB), and the peak becomes the sum of the
 * stages: 93 MB against 63 MB on PTB's 5-gram.  A no-op off glibc. */
void lm_malloc_unmap_large(void);
/* Gives the free pages inside the heap back to the system (glibc's
 * malloc_trim; a no-op elsewhere): after millions of small blocks are
 * freed, and after arrays that grew in the heap's free space moved out
 * of it, those pages stay resident until the heap's top is free, which
 * may be never. */
void lm_trim_heap(void);

/* "prog: message" on stderr, then exit 1.  (Usage errors, exit 2, are the
 * tools': die_usage in tools/cli.h.) */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* die() with ": strerror(errno)" appended. */
_Noreturn void die_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnx_lm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message" on stderr, as warnx_lm, from a va_list. */
void lm_vwarn(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Exit with status after removing registered temp files (for callers
 * that have printed their own message). */
_Noreturn void lm_exit(int status);

/* Print "prog VERSION" and exit 0. */
_Noreturn void lm_print_version(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* n * size with an overflow check (dies on overflow). */
size_t xmul(size_t n, size_t size);
char *xstrdup(const char *s);

/* Output that never leaves a half-written file behind: lm_out_open() opens
 * a temporary file beside PATH (or stdout for "-" / NULL); lm_out_commit()
 * flushes, fsyncs and renames it over PATH.  If the tool dies or is
 * interrupted before the commit, the temp file is removed and an existing
 * PATH is untouched. */
typedef struct lm_out {
    FILE *fp;
    char *path;      /* final name; NULL for stdout */
    char *tmp;       /* temporary name; NULL for stdout */
    int slot;        /* index in the cleanup registry, -1 for stdout */
} lm_out;

FILE *lm_out_open(lm_out *o, const char *path);
void lm_out_commit(lm_out *o);
/* Check that a stream written with stdio reached its destination
 * (fflush + ferror); a closed pipe ends the tool quietly. */
void lm_check_write(FILE *fp, const char *name);

/* Opens PATH for reading, or stdin for "-" / NULL; dies with the reason. */
FILE *lm_open_read(const char *path);
/* A temporary file in DIR for scratch data (read and write, stdio buffer
 * of BUFSIZE bytes, 0: stdio's own), that never has a name where the
 * filesystem allows it (O_TMPFILE): no exit path -- error, signal, kill --
 * can leave it behind.  Elsewhere it is named by mkstemp and unlinked at
 * once, the fatal signals held back in between.  Dies naming DIR (the -T
 * of the message) when it cannot be made. */
FILE *lm_tmpfile(const char *dir, size_t bufsize);
/* All of PATH (stdin for "-" / NULL) as a NUL-terminated string, for a
 * text given as a file (lm-sample --prime-file); a NUL byte inside is an
 * error, since the text is a C string from then on. */
char *lm_read_text(const char *path);
/* The name to use in messages for PATH ("stdin" for "-" / NULL). */
const char *lm_display_name(const char *path);

/* Monotonic seconds, for progress lines and timings. */
double lm_now(void);

#endif
