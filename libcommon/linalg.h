/* linalg.h — the matrix products the network and the cells are made of,
 * over row-major float arrays, on OpenBLAS (loaded by the first of them
 * that runs); and the one place that sets how many threads OpenBLAS may
 * use. */
#ifndef LM_LINALG_H
#define LM_LINALG_H

/* out (M, N) = a (M, K) . w (N, K)^T  (+ out if accumulate) */
void gemm_nt(int M, int N, int K, const float *a, const float *w, float *out, int accumulate);
/* out (M, K) = a (M, N) . w (N, K)  (+ out if accumulate) */
void gemm_nn(int M, int N, int K, const float *a, const float *w, float *out, int accumulate);
/* dw (N, K) += g (M, N)^T . x (M, K) */
void gemm_tn_acc(int M, int N, int K, const float *g, const float *x, float *dw);
/* db (N) += column sums of g (M, N) */
void colsum_acc(int M, int N, const float *g, float *db);

/* The tool's thread count for OpenBLAS (lm-train, lm-score --threads).
 * parallel_run's workers run it single-threaded and put this back. */
void linalg_set_threads(int n);
int linalg_threads(void);

#endif
