/* train_run.h — a whole lm-train run: the model built (or resumed), the
 * data read, then steps until the budget, with evaluation on the
 * validation text, the early-stopping model (--best), checkpoints every
 * so often and at the end, the divergence check, the log and the
 * progress reports.
 *
 * The spec is what the user asked for; the tool fills it from its option
 * table.  Fields that a new run defaults are given here as "unset"
 * values (lr < 0, clip < 0, schedule < 0, steps < 0, ...): the run
 * decides what they mean, because on --resume an unset value is the
 * checkpoint's and a set one overrides it (lr, clip, schedule) or must
 * equal it (the fixed fields, which the tool checks in on_resume). */
#ifndef LM_TRAIN_RUN_H
#define LM_TRAIN_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cell.h"
#include "s2s_train.h"
#include "train.h"

typedef struct lm_train_spec {
    /* the model: fixed by the run */
    int arch;                   /* LM_ARCH_* (checkpoint.h): rnn on tokens, seq2seq on pairs */
    int cell;                   /* index in the cell table (cell_at) */
    int attention;              /* seq2seq: LM_ATTN_* */
    int unidirectional;         /* seq2seq: 0 the encoder is bidirectional, 1 forward only */
    int attn_size;              /* seq2seq: 0 the hidden size */
    int layers, hidden, embed;  /* embed 0: the hidden size */
    bool tie;                   /* --tie-weights */
    bool final_norm;            /* --final-norm */
    lm_cell_hp hp;              /* the cell's hyper-parameters; 0: its defaults */
    long long params;           /* > 0: choose the hidden size for this many parameters */
    lm_train_config cfg;        /* batch, seq, optimizer, dropout, seed, average and the
                                 * regularisers: fixed; lr, clip, schedule: < 0 unset;
                                 * drop_in, drop_hidden, drop_out < 0: --dropout's */
    lm_weight_init init;
    /* the budget */
    long long steps;            /* < 0: unset */
    long long epochs;           /* 0: unset */
    double time;                /* seconds; 0: unset */
    /* data and outputs */
    const char *train, *valid, *output, *best, *resume, *log, *grad_flow;
    long long eval_every, save_every, log_every;
    int threads;
    bool quiet;
} lm_train_spec;

/* What a run reports as it goes. */
typedef struct lm_train_status {
    const lm_train_spec *spec;
    const lm_checkpoint *ck;
    uint64_t start_step, start_tokens, end_step;   /* end_step 0: unknown */
    uint64_t per_epoch;                            /* windows per epoch */
    size_t data_tokens;
    double elapsed, time_budget;                   /* seconds */
    double lr, loss_avg, valid_loss;               /* valid_loss NaN: not measured yet */
    double epoch;                                  /* epochs done, fractional */
    bool resumed, interrupted;
    int ranks, threads;                            /* mpirun's processes, threads in each */
    double comm_seconds;                           /* at the end: the ranks' communication */
} lm_train_status;

typedef struct lm_train_hooks {
    /* Called on --resume with the spec the checkpoint fixes (cell,
     * layers, hidden, embed, hp and cfg as the run was started), before
     * anything else happens: the tool refuses options that differ. */
    void (*on_resume)(const lm_train_spec *fixed, void *ctx);
    /* The run's first line, each step, each evaluation, the end. */
    void (*on_start)(const lm_train_status *s, void *ctx);
    void (*on_step)(const lm_train_status *s, void *ctx);
    void (*on_eval)(const lm_train_status *s, bool best, void *ctx);
    void (*on_end)(const lm_train_status *s, void *ctx);
    /* NT-ASGD has just triggered: the model is the average from now on. */
    void (*on_asgd)(const lm_train_status *s, void *ctx);
    void *ctx;
    /* Set (by a signal handler) to stop after the current step; the
     * checkpoint is written first. */
    volatile sig_atomic_t *stop;
} lm_train_hooks;

/* Runs SPEC (under mpirun, as one of the ranks: dist.h; the hooks are
 * called on rank 0 only).  Returns 0, or 130 when stopped by *HOOKS->stop (the
 * checkpoint written); *LAST_STEP (if not NULL) gets the step the
 * checkpoint holds.  Dies with a message on any error (exit 1). */
int train_run(const lm_train_spec *spec, const lm_train_hooks *hooks, uint64_t *last_step);

/* The progress reports lm-train prints on stderr (a line that redraws on
 * a terminal, one line every 30 s otherwise): hooks whose CTX is an
 * lm_train_report set up by train_report_init. */
typedef struct lm_train_report {
    bool tty;
    double last_print;
} lm_train_report;
void train_report_init(lm_train_hooks *hooks, lm_train_report *report);

#endif
