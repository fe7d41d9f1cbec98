/* lm-tokenize — text to a tokens stream, and back with --decode. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tokenize.h"
#include "util.h"
#include "vocab.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-tokenize [--mode char|byte|word] [--vocab FILE] [--min-count N]\n"
        "                   [--max-vocab N] [--vocab-only] [-o OUT] [FILE...]\n"
        "       lm-tokenize --decode [-o OUT] [FILE]\n"
        "\n"
        "Turns text into a tokens stream (lm-stream(5)) on stdout.\n"
        "\n"
        "  -m, --mode MODE     char (UTF-8 code points; default), byte, or word\n"
        "                      (whitespace-separated, one sentence per line, </s> at\n"
        "                      each line end)\n"
        "  -v, --vocab FILE    apply the vocabulary of FILE (a vocab, tokens or model\n"
        "                      stream, or an ARPA file) instead of building one\n"
        "      --min-count N   word mode: words seen fewer than N times become <unk>\n"
        "      --max-vocab N   word mode: keep only the N most frequent words\n"
        "                      (besides <unk> <s> </s>)\n"
        "      --vocab-only    write a vocab stream instead of tokens\n"
        "  -d, --decode        turn a tokens stream back into text\n"
        "  -o, --output OUT    write to OUT (atomically) instead of stdout\n"
        "  -h, --help          this help\n"
        "      --version       print the version\n"
        "\n"
        "See lm-tokenize(1).\n");
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum { OPT_MIN_COUNT = 256, OPT_MAX_VOCAB, OPT_VOCAB_ONLY, OPT_VERSION };
    static const struct option longopts[] = {
        { "mode", required_argument, NULL, 'm' },
        { "vocab", required_argument, NULL, 'v' },
        { "min-count", required_argument, NULL, OPT_MIN_COUNT },
        { "max-vocab", required_argument, NULL, OPT_MAX_VOCAB },
        { "vocab-only", no_argument, NULL, OPT_VOCAB_ONLY },
        { "decode", no_argument, NULL, 'd' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    lm_encode_opts o = { .mode = -1, .min_count = 1 };
    const char *vocab_path = NULL, *out_path = NULL;
    bool decode = false, counts_given = false;
    int c;
    while ((c = getopt_long(argc, argv, "m:v:do:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            o.mode = lm_mode_parse(optarg);
            if (o.mode < 0) die_usage("--mode: '%s' is not char, byte or word", optarg);
            break;
        case 'v': vocab_path = optarg; break;
        case OPT_MIN_COUNT:
            o.min_count = (uint64_t)parse_ll("--min-count", optarg, 1, INT64_MAX);
            counts_given = true;
            break;
        case OPT_MAX_VOCAB:
            o.max_words = (uint64_t)parse_ll("--max-vocab", optarg, 1, LM_MAX_VOCAB - 3);
            counts_given = true;
            break;
        case OPT_VOCAB_ONLY: o.vocab_only = true; break;
        case 'd': decode = true; break;
        case 'o': out_path = optarg; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;

    lm_out out;
    if (decode) {
        if (vocab_path || o.mode >= 0 || counts_given || o.vocab_only)
            die_usage("--decode takes no vocabulary or mode options (the stream has them)");
        if (argc > 1) die_usage("--decode reads one stream");
        FILE *fp = lm_out_open(&out, out_path);
        decode_stream(argc ? argv[0] : NULL, fp, out_path ? out_path : "stdout");
        lm_out_commit(&out);
        return 0;
    }

    lm_vocab vocab;
    if (vocab_path) {
        if (counts_given) die_usage("--min-count and --max-vocab build a vocabulary; not with --vocab");
        model_read_vocab(vocab_path, &vocab);
        if (o.mode >= 0 && o.mode != vocab.mode)
            die_usage("--mode %s, but %s holds a %s vocabulary", lm_mode_name(o.mode),
                      vocab_path, lm_mode_name(vocab.mode));
        o.vocab = &vocab;
    } else {
        if (o.mode < 0) o.mode = LM_MODE_CHAR;
        if (counts_given && o.mode != LM_MODE_WORD)
            die_usage("--min-count and --max-vocab apply to word mode");
    }
    FILE *fp = lm_out_open(&out, out_path);
    encode_files(argv, argc, &o, fp, out_path ? out_path : "stdout");
    lm_out_commit(&out);
    if (vocab_path) vocab_free(&vocab);
    return 0;
}
