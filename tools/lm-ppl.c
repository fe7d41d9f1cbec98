/* lm-ppl — perplexity, nats and bits per token, char and byte from
 * logprobs streams; --mix interpolates several models token by token. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ppl.h"
#include "tokens.h"
#include "util.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-ppl [--json] [FILE...]\n"
        "       lm-ppl --mix W1,W2,... [--json] FILE1 FILE2 ...\n"
        "\n"
        "Reduces logprobs streams (from lm-score) to tokens, OOVs, total nats,\n"
        "perplexity, nats and bits per token, bits per character and per byte.\n"
        "Several files without --mix are added up as one text.\n"
        "\n"
        "  -j, --json          one JSON object instead of the text report\n"
        "  -m, --mix W1,W2,..  interpolate the files' probabilities with these weights\n"
        "                      (one per file, >= 0, summing to 1); the files must score\n"
        "                      the same tokens\n"
        "  -h, --help          this help\n"
        "      --version       print the version\n"
        "\n"
        "See lm-ppl(1).\n");
}

/* Weights "0.3,0.7" -> array; checks count, sign and sum. */
static double *parse_weights(const char *s, int *k)
{
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
    *k = n;
    return w;
}

static void report(const lm_ppl *s, bool json)
{
    if (s->tokens == 0) die("no tokens to score (the logprobs stream is empty)");
    if (json) ppl_print_json(stdout, s);
    else ppl_print_text(stdout, s);
    lm_check_write(stdout, "stdout");
}

static void plain(char **files, int nfiles, bool json)
{
    lm_ppl s = { 0 };
    int n = nfiles ? nfiles : 1;
    for (int f = 0; f < n; f++) {
        lm_chunk_reader cr;
        chunk_reader_open(&cr, nfiles ? files[f] : NULL, "logprobs");
        while (chunk_reader_next(&cr)) {
            for (size_t i = 0; i < cr.n; i++) ppl_add(&s, cr.logp[i], cr.ids[i] == cr.vocab.unk);
            s.bytes += cr.bytes;
            s.chars += cr.chars;
        }
        chunk_reader_close(&cr);
    }
    report(&s, json);
}

/* One stream of a mixture and its position in the current record. */
typedef struct cursor {
    lm_chunk_reader cr;
    size_t pos;
    uint64_t bytes, chars;
    bool done;
} cursor;

/* Advances to a record with tokens left; false at the end of the stream. */
static bool cursor_ready(cursor *c)
{
    while (!c->done && c->pos == c->cr.n) {
        if (!chunk_reader_next(&c->cr)) { c->done = true; break; }
        c->pos = 0;
        c->bytes += c->cr.bytes;
        c->chars += c->cr.chars;
    }
    return !c->done;
}

static void mix(char **files, int nfiles, const double *w, int k, bool json)
{
    if (nfiles != k)
        die_usage("--mix has %d weights but %d logprobs files were given", k, nfiles);
    cursor *c = xcalloc((size_t)k, sizeof *c);
    double *logw = xmalloc(xmul((size_t)k, sizeof *logw));
    double *logp = xmalloc(xmul((size_t)k, sizeof *logp));
    for (int i = 0; i < k; i++) {
        chunk_reader_open(&c[i].cr, files[i], "logprobs");
        logw[i] = log(w[i]);             /* log(0) = -inf: that model drops out */
    }
    lm_ppl s = { 0 };
    for (uint64_t t = 0;; t++) {
        int ready = 0;
        for (int i = 0; i < k; i++) ready += cursor_ready(&c[i]);
        if (ready == 0) break;
        if (ready != k) {
            int ended = 0;
            while (!c[ended].done) ended++;
            die("%s: the streams do not cover the same tokens (it ends after %llu tokens)",
                files[ended], (unsigned long long)t);
        }
        const lm_vocab *v0 = &c[0].cr.vocab;
        uint32_t id0 = c[0].cr.ids[c[0].pos];
        for (int i = 0; i < k; i++) {
            const lm_vocab *v = &c[i].cr.vocab;
            uint32_t id = c[i].cr.ids[c[i].pos];
            if (i && (v->len[id] != v0->len[id0] || memcmp(v->str[id], v0->str[id0], v->len[id]) != 0))
                die("%s and %s: the streams do not cover the same tokens (token %llu differs)",
                    files[0], files[i], (unsigned long long)t);
            logp[i] = c[i].cr.logp[c[i].pos++];
        }
        ppl_add(&s, log_mix(logw, logp, k), id0 == v0->unk);
    }
    for (int i = 1; i < k; i++)
        if (c[i].bytes != c[0].bytes || c[i].chars != c[0].chars)
            die("%s and %s: the streams cover different amounts of text", files[0], files[i]);
    s.bytes = c[0].bytes;
    s.chars = c[0].chars;
    for (int i = 0; i < k; i++) chunk_reader_close(&c[i].cr);
    free(c);
    free(logw);
    free(logp);
    report(&s, json);
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum { OPT_VERSION = 256 };
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'j' },
        { "mix", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    bool json = false;
    double *w = NULL;
    int k = 0, c;
    while ((c = getopt_long(argc, argv, "jm:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 'm': free(w); w = parse_weights(optarg, &k); break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (w) mix(argv, argc, w, k, json);
    else plain(argv, argc, json);
    free(w);
    return 0;
}
