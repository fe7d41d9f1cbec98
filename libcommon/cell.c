/* cell.c — the table of cells, and the GEMM shapes they share. */
#include "cell.h"

#include <cblas.h>
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

void cell_uniform(float *p, size_t n, float k, lm_rng *rng)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)((2.0 * rng_uniform(rng) - 1.0) * k);
}

void gemm_nt(int M, int N, int K, const float *a, const float *w, float *out, int accumulate)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, a, K, w, K,
                accumulate ? 1.0f : 0.0f, out, N);
}

void gemm_nn(int M, int N, int K, const float *a, const float *w, float *out, int accumulate)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, K, N, 1.0f, a, N, w, K,
                accumulate ? 1.0f : 0.0f, out, K);
}

void gemm_tn_acc(int M, int N, int K, const float *g, const float *x, float *dw)
{
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, N, K, M, 1.0f, g, N, x, K, 1.0f, dw, K);
}

void colsum_acc(int M, int N, const float *g, float *db)
{
    for (int m = 0; m < M; m++) {
        const float *row = g + (size_t)m * N;
        for (int j = 0; j < N; j++) db[j] += row[j];
    }
}
