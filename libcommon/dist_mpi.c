/* dist_mpi.c — lm-train's ranks over MPI (make MPI=1): the only file that
 * includes mpi.h.  Started without a launcher it is one rank and never
 * calls MPI, so an MPI build runs like any other outside mpirun.
 *
 * Only the thread that called dist_init calls MPI (the training threads
 * inside a rank never do): MPI_THREAD_FUNNELED. */
#include "dist.h"

#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"
#include "util.h"

static int rank, size = 1;
static bool joined;
static double comm_seconds;

/* A collective that fails means a rank is gone (or the fabric is): this
 * rank cannot continue, and says so rather than hanging or crashing. */
static void check(int rc, const char *what)
{
    if (rc == MPI_SUCCESS) return;
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    die("rank %d of %d: %s failed (%s): another rank has probably died; the run stops here "
        "(the last checkpoint written is intact: continue with --resume)", rank, size, what, msg);
}

void dist_init(void)
{
    if (dist_launcher_size() == 0) return;
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        die("MPI_Init failed");
    joined = true;
    /* Errors come back to check() instead of aborting inside MPI. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
}

void dist_finish(void)
{
    if (joined) MPI_Finalize();
    joined = false;
}

int dist_rank(void) { return rank; }
int dist_size(void) { return size; }
double dist_comm_seconds(void) { return comm_seconds; }

static int as_count(size_t n)
{
    if (n > INT_MAX) die("%zu values in one message: MPI counts stop at %d", n, INT_MAX);
    return (int)n;
}

/* Every rank's [lo, hi) of BUF, of TYPE, to every rank. */
static void share(void *buf, size_t lo, size_t hi, MPI_Datatype type)
{
    if (size == 1) return;
    unsigned long long mine[2] = { lo, hi }, *all = xmalloc(xmul(2 * (size_t)size, sizeof *all));
    int *counts = xmalloc(xmul((size_t)size, sizeof *counts));
    int *displs = xmalloc(xmul((size_t)size, sizeof *displs));
    check(MPI_Allgather(mine, 2, MPI_UNSIGNED_LONG_LONG, all, 2, MPI_UNSIGNED_LONG_LONG,
                        MPI_COMM_WORLD), "MPI_Allgather");
    for (int q = 0; q < size; q++) {
        counts[q] = as_count(all[2 * q + 1] - all[2 * q]);
        displs[q] = as_count(all[2 * q]);
    }
    check(MPI_Allgatherv(MPI_IN_PLACE, 0, type, buf, counts, displs, type, MPI_COMM_WORLD),
          "MPI_Allgatherv");
    free(all);
    free(counts);
    free(displs);
}

void dist_share_f32(float *buf, size_t lo, size_t hi) { share(buf, lo, hi, MPI_FLOAT); }
void dist_share_f64(double *buf, size_t lo, size_t hi) { share(buf, lo, hi, MPI_DOUBLE); }

void dist_gather_f64(const double *mine, int n, double *all)
{
    if (size == 1) {
        memcpy(all, mine, (size_t)n * sizeof *all);
        return;
    }
    check(MPI_Allgather(mine, n, MPI_DOUBLE, all, n, MPI_DOUBLE, MPI_COMM_WORLD),
          "MPI_Allgather");
}

void dist_max_f64(double *v, int n)
{
    if (size == 1) return;
    check(MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD),
          "MPI_Allreduce");
}

void dist_sum_shards(float *sum, float *const *mine, int K, const float *wgt, size_t n,
                     float *scratch)
{
    if (size == 1) {
        shards_fold(sum, (const float *const *)mine, wgt, K, n);
        return;
    }
    double t0 = lm_now();
    const int P = size, G = K * P;
    int *scount = xmalloc(xmul((size_t)P, sizeof *scount));
    int *sdispl = xmalloc(xmul((size_t)P, sizeof *sdispl));
    int *rcount = xmalloc(xmul((size_t)P, sizeof *rcount));
    int *rdispl = xmalloc(xmul((size_t)P, sizeof *rdispl));
    const float **slice = xmalloc(xmul((size_t)G, sizeof *slice));
    /* Rank q folds parameters [n q / P, n (q+1) / P). */
    size_t lo = n * (size_t)rank / (size_t)P, len = n * (size_t)(rank + 1) / (size_t)P - lo;
    for (int q = 0; q < P; q++) {
        size_t qlo = n * (size_t)q / (size_t)P;
        scount[q] = as_count(n * (size_t)(q + 1) / (size_t)P - qlo);
        sdispl[q] = as_count(qlo);
        rcount[q] = as_count(len);
    }
    /* Shard s's slice lands at scratch + s * len, in global shard order. */
    for (int j = 0; j < K; j++) {
        for (int q = 0; q < P; q++) rdispl[q] = as_count((size_t)(q * K + j) * len);
        check(MPI_Alltoallv(mine[j], scount, sdispl, MPI_FLOAT, scratch, rcount, rdispl,
                            MPI_FLOAT, MPI_COMM_WORLD), "MPI_Alltoallv");
    }
    for (int s = 0; s < G; s++) slice[s] = scratch + (size_t)s * len;
    double f0 = lm_now();
    shards_fold(sum + lo, slice, wgt, G, len);
    double fold = lm_now() - f0;   /* arithmetic, not communication */
    check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_FLOAT, sum, scount, sdispl, MPI_FLOAT,
                         MPI_COMM_WORLD), "MPI_Allgatherv");
    free(scount);
    free(sdispl);
    free(rcount);
    free(rdispl);
    free(slice);
    comm_seconds += lm_now() - t0 - fold;
}
