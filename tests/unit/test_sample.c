/* Unit tests for the decoding strategies and beam search: hand-made
 * distributions and a hand-made Markov-chain model with known answers. */
#include <getopt.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beam.h"
#include "generate.h"
#include "model.h"
#include "rng.h"
#include "sample.h"
#include "sample_cli.h"
#include "util.h"

#include "check.h"


#define MAXV 16

/* x[i] = log p[i] as float (p[i] = 0 gives -inf). */
static void logits_of(float *x, const double *p, uint32_t V)
{
    for (uint32_t i = 0; i < V; i++) x[i] = p[i] > 0 ? (float)log(p[i]) : -INFINITY;
}

/* The kept set as a bit mask (bit i: x[i] is finite). */
static unsigned kept(const float *x, uint32_t V)
{
    unsigned k = 0;
    for (uint32_t i = 0; i < V; i++)
        if (x[i] > -INFINITY) k |= 1u << i;
    return k;
}

#define B(i) (1u << (i))

static void test_argmax(void)
{
    float a[] = { 1, 3, 3, 2 };
    CHECK(sample_argmax(a, 4) == 1);                   /* tie: the lower id */
    float b[] = { -INFINITY, -INFINITY, -5, -5 };
    CHECK(sample_argmax(b, 4) == 2);
    float c[] = { -INFINITY, -INFINITY };
    CHECK(sample_argmax(c, 2) == LM_NO_ID);
}

static void test_top_k(void)
{
    static const double p[] = { 0.1, 0.4, 0.2, 0.2, 0.1 };
    static const struct { uint32_t k; unsigned want; } cases[] = {
        { 1, B(1) },
        { 2, B(1) | B(2) },                  /* 2 and 3 tie: the lower id */
        { 3, B(1) | B(2) | B(3) },
        { 4, B(0) | B(1) | B(2) | B(3) },    /* 0 and 4 tie */
        { 5, 0x1f },
        { 9, 0x1f },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float x[MAXV];
        uint32_t heap[MAXV];
        logits_of(x, p, 5);
        sample_top_k(x, 5, cases[i].k, heap);
        if (kept(x, 5) != cases[i].want)
            fprintf(stderr, "top-k %u: kept %#x, want %#x\n", cases[i].k, kept(x, 5), cases[i].want);
        CHECK(kept(x, 5) == cases[i].want);
        /* kept scores are untouched */
        CHECK(x[1] == (float)log(0.4));
    }
    /* tokens already at -inf stay out even when K reaches past them */
    float y[] = { -INFINITY, 0, -INFINITY, -1 };
    uint32_t heap[4];
    sample_top_k(y, 4, 3, heap);
    CHECK(kept(y, 4) == (B(1) | B(3)));
}

static void test_top_p(void)
{
    static const double p[] = { 0.1, 0.4, 0.2, 0.2, 0.1 };
    /* sorted: 1 (0.4), 2 (0.2), 3 (0.2), 0 (0.1), 4 (0.1); cumulative
     * 0.4 0.6 0.8 0.9 1.0 */
    static const struct { double P; unsigned want; } cases[] = {
        { 0.01, B(1) },
        { 0.4, B(1) },                         /* boundary: exactly the top */
        { 0.41, B(1) | B(2) },                 /* 2 and 3 tie: the lower id */
        { 0.6, B(1) | B(2) },                  /* boundary */
        { 0.61, B(1) | B(2) | B(3) },
        { 0.8, B(1) | B(2) | B(3) },           /* boundary */
        { 0.85, B(0) | B(1) | B(2) | B(3) },   /* 0 and 4 tie */
        { 0.9, B(0) | B(1) | B(2) | B(3) },    /* boundary */
        { 0.95, 0x1f },
        { 1.0, 0x1f },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float x[MAXV], prob[MAXV];
        uint32_t order[MAXV];
        logits_of(x, p, 5);
        sample_top_p(x, 5, cases[i].P, order, prob);
        if (kept(x, 5) != cases[i].want)
            fprintf(stderr, "top-p %g: kept %#x, want %#x\n", cases[i].P, kept(x, 5), cases[i].want);
        CHECK(kept(x, 5) == cases[i].want);
    }
    /* uniform: every token is below the pre-sort cut (1-P)/(V-1) when P is
     * small, and still the top (lowest id) is kept */
    static const struct { double P; unsigned want; } uni[] = {
        { 0.01, B(0) }, { 0.25, B(0) }, { 0.5, B(0) | B(1) }, { 0.51, B(0) | B(1) | B(2) },
    };
    for (size_t i = 0; i < sizeof uni / sizeof uni[0]; i++) {
        float x[4] = { -2, -2, -2, -2 }, prob[4];
        uint32_t order[4];
        sample_top_p(x, 4, uni[i].P, order, prob);
        CHECK(kept(x, 4) == uni[i].want);
    }
    /* a shifted, unnormalised vector with a banned token gives the same set */
    float z[] = { 7.0f, -INFINITY, 7.0f + (float)log(2.0), 7.0f }, prob[4];
    uint32_t order[4];
    sample_top_p(z, 4, 0.5, order, prob);     /* probabilities 0.25 0 0.5 0.25 */
    CHECK(kept(z, 4) == B(2));
    float w[] = { 7.0f, -INFINITY, 7.0f + (float)log(2.0), 7.0f };
    sample_top_p(w, 4, 0.6, order, prob);
    CHECK(kept(w, 4) == (B(0) | B(2)));
}

/* Top-k and top-p against a plain reference (insertion sort by score then
 * id, prefix sums) on random vectors with many ties. */
static void test_truncation_random(void)
{
    lm_rng r;
    rng_seed(&r, 77);
    for (int trial = 0; trial < 2000; trial++) {
        uint32_t V = 1 + (uint32_t)rng_below(&r, 60), ord[64], scratch[64];
        float x[64], y[64], prob[64];
        for (uint32_t i = 0; i < V; i++)
            x[i] = rng_below(&r, 10) == 0 ? -INFINITY : -0.5f * (float)rng_below(&r, 12);
        for (uint32_t i = 0; i < V; i++) {       /* reference order */
            uint32_t j = i;
            while (j > 0 && (x[ord[j - 1]] < x[i] || (x[ord[j - 1]] == x[i] && ord[j - 1] > i))) {
                ord[j] = ord[j - 1];
                j--;
            }
            ord[j] = i;
        }
        uint32_t nfin = 0;
        for (uint32_t i = 0; i < V; i++) nfin += x[i] > -INFINITY;
        /* top-k */
        uint32_t K = 1 + (uint32_t)rng_below(&r, V + 2);
        unsigned long long want = 0, got = 0;
        for (uint32_t j = 0; j < K && j < nfin; j++) want |= 1ull << ord[j];
        memcpy(y, x, V * sizeof *x);
        sample_top_k(y, V, K, scratch);
        for (uint32_t i = 0; i < V; i++) if (y[i] > -INFINITY) got |= 1ull << i;
        CHECK(got == want);
        /* top-p */
        if (nfin == 0) continue;
        double P = rng_uniform(&r) * 0.999 + 0.001, sum = 0, cum = 0;
        float m = x[ord[0]];
        for (uint32_t j = 0; j < nfin; j++) sum += expf(x[ord[j]] - m);
        want = 0;
        for (uint32_t j = 0; j < nfin; j++) {
            want |= 1ull << ord[j];
            cum += expf(x[ord[j]] - m);
            if (cum >= P * (1 - LM_TOP_P_SLACK) * sum) break;
        }
        memcpy(y, x, V * sizeof *x);
        sample_top_p(y, V, P, scratch, prob);
        got = 0;
        for (uint32_t i = 0; i < V; i++) if (y[i] > -INFINITY) got |= 1ull << i;
        if (got != want) fprintf(stderr, "trial %d: V %u P %g: got %#llx want %#llx\n", trial, V, P, got, want);
        CHECK(got == want);
    }
}

/* softmax(x) in double, for checks. */
static void softmax(const float *x, uint32_t V, double *q)
{
    double m = -INFINITY, s = 0;
    for (uint32_t i = 0; i < V; i++) if (x[i] > m) m = x[i];
    for (uint32_t i = 0; i < V; i++) s += q[i] = exp(x[i] - m);
    for (uint32_t i = 0; i < V; i++) q[i] /= s;
}

static void test_temperature(void)
{
    static const double p[] = { 0.5, 0.3, 0.15, 0.05 };
    static const double Ts[] = { 0.5, 0.8, 1.0, 2.0 };
    for (size_t t = 0; t < 4; t++) {
        float x[4];
        double q[4], z = 0;
        logits_of(x, p, 4);
        sample_temperature(x, 4, Ts[t]);
        softmax(x, 4, q);
        /* direct: p^(1/T) / sum */
        for (int i = 0; i < 4; i++) z += pow(p[i], 1 / Ts[t]);
        for (int i = 0; i < 4; i++) CHECK(fabs(q[i] - pow(p[i], 1 / Ts[t]) / z) < 1e-6);
        CHECK(x[0] == 0);                         /* the best goes to 0 */
    }
    /* T -> 0 is greedy and does not overflow */
    float x[] = { -1.0f, -0.5f, -0.5f, -3.0f }, prob[4];
    sample_temperature(x, 4, 1e-30);
    CHECK(x[1] == 0 && x[2] == 0 && x[0] < -1e29f && x[3] < -1e29f);
    lm_rng r;
    rng_seed(&r, 3);
    for (int i = 0; i < 100; i++) {
        uint32_t t = sample_draw(x, 4, &r, prob);
        CHECK(t == 1 || t == 2);
    }
    /* -inf stays -inf */
    float y[] = { -INFINITY, 0 };
    sample_temperature(y, 2, 3.0);
    CHECK(y[0] == -INFINITY && y[1] == 0);
}

static void test_repetition_penalty(void)
{
    float x[] = { 2.0f, -1.0f, 0.5f, -3.0f };
    uint32_t ids[] = { 0, 1 };
    sample_repetition_penalty(x, 4, ids, 2, 2.0);
    CHECK(x[0] == 1.0f && x[1] == -2.0f && x[2] == 0.5f && x[3] == -3.0f);
    float y[] = { 2.0f, -1.0f, 0.5f, -3.0f };
    sample_repetition_penalty(y, 4, ids, 2, 0.5);   /* R < 1 encourages */
    CHECK(y[0] == 4.0f && y[1] == -0.5f && y[2] == 0.5f && y[3] == -3.0f);
    /* on log-probabilities (all <= 0) R > 1 makes a seen token less likely */
    static const double p[] = { 0.5, 0.5 };
    float z[2];
    double q[2];
    logits_of(z, p, 2);
    uint32_t one = 0;
    sample_repetition_penalty(z, 2, &one, 1, 1.5);
    softmax(z, 2, q);
    CHECK(q[0] < 0.5 && fabs(q[0] - pow(0.5, 1.5) / (pow(0.5, 1.5) + 0.5)) < 1e-6);
}

static void test_no_repeat_ngram(void)
{
    static const uint32_t h[] = { 1, 2, 3, 1, 2, 4, 1, 2 };
    static const struct { uint32_t N; unsigned want_banned; } cases[] = {
        { 1, B(1) | B(2) | B(3) | B(4) },   /* every token seen */
        { 2, B(3) | B(4) },                 /* what followed 2 */
        { 3, B(3) | B(4) },                 /* what followed "1 2" */
        { 4, 0 },                           /* "4 1 2" never seen before */
        { 9, 0 },                           /* longer than the history + 1 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float x[6] = { 0, 0, 0, 0, 0, 0 };
        sample_no_repeat_ngram(x, 6, h, 8, cases[i].N);
        CHECK((~kept(x, 6) & 0x3f) == cases[i].want_banned);
    }
    /* "1 2 3 1 2" with N = 3: the next token may not be 3 */
    float x[6] = { 0 };
    CHECK(sample_no_repeat_ngram(x, 6, h, 5, 3) == 1 && x[3] == -INFINITY);
    /* a run of one token, N = 2: the token itself is banned */
    static const uint32_t run[] = { 5, 5, 5 };
    float y[6] = { 0 };
    sample_no_repeat_ngram(y, 6, run, 3, 2);
    CHECK((~kept(y, 6) & 0x3f) == B(5));
    /* empty history: nothing */
    float e[6] = { 0 };
    CHECK(sample_no_repeat_ngram(e, 6, h, 0, 1) == 0 && kept(e, 6) == 0x3f);
}

/* The sampler's indexed no-repeat bans equal the plain scan's, on random
 * histories over a small vocabulary (so n-grams repeat often). */
static void test_no_repeat_index(void)
{
    lm_rng r;
    rng_seed(&r, 5);
    for (uint32_t N = 1; N <= 5; N++) {
        lm_sample_opts o;
        sample_opts_default(&o);
        o.no_repeat_ngram = N;
        lm_sampler s;
        sampler_init(&s, 6, &o, 1, 8);    /* a small hint: the index grows */
        for (int step = 0; step < 3000; step++) {
            float a[6] = { 0 }, b[6] = { 0 };
            sampler_ban(&s, a);
            sample_no_repeat_ngram(b, 6, s.hist, s.n, N);
            CHECK(kept(a, 6) == kept(b, 6));
            sampler_push(&s, (uint32_t)rng_below(&r, N == 1 ? 40 : 6) % 6);
        }
        sampler_free(&s);
    }
}

/* ---- sampling frequencies by a chi-square bound ----------------------------- */

/* Chi-square quantiles at 1 - 1e-6 (upper tail 1e-6) by degrees of freedom
 * 1..8, from the regularised incomplete gamma function (df = 2 is exactly
 * -2 ln 1e-6 = 27.631).  A correct sampler fails one check with probability
 * 1e-6; with a fixed seed the outcome never changes. */
static const double chi2_1e6[] = { 0, 23.928, 27.631, 30.665, 33.377, 35.888, 38.258, 40.522, 42.701 };

#define DRAWS 100000

/* Chi-square statistic of COUNTS against probabilities Q over the tokens
 * where Q > 0; a token with Q = 0 that was drawn gives +inf.  *DF gets the
 * degrees of freedom. */
static double chi2(const long *counts, const double *q, uint32_t V, int *df)
{
    double s = 0;
    int cells = 0;
    for (uint32_t i = 0; i < V; i++) {
        if (q[i] == 0) {
            if (counts[i]) return INFINITY;
            continue;
        }
        double e = DRAWS * q[i];
        s += (counts[i] - e) * (counts[i] - e) / e;
        cells++;
    }
    *df = cells - 1;
    return s;
}

/* Draws DRAWS tokens through a sampler with options O from log P and
 * returns the counts. */
static void draw_counts(const double *p, uint32_t V, const lm_sample_opts *o, long *counts)
{
    lm_sampler s;
    sampler_init(&s, V, o, 12345, 0);
    float x[MAXV];
    memset(counts, 0, V * sizeof *counts);
    for (int i = 0; i < DRAWS; i++) {
        logits_of(x, p, V);
        counts[sampler_next(&s, x)]++;
    }
    sampler_free(&s);
}

static void test_frequencies(void)
{
    static const double p[] = { 0.30, 0.20, 0.15, 0.12, 0.10, 0.08, 0.05 };
    enum { V = 7 };
    long counts[V];
    double q[V];
    int df;
    lm_sample_opts o;

    /* the model itself */
    sample_opts_default(&o);
    draw_counts(p, V, &o, counts);
    double x2 = chi2(counts, p, V, &df);
    CHECK(df == 6 && x2 < chi2_1e6[df]);

    /* top-k 5: the five best, renormalised over 0.87 */
    o.top_k = 5;
    draw_counts(p, V, &o, counts);
    for (int i = 0; i < V; i++) q[i] = i < 5 ? p[i] / 0.87 : 0;
    x2 = chi2(counts, q, V, &df);
    printf("top-k 5: chi2 %.2f (df %d, bound %.2f)\n", x2, df, chi2_1e6[df]);
    CHECK(df == 4 && x2 < chi2_1e6[df]);
    CHECK(counts[5] == 0 && counts[6] == 0);
    /* the same counts are far from a wrong answer: tokens 2 and 3 swapped,
     * and the distribution without truncation */
    double wrong[V];
    memcpy(wrong, q, sizeof q);
    wrong[2] = q[3]; wrong[3] = q[2];
    double xw = chi2(counts, wrong, V, &df);
    printf("top-k 5 against a wrong distribution: chi2 %.2f (bound %.2f)\n", xw, chi2_1e6[df]);
    CHECK(xw > chi2_1e6[df]);
    /* a subtler mistake: 2% of the mass moved from token 0 to token 4 */
    memcpy(wrong, q, sizeof q);
    wrong[0] -= 0.02; wrong[4] += 0.02;
    xw = chi2(counts, wrong, V, &df);
    CHECK(xw > chi2_1e6[df]);

    /* top-p 0.6: 0.30 + 0.20 + 0.15 = 0.65 >= 0.6 */
    sample_opts_default(&o);
    o.top_p = 0.6;
    draw_counts(p, V, &o, counts);
    for (int i = 0; i < V; i++) q[i] = i < 3 ? p[i] / 0.65 : 0;
    x2 = chi2(counts, q, V, &df);
    CHECK(df == 2 && x2 < chi2_1e6[df]);

    /* temperature 0.7 then top-k 4 then top-p 0.8, in that order:
     * p^(1/0.7) renormalised, keep 4, then the nucleus of those */
    sample_opts_default(&o);
    o.temperature = 0.7;
    o.top_k = 4;
    o.top_p = 0.8;
    double t[V], z = 0, zk = 0, cum = 0;
    for (int i = 0; i < V; i++) z += t[i] = pow(p[i], 1 / 0.7);
    for (int i = 0; i < 4; i++) zk += t[i];
    int keep = 0;
    while (cum < 0.8) cum += t[keep++] / zk;     /* p is sorted */
    double zp = 0;
    for (int i = 0; i < keep; i++) zp += t[i];
    for (int i = 0; i < V; i++) q[i] = i < keep ? t[i] / zp : 0;
    draw_counts(p, V, &o, counts);
    x2 = chi2(counts, q, V, &df);
    printf("T 0.7, top-k 4, top-p 0.8: %d tokens kept, chi2 %.2f (df %d, bound %.2f)\n",
           keep, x2, df, chi2_1e6[df]);
    CHECK(keep == 3 && x2 < chi2_1e6[df]);
    /* the same counts against the order top-p then temperature (wrong) */
    (void)z;
    double w2[V], zw = 0;
    for (int i = 0; i < V; i++) zw += w2[i] = i < 3 ? p[i] : 0;
    for (int i = 0; i < V; i++) w2[i] /= zw;
    xw = chi2(counts, w2, V, &df);
    CHECK(xw > chi2_1e6[df]);
}

static void test_sampler(void)
{
    lm_sample_opts o;
    sample_opts_default(&o);
    o.greedy = true;
    lm_sampler s;
    sampler_init(&s, 4, &o, 1, 1);     /* a history that has to grow */
    sampler_mask(&s, 0);
    float x[] = { 0, -1, -2, -3 };
    CHECK(sampler_next(&s, x) == 1);   /* 0 is masked */
    /* no-repeat 1 bans what was seen; when everything is out: LM_NO_ID */
    s.o.no_repeat_ngram = 1;
    for (uint32_t t = 1; t < 4; t++) sampler_push(&s, t);
    sampler_push(&s, 2);
    CHECK(s.n == 4 && s.ndistinct == 3);
    float y[] = { 0, -1, -2, -3 };
    CHECK(sampler_next(&s, y) == LM_NO_ID);
    sampler_free(&s);
    /* the same seed gives the same draws; another seed others */
    sample_opts_default(&o);
    lm_sampler a, b, c;
    sampler_init(&a, 4, &o, 7, 0);
    sampler_init(&b, 4, &o, 7, 0);
    sampler_init(&c, 4, &o, 8, 0);
    int same = 1, diff = 0;
    for (int i = 0; i < 50; i++) {
        float xa[] = { -1.386f, -1.386f, -1.386f, -1.386f }, xb[4], xc[4];
        memcpy(xb, xa, sizeof xa);
        memcpy(xc, xa, sizeof xa);
        uint32_t ta = sampler_next(&a, xa), tb = sampler_next(&b, xb), tc = sampler_next(&c, xc);
        same &= ta == tb;
        diff |= ta != tc;
    }
    CHECK(same && diff);
    sampler_free(&a);
    sampler_free(&b);
    sampler_free(&c);
}

/* The exit status lm-sample's option table (tools/sample_cli.c) gives
 * "--NAME VALUE" (0: parsed), the options in *C; with CHECK, also the
 * checks that follow the parse (sample_cli_check). */
static int parse_status_check(const char *name, const char *value, sample_cli *c, bool check)
{
    char opt[64];
    snprintf(opt, sizeof opt, "--%s", name);
    char prog[] = "lm-sample", model[] = "m.lm";
    char *argv[] = { prog, opt, (char *)value, model, NULL };
    sample_cli_init(c);
    int status = setjmp(on_die);
    if (status == 0) {
        optind = 0;      /* glibc: start over */
        cli_parse(4, argv, c->opts, &sample_cli_tool);
        if (check) sample_cli_check(c);
        return 0;
    }
    return status;
}

static int parse_status(const char *name, const char *value, sample_cli *c)
{
    return parse_status_check(name, value, c, false);
}

/* Bad option values are usage errors (exit 2); good ones parse. */
static void test_opts(void)
{
    static const struct { const char *name, *value; int status; } cases[] = {
        { "temperature", "0", 2 }, { "temperature", "-1", 2 }, { "temperature", "nan", 2 },
        { "temperature", "0.8", 0 }, { "temperature", "1e-9", 0 },
        { "top-p", "0", 2 }, { "top-p", "1.01", 2 }, { "top-p", "-0.5", 2 }, { "top-p", "1", 0 },
        { "top-p", "0.9", 0 }, { "top-p", "0.9x", 2 },
        { "top-k", "0", 2 }, { "top-k", "-3", 2 }, { "top-k", "40", 0 }, { "top-k", "4.5", 2 },
        { "beam", "0", 2 }, { "beam", "4", 0 },
        { "repetition-penalty", "0", 2 }, { "repetition-penalty", "-1.2", 2 },
        { "repetition-penalty", "1.2", 0 },
        { "no-repeat-ngram", "0", 2 }, { "no-repeat-ngram", "3", 0 },
        { "length-penalty", "0.6", 0 }, { "length-penalty", "inf", 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sample_cli c;
        int status = parse_status(cases[i].name, cases[i].value, &c);
        if (status != cases[i].status)
            fprintf(stderr, "--%s %s: status %d, want %d\n", cases[i].name, cases[i].value, status,
                    cases[i].status);
        CHECK(status == cases[i].status);
    }
    sample_cli c;
    CHECK(parse_status("no-such", "1", &c) == 2);
    CHECK(parse_status("top-k", "40", &c) == 0 && c.g.s.top_k == 40);
    CHECK(parse_status("seed", "18446744073709551615", &c) == 2);
    CHECK(parse_status_check("tokens", "7", &c, true) == 0 && c.g.max_tokens == 7);
    CHECK(parse_status_check("sentences", "2", &c, true) == 0 && c.g.max_tokens == SIZE_MAX);
    CHECK(parse_status_check("no-echo", "m.lm", &c, true) == 0 && !c.g.echo);
    CHECK(parse_status_check("prime", "ab", &c, true) == 0 && c.g.max_tokens == 200);
    /* what does not combine */
    CHECK(parse_status_check("length-penalty", "0.5", &c, true) == 2);
    CHECK(parse_status_check("top-p", "0.5", &c, true) == 0);
    CHECK(parse_status_check("beam", "2", &c, true) == 0 && c.g.beam == 2);
}

/* ---- beam search on a hand-made Markov chain ------------------------------- */

/* A first-order chain over V tokens: the state is the last token (or V at
 * the start); P[s][w] is the transition table. */
typedef struct chain {
    uint32_t V;
    const double (*P)[8];
} chain;

static size_t ch_state_size(const lm_model *m) { (void)m; return sizeof(uint32_t); }
static void ch_init(const lm_model *m, void *x, void *s) {
    (void)x; *(uint32_t *)s = ((const chain *)m->impl)->V; }
static void ch_feed(const lm_model *m, void *x, void *s, uint32_t t) { (void)m, (void)x; *(uint32_t *)s = t; }
static void ch_next(const lm_model *m, void *x, const void *s, float *logp)
{
    (void)x;
    const chain *c = m->impl;
    uint32_t st = *(const uint32_t *)s;
    for (uint32_t w = 0; w < c->V; w++) logp[w] = (float)log(c->P[st][w]);
}
static double ch_logprob(const lm_model *m, void *x, const void *s, uint32_t t)
{
    (void)x;
    const chain *c = m->impl;
    return log(c->P[*(const uint32_t *)s][t]);
}
static const lm_model_ops chain_ops = {
    .type = "chain", .state_size = ch_state_size, .state_init = ch_init, .feed = ch_feed,
    .next_logprobs = ch_next, .logprob = ch_logprob,
};

static void chain_model(lm_model *m, chain *c, uint32_t V, const double (*P)[8], int mode)
{
    memset(m, 0, sizeof *m);
    c->V = V;
    c->P = P;
    m->ops = &chain_ops;
    m->impl = c;
    vocab_init(&m->vocab, mode);
    static const char *words[] = { "x", "y", "z", "w", "v" };
    for (uint32_t i = m->vocab.n; i < V; i++) {
        char s[2] = { (char)('a' + i), 0 };
        if (mode == LM_MODE_WORD) vocab_add(&m->vocab, words[i - 3], 1);
        else vocab_add(&m->vocab, s, 1);
    }
}

/* Greedy picks a (0.55) then at best 0.34: 0.187.  "b c" is 0.4 * 0.9 =
 * 0.36, which beam 2 finds. */
static const double chain1[4][8] = {
    { 0.34, 0.33, 0.33 },      /* after a */
    { 0.05, 0.05, 0.90 },      /* after b */
    { 0.10, 0.10, 0.80 },      /* after c */
    { 0.55, 0.40, 0.05 },      /* start */
};

static void test_beam(void)
{
    lm_model m;
    chain c;
    chain_model(&m, &c, 3, chain1, LM_MODE_CHAR);
    uint32_t st;
    lm_ctx cx = { &m, NULL };
    model_state_init(&cx, &st);
    lm_beam_hyp h[4];

    /* beam 1 is greedy: a a */
    size_t n = beam_search(&cx, &st, 1, 0, 2, LM_NO_ID, 0, NULL, 0, h);
    CHECK(n == 1 && h[0].len == 2 && h[0].ids[0] == 0 && h[0].ids[1] == 0);
    CHECK(fabs(h[0].logp - log(0.55 * 0.34)) < 1e-6);
    beam_free_hyps(h, n);
    /* the sampler's greedy agrees */
    lm_sample_opts o;
    sample_opts_default(&o);
    o.greedy = true;
    lm_sampler s;
    sampler_init(&s, 3, &o, 1, 0);
    float x[3];
    uint32_t st2 = st;
    model_next_logprobs(&cx, &st2, x);
    uint32_t t0 = sampler_next(&s, x);
    model_feed(&cx, &st2, t0);
    model_next_logprobs(&cx, &st2, x);
    uint32_t t1 = sampler_next(&s, x);
    CHECK(t0 == 0 && t1 == 0);
    sampler_free(&s);

    /* beam 2 finds b c (0.36), then a a (0.187) */
    n = beam_search(&cx, &st, 2, 0, 2, LM_NO_ID, 0, NULL, 0, h);
    CHECK(n == 2);
    CHECK(h[0].len == 2 && h[0].ids[0] == 1 && h[0].ids[1] == 2);
    CHECK(fabs(h[0].logp - log(0.36)) < 1e-6 && h[0].score == h[0].logp);
    CHECK(h[1].ids[0] == 0 && h[1].ids[1] == 0 && fabs(h[1].logp - log(0.187)) < 1e-6);
    beam_free_hyps(h, n);

    /* beam 4, three tokens: the best sequence is b c c (0.36 * 0.8) and the
     * ties a b / a c (0.55 * 0.33) come in token order behind a a */
    n = beam_search(&cx, &st, 4, 0, 3, LM_NO_ID, 0, NULL, 0, h);
    CHECK(n == 4 && h[0].ids[0] == 1 && h[0].ids[1] == 2 && h[0].ids[2] == 2);
    CHECK(fabs(h[0].logp - log(0.36 * 0.8)) < 1e-6);
    for (size_t i = 1; i < n; i++) CHECK(h[i].score <= h[i - 1].score);
    beam_free_hyps(h, n);

    /* a masked token is never produced: without b, the best is a a */
    uint32_t mask = 1;
    n = beam_search(&cx, &st, 2, 0, 2, LM_NO_ID, 0, &mask, 1, h);
    CHECK(n == 2 && h[0].ids[0] == 0 && h[0].ids[1] == 0);
    CHECK(h[1].ids[0] == 0 && h[1].ids[1] == 2);   /* a c (0.55*0.33); a b masked */
    beam_free_hyps(h, n);

    /* max_len 0: the empty sequence */
    n = beam_search(&cx, &st, 2, 0, 0, LM_NO_ID, 0, NULL, 0, h);
    CHECK(n == 1 && h[0].len == 0 && h[0].logp == 0);
    beam_free_hyps(h, n);
    vocab_free(&m.vocab);
}

/* Token 2 ends a sequence.  "</s>" alone is 0.45; "x </s>" is 0.5 * 0.8 =
 * 0.40: by total log-probability the short one wins, per token (A = 1)
 * the long one (-0.916 / 2 = -0.458 > -0.799). */
static const double chain2[4][8] = {
    { 0.10, 0.10, 0.80 },      /* after x */
    { 0.01, 0.01, 0.98 },      /* after y */
    { 0.50, 0.05, 0.45 },      /* after </s> (as the start) */
    { 0.50, 0.05, 0.45 },      /* start */
};

static void test_beam_length_penalty(void)
{
    lm_model m;
    chain c;
    chain_model(&m, &c, 3, chain2, LM_MODE_CHAR);
    uint32_t st;
    lm_ctx cx = { &m, NULL };
    model_state_init(&cx, &st);
    lm_beam_hyp h[2];
    size_t n = beam_search(&cx, &st, 2, 0, 5, 2, 1, NULL, 0, h);
    CHECK(n == 2 && h[0].len == 1 && h[0].ids[0] == 2 && fabs(h[0].logp - log(0.45)) < 1e-6);
    CHECK(h[1].len == 2 && h[1].ids[0] == 0 && h[1].ids[1] == 2 && fabs(h[1].logp - log(0.4)) < 1e-6);
    beam_free_hyps(h, n);
    n = beam_search(&cx, &st, 2, 1.0, 5, 2, 1, NULL, 0, h);
    CHECK(n == 2 && h[0].len == 2 && h[0].ids[0] == 0 && h[0].ids[1] == 2);
    CHECK(fabs(h[0].score - log(0.4) / 2) < 1e-6);
    CHECK(h[1].len == 1 && fabs(h[1].score - log(0.45)) < 1e-6);
    beam_free_hyps(h, n);
    /* two sentences: "</s> </s>" (0.2025) beats "x </s> </s>" (0.18) and
     * "</s> x </s>" (0.18) by total log-probability */
    n = beam_search(&cx, &st, 2, 0, 6, 2, 2, NULL, 0, h);
    CHECK(n == 2 && h[0].len == 2 && h[0].ids[0] == 2 && h[0].ids[1] == 2);
    CHECK(fabs(h[0].logp - log(0.45 * 0.45)) < 1e-6);
    /* "</s> </s>" ranks below the two live beams after two tokens (0.4,
     * 0.225) but is kept; second come the 0.18s */
    CHECK(h[1].len == 3 && fabs(h[1].logp - log(0.18)) < 1e-6);
    beam_free_hyps(h, n);
    /* cut at one token: "x" (0.5) did not end, so it ranks after "</s>"
     * (0.45), which did */
    n = beam_search(&cx, &st, 2, 0, 1, 2, 1, NULL, 0, h);
    CHECK(n == 2 && h[0].len == 1 && h[0].ids[0] == 2 && h[1].len == 1 && h[1].ids[0] == 0);
    beam_free_hyps(h, n);
    /* without a stop token the same search ranks by log-probability alone */
    n = beam_search(&cx, &st, 2, 0, 1, LM_NO_ID, 0, NULL, 0, h);
    CHECK(n == 2 && h[0].ids[0] == 0 && h[1].ids[0] == 2);
    beam_free_hyps(h, n);
    vocab_free(&m.vocab);
}

/* Runs generate_text on M with O; returns the exit status die() would
 * have used, the text in *TEXT (malloc'd). */
static int generate(const lm_model *m, const lm_generate_opts *o, char **text)
{
    size_t len = 0;
    *text = NULL;
    FILE *fp = open_memstream(text, &len);
    int status = setjmp(on_die);
    if (status == 0) generate_text(m, o, fp, "mem");
    fclose(fp);
    return status;
}

/* Word mode: <unk> <s> </s> x y.  The state is the last token; after </s>
 * the chain starts over as after <s>.  The model gives <s> a high
 * probability to check it is never produced. */
static const double chain_w[6][8] = {
    { 0.05, 0.05, 0.30, 0.30, 0.30 },  /* after <unk> */
    { 0.05, 0.50, 0.05, 0.30, 0.10 },  /* after <s> (the start) */
    { 0.05, 0.50, 0.05, 0.30, 0.10 },  /* after </s> */
    { 0.10, 0.35, 0.15, 0.10, 0.30 },  /* after x */
    { 0.10, 0.10, 0.60, 0.10, 0.10 },  /* after y */
    { 0.05, 0.50, 0.05, 0.30, 0.10 },  /* start (as <s>) */
};

static void test_generate(void)
{
    lm_model m;
    chain c;
    char *text;
    /* char mode: greedy from the prime "b" gives c c */
    chain_model(&m, &c, 3, chain1, LM_MODE_CHAR);
    lm_generate_opts o = { .prime = "b", .echo = true, .max_tokens = 2 };
    sample_opts_default(&o.s);
    o.s.greedy = true;
    CHECK(generate(&m, &o, &text) == 0 && strcmp(text, "bcc") == 0);
    free(text);
    o.echo = false;
    o.max_tokens = 0;
    CHECK(generate(&m, &o, &text) == 0 && strcmp(text, "") == 0);
    free(text);
    /* a prime character outside the vocabulary is an error */
    o.prime = "abz";
    CHECK(generate(&m, &o, &text) == 1);
    free(text);
    /* beam 2, two tokens, all results: score, logp, text */
    o.prime = "";
    o.max_tokens = 2;
    o.s.greedy = false;
    o.beam = 2;
    o.nbest = true;
    CHECK(generate(&m, &o, &text) == 0);
    char want[128];
    snprintf(want, sizeof want, "%.6f\t%.6f\tbc\n%.6f\t%.6f\taa\n", log(0.36), log(0.36),
             log(0.187), log(0.187));
    CHECK(strcmp(text, want) == 0);
    free(text);
    /* sampling: the same seed, the same text */
    lm_generate_opts r = { .echo = true, .max_tokens = 50, .seed = 9 };
    sample_opts_default(&r.s);
    char *t2;
    CHECK(generate(&m, &r, &text) == 0 && generate(&m, &r, &t2) == 0);
    CHECK(strlen(text) == 50 && strcmp(text, t2) == 0);
    free(t2);
    r.seed = 10;
    CHECK(generate(&m, &r, &t2) == 0 && strcmp(text, t2) != 0);
    free(t2);
    free(text);
    vocab_free(&m.vocab);

    /* word mode */
    chain_model(&m, &c, 5, chain_w, LM_MODE_WORD);
    lm_generate_opts w = { .echo = true, .max_tokens = SIZE_MAX, .sentences = 2 };
    sample_opts_default(&w.s);
    w.s.greedy = true;
    CHECK(generate(&m, &w, &text) == 0 && strcmp(text, "x y\nx y\n") == 0);
    free(text);
    /* an unfinished prime sentence is continued; an unknown word is <unk> */
    w.prime = "y";
    w.sentences = 1;
    CHECK(generate(&m, &w, &text) == 0 && strcmp(text, "y\n") == 0);
    free(text);
    w.prime = "qq";     /* then </s> x y tie after <unk>: the lowest id */
    w.max_tokens = 1;
    w.sentences = 0;
    CHECK(generate(&m, &w, &text) == 0 && strcmp(text, "<unk>\n") == 0);
    free(text);
    /* a finished prime sentence: the continuation starts a new line */
    w.prime = "x y\n";
    w.max_tokens = 2;
    CHECK(generate(&m, &w, &text) == 0 && strcmp(text, "x y\nx y\n") == 0);
    free(text);
    /* sampling never produces <s>, nor <unk> with no_unk */
    lm_generate_opts s = { .max_tokens = 3000, .seed = 4, .no_unk = true };
    sample_opts_default(&s.s);
    CHECK(generate(&m, &s, &text) == 0);
    CHECK(strstr(text, "<s>") == NULL && strstr(text, "<unk>") == NULL && strstr(text, "x y") != NULL);
    free(text);
    /* beam, one sentence: "y </s>" (0.1 * 0.6 = 0.06) beats "x y </s>"
     * (0.3 * 0.3 * 0.6 = 0.054), "x </s>" (0.045) and "</s>" (0.05) */
    lm_generate_opts b = { .echo = true, .max_tokens = 10, .sentences = 1 };
    sample_opts_default(&b.s);
    b.beam = 3;
    CHECK(generate(&m, &b, &text) == 0 && strcmp(text, "y\n") == 0);
    free(text);
    /* sentences on a char model: refused (lm-sample makes it a usage error) */
    vocab_free(&m.vocab);
    chain_model(&m, &c, 3, chain1, LM_MODE_CHAR);
    lm_generate_opts bad = { .sentences = 1, .max_tokens = 3 };
    sample_opts_default(&bad.s);
    CHECK(generate_check(&m, &bad) == LM_GENERATE_SENTENCES_NEED_WORDS);
    CHECK(generate(&m, &bad, &text) == 1);
    free(text);
    bad.sentences = 0;
    bad.no_unk = true;
    CHECK(generate_check(&m, &bad) == LM_GENERATE_NO_UNK_TOKEN);
    bad.no_unk = false;
    CHECK(generate_check(&m, &bad) == LM_GENERATE_OK);
    CHECK(generate(&m, &bad, &text) == 0 && strlen(text) == 3);
    free(text);
    vocab_free(&m.vocab);
}

int main(void)
{
    lm_init("test_sample");
    lm_die_hook = die_hook;
    lm_quiet = true;
    test_argmax();
    test_top_k();
    test_top_p();
    test_truncation_random();
    test_temperature();
    test_repetition_penalty();
    test_no_repeat_ngram();
    test_no_repeat_index();
    test_frequencies();
    test_sampler();
    test_opts();
    test_beam();
    test_beam_length_penalty();
    test_generate();
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("test_sample: all checks passed\n");
    return failures != 0;
}
