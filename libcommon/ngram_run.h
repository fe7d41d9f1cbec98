/* ngram_run.h — lm-ngram's jobs, each one call: count, merge counts,
 * estimate (and prune) a model, convert an ARPA file, write the result.
 * The tool fills the options and reports usage errors; this reports
 * runtime errors (exit 1), as every library function does. */
#ifndef LM_NGRAM_RUN_H
#define LM_NGRAM_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "ngram_count.h"

typedef enum ngram_job {
    NGRAM_ESTIMATE,       /* tokens or counts -> model (and ARPA) */
    NGRAM_COUNT,          /* tokens or counts -> counts */
    NGRAM_MERGE,          /* counts... -> their sum */
    NGRAM_FROM_ARPA,      /* ARPA -> model (and ARPA) */
} ngram_job;

typedef struct ngram_opts {
    ngram_job job;
    /* NGRAM_MERGE: the counts streams (at least one); NGRAM_FROM_ARPA: the
     * ARPA file; otherwise a tokens or counts stream; none: stdin */
    const char *const *inputs;
    int ninputs;
    int order;            /* 0: the counts' own (a tokens input needs one) */
    int smoothing;        /* enum lm_smoothing */
    double add_k;
    bool prune;           /* drop n-grams of order k seen fewer than prune_min[k] times */
    uint64_t prune_min[LM_NGRAM_MAX_ORDER + 1];
    /* > 0: entropy pruning (ngram_entropy.h) at this threshold, after any
     * count pruning; also for an ARPA input */
    double prune_entropy;
    const char *arpa;     /* also write the model as ARPA text here; NULL: no */
    const char *output;   /* NULL: stdout */
    bool progress;        /* a timing line per stage on stderr */
    /* Counting a tokens stream: 0 in memory, else in this many bytes of
     * working memory through sorted runs in temporary files in TMPDIR
     * (NULL: $TMPDIR or /tmp); the same counts (ngram_spill.h). */
    size_t memory;
    const char *tmpdir;
} ngram_opts;

/* Returned when a tokens input came without an order. */
enum { NGRAM_NEEDS_ORDER = -1 };

/* Runs the job O: 0 when done, or NGRAM_NEEDS_ORDER. */
int ngram_run(const ngram_opts *o);

#endif
