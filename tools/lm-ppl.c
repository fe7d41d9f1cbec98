/* lm-ppl — perplexity, nats and bits per token, char and byte from
 * logprobs streams; --mix interpolates several models token by token. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ppl.h"
#include "util.h"

static const cli_tool tool = {
    .usage = "lm-ppl [--json] [--unk-is-oov] [FILE...]\n"
             "       lm-ppl --mix W1,W2,... [--json] FILE1 FILE2 ...\n"
             "       lm-ppl --fit-mix [--json] FILE1 FILE2 ...",
    .about = "Reduces logprobs streams (from lm-score) to tokens, OOVs, total nats,\n"
             "perplexity, nats and bits per token, bits per character and per byte,\n"
             "then SRILM's summary (sentences, words, OOVs, logprob, ppl, ppl1).\n"
             "Several files without --mix are added up as one text.  --fit-mix finds\n"
             "the mixture weights of highest likelihood (EM) and reports that mixture.",
    .footer = "See lm-ppl(1).",
};

typedef struct weights {
    double *w;
    int k;
} weights;

/* --mix "0.3,0.7": checks count, sign and sum. */
static void parse_weights(const char *s, void *field)
{
    weights *ws = field;
    int n = 1;
    for (const char *p = s; *p; p++) n += *p == ',';
    double *w = xmalloc(xmul((size_t)n, sizeof *w));
    char *copy = xstrdup(s), *save = NULL, *tok = strtok_r(copy, ",", &save);
    int i = 0;
    double sum = 0;
    for (; tok; tok = strtok_r(NULL, ",", &save)) {
        if (i == n) break;
        w[i] = parse_double("--mix", tok, 0, 1);
        sum += w[i++];
    }
    free(copy);
    if (i != n) die_usage("--mix: '%s' is not a comma-separated list of weights", s);
    if (fabs(sum - 1) > 1e-6) die_usage("--mix: the weights sum to %.9g, not 1", sum);
    for (int j = 0; j < n; j++) w[j] /= sum;
    free(ws->w);
    ws->w = w;
    ws->k = n;
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    lm_ppl_opts o = { 0 };
    weights mix = { NULL, 0 };
    cli_opt opts[] = {
        CLI_OPT("json", 'j', CLI_FLAG, &o.json, 0, 0, NULL, "one JSON object instead of the text report"),
        CLI_FN("mix", 'm', parse_weights, &mix, "W1,W2,..",
               "interpolate the files' probabilities with these weights\n"
               "(one per file, >= 0, summing to 1); the files must score\n"
               "the same tokens"),
        CLI_OPT("fit-mix", 'f', CLI_FLAG, &o.fit_mix, 0, 0, NULL,
                "fit the weights of the files' mixture by EM (SRILM's\n"
                "compute-best-mix), print them and report that mixture"),
        CLI_OPT("unk-is-oov", 'u', CLI_FLAG, &o.unk_is_oov, 0, 0, NULL,
                "SRILM summary as plain `ngram -ppl` (closed vocabulary):\n"
                "<unk> tokens are OOVs, left out of logprob, ppl, ppl1;\n"
                "default as `ngram -unk`: <unk> is a word"),
        CLI_DONE,
    };
    int i = cli_parse(argc, argv, opts, &tool);
    o.files = argv + i;
    o.nfiles = argc - i;
    o.weights = mix.w;
    if (mix.w && o.fit_mix) die_usage("--mix gives the weights, --fit-mix fits them; pick one");
    if (o.fit_mix && o.nfiles < 2) die_usage("--fit-mix needs at least two logprobs files");
    if (mix.w && o.nfiles != mix.k)
        die_usage("--mix has %d weights but %d logprobs files were given", mix.k, o.nfiles);
    cli_files files = { 0 };
    cli_inputs(&files, o.files, o.nfiles);
    cli_output_add(&files, NULL, "text", 0, NULL);
    cli_check_files(&files, false);
    ppl_run(&o, stdout);
    free(mix.w);
    return 0;
}
