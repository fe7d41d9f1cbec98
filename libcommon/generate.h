/* generate.h — text from any model: condition on a prime, then sample
 * (sample.h) or beam-search (beam.h), and write the decoded text as it
 * goes. */
#ifndef LM_GENERATE_H
#define LM_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "sample.h"

#define LM_BEAM_MAX_LEN 1000    /* beam search with no token limit */

typedef struct lm_generate_opts {
    lm_sample_opts s;           /* sampling (when beam is 0) */
    uint32_t beam;              /* beam search with this many beams; 0 = sample */
    double length_penalty;      /* beam: rank by logp / len^A */
    uint64_t seed;
    size_t max_tokens;          /* tokens after the prime; SIZE_MAX = no limit */
    size_t sentences;           /* word mode: stop after this many </s>; 0 = off */
    const char *prime;          /* text to condition on first ("" or NULL: none) */
    const char *prime_name;     /* the prime in messages (NULL: "prime") */
    bool echo;                  /* print the prime before the continuation */
    bool no_unk;                /* never produce <unk> */
    bool nbest;                 /* beam: all results, one escaped line each */
    const char *stop;           /* sampling: stop once the continuation's text
                                 * ends with this ("" or NULL: off) */
    size_t samples;             /* sampling: this many samples, sample k (from 1)
                                 * seeded with seed + k - 1, each as one escaped
                                 * line; 0: one sample, plain text */
} lm_generate_opts;

/* What a model can refuse in the options (the caller, which knows how the
 * options were spelt, reports it). */
typedef enum lm_generate_error {
    LM_GENERATE_OK,
    LM_GENERATE_SENTENCES_NEED_WORDS,   /* sentences on a char or byte model */
    LM_GENERATE_NO_UNK_TOKEN,           /* no_unk, but the model has no <unk> */
} lm_generate_error;

lm_generate_error generate_check(const lm_model *m, const lm_generate_opts *o);

/* Tokenizes the prime with the model's vocabulary (a token outside it is
 * an error in char and byte mode, <unk> in word mode; in word mode a prime
 * that does not end with a newline is an unfinished sentence), feeds it,
 * then samples or beam-searches and writes the decoded text to FP (named
 * NAME in messages) as it goes: flushed at each newline, at the first
 * token 0.1 s after the last flush, and after every token when FP is a
 * terminal.  The text is written as lm-tokenize --decode writes it
 * (text_out_token, tokenize.h); with nbest, one line per hypothesis:
 * score, logp and the text escaped, tab-separated.  <s> is never
 * produced.  Options that generate_check refuses are an error (die).
 * Returns the number of tokens produced. */
/* With samples, the prime is fed afresh for each sample; the return is
 * the total. */
size_t generate_text(const lm_model *m, const lm_generate_opts *o, FILE *fp, const char *name);

#endif
