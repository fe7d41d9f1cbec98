/* floatfmt.c — "%.Pg" of a float, exactly, without printf.  See floatfmt.h. */
#include "floatfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static u128 pow10_u128(int k)      /* k <= 38 */
{
    u128 r = 1;
    while (k-- > 0) r *= 10;
    return r;
}

static const uint64_t pow10_u64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
    10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
    100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
};

static const double pow10_double[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The P significant digits of A (finite, 1e-20 <= A <= 1e30: the products below stay under 2^121), rounded half
 * to even from A's exact binary value: A ~ *M * 10^(*X - P + 1) with
 * 10^(P-1) <= *M < 10^P.  *X is the exponent "%.Pe" would print. */
static void decimal_digits(float a, int p, uint64_t *m, int *x)
{
    int e2;
    float fr = frexpf(a, &e2);                 /* a = fr * 2^e2, fr in [0.5, 1) */
    uint32_t mant = (uint32_t)ldexpf(fr, 24);  /* a = mant * 2^(e2 - 24), exactly */
    int e = e2 - 24;
    int dx = (int)floor((e2 - 1) * 0.30102999566398120);   /* log10 of 2^(e2-1): a guess, fixed below */
    uint64_t lo = (uint64_t)pow10_u128(p - 1), hi = lo * 10;
    for (;;) {
        int s = p - 1 - dx;                    /* m = round(a * 10^s) = num / den */
        u128 num = mant, den = 1;
        if (s >= 0) num *= pow10_u128(s);
        else den = pow10_u128(-s);
        if (e >= 0) num <<= e;
        else den <<= -e;
        u128 q, r;
        if (s >= 0 && e < 0) q = num >> -e, r = num & (den - 1);    /* den a power of two */
        else q = num / den, r = num % den;
        if (2 * r > den || (2 * r == den && (q & 1))) q++;
        if (q >= hi) dx++;                     /* rounding carried into a new digit */
        else if (q < lo) dx--;
        else {
            *m = (uint64_t)q;
            *x = dx;
            return;
        }
    }
}

/* Whether M * 10^K reads back (by a correctly rounding strtof) as A,
 * decided with one double operation unless that double is within an ulp
 * of a boundary between A and a neighbour; then TEXT is read. */
static bool reads_back(float a, uint64_t m, int k, const char *text)
{
    if (k >= -22 && k <= 22) {
        double d = k >= 0 ? (double)m * pow10_double[k] : (double)m / pow10_double[-k];
        double ulp = ldexp(1.0, ilogb(d) - 52);
        uint32_t bits;                          /* a's neighbours: a is positive and finite */
        memcpy(&bits, &a, sizeof bits);
        float down, up;
        uint32_t b_down = bits - 1, b_up = bits + 1;
        memcpy(&down, &b_down, sizeof down);
        memcpy(&up, &b_up, sizeof up);
        double below = ((double)a + down) / 2;  /* exact in double */
        double above = ((double)a + up) / 2;
        if (fabs(d - below) > ulp && fabs(d - above) > ulp) return (float)d == a;
    }
    return fabsf(strtof(text, NULL)) == a;
}

/* "%.Pg" of the digits M (P of them, P <= 9) with exponent X, sign NEG.
 * The trailing zeros %g drops are divided off first; each digit is then
 * stored once at its place in BUF (a buffer of digits copied over would
 * stall on loads of bytes just stored). */
static size_t render(char *buf, bool neg, uint64_t m, int p, int x)
{
    bool sci = x < -4 || x >= p;
    int intd = x + 1;                          /* digits before the point (<= 0: none) */
    int keep = sci ? 1 : intd > 0 ? intd : 1;  /* digits kept even when zero */
    uint32_t u = (uint32_t)m;
    int nd = p;
    while (nd > keep && u % 10 == 0) u /= 10, nd--;
    char *o = buf;
    *o = '-';
    o += neg;
    if (sci) {                                 /* d.ddde+XX */
        for (int i = nd - 1; i >= 1; i--) o[i + 1] = (char)('0' + u % 10), u /= 10;
        o[0] = (char)('0' + u);
        o[1] = '.';
        o += nd > 1 ? nd + 1 : 1;
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        int ax = abs(x);
        if (ax >= 100) *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10);
        *o++ = (char)('0' + ax % 10);
    } else if (intd <= 0) {                    /* 0.000ddd */
        o[0] = '0';
        o[1] = '.';
        for (int i = 0; i < -intd; i++) o[2 + i] = '0';
        o += 2 - intd;
        for (int i = nd - 1; i >= 0; i--) o[i] = (char)('0' + u % 10), u /= 10;
        o += nd;
    } else {                                   /* ddd.ddd */
        for (int i = nd - 1; i >= 0; i--) o[i + (i >= intd)] = (char)('0' + u % 10), u /= 10;
        if (nd > intd) o[intd] = '.';
        o += nd > intd ? nd + 1 : intd;
    }
    *o = 0;
    return (size_t)(o - buf);
}

/* The common case of an ARPA file, 1e-20 <= A < 2^24 with P digits
 * after at most 8 before the point, in integer arithmetic alone: A is
 * MANT * 2^E exactly (E < 0), so A * 10^S = MANT * 10^S / 2^-E, and the
 * P digits are that quotient, rounded half to even.  Whether they read
 * back is exact too: the decimal Q * 10^-S is read as A when it lies
 * within half a gap of A, |Q * 2^-E - MANT * 10^S| < 10^S / 2 (a quarter
 * below a power of two, where the gap below halves), a tie going to the
 * even mantissa, as strtof rounds.  False where this does not apply. */
static bool fast_format(char *buf, float v, float a, int min_prec, size_t *len)
{
    uint32_t bits;
    memcpy(&bits, &a, sizeof bits);
    uint32_t mant = (bits & 0x7fffff) | 0x800000;
    int e = (int)(bits >> 23 & 0xff) - 150;    /* a = mant * 2^e */
    if (e >= 0) return false;
    int sh = -e;
    /* the decimal exponent of 2^(e+23) <= a, from which each precision
     * climbs: the digits' exponent is the least that leaves P digits
     * after rounding (from above, a carry would pass for P digits) */
    int dx0 = (int)floor((e + 23) * 0.30102999566398120);
    for (int p = min_prec; p <= 9; p++) {
        int dx = dx0;
        uint64_t lo = pow10_u64[p - 1], hi = lo * 10, q;
        u128 num, ten;
        for (;;) {
            int s = p - 1 - dx;
            if (s < 0 || s > 30) return false;   /* mant * 10^s < 2^128 */
            ten = s <= 19 ? pow10_u64[s] : (u128)pow10_u64[19] * pow10_u64[s - 19];
            num = (u128)mant * ten;
            q = (uint64_t)(num >> sh);
            u128 r = num & (((u128)1 << sh) - 1), half = (u128)1 << (sh - 1);
            if (r > half || (r == half && (q & 1))) q++;
            if (q >= hi) dx++;
            else if (q < lo) dx--;
            else break;
        }
        *len = render(buf, v < 0, q, p, dx);
        if (p == 9) return true;
        u128 at = (u128)q << sh;               /* the decimal, scaled as num */
        u128 d = at >= num ? at - num : num - at;
        int scale = at < num && mant == 0x800000 ? 4 : 2;
        u128 dd = d * (u128)scale;
        if (dd < ten || (dd == ten && !(mant & 1))) return true;
    }
    return true;
}

size_t float_format(char *buf, float v, int min_prec)
{
    float a = fabsf(v);
    if (min_prec < 1) min_prec = 1;
    if (!(a >= 1e-20f && a <= 1e30f)) {        /* zero, tiny, huge, inf, nan */
        int n = 0;
        for (int p = min_prec; p <= 9; p++) {
            n = snprintf(buf, FLOAT_FORMAT_MAX, "%.*g", p, (double)v);
            if (isnan(v) || strtof(buf, NULL) == v) break;
        }
        return (size_t)n;
    }
    size_t n = 0;
    if (min_prec <= 9 && fast_format(buf, v, a, min_prec, &n)) return n;
    for (int p = min_prec; p <= 9; p++) {
        uint64_t m;
        int x;
        decimal_digits(a, p, &m, &x);
        n = render(buf, v < 0, m, p, x);
        if (p == 9 || reads_back(a, m, x - p + 1, buf)) break;
    }
    return n;
}
