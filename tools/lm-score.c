/* lm-score — per-token log-probabilities of a tokens stream under a model. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tokens.h"
#include "util.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-score MODEL [--threads N] [-o OUT] [FILE]\n"
        "\n"
        "Scores a tokens stream (FILE or stdin) with MODEL — an lm model stream\n"
        "(n-gram or neural) or an ARPA file — and writes a logprobs stream: per token\n"
        "its id and natural-log probability, with the text's byte and character\n"
        "counts.  Reduce it with lm-ppl.  The tokens must have been made with the\n"
        "model's vocabulary (lm-tokenize --vocab MODEL).\n"
        "\n"
        "  -t, --threads N     threads for neural models (default 1)\n"
        "  -o, --output OUT    write to OUT (atomically) instead of stdout\n"
        "  -h, --help          this help\n"
        "      --version       print the version\n"
        "\n"
        "See lm-score(1).\n");
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum { OPT_VERSION = 256 };
    static const struct option longopts[] = {
        { "threads", required_argument, NULL, 't' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    const char *out_path = NULL;
    int threads = 1, c;
    while ((c = getopt_long(argc, argv, "t:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't': threads = (int)parse_ll("--threads", optarg, 1, 256); break;
        case 'o': out_path = optarg; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1) die_usage("no MODEL given");
    if (argc > 2) die_usage("too many arguments (MODEL and at most one tokens FILE)");
    const char *model_path = argv[0], *in_path = argc > 1 ? argv[1] : NULL;

    lm_model *m = model_load(model_path);
    lm_tokens t;
    tokens_read(in_path, &t);
    if (!vocab_equal(&t.vocab, &m->vocab))
        die("%s: tokens made with another vocabulary than %s's (%s, %u tokens vs %s, %u); "
            "tokenize with 'lm-tokenize --vocab %s'", lm_display_name(in_path), model_path,
            lm_mode_name(t.vocab.mode), t.vocab.n, lm_mode_name(m->vocab.mode), m->vocab.n,
            model_path);

    double *logp = xmalloc(xmul(t.n ? t.n : 1, sizeof *logp));
    model_score(m, t.ids, t.n, logp, threads);

    lm_out out;
    FILE *fp = lm_out_open(&out, out_path);
    lm_chunk_writer cw;
    chunk_writer_begin(&cw, fp, out_path ? out_path : "stdout", &m->vocab, m->desc ? m->desc : m->ops->type);
    size_t start = 0;
    for (size_t ch = 0; ch < t.nchunks; ch++) {
        for (size_t i = start; i < t.chunk_end[ch]; i++) chunk_writer_add(&cw, t.ids[i], logp[i]);
        chunk_writer_cover(&cw, t.chunk_bytes[ch], t.chunk_chars[ch]);
        chunk_writer_flush(&cw);
        start = t.chunk_end[ch];
    }
    chunk_writer_end(&cw);
    lm_out_commit(&out);
    free(logp);
    tokens_free(&t);
    model_free(m);
    return 0;
}
