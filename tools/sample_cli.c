/* sample_cli.c — lm-sample's option table.  See sample_cli.h. */
#include "sample_cli.h"

#include <float.h>
#include <limits.h>
#include <string.h>

#include "util.h"

const cli_tool sample_cli_tool = {
    .usage = "lm-sample MODEL [-n N] [--sentences N] [--prime TEXT] [--seed S]\n"
             "                 [--greedy] [--temperature T] [--top-k K] [--top-p P]\n"
             "                 [--repetition-penalty R] [--no-repeat-ngram N] [--no-unk]\n"
             "                 [--beam B [--length-penalty A] [--nbest]] [--no-echo]\n"
             "                 [--prime-file FILE] [--stop STRING] [--num-samples N]",
    .about = "Generates text from MODEL (an lm model stream, n-gram or neural, or an\n"
             "ARPA file) and writes it to stdout as it goes.",
    .footer = "See lm-sample(1).",
};

/* A count or seed: an integer from MIN up, with a plain message for a
 * negative one. */
static long long count_arg(const char *opt, const char *s, long long min)
{
    long long v = parse_ll(opt, s, LLONG_MIN, LLONG_MAX);
    if (v < min) die_usage("%s: %lld is %s", opt, v, min ? "not >= 1" : "negative");
    return v;
}

static void parse_tokens(const char *s, void *field) { *(long long *)field = count_arg("-n", s, 0); }
static void parse_sentences(const char *s, void *field)
{
    *(size_t *)field = (size_t)count_arg("--sentences", s, 1);
}
static void parse_seed(const char *s, void *field)
{
    *(uint64_t *)field = (uint64_t)count_arg("--seed", s, 0);
}

/* A number that must be > 0 (and <= 1 for top-p): the message says why. */
static double positive(const char *opt, const char *s, const char *why)
{
    double x = parse_double(opt, s, -DBL_MAX, DBL_MAX);
    if (!(x > 0)) die_usage("%s: %g is not > 0 (%s)", opt, x, why);
    return x;
}

static void parse_temperature(const char *s, void *field)
{
    *(double *)field = positive("--temperature", s, "use --greedy for the limit T -> 0");
}
static void parse_repetition_penalty(const char *s, void *field)
{
    *(double *)field = positive("--repetition-penalty", s, "1 = no penalty");
}
static void parse_top_p(const char *s, void *field)
{
    double p = parse_double("--top-p", s, -DBL_MAX, DBL_MAX);
    if (!(p > 0 && p <= 1)) die_usage("--top-p: %g is not in (0, 1]", p);
    *(double *)field = p;
}

void sample_cli_init(sample_cli *c)
{
    memset(c, 0, sizeof *c);
    c->g = (lm_generate_opts){ .seed = 1, .prime = "", .prime_name = "--prime", .echo = true };
    sample_opts_default(&c->g.s);
    c->tokens = -1;
    lm_generate_opts *g = &c->g;
    const cli_opt rows[] = {
        CLI_FN("tokens", 'n', parse_tokens, &c->tokens, "N",
               "generate N tokens after the prime (default 200;\nno limit with --sentences)"),
        CLI_FN("sentences", 's', parse_sentences, &g->sentences, "N",
               "word mode: stop after N sentences (</s>)"),
        CLI_OPT("prime", 'p', CLI_STRING, &g->prime, 0, 0, "TEXT",
                "condition on TEXT first (printed, then continued)"),
        CLI_OPT("prime-file", 0, CLI_STRING, &c->prime_file, 0, 0, "FILE",
                "condition on the text of FILE (as --prime)"),
        CLI_OPT("no-echo", 0, CLI_FLAG, &c->no_echo, 0, 0, NULL, "do not print the prime"),
        CLI_FN("seed", 0, parse_seed, &g->seed, "S", "random seed (default 1; same seed, same text)"),
        CLI_OPT("greedy", 'g', CLI_FLAG, &g->s.greedy, 0, 0, NULL,
                "always the most probable token (ties: lowest id)"),
        CLI_FN("temperature", 't', parse_temperature, &g->s.temperature, "T",
               "divide log-probabilities by T > 0 (default 1)"),
        CLI_OPT("top-k", 'k', CLI_U32, &g->s.top_k, 1, LM_MAX_VOCAB, "K",
                "keep the K most probable tokens (K >= 1)"),
        CLI_FN("top-p", 0, parse_top_p, &g->s.top_p, "P",
               "keep the smallest set with probability >= P,\nP in (0, 1] (nucleus sampling)"),
        CLI_FN("repetition-penalty", 0, parse_repetition_penalty, &g->s.repetition_penalty, "R",
               "multiply the log-probability of every token\nalready seen by R > 0 (1 = off)"),
        CLI_OPT("no-repeat-ngram", 0, CLI_U32, &g->s.no_repeat_ngram, 1, 1000, "N",
                "never complete an N-gram already in the text"),
        CLI_OPT("stop", 0, CLI_STRING, &g->stop, 0, 0, "STRING",
                "stop once the generated text ends with STRING"),
        CLI_OPT("num-samples", 'N', CLI_LL, &c->samples, 1, 1 << 30, "N",
                "N samples, sample k seeded with S + k - 1, one line\n"
                "each with \\\\, \\t and \\n escaped"),
        CLI_OPT("no-unk", 0, CLI_FLAG, &g->no_unk, 0, 0, NULL, "word mode: never produce <unk>"),
        CLI_OPT("beam", 'b', CLI_U32, &g->beam, 1, 10000, "B",
                "beam search with B beams instead of sampling"),
        CLI_OPT("length-penalty", 0, CLI_DOUBLE, &g->length_penalty, -10, 10, "A",
                "beam: rank by logp / length^A (default 0)"),
        CLI_OPT("nbest", 0, CLI_FLAG, &g->nbest, 0, 0, NULL,
                "beam: print all B results, one per line:\n"
                "score, logp and the escaped text, tab-separated"),
        CLI_DONE,
    };
    _Static_assert(sizeof rows == sizeof c->opts, "SAMPLE_CLI_ROWS is the number of rows");
    memcpy(c->opts, rows, sizeof rows);
}

void sample_cli_check(sample_cli *c)
{
    lm_generate_opts *g = &c->g;
    static const char *const sampling[] = { "greedy", "temperature", "top-k", "top-p",
                                            "repetition-penalty", "no-repeat-ngram" };
    bool sampling_given = false;
    for (size_t i = 0; i < sizeof sampling / sizeof sampling[0]; i++)
        sampling_given |= cli_given(c->opts, sampling[i]);
    /* One rule: an option that the chosen decoding would ignore is
     * refused (--seed excepted: scripts pass one to every strategy). */
    if (g->beam && sampling_given)
        die_usage("--beam searches for the most probable text; it does not combine with "
                  "--greedy, --temperature, --top-k, --top-p or the penalties");
    if (g->beam && (cli_given(c->opts, "stop") || cli_given(c->opts, "num-samples")))
        die_usage("--stop and --num-samples apply to sampling, not to --beam");
    static const char *const reshaping[] = { "temperature", "top-k", "top-p" };
    for (size_t i = 0; i < 3; i++)
        if (g->s.greedy && cli_given(c->opts, reshaping[i]))
            die_usage("--greedy takes the most probable token, which --%s does not change",
                      reshaping[i]);
    if (g->s.greedy && c->samples > 1)
        die_usage("--greedy gives the same text every time; --num-samples needs sampling");
    if (cli_given(c->opts, "prime") && c->prime_file)
        die_usage("--prime and --prime-file both give the prime; pick one");
    if (g->stop && !*g->stop) die_usage("--stop: an empty string");
    g->samples = (size_t)c->samples;
    if (!g->beam && (g->nbest || g->length_penalty != 0))
        die_usage("--nbest and --length-penalty apply to --beam");
    g->echo = !c->no_echo;
    g->max_tokens = c->tokens >= 0 ? (size_t)c->tokens
                    : g->sentences ? SIZE_MAX : SAMPLE_DEFAULT_TOKENS;
}

void sample_cli_check_model(const sample_cli *c, const lm_model *m)
{
    switch (generate_check(m, &c->g)) {
    case LM_GENERATE_OK: return;
    case LM_GENERATE_SENTENCES_NEED_WORDS:
        die_usage("--sentences: the model is a %s model without </s> (sentences are word mode or bpe --eos)",
                  lm_mode_name(m->vocab.mode));
    case LM_GENERATE_NO_UNK_TOKEN: die_usage("--no-unk: the model has no <unk> token");
    }
}
