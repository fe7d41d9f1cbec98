/* ngram_arpa.c — ARPA write and read.  See ngram_arpa.h. */
#include "ngram_arpa.h"
#include "floatfmt.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------------------ */

/* The shortest of %.7g .. %.9g that reads back as V (floatfmt.h). */
static size_t put_float(char *at, float v)
{
    if (v == 0) v = 0;    /* no "-0" */
    return float_format(at, v, 7);
}

/* ---- the n-gram lines ---- */

/* Formatting the numbers is most of the writer's time and each line
 * depends on nothing but its entry, so an order's entries are cut into
 * blocks that the caller and one worker format in turn, each into its own
 * buffer, written in order: the same bytes as one thread, for the memory
 * of two blocks of text. */
#define ARPA_BLOCK 32768                /* entries per block */
#define ARPA_PAD 16                     /* words this short are copied as 16 bytes */
#define ARPA_TAIL 64                    /* contexts this short, as 64 */

/* What the lines of order K are made of: the levels 1..K (their words and
 * parents), the vocabulary, the numbers of order K (BO NULL at the top). */
typedef struct arpa_order {
    const lm_ngram_level *lv;
    const lm_vocab *vocab;
    const char (*pad)[ARPA_PAD];       /* each word in 16 bytes, zero-padded */
    int k;
    const float *logp, *bo;
} arpa_order;

typedef struct arpa_block {
    const arpa_order *o;
    size_t lo, hi;                      /* entries lo .. hi-1 of order k */
    char *buf;
    size_t n, cap;
} arpa_block;

/* Word ID at AT: a fixed 16-byte copy (one vector move) where it fits,
 * since most words are short and memcpy of a variable length is a call. */
static char *put_word(const arpa_order *o, char *at, uint32_t id)
{
    const lm_vocab *v = o->vocab;
    if (v->len[id] < ARPA_PAD) memcpy(at, o->pad[id], ARPA_PAD);
    else memcpy(at, v->str[id], v->len[id]);
    return at + v->len[id];
}

/* An entry of order k is (first word, the entry of its suffix below);
 * entries are sorted by suffix, so consecutive lines share the text of
 * their suffix, made once per suffix as TAIL (" w2 ... wk"). */
static void *format_block(void *arg)
{
    arpa_block *b = arg;
    const arpa_order *o = b->o;
    const lm_vocab *v = o->vocab;
    const int k = o->k;
    const uint32_t *word = o->lv[k].word, *parent = k > 1 ? o->lv[k].parent : NULL;
    char *tail = NULL;
    size_t tail_len = 0, tail_cap = 0, last = SIZE_MAX;
    b->n = 0;
    for (size_t i = b->lo; i < b->hi; i++) {
        if (parent && parent[i] != last) {
            uint32_t w[LM_NGRAM_MAX_ORDER];
            last = parent[i];
            level_words(o->lv, k - 1, last, w);
            size_t need = ARPA_TAIL + ARPA_PAD;
            for (int j = 0; j < k - 1; j++) need += v->len[w[j]] + 1;
            if (need > tail_cap) {
                free(tail);
                tail = xcalloc(tail_cap = 2 * need, 1);
            }
            char *t = tail;
            for (int j = 0; j < k - 1; j++) {
                *t++ = ' ';
                t = put_word(o, t, w[j]);
            }
            tail_len = (size_t)(t - tail);
        }
        size_t need = 2 * FLOAT_FORMAT_MAX + 3 + v->len[word[i]] + ARPA_PAD + tail_len + ARPA_TAIL;
        if (b->n + need > b->cap) {
            b->cap = 2 * (b->n + need);
            b->buf = grow_array(b->buf, b->cap, 1);
        }
        char *at = b->buf + b->n;
        at += put_float(at, o->logp[i]);
        *at++ = '\t';
        at = put_word(o, at, word[i]);
        if (tail_len <= ARPA_TAIL && tail) memcpy(at, tail, ARPA_TAIL);
        else if (tail_len) memcpy(at, tail, tail_len);
        at += tail_len;
        if (o->bo) {
            *at++ = '\t';
            at += put_float(at, o->bo[i]);
        }
        *at++ = '\n';
        b->n = (size_t)(at - b->buf);
    }
    free(tail);
    return NULL;
}

/* Order O's section to FP, on this thread and (TWO) one more. */
static void write_order(const arpa_order *o, FILE *fp, bool two)
{
    fprintf(fp, "\n\\%d-grams:\n", o->k);
    arpa_block b[2] = { { .o = o }, { .o = o } };
    size_t n = o->lv[o->k].n;
    for (size_t lo = 0; lo < n; lo += 2 * ARPA_BLOCK) {
        b[0].lo = lo;
        b[0].hi = lo + ARPA_BLOCK < n ? lo + ARPA_BLOCK : n;
        b[1].lo = b[0].hi;
        b[1].hi = b[1].lo + ARPA_BLOCK < n ? b[1].lo + ARPA_BLOCK : n;
        pthread_t worker;
        bool both = two && b[1].lo < b[1].hi && pthread_create(&worker, NULL, format_block, &b[1]) == 0;
        format_block(&b[0]);
        if (!both) format_block(&b[1]);
        else pthread_join(worker, NULL);
        for (int j = 0; j < 2; j++)
            if (b[j].n) fwrite(b[j].buf, 1, b[j].n, fp);
    }
    free(b[0].buf);
    free(b[1].buf);
}

static char (*padded_words(const lm_vocab *v))[ARPA_PAD]
{
    char (*pad)[ARPA_PAD] = xcalloc(v->n ? v->n : 1, sizeof *pad);
    for (uint32_t i = 0; i < v->n; i++)
        if (v->len[i] < ARPA_PAD) memcpy(pad[i], v->str[i], v->len[i]);
    return pad;
}

static void write_counts(FILE *fp, int order, const size_t *n)
{
    fputs("\\data\\\n", fp);
    for (int k = 1; k <= order; k++) fprintf(fp, "ngram %d=%zu\n", k, n[k]);
}

void arpa_write(const lm_ngram *g, FILE *fp, const char *name)
{
    size_t n[LM_NGRAM_MAX_ORDER + 1];
    for (int k = 1; k <= g->order; k++) n[k] = g->lv[k].n;
    write_counts(fp, g->order, n);
    char (*pad)[ARPA_PAD] = padded_words(&g->vocab);
    for (int k = 1; k <= g->order; k++) {
        arpa_order o = { g->lv, &g->vocab, (const char (*)[ARPA_PAD])pad, k, g->logp[k],
                         k < g->order ? g->bo[k] : NULL };
        write_order(&o, fp, true);
    }
    free(pad);
    fputs("\n\\end\\\n", fp);
    lm_check_write(fp, name);
}

/* ---- order by order, beside an estimator ---- */

/* The orders below the top are written by a worker thread while the
 * caller goes on estimating the orders above; the top order, the largest,
 * on two threads once the others are out. */
struct arpa_writer {
    FILE *fp;
    const char *name;
    const lm_vocab *vocab;
    int order;
    char (*pad)[ARPA_PAD];
    arpa_order job[LM_NGRAM_MAX_ORDER + 1];
    float *owned[LM_NGRAM_MAX_ORDER + 1][2];  /* logp, bo of each job */
    int given, done;                           /* orders handed in, orders written */
    bool closing, threaded;
    pthread_t worker;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void finish_job(arpa_writer *w, int k)
{
    free(w->owned[k][0]);
    free(w->owned[k][1]);
    w->owned[k][0] = w->owned[k][1] = NULL;
}

static void *writer_main(void *arg)
{
    arpa_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {                                 /* the orders below the top */
        while (!(w->done < w->given && w->done + 1 < w->order) && !w->closing)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!(w->done < w->given && w->done + 1 < w->order)) break;
        int k = w->done + 1;
        pthread_mutex_unlock(&w->mu);
        write_order(&w->job[k], w->fp, false);
        finish_job(w, k);
        pthread_mutex_lock(&w->mu);
        w->done = k;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

arpa_writer *arpa_writer_begin(FILE *fp, const char *name, const lm_vocab *v, int order,
                               const size_t *n)
{
    arpa_writer *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    w->name = name;
    w->vocab = v;
    w->order = order;
    w->pad = padded_words(v);
    write_counts(fp, order, n);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->threaded = order > 1 && pthread_create(&w->worker, NULL, writer_main, w) == 0;
    return w;
}

void arpa_writer_order(arpa_writer *w, const lm_ngram_level *lv, int k, float *logp, float *bo)
{
    if (k != w->given + 1 || k > w->order) die("arpa_writer_order: order %d out of turn", k);
    w->job[k] = (arpa_order){ lv, w->vocab, (const char (*)[ARPA_PAD])w->pad, k, logp, bo };
    w->owned[k][0] = logp;
    w->owned[k][1] = bo;
    pthread_mutex_lock(&w->mu);
    w->given = k;
    if (w->threaded && k < w->order) {         /* the worker's */
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        return;
    }
    while (w->done < k - 1) pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
    write_order(&w->job[k], w->fp, true);
    finish_job(w, k);
    pthread_mutex_lock(&w->mu);
    w->done = k;
    pthread_mutex_unlock(&w->mu);
}

void arpa_writer_end(arpa_writer *w)
{
    pthread_mutex_lock(&w->mu);
    w->closing = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (w->threaded) pthread_join(w->worker, NULL);
    if (w->done != w->order) die("arpa_writer_end: %d of %d orders written", w->done, w->order);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    fputs("\n\\end\\\n", w->fp);
    lm_check_write(w->fp, w->name);
    free(w->pad);
    free(w);
}

/* ---- reading -------------------------------------------------------------------------- */

typedef struct arpa_in {
    FILE *fp;
    const char *name;
    char *line;
    size_t cap, lineno;
    ssize_t len;
} arpa_in;

_Noreturn __attribute__((format(printf, 2, 3)))
static void arpa_die(const arpa_in *in, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    die("%s:%zu: %s", in->name, in->lineno, msg);
}

/* Next line without its newline (and trailing \r); false at EOF. */
static bool next_line(arpa_in *in)
{
    in->len = getline(&in->line, &in->cap, in->fp);
    if (in->len < 0) {
        if (ferror(in->fp)) die_errno("%s: read error", in->name);
        return false;
    }
    in->lineno++;
    while (in->len > 0 && (in->line[in->len - 1] == '\n' || in->line[in->len - 1] == '\r'))
        in->line[--in->len] = 0;
    return true;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

/* Next non-blank line; false at EOF. */
static bool next_content(arpa_in *in)
{
    while (next_line(in))
        if (!blank(in->line)) return true;
    return false;
}

static float parse_num(const arpa_in *in, const char *tok)
{
    char *end;
    errno = 0;
    double d = strtod(tok, &end);
    if (end == tok || *end || !isfinite(d) || errno == ERANGE)
        arpa_die(in, "'%s' is not a number", tok);
    if (fabs(d) > 1e30) arpa_die(in, "'%s' is out of range", tok);
    return (float)d;
}

/* Splits the line into at most MAX whitespace-separated fields. */
static int split(char *s, char **f, int max)
{
    int n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        if (n == max) return max + 1;
        f[n++] = s;
        while (*s && *s != ' ' && *s != '\t') s++;
        if (*s) *s++ = 0;
    }
    return n;
}

/* A blank line or a section header where an n-gram should be. */
static void short_section(const arpa_in *in, int k, size_t got, size_t count)
{
    if (blank(in->line) || in->line[0] == '\\')
        arpa_die(in, "the \\%d-grams: section has %zu entries, \\data\\ says %zu", k, got, count);
}

typedef struct pending {      /* one order's n-grams as read, before sorting */
    int k;
    size_t n, cap;
    uint32_t *ids;            /* k per n-gram, oldest first */
    float *logp, *bo;         /* logp NAN: a blank inserted as a missing suffix */
    uint32_t *line;
} pending;

static void pending_add(pending *p, const uint32_t *ids, float logp, float bo, uint32_t line)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1024;
        p->ids = grow_array(p->ids, xmul(p->cap, (size_t)p->k), sizeof *p->ids);
        p->logp = grow_array(p->logp, p->cap, sizeof *p->logp);
        p->bo = grow_array(p->bo, p->cap, sizeof *p->bo);
        p->line = grow_array(p->line, p->cap, sizeof *p->line);
    }
    memcpy(p->ids + p->n * (size_t)p->k, ids, (size_t)p->k * sizeof *ids);
    p->logp[p->n] = logp;
    p->bo[p->n] = bo;
    p->line[p->n] = line;
    p->n++;
}

static void pending_free(pending *p)
{
    free(p->ids);
    free(p->logp);
    free(p->bo);
    free(p->line);
}

static void read_unigrams(arpa_in *in, lm_ngram *g, size_t count)
{
    lm_vocab *v = &g->vocab;
    bool has_bo = g->order > 1;
    char *f[4];
    size_t cap = 0;                 /* grown as words come: the count may lie */
    bool *seen = NULL;
    for (size_t c = 0; c < count; c++) {
        if (!next_line(in)) arpa_die(in, "file ends after %zu of %zu 1-grams", c, count);
        short_section(in, 1, c, count);
        int n = split(in->line, f, 3);
        if (n < 2 || n > 2 + has_bo)
            arpa_die(in, "expected a 1-gram (log10p word%s), got %d fields", has_bo ? " [backoff]" : "", n);
        float lp = parse_num(in, f[0]), bo = n == 3 ? parse_num(in, f[2]) : 0;
        size_t len = strlen(f[1]);
        if (len > LM_MAX_TOKEN_LEN) arpa_die(in, "word longer than %d bytes", LM_MAX_TOKEN_LEN);
        uint32_t id = vocab_add(v, f[1], len);
        if (v->n > cap) {
            size_t old = cap;
            cap = v->n * 2;
            g->logp[1] = grow_array(g->logp[1], cap, sizeof(float));
            g->bo[1] = grow_array(g->bo[1], cap, sizeof(float));
            seen = grow_array(seen, cap, sizeof *seen);
            for (size_t i = old; i < cap; i++) {
                g->logp[1][i] = -99.0f;
                g->bo[1][i] = 0;
                seen[i] = false;
            }
        }
        if (seen[id]) arpa_die(in, "duplicate 1-gram '%s'", f[1]);
        seen[id] = true;
        g->logp[1][id] = lp;
        if (has_bo) g->bo[1][id] = bo;
    }
    free(seen);
    if (cap < v->n) {         /* no unigrams: the three specials */
        g->logp[1] = grow_array(g->logp[1], v->n, sizeof(float));
        g->bo[1] = grow_array(g->bo[1], v->n, sizeof(float));
        for (uint32_t i = 0; i < v->n; i++) g->logp[1][i] = -99.0f, g->bo[1][i] = 0;
    }
    if (!has_bo) {
        free(g->bo[1]);
        g->bo[1] = NULL;
    }
    g->lv[1].n = v->n;
    g->lv[1].word = xmalloc(xmul(v->n, sizeof(uint32_t)));
    for (uint32_t i = 0; i < v->n; i++) g->lv[1].word[i] = i;
}

/* Reads the \k-grams: header and COUNT n-grams into P. */
static void read_section(arpa_in *in, lm_ngram *g, int k, size_t count, pending *p)
{
    if (!next_content(in)) arpa_die(in, "file ends before the \\%d-grams: section", k);
    char want[32];
    snprintf(want, sizeof want, "\\%d-grams:", k);
    char *t = in->line;
    while (isspace((unsigned char)*t)) t++;
    if (t[0] != '\\' && k > 1)
        arpa_die(in, "more %d-grams than the \\data\\ count", k - 1);
    if (strncmp(t, want, strlen(want)) != 0 || !blank(t + strlen(want)))
        arpa_die(in, "expected the %s section, got '%.40s'", want, in->line);
    if (k == 1) {
        read_unigrams(in, g, count);
        return;
    }
    bool has_bo = k < g->order;
    char *f[LM_NGRAM_MAX_ORDER + 3];
    uint32_t ids[LM_NGRAM_MAX_ORDER];
    p->k = k;
    for (size_t c = 0; c < count; c++) {
        if (!next_line(in)) arpa_die(in, "file ends after %zu of %zu %d-grams", c, count, k);
        short_section(in, k, c, count);
        int n = split(in->line, f, k + 2);
        if (n != k + 1 + has_bo && !(has_bo && n == k + 1))
            arpa_die(in, "expected a %d-gram (log10p and %d words%s), got %d fields", k, k,
                     has_bo ? " [backoff]" : "", n);
        float lp = parse_num(in, f[0]), bo = has_bo && n == k + 2 ? parse_num(in, f[k + 1]) : 0;
        for (int j = 0; j < k; j++) {
            ids[j] = vocab_find(&g->vocab, f[1 + j], strlen(f[1 + j]));
            if (ids[j] == LM_NO_ID) arpa_die(in, "'%s' is not among the 1-grams", f[1 + j]);
        }
        pending_add(p, ids, lp, bo, (uint32_t)in->lineno);
    }
}

/* ---- missing suffixes ----------------------------------------------------------- */

/* A set of one order's n-grams (indices into a pending list). */
typedef struct ngram_set {
    uint32_t *slot;           /* index + 1, 0 = empty */
    size_t mask;
} ngram_set;

static uint64_t hash_ids(const uint32_t *w, int k)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < k; i++) h = (h ^ w[i]) * 0xff51afd7ed558ccdull, h ^= h >> 29;
    return h;
}

/* The slot of W in S (P's n-grams): where it is, or the empty slot where it goes. */
static uint32_t *set_slot(const ngram_set *s, const pending *p, const uint32_t *w)
{
    size_t i = hash_ids(w, p->k) & s->mask;
    for (;; i = (i + 1) & s->mask) {
        uint32_t x = s->slot[i];
        if (!x || memcmp(p->ids + (size_t)(x - 1) * p->k, w, (size_t)p->k * sizeof *w) == 0)
            return &s->slot[i];
    }
}

/* SRILM's pruning can drop an n-gram whose extension it keeps.  For every
 * n-gram whose suffix (all words but the first) or context (all but the
 * last) is not listed, that n-gram is added as a blank (its back-off
 * probability is filled in when its order is built; its back-off weight
 * is 1, as for a context not listed), top down so blanks get their own.
 * Then every stored n-gram's suffix and context are stored, which the
 * trie and the full-distribution walk rely on.  Returns how many. */
static size_t add_missing(arpa_in *in, pending *pend, int order)
{
    size_t added = 0;
    for (int k = order; k >= 3; k--) {
        pending *lo = &pend[k - 1], *hi = &pend[k];
        size_t cap = 16;
        while (cap < 2 * (lo->n + 2 * hi->n)) cap *= 2;
        ngram_set s = { xcalloc(cap, sizeof(uint32_t)), cap - 1 };
        for (size_t i = 0; i < lo->n; i++) {
            uint32_t *slot = set_slot(&s, lo, lo->ids + i * (size_t)lo->k);
            if (*slot) {
                in->lineno = lo->line[i];
                arpa_die(in, "duplicate %d-gram", k - 1);
            }
            *slot = (uint32_t)(i + 1);
        }
        for (size_t i = 0; i < hi->n; i++)
            for (int side = 0; side < 2; side++) {     /* context, then suffix */
                const uint32_t *w = hi->ids + i * (size_t)hi->k + side;
                if (*set_slot(&s, lo, w)) continue;
                pending_add(lo, w, NAN, 0, 0);
                *set_slot(&s, lo, w) = (uint32_t)lo->n;
                added++;
            }
        free(s.slot);
    }
    return added;
}

/* ---- building the trie ---------------------------------------------------------------- */

/* An n-gram's sort key (its parent, then its first word) and its index
 * in the pending list: sorted as pairs, so no state outside the call. */
typedef struct keyed {
    uint64_t key;
    uint32_t idx;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Index at order n of the n-gram W[0..n), walking from its last word, or -1. */
static long find_ngram(const lm_ngram *g, const uint32_t *w, int n)
{
    long node = w[n - 1];
    for (int j = n - 2; j >= 0 && node >= 0; j--)
        node = level_find_child(&g->lv[n - j], g->first[n - j - 1], (uint32_t)node, w[j]);
    return node;
}

/* Order K from its pending n-grams: parents, sorted, blanks filled in. */
static void build_order(arpa_in *in, lm_ngram *g, int k, const pending *p)
{
    size_t count = p->n, m = count ? count : 1;
    bool has_bo = k < g->order;
    uint64_t *key = xmalloc(xmul(m, sizeof *key));
    uint32_t *idx = xmalloc(xmul(m, sizeof *idx));
    bool sorted = true;
    for (size_t c = 0; c < count; c++) {
        const uint32_t *w = p->ids + c * (size_t)k;
        long node = find_ngram(g, w + 1, k - 1);
        if (node < 0) arpa_die(in, "internal error: a suffix is missing after filling");
        key[c] = (uint64_t)node << 32 | w[0];
        idx[c] = (uint32_t)c;
        if (c && key[c] <= key[c - 1]) sorted = false;
    }
    if (!sorted) {
        keyed *ki = xmalloc(xmul(m, sizeof *ki));
        for (size_t c = 0; c < count; c++) ki[c] = (keyed){ key[c], (uint32_t)c };
        qsort(ki, count, sizeof *ki, cmp_keyed);
        for (size_t c = 0; c < count; c++) idx[c] = ki[c].idx;
        free(ki);
    }
    lm_ngram_level *L = &g->lv[k];
    L->n = count;
    L->word = xmalloc(xmul(m, sizeof *L->word));
    L->parent = xmalloc(xmul(m, sizeof *L->parent));
    g->logp[k] = xmalloc(xmul(m, sizeof(float)));
    g->bo[k] = has_bo ? xmalloc(xmul(m, sizeof(float))) : NULL;
    for (size_t c = 0; c < count; c++) {
        uint32_t i = idx[c];
        if (c && key[i] == key[idx[c - 1]]) {
            in->lineno = p->line[i] > p->line[idx[c - 1]] ? p->line[i] : p->line[idx[c - 1]];
            free(key);   /* the error frees what only this function holds */
            free(idx);
            arpa_die(in, "duplicate %d-gram", k);
        }
        L->word[c] = (uint32_t)key[i];
        L->parent[c] = (uint32_t)(key[i] >> 32);
        float lp = p->logp[i];
        if (isnan(lp)) {      /* a blank: what back-off gave before it existed */
            const uint32_t *w = p->ids + (size_t)i * k;
            uint32_t ctx[LM_NGRAM_MAX_ORDER];
            for (int j = 0; j < k - 2; j++) ctx[j] = w[k - 2 - j];
            long c1 = find_ngram(g, w, k - 1);
            lp = (float)((c1 >= 0 ? g->bo[k - 1][c1] : 0) + ngram_log10(g, ctx, k - 2, w[k - 1]));
        }
        g->logp[k][c] = lp;
        if (has_bo) g->bo[k][c] = p->bo[i];
    }
    free(key);
    free(idx);
}

void arpa_read(FILE *fp, const char *name, lm_ngram *g)
{
    memset(g, 0, sizeof *g);
    vocab_init(&g->vocab, LM_MODE_WORD);
    snprintf(g->smoothing, sizeof g->smoothing, "arpa");
    arpa_in in = { .fp = fp, .name = name };
    if (!next_content(&in)) arpa_die(&in, "empty file (expected \\data\\)");
    if (strncmp(in.line, "\\data\\", 6) != 0 || !blank(in.line + 6))
        arpa_die(&in, "expected \\data\\, got '%.40s'", in.line);
    size_t count[LM_NGRAM_MAX_ORDER + 1];
    int order = 0;
    while (next_line(&in)) {
        if (blank(in.line)) {
            if (order) break;
            continue;
        }
        int k, used = 0;
        unsigned long long c;
        if (in.line[0] == '\\') arpa_die(&in, "no blank line after the \\data\\ counts");
        if (sscanf(in.line, "ngram %d=%llu%n", &k, &c, &used) != 2 || in.line[used] || k != order + 1)
            arpa_die(&in, "bad count line '%.60s' (expected 'ngram %d=COUNT')", in.line, order + 1);
        if (k > LM_NGRAM_MAX_ORDER) arpa_die(&in, "order %d is above the limit of %d", k, LM_NGRAM_MAX_ORDER);
        if (c > UINT32_MAX - 1 || (k == 1 && c > LM_MAX_VOCAB - 3))
            arpa_die(&in, "count %llu is too large", c);
        count[k] = (size_t)c;
        order = k;
    }
    if (!order) arpa_die(&in, "no 'ngram N=COUNT' lines after \\data\\");
    g->order = order;
    pending pend[LM_NGRAM_MAX_ORDER + 1];
    memset(pend, 0, sizeof pend);
    for (int k = 1; k <= order; k++) {
        pend[k].k = k;
        read_section(&in, g, k, count[k], &pend[k]);
    }
    if (!next_content(&in)) arpa_die(&in, "file ends without \\end\\ (truncated?)");
    char *t = in.line;
    while (isspace((unsigned char)*t)) t++;
    if (strncmp(t, "\\end\\", 5) != 0 || !blank(t + 5)) {
        if (t[0] != '\\') arpa_die(&in, "more %d-grams than the \\data\\ count of %zu", order, count[order]);
        arpa_die(&in, "expected \\end\\, got '%.40s'", in.line);
    }
    size_t blanks = add_missing(&in, pend, order);
    if (blanks)
        warnx_lm("warning: %s: %zu n-grams are listed without their suffix or context (pruned by SRILM?); "
                 "added with their back-off probabilities", name, blanks);
    for (int k = 2; k <= order; k++) {
        build_order(&in, g, k, &pend[k]);
        g->first[k - 1] = level_first_child(&g->lv[k], g->lv[k - 1].n);
        pending_free(&pend[k]);
    }
    free(in.line);
}
