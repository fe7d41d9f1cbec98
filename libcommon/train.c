/* train.c — the training step over the data's parallel streams. */
#include "train.h"

#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "parallel.h"
#include "util.h"

/* Per stream, the carried state is (L, S, H) inside the work's (L, S, B, H)
 * layout; checkpoints hold the whole batch's (L, S, B, H). */
static void copy_state(lm_trainer *tr, bool to_checkpoint)
{
    const lm_rnn *net = &tr->ck->net;
    size_t H = (size_t)net->hidden, SV = (size_t)net->state_vecs, Ball = (size_t)tr->ck->cfg.batch;
    for (int s = 0; s < tr->nshards; s++) {
        lm_shard *sh = &tr->shard[s];
        for (size_t lv = 0; lv < (size_t)net->layers * SV; lv++) {
            float *mine = sh->w->state + lv * sh->B * H;
            float *all = tr->ck->state + (lv * Ball + sh->b0) * H;
            if (to_checkpoint) memcpy(all, mine, sh->B * H * sizeof(float));
            else memcpy(mine, all, sh->B * H * sizeof(float));
        }
    }
    if (!to_checkpoint) return;
    /* The other ranks' streams, for rank 0 to write the whole batch's. */
    const lm_shard *last = &tr->shard[tr->nshards - 1];
    size_t lo = (size_t)tr->shard[0].b0 * H, hi = (size_t)(last->b0 + last->B) * H;
    for (size_t lv = 0; lv < (size_t)net->layers * SV; lv++)
        dist_share_f32(tr->ck->state + lv * Ball * H, lo, hi);
}

/* The first stream of shard S of G (shard S + 1's first ends it). */
static int shard_b0(int B, int s, int G)
{
    return (int)((long)B * s / G);
}

lm_rnn_reg trainer_reg(const lm_train_config *c)
{
    return (lm_rnn_reg){ .drop_in = (float)c->drop_in, .drop_hidden = (float)c->drop_hidden,
                         .drop_out = (float)c->drop_out,
                         .locked = c->dropout_locked == LM_DROPOUT_LOCKED,
                         .drop_embed = (float)c->drop_embed, .weight_drop = (float)c->weight_drop,
                         .ar = (float)c->ar, .tar = (float)c->tar,
                         .drop_branch = (float)c->drop_branch };
}

bool trainer_asgd_eval(lm_checkpoint *ck, double valid_loss)
{
    if (ck->cfg.asgd <= 0) return false;
    bool fire = ck->asgd_start == 0 &&
                nt_asgd_trigger(ck->valid_hist, ck->valid_hist_n, valid_loss, ck->cfg.asgd);
    ck->valid_hist = xrealloc(ck->valid_hist, xmul(ck->valid_hist_n + 1, sizeof(double)));
    ck->valid_hist[ck->valid_hist_n++] = valid_loss;
    if (!fire) return false;
    /* The optimizer moves its own copy from here; params becomes the
     * average, which starts as the weights of this step. */
    ck->asgd_start = ck->step;
    ck->weights = xmalloc(xmul(ck->net.nparams, sizeof(float)));
    memcpy(ck->weights, ck->params, ck->net.nparams * sizeof(float));
    return true;
}

void trainer_init(lm_trainer *tr, lm_checkpoint *ck, const uint32_t *ids, size_t n, int threads)
{
    memset(tr, 0, sizeof *tr);
    tr->reg = trainer_reg(&ck->cfg);
    tr->ndecay = rnn_decay_spans(&ck->net, tr->decay);
    const int B = ck->cfg.batch, T = ck->cfg.seq;
    tr->ck = ck;
    tr->ids = ids;
    tr->n = n;
    tr->seg = n / (size_t)B;
    if (tr->seg < 2)
        die("the training data has %zu tokens: too few for %d parallel streams of at least 2",
            n, B);
    const int P = dist_size();
    if (P > B) die("%d ranks for %d streams (--batch): each rank needs at least one", P, B);
    int ns = threads < B / P ? threads : B / P;
    if (ns > LM_MAX_SHARDS) ns = LM_MAX_SHARDS;
    if (ns < 1) ns = 1;
    tr->nshards = ns;
    tr->gshards = ns * P;
    tr->first = ns * dist_rank();
    tr->wgt = xmalloc(xmul((size_t)tr->gshards, sizeof *tr->wgt));
    tr->losses = xmalloc(xmul((size_t)tr->gshards, sizeof *tr->losses));
    for (int s = 0; s < tr->gshards; s++)
        tr->wgt[s] = (float)(shard_b0(B, s + 1, tr->gshards) - shard_b0(B, s, tr->gshards)) /
                     (float)B;
    for (int s = 0; s < ns; s++) {
        lm_shard *sh = &tr->shard[s];
        sh->b0 = shard_b0(B, tr->first + s, tr->gshards);
        sh->B = shard_b0(B, tr->first + s + 1, tr->gshards) - sh->b0;
        sh->w = rnn_work_new_reg(&ck->net, sh->B, T, &tr->reg);
        sh->grads = xmalloc(xmul(ck->net.nparams, sizeof(float)));
        sh->in = xmalloc(xmul((size_t)T * sh->B, sizeof(uint32_t)));
        sh->tg = xmalloc(xmul((size_t)T * sh->B, sizeof(uint32_t)));
    }
    tr->grads = tr->gshards > 1 ? xmalloc(xmul(ck->net.nparams, sizeof(float)))
                                : tr->shard[0].grads;
    if (P > 1)
        tr->scratch = xmalloc(xmul(xmul((size_t)tr->gshards, ck->net.nparams / (size_t)P + 1),
                                   sizeof(float)));
    size_t sn = (size_t)ck->net.layers * ck->net.state_vecs * ck->net.hidden * (size_t)B;
    if (ck->state) {
        if (ck->state_n != sn) die("checkpoint state has %zu floats, expected %zu", ck->state_n, sn);
        copy_state(tr, false);
    } else {
        ck->state = xcalloc(sn, sizeof(float));
        ck->state_n = sn;
    }
    if (ck->pos >= tr->seg - 1) die("checkpoint position %llu is past the data's streams (%zu)",
                                    (unsigned long long)ck->pos, tr->seg);
}

void trainer_free(lm_trainer *tr)
{
    for (int s = 0; s < tr->nshards; s++) {
        lm_shard *sh = &tr->shard[s];
        rnn_work_free(sh->w);
        free(sh->grads);
        free(sh->in);
        free(sh->tg);
    }
    if (tr->gshards > 1) free(tr->grads);
    free(tr->wgt);
    free(tr->losses);
    free(tr->scratch);
}

uint64_t trainer_windows_per_epoch(const lm_trainer *tr)
{
    uint64_t T = (uint64_t)tr->ck->cfg.seq;
    return (tr->seg - 1 + T - 1) / T;
}

void trainer_save_state(lm_trainer *tr)
{
    copy_state(tr, true);
}

/* The inputs and targets of every shard's window at the current
 * position; returns its length (shorter at the end of an epoch). */
static int fill_windows(lm_trainer *tr)
{
    const lm_checkpoint *ck = tr->ck;
    size_t left = tr->seg - 1 - ck->pos;
    int T = (int)(left < (size_t)ck->cfg.seq ? left : (size_t)ck->cfg.seq);
    for (int s = 0; s < tr->nshards; s++) {
        lm_shard *sh = &tr->shard[s];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < sh->B; b++) {
                size_t i = (size_t)(sh->b0 + b) * tr->seg + ck->pos + t;
                sh->in[(size_t)t * sh->B + b] = tr->ids[i];
                sh->tg[(size_t)t * sh->B + b] = tr->ids[i + 1];
            }
    }
    tr->T = T;
    return T;
}

static void shard_window(void *arg, int s)
{
    lm_trainer *tr = arg;
    lm_shard *sh = &tr->shard[s];
    const lm_checkpoint *ck = tr->ck;
    memset(sh->grads, 0, ck->net.nparams * sizeof(float));
    lm_rng *rng = tr->gshards > 1 ? &sh->rng : &tr->ck->rng;
    sh->loss = rnn_train_window_reg(&ck->net, ck->weights, sh->grads, sh->w, sh->in, sh->tg,
                                    tr->T, &tr->reg, rng);
}

int trainer_grad_flow(lm_trainer *tr, double *flow)
{
    lm_checkpoint *ck = tr->ck;
    int T = fill_windows(tr);
    lm_shard *sh = &tr->shard[0];
    size_t sn = sh->w->state_floats * (size_t)sh->B;
    float *saved = xmalloc(xmul(sn, sizeof(float)));
    memcpy(saved, sh->w->state, sn * sizeof(float));
    memset(sh->grads, 0, ck->net.nparams * sizeof(float));
    rnn_grad_flow(&ck->net, ck->weights, sh->grads, sh->w, sh->in, sh->tg, T, flow);
    memcpy(sh->w->state, saved, sn * sizeof(float));
    free(saved);
    return T;
}

double trainer_step(lm_trainer *tr, double lr, double *grad_norm)
{
    lm_checkpoint *ck = tr->ck;
    const int B = ck->cfg.batch;
    int T = fill_windows(tr);
    /* Every rank draws all G seeds (keeping its own), so the run's
     * generator moves as in one process. */
    for (int s = 0; tr->gshards > 1 && s < tr->gshards; s++) {
        uint64_t seed = rng_u64(&ck->rng);
        if (s >= tr->first && s < tr->first + tr->nshards)
            rng_seed(&tr->shard[s - tr->first].rng, seed);
    }
    parallel_run(tr->nshards, shard_window, tr);
    double loss = 0;
    if (tr->gshards == 1) {
        loss = tr->shard[0].loss;
    } else {
        /* Each shard's gradient is of its own mean loss: weight by its
         * share of the streams. */
        double mine[LM_MAX_SHARDS];
        float *grads[LM_MAX_SHARDS];
        for (int s = 0; s < tr->nshards; s++) {
            mine[s] = tr->shard[s].loss;
            grads[s] = tr->shard[s].grads;
        }
        dist_gather_f64(mine, tr->nshards, tr->losses);
        for (int s = 0; s < tr->gshards; s++) {
            int Bs = shard_b0(B, s + 1, tr->gshards) - shard_b0(B, s, tr->gshards);
            loss += (double)Bs / B * tr->losses[s];
        }
        dist_sum_shards(tr->grads, grads, tr->nshards, tr->wgt, ck->net.nparams, tr->scratch);
    }
    *grad_norm = clip_grad_norm(tr->grads, ck->net.nparams, ck->cfg.clip);
    if (ck->cfg.weight_decay > 0)
        for (int i = 0; i < tr->ndecay; i++)
            optim_decay(ck->weights + tr->decay[i].off, tr->decay[i].n, lr, ck->cfg.weight_decay);
    optim_step(&ck->optim, ck->weights, tr->grads, lr);
    ck->step++;
    if (ck->weights != ck->params) {   /* the model is the weights' average */
        if (ck->asgd_start == 0)   /* --average from the start */
            optim_average(ck->params, ck->weights, ck->net.nparams, ck->cfg.average, ck->step);
        else if (ck->cfg.average > 0)   /* NT-ASGD triggered, its clock from the trigger */
            optim_average(ck->params, ck->weights, ck->net.nparams, ck->cfg.average,
                          ck->step - ck->asgd_start);
        else   /* NT-ASGD: the uniform mean of the weights since the trigger */
            optim_average_uniform(ck->params, ck->weights, ck->net.nparams,
                                  ck->step - ck->asgd_start + 1);
    }
    ck->tokens += (uint64_t)T * B;
    ck->pos += (uint64_t)T;
    if (ck->pos >= tr->seg - 1) {
        ck->pos = 0;
        ck->epoch++;
        for (int s = 0; s < tr->nshards; s++) rnn_reset_state(tr->shard[s].w);
    }
    return loss;
}

void shards_fold(float *acc, const float *const *shard, const float *wgt, int g, size_t n)
{
    memset(acc, 0, n * sizeof *acc);
    for (int s = 0; s < g; s++)
        for (size_t i = 0; i < n; i++) acc[i] += wgt[s] * shard[s][i];
}

uint64_t tokens_hash(const uint32_t *ids, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;   /* FNV-1a over the ids */
    for (size_t i = 0; i < n; i++) {
        h ^= ids[i];
        h *= 1099511628211ULL;
    }
    return h;
}
