/* lm-sample — text from any model: sampling (temperature, top-k, top-p,
 * penalties), greedy decoding, beam search. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "sample.h"
#include "tokenize.h"
#include "util.h"

#define DEFAULT_N 200
#define BEAM_MAX_LEN 1000     /* --beam with no -n limit */

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

/* ---- decoded text out ------------------------------------------------------ */

typedef struct text_out {
    FILE *fp;
    const lm_vocab *v;
    bool line_start;          /* word mode: nothing on this line yet */
    bool tty;                 /* flush every token */
    double last_flush;
} text_out;

static void out_flush(text_out *o)
{
    lm_check_write(o->fp, "stdout");
    o->last_flush = lm_now();
}

/* Writes one token as text: char and byte tokens as their bytes; words
 * separated by spaces, </s> as a newline. */
static void out_token(text_out *o, uint32_t id)
{
    const lm_vocab *v = o->v;
    bool newline;
    if (v->mode == LM_MODE_WORD && id == v->eos) {
        fputc('\n', o->fp);
        o->line_start = newline = true;
    } else {
        if (v->mode == LM_MODE_WORD && !o->line_start) fputc(' ', o->fp);
        fwrite(v->str[id], 1, v->len[id], o->fp);
        o->line_start = false;
        newline = memchr(v->str[id], '\n', v->len[id]) != NULL;
    }
    if (ferror(o->fp) || o->tty || newline || lm_now() - o->last_flush > 0.1) out_flush(o);
}

/* --nbest: one line per hypothesis, the text with \\, \t, \n escaped. */
static void out_escaped(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') fputs("\\\\", fp);
        else if (s[i] == '\t') fputs("\\t", fp);
        else if (s[i] == '\n') fputs("\\n", fp);
        else fputc(s[i], fp);
    }
}

static void out_hyp_line(FILE *fp, const lm_vocab *v, const lm_beam_hyp *h)
{
    fprintf(fp, "%.6f\t%.6f\t", h->score, h->logp);
    bool line_start = true;
    for (size_t i = 0; i < h->len; i++) {
        uint32_t id = h->ids[i];
        if (v->mode == LM_MODE_WORD && id == v->eos) {
            fputs("\\n", fp);
            line_start = true;
            continue;
        }
        if (v->mode == LM_MODE_WORD && !line_start) fputc(' ', fp);
        out_escaped(fp, v->str[id], v->len[id]);
        line_start = false;
    }
    fputc('\n', fp);
}

/* ---- the prime -------------------------------------------------------------- */

typedef struct prime {
    const lm_vocab *v;
    uint32_t *ids;
    size_t n, cap;
} prime;

static void on_prime_token(void *ctx, const char *tok, size_t len, uint64_t through_bytes,
                           uint64_t through_chars)
{
    (void)through_chars;
    prime *p = ctx;
    const lm_vocab *v = p->v;
    uint32_t id = vocab_find(v, tok, len);
    if (id == LM_NO_ID || id == v->bos) {
        if (v->unk == LM_NO_ID) {
            const unsigned char *u = (const unsigned char *)tok;
            if (len == 1 && (u[0] < 0x20 || u[0] >= 0x7f))
                die("--prime: byte %llu: byte 0x%02x is not in the model's vocabulary "
                          "(a %s vocabulary of %u tokens)", (unsigned long long)(through_bytes - len + 1),
                          u[0], lm_mode_name(v->mode), v->n);
            die("--prime: byte %llu: '%.*s' is not in the model's vocabulary "
                      "(a %s vocabulary of %u tokens)", (unsigned long long)(through_bytes - len + 1),
                      (int)len, tok, lm_mode_name(v->mode), v->n);
        }
        id = v->unk;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->ids = xrealloc(p->ids, xmul(p->cap, sizeof *p->ids));
    }
    p->ids[p->n++] = id;
}

/* The prime's tokens under the model's vocabulary.  In word mode a prime
 * that does not end with a newline is an unfinished sentence: no </s>. */
static void tokenize_prime(const char *text, const lm_vocab *v, prime *p)
{
    memset(p, 0, sizeof *p);
    p->v = v;
    size_t n = strlen(text);
    if (n == 0) return;
    FILE *fp = fmemopen((void *)text, n, "r");
    if (!fp) die_errno("--prime");
    uint64_t bytes, chars;
    tokenize_file(fp, "--prime", v->mode, on_prime_token, p, &bytes, &chars);
    fclose(fp);
    if (v->mode == LM_MODE_WORD && text[n - 1] != '\n' && p->n && p->ids[p->n - 1] == v->eos)
        p->n--;
}

/* ---- main ------------------------------------------------------------------- */

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
    lm_sample_opts so;
    sample_opts_default(&so);
    const char *prime_text = "";
    uint64_t seed = 1;
    long long ntok = -1, sentences = 0;
    bool no_unk = false, nbest = false, echo = true, sampling_opts = false;
    int c, idx;
    while ((c = getopt_long(argc, argv, "n:s:p:gt:k:b:h", longopts, &idx)) != -1) {
        switch (c) {
        case 'n': ntok = parse_ll("-n", optarg, 0, INT64_MAX); break;
        case 's': sentences = parse_ll("--sentences", optarg, 1, INT64_MAX); break;
        case 'p': prime_text = optarg; break;
        case OPT_NO_ECHO: echo = false; break;
        case OPT_SEED: seed = (uint64_t)parse_ll("--seed", optarg, 0, INT64_MAX); break;
        case 'g': so.greedy = true; sampling_opts = true; break;
        case 't': sample_opt_parse(&so, "temperature", optarg); sampling_opts = true; break;
        case 'k': sample_opt_parse(&so, "top-k", optarg); sampling_opts = true; break;
        case 'b': sample_opt_parse(&so, "beam", optarg); break;
        case OPT_TOP_P: case OPT_REP: case OPT_NOREP: case OPT_LENPEN:
            sample_opt_parse(&so, longopts[idx].name, optarg);
            sampling_opts |= c != OPT_LENPEN;
            break;
        case OPT_NO_UNK: no_unk = true; break;
        case OPT_NBEST: nbest = true; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1) die_usage("no MODEL given");
    if (argc > 1) die_usage("too many arguments (one MODEL)");
    if (so.beam && sampling_opts)
        die_usage("--beam searches for the most probable text; it does not combine with "
                  "--greedy, --temperature, --top-k, --top-p or the penalties");
    if (!so.beam && (nbest || so.length_penalty != 0))
        die_usage("--nbest and --length-penalty apply to --beam");

    lm_model *m = model_load(argv[0]);
    const lm_vocab *v = &m->vocab;
    if (sentences && v->mode != LM_MODE_WORD)
        die_usage("--sentences: %s is a %s model (sentences are word mode)", argv[0],
                  lm_mode_name(v->mode));
    if (no_unk && v->unk == LM_NO_ID)
        die_usage("--no-unk: %s has no <unk> token", argv[0]);
    size_t limit = ntok >= 0 ? (size_t)ntok : sentences ? SIZE_MAX : DEFAULT_N;
    uint32_t mask[2];
    size_t nmask = 0;
    if (v->bos != LM_NO_ID) mask[nmask++] = v->bos;     /* <s> is context only */
    if (no_unk) mask[nmask++] = v->unk;

    prime pr;
    tokenize_prime(prime_text, v, &pr);
    void *state = xmalloc(m->ops->state_size(m));
    m->ops->state_init(m, state);
    for (size_t i = 0; i < pr.n; i++) m->ops->feed(m, state, pr.ids[i]);

    text_out out = { stdout, v, true, isatty(STDOUT_FILENO) == 1, lm_now() };
    if (echo && !nbest)
        for (size_t i = 0; i < pr.n; i++) out_token(&out, pr.ids[i]);

    if (so.beam) {
        size_t max_len = limit == SIZE_MAX ? BEAM_MAX_LEN : limit;
        lm_beam_hyp *h = xcalloc(so.beam, sizeof *h);
        size_t nh = beam_search(m, state, so.beam, so.length_penalty, max_len,
                                sentences ? v->eos : LM_NO_ID, (size_t)sentences, mask, nmask, h);
        for (size_t i = 0; i < (nbest ? nh : nh > 0); i++) {
            if (nbest) out_hyp_line(stdout, v, &h[i]);
            else for (size_t j = 0; j < h[i].len; j++) out_token(&out, h[i].ids[j]);
        }
        beam_free_hyps(h, nh);
        free(h);
    } else {
        lm_sampler s;
        sampler_init(&s, v->n, &so, seed, pr.n + (limit < 1 << 20 ? limit : 1 << 20) + 1);
        for (size_t i = 0; i < nmask; i++) sampler_mask(&s, mask[i]);
        for (size_t i = 0; i < pr.n; i++) sampler_push(&s, pr.ids[i]);
        float *x = xmalloc(xmul(v->n, sizeof *x));
        long long done_sentences = 0;
        for (size_t i = 0; i < limit; i++) {
            m->ops->next_logprobs(m, state, x);
            uint32_t tok = sampler_next(&s, x);
            if (tok == LM_NO_ID) {
                warnx_lm("every token is masked or banned after %zu tokens; stopping", i);
                break;
            }
            out_token(&out, tok);
            sampler_push(&s, tok);
            if (sentences && tok == v->eos && ++done_sentences == sentences) break;
            if (i + 1 < limit) m->ops->feed(m, state, tok);
        }
        free(x);
        sampler_free(&s);
    }
    if (v->mode == LM_MODE_WORD && !out.line_start && !nbest) fputc('\n', stdout);
    lm_check_write(stdout, "stdout");
    free(pr.ids);
    free(state);
    model_free(m);
    return 0;
}
