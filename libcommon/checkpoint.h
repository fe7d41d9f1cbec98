/* checkpoint.h — a neural model stream (lm-stream(5), type "rnn"):
 *
 *   header   {"lm": "model", "version": 1, "type": "rnn", "vocab": {...},
 *             "cell": "lstm", "layers": L, "hidden": H, "embed": E,
 *             "params": N, "train": {...} (only while training),
 *             "cell_hp": {"state": N, "expand": E, "conv": K, "dt_rank": R}
 *             (only for a cell with hyper-parameters: mamba)}
 *   record   {"params": f32[N]}
 *   record   {"optimizer": "adam", "t": steps, "m": f32[N], "v": f32[N],
 *             "weights": f32[N] (only when averaging)}
 *   record   {"step": S, "epoch": E, "pos": P, "tokens": K,
 *             "rng": u64[4], "state": f32[...], "data_tokens": n,
 *             "data_hash": h}
 *
 * The last two records are what lm-train --resume needs to continue
 * exactly: optimizer moments, the data position and the hidden state each
 * stream carries, and the RNG.  With --average, "params" is the moving
 * average of the weights (the model that scores and samples) and the
 * optimizer record holds the weights the optimizer is moving.  Nothing
 * time-dependent is stored, so the same run split in two gives the same
 * bytes.
 *
 * Type "seq2seq" (an encoder-decoder, seq2seq.h) has the same records
 * (its progress record's "state" is empty: nothing is carried between
 * batches; "pos" counts batches into the epoch) and instead of the rnn's
 * shape fields: "cell", "enc_layers", "dec_layers", "hidden", "embed",
 * "attn_size", "attention" ("additive" or "none"), "bidirectional" (0 or
 * 1).
 *
 * The newer options appear only when used, so a run without them writes
 * the same bytes as before they existed: "tied" in the header; the
 * regularisers' keys in "train"; NT-ASGD's "asgd_start" (the step the
 * averaging began) and "valid_hist" (every validation loss so far, which
 * its trigger reads) in the progress record. */
#ifndef LM_CHECKPOINT_H
#define LM_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "optim.h"
#include "train_config.h"
#include "rnn.h"
#include "rng.h"
#include "seq2seq.h"
#include "vocab.h"

enum { LM_ARCH_RNN, LM_ARCH_SEQ2SEQ };
extern const char *const lm_arch_names[];   /* "rnn", "seq2seq", NULL */

typedef struct lm_checkpoint {
    int arch;                 /* LM_ARCH_*: which of net and s2s is the model */
    lm_rnn net;
    lm_s2s s2s;
    lm_vocab vocab;
    float *params;            /* the model: what scores, samples and is evaluated */
    float *weights;           /* the optimizer's iterate: PARAMS itself unless
                               * cfg.average, else their moving average is PARAMS */
    bool training;            /* the training records are present */
    lm_train_config cfg;
    lm_optim optim;
    uint64_t step, epoch, pos, tokens;
    lm_rng rng;
    float *state;             /* (L, S, B, H), batch streams' carried state */
    size_t state_n;
    uint64_t data_tokens, data_hash;
    double best_valid;        /* lowest validation loss so far; INFINITY: none */
    uint64_t asgd_start;      /* NT-ASGD: the step the averaging began; 0: not yet */
    double *valid_hist;       /* NT-ASGD: the validation losses so far */
    size_t valid_hist_n;
} lm_checkpoint;

/* The model's parameter count, whichever its arch. */
size_t checkpoint_nparams(const lm_checkpoint *c);

/* Whether C's model is an average of the optimizer's weights (which the
 * checkpoint then holds apart): --average, or NT-ASGD once triggered. */
bool checkpoint_averaging_cfg(const lm_checkpoint *c);

/* Writes C to PATH atomically (temp file, fsync, rename). */
void checkpoint_write(const lm_checkpoint *c, const char *path);
/* Reads a model stream of type "rnn" or "seq2seq" whose header R has
 * read already. */
void checkpoint_read_body(lm_reader *r, const msgpack_object *header, lm_checkpoint *c);
/* Opens PATH and reads it whole. */
void checkpoint_read(const char *path, lm_checkpoint *c);
void checkpoint_free(lm_checkpoint *c);

#endif
