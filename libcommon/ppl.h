/* ppl.h — perplexity and its relatives from per-token log-probabilities,
 * and linear interpolation of several models' log-probabilities. */
#ifndef LM_PPL_H
#define LM_PPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct lm_ppl {
    uint64_t tokens;     /* scored tokens */
    uint64_t oovs;       /* of which <unk> */
    uint64_t chars, bytes;
    double nats, nats_err;           /* -sum log p, Neumaier-compensated */
    double oov_nats, oov_nats_err;   /* the <unk> tokens' share */
} lm_ppl;

void ppl_add(lm_ppl *s, double logp, int is_oov);

/* Derived figures. */
double ppl_total_nats(const lm_ppl *s);
double ppl_perplexity(const lm_ppl *s);              /* exp(nats / tokens) */
double ppl_perplexity_no_oov(const lm_ppl *s);       /* OOV tokens left out */

/* The report lm-ppl prints: aligned "name value" lines, or one JSON object. */
void ppl_print_text(FILE *out, const lm_ppl *s);
void ppl_print_json(FILE *out, const lm_ppl *s);

/* log(sum_i exp(logw[i] + logp[i])) without underflow: the log of a
 * weighted mixture of k probabilities given as logs. */
double log_mix(const double *logw, const double *logp, int k);

/* lm-ppl's work. */
typedef struct lm_ppl_opts {
    char *const *files;       /* logprobs streams; none: stdin */
    int nfiles;
    /* NULL: the files are added up as one text.  Else one weight per file
     * (>= 0, summing to 1): the files, which must score the same tokens,
     * are interpolated token by token. */
    const double *weights;
    bool json;
} lm_ppl_opts;

/* Reads the streams and writes the report (ppl_print_text or _json) to
 * OUT; no tokens at all is an error. */
void ppl_run(const lm_ppl_opts *o, FILE *out);

#endif
