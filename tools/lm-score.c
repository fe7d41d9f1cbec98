/* lm-score — per-token log-probabilities of a tokens stream under a model. */
#include "cli.h"
#include "score.h"
#include "util.h"

static const cli_tool tool = {
    .usage = "lm-score MODEL [--text [--unk-is-oov]] [--threads N] [-o OUT] [FILE]",
    .about = "Scores a tokens stream (FILE or stdin) with MODEL — an lm model stream\n"
             "(n-gram or neural) or an ARPA file — and writes a logprobs stream: per token\n"
             "its id and natural-log probability, with the text's byte and character\n"
             "counts.  Reduce it with lm-ppl.  The tokens must have been made with the\n"
             "model's vocabulary (lm-tokenize --vocab MODEL).  --text prints instead, per\n"
             "token, the token, its id, the length of the n-gram used, log10 p and ln p;\n"
             "SRILM's summary per sentence (word mode), then lm-ppl's report.",
    .footer = "See lm-score(1).",
};

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    lm_score_opts o = { .threads = 1 };
    cli_opt opts[] = {
        CLI_OPT("threads", 't', CLI_INT, &o.threads, 1, 256, "N", "threads for neural models (default 1)"),
        CLI_OPT("output", 'o', CLI_STRING, &o.output, 0, 0, "OUT", "write to OUT (atomically) instead of stdout"),
        CLI_OPT("text", 'x', CLI_FLAG, &o.text, 0, 0, NULL,
                "per-token text view (token, id, n-gram length, log10 p,\n"
                "ln p), as KenLM's query and SRILM's -debug 2 show them"),
        CLI_OPT("unk-is-oov", 'u', CLI_FLAG, &o.unk_is_oov, 0, 0, NULL,
                "--text: SRILM lines with <unk> as an OOV (see lm-ppl(1))"),
        CLI_DONE,
    };
    int i = cli_parse(argc, argv, opts, &tool);
    int n = argc - i;
    if (n < 1) die_usage("no MODEL given");
    if (n > 2) die_usage("too many arguments (MODEL and at most one tokens FILE)");
    if (o.unk_is_oov && !o.text) die_usage("--unk-is-oov goes with --text");
    o.model = argv[i];
    o.input = n > 1 ? argv[i + 1] : NULL;
    cli_files files = { 0 };
    cli_input(&files, o.model);
    cli_input(&files, o.input);
    cli_output_add(&files, o.output, "logprobs", CLI_BINARY, NULL);
    cli_check_files(&files, false);
    score_run(&o);
    return 0;
}
