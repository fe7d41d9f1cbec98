/* dist_none.c — the ranks of a build without MPI: always one.  Started by
 * mpirun as one of several copies, each would train the whole model on
 * its own and race the others to write the same checkpoint; it refuses. */
#include "dist.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "train.h"
#include "util.h"

void dist_init(void)
{
    int n = dist_launcher_size();
    if (n <= 1) return;
    /* One line for the job, from rank 0; the others leave a moment
     * later, so that mpirun's reaction to them cannot cut it off. */
    if (dist_launcher_rank() != 0) {
        nanosleep(&(struct timespec){ .tv_nsec = 300000000 }, NULL);
        exit(1);
    }
    die("started by a launcher (mpirun) as one of %d processes, but built without MPI: "
            "rebuild with 'make MPI=1'", n);
}

void dist_finish(void) {}
int dist_rank(void) { return 0; }
int dist_size(void) { return 1; }
void dist_share_f32(float *buf, size_t lo, size_t hi) { (void)buf, (void)lo, (void)hi; }
void dist_share_f64(double *buf, size_t lo, size_t hi) { (void)buf, (void)lo, (void)hi; }
void dist_gather_f64(const double *mine, int n, double *all)
{
    memcpy(all, mine, (size_t)n * sizeof *all);
}
void dist_max_f64(double *v, int n) { (void)v, (void)n; }
double dist_comm_seconds(void) { return 0; }

void dist_sum_shards(float *sum, float *const *mine, int K, const float *wgt, size_t n,
                     float *scratch)
{
    (void)scratch;
    shards_fold(sum, (const float *const *)mine, wgt, K, n);
}
