/* fastmath.h — exp, the logistic function and tanh for the gate loops.
 *
 * glibc's tanhf goes through expm1f and cost a quarter of a training step;
 * this exp is branch-free (so the gate loops vectorise) and within 2 ulp
 * of expf on the range that matters: x = n ln2 + r, |r| <= ln2/2, exp(r)
 * by its degree-6 Taylor polynomial (error < 2e-8), times 2^n built in the
 * exponent bits.  Arguments are clamped to [-87, 87], where expf would
 * under- or overflow anyway. */
#ifndef LM_FASTMATH_H
#define LM_FASTMATH_H

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

#endif
