/* s2s_train.c — batches of pairs for training and scoring.  See
 * s2s_train.h. */
#include "s2s_train.h"

#include <stdlib.h>
#include <string.h>

#include "optim.h"
#include "parallel.h"
#include "util.h"

void s2s_fill_batch(const lm_pairs *p, const size_t *idx, int nb, uint32_t *src, uint32_t *tgt,
                    int *slen, int *tlen, lm_s2s_batch *b)
{
    int N = 0, T = 0;
    for (int k = 0; k < nb; k++) {
        slen[k] = (int)pair_src_len(p, idx[k]);
        tlen[k] = (int)pair_tgt_len(p, idx[k]);
        N = slen[k] > N ? slen[k] : N;
        T = tlen[k] > T ? tlen[k] : T;
    }
    for (int j = 0; j < N; j++)
        for (int k = 0; k < nb; k++)
            src[(size_t)j * nb + k] = j < slen[k] ? p->src[p->src_off[idx[k]] + j] : LM_NO_ID;
    for (int i = 0; i < T; i++)
        for (int k = 0; k < nb; k++)
            tgt[(size_t)i * nb + k] = i < tlen[k] ? p->tgt[p->tgt_off[idx[k]] + i] : LM_NO_ID;
    *b = (lm_s2s_batch){ nb, N, T, src, tgt, slen, tlen, p->vocab.eos };
}

/* ---- training -------------------------------------------------------------- */

/* Epoch E's order: Fisher-Yates from a generator seeded by the run's
 * seed and E only. */
static void shuffle_for(lm_s2s_trainer *tr, uint64_t epoch)
{
    size_t n = tr->data->n;
    for (size_t i = 0; i < n; i++) tr->order[i] = i;
    lm_rng r;
    rng_seed(&r, tr->ck->cfg.seed * 0x9e3779b97f4a7c15ULL + epoch + 1);
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)rng_below(&r, (uint64_t)i + 1);
        size_t t = tr->order[i];
        tr->order[i] = tr->order[j];
        tr->order[j] = t;
    }
    tr->order_epoch = epoch;
}

void s2s_trainer_init(lm_s2s_trainer *tr, lm_checkpoint *ck, const lm_pairs *data, int threads)
{
    memset(tr, 0, sizeof *tr);
    tr->ck = ck;
    tr->data = data;
    const int B = ck->cfg.batch;
    int ns = threads < B ? threads : B;
    if (ns > LM_MAX_SHARDS) ns = LM_MAX_SHARDS;
    if (ns < 1) ns = 1;
    tr->nshards = ns;
    size_t N = data->max_src, T = data->max_tgt, np = ck->s2s.nparams;
    /* A shard's share of any batch (B pairs or fewer) is at most B/ns + 1. */
    int cap = B / ns + 1;
    for (int s = 0; s < ns; s++) {
        lm_s2s_shard *sh = &tr->shard[s];
        sh->w = s2s_work_new(&ck->s2s, cap, (int)N, (int)T, ck->cfg.dropout > 0);
        sh->grads = xmalloc(xmul(np, sizeof(float)));
        sh->src = xmalloc(xmul(N * cap, sizeof(uint32_t)));
        sh->tgt = xmalloc(xmul(T * cap, sizeof(uint32_t)));
        sh->slen = xmalloc(xmul(cap, sizeof(int)));
        sh->tlen = xmalloc(xmul(cap, sizeof(int)));
    }
    tr->grads = xmalloc(xmul(np, sizeof(float)));
    tr->order = xmalloc(xmul(data->n, sizeof(size_t)));
    shuffle_for(tr, ck->epoch);
    if (!ck->state) ck->state = xmalloc(sizeof(float));   /* nothing carried: an empty record */
    ck->state_n = 0;
    if (ck->pos >= s2s_trainer_batches_per_epoch(tr))
        die("checkpoint position %llu is past the data's %llu batches", (unsigned long long)ck->pos,
            (unsigned long long)s2s_trainer_batches_per_epoch(tr));
}

void s2s_trainer_free(lm_s2s_trainer *tr)
{
    for (int s = 0; s < tr->nshards; s++) {
        lm_s2s_shard *sh = &tr->shard[s];
        s2s_work_free(sh->w);
        free(sh->grads), free(sh->src), free(sh->tgt), free(sh->slen), free(sh->tlen);
    }
    free(tr->grads);
    free(tr->order);
}

uint64_t s2s_trainer_batches_per_epoch(const lm_s2s_trainer *tr)
{
    uint64_t B = (uint64_t)tr->ck->cfg.batch;
    return (tr->data->n + B - 1) / B;
}

static void shard_batch(void *arg, int s)
{
    lm_s2s_trainer *tr = arg;
    lm_s2s_shard *sh = &tr->shard[s];
    const lm_checkpoint *ck = tr->ck;
    memset(sh->grads, 0, ck->s2s.nparams * sizeof(float));
    sh->loss = sh->batch.B ? s2s_train_batch(&ck->s2s, ck->weights, sh->grads, sh->w, &sh->batch,
                                             tr->scale, (float)ck->cfg.dropout, &sh->rng)
                           : 0;
}

double s2s_trainer_step(lm_s2s_trainer *tr, double lr, double *grad_norm)
{
    lm_checkpoint *ck = tr->ck;
    const lm_pairs *p = tr->data;
    if (tr->order_epoch != ck->epoch) shuffle_for(tr, ck->epoch);
    size_t first = (size_t)ck->pos * ck->cfg.batch;
    size_t nb = p->n - first < (size_t)ck->cfg.batch ? p->n - first : (size_t)ck->cfg.batch;
    uint64_t tokens = 0;
    for (int s = 0; s < tr->nshards; s++) {
        lm_s2s_shard *sh = &tr->shard[s];
        /* the last batch is smaller: shares of what there is */
        size_t b0 = nb * (size_t)s / tr->nshards, b1 = nb * (size_t)(s + 1) / tr->nshards;
        s2s_fill_batch(p, tr->order + first + b0, (int)(b1 - b0), sh->src, sh->tgt, sh->slen,
                       sh->tlen, &sh->batch);
        for (size_t k = 0; k < b1 - b0; k++) tokens += (uint64_t)sh->tlen[k];
        rng_seed(&sh->rng, rng_u64(&ck->rng));
    }
    tr->scale = (float)(1.0 / (double)tokens);
    parallel_run(tr->nshards, shard_batch, tr);
    size_t np = ck->s2s.nparams;
    double loss = 0;
    memcpy(tr->grads, tr->shard[0].grads, np * sizeof(float));
    loss += tr->shard[0].loss;
    for (int s = 1; s < tr->nshards; s++) {
        const float *g = tr->shard[s].grads;
        for (size_t i = 0; i < np; i++) tr->grads[i] += g[i];
        loss += tr->shard[s].loss;
    }
    *grad_norm = clip_grad_norm(tr->grads, np, ck->cfg.clip);
    optim_step(&ck->optim, ck->weights, tr->grads, lr);
    ck->step++;
    if (ck->weights != ck->params)
        optim_average(ck->params, ck->weights, np, ck->cfg.average, ck->step);
    ck->tokens += tokens;
    if (++ck->pos >= s2s_trainer_batches_per_epoch(tr)) {
        ck->pos = 0;
        ck->epoch++;
    }
    return loss / (double)tokens;
}

/* ---- scoring ----------------------------------------------------------------- */

#define SCORE_BATCH 64

typedef struct score_job {
    const lm_s2s *net;
    const float *params;
    const lm_pairs *p;
    double *logp;
    int nshards;
    size_t nbatches;
} score_job;

static void score_shard(void *arg, int s)
{
    const score_job *j = arg;
    size_t k0 = j->nbatches * s / j->nshards, k1 = j->nbatches * (s + 1) / j->nshards;
    if (k0 == k1) return;
    const lm_pairs *p = j->p;
    size_t N = p->max_src, T = p->max_tgt;
    lm_s2s_work *w = s2s_work_new(j->net, SCORE_BATCH, (int)N, (int)T, false);
    uint32_t *src = xmalloc(xmul(N * SCORE_BATCH, sizeof *src));
    uint32_t *tgt = xmalloc(xmul(T * SCORE_BATCH, sizeof *tgt));
    double *lp = xmalloc(xmul(T * SCORE_BATCH, sizeof *lp));
    int slen[SCORE_BATCH], tlen[SCORE_BATCH];
    size_t idx[SCORE_BATCH];
    for (size_t k = k0; k < k1; k++) {
        size_t first = k * SCORE_BATCH, nb = p->n - first < SCORE_BATCH ? p->n - first : SCORE_BATCH;
        for (size_t i = 0; i < nb; i++) idx[i] = first + i;
        lm_s2s_batch b;
        s2s_fill_batch(p, idx, (int)nb, src, tgt, slen, tlen, &b);
        s2s_score_batch(j->net, j->params, w, &b, lp, NULL);
        for (size_t i = 0; i < nb; i++)
            for (int t = 0; t < tlen[i]; t++)
                j->logp[p->tgt_off[first + i] + t] = lp[(size_t)t * nb + i];
    }
    free(src), free(tgt), free(lp);
    s2s_work_free(w);
}

double s2s_score_pairs(const lm_s2s *net, const float *params, const lm_pairs *p, double *logp,
                       int threads)
{
    score_job j = { net, params, p, logp, 1, (p->n + SCORE_BATCH - 1) / SCORE_BATCH };
    j.nshards = threads < (int)j.nbatches ? threads : (int)j.nbatches;
    if (j.nshards < 1) j.nshards = 1;
    parallel_run(j.nshards, score_shard, &j);
    double total = 0;
    for (size_t i = 0; i < p->tgt_off[p->n]; i++) total += logp[i];
    return total;
}
