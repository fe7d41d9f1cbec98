/* rng.h — the one random number generator: xoshiro256** (Blackman and
 * Vigna), seeded through splitmix64.  Its whole state is four 64-bit words,
 * so a checkpoint saves it and a resumed run draws the same numbers. */
#ifndef LM_RNG_H
#define LM_RNG_H

#include <stdint.h>

typedef struct lm_rng {
    uint64_t s[4];
} lm_rng;

void rng_seed(lm_rng *r, uint64_t seed);
uint64_t rng_u64(lm_rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double rng_uniform(lm_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(lm_rng *r, uint64_t n);
/* Standard normal (Box-Muller; one value per call, the pair's twin dropped
 * so the state is the four words alone). */
double rng_normal(lm_rng *r);

#endif
