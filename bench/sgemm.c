/* sgemm.c — OpenBLAS sgemm GFLOP/s for one shape, the roofline lm-train is
 * measured against:  sgemm M N K [SECONDS]  (C(M,N) += A(M,K) B(K,N)^T,
 * the NT shape of the cells' products). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: sgemm M N K [SECONDS]\n");
        return 2;
    }
    int M = atoi(argv[1]), N = atoi(argv[2]), K = atoi(argv[3]);
    double budget = argc > 4 ? atof(argv[4]) : 1.0;
    float *a = malloc(sizeof(float) * M * K), *b = malloc(sizeof(float) * N * K),
          *c = calloc((size_t)M * N, sizeof(float));
    for (long i = 0; i < (long)M * K; i++) a[i] = (float)(i % 7) * 0.1f;
    for (long i = 0; i < (long)N * K; i++) b[i] = (float)(i % 5) * 0.1f;
    long reps = 0;
    double t0 = now(), t;
    do {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, a, K, b, K, 1.0f, c, N);
        reps++;
    } while ((t = now() - t0) < budget);
    printf("%.2f\n", 2.0 * M * N * K * reps / t / 1e9);
    return c[0] == 12345.0f;   /* keep the result alive */
}
