/* ngram_arpa.c — ARPA write and read.  See ngram_arpa.h. */
#include "ngram_arpa.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------------------ */

/* The shortest of %.7g .. %.9g that reads back as V. */
static void put_float(FILE *fp, float v)
{
    char buf[32];
    if (v == 0) v = 0;    /* no "-0" */
    for (int prec = 7; prec <= 9; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
        if (strtof(buf, NULL) == v) break;
    }
    fputs(buf, fp);
}

void arpa_write(const lm_ngram *g, FILE *fp, const char *name)
{
    const lm_vocab *v = &g->vocab;
    fputs("\\data\\\n", fp);
    for (int k = 1; k <= g->order; k++) fprintf(fp, "ngram %d=%zu\n", k, g->lv[k].n);
    uint32_t w[LM_NGRAM_MAX_ORDER];
    for (int k = 1; k <= g->order; k++) {
        fprintf(fp, "\n\\%d-grams:\n", k);
        for (size_t i = 0; i < g->lv[k].n; i++) {
            level_words(g->lv, k, i, w);
            put_float(fp, g->logp[k][i]);
            for (int j = 0; j < k; j++) {
                putc(j ? ' ' : '\t', fp);
                fwrite(v->str[w[j]], 1, v->len[w[j]], fp);
            }
            if (k < g->order) {
                putc('\t', fp);
                put_float(fp, g->bo[k][i]);
            }
            putc('\n', fp);
        }
    }
    fputs("\n\\end\\\n", fp);
    lm_check_write(fp, name);
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

typedef struct pending {      /* one order's n-grams before sorting */
    uint64_t *key;            /* parent << 32 | first word */
    uint32_t *idx;
    float *logp, *bo;
    uint32_t *line;
} pending;

static const uint64_t *sort_keys;     /* qsort has no context argument */
static int cmp_idx(const void *a, const void *b)
{
    uint64_t x = sort_keys[*(const uint32_t *)a], y = sort_keys[*(const uint32_t *)b];
    return x < y ? -1 : x > y;
}

static void read_section(arpa_in *in, lm_ngram *g, int k, size_t count)
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
    lm_vocab *v = &g->vocab;
    bool has_bo = k < g->order;
    char *f[LM_NGRAM_MAX_ORDER + 3];
    uint32_t ids[LM_NGRAM_MAX_ORDER];
    if (k == 1) {
        size_t cap = v->n + count;
        g->logp[1] = xmalloc(xmul(cap, sizeof(float)));
        g->bo[1] = has_bo ? xcalloc(cap, sizeof(float)) : NULL;
        bool *seen = xcalloc(cap, 1);
        for (uint32_t i = 0; i < v->n; i++) g->logp[1][i] = -99.0f;
        for (size_t c = 0; c < count; c++) {
            if (!next_line(in)) arpa_die(in, "file ends after %zu of %zu 1-grams", c, count);
            short_section(in, 1, c, count);
            int n = split(in->line, f, 3);
            if (n < 2 || n > 2 + has_bo)
                arpa_die(in, "expected a 1-gram (log10p word%s), got %d fields", has_bo ? " [backoff]" : "", n);
            float lp = parse_num(in, f[0]), bo = n == 3 ? parse_num(in, f[2]) : 0;
            size_t len = strlen(f[1]);
            if (len > LM_MAX_TOKEN_LEN) arpa_die(in, "word longer than %d bytes", LM_MAX_TOKEN_LEN);
            uint32_t before = v->n, id = vocab_add(v, f[1], len);
            if (id < before && seen[id]) arpa_die(in, "duplicate 1-gram '%s'", f[1]);
            if (id >= cap) arpa_die(in, "more 1-grams than counted");
            seen[id] = true;
            g->logp[1][id] = lp;
            if (has_bo) g->bo[1][id] = bo;
        }
        free(seen);
        g->lv[1].n = v->n;
        g->lv[1].word = xmalloc(xmul(v->n, sizeof(uint32_t)));
        for (uint32_t i = 0; i < v->n; i++) g->lv[1].word[i] = i;
        return;
    }
    pending p;
    size_t m = count ? count : 1;
    p.key = xmalloc(xmul(m, sizeof *p.key));
    p.idx = xmalloc(xmul(m, sizeof *p.idx));
    p.logp = xmalloc(xmul(m, sizeof *p.logp));
    p.bo = has_bo ? xmalloc(xmul(m, sizeof *p.bo)) : NULL;
    p.line = xmalloc(xmul(m, sizeof *p.line));
    bool sorted = true;
    for (size_t c = 0; c < count; c++) {
        if (!next_line(in)) arpa_die(in, "file ends after %zu of %zu %d-grams", c, count, k);
        short_section(in, k, c, count);
        int n = split(in->line, f, k + 2);
        if (n != k + 1 + has_bo && !(has_bo && n == k + 1))
            arpa_die(in, "expected a %d-gram (log10p and %d words%s), got %d fields", k, k,
                     has_bo ? " [backoff]" : "", n);
        p.logp[c] = parse_num(in, f[0]);
        if (has_bo) p.bo[c] = n == k + 2 ? parse_num(in, f[k + 1]) : 0;
        for (int j = 0; j < k; j++) {
            ids[j] = vocab_find(v, f[1 + j], strlen(f[1 + j]));
            if (ids[j] == LM_NO_ID) arpa_die(in, "'%s' is not among the 1-grams", f[1 + j]);
        }
        /* the suffix w2..wk: walk the trie from wk leftwards */
        long node = ids[k - 1];
        for (int j = k - 2; j >= 1 && node >= 0; j--)
            node = level_find_child(&g->lv[k - j], g->first[k - j - 1], (uint32_t)node, ids[j]);
        if (node < 0) arpa_die(in, "the %d-gram's suffix (its last %d words) is not listed", k, k - 1);
        p.key[c] = (uint64_t)node << 32 | ids[0];
        p.idx[c] = (uint32_t)c;
        p.line[c] = (uint32_t)in->lineno;
        if (c && p.key[c] <= p.key[c - 1]) sorted = false;
    }
    if (!sorted) {
        sort_keys = p.key;
        qsort(p.idx, count, sizeof *p.idx, cmp_idx);
    }
    lm_ngram_level *L = &g->lv[k];
    L->n = count;
    L->word = xmalloc(xmul(m, sizeof *L->word));
    L->parent = xmalloc(xmul(m, sizeof *L->parent));
    g->logp[k] = xmalloc(xmul(m, sizeof(float)));
    if (has_bo) g->bo[k] = xmalloc(xmul(m, sizeof(float)));
    for (size_t c = 0; c < count; c++) {
        uint32_t i = p.idx[c];
        if (c && p.key[i] == p.key[p.idx[c - 1]]) {
            in->lineno = p.line[i] > p.line[p.idx[c - 1]] ? p.line[i] : p.line[p.idx[c - 1]];
            arpa_die(in, "duplicate %d-gram", k);
        }
        L->word[c] = (uint32_t)p.key[i];
        L->parent[c] = (uint32_t)(p.key[i] >> 32);
        g->logp[k][c] = p.logp[i];
        if (has_bo) g->bo[k][c] = p.bo[i];
    }
    free(p.key);
    free(p.idx);
    free(p.logp);
    free(p.bo);
    free(p.line);
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
    for (int k = 1; k <= order; k++) {
        read_section(&in, g, k, count[k]);
        if (k > 1) g->first[k - 1] = level_first_child(&g->lv[k], g->lv[k - 1].n);
    }
    if (!next_content(&in)) arpa_die(&in, "file ends without \\end\\ (truncated?)");
    char *t = in.line;
    while (isspace((unsigned char)*t)) t++;
    if (strncmp(t, "\\end\\", 5) != 0 || !blank(t + 5)) {
        if (t[0] != '\\') arpa_die(&in, "more %d-grams than the \\data\\ count of %zu", order, count[order]);
        arpa_die(&in, "expected \\end\\, got '%.40s'", in.line);
    }
    free(in.line);
}
