/* linalg.c — the GEMM shapes of the network and the cells, on OpenBLAS. */
#include "linalg.h"

#include <cblas.h>

/* A single row (sampling, one token at a time) is a matrix-vector product:
 * sgemm would repack the whole weight matrix on every call. */
void gemm_nt(int M, int N, int K, const float *a, const float *w, float *out, int accumulate)
{
    if (M == 1) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, N, K, 1.0f, w, K, a, 1, accumulate ? 1.0f : 0.0f,
                    out, 1);
        return;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, a, K, w, K,
                accumulate ? 1.0f : 0.0f, out, N);
}

/* OpenBLAS runs the tall products of the backward (thousands of rows,
 * a few hundred columns) at half its speed on the square ones; cut into
 * blocks of rows that stay in cache it runs them at full speed (measured
 * with bench/sgemm-like probes: 2500x128x512 NN 46 -> 100 GFLOP/s, the TN
 * weight-gradient product 64 -> 96). */
#define GEMM_ROWS 512

void gemm_nn(int M, int N, int K, const float *a, const float *w, float *out, int accumulate)
{
    if (M == 1) {
        cblas_sgemv(CblasRowMajor, CblasTrans, N, K, 1.0f, w, K, a, 1, accumulate ? 1.0f : 0.0f,
                    out, 1);
        return;
    }
    for (int m0 = 0; m0 < M; m0 += GEMM_ROWS) {
        int mb = M - m0 < GEMM_ROWS ? M - m0 : GEMM_ROWS;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, mb, K, N, 1.0f, a + (size_t)m0 * N,
                    N, w, K, accumulate ? 1.0f : 0.0f, out + (size_t)m0 * K, K);
    }
}

void gemm_tn_acc(int M, int N, int K, const float *g, const float *x, float *dw)
{
    for (int m0 = 0; m0 < M; m0 += GEMM_ROWS) {
        int mb = M - m0 < GEMM_ROWS ? M - m0 : GEMM_ROWS;
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, N, K, mb, 1.0f, g + (size_t)m0 * N, N,
                    x + (size_t)m0 * K, K, 1.0f, dw, K);
    }
}

void colsum_acc(int M, int N, const float *g, float *db)
{
    for (int m = 0; m < M; m++) {
        const float *row = g + (size_t)m * N;
        for (int j = 0; j < N; j++) db[j] += row[j];
    }
}

/* OpenBLAS's own, exported but in no header (its fork handler); weak so
 * that another BLAS links too. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

void linalg_release_threads(void)
{
    if (blas_thread_shutdown_) blas_thread_shutdown_();
}

void linalg_set_threads(int n)
{
    openblas_set_num_threads(n < 1 ? 1 : n);
}

int linalg_threads(void)
{
    return openblas_get_num_threads();
}
