/* ppl.c — perplexity, bits per token/char/byte, and log-space mixing. */
#include "ppl.h"
#include "json.h"

#include <math.h>

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
