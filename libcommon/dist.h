/* dist.h — lm-train's ranks: the processes of one data-parallel run
 * started by mpirun.  Built against MPI (make MPI=1) this is
 * dist_mpi.c; otherwise dist_none.c, a single rank that refuses to run
 * as one of several copies a launcher started.
 *
 * Every rank holds the whole model and the same data and applies the same
 * update; ranks differ only in which of the batch's streams they run.
 * The collectives below are called by every rank in the same order; an
 * error in one (a rank that died) ends this rank with a message.  Without
 * a launcher (one rank) each is a no-op or a local copy. */
#ifndef LM_DIST_H
#define LM_DIST_H

#include <stdbool.h>
#include <stddef.h>

/* Joins the run (MPI_Init when started by mpirun).  The built-without-MPI
 * variant dies if a launcher started several copies. */
void dist_init(void);
void dist_finish(void);
int dist_rank(void);
int dist_size(void);
/* The launcher's process count from its environment (OpenMPI, MPICH,
 * PMIx), 0 when none started this process. */
int dist_launcher_size(void);
/* This process's rank by the same variables (0 when none). */
int dist_launcher_rank(void);

/* BUF's [LO, HI) is this rank's; afterwards every rank has every rank's
 * range of BUF (the ranges of the ranks must not overlap). */
void dist_share_f32(float *buf, size_t lo, size_t hi);
void dist_share_f64(double *buf, size_t lo, size_t hi);

/* The fixed-order sum of G = K x size weighted shard gradients: rank r
 * holds shards r*K .. r*K+K-1 in MINE[0..K-1], WGT[0..G-1] weights all of
 * them; every rank gets SUM[i] = the left fold over s = 0..G-1 of
 * WGT[s] * shard_s[i] (train.h's shards_fold), so the result is the same bits as
 * one process folding the G shards itself.  A reduce-scatter (each rank
 * folds a 1/size slice of the parameters) then an allgather: each rank
 * sends (K + 1)(size - 1)/size x N floats, a ring allreduce's volume for
 * K = 1.  SCRATCH has room for G x ceil(N / size) floats. */
void dist_sum_shards(float *sum, float *const *mine, int K, const float *wgt, size_t n,
                     float *scratch);

/* Every rank's N values, in rank order, into ALL (size x N). */
void dist_gather_f64(const double *mine, int n, double *all);
/* The largest of each of V[0..N-1] over the ranks, into V. */
void dist_max_f64(double *v, int n);

/* Seconds spent communicating in dist_sum_shards since dist_init (its
 * own fold excluded; waiting for the slowest rank included). */
double dist_comm_seconds(void);

#endif
