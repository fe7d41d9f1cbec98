/* parallel.c — fork-join over pthreads.  Threads are created per call:
 * the work between calls (a training window) takes milliseconds, the
 * creation microseconds. */
#include "parallel.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "linalg.h"
#include "util.h"

typedef struct job {
    void (*fn)(void *, int);
    void *arg;
    int i;
} job;

static void *run_job(void *p)
{
    job *j = p;
    j->fn(j->arg, j->i);
    return NULL;
}

void parallel_run(int n, void (*fn)(void *arg, int i), void *arg)
{
    if (n <= 1) {
        if (n == 1) fn(arg, 0);
        return;
    }
    if (n > LM_PARALLEL_MAX) die("%d pieces of parallel work: the limit is %d", n, LM_PARALLEL_MAX);
    pthread_t tid[LM_PARALLEL_MAX];
    job jobs[LM_PARALLEL_MAX];
    /* The workers are the parallelism: OpenBLAS runs single-threaded
     * inside them, and the caller's setting comes back afterwards. */
    int blas = linalg_threads();
    linalg_set_threads(1);
    for (int i = 1; i < n; i++) {
        jobs[i] = (job){ fn, arg, i };
        int e = pthread_create(&tid[i], NULL, run_job, &jobs[i]);
        if (e) {
            errno = e;
            die_errno("cannot start a thread");
        }
    }
    fn(arg, 0);
    for (int i = 1; i < n; i++) pthread_join(tid[i], NULL);
    linalg_set_threads(blas);
}
