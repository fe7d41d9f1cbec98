/* model.h — the one model interface.  lm-score and lm-sample load a model
 * file and call these operations; neither knows whether it holds an
 * n-gram table or a recurrent network.
 *
 * A model is a vocabulary plus a conditional distribution P(w | state).
 * Three things take part, so that one loaded model serves many users:
 *   - the model (lm_model): read-only once loaded, shared by every thread;
 *   - a context (lm_ctx, model_ctx_new): one user's scratch, what running
 *     the model needs besides the model and the state (a recurrent
 *     network's activations, its logits); one per thread, never shared;
 *     a conditional model (an encoder-decoder) keeps its source here;
 *   - a state: a fixed-size blob of model_state_size(m) bytes that says
 *     where in a text the user is, copied with memcpy (beam search keeps
 *     B of them, all used with one context).
 * Nothing is written through a const lm_model *: a model is safe to use
 * from several threads at once, each with its own context.
 *
 * Conventions every model follows:
 *   - model_state_init gives the state at the start of a text (n-gram: the
 *     context "<s>"; neural: zero hidden state);
 *   - in word mode, feeding </s> ends a sentence: an n-gram model goes back
 *     to the "<s>" context; a neural model carries its state across (as it
 *     was trained, on the continuous token stream);
 *   - <s> is never predicted: it is context only;
 *   - log-probabilities are natural logs. */
#ifndef LM_MODEL_H
#define LM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stream.h"
#include "vocab.h"

typedef struct lm_model lm_model;

typedef struct lm_model_ops {
    const char *type;                 /* "ngram", "rnn" */
    size_t (*state_size)(const lm_model *m);
    /* One user's scratch (NULL if the model needs none), and its end. */
    void *(*scratch_new)(const lm_model *m);
    void (*scratch_free)(void *scratch);
    void (*state_init)(const lm_model *m, void *scratch, void *state);
    /* Condition the state on one more token. */
    void (*feed)(const lm_model *m, void *scratch, void *state, uint32_t token);
    /* log P(w | state) for all w: m->vocab.n floats. */
    void (*next_logprobs)(const lm_model *m, void *scratch, const void *state, float *logp);
    /* log P(token | state) alone (an n-gram answers in O(order)). */
    double (*logprob)(const lm_model *m, void *scratch, const void *state, uint32_t token);
    /* Scores a whole sequence from a fresh state: logp[i] = log P(ids[i] |
     * the model's context for it).  May be NULL: model_score then loops
     * logprob + feed.  Neural models batch here (see lm-score(1) for the
     * parallel-streams convention); THREADS threads, each with its own
     * scratch. */
    void (*score)(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads);
    /* The length of the n-gram that gives log P(token | state) (n-gram
     * models; NULL for the others). */
    int (*match_length)(const lm_model *m, const void *state, uint32_t token);
    void (*free)(lm_model *m);
} lm_model_ops;

struct lm_model {
    const lm_model_ops *ops;
    lm_vocab vocab;
    char *desc;        /* one line saying what it is, e.g. "ngram order 5 mkn" */
    void *impl;
};

/* A user of a model: the model and that user's scratch. */
typedef struct lm_ctx {
    const lm_model *m;
    void *scratch;
} lm_ctx;

/* Loaders, one per model type: called with the reader positioned after the
 * header of a "model" stream whose "type" field names them; FLAGS as
 * model_load's. */
typedef lm_model *(*lm_model_reader)(lm_reader *r, const msgpack_object *header, unsigned flags);

/* What the caller will ask of a model, so that the load builds the
 * indexes it needs once (and a scorer does not pay for a sampler's). */
enum {
    LM_LOAD_SCORE = 0,            /* log P(token | state), model_score */
    LM_LOAD_DISTRIBUTIONS = 1,    /* whole next-token distributions (sampling) */
};

/* Loads any model file: an lm model stream (any type), an ARPA text file
 * or a mix file (mix_model.h).  Dies with a clear message if PATH is
 * none of them. */
lm_model *model_load(const char *path, unsigned flags);
/* True if PATH can be opened and starts like a mix file. */
bool model_is_mix_file(const char *path);
void model_free(lm_model *m);

lm_ctx *model_ctx_new(const lm_model *m);
void model_ctx_free(lm_ctx *c);

size_t model_state_size(const lm_model *m);
void model_state_init(lm_ctx *c, void *state);
void model_feed(lm_ctx *c, void *state, uint32_t token);
void model_next_logprobs(lm_ctx *c, const void *state, float *logp);
double model_logprob(lm_ctx *c, const void *state, uint32_t token);
/* ops->match_length, or 0 for a model that has none. */
int model_match_length(const lm_model *m, const void *state, uint32_t token);

/* ops->score if present, else the generic loop. */
void model_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads);

/* The vocabulary of any file that has one: a vocab, tokens, counts, model
 * or logprobs stream, or an ARPA file. */
void model_read_vocab(const char *path, lm_vocab *v);

#endif
