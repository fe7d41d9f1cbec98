/* beam.h — beam search: the B most probable continuations under a model.
 * See lm-sample(1). */
#ifndef LM_BEAM_H
#define LM_BEAM_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* ---- beam search -------------------------------------------------------- */

typedef struct lm_beam_hyp {
    uint32_t *ids;              /* the generated tokens (not the context) */
    size_t len;
    double logp;                /* total natural-log probability of ids */
    double score;               /* logp / len^length_penalty */
} lm_beam_hyp;

/* Beam search from STATE (the model's state after the context), with the
 * context CTX, keeping the
 * B best partial sequences by total log-probability.  A sequence is
 * finished when it has MAX_LEN tokens, or when it has produced STOP_COUNT
 * tokens STOP (e.g. </s>; LM_NO_ID or STOP_COUNT 0 = never).  Finished sequences are
 * ranked by score = logp / len^A (A = length_penalty; A = 0 ranks by
 * total log-probability, A = 1 by the mean per token); the search ends
 * when no unfinished sequence can still beat the B-th finished one.
 * With a STOP token, sequences cut at MAX_LEN come after every one that
 * ended with STOP, only filling the places those leave free.
 * MASK tokens (LM_NO_ID = none) are never produced.  Ties are broken
 * towards the earlier beam, then the lower token id.
 *
 * Writes up to B hypotheses to OUT, best first, and returns how many
 * (OUT[i].ids are allocated; free with beam_free_hyps). */
size_t beam_search(lm_ctx *ctx, const void *state, uint32_t B, double A, size_t max_len,
                   uint32_t stop, size_t stop_count, const uint32_t *mask, size_t nmask,
                   lm_beam_hyp *out);
void beam_free_hyps(lm_beam_hyp *h, size_t n);

#endif
