/* sample.h — decoding: turning next-token log-probabilities into tokens.
 *
 * Each strategy is a small function over a vector of V scores (float
 * logits or log-probabilities; the model interface gives normalised
 * natural-log probabilities; every function here but the repetition
 * penalty, which looks at signs, is indifferent to a constant shift).  A
 * removed token gets -INFINITY.  Functions that need
 * room take it from the caller, so generating a token allocates nothing.
 *
 * Order of combination (sampler_next): the masked token (<s>), then
 * repetition penalty and no-repeat n-gram bans, then temperature, then
 * top-k, then top-p, then the draw (or argmax with greedy).
 *
 * Ties are always broken towards the lower token id: argmax, the top-k
 * boundary and the top-p boundary all order tokens by (score descending,
 * id ascending). */
#ifndef LM_SAMPLE_H
#define LM_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rng.h"
#include "vocab.h"

/* Top-p compares the cumulative probability with P up to this relative
 * slack: scores are float32, so probabilities carry ~1e-7 relative error
 * and a decision finer than that would be noise. */
#define LM_TOP_P_SLACK 1e-6

/* ---- the strategies, one function each -------------------------------- */

/* Index of the largest finite score, ties to the lowest id; LM_NO_ID if
 * every score is -inf (or NaN). */
uint32_t sample_argmax(const float *x, uint32_t V);

/* Keskar et al. (2019), as the common implementation (Hugging Face
 * RepetitionPenaltyLogitsProcessor) does it: for each token in IDS, a
 * positive score is divided by R and a negative one multiplied by R.
 * Applied to log-probabilities (all <= 0) it multiplies them by R, which
 * for R > 1 raises the token's probability to the power R before
 * renormalising.  IDS should list each token once (a repeated id is
 * penalised again). */
void sample_repetition_penalty(float *x, uint32_t V, const uint32_t *ids, size_t n, double r);

/* Bans (sets to -inf) every token that would complete an N-gram already in
 * HIST[0..n): for each earlier occurrence of the last N-1 tokens, the
 * token that followed it.  N = 1 bans every token of HIST.  Returns the
 * number of scores it set to -inf (counting a token once per ban). */
size_t sample_no_repeat_ngram(float *x, uint32_t V, const uint32_t *hist, size_t n, uint32_t N);

/* Divides by T > 0 after subtracting the largest finite score (the same
 * distribution as x / T, but a tiny T cannot overflow: the best token
 * stays at 0 and the others go towards -inf, so T -> 0 approaches greedy
 * and T = 1 is the model). */
void sample_temperature(float *x, uint32_t V, double T);

/* Keeps the K best scores (ties to the lower id) and sets the others to
 * -inf.  HEAP: room for K ids (K < V; K >= V is a no-op). */
void sample_top_k(float *x, uint32_t V, uint32_t K, uint32_t *heap);

/* Nucleus sampling (Holtzman et al. 2020): keeps the smallest set of the
 * most probable tokens (ties to the lower id) whose probability sums to
 * at least P (within LM_TOP_P_SLACK), and sets the others to -inf.
 * P >= 1 is a no-op.  ORDER: room for V ids; PROB: room for V floats. */
void sample_top_p(float *x, uint32_t V, double P, uint32_t *order, float *prob);

/* Draws one token from softmax(x): the largest finite score subtracted
 * before exp, the sum accumulated in double, one uniform number from RNG.
 * PROB: room for V floats.  LM_NO_ID if every score is -inf. */
uint32_t sample_draw(const float *x, uint32_t V, lm_rng *rng, float *prob);

/* ---- options ----------------------------------------------------------- */

typedef struct lm_sample_opts {
    bool greedy;                 /* argmax instead of a draw */
    double temperature;          /* > 0; 1 = the model */
    uint32_t top_k;              /* 0 = off */
    double top_p;                /* (0, 1]; 1 = off */
    double repetition_penalty;   /* > 0; 1 = off */
    uint32_t no_repeat_ngram;    /* 0 = off */
} lm_sample_opts;

/* The defaults: T = 1, nothing else on. */
void sample_opts_default(lm_sample_opts *o);

/* ---- a sampler: the strategies in order over one model's vocabulary ---- */

typedef struct lm_sampler {
    lm_sample_opts o;
    uint32_t V;
    lm_rng rng;
    uint32_t mask[2];           /* never produced (e.g. <s>); LM_NO_ID = none */
    /* history: the prime and every token produced, for the penalties */
    uint32_t *hist;
    size_t n, cap;
    uint8_t *seen;              /* V flags: token is in hist */
    uint32_t *distinct;         /* the tokens of hist, each once */
    size_t ndistinct;
    /* no-repeat n-gram index: every (N-1)-gram of hist that has a
     * follower, chained by hash, so a ban costs the number of earlier
     * occurrences of the current (N-1)-gram, not the length of hist */
    size_t *ng_next;            /* per start position: the previous one in its chain + 1 */
    size_t *ng_head;            /* per bucket: the last start position + 1; 0 = none */
    size_t ng_mask;             /* buckets - 1 */
    /* scratch, V each */
    uint32_t *idx;
    float *prob;
} lm_sampler;

/* HIST_HINT: expected history length (prime + tokens to generate), so the
 * history is allocated once; it still grows if needed. */
void sampler_init(lm_sampler *s, uint32_t V, const lm_sample_opts *o, uint64_t seed,
                  size_t hist_hint);
/* Never produce TOKEN (up to two such tokens). */
void sampler_mask(lm_sampler *s, uint32_t token);
/* Appends a token to the history (the prime's tokens, then each produced
 * one). */
void sampler_push(lm_sampler *s, uint32_t token);
/* The first stage alone: masks, repetition penalty and no-repeat n-gram
 * bans (the same bans as sample_no_repeat_ngram over the history, found
 * through an index of the history's (N-1)-grams). */
void sampler_ban(lm_sampler *s, float *x);
/* Chooses the next token from the scores X (modified in place).  Returns
 * LM_NO_ID if every token is masked or banned. */
uint32_t sampler_next(lm_sampler *s, float *x);
void sampler_free(lm_sampler *s);

#endif
