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

static double per(double nats, uint64_t n, double unit)
{
    return n ? nats / unit / (double)n : NAN;
}

void ppl_print_text(FILE *out, const lm_ppl *s)
{
    double nats = ppl_total_nats(s);
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
}

void ppl_print_json(FILE *out, const lm_ppl *s)
{
    double nats = ppl_total_nats(s);
    fprintf(out, "{\"tokens\": %llu, \"oovs\": %llu, \"nats\": ",
            (unsigned long long)s->tokens, (unsigned long long)s->oovs);
    json_write_double(out, nats);
    fputs(", \"ppl\": ", out);
    json_write_double(out, ppl_perplexity(s));
    fputs(", \"ppl_no_oov\": ", out);
    json_write_double(out, ppl_perplexity_no_oov(s));
    fputs(", \"nats_per_token\": ", out);
    json_write_double(out, per(nats, s->tokens, 1));
    fputs(", \"bits_per_token\": ", out);
    json_write_double(out, per(nats, s->tokens, M_LN2));
    fprintf(out, ", \"chars\": %llu, \"bytes\": %llu", (unsigned long long)s->chars,
            (unsigned long long)s->bytes);
    fputs(", \"bits_per_char\": ", out);
    json_write_double(out, per(nats, s->chars, M_LN2));
    fputs(", \"bits_per_byte\": ", out);
    json_write_double(out, per(nats, s->bytes, M_LN2));
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

/* ---- lm-ppl: logprobs streams to a report ---------------------------------- */

static void report(const lm_ppl *s, bool json, FILE *out)
{
    if (s->tokens == 0) die("no tokens to score (the logprobs stream is empty)");
    if (json) ppl_print_json(out, s);
    else ppl_print_text(out, s);
    lm_check_write(out, "stdout");
}

static void plain(char *const *files, int nfiles, bool json, FILE *out)
{
    lm_ppl s = { 0 };
    int n = nfiles ? nfiles : 1;
    for (int f = 0; f < n; f++) {
        lm_chunk_reader cr;
        chunk_reader_open(&cr, nfiles ? files[f] : NULL, "logprobs");
        while (chunk_reader_next(&cr)) {
            for (size_t i = 0; i < cr.n; i++) ppl_add(&s, cr.logp[i], cr.ids[i] == cr.vocab.unk);
            s.bytes += cr.bytes;
            s.chars += cr.chars;
        }
        chunk_reader_close(&cr);
    }
    report(&s, json, out);
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

static void mix(char *const *files, const double *w, int k, bool json, FILE *out)
{
    cursor *c = xcalloc((size_t)k, sizeof *c);
    double *logw = xmalloc(xmul((size_t)k, sizeof *logw));
    double *logp = xmalloc(xmul((size_t)k, sizeof *logp));
    for (int i = 0; i < k; i++) {
        chunk_reader_open(&c[i].cr, files[i], "logprobs");
        logw[i] = log(w[i]);             /* log(0) = -inf: that model drops out */
    }
    lm_ppl s = { 0 };
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
        const lm_vocab *v0 = &c[0].cr.vocab;
        uint32_t id0 = c[0].cr.ids[c[0].pos];
        for (int i = 0; i < k; i++) {
            const lm_vocab *v = &c[i].cr.vocab;
            uint32_t id = c[i].cr.ids[c[i].pos];
            if (i && (v->len[id] != v0->len[id0] || memcmp(v->str[id], v0->str[id0], v->len[id]) != 0))
                die("%s and %s: the streams do not cover the same tokens (token %llu differs)",
                    files[0], files[i], (unsigned long long)t);
            logp[i] = c[i].cr.logp[c[i].pos++];
        }
        ppl_add(&s, log_mix(logw, logp, k), id0 == v0->unk);
    }
    for (int i = 1; i < k; i++)
        if (c[i].bytes != c[0].bytes || c[i].chars != c[0].chars)
            die("%s and %s: the streams cover different amounts of text", files[0], files[i]);
    s.bytes = c[0].bytes;
    s.chars = c[0].chars;
    for (int i = 0; i < k; i++) chunk_reader_close(&c[i].cr);
    free(c);
    free(logw);
    free(logp);
    report(&s, json, out);
}

void ppl_run(const lm_ppl_opts *o, FILE *out)
{
    if (o->weights) mix(o->files, o->weights, o->nfiles, o->json, out);
    else plain(o->files, o->nfiles, o->json, out);
}
