/* train.c — the training step over the data's parallel streams. */
#include "train.h"

#include <string.h>
#include <stdlib.h>

#include "util.h"

void trainer_init(lm_trainer *tr, lm_checkpoint *ck, const uint32_t *ids, size_t n)
{
    memset(tr, 0, sizeof *tr);
    const int B = ck->cfg.batch, T = ck->cfg.seq;
    tr->ck = ck;
    tr->ids = ids;
    tr->n = n;
    tr->seg = n / (size_t)B;
    if (tr->seg < 2)
        die("the training data has %zu tokens: too few for %d streams (--batch) of at least 2",
            n, B);
    tr->w = rnn_work_new(&ck->net, B, T, ck->cfg.dropout > 0);
    tr->grads = xmalloc(xmul(ck->net.nparams, sizeof(float)));
    tr->in = xmalloc(xmul((size_t)T * B, sizeof(uint32_t)));
    tr->tg = xmalloc(xmul((size_t)T * B, sizeof(uint32_t)));
    size_t sn = tr->w->state_floats * B;
    if (ck->state) {
        if (ck->state_n != sn) die("checkpoint state has %zu floats, expected %zu", ck->state_n, sn);
        memcpy(tr->w->state, ck->state, sn * sizeof(float));
        free(ck->state);
    }
    ck->state = tr->w->state;   /* the checkpoint now points at the live state */
    ck->state_n = sn;
    if (ck->pos >= tr->seg - 1) die("checkpoint position %llu is past the data's streams (%zu)",
                                    (unsigned long long)ck->pos, tr->seg);
}

void trainer_free(lm_trainer *tr)
{
    tr->ck->state = NULL;
    tr->ck->state_n = 0;
    rnn_work_free(tr->w);
    free(tr->grads);
    free(tr->in);
    free(tr->tg);
}

uint64_t trainer_windows_per_epoch(const lm_trainer *tr)
{
    uint64_t T = (uint64_t)tr->ck->cfg.seq;
    return (tr->seg - 1 + T - 1) / T;
}

/* The inputs and targets of the window at the current position; returns
 * its length (shorter at the end of an epoch). */
static int fill_window(lm_trainer *tr)
{
    const lm_checkpoint *ck = tr->ck;
    const int B = ck->cfg.batch;
    size_t left = tr->seg - 1 - ck->pos;
    int T = (int)(left < (size_t)ck->cfg.seq ? left : (size_t)ck->cfg.seq);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t i = (size_t)b * tr->seg + ck->pos + t;
            tr->in[(size_t)t * B + b] = tr->ids[i];
            tr->tg[(size_t)t * B + b] = tr->ids[i + 1];
        }
    return T;
}

int trainer_grad_flow(lm_trainer *tr, double *flow)
{
    lm_checkpoint *ck = tr->ck;
    int T = fill_window(tr);
    size_t sn = tr->w->state_floats * (size_t)ck->cfg.batch;
    float *saved = xmalloc(xmul(sn, sizeof(float)));
    memcpy(saved, tr->w->state, sn * sizeof(float));
    memset(tr->grads, 0, ck->net.nparams * sizeof(float));
    rnn_grad_flow(&ck->net, ck->params, tr->grads, tr->w, tr->in, tr->tg, T, flow);
    memcpy(tr->w->state, saved, sn * sizeof(float));
    free(saved);
    return T;
}

double trainer_step(lm_trainer *tr, double lr, double *grad_norm)
{
    lm_checkpoint *ck = tr->ck;
    const int B = ck->cfg.batch;
    int T = fill_window(tr);
    memset(tr->grads, 0, ck->net.nparams * sizeof(float));
    double loss = rnn_train_window(&ck->net, ck->params, tr->grads, tr->w, tr->in, tr->tg, T,
                                   (float)ck->cfg.dropout, &ck->rng);
    *grad_norm = clip_grad_norm(tr->grads, ck->net.nparams, ck->cfg.clip);
    optim_step(&ck->optim, ck->params, tr->grads, lr);
    ck->step++;
    ck->tokens += (uint64_t)T * B;
    ck->pos += (uint64_t)T;
    if (ck->pos >= tr->seg - 1) {
        ck->pos = 0;
        ck->epoch++;
        rnn_reset_state(tr->w);
    }
    return loss;
}

