/* ppl.h — perplexity and its relatives from per-token log-probabilities,
 * and linear interpolation of several models' log-probabilities. */
#ifndef LM_PPL_H
#define LM_PPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vocab.h"

typedef struct lm_ppl {
    uint64_t tokens;     /* scored tokens */
    uint64_t oovs;       /* of which <unk> */
    uint64_t sentences;  /* of which </s> (word mode) */
    uint64_t chars, bytes;
    double nats, nats_err;           /* -sum log p, Neumaier-compensated */
    double oov_nats, oov_nats_err;   /* the <unk> tokens' share */
} lm_ppl;

void ppl_add(lm_ppl *s, double logp, int is_oov);
/* ppl_add for token ID of vocabulary V: <unk> is an OOV, </s> ends a
 * sentence (word mode). */
void ppl_add_token(lm_ppl *s, const lm_vocab *v, uint32_t id, double logp);

/* Derived figures. */
double ppl_total_nats(const lm_ppl *s);
double ppl_perplexity(const lm_ppl *s);              /* exp(nats / tokens) */
double ppl_perplexity_no_oov(const lm_ppl *s);       /* OOV tokens left out */

/* The figures SRILM's `ngram -ppl` prints, from the same sums.  words
 * are the scored tokens but the </s>; logprob is log10.  With UNK_IS_OOV
 * false (SRILM's -unk: <unk> is a word of the vocabulary) there are no
 * OOVs; with it (plain `ngram`, a closed vocabulary) the <unk> tokens are
 * OOVs, left out of logprob and of the denominators:
 *   ppl  = 10^(-logprob / (words - oovs + sentences))
 *   ppl1 = 10^(-logprob / (words - oovs))   (the </s> left out). */
typedef struct lm_srilm {
    uint64_t sentences, words, oovs, zeroprobs;
    double logprob, ppl, ppl1;
} lm_srilm;

lm_srilm ppl_srilm(const lm_ppl *s, bool unk_is_oov);
/* SRILM's two lines, "[file FILE: ]N sentences, W words, O OOVs" and
 * "Z zeroprobs, logprob= L ppl= P ppl1= P1", each after PREFIX. */
void ppl_print_srilm(FILE *out, const char *prefix, const char *file, const lm_srilm *r);

/* What a report shows besides the sums. */
typedef struct lm_ppl_report {
    bool unk_is_oov;          /* the SRILM figures' convention (lm_srilm) */
    const char *file;         /* named in the SRILM line; NULL: none */
    const double *weights;    /* fitted mixture weights to show, or NULL */
    int nweights, iterations;
} lm_ppl_report;

/* The report lm-ppl prints: aligned "name value" lines then SRILM's two,
 * or one JSON object. */
void ppl_print_text(FILE *out, const lm_ppl *s, const lm_ppl_report *rep);
void ppl_print_json(FILE *out, const lm_ppl *s, const lm_ppl_report *rep);

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
    /* Fit the weights of the files' mixture (EM), then report it. */
    bool fit_mix;
    bool json;
    bool unk_is_oov;          /* see lm_srilm */
} lm_ppl_opts;

/* EM for the weights of a K-component mixture over N tokens (SRILM's
 * compute-best-mix): LOGP[t*K + i] is component i's natural-log
 * probability of token t.  W (K values) is the start (NULL: uniform) and
 * gets the weights of the highest likelihood; returns the iterations
 * taken (stops when no weight moves by more than 1e-10, or after
 * 100000). */
int ppl_fit_mix(const double *logp, size_t n, int k, double *w);

/* Reads the streams and writes the report (ppl_print_text or _json) to
 * OUT; no tokens at all is an error. */
void ppl_run(const lm_ppl_opts *o, FILE *out);

#endif
