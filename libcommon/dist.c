/* dist.c — what both variants of the ranks (dist_mpi.c, dist_none.c)
 * need: whether a launcher started this process, and as one of how many. */
#include "dist.h"

#include <stdlib.h>

/* The first of the launchers' variables that is set, as a number; -1 if
 * none is.  OpenMPI's mpirun, MPICH/Intel's hydra, a PMIx launcher. */
static long launcher_var(const char *const vars[3])
{
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            long n = strtol(v, NULL, 10);
            return n >= 0 && n < (1 << 24) ? n : 0;
        }
    }
    return -1;
}

int dist_launcher_size(void)
{
    static const char *const vars[3] = { "OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE" };
    long n = launcher_var(vars);
    return n < 0 ? 0 : n < 1 ? 1 : (int)n;
}

int dist_launcher_rank(void)
{
    static const char *const vars[3] = { "OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK" };
    long r = launcher_var(vars);
    return r < 0 ? 0 : (int)r;
}
