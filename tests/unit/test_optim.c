/* The averages lm-train's model can be (optim.h): ASGD's running mean
 * against the mean of the iterates summed in double, and NT-ASGD's
 * trigger against hand-worked sequences of validation losses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "optim.h"
#include "rng.h"

#include "check.h"

/* K iterates of N weights, averaged as train.c does after NT-ASGD fires
 * (the average starts as the first iterate, then one update per step),
 * against sum / K in double. */
static void test_uniform_average(int K, size_t N)
{
    lm_rng r;
    rng_seed(&r, (uint64_t)K);
    float *w = malloc(N * sizeof *w), *avg = malloc(N * sizeof *avg);
    double *sum = calloc(N, sizeof *sum);
    double worst = 0;
    for (int k = 1; k <= K; k++) {
        for (size_t i = 0; i < N; i++) {
            w[i] = (float)(rng_uniform(&r) * 4 - 2 + 0.01 * k);   /* drifting, as weights do */
            sum[i] += w[i];
        }
        if (k == 1)
            for (size_t i = 0; i < N; i++) avg[i] = w[i];
        else
            optim_average_uniform(avg, w, N, (uint64_t)k);
    }
    for (size_t i = 0; i < N; i++) {
        double d = fabs(avg[i] - sum[i] / K);
        worst = d > worst ? d : worst;
    }
    printf("uniform average of %d iterates: max |running - exact| %.2e\n", K, worst);
    CHECK(worst < 1e-5 * (1 + 0.01 * K));   /* float32 rounding, a few ulps per step */
    free(w), free(avg), free(sum);
}

static void test_trigger(void)
{
    /* interval 2: needs more than 2 earlier losses */
    const double down[] = { 3.0, 2.5, 2.4, 2.3 };
    CHECK(!nt_asgd_trigger(down, 0, 5.0, 2));
    CHECK(!nt_asgd_trigger(down, 2, 5.0, 2));      /* only 2 before: too few */
    CHECK(nt_asgd_trigger(down, 3, 3.1, 2));        /* 3.1 > min(3.0) */
    CHECK(!nt_asgd_trigger(down, 3, 2.9, 2));       /* 2.9 < 3.0: still improving on old ones */
    CHECK(!nt_asgd_trigger(down, 4, 2.5, 2));       /* 2.5 > min(3.0, 2.5)? equal: no */
    CHECK(nt_asgd_trigger(down, 4, 2.51, 2));
    /* the last INTERVAL losses do not count: a recent low does not stop it */
    const double recent_low[] = { 2.0, 2.2, 1.0, 1.1 };
    CHECK(nt_asgd_trigger(recent_low, 4, 2.1, 2));  /* > min(2.0, 2.2) = 2.0 */
    CHECK(!nt_asgd_trigger(recent_low, 4, 1.9, 2));
    CHECK(!nt_asgd_trigger(recent_low, 4, 9.0, 0)); /* off */
    CHECK(nt_asgd_trigger(recent_low, 1, 2.5, 0) == false);
    CHECK(nt_asgd_trigger(recent_low, 2, 2.5, 1));  /* 2.5 > min(2.0) */
}

int main(void)
{
    test_uniform_average(1, 5);
    test_uniform_average(10, 1000);
    test_uniform_average(500, 200);
    test_trigger();
    if (failures) fprintf(stderr, "test_optim: %d failures\n", failures);
    return failures ? 1 : 0;
}
