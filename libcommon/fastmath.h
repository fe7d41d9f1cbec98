/* fastmath.h — exp, the logistic function, tanh and softplus for the gate loops.
 *
 * glibc's tanhf goes through expm1f and cost a quarter of a training step;
 * this exp is branch-free (so the gate loops vectorise) and within 3 ulp
 * of the exact exp on [-87, 87] (2.9 measured, tests/unit/test_fastmath.c):
 * x = n ln2 + r, |r| <= ln2/2, exp(r) by its degree-6 Taylor polynomial
 * (error < 2e-8), times 2^n built in the exponent bits.  Arguments are
 * clamped to [-87, 87], where expf would under- or overflow anyway. */
#ifndef LM_FASTMATH_H
#define LM_FASTMATH_H

#include <math.h>
#include <stdint.h>

static inline float lm_expf(float x)
{
    x = x < -87.0f ? -87.0f : x > 87.0f ? 87.0f : x;
    /* round to nearest by the 1.5 * 2^23 trick: no libm call, so it vectorises */
    float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = x - n * 0.693145751953125f;          /* ln2 split in two for accuracy */
    r = r - n * 1.42860682030941723e-6f;
    float p = 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    union { float f; uint32_t u; } b = { .f = p };
    b.u += (uint32_t)(int32_t)n << 23;   /* unsigned: a negative n wraps, as wanted */
    return b.f;
}

static inline float lm_sigmoidf(float x)
{
    return 1.0f / (1.0f + lm_expf(-x));
}

/* tanh(x) = 2 sigmoid(2x) - 1: absolute error about 1e-7. */
static inline float lm_tanhf(float x)
{
    return 2.0f / (1.0f + lm_expf(-2.0f * x)) - 1.0f;
}

/* log(1 + t) for t in [0, 1] (what a softplus needs: t = exp(-|x|)), branch
 * free like lm_expf: with s = t / (2 + t), log(1 + t) = 2 atanh(s) =
 * 2 (s + s^3/3 + s^5/5 + ...), s <= 1/3, so seven terms truncate at a
 * relative 2e-8, and the rounding of 2 + t brings it to 1.7e-7 (3 ulp;
 * measured against log1p in double on a 1e-6 grid); s comes from t with no
 * cancellation, so tiny t stay exact (log1p(t) = t). */
static inline float lm_log1pf_unit(float t)
{
    float s = t / (2.0f + t), z = s * s;
    float p = 1.0f / 13;
    p = p * z + 1.0f / 11;
    p = p * z + 1.0f / 9;
    p = p * z + 1.0f / 7;
    p = p * z + 1.0f / 5;
    p = p * z + 1.0f / 3;
    float s2 = 2.0f * s;
    return s2 + s2 * z * p;   /* the small part added last: 1 ulp, not 4 */
}

/* softplus(x) = log(1 + e^x) as max(x, 0) + log(1 + exp(-|x|)): one form
 * for both signs and no libm call, so a loop over it vectorises; within
 * 3.3e-7 relative of the exact value on [-30, 30]. */
static inline float lm_softplusf(float x)
{
    return (x > 0 ? x : 0.0f) + lm_log1pf_unit(lm_expf(-fabsf(x)));
}

#endif
