/* float_format against the printf loop it replaces: for every float tried,
 * the same text as the shortest "%.Pg" (7 <= P <= 9) that strtof reads
 * back, and that text reads back.  Floats tried: random bit patterns over
 * the whole range, every float of a dense band where ARPA values live
 * (log10 probabilities and back-off weights in [-8, 1]), powers of ten and
 * their neighbours (where the decimal exponent changes), powers of two and
 * their neighbours (where the gap between floats halves), a run of
 * consecutive floats, and the specials. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "floatfmt.h"

#include "check.h"

static void reference(char *buf, float v)
{
    for (int p = 7; p <= 9; p++) {
        snprintf(buf, FLOAT_FORMAT_MAX, "%.*g", p, (double)v);
        if (isnan(v) || strtof(buf, NULL) == v) return;
    }
}

static long tried, differ;

static void try(float v)
{
    char got[FLOAT_FORMAT_MAX], want[FLOAT_FORMAT_MAX];
    size_t n = float_format(got, v, 7);
    reference(want, v);
    tried++;
    if (strcmp(got, want) != 0 || n != strlen(got) || (!isnan(v) && strtof(got, NULL) != v)) {
        if (differ++ < 10) fprintf(stderr, "float %a: got '%s', printf '%s'\n", (double)v, got, want);
    }
}

static float from_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

int main(void)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 600000; i++) {         /* random bit patterns */
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        try(from_bits((uint32_t)s));
    }
    for (float v = -8.0f; v < 1.0f; v += 0.00001f) try(v);      /* the ARPA band */
    for (int k = -25; k <= 32; k++) {          /* decimal exponent changes */
        float p = (float)pow(10.0, k);
        float w[] = { p, nextafterf(p, 0), nextafterf(p, INFINITY),
                      nextafterf(nextafterf(p, 0), 0), 9.9999995f * p, 0.5f * p };
        for (size_t j = 0; j < sizeof w / sizeof *w; j++) try(w[j]), try(-w[j]);
    }
    for (int k = -70; k <= 100; k++) {        /* powers of two: the gap below halves */
        float p = ldexpf(1.0f, k);
        float w[] = { p, nextafterf(p, 0), nextafterf(p, INFINITY), 3 * p, 1.5f * p };
        for (size_t j = 0; j < sizeof w / sizeof *w; j++) try(w[j]), try(-w[j]);
    }
    for (uint32_t b = 0x3c000000u; b < 0x3c000000u + 2000000u; b += 7) try(-from_bits(b));   /* ~0.0078 up */
    float specials[] = { 0.0f, -0.0f, 1.0f, -1.0f, -99.0f, 0.1f, 1e-5f, 123456.7f, 1e7f,
                         INFINITY, -INFINITY, NAN, 1e-45f, 3.4028235e38f, 1.1754944e-38f };
    for (size_t j = 0; j < sizeof specials / sizeof *specials; j++) try(specials[j]);
    CHECK(differ == 0);
    printf("test_floatfmt: %ld floats, %ld differ from printf\n", tried, differ);
    return failures != 0;
}
