/* train_run.c — lm-train's run: build or resume, then the step loop. */
#include "train_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dist.h"
#include "linalg.h"
#include "rnn.h"
#include "schedule.h"
#include "pairs.h"
#include "tokens.h"
#include "util.h"

static double mem_available(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * size : 0;
}

/* The head of SP's model (rnn_shape_tied). */
static unsigned spec_head(const lm_train_spec *sp)
{
    return (sp->tie ? LM_HEAD_TIED : 0) | (sp->final_norm ? LM_HEAD_NORM : 0);
}

/* The parameter count of SP's model with hidden size H. */
static size_t spec_param_count(const lm_train_spec *sp, int h, uint32_t vocab)
{
    const lm_cell *cell = cell_at(sp->cell);
    int E = sp->embed > 0 ? sp->embed : h;
    if (sp->arch == LM_ARCH_SEQ2SEQ)
        return s2s_param_count(cell, sp->layers, sp->layers, h, E, sp->attn_size ? sp->attn_size : h,
                               sp->attention, !sp->unidirectional, vocab);
    return rnn_param_count_tied(cell, &sp->hp, sp->layers, h, E, vocab, spec_head(sp));
}

/* The hidden size whose parameter count is closest to TARGET. */
static int hidden_for_params(const lm_train_spec *sp, uint32_t vocab, long long target)
{
    int best = 1;
    double bestd = INFINITY;
    for (int h = 1; h <= 8192; h++) {
        size_t n = spec_param_count(sp, h, vocab);
        if (n == 0) continue;   /* hyper-parameters that do not fit this size */
        double d = fabs((double)n - (double)target);
        if (d < bestd) best = h, bestd = d;
        if ((double)n > target) break;
    }
    return best;
}

/* Hours of training must not end in "cannot write": the checkpoint's
 * directory is checked before the first step. */
static void check_writable_dir(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    const char *d = slash ? (slash == dir ? "/" : (*slash = 0, dir)) : ".";
    if (access(d, W_OK | X_OK) != 0) die_errno("%s: cannot write checkpoints in %s", path, d);
    free(dir);
}

static int cell_index(const lm_cell *c)
{
    for (int i = 0; i < cell_count(); i++)
        if (cell_at(i) == c) return i;
    return -1;
}

/* What a run trains on: a tokens stream (rnn) or a pairs stream
 * (seq2seq), with its vocabulary, size and fingerprint. */
typedef struct run_data {
    bool pairs;
    lm_tokens t;
    lm_pairs p;
    const lm_vocab *vocab;
    size_t n;                 /* tokens (rnn), target tokens (seq2seq) */
    uint64_t hash;
} run_data;

static void data_read(const char *path, bool pairs, run_data *d)
{
    memset(d, 0, sizeof *d);
    d->pairs = pairs;
    if (pairs) {
        pairs_read(path, &d->p);
        d->vocab = &d->p.vocab;
        d->n = d->p.tgt_tokens;
        d->hash = pairs_hash(&d->p);
    } else {
        tokens_read(path, &d->t);
        d->vocab = &d->t.vocab;
        d->n = d->t.n;
        d->hash = tokens_hash(d->t.ids, d->t.n);
    }
}

static void data_free(run_data *d)
{
    if (d->pairs) pairs_free(&d->p);
    else tokens_free(&d->t);
}

/* --resume: the checkpoint, checked against the data and the options. */
static void resume(const lm_train_spec *sp, const lm_train_hooks *hk, const run_data *data,
                   lm_checkpoint *ck)
{
    checkpoint_read(sp->resume, ck);
    if (!ck->training)
        die("%s: a finished model without training state (optimizer, position); cannot resume",
            sp->resume);
    if (ck->arch != sp->arch)
        die("%s: a %s checkpoint; the run asks for --arch %s", sp->resume, lm_arch_names[ck->arch],
            lm_arch_names[sp->arch]);
    lm_train_spec fixed = *sp;
    if (ck->arch == LM_ARCH_SEQ2SEQ) {
        const lm_s2s *n = &ck->s2s;
        fixed.cell = cell_index(n->cell);
        fixed.layers = n->enc_layers;
        fixed.hidden = n->hidden;
        fixed.embed = n->embed;
        fixed.attention = n->attention;
        fixed.unidirectional = !n->bidir;
        fixed.attn_size = n->attn;
    } else {
        fixed.cell = cell_index(ck->net.cell);
        fixed.layers = ck->net.layers;
        fixed.hidden = ck->net.hidden;
        fixed.embed = ck->net.embed;
        fixed.hp = ck->net.hp;
        fixed.tie = ck->net.tied;
        fixed.final_norm = ck->net.final_norm;
    }
    fixed.cfg = ck->cfg;
    if (hk->on_resume) hk->on_resume(&fixed, hk->ctx);
    if (!vocab_equal(&ck->vocab, data->vocab))
        die("%s: tokens made with another vocabulary than the checkpoint %s's",
            lm_display_name(sp->train), sp->resume);
    if (ck->data_tokens != data->n || ck->data_hash != data->hash)
        die("%s: not the training data the checkpoint %s was trained on (%llu tokens then, "
            "%zu now)", lm_display_name(sp->train), sp->resume,
            (unsigned long long)ck->data_tokens, data->n);
    if (sp->cfg.lr > 0) ck->cfg.lr = sp->cfg.lr;
    if (sp->cfg.clip >= 0) ck->cfg.clip = sp->cfg.clip;
    if (sp->cfg.schedule >= 0) ck->cfg.schedule = sp->cfg.schedule;
}

/* A new run: the model shaped and initialised, the optimizer at zero. */
static void start(const lm_train_spec *sp, const run_data *data, lm_checkpoint *ck)
{
    memset(ck, 0, sizeof *ck);
    const lm_cell *cell = cell_at(sp->cell);
    vocab_copy(&ck->vocab, data->vocab);
    int hidden = sp->params > 0 ? hidden_for_params(sp, ck->vocab.n, sp->params) : sp->hidden;
    int embed = sp->embed ? sp->embed : hidden;
    ck->arch = sp->arch;
    if (ck->arch == LM_ARCH_SEQ2SEQ && sp->tie)
        die("--tie-weights is for --arch rnn");
    if (ck->arch == LM_ARCH_SEQ2SEQ && sp->final_norm)
        die("--final-norm is for --arch rnn");
    if (ck->arch == LM_ARCH_SEQ2SEQ && cell->hyper)
        die("--arch seq2seq takes a cell without hyper-parameters (rnn, lstm, gru), not %s", cell->name);
    if (ck->arch == LM_ARCH_SEQ2SEQ)
        s2s_shape(&ck->s2s, cell, sp->layers, sp->layers, hidden, embed,
                  sp->attn_size ? sp->attn_size : hidden, sp->attention, !sp->unidirectional,
                  ck->vocab.n);
    else
        rnn_shape_tied(&ck->net, cell, &sp->hp, sp->layers, hidden, embed, ck->vocab.n,
                       spec_head(sp));
    const size_t np = checkpoint_nparams(ck);
    ck->training = true;
    lm_train_config *cf = &ck->cfg;
    *cf = sp->cfg;
    if (ck->arch == LM_ARCH_SEQ2SEQ &&
        (cf->asgd > 0 || cf->drop_embed > 0 || cf->weight_drop > 0 || cf->ar > 0 || cf->tar > 0 ||
         cf->dropout_locked || cf->weight_decay > 0 || cf->drop_branch > 0))
        die("the regularisers --asgd, --dropout-embed, --weight-drop, --ar, --tar, "
            "--weight-decay, --dropout-branch and --dropout-mode locked are for --arch rnn");
    if (cf->drop_branch > 0 && ck->arch != LM_ARCH_SEQ2SEQ && !cell->residual)
        die("--dropout-branch: the %s cell has no residual branch (it is for --cell mamba)",
            cell->name);
    if (cf->lr <= 0) cf->lr = cf->optimizer == LM_ADAM ? 0.002 : 1.0;
    if (cf->lr_min < 0) cf->lr_min = cf->lr / 10;
    if (cf->clip < 0) cf->clip = 5;
    if (cf->schedule < 0) cf->schedule = LM_SCHED_CONST;
    cf->decay_start = sp->cfg.decay_start - 1;   /* the user's epochs count from 1 */
    /* Each dropout position has --dropout's rate unless given its own. */
    if (cf->drop_in < 0) cf->drop_in = cf->dropout;
    if (cf->drop_hidden < 0) cf->drop_hidden = cf->dropout;
    if (cf->drop_out < 0) cf->drop_out = cf->dropout;
    /* Refuse before allocating what the machine does not have. */
    int copies = (cf->optimizer == LM_ADAM ? 4 : 2) + (cf->average > 0 || cf->asgd > 0);
    lm_rnn_reg reg = trainer_reg(cf);
    double need = (double)np * 4 * copies +
                  (ck->arch == LM_ARCH_SEQ2SEQ
                       ? s2s_work_bytes(&ck->s2s, cf->batch, (int)data->p.max_src,
                                        (int)data->p.max_tgt, cf->dropout > 0)
                       : rnn_work_bytes_reg(&ck->net, cf->batch, cf->seq, &reg));
    double have = mem_available();
    if (have > 0 && need > have)
        die("this model and batch would need %.3g GB of memory; the machine has %.3g GB",
            need / 1e9, have / 1e9);
    ck->params = xmalloc(xmul(np, sizeof(float)));
    rng_seed(&ck->rng, cf->seed);
    if (ck->arch == LM_ARCH_SEQ2SEQ) s2s_init_params(&ck->s2s, ck->params, &sp->init, &ck->rng);
    else rnn_init_params(&ck->net, ck->params, &sp->init, &ck->rng);
    /* With --average the optimizer moves its own copy of the weights and
     * the model (params) is their moving average; with NT-ASGD, only once
     * it has triggered (trainer_asgd_eval). */
    if (cf->average > 0 && cf->asgd == 0) {
        ck->weights = xmalloc(xmul(np, sizeof(float)));
        memcpy(ck->weights, ck->params, np * sizeof(float));
    } else {
        ck->weights = ck->params;
    }
    optim_init(&ck->optim, cf->optimizer, np);
    ck->data_tokens = data->n;
    ck->data_hash = data->hash;
    ck->best_valid = INFINITY;
}

/* --grad-flow: for each layer (1-based) and distance k from the window's
 * last step, ||dL_T/dh_{T-k}||. */
static void write_flow(FILE *fp, lm_trainer *tr, double *flow, uint64_t step)
{
    int T = trainer_grad_flow(tr, flow);
    for (int l = 0; l < tr->ck->net.layers; l++)
        for (int k = 0; k < T; k++)
            fprintf(fp, "%llu\t%d\t%d\t%.6e\n", (unsigned long long)step, l + 1, k,
                    flow[(size_t)l * T + (T - 1 - k)]);
}

/* The run's trainer, whichever the arch: truncated BPTT over tokens
 * (train.h) or batches of pairs (s2s_train.h). */
typedef struct run_trainer {
    bool s2s;
    lm_trainer rnn;
    lm_s2s_trainer pairs;
} run_trainer;

static void rt_init(run_trainer *rt, lm_checkpoint *ck, const run_data *d, int threads)
{
    rt->s2s = d->pairs;
    if (rt->s2s) s2s_trainer_init(&rt->pairs, ck, &d->p, threads);
    else trainer_init(&rt->rnn, ck, d->t.ids, d->t.n, threads);
}

static void rt_free(run_trainer *rt)
{
    if (rt->s2s) s2s_trainer_free(&rt->pairs);
    else trainer_free(&rt->rnn);
}

static uint64_t rt_per_epoch(const run_trainer *rt)
{
    return rt->s2s ? s2s_trainer_batches_per_epoch(&rt->pairs) : trainer_windows_per_epoch(&rt->rnn);
}

static double rt_step(run_trainer *rt, double lr, double *gnorm)
{
    return rt->s2s ? s2s_trainer_step(&rt->pairs, lr, gnorm) : trainer_step(&rt->rnn, lr, gnorm);
}

static void rt_save_state(run_trainer *rt)
{
    if (!rt->s2s) trainer_save_state(&rt->rnn);   /* a seq2seq run carries nothing */
}

static double epoch_frac(const run_trainer *rt, const lm_checkpoint *ck)
{
    double per = rt->s2s ? (double)s2s_trainer_batches_per_epoch(&rt->pairs) : (double)(rt->rnn.seg - 1);
    return (double)ck->epoch + (double)ck->pos / per;
}

/* The validation loss: nats per token (seq2seq: per target token).
 * Under mpirun each rank scores its share of the streams, and every rank
 * adds all the log-probabilities in token order, as one process does. */
static double valid_loss(const lm_checkpoint *ck, const run_data *v, double *logp, int threads)
{
    if (v->pairs) return -s2s_score_pairs(&ck->s2s, ck->params, &v->p, logp, threads) / (double)v->n;
    size_t lo, hi;
    rnn_score_part(&ck->net, ck->params, NULL, v->t.ids, v->t.n,
                   ck->vocab.mode == LM_MODE_WORD ? ck->vocab.eos : LM_NO_ID, logp, threads,
                   dist_rank(), dist_size(), &lo, &hi);
    dist_share_f64(logp, lo, hi);
    double nats = 0;
    for (size_t i = 0; i < v->t.n; i++) nats -= logp[i];
    return nats / (double)v->n;
}

int train_run(const lm_train_spec *sp, const lm_train_hooks *hooks, uint64_t *last_step)
{
    dist_init();
    /* Rank 0 alone writes files and reports; every rank trains. */
    const bool rank0 = dist_rank() == 0;
    lm_train_hooks quiet = { .stop = hooks->stop, .on_resume = hooks->on_resume, .ctx = hooks->ctx };
    const lm_train_hooks *hk = rank0 ? hooks : &quiet;
    if (dist_size() > 1 && (!sp->train || strcmp(sp->train, "-") == 0))
        die("under mpirun the training data must be a file that every rank reads (standard "
            "input reaches rank 0 only)");
    linalg_set_threads(sp->threads);
    if (rank0) check_writable_dir(sp->output);
    if (rank0 && sp->best) check_writable_dir(sp->best);

    bool pairs = sp->arch == LM_ARCH_SEQ2SEQ;
    if (pairs && sp->grad_flow) die("--grad-flow is for --arch rnn (truncated BPTT windows)");
    if (pairs && dist_size() > 1)
        die("--arch seq2seq trains in one process (its batches are not sharded across mpirun's ranks)");
    run_data data;
    data_read(sp->train, pairs, &data);
    if (!pairs && data.n < 2)
        die("%s: %zu tokens: nothing to train on", lm_display_name(sp->train), data.n);
    lm_checkpoint ck;
    if (sp->resume) resume(sp, hk, &data, &ck);
    else start(sp, &data, &ck);
    if (ck.cfg.weight_decay * ck.cfg.lr >= 1)
        die("--weight-decay %g times the learning rate %g is at least 1: a step would zero or "
            "flip the weights", ck.cfg.weight_decay, ck.cfg.lr);
    long long epochs = sp->epochs;
    if (sp->steps < 0 && !epochs && !sp->time) epochs = 1;

    run_data valid = { 0 };
    double *vlogp = NULL;
    if (sp->valid) {
        data_read(sp->valid, pairs, &valid);
        if (!vocab_equal(valid.vocab, &ck.vocab))
            die("%s: tokens made with another vocabulary than the training data's; tokenize "
                "with 'lm-tokenize --vocab TRAIN'", sp->valid);
        if (valid.n == 0) die("%s: no tokens to validate on", sp->valid);
        vlogp = xmalloc(xmul(valid.n, sizeof *vlogp));
    }
    /* The log is written as training goes, a line at a time, so that
     * `tail -f` and gnuplot can follow a long run. */
    FILE *logf = NULL;
    bool log_stdout = sp->log && strcmp(sp->log, "-") == 0;   /* "-": stdout, as for inputs */
    if (sp->log && rank0) {
        logf = log_stdout ? stdout : fopen(sp->log, "w");
        if (!logf) die_errno("%s", sp->log);
        setvbuf(logf, NULL, _IOLBF, 0);
        fprintf(logf, "step\tepoch\ttokens\tseconds\tlr\ttrain_loss\tgrad_norm\tvalid_loss\n");
    }

    run_trainer tr;
    rt_init(&tr, &ck, &data, sp->threads);
    lm_train_status st = { .spec = sp, .ck = &ck, .start_step = ck.step, .start_tokens = ck.tokens,
                           .per_epoch = rt_per_epoch(&tr), .data_tokens = data.n,
                           .time_budget = sp->time, .loss_avg = NAN, .valid_loss = NAN,
                           .resumed = sp->resume != NULL, .ranks = dist_size(),
                           .threads = tr.s2s ? tr.pairs.nshards : tr.rnn.nshards };
    /* The budget as a step count where one is known (for ETA and cosine). */
    st.end_step = sp->steps >= 0 ? (uint64_t)sp->steps
                : epochs ? (uint64_t)epochs * st.per_epoch : 0;
    /* A resumed run whose budget is already spent: say so, rather than a
     * report of 0 steps and a NaN loss.  The checkpoint is still written
     * to -o (a copy when -o is not the resumed file). */
    bool spent = sp->resume && ((sp->steps >= 0 && ck.step >= (uint64_t)sp->steps) ||
                                (epochs && ck.epoch >= (uint64_t)epochs));
    if (spent)
        warnx_lm("%s is at step %llu, epoch %llu: the budget (%s %lld) is already reached; "
                 "nothing to train (give a larger --steps, --epochs or a --time)", sp->resume,
                 (unsigned long long)ck.step, (unsigned long long)ck.epoch,
                 sp->steps >= 0 ? "--steps" : "--epochs", sp->steps >= 0 ? sp->steps : epochs);
    else if (hk->on_start)
        hk->on_start(&st, hk->ctx);

    /* --grad-flow: the first window now, the last at the end. */
    lm_out flowout;
    FILE *flowf = NULL;
    double *flow = NULL;
    if (sp->grad_flow && rank0) {
        flowf = lm_out_open(&flowout, sp->grad_flow);
        flow = xmalloc(xmul((size_t)ck.net.layers * ck.cfg.seq, sizeof *flow));
        fprintf(flowf, "step\tlayer\tk\tnorm\n");
        write_flow(flowf, &tr.rnn, flow, ck.step);
    }

    double t0 = lm_now(), tr_loss = NAN, gnorm = 0;
    for (;;) {
        /* The ranks agree on the clock (--time) and on a stop: rank 0's
         * decisions are everyone's. */
        double now[2] = { lm_now() - t0, hk->stop && *hk->stop };
        dist_max_f64(now, 2);
        st.elapsed = now[0];
        st.interrupted = now[1] != 0;
        bool done = (sp->steps >= 0 && ck.step >= (uint64_t)sp->steps) ||
                    (epochs && ck.epoch >= (uint64_t)epochs) ||
                    (sp->time && st.elapsed >= sp->time) || st.interrupted;
        bool eval_now = sp->valid && ck.step > st.start_step &&
                        (ck.step % (uint64_t)sp->eval_every == 0 || done);
        if (eval_now) {
            st.valid_loss = valid_loss(&ck, &valid, vlogp, sp->threads);
            /* The row's lr is the one the step that ended here used, as
             * on every other row (not the schedule at the run's start). */
            st.epoch = epoch_frac(&tr, &ck);
            if (logf)
                fprintf(logf, "%llu\t%.4f\t%llu\t%.2f\t%.6g\t%.6f\t%.4f\t%.6f\n",
                        (unsigned long long)ck.step, st.epoch, (unsigned long long)ck.tokens,
                        lm_now() - t0, st.lr, tr_loss,
                        gnorm, st.valid_loss);
            if (trainer_asgd_eval(&ck, st.valid_loss) && hk->on_asgd) hk->on_asgd(&st, hk->ctx);
            bool best = st.valid_loss < ck.best_valid;
            if (best) ck.best_valid = st.valid_loss;
            if (hk->on_eval) hk->on_eval(&st, best && sp->best, hk->ctx);
            /* Early stopping's model: the lowest validation loss so far. */
            if (best && sp->best) {
                rt_save_state(&tr);
                if (rank0) checkpoint_write(&ck, sp->best);
            }
        }
        if (done || (ck.step > st.start_step && ck.step % (uint64_t)sp->save_every == 0)) {
            rt_save_state(&tr);
            if (rank0) checkpoint_write(&ck, sp->output);
        }
        if (done) break;

        double frac = st.end_step ? (double)ck.step / (double)st.end_step
                    : sp->time ? st.elapsed / sp->time : 0;
        st.lr = schedule_lr(&ck.cfg, frac, ck.step, ck.epoch);
        tr_loss = rt_step(&tr, st.lr, &gnorm);
        if (!isfinite(tr_loss) || !isfinite(gnorm))
            die("training diverged at step %llu (loss %g, gradient norm %g); the last checkpoint "
                "in %s is untouched; try a lower learning rate or clipping", (unsigned long long)ck.step,
                tr_loss, gnorm, sp->output);
        st.loss_avg = isnan(st.loss_avg) ? tr_loss : 0.95 * st.loss_avg + 0.05 * tr_loss;
        st.epoch = epoch_frac(&tr, &ck);
        if (logf && ck.step % (uint64_t)sp->log_every == 0)
            fprintf(logf, "%llu\t%.4f\t%llu\t%.2f\t%.6g\t%.6f\t%.4f\t\n", (unsigned long long)ck.step,
                    st.epoch, (unsigned long long)ck.tokens, lm_now() - t0, st.lr, tr_loss, gnorm);
        st.elapsed = lm_now() - t0;
        if (hk->on_step) hk->on_step(&st, hk->ctx);
    }
    st.elapsed = lm_now() - t0;
    st.comm_seconds = dist_comm_seconds();
    if (hk->on_end && !spent) hk->on_end(&st, hk->ctx);
    if (logf) {
        lm_check_write(logf, log_stdout ? "stdout" : sp->log);
        if (!log_stdout) fclose(logf);
    }
    if (flowf) {
        write_flow(flowf, &tr.rnn, flow, ck.step);
        lm_out_commit(&flowout);
        free(flow);
    }
    rt_free(&tr);
    if (last_step) *last_step = ck.step;
    checkpoint_free(&ck);
    data_free(&data);
    if (sp->valid) data_free(&valid);
    free(vlogp);
    dist_finish();
    return st.interrupted ? 130 : 0;
}
