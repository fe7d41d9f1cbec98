/* lm-sample — text from any model: sampling (temperature, top-k, top-p,
 * penalties), greedy decoding, beam search. */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sample.h"
#include "util.h"

#define DEFAULT_N 200

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-sample MODEL [-n N] [--sentences N] [--prime TEXT] [--seed S]\n"
        "                 [--greedy] [--temperature T] [--top-k K] [--top-p P]\n"
        "                 [--repetition-penalty R] [--no-repeat-ngram N] [--no-unk]\n"
        "                 [--beam B [--length-penalty A] [--nbest]] [--no-echo]\n"
        "\n"
        "Generates text from MODEL (an lm model stream, n-gram or neural, or an\n"
        "ARPA file) and writes it to stdout as it goes.\n"
        "\n"
        "  -n, --tokens N            generate N tokens after the prime (default %d;\n"
        "                            no limit with --sentences)\n"
        "  -s, --sentences N         word mode: stop after N sentences (</s>)\n"
        "  -p, --prime TEXT          condition on TEXT first (printed, then continued)\n"
        "      --no-echo             do not print the prime\n"
        "      --seed S              random seed (default 1; same seed, same text)\n"
        "  -g, --greedy              always the most probable token (ties: lowest id)\n"
        "  -t, --temperature T       divide log-probabilities by T > 0 (default 1)\n"
        "  -k, --top-k K             keep the K most probable tokens (K >= 1)\n"
        "      --top-p P             keep the smallest set with probability >= P,\n"
        "                            P in (0, 1] (nucleus sampling)\n"
        "      --repetition-penalty R  multiply the log-probability of every token\n"
        "                            already seen by R > 0 (1 = off)\n"
        "      --no-repeat-ngram N   never complete an N-gram already in the text\n"
        "      --no-unk              word mode: never produce <unk>\n"
        "  -b, --beam B              beam search with B beams instead of sampling\n"
        "      --length-penalty A    beam: rank by logp / length^A (default 0)\n"
        "      --nbest               beam: print all B results, one per line:\n"
        "                            score, logp and the escaped text, tab-separated\n"
        "      --beams-out           the same as --nbest\n"
        "  -h, --help                this help\n"
        "      --version             print the version\n"
        "\n"
        "See lm-sample(1).\n", DEFAULT_N);
}

/* ---- main ------------------------------------------------------------------- */

/* A count or seed: an integer from MIN up, with a plain message for a
 * negative one. */
static long long count_arg(const char *opt, const char *s, long long min)
{
    long long v = parse_ll(opt, s, LLONG_MIN, LLONG_MAX);
    if (v < min) die_usage("%s: %lld is %s", opt, v, min ? "not >= 1" : "negative");
    return v;
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    /* A reader that goes away (`lm-sample | head`) is a normal end: with
     * SIGPIPE ignored the write fails with EPIPE and lm_check_write exits 0. */
    signal(SIGPIPE, SIG_IGN);
    enum { OPT_VERSION = 256, OPT_SEED, OPT_TOP_P, OPT_REP, OPT_NOREP, OPT_NO_UNK, OPT_LENPEN,
           OPT_NBEST, OPT_NO_ECHO };
    static const struct option longopts[] = {
        { "tokens", required_argument, NULL, 'n' },
        { "sentences", required_argument, NULL, 's' },
        { "prime", required_argument, NULL, 'p' },
        { "no-echo", no_argument, NULL, OPT_NO_ECHO },
        { "seed", required_argument, NULL, OPT_SEED },
        { "greedy", no_argument, NULL, 'g' },
        { "temperature", required_argument, NULL, 't' },
        { "top-k", required_argument, NULL, 'k' },
        { "top-p", required_argument, NULL, OPT_TOP_P },
        { "repetition-penalty", required_argument, NULL, OPT_REP },
        { "no-repeat-ngram", required_argument, NULL, OPT_NOREP },
        { "no-unk", no_argument, NULL, OPT_NO_UNK },
        { "beam", required_argument, NULL, 'b' },
        { "length-penalty", required_argument, NULL, OPT_LENPEN },
        { "nbest", no_argument, NULL, OPT_NBEST },
        { "beams-out", no_argument, NULL, OPT_NBEST },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    lm_generate_opts g = { .seed = 1, .prime = "", .echo = true };
    lm_sample_opts *so = &g.s;
    sample_opts_default(so);
    long long ntok = -1;
    bool sampling_opts = false;
    int c, idx;
    while ((c = getopt_long(argc, argv, "n:s:p:gt:k:b:h", longopts, &idx)) != -1) {
        switch (c) {
        case 'n': ntok = count_arg("-n", optarg, 0); break;
        case 's': g.sentences = (size_t)count_arg("--sentences", optarg, 1); break;
        case 'p': g.prime = optarg; break;
        case OPT_NO_ECHO: g.echo = false; break;
        case OPT_SEED: g.seed = (uint64_t)count_arg("--seed", optarg, 0); break;
        case 'g': so->greedy = true; sampling_opts = true; break;
        case 't': sample_opt_parse(so, "temperature", optarg); sampling_opts = true; break;
        case 'k': sample_opt_parse(so, "top-k", optarg); sampling_opts = true; break;
        case 'b': sample_opt_parse(so, "beam", optarg); break;
        case OPT_TOP_P: case OPT_REP: case OPT_NOREP: case OPT_LENPEN:
            sample_opt_parse(so, longopts[idx].name, optarg);
            sampling_opts |= c != OPT_LENPEN;
            break;
        case OPT_NO_UNK: g.no_unk = true; break;
        case OPT_NBEST: g.nbest = true; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1) die_usage("no MODEL given");
    if (argc > 1) die_usage("too many arguments (one MODEL)");
    if (so->beam && sampling_opts)
        die_usage("--beam searches for the most probable text; it does not combine with "
                  "--greedy, --temperature, --top-k, --top-p or the penalties");
    if (!so->beam && (g.nbest || so->length_penalty != 0))
        die_usage("--nbest and --length-penalty apply to --beam");

    lm_model *m = model_load(argv[0], LM_LOAD_DISTRIBUTIONS);
    g.max_tokens = ntok >= 0 ? (size_t)ntok : g.sentences ? SIZE_MAX : DEFAULT_N;
    sample_generate(m, &g, stdout, "stdout");
    model_free(m);
    return 0;
}
