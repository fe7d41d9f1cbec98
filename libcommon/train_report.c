/* train_report.c — what lm-train says on stderr while it runs. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "train_run.h"
#include "util.h"

static const char *human_time(double s, char *buf, size_t n)
{
    if (s < 0 || !isfinite(s)) snprintf(buf, n, "?");
    else if (s < 60) snprintf(buf, n, "%.0fs", s);
    else if (s < 3600) snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
    return buf;
}

static void report_start(const lm_train_status *s, void *ctx)
{
    lm_train_report *r = ctx;
    const lm_checkpoint *ck = s->ck;
    r->last_print = lm_now();
    if (ck->arch == LM_ARCH_SEQ2SEQ) {
        const lm_s2s *n = &ck->s2s;
        fprintf(stderr,
                "lm-train: seq2seq %s %dx%d%s, attention %s, embed %d, vocabulary %u: %zu "
                "parameters; %zu target tokens in batches of %d pairs (%llu per epoch)%s%s\n",
                n->cell->name, n->enc_layers, n->hidden, n->bidir ? " bidirectional" : "",
                lm_attention_names[n->attention], n->embed, ck->vocab.n, n->nparams,
                s->data_tokens, ck->cfg.batch, (unsigned long long)s->per_epoch,
                ck->cfg.average > 0 ? "; the model: the weights' moving average" : "",
                s->resumed ? "; resuming" : "");
        return;
    }
    fprintf(stderr,
            "lm-train: %s %dx%d, embed %d, vocabulary %u: %zu parameters; %zu tokens in %d "
            "streams x %d steps (%llu windows per epoch)%s%s",
            ck->net.cell->name, ck->net.layers, ck->net.hidden, ck->net.embed, ck->vocab.n,
            ck->net.nparams, s->data_tokens, ck->cfg.batch, ck->cfg.seq,
            (unsigned long long)s->per_epoch,
            ck->cfg.average > 0 ? "; the model: the weights' moving average" : "",
            s->resumed ? "; resuming" : "");
    if (s->ranks > 1) fprintf(stderr, "; %d ranks x %d threads", s->ranks, s->threads);
    fputc('\n', stderr);
}

/* Redrawn every half second on a terminal; a line every 30 s in a log. */
static void report_step(const lm_train_status *s, void *ctx)
{
    lm_train_report *r = ctx;
    const lm_checkpoint *ck = s->ck;
    double now = lm_now();
    if (r->tty ? now - r->last_print < 0.5 : now - r->last_print < 30) return;
    r->last_print = now;
    double rate = (double)(ck->tokens - s->start_tokens) / s->elapsed;
    double eta = NAN;
    if (s->end_step)
        eta = (double)(s->end_step - ck->step) * s->elapsed / (double)(ck->step - s->start_step);
    if (s->time_budget) {
        double e2 = s->time_budget - s->elapsed;
        eta = isnan(eta) || e2 < eta ? e2 : eta;
    }
    char eb[32], vb[32];
    if (isnan(s->valid_loss)) snprintf(vb, sizeof vb, "-");
    else snprintf(vb, sizeof vb, "%.4f", s->valid_loss);
    /* on a corpus of a gigabyte an hour is a small fraction of an epoch:
     * four decimals below one epoch, so that the line still moves */
    fprintf(stderr, "%sstep %llu  epoch %.*f  %.1fk tok/s  loss %.4f  valid %s  lr %.3g  ETA %s%s",
            r->tty ? "\r" : "lm-train: ", (unsigned long long)ck->step, s->epoch < 1 ? 4 : 2, s->epoch, rate / 1e3,
            s->loss_avg, vb, s->lr, human_time(eta, eb, sizeof eb), r->tty ? "   " : "\n");
}

static void report_eval(const lm_train_status *s, bool best, void *ctx)
{
    lm_train_report *r = ctx;
    if (r->tty) return;   /* the progress line shows it */
    fprintf(stderr, "lm-train: step %llu: valid loss %.4f nats/token (ppl %.2f, %.4f bits/token)%s\n",
            (unsigned long long)s->ck->step, s->valid_loss, exp(s->valid_loss),
            s->valid_loss / M_LN2, best ? ", the best so far" : "");
}

static void report_asgd(const lm_train_status *s, void *ctx)
{
    lm_train_report *r = ctx;
    fprintf(stderr, "%slm-train: step %llu: validation has not improved for %d evaluations; "
            "the model is the weights' average from here (NT-ASGD)\n", r->tty ? "\n" : "",
            (unsigned long long)s->ck->step, s->ck->cfg.asgd);
}

static void report_end(const lm_train_status *s, void *ctx)
{
    lm_train_report *r = ctx;
    const lm_checkpoint *ck = s->ck;
    if (r->tty) fputc('\n', stderr);
    double secs = s->elapsed;
    fprintf(stderr, "lm-train: %llu steps (%llu this run) in %.1f s, %.0f tokens/s; train loss %.4f",
            (unsigned long long)ck->step, (unsigned long long)(ck->step - s->start_step), secs,
            (double)(ck->tokens - s->start_tokens) / (secs > 0 ? secs : 1), s->loss_avg);
    if (s->spec->valid && !isnan(s->valid_loss))
        fprintf(stderr, "; valid loss %.4f nats/token, ppl %.3f, %.4f bits/token", s->valid_loss,
                exp(s->valid_loss), s->valid_loss / M_LN2);
    if (s->spec->best && isfinite(ck->best_valid))
        fprintf(stderr, "; best %.4f, in %s", ck->best_valid, s->spec->best);
    if (s->ranks > 1 && ck->step > s->start_step)
        fprintf(stderr, "; %d ranks: communication %.3f ms/step, %.1f%% of the time", s->ranks,
                1e3 * s->comm_seconds / (double)(ck->step - s->start_step),
                100 * s->comm_seconds / (secs > 0 ? secs : 1));
    fprintf(stderr, "\n");
}

void train_report_init(lm_train_hooks *hooks, lm_train_report *report)
{
    report->tty = isatty(2);
    report->last_print = lm_now();
    hooks->on_start = report_start;
    hooks->on_step = report_step;
    hooks->on_eval = report_eval;
    hooks->on_end = report_end;
    hooks->on_asgd = report_asgd;
    hooks->ctx = report;
}
