/* cell.c — the table of cells, and the GEMM shapes they share. */
#include "cell.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

extern const lm_cell cell_rnn, cell_lstm, cell_gru;

/* One line per cell. */
static const lm_cell *const cells[] = {
    &cell_rnn,
    &cell_lstm,
    &cell_gru,
};

const lm_cell *cell_find(const char *name)
{
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        if (strcmp(cells[i]->name, name) == 0) return cells[i];
    return NULL;
}

const char *cell_names(void)
{
    return "rnn, lstm, gru";
}

float init_bound(const lm_weight_init *init, int fan)
{
    return init->scale > 0 ? init->scale : 1.0f / sqrtf((float)fan);
}

void cell_uniform(float *p, size_t n, float k, lm_rng *rng)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)((2.0 * rng_uniform(rng) - 1.0) * k);
}

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

void cell_input_projection(const lm_cell_dims *d, int N, const float *x, const float *W, float *out)
{
    if (d->xproj) memcpy(out, d->xproj, (size_t)d->T * d->B * N * sizeof(float));
    else gemm_nt(d->T * d->B, N, d->in, x, W, out, 0);
}

void colsum_acc(int M, int N, const float *g, float *db)
{
    for (int m = 0; m < M; m++) {
        const float *row = g + (size_t)m * N;
        for (int j = 0; j < N; j++) db[j] += row[j];
    }
}
