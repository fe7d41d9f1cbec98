/* model.h — the one model interface.  lm-score and lm-sample load a model
 * file and call these operations; neither knows whether it holds an
 * n-gram table or a recurrent network.
 *
 * A model is a vocabulary plus a conditional distribution P(w | state).
 * A state is a fixed-size blob of ops->state_size(m) bytes, so callers can
 * copy states with memcpy (beam search keeps B of them).
 *
 * Conventions every model follows:
 *   - state_init gives the state at the start of a text (n-gram: the
 *     context "<s>"; neural: zero hidden state);
 *   - in word mode, feeding </s> ends a sentence: an n-gram model goes back
 *     to the "<s>" context; a neural model carries its state across (as it
 *     was trained, on the continuous token stream);
 *   - <s> is never predicted: it is context only;
 *   - log-probabilities are natural logs. */
#ifndef LM_MODEL_H
#define LM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "stream.h"
#include "vocab.h"

typedef struct lm_model lm_model;

typedef struct lm_model_ops {
    const char *type;                 /* "ngram", "rnn" */
    size_t (*state_size)(const lm_model *m);
    void (*state_init)(const lm_model *m, void *state);
    /* Condition the state on one more token. */
    void (*feed)(const lm_model *m, void *state, uint32_t token);
    /* log P(w | state) for all w: m->vocab.n floats. */
    void (*next_logprobs)(const lm_model *m, const void *state, float *logp);
    /* log P(token | state) alone (an n-gram answers in O(order)). */
    double (*logprob)(const lm_model *m, const void *state, uint32_t token);
    /* Scores a whole sequence from a fresh state: logp[i] = log P(ids[i] |
     * the model's context for it).  May be NULL: model_score then loops
     * logprob + feed.  Neural models batch here (see lm-score(1) for the
     * parallel-streams convention). */
    void (*score)(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads);
    void (*free)(lm_model *m);
} lm_model_ops;

struct lm_model {
    const lm_model_ops *ops;
    lm_vocab vocab;
    char *desc;        /* one line saying what it is, e.g. "ngram order 5 mkn" */
    void *impl;
};

/* Loaders, one per model type: called with the reader positioned after the
 * header of a "model" stream whose "type" field names them. */
typedef lm_model *(*lm_model_reader)(lm_reader *r, const msgpack_object *header);

/* Loads any model file: an lm model stream (any type) or an ARPA text
 * file.  Dies with a clear message if PATH is neither. */
lm_model *model_load(const char *path);
void model_free(lm_model *m);

/* ops->score if present, else the generic loop. */
void model_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads);

/* The vocabulary of any file that has one: a vocab, tokens, counts, model
 * or logprobs stream, or an ARPA file. */
void model_read_vocab(const char *path, lm_vocab *v);

#endif
