/* ppl.c — perplexity, bits per token/char/byte, and log-space mixing. */
#include "ppl.h"
#include "json.h"
#include "tokens.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Neumaier summation: a million log-probabilities summed in double lose
 * digits to rounding; the compensation keeps the total exact to the last
 * printed digit. */
static void add_compensated(double *sum, double *err, double x)
{
    double t = *sum + x;
    if (fabs(*sum) >= fabs(x)) *err += (*sum - t) + x;
    else *err += (x - t) + *sum;
    *sum = t;
}

void ppl_add(lm_ppl *s, double logp, int is_oov)
{
    s->tokens++;
    add_compensated(&s->nats, &s->nats_err, -logp);
    if (is_oov) {
        s->oovs++;
        add_compensated(&s->oov_nats, &s->oov_nats_err, -logp);
    }
}

double ppl_total_nats(const lm_ppl *s)
{
    return s->nats + s->nats_err;
}

double ppl_perplexity(const lm_ppl *s)
{
    return exp(ppl_total_nats(s) / (double)s->tokens);
}

double ppl_perplexity_no_oov(const lm_ppl *s)
{
    uint64_t n = s->tokens - s->oovs;
    if (n == 0) return NAN;
    return exp((ppl_total_nats(s) - (s->oov_nats + s->oov_nats_err)) / (double)n);
}

void ppl_add_token(lm_ppl *s, const lm_vocab *v, uint32_t id, double logp)
{
    ppl_add(s, logp, id == v->unk);
    if (v->mode == LM_MODE_WORD && id == v->eos) s->sentences++;
}

static double per(double nats, uint64_t n, double unit)
{
    return n ? nats / unit / (double)n : NAN;
}

lm_srilm ppl_srilm(const lm_ppl *s, bool unk_is_oov)
{
    lm_srilm r = { .sentences = s->sentences, .words = s->tokens - s->sentences };
    double nats = ppl_total_nats(s);
    if (unk_is_oov) {
        r.oovs = s->oovs;
        nats -= s->oov_nats + s->oov_nats_err;
    }
    r.logprob = -nats / M_LN10;
    uint64_t scored = r.words - r.oovs;
    r.ppl = scored + r.sentences ? exp(nats / (double)(scored + r.sentences)) : NAN;
    r.ppl1 = scored ? exp(nats / (double)scored) : NAN;
    return r;
}

/* SRILM prints an undefined perplexity as "undefined". */
static void print_ppl_value(FILE *out, double x)
{
    if (isnan(x)) fputs("undefined", out);
    else fprintf(out, "%.10g", x);
}

void ppl_print_srilm(FILE *out, const char *prefix, const char *file, const lm_srilm *r)
{
    fputs(prefix, out);
    if (file) fprintf(out, "file %s: ", file);
    fprintf(out, "%llu sentences, %llu words, %llu OOVs\n", (unsigned long long)r->sentences,
            (unsigned long long)r->words, (unsigned long long)r->oovs);
    fprintf(out, "%s%llu zeroprobs, logprob= %.10g ppl= ", prefix, (unsigned long long)r->zeroprobs,
            r->logprob);
    print_ppl_value(out, r->ppl);
    fputs(" ppl1= ", out);
    print_ppl_value(out, r->ppl1);
    fputc('\n', out);
}

void ppl_print_text(FILE *out, const lm_ppl *s, const lm_ppl_report *rep)
{
    double nats = ppl_total_nats(s);
    if (rep->weights) {
        fputs("weights     ", out);
        for (int i = 0; i < rep->nweights; i++) fprintf(out, "%s%.10f", i ? "," : "", rep->weights[i]);
        fprintf(out, "\niterations  %d\n", rep->iterations);
    }
    fprintf(out, "tokens      %llu\n", (unsigned long long)s->tokens);
    fprintf(out, "oovs        %llu\n", (unsigned long long)s->oovs);
    fprintf(out, "nats        %.6f\n", nats);
    fprintf(out, "ppl         %.10g\n", ppl_perplexity(s));
    if (s->oovs) fprintf(out, "ppl-no-oov  %.10g\n", ppl_perplexity_no_oov(s));
    fprintf(out, "nats/token  %.6f\n", per(nats, s->tokens, 1));
    fprintf(out, "bits/token  %.6f\n", per(nats, s->tokens, M_LN2));
    fprintf(out, "chars       %llu\n", (unsigned long long)s->chars);
    if (s->chars) fprintf(out, "bits/char   %.6f\n", per(nats, s->chars, M_LN2));
    fprintf(out, "bytes       %llu\n", (unsigned long long)s->bytes);
    if (s->bytes) fprintf(out, "bits/byte   %.6f\n", per(nats, s->bytes, M_LN2));
    lm_srilm r = ppl_srilm(s, rep->unk_is_oov);
    ppl_print_srilm(out, "", rep->file, &r);
}

static void json_field(FILE *out, const char *name, double x)
{
    fprintf(out, ", \"%s\": ", name);
    json_write_double(out, x);
}

void ppl_print_json(FILE *out, const lm_ppl *s, const lm_ppl_report *rep)
{
    double nats = ppl_total_nats(s);
    fputc('{', out);
    if (rep->weights) {
        fputs("\"weights\": [", out);
        for (int i = 0; i < rep->nweights; i++) {
            if (i) fputs(", ", out);
            json_write_double(out, rep->weights[i]);
        }
        fprintf(out, "], \"iterations\": %d, ", rep->iterations);
    }
    fprintf(out, "\"tokens\": %llu, \"oovs\": %llu", (unsigned long long)s->tokens,
            (unsigned long long)s->oovs);
    json_field(out, "nats", nats);
    json_field(out, "ppl", ppl_perplexity(s));
    json_field(out, "ppl_no_oov", ppl_perplexity_no_oov(s));
    json_field(out, "nats_per_token", per(nats, s->tokens, 1));
    json_field(out, "bits_per_token", per(nats, s->tokens, M_LN2));
    fprintf(out, ", \"chars\": %llu, \"bytes\": %llu", (unsigned long long)s->chars,
            (unsigned long long)s->bytes);
    json_field(out, "bits_per_char", per(nats, s->chars, M_LN2));
    json_field(out, "bits_per_byte", per(nats, s->bytes, M_LN2));
    /* flat, and no key another one ends with: scripts pick fields out
     * of the line with a pattern */
    lm_srilm r = ppl_srilm(s, rep->unk_is_oov);
    fprintf(out, ", \"sentences\": %llu, \"words\": %llu, \"srilm_oovs\": %llu, \"zeroprobs\": %llu, "
            "\"unk_is_oov\": %s", (unsigned long long)r.sentences, (unsigned long long)r.words,
            (unsigned long long)r.oovs, (unsigned long long)r.zeroprobs, rep->unk_is_oov ? "true" : "false");
    json_field(out, "logprob", r.logprob);
    json_field(out, "srilm_ppl", r.ppl);
    json_field(out, "ppl1", r.ppl1);
    fputs("}\n", out);
}

double log_mix(const double *logw, const double *logp, int k)
{
    double m = -INFINITY;
    for (int i = 0; i < k; i++)
        if (logw[i] + logp[i] > m) m = logw[i] + logp[i];
    if (m == -INFINITY) return m;
    double sum = 0;
    for (int i = 0; i < k; i++) sum += exp(logw[i] + logp[i] - m);
    return m + log(sum);
}


/* ---- fitting a mixture's weights ------------------------------------------- */

int ppl_fit_mix(const double *logp, size_t n, int k, double *w)
{
    /* Each token's probabilities relative to its largest, computed once:
     * an iteration is then K multiply-adds per token, and log p = -800
     * does not underflow. */
    double *q = xmalloc(xmul(xmul(n ? n : 1, (size_t)k), sizeof *q));
    for (size_t t = 0; t < n; t++) {
        const double *lp = logp + t * (size_t)k;
        double m = -INFINITY;
        for (int i = 0; i < k; i++) if (lp[i] > m) m = lp[i];
        for (int i = 0; i < k; i++) q[t * (size_t)k + i] = exp(lp[i] - m);
    }
    double *post = xmalloc(xmul((size_t)k, sizeof *post));
    int it = 0;
    for (int i = 0; i < k; i++) w[i] = 1.0 / k;
    while (it < 100000 && n) {
        it++;
        for (int i = 0; i < k; i++) post[i] = 0;
        for (size_t t = 0; t < n; t++) {
            const double *qt = q + t * (size_t)k;
            double den = 0;
            for (int i = 0; i < k; i++) den += w[i] * qt[i];
            for (int i = 0; i < k; i++) post[i] += w[i] * qt[i] / den;
        }
        double moved = 0;
        for (int i = 0; i < k; i++) {
            double nw = post[i] / (double)n;
            if (fabs(nw - w[i]) > moved) moved = fabs(nw - w[i]);
            w[i] = nw;
        }
        if (moved <= 1e-10) break;
    }
    free(post);
    free(q);
    return it;
}

/* ---- lm-ppl: logprobs streams to a report ---------------------------------- */

static void report(const lm_ppl *s, const lm_ppl_opts *o, const lm_ppl_report *rep, FILE *out)
{
    if (s->tokens == 0) die("no tokens to score (the logprobs stream is empty)");
    if (o->json) ppl_print_json(out, s, rep);
    else ppl_print_text(out, s, rep);
    lm_check_write(out, "stdout");
}

/* The SRILM line's file name: the one file, or "stdin"; several files are
 * one text without a single name. */
static const char *report_file(const lm_ppl_opts *o)
{
    if (o->nfiles == 0) return "stdin";
    if (o->nfiles == 1) return lm_display_name(o->files[0]);
    return NULL;
}

static void plain(const lm_ppl_opts *o, FILE *out)
{
    lm_ppl s = { 0 };
    int n = o->nfiles ? o->nfiles : 1;
    for (int f = 0; f < n; f++) {
        lm_chunk_reader cr;
        chunk_reader_open(&cr, o->nfiles ? o->files[f] : NULL, "logprobs");
        while (chunk_reader_next(&cr)) {
            for (size_t i = 0; i < cr.n; i++) ppl_add_token(&s, &cr.vocab, cr.ids[i], cr.logp[i]);
            s.bytes += cr.bytes;
            s.chars += cr.chars;
        }
        chunk_reader_close(&cr);
    }
    lm_ppl_report rep = { .unk_is_oov = o->unk_is_oov, .file = report_file(o) };
    report(&s, o, &rep, out);
}

/* One stream of a mixture and its position in the current record. */
typedef struct cursor {
    lm_chunk_reader cr;
    size_t pos;
    uint64_t bytes, chars;
    bool done;
} cursor;

/* Advances to a record with tokens left; false at the end of the stream. */
static bool cursor_ready(cursor *c)
{
    while (!c->done && c->pos == c->cr.n) {
        if (!chunk_reader_next(&c->cr)) { c->done = true; break; }
        c->pos = 0;
        c->bytes += c->cr.bytes;
        c->chars += c->cr.chars;
    }
    return !c->done;
}

/* K streams over the same tokens, read side by side: per token the K
 * log-probabilities (logp[t*k + i]) and whether it is <unk> or </s>. */
typedef struct aligned {
    int k;
    size_t n, cap;
    double *logp;
    uint8_t *kind;            /* 1: <unk>, 2: </s> */
    uint64_t bytes, chars;
} aligned;

static void read_aligned(char *const *files, int k, aligned *a)
{
    cursor *c = xcalloc((size_t)k, sizeof *c);
    for (int i = 0; i < k; i++) chunk_reader_open(&c[i].cr, files[i], "logprobs");
    memset(a, 0, sizeof *a);
    a->k = k;
    for (uint64_t t = 0;; t++) {
        int ready = 0;
        for (int i = 0; i < k; i++) ready += cursor_ready(&c[i]);
        if (ready == 0) break;
        if (ready != k) {
            int ended = 0;
            while (!c[ended].done) ended++;
            die("%s: the streams do not cover the same tokens (it ends after %llu tokens)",
                files[ended], (unsigned long long)t);
        }
        if (a->n == a->cap) {
            a->cap = a->cap ? 2 * a->cap : 4096;
            a->logp = xrealloc(a->logp, xmul(xmul(a->cap, (size_t)k), sizeof *a->logp));
            a->kind = xrealloc(a->kind, a->cap);
        }
        const lm_vocab *v0 = &c[0].cr.vocab;
        uint32_t id0 = c[0].cr.ids[c[0].pos];
        for (int i = 0; i < k; i++) {
            const lm_vocab *v = &c[i].cr.vocab;
            uint32_t id = c[i].cr.ids[c[i].pos];
            if (i && (v->len[id] != v0->len[id0] || memcmp(v->str[id], v0->str[id0], v->len[id]) != 0))
                die("%s and %s: the streams do not cover the same tokens (token %llu differs)",
                    files[0], files[i], (unsigned long long)t);
            a->logp[a->n * (size_t)k + i] = c[i].cr.logp[c[i].pos++];
        }
        a->kind[a->n++] = id0 == v0->unk ? 1 : v0->mode == LM_MODE_WORD && id0 == v0->eos ? 2 : 0;
    }
    for (int i = 1; i < k; i++)
        if (c[i].bytes != c[0].bytes || c[i].chars != c[0].chars)
            die("%s and %s: the streams cover different amounts of text", files[0], files[i]);
    a->bytes = c[0].bytes;
    a->chars = c[0].chars;
    for (int i = 0; i < k; i++) chunk_reader_close(&c[i].cr);
    free(c);
}

/* The sums of the mixture with weights W. */
static lm_ppl mix_sums(const aligned *a, const double *w)
{
    double *logw = xmalloc(xmul((size_t)a->k, sizeof *logw));
    for (int i = 0; i < a->k; i++) logw[i] = log(w[i]);     /* log(0) = -inf: that model drops out */
    lm_ppl s = { 0 };
    for (size_t t = 0; t < a->n; t++) {
        ppl_add(&s, log_mix(logw, a->logp + t * (size_t)a->k, a->k), a->kind[t] == 1);
        s.sentences += a->kind[t] == 2;
    }
    s.bytes = a->bytes;
    s.chars = a->chars;
    free(logw);
    return s;
}

static void mix(const lm_ppl_opts *o, FILE *out)
{
    aligned a;
    read_aligned(o->files, o->nfiles, &a);
    lm_ppl_report rep = { .unk_is_oov = o->unk_is_oov };
    double *w = xmalloc(xmul((size_t)a.k, sizeof *w));
    if (o->fit_mix) {
        rep.iterations = ppl_fit_mix(a.logp, a.n, a.k, w);
        rep.weights = w;
        rep.nweights = a.k;
    } else {
        memcpy(w, o->weights, (size_t)a.k * sizeof *w);
    }
    lm_ppl s = mix_sums(&a, w);
    report(&s, o, &rep, out);
    free(w);
    free(a.logp);
    free(a.kind);
}

void ppl_run(const lm_ppl_opts *o, FILE *out)
{
    if (o->weights || o->fit_mix) mix(o, out);
    else plain(o, out);
}
