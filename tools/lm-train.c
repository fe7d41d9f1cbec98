/* lm-train — train a recurrent language model on a tokens stream. */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "linalg.h"
#include "rnn.h"
#include "tokens.h"
#include "train.h"
#include "util.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-train [options] -o MODEL [TRAIN]\n"
        "\n"
        "Trains a recurrent language model (embedding, a stack of cells, softmax)\n"
        "on a tokens stream (TRAIN or stdin) with truncated backpropagation through\n"
        "time, and writes the checkpoint MODEL (atomically, every so often and at\n"
        "the end).  Resume exactly with --resume MODEL.\n"
        "\n"
        "Model:\n"
        "  -c, --cell NAME        rnn, lstm or gru (default lstm)\n"
        "  -L, --layers N         stacked layers (default 2)\n"
        "  -H, --hidden N         hidden size (default 128)\n"
        "  -E, --embed N          embedding size (default: the hidden size)\n"
        "      --params N         pick the hidden size that brings the model closest\n"
        "                         to N parameters\n"
        "Training:\n"
        "  -b, --batch N          parallel streams (default 50)\n"
        "  -T, --seq N            BPTT window, steps (default 50)\n"
        "      --optimizer NAME   adam or sgd (default adam)\n"
        "  -l, --lr X             learning rate (default 0.002 adam, 1 sgd)\n"
        "      --schedule NAME    const, cosine or step (default const)\n"
        "      --lr-min X         cosine: final learning rate (default lr/10)\n"
        "      --lr-decay F       step: factor per epoch (default 0.5)\n"
        "      --decay-start E    step: first epoch (1-based) that decays (default 2)\n"
        "      --warmup N         linear warm-up over the first N steps (default 0)\n"
        "      --clip C           clip the gradient's global norm at C (default 5; 0 off)\n"
        "      --dropout P        dropout between layers (default 0)\n"
        "      --average D        the model is the moving average of the weights,\n"
        "                         decay D per step (default 0: the weights themselves)\n"
        "      --seed S           seed for initialisation and dropout (default 1)\n"
        "      --init-scale S     initialise every weight U(-S, S) (default: PyTorch's\n"
        "                         N(0,1) embedding, U(+-1/sqrt(H)) elsewhere)\n"
        "      --forget-bias X    an LSTM's forget-gate bias at initialisation\n"
        "                         (default 1; PyTorch's nn.LSTM: 0)\n"
        "Budget (default --epochs 1):\n"
        "      --steps N          train until step N (counted from the run's start;\n"
        "                         0 writes the initialised model)\n"
        "      --epochs E         train until epoch E is complete\n"
        "      --time SEC         stop after SEC seconds of this invocation\n"
        "Validation, output:\n"
        "      --valid FILE       tokens to evaluate every --eval-every steps and at the end\n"
        "      --eval-every N     steps between evaluations (default 500)\n"
        "  -o, --output MODEL     the checkpoint to write (required)\n"
        "      --best FILE        also write the checkpoint to FILE whenever the\n"
        "                         validation loss is the lowest so far\n"
        "      --save-every N     steps between checkpoints (default 1000)\n"
        "      --resume MODEL     continue the run saved in MODEL\n"
        "      --log FILE         a TSV line per --log-every steps and per evaluation\n"
        "      --log-every N      steps between log lines (default 10)\n"
        "      --grad-flow FILE   a TSV of ||dL_T/dh_{T-k}|| per layer and k, for the\n"
        "                         first and the last window of the run\n"
        "  -t, --threads N        threads (default 1)\n"
        "  -q, --quiet            no progress line\n"
        "  -h, --help             this help\n"
        "      --version          print the version\n"
        "\n"
        "See lm-train(1).\n");
}

/* Options that fix the run; on --resume they come from the checkpoint and
 * the command line may only repeat them. */
typedef struct fixed {
    const char *cell;
    int layers, hidden, embed, batch, seq, optimizer;
    double dropout, average;
    long long params;
    uint64_t seed;
    bool given_cell, given_layers, given_hidden, given_embed, given_batch, given_seq,
        given_optimizer, given_dropout, given_seed, given_params, given_average;
} fixed;

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double mem_available(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * size : 0;
}

static const char *human_time(double s, char *buf, size_t n)
{
    if (s < 0 || !isfinite(s)) snprintf(buf, n, "?");
    else if (s < 60) snprintf(buf, n, "%.0fs", s);
    else if (s < 3600) snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
    return buf;
}

/* The hidden size whose parameter count is closest to TARGET. */
static int hidden_for_params(const lm_cell *cell, int layers, int embed, uint32_t vocab,
                             long long target)
{
    int best = 1;
    double bestd = INFINITY;
    for (int h = 1; h <= 8192; h++) {
        size_t n = rnn_param_count(cell, layers, h, embed > 0 ? embed : h, vocab);
        double d = fabs((double)n - (double)target);
        if (d < bestd) best = h, bestd = d;
        if ((double)n > target) break;
    }
    return best;
}

/* One --grad-flow block: for each layer (1-based) and distance k from the
 * window's last step, ||dL_T/dh_{T-k}||. */
static void write_flow(FILE *fp, lm_trainer *tr, double *flow, uint64_t step)
{
    int T = trainer_grad_flow(tr, flow);
    for (int l = 0; l < tr->ck->net.layers; l++)
        for (int k = 0; k < T; k++)
            fprintf(fp, "%llu\t%d\t%d\t%.6e\n", (unsigned long long)step, l + 1, k,
                    flow[(size_t)l * T + (T - 1 - k)]);
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

static void check_same(const char *opt, bool given, double want, double have)
{
    if (given && want != have)
        die_usage("%s %g differs from the resumed checkpoint's %g (it cannot change on --resume)",
                  opt, want, have);
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum {
        OPT_VERSION = 256, OPT_PARAMS, OPT_OPTIM, OPT_SCHED, OPT_LRMIN, OPT_DECAY, OPT_DSTART,
        OPT_WARMUP, OPT_CLIP, OPT_DROPOUT, OPT_SEED, OPT_STEPS, OPT_EPOCHS, OPT_TIME, OPT_VALID,
        OPT_EVAL, OPT_FORGET, OPT_ISCALE, OPT_BEST, OPT_SAVE, OPT_RESUME, OPT_LOG, OPT_LOGEVERY, OPT_FLOW,
        OPT_AVERAGE,
    };
    static const struct option longopts[] = {
        { "cell", required_argument, NULL, 'c' },
        { "layers", required_argument, NULL, 'L' },
        { "hidden", required_argument, NULL, 'H' },
        { "embed", required_argument, NULL, 'E' },
        { "params", required_argument, NULL, OPT_PARAMS },
        { "batch", required_argument, NULL, 'b' },
        { "seq", required_argument, NULL, 'T' },
        { "optimizer", required_argument, NULL, OPT_OPTIM },
        { "lr", required_argument, NULL, 'l' },
        { "schedule", required_argument, NULL, OPT_SCHED },
        { "lr-min", required_argument, NULL, OPT_LRMIN },
        { "lr-decay", required_argument, NULL, OPT_DECAY },
        { "decay-start", required_argument, NULL, OPT_DSTART },
        { "warmup", required_argument, NULL, OPT_WARMUP },
        { "clip", required_argument, NULL, OPT_CLIP },
        { "dropout", required_argument, NULL, OPT_DROPOUT },
        { "average", required_argument, NULL, OPT_AVERAGE },
        { "forget-bias", required_argument, NULL, OPT_FORGET },
        { "init-scale", required_argument, NULL, OPT_ISCALE },
        { "best", required_argument, NULL, OPT_BEST },
        { "seed", required_argument, NULL, OPT_SEED },
        { "steps", required_argument, NULL, OPT_STEPS },
        { "epochs", required_argument, NULL, OPT_EPOCHS },
        { "time", required_argument, NULL, OPT_TIME },
        { "valid", required_argument, NULL, OPT_VALID },
        { "eval-every", required_argument, NULL, OPT_EVAL },
        { "output", required_argument, NULL, 'o' },
        { "save-every", required_argument, NULL, OPT_SAVE },
        { "resume", required_argument, NULL, OPT_RESUME },
        { "log", required_argument, NULL, OPT_LOG },
        { "log-every", required_argument, NULL, OPT_LOGEVERY },
        { "grad-flow", required_argument, NULL, OPT_FLOW },
        { "threads", required_argument, NULL, 't' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    fixed fx = { .cell = "lstm", .layers = 2, .hidden = 128, .embed = 0, .batch = 50, .seq = 50,
                 .optimizer = LM_ADAM, .dropout = 0, .seed = 1 };
    double lr = -1, lr_min = -1, lr_decay = 0.5, clip = 5, time_budget = 0;
    lm_weight_init init = { .scale = 0, .forget_bias = 1 };
    bool given_init = false;
    int schedule = LM_SCHED_CONST, decay_start = 2, threads = 1;
    long long steps = 0, epochs = 0, warmup = 0, eval_every = 500, save_every = 1000,
              log_every = 10;
    bool given_lr = false, given_steps = false, given_clip = false, given_sched = false, quiet = false;
    const char *out_path = NULL, *valid_path = NULL, *resume_path = NULL, *log_path = NULL,
               *flow_path = NULL, *best_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "c:L:H:E:b:T:l:o:t:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (!cell_find(optarg)) die_usage("--cell: unknown cell '%s' (known: %s)", optarg, cell_names());
            fx.cell = optarg, fx.given_cell = true;
            break;
        case 'L': fx.layers = (int)parse_ll("--layers", optarg, 1, LM_MAX_LAYERS), fx.given_layers = true; break;
        case 'H': fx.hidden = (int)parse_ll("--hidden", optarg, 1, 1 << 16), fx.given_hidden = true; break;
        case 'E': fx.embed = (int)parse_ll("--embed", optarg, 1, 1 << 16), fx.given_embed = true; break;
        case OPT_PARAMS: fx.params = parse_ll("--params", optarg, 1, (long long)LM_MAX_PARAMS), fx.given_params = true; break;
        case 'b': fx.batch = (int)parse_ll("--batch", optarg, 1, 1 << 16), fx.given_batch = true; break;
        case 'T': fx.seq = (int)parse_ll("--seq", optarg, 1, 1 << 16), fx.given_seq = true; break;
        case OPT_OPTIM:
            fx.optimizer = optim_parse(optarg);
            if (fx.optimizer < 0) die_usage("--optimizer: unknown optimizer '%s' (adam or sgd)", optarg);
            fx.given_optimizer = true;
            break;
        case 'l': lr = parse_double("--lr", optarg, 0, 1e6), given_lr = true; break;
        case OPT_SCHED:
            schedule = schedule_parse(optarg);
            if (schedule < 0) die_usage("--schedule: unknown schedule '%s' (const, cosine or step)", optarg);
            given_sched = true;
            break;
        case OPT_LRMIN: lr_min = parse_double("--lr-min", optarg, 0, 1e6); break;
        case OPT_DECAY: lr_decay = parse_double("--lr-decay", optarg, 0, 1); break;
        case OPT_DSTART: decay_start = (int)parse_ll("--decay-start", optarg, 1, 1 << 30); break;
        case OPT_WARMUP: warmup = parse_ll("--warmup", optarg, 0, 1LL << 40); break;
        case OPT_CLIP: clip = parse_double("--clip", optarg, 0, 1e30), given_clip = true; break;
        case OPT_DROPOUT:
            fx.dropout = parse_double("--dropout", optarg, 0, 0.99), fx.given_dropout = true;
            break;
        case OPT_AVERAGE:
            fx.average = parse_double("--average", optarg, 0, 0.999999), fx.given_average = true;
            break;
        case OPT_SEED: fx.seed = (uint64_t)parse_ll("--seed", optarg, 0, LLONG_MAX), fx.given_seed = true; break;
        case OPT_STEPS: steps = parse_ll("--steps", optarg, 0, 1LL << 50), given_steps = true; break;
        case OPT_EPOCHS: epochs = parse_ll("--epochs", optarg, 1, 1 << 30); break;
        case OPT_FORGET:
            init.forget_bias = (float)parse_double("--forget-bias", optarg, -100, 100);
            given_init = true;
            break;
        case OPT_ISCALE:
            init.scale = (float)parse_double("--init-scale", optarg, 1e-6, 100), given_init = true;
            break;
        case OPT_TIME: time_budget = parse_double("--time", optarg, 0.001, 1e9); break;
        case OPT_VALID: valid_path = optarg; break;
        case OPT_BEST: best_path = optarg; break;
        case OPT_EVAL: eval_every = parse_ll("--eval-every", optarg, 1, 1LL << 50); break;
        case 'o': out_path = optarg; break;
        case OPT_SAVE: save_every = parse_ll("--save-every", optarg, 1, 1LL << 50); break;
        case OPT_RESUME: resume_path = optarg; break;
        case OPT_LOG: log_path = optarg; break;
        case OPT_FLOW: flow_path = optarg; break;
        case OPT_LOGEVERY: log_every = parse_ll("--log-every", optarg, 1, 1LL << 50); break;
        case 't': threads = (int)parse_ll("--threads", optarg, 1, 256); break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (argc > 1) die_usage("too many arguments (at most one TRAIN file)");
    if (!out_path) die_usage("no output given (-o MODEL)");
    if (fx.given_params && fx.given_hidden) die_usage("--params and --hidden both set the hidden size");
    if (lr == 0) die_usage("--lr: must be positive");
    const char *train_path = argc ? argv[0] : NULL;
    linalg_set_threads(threads);
    check_writable_dir(out_path);
    if (best_path) {
        if (!valid_path) die_usage("--best needs --valid: it keeps the model with the lowest validation loss");
        if (strcmp(best_path, out_path) == 0) die_usage("--best must name another file than -o");
        check_writable_dir(best_path);
    }

    lm_tokens data;
    tokens_read(train_path, &data);
    if (data.n < 2) die("%s: %zu tokens: nothing to train on", lm_display_name(train_path), data.n);

    lm_checkpoint ck;
    if (resume_path) {
        checkpoint_read(resume_path, &ck);
        if (!ck.training)
            die("%s: a finished model without training state (optimizer, position); cannot resume",
                resume_path);
        if (fx.given_cell && strcmp(fx.cell, ck.net.cell->name) != 0)
            die_usage("--cell %s differs from the resumed checkpoint's %s", fx.cell, ck.net.cell->name);
        check_same("--layers", fx.given_layers, fx.layers, ck.net.layers);
        check_same("--hidden", fx.given_hidden, fx.hidden, ck.net.hidden);
        check_same("--embed", fx.given_embed, fx.embed, ck.net.embed);
        check_same("--batch", fx.given_batch, fx.batch, ck.cfg.batch);
        check_same("--seq", fx.given_seq, fx.seq, ck.cfg.seq);
        check_same("--optimizer", fx.given_optimizer, fx.optimizer, ck.cfg.optimizer);
        check_same("--dropout", fx.given_dropout, fx.dropout, ck.cfg.dropout);
        check_same("--average", fx.given_average, fx.average, ck.cfg.average);
        check_same("--seed", fx.given_seed, (double)fx.seed, (double)ck.cfg.seed);
        if (fx.given_params) die_usage("--params cannot be used with --resume");
        if (given_init)
            die_usage("--init-scale and --forget-bias set initial weights: a resumed run has its own");
        if (!vocab_equal(&ck.vocab, &data.vocab))
            die("%s: tokens made with another vocabulary than the checkpoint %s's",
                lm_display_name(train_path), resume_path);
        if (ck.data_tokens != data.n || ck.data_hash != tokens_hash(data.ids, data.n))
            die("%s: not the training data the checkpoint %s was trained on (%llu tokens then, "
                "%zu now)", lm_display_name(train_path), resume_path,
                (unsigned long long)ck.data_tokens, data.n);
        if (given_lr) ck.cfg.lr = lr;
        if (given_clip) ck.cfg.clip = clip;
        if (given_sched) ck.cfg.schedule = schedule;
    } else {
        memset(&ck, 0, sizeof ck);
        const lm_cell *cell = cell_find(fx.cell);
        vocab_copy(&ck.vocab, &data.vocab);
        int hidden = fx.given_params
            ? hidden_for_params(cell, fx.layers, fx.embed, ck.vocab.n, fx.params) : fx.hidden;
        int embed = fx.embed ? fx.embed : hidden;
        rnn_shape(&ck.net, cell, fx.layers, hidden, embed, ck.vocab.n);
        ck.training = true;
        lm_train_config *cf = &ck.cfg;
        cf->batch = fx.batch;
        cf->seq = fx.seq;
        cf->optimizer = fx.optimizer;
        cf->lr = lr > 0 ? lr : fx.optimizer == LM_ADAM ? 0.002 : 1.0;
        cf->lr_min = lr_min >= 0 ? lr_min : cf->lr / 10;
        cf->clip = clip;
        cf->dropout = fx.dropout;
        cf->average = fx.average;
        cf->seed = fx.seed;
        cf->schedule = schedule;
        cf->lr_decay = lr_decay;
        cf->decay_start = decay_start - 1;
        cf->warmup = (uint64_t)warmup;
        /* Refuse before allocating what the machine does not have. */
        int copies = (fx.optimizer == LM_ADAM ? 4 : 2) + (fx.average > 0);
        double need = (double)ck.net.nparams * 4 * copies +
                      rnn_work_bytes(&ck.net, cf->batch, cf->seq, cf->dropout > 0);
        double have = mem_available();
        if (have > 0 && need > have)
            die("this model and batch would need %.3g GB of memory; the machine has %.3g GB",
                need / 1e9, have / 1e9);
        ck.params = xmalloc(xmul(ck.net.nparams, sizeof(float)));
        rng_seed(&ck.rng, cf->seed);
        rnn_init_params(&ck.net, ck.params, &init, &ck.rng);
        checkpoint_init_weights(&ck);
        optim_init(&ck.optim, cf->optimizer, ck.net.nparams);
        ck.data_tokens = data.n;
        ck.data_hash = tokens_hash(data.ids, data.n);
        ck.best_valid = INFINITY;
    }
    if (!given_steps && !epochs && !time_budget) epochs = 1;

    lm_tokens valid = { 0 };
    double *vlogp = NULL;
    if (valid_path) {
        tokens_read(valid_path, &valid);
        if (!vocab_equal(&valid.vocab, &ck.vocab))
            die("%s: tokens made with another vocabulary than the training data's; tokenize "
                "with 'lm-tokenize --vocab TRAIN'", valid_path);
        if (valid.n == 0) die("%s: no tokens to validate on", valid_path);
        vlogp = xmalloc(xmul(valid.n, sizeof *vlogp));
    }
    /* The log is written as training goes, a line at a time, so that
     * `tail -f` and gnuplot can follow a long run. */
    FILE *logf = NULL;
    if (log_path) {
        logf = fopen(log_path, "w");
        if (!logf) die_errno("%s", log_path);
        setvbuf(logf, NULL, _IOLBF, 0);
        fprintf(logf, "step\tepoch\ttokens\tseconds\tlr\ttrain_loss\tgrad_norm\tvalid_loss\n");
    }

    lm_trainer tr;
    trainer_init(&tr, &ck, data.ids, data.n, threads);
    uint64_t per_epoch = trainer_windows_per_epoch(&tr);
    /* The budget as a step count where one is known (for ETA and cosine). */
    uint64_t end_step = steps ? (uint64_t)steps : epochs ? (uint64_t)epochs * per_epoch : 0;
    if (!quiet)
        fprintf(stderr,
                "lm-train: %s %dx%d, embed %d, vocabulary %u: %zu parameters; %zu tokens in %d "
                "streams x %d steps (%llu windows per epoch)%s%s\n",
                ck.net.cell->name, ck.net.layers, ck.net.hidden, ck.net.embed, ck.vocab.n,
                ck.net.nparams, data.n, ck.cfg.batch, ck.cfg.seq, (unsigned long long)per_epoch,
                ck.cfg.average > 0 ? "; the model: the weights' moving average" : "",
                resume_path ? "; resuming" : "");

    /* --grad-flow: the first window now, the last at the end. */
    lm_out flowout;
    FILE *flowf = NULL;
    double *flow = NULL;
    if (flow_path) {
        flowf = lm_out_open(&flowout, flow_path);
        flow = xmalloc(xmul((size_t)ck.net.layers * ck.cfg.seq, sizeof *flow));
        fprintf(flowf, "step\tlayer\tk\tnorm\n");
        write_flow(flowf, &tr, flow, ck.step);
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    bool tty = isatty(2);
    double t0 = lm_now(), last_print = t0, valid_loss = NAN, loss_avg = NAN;
    uint64_t start_step = ck.step, start_tokens = ck.tokens;
    double tr_loss = NAN, gnorm = 0;
    for (;;) {
        double elapsed = lm_now() - t0;
        bool done = (given_steps && ck.step >= (uint64_t)steps) ||
                    (epochs && ck.epoch >= (uint64_t)epochs) ||
                    (time_budget && elapsed >= time_budget) || interrupted;
        bool eval_now = valid_path && ((ck.step > start_step && ck.step % (uint64_t)eval_every == 0) ||
                                       (done && ck.step > start_step));
        if (eval_now) {
            double nats = -rnn_score_sequence(&ck.net, ck.params, NULL, valid.ids, valid.n,
                                              ck.vocab.mode == LM_MODE_WORD ? ck.vocab.eos : LM_NO_ID,
                                              vlogp, threads);
            valid_loss = nats / (double)valid.n;
            if (logf)
                fprintf(logf, "%llu\t%.4f\t%llu\t%.2f\t%.6g\t%.6f\t%.4f\t%.6f\n",
                        (unsigned long long)ck.step,
                        (double)ck.epoch + (double)ck.pos / (double)(tr.seg - 1),
                        (unsigned long long)ck.tokens, lm_now() - t0,
                        schedule_lr(&ck.cfg, 0, ck.step, ck.epoch), tr_loss, gnorm, valid_loss);
            bool best = valid_loss < ck.best_valid;
            if (best) ck.best_valid = valid_loss;
            if (!quiet && !tty)
                fprintf(stderr, "lm-train: step %llu: valid loss %.4f nats/token (ppl %.2f, %.4f bits/token)%s\n",
                        (unsigned long long)ck.step, valid_loss, exp(valid_loss), valid_loss / M_LN2,
                        best && best_path ? ", the best so far" : "");
            /* Early stopping's model: the lowest validation loss so far. */
            if (best && best_path) {
                trainer_save_state(&tr);
                checkpoint_write(&ck, best_path);
            }
        }
        if (done || (ck.step > start_step && ck.step % (uint64_t)save_every == 0)) {
            trainer_save_state(&tr);
            checkpoint_write(&ck, out_path);
        }
        if (done) break;

        double frac = end_step ? (double)ck.step / (double)end_step
                               : time_budget ? elapsed / time_budget : 0;
        double step_lr = schedule_lr(&ck.cfg, frac, ck.step, ck.epoch);
        tr_loss = trainer_step(&tr, step_lr, &gnorm);
        if (!isfinite(tr_loss) || !isfinite(gnorm))
            die("training diverged at step %llu (loss %g, gradient norm %g); the last checkpoint "
                "in %s is untouched; try a lower --lr or a --clip", (unsigned long long)ck.step,
                tr_loss, gnorm, out_path);
        loss_avg = isnan(loss_avg) ? tr_loss : 0.95 * loss_avg + 0.05 * tr_loss;
        if (logf && ck.step % (uint64_t)log_every == 0)
            fprintf(logf, "%llu\t%.4f\t%llu\t%.2f\t%.6g\t%.6f\t%.4f\t\n", (unsigned long long)ck.step,
                    (double)ck.epoch + (double)ck.pos / (double)(tr.seg - 1),
                    (unsigned long long)ck.tokens, lm_now() - t0, step_lr, tr_loss, gnorm);
        double now = lm_now();
        if (!quiet && (tty ? now - last_print >= 0.5 : now - last_print >= 30)) {
            last_print = now;
            double rate = (double)(ck.tokens - start_tokens) / (now - t0);
            double eta = NAN;
            if (end_step) eta = (double)(end_step - ck.step) * (now - t0) / (double)(ck.step - start_step);
            if (time_budget) {
                double e2 = time_budget - (now - t0);
                eta = isnan(eta) || e2 < eta ? e2 : eta;
            }
            char eb[32], vb[32];
            if (isnan(valid_loss)) snprintf(vb, sizeof vb, "-");
            else snprintf(vb, sizeof vb, "%.4f", valid_loss);
            fprintf(stderr, "%sstep %llu  epoch %.2f  %.1fk tok/s  loss %.4f  valid %s  lr %.3g  ETA %s%s",
                    tty ? "\r" : "lm-train: ", (unsigned long long)ck.step,
                    (double)ck.epoch + (double)ck.pos / (double)(tr.seg - 1), rate / 1e3, loss_avg,
                    vb, step_lr, human_time(eta, eb, sizeof eb), tty ? "   " : "\n");
        }
    }
    if (!quiet && tty) fputc('\n', stderr);
    double secs = lm_now() - t0;
    if (!quiet) {
        fprintf(stderr, "lm-train: %llu steps (%llu this run) in %.1f s, %.0f tokens/s; train loss %.4f",
                (unsigned long long)ck.step, (unsigned long long)(ck.step - start_step), secs,
                (double)(ck.tokens - start_tokens) / (secs > 0 ? secs : 1), loss_avg);
        if (valid_path && !isnan(valid_loss))
            fprintf(stderr, "; valid loss %.4f nats/token, ppl %.3f, %.4f bits/token",
                    valid_loss, exp(valid_loss), valid_loss / M_LN2);
        if (best_path && isfinite(ck.best_valid))
            fprintf(stderr, "; best %.4f, in %s", ck.best_valid, best_path);
        fprintf(stderr, "\n");
    }
    if (logf) {
        lm_check_write(logf, log_path);
        fclose(logf);
    }
    if (flowf) {
        write_flow(flowf, &tr, flow, ck.step);
        lm_out_commit(&flowout);
        free(flow);
    }
    trainer_free(&tr);
    if (interrupted)
        fprintf(stderr, "lm-train: interrupted at step %llu; checkpoint written to %s (continue with "
                "--resume %s)\n", (unsigned long long)ck.step, out_path, out_path);
    checkpoint_free(&ck);
    tokens_free(&data);
    if (valid_path) tokens_free(&valid);
    free(vlogp);
    return interrupted ? 130 : 0;
}
