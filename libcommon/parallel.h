/* parallel.h — run N pieces of work on N threads and wait for all. */
#ifndef LM_PARALLEL_H
#define LM_PARALLEL_H

#define LM_PARALLEL_MAX 256

/* Calls fn(arg, i) for i = 0..n-1, each on its own thread (i = 0 on the
 * caller's), and returns when all have finished.  N above LM_PARALLEL_MAX
 * is an error (the callers bound their thread counts below it). */
void parallel_run(int n, void (*fn)(void *arg, int i), void *arg);

#endif
