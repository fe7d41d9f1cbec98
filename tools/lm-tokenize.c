/* lm-tokenize — text to a tokens stream, and back with --decode. */
#include <stdlib.h>

#include "bpe.h"
#include "cli.h"
#include "model.h"
#include "pairs.h"
#include "tokenize.h"
#include "util.h"
#include "vocab.h"

static const cli_tool tool = {
    .usage = "lm-tokenize [--mode char|byte|word] [--vocab FILE] [--min-count N]\n"
             "                   [--max-vocab N] [--vocab-only] [--pairs] [-o OUT] [FILE...]\n"
             "       lm-tokenize --mode bpe --merges N|--vocab-size V [--split gpt2|line]\n"
             "                   [--eos] [--vocab-only] [-o OUT] [FILE...]\n"
             "       lm-tokenize --decode [-o OUT] [FILE]",
    .about = "Turns text into a tokens stream (lm-stream(5)) on stdout.",
    .footer = "See lm-tokenize(1).",
};

static void parse_split(const char *s, void *field)
{
    int split = bpe_split_parse(s);
    if (split < 0) die_usage("--split: '%s' is not gpt2 or line", s);
    *(int *)field = split;
}

static void parse_mode(const char *s, void *field)
{
    int mode = lm_mode_parse(s);
    if (mode < 0) die_usage("--mode: '%s' is not char, byte, word or bpe", s);
    *(int *)field = mode;
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    lm_encode_opts o = { .mode = -1, .min_count = 1 };
    const char *vocab_path = NULL, *out_path = NULL;
    bool decode = false, unk = false, pairs = false;
    lm_bpe_opts bpe = { .split = LM_BPE_SPLIT_GPT2 };
    uint32_t vocab_size = 0;
    cli_opt opts[] = {
        CLI_FN("mode", 'm', parse_mode, &o.mode, "MODE",
               "char (UTF-8 code points; default), byte, or word\n"
               "(whitespace-separated, one sentence per line, </s> at\neach line end), "
               "or bpe (byte-level byte-pair encoding,\nlearnt from the input)"),
        CLI_OPT("vocab", 'v', CLI_STRING, &vocab_path, 0, 0, "FILE",
                "apply the vocabulary of FILE (a vocab, tokens or model\n"
                "stream, or an ARPA file) instead of building one"),
        CLI_OPT("min-count", 0, CLI_U64, &o.min_count, 1, INT64_MAX, "N",
                "word mode: words seen fewer than N times become <unk>"),
        CLI_OPT("max-vocab", 0, CLI_U64, &o.max_words, 1, LM_MAX_VOCAB - 3, "N",
                "word mode: keep only the N most frequent words\n(besides <unk> <s> </s>)"),
        CLI_OPT("unk", 'u', CLI_FLAG, &unk, 0, 0, NULL,
                "char mode: a character outside the vocabulary becomes\n"
                "<unk> (added to the vocabulary if it has none) instead\n"
                "of an error; building, the vocabulary gets <unk>"),
        CLI_OPT("merges", 0, CLI_U32, &bpe.merges, 0, LM_MAX_VOCAB - 257, "N",
                "bpe: learn N merges (N + 256 tokens, + 1 with --eos)"),
        CLI_OPT("vocab-size", 0, CLI_U32, &vocab_size, 256, LM_MAX_VOCAB, "V",
                "bpe: learn merges up to V tokens in all"),
        CLI_FN("split", 0, parse_split, &bpe.split, "HOW",
               "bpe: chunks merges never cross: gpt2 (letters,\n"
               "digits, other runs, each with a leading space;\n"
               "default) or line (whole lines)"),
        CLI_OPT("eos", 0, CLI_FLAG, &bpe.eos, 0, 0, NULL,
                "bpe: a token </s> in place of each line's newline"),
        CLI_OPT("vocab-only", 0, CLI_FLAG, &o.vocab_only, 0, 0, NULL,
                "write a vocab stream instead of tokens"),
        CLI_OPT("pairs", 'p', CLI_FLAG, &pairs, 0, 0, NULL,
                "read SOURCE<TAB>TARGET lines and write a pairs stream\n"
                "for an encoder-decoder, lm-seq2seq(7); an end symbol\nends each target"),
        CLI_OPT("decode", 'd', CLI_FLAG, &decode, 0, 0, NULL, "turn a tokens stream back into text"),
        CLI_OPT("output", 'o', CLI_STRING, &out_path, 0, 0, "OUT",
                "write to OUT (atomically) instead of stdout"),
        CLI_DONE,
    };
    int i = cli_parse(argc, argv, opts, &tool);
    argc -= i;
    argv += i;
    bool counts_given = cli_given(opts, "min-count") || cli_given(opts, "max-vocab");
    bool bpe_given = cli_given(opts, "merges") || cli_given(opts, "vocab-size") ||
                     cli_given(opts, "split") || cli_given(opts, "eos");
    const char *outname = out_path ? out_path : "stdout";
    cli_files files = { 0 };
    cli_inputs(&files, argv, argc);
    if (vocab_path) cli_input(&files, vocab_path);
    cli_output_add(&files, out_path, decode ? "text" : o.vocab_only ? "vocab" : "tokens",
                   decode ? 0 : CLI_BINARY, NULL);
    cli_check_files(&files, false);

    lm_out out;
    if (decode) {
        if (pairs) die_usage("--decode reads a tokens stream, not pairs");
        if (vocab_path || o.mode >= 0 || counts_given || bpe_given || o.vocab_only || unk)
            die_usage("--decode takes no vocabulary or mode options (the stream has them)");
        if (argc > 1) die_usage("--decode reads one stream");
        FILE *fp = lm_out_open(&out, out_path);
        decode_stream(argc ? argv[0] : NULL, fp, outname);
        lm_out_commit(&out);
        return 0;
    }

    lm_vocab vocab;
    if (vocab_path) {
        if (counts_given) die_usage("--min-count and --max-vocab build a vocabulary; not with --vocab");
        if (bpe_given) die_usage("--merges, --vocab-size, --split and --eos learn merges; not with --vocab");
        model_read_vocab(vocab_path, &vocab);
        if (o.mode >= 0 && o.mode != vocab.mode)
            die_usage("--mode %s, but %s holds a %s vocabulary", lm_mode_name(o.mode),
                      vocab_path, lm_mode_name(vocab.mode));
        if (unk && (vocab.mode == LM_MODE_BYTE || vocab.mode == LM_MODE_BPE))
            die_usage("--unk: a byte or BPE vocabulary holds every byte");
        if (unk) vocab_ensure_unk(&vocab);
        o.vocab = &vocab;
    } else {
        if (o.mode < 0) o.mode = LM_MODE_CHAR;
        if (counts_given && o.mode != LM_MODE_WORD)
            die_usage("--min-count and --max-vocab apply to word mode");
        if (unk && (o.mode == LM_MODE_BYTE || o.mode == LM_MODE_BPE))
            die_usage("--unk: a byte or BPE vocabulary holds every byte");
        o.unk = unk;
        if (o.mode != LM_MODE_BPE && bpe_given)
            die_usage("--merges, --vocab-size, --split and --eos apply to --mode bpe");
        if (o.mode == LM_MODE_BPE) {
            if (cli_given(opts, "merges") == cli_given(opts, "vocab-size"))
                die_usage("--mode bpe needs one of --merges N and --vocab-size V");
            if (cli_given(opts, "vocab-size")) {
                uint32_t fixed = 256 + (bpe.eos || pairs);   /* pairs always add </s> */
                if (vocab_size < fixed)
                    die_usage("--vocab-size %u is below the %u tokens before any merge", vocab_size, fixed);
                bpe.merges = vocab_size - fixed;
            }
            o.bpe = &bpe;
        }
    }
    FILE *fp = lm_out_open(&out, out_path);
    if (pairs) pairs_encode(argv, argc, &o, fp, outname);
    else encode_files(argv, argc, &o, fp, outname);
    lm_out_commit(&out);
    if (vocab_path) vocab_free(&vocab);
    return 0;
}
