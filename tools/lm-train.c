/* lm-train — train a recurrent language model on a tokens stream. */
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "dist.h"
#include "rnn.h"
#include "schedule.h"
#include "train_run.h"
#include "util.h"

static const cli_tool tool = {
    .usage = "lm-train [options] -o MODEL [TRAIN]\n"
             "       lm-train --arch seq2seq [options] -o MODEL [PAIRS]",
    .about = "Trains a recurrent language model (embedding, a stack of cells, softmax)\n"
             "on a tokens stream (TRAIN or stdin) with truncated backpropagation through\n"
             "time, and writes the checkpoint MODEL (atomically, every so often and at\n"
             "the end).  Resume exactly with --resume MODEL.  With --arch seq2seq, an\n"
             "encoder-decoder with attention on a pairs stream (lm-tokenize --pairs).",
    .footer = "See lm-train(1).",
};

static const char *const yes_no[] = { "yes", "no", NULL };

static lm_train_spec spec = {
    .layers = 2, .hidden = 128, .attention = LM_ATTN_ADDITIVE,
    .cfg = { .batch = 50, .seq = 50, .optimizer = LM_ADAM, .lr = -1, .lr_min = -1, .clip = -1,
             .schedule = -1, .lr_decay = 0.5, .decay_start = 2, .seed = 1,
             .drop_in = -1, .drop_hidden = -1, .drop_out = -1 },
    .init = { .scale = 0, .forget_bias = 1 },
    .steps = -1, .eval_every = 500, .save_every = 1000, .log_every = 10, .threads = 1,
};

static const char *const dropout_modes[] = { "step", "locked", NULL };   /* enum lm_dropout_mode */
static bool force;

static cli_opt opts[] = {
    CLI_HEAD("Model:"),
    CLI_FIXED_CHOICES("arch", 0, &spec.arch, lm_arch_names, "NAME",
                      "{} (default rnn): a language model on tokens, or an\n"
                      "encoder-decoder on pairs (lm-seq2seq(7))"),
    CLI_FIXED_CHOICES("cell", 'c', &spec.cell, NULL, "NAME", "{} (default lstm)"),
    CLI_FIXED_OPT("layers", 'L', CLI_INT, &spec.layers, 1, LM_MAX_LAYERS, "N", "stacked layers (default 2)"),
    CLI_FIXED_OPT("hidden", 'H', CLI_INT, &spec.hidden, 1, 1 << 16, "N", "hidden size (default 128)"),
    CLI_FIXED_OPT("embed", 'E', CLI_INT, &spec.embed, 1, 1 << 16, "N", "embedding size (default: the hidden size)"),
    CLI_FIXED_CHOICES("attention", 0, &spec.attention, lm_attention_names, "NAME",
                      "seq2seq: {} (default additive)"),
    CLI_FIXED_OPT("attn-size", 0, CLI_INT, &spec.attn_size, 1, 1 << 16, "N",
                  "seq2seq: the attention's inner size (default: hidden)"),
    CLI_FIXED_CHOICES("bidirectional", 0, &spec.unidirectional, yes_no, "YES|NO",
                      "seq2seq: the encoder runs both ways (default yes)"),
    CLI_FIXED_OPT("tie-weights", 0, CLI_FLAG, &spec.tie, 0, 0, NULL,
                  "the embedding is the output projection too (with a\nprojection between when --embed is not --hidden)"),
    CLI_FIXED_OPT("final-norm", 0, CLI_FLAG, &spec.final_norm, 0, 0, NULL,
                  "an RMSNorm with its own gain between the top layer\nand the softmax (as Mamba LMs end)"),
    CLI_FIXED_OPT("state", 0, CLI_INT, &spec.hp.state, 1, LM_CELL_HP_MAX, "N",
                  "mamba: SSM state size per channel (default 16)"),
    CLI_FIXED_OPT("expand", 0, CLI_INT, &spec.hp.expand, 1, LM_CELL_HP_MAX, "E",
                  "mamba: inner width E x hidden (default 2)"),
    CLI_FIXED_OPT("conv", 0, CLI_INT, &spec.hp.conv, 1, LM_CELL_HP_MAX, "K",
                  "mamba: causal convolution width (default 4)"),
    CLI_FIXED_OPT("dt-rank", 0, CLI_INT, &spec.hp.dt_rank, 1, LM_CELL_HP_MAX, "R",
                  "mamba: rank of the step-size projection\n(default ceil(hidden/16))"),
    CLI_OPT("params", 0, CLI_LL, &spec.params, 1, (double)LM_MAX_PARAMS, "N",
            "pick the hidden size that brings the model closest\nto N parameters"),
    CLI_HEAD("Training:"),
    CLI_FIXED_OPT("batch", 'b', CLI_INT, &spec.cfg.batch, 1, 1 << 16, "N", "parallel streams (default 50)"),
    CLI_FIXED_OPT("seq", 'T', CLI_INT, &spec.cfg.seq, 1, 1 << 16, "N", "BPTT window, steps (default 50)"),
    CLI_FIXED_CHOICES("optimizer", 0, &spec.cfg.optimizer, lm_optim_names, "NAME", "{} (default adam)"),
    CLI_OPEN_OPT("lr", 'l', CLI_DOUBLE, &spec.cfg.lr, 0, 1e6, "X", "learning rate (default 0.002 adam, 1 sgd)"),
    CLI_CHOICES("schedule", 0, &spec.cfg.schedule, lm_schedule_names, "NAME", "{} (default const)"),
    CLI_OPT("lr-min", 0, CLI_DOUBLE, &spec.cfg.lr_min, 0, 1e6, "X", "cosine: final learning rate (default lr/10)"),
    CLI_OPT("lr-decay", 0, CLI_DOUBLE, &spec.cfg.lr_decay, 0, 1, "F", "step: factor per epoch (default 0.5)"),
    CLI_OPT("decay-start", 0, CLI_INT, &spec.cfg.decay_start, 1, 1 << 30, "E",
            "step: first epoch (1-based) that decays (default 2)"),
    CLI_OPT("warmup", 0, CLI_U64, &spec.cfg.warmup, 0, (double)(1LL << 40), "N",
            "linear warm-up over the first N steps (default 0)"),
    CLI_OPT("clip", 0, CLI_DOUBLE, &spec.cfg.clip, 0, 1e30, "C", "clip the gradient's global norm at C (default 5; 0 off)"),
    CLI_FIXED_OPT("dropout", 0, CLI_DOUBLE, &spec.cfg.dropout, 0, 0.99, "P", "dropout on the embedding output, between layers and\nbefore the projection (default 0)"),
    CLI_FIXED_OPT("average", 0, CLI_DOUBLE, &spec.cfg.average, 0, 0.999999, "D",
                  "the model is the moving average of the weights,\ndecay D per step (default 0: the weights themselves)"),
    CLI_FIXED_OPT("seed", 0, CLI_U64, &spec.cfg.seed, 0, 9.2e18, "S", "seed for initialisation and dropout (default 1)"),
    CLI_OPT("init-scale", 0, CLI_FLOAT, &spec.init.scale, 1e-6, 100, "S",
            "initialise every weight U(-S, S) (default: PyTorch's\nN(0,1) embedding, U(+-1/sqrt(H)) elsewhere)"),
    CLI_OPT("forget-bias", 0, CLI_FLOAT, &spec.init.forget_bias, -100, 100, "X",
            "an LSTM's forget-gate bias at initialisation\n(default 1; PyTorch's nn.LSTM: 0)"),
    CLI_HEAD("Regularisers (default off; lm-train(1) REGULARISATION):"),
    CLI_FIXED_OPT("dropout-in", 0, CLI_DOUBLE, &spec.cfg.drop_in, 0, 0.99, "P",
                  "dropout on the embedding output (default --dropout)"),
    CLI_FIXED_OPT("dropout-hidden", 0, CLI_DOUBLE, &spec.cfg.drop_hidden, 0, 0.99, "P",
                  "dropout between layers (default --dropout)"),
    CLI_FIXED_OPT("dropout-out", 0, CLI_DOUBLE, &spec.cfg.drop_out, 0, 0.99, "P",
                  "dropout before the projection (default --dropout)"),
    CLI_FIXED_CHOICES("dropout-mode", 0, &spec.cfg.dropout_locked, dropout_modes, "MODE",
                      "{}: a fresh mask each step, or one per stream\nper window (default step)"),
    CLI_FIXED_OPT("dropout-embed", 0, CLI_DOUBLE, &spec.cfg.drop_embed, 0, 0.99, "P",
                  "drop whole words (embedding rows) per window"),
    CLI_FIXED_OPT("weight-drop", 0, CLI_DOUBLE, &spec.cfg.weight_drop, 0, 0.99, "P",
                  "DropConnect on the recurrent weights U, per window"),
    CLI_FIXED_OPT("dropout-branch", 0, CLI_DOUBLE, &spec.cfg.drop_branch, 0, 0.99, "P",
                  "mamba: dropout on each block's branch before\nthe residual add"),
    CLI_FIXED_OPT("ar", 0, CLI_DOUBLE, &spec.cfg.ar, 0, 1e3, "A",
                  "activation regulariser: A mean(top output^2)"),
    CLI_FIXED_OPT("tar", 0, CLI_DOUBLE, &spec.cfg.tar, 0, 1e3, "B",
                  "temporal AR: B mean((h_t - h_{t-1})^2) of the top layer"),
    CLI_FIXED_OPT("asgd", 0, CLI_INT, &spec.cfg.asgd, 1, 1 << 30, "N",
                  "NT-ASGD: average the weights from the first evaluation\nthat is worse than all but the last N (needs --valid)"),
    CLI_FIXED_OPT("weight-decay", 0, CLI_DOUBLE, &spec.cfg.weight_decay, 0, 100, "W",
                  "decoupled weight decay (AdamW): each step the matrices\nshrink by lr W (biases, gains, A_log, D do not)"),
    CLI_HEAD("Budget (default --epochs 1):"),
    CLI_OPT("steps", 0, CLI_LL, &spec.steps, 0, (double)(1LL << 50), "N",
            "train until step N (counted from the run's start;\n0 writes the initialised model)"),
    CLI_OPT("epochs", 0, CLI_LL, &spec.epochs, 1, 1 << 30, "E", "train until epoch E is complete"),
    CLI_OPT("time", 0, CLI_DOUBLE, &spec.time, 0.001, 1e9, "SEC", "stop after SEC seconds of this invocation"),
    CLI_HEAD("Validation, output:"),
    CLI_OPT("valid", 0, CLI_STRING, &spec.valid, 0, 0, "FILE", "tokens to evaluate every --eval-every steps and at the end"),
    CLI_OPT("eval-every", 0, CLI_LL, &spec.eval_every, 1, (double)(1LL << 50), "N", "steps between evaluations (default 500)"),
    CLI_OPT("output", 'o', CLI_STRING, &spec.output, 0, 0, "MODEL", "the checkpoint to write (required)"),
    CLI_OPT("best", 0, CLI_STRING, &spec.best, 0, 0, "FILE",
            "also write the checkpoint to FILE whenever the\nvalidation loss is the lowest so far"),
    CLI_OPT("save-every", 0, CLI_LL, &spec.save_every, 1, (double)(1LL << 50), "N", "steps between checkpoints (default 1000)"),
    CLI_OPT("force", 'f', CLI_FLAG, &force, 0, 0, NULL,
            "overwrite an existing MODEL (or --best FILE) that is\nnot the run being resumed"),
    CLI_OPT("resume", 0, CLI_STRING, &spec.resume, 0, 0, "MODEL", "continue the run saved in MODEL"),
    CLI_OPT("log", 0, CLI_STRING, &spec.log, 0, 0, "FILE", "a TSV line per --log-every steps and per evaluation"),
    CLI_OPT("log-every", 0, CLI_LL, &spec.log_every, 1, (double)(1LL << 50), "N", "steps between log lines (default 10)"),
    CLI_OPT("grad-flow", 0, CLI_STRING, &spec.grad_flow, 0, 0, "FILE",
            "a TSV of ||dL_T/dh_{T-k}|| per layer and k, for the\nfirst and the last window of the run"),
    CLI_OPT("threads", 't', CLI_INT, &spec.threads, 1, 256, "N", "threads (default 1)"),
    CLI_OPT("quiet", 'q', CLI_FLAG, &spec.quiet, 0, 0, NULL, "no progress line"),
    CLI_DONE,
};

/* On --resume, an option the run fixes may only repeat the checkpoint's
 * value: the table says which, and where each value lives in the spec. */
static void check_fixed(const lm_train_spec *ck, void *ctx)
{
    (void)ctx;
    for (cli_opt *o = opts; o->type != CLI_END; o++) {
        if (!o->given || !(o->flags & CLI_FIXED)) continue;
        const char *want = (const char *)o->field, *have = (const char *)ck + (want - (const char *)&spec);
        double a = 0, b = 0;
        switch (o->type) {
        case CLI_CHOICE:
            if (*(const int *)want != *(const int *)have)
                die_usage("--%s %s differs from the resumed checkpoint's %s", o->name,
                          o->choices[*(const int *)want], o->choices[*(const int *)have]);
            continue;
        case CLI_FLAG: a = *(const bool *)want, b = *(const bool *)have; break;
        case CLI_INT: a = *(const int *)want, b = *(const int *)have; break;
        case CLI_U64: a = (double)*(const uint64_t *)want, b = (double)*(const uint64_t *)have; break;
        case CLI_DOUBLE: a = *(const double *)want, b = *(const double *)have; break;
        default: die("--%s: not a comparable option", o->name);
        }
        if (a != b)
            die_usage("--%s %g differs from the resumed checkpoint's %g (it cannot change on "
                      "--resume)", o->name, a, b);
    }
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    cli_opt *cell = cli_find(opts, "cell");
    cell->choices = cell_names();   /* the cell table's names */
    for (int i = 0; i < cell_count(); i++)
        if (strcmp(cell_at(i)->name, "lstm") == 0) spec.cell = i;
    int i = cli_parse(argc, argv, opts, &tool);
    if (argc - i > 1) die_usage("too many arguments (at most one TRAIN file)");
    spec.train = argc > i ? argv[i] : NULL;
    if (!spec.output) die_usage("no output given (-o MODEL)");
    if (cli_given(opts, "params") && cli_given(opts, "hidden"))
        die_usage("--params and --hidden both set the hidden size");
    if (spec.best && !spec.valid)
        die_usage("--best needs --valid: it keeps the model with the lowest validation loss");
    if (spec.cfg.asgd && !spec.valid && !spec.resume)
        die_usage("--asgd needs --valid: it switches to averaging when validation stops improving");
    if (spec.best && strcmp(spec.best, spec.output) == 0)
        die_usage("--best must name another file than -o");
    static const char *const hyper_opts[] = { "state", "expand", "conv", "dt-rank" };
    for (size_t k = 0; k < sizeof hyper_opts / sizeof *hyper_opts; k++)
        if (!spec.resume && cli_given(opts, hyper_opts[k]) && !cell_at(spec.cell)->hyper)
            die_usage("--%s is a mamba option; --cell %s has no such hyper-parameter",
                      hyper_opts[k], cell_at(spec.cell)->name);
    if (spec.resume && cli_given(opts, "params")) die_usage("--params cannot be used with --resume");
    if (spec.resume && (cli_given(opts, "init-scale") || cli_given(opts, "forget-bias")))
        die_usage("--init-scale and --forget-bias set initial weights: a resumed run has its own");

    if (spec.arch != LM_ARCH_SEQ2SEQ &&
        (cli_given(opts, "attention") || cli_given(opts, "attn-size") || cli_given(opts, "bidirectional")))
        die_usage("--attention, --attn-size and --bidirectional are for --arch seq2seq");
    if (spec.arch == LM_ARCH_SEQ2SEQ && cli_given(opts, "seq"))
        die_usage("--seq is a BPTT window: --arch seq2seq trains on whole pairs");
    cli_files files = { 0 };
    cli_input(&files, spec.train);
    if (spec.valid) cli_input(&files, spec.valid);
    if (spec.resume) cli_input(&files, spec.resume);
    cli_output_add(&files, spec.output, "model", CLI_BINARY | CLI_KEEP, spec.resume);
    /* A resumed run's --best is that run's (its loss is in the checkpoint). */
    if (spec.best)
        cli_output_add(&files, spec.best, "model", CLI_BINARY | (spec.resume ? 0 : CLI_KEEP), NULL);
    if (spec.log) cli_output_add(&files, spec.log, "log", 0, NULL);
    if (spec.grad_flow) cli_output_add(&files, spec.grad_flow, "gradient flow", 0, NULL);
    cli_check_files(&files, force);

    lm_train_hooks hooks = { .on_resume = check_fixed, .stop = &interrupted };
    lm_train_report report;
    if (!spec.quiet) train_report_init(&hooks, &report);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    uint64_t step = 0;
    int status = train_run(&spec, &hooks, &step);
    if (status == 130 && dist_rank() == 0)
        fprintf(stderr, "lm-train: interrupted at step %llu; checkpoint written to %s (continue "
                "with --resume %s)\n", (unsigned long long)step, spec.output, spec.output);
    return status;
}
