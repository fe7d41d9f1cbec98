/* linalg.c — the GEMM shapes of the network and the cells, on OpenBLAS.
 *
 * OpenBLAS is loaded (dlopen) by the first product or thread setting, not
 * linked: loaded with the program it relocates three libraries (itself,
 * libgfortran, libquadmath) and starts a thread pool whose threads spin
 * for a tenth of a second, which every tool paid for, the n-gram ones for
 * nothing (lm-score on an n-gram: about 2 ms of its start-up and a busy
 * core). */
#include "linalg.h"
#include "util.h"

#include <cblas.h>
#include <dlfcn.h>
#include <pthread.h>

static struct {           /* the prototypes are cblas.h's */
    __typeof__(cblas_sgemm) *sgemm;
    __typeof__(cblas_sgemv) *sgemv;
    __typeof__(openblas_set_num_threads) *set_num_threads;
    __typeof__(openblas_get_num_threads) *get_num_threads;
} blas;

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

static void *blas_symbol(void *lib, const char *name)
{
    void *f = dlsym(lib, name);
    if (!f) die("OpenBLAS has no %s: %s", name, dlerror());
    return f;
}

static void blas_load(void)
{
    static const char *names[] = { "libopenblas.so.0", "libopenblas.so" };
    void *lib = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !lib; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) die("cannot load OpenBLAS (%s): install libopenblas0 (make deps)", dlerror());
    *(void **)&blas.sgemm = blas_symbol(lib, "cblas_sgemm");
    *(void **)&blas.sgemv = blas_symbol(lib, "cblas_sgemv");
    *(void **)&blas.set_num_threads = blas_symbol(lib, "openblas_set_num_threads");
    *(void **)&blas.get_num_threads = blas_symbol(lib, "openblas_get_num_threads");
}

static inline void blas_ready(void)
{
    pthread_once(&blas_once, blas_load);
}

#define cblas_sgemm (blas_ready(), blas.sgemm)
#define cblas_sgemv (blas_ready(), blas.sgemv)

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

void linalg_set_threads(int n)
{
    blas_ready();
    blas.set_num_threads(n < 1 ? 1 : n);
}

int linalg_threads(void)
{
    blas_ready();
    return blas.get_num_threads();
}
