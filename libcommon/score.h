/* score.h — what lm-score does: a tokens stream in, a logprobs stream out,
 * every token's natural-log probability under a model. */
#ifndef LM_SCORE_H
#define LM_SCORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

typedef struct lm_score_opts {
    const char *model;       /* any model file or ARPA */
    const char *input;       /* tokens; NULL or "-": stdin */
    const char *output;      /* logprobs, written atomically; NULL: stdout */
    int threads;             /* neural models score parallel streams */
    bool text;               /* the per-token text view instead of a stream */
    bool unk_is_oov;         /* the text view's SRILM lines: see lm_srilm (ppl.h) */
} lm_score_opts;

/* Loads the model, reads the tokens (which must share its vocabulary),
 * scores them (model_score) and writes the logprobs stream chunk by chunk
 * as the tokens came, or with TEXT the text view (score_write_text).
 * Dies with a message on any error. */
void score_run(const lm_score_opts *o);

/* The text view (lm-score(1)): per token a line
 *   TOKEN <TAB> ID <TAB> NGRAM_LENGTH <TAB> LOG10_P <TAB> LN_P
 * (NGRAM_LENGTH: model_match_length, 0 for a model that is not an n-gram;
 * TOKEN as it is in word mode, else its bytes below 0x21, 0x7f and the
 * backslash escaped as \xHH and \\), in word mode SRILM's two summary
 * lines after every </s>, and at the end lm-ppl's report; every line
 * that is not a token's starts "# ".
 * LOGP are the tokens' log-probabilities as model_score gives them. */
void score_write_text(FILE *out, const lm_model *m, const uint32_t *ids, size_t n,
                      const double *logp, uint64_t bytes, uint64_t chars, const char *file,
                      bool unk_is_oov);

#endif
