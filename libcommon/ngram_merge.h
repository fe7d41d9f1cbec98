/* ngram_merge.h — lm-ngram --merge: the sum of N counts streams, merged
 * as they are read.
 *
 * Every order of a counts stream is sorted by (parent, word), and the
 * merged order k-1's indices grow with each shard's, so order k of all
 * shards merges in one pass over their records, N-way, written out a
 * record at a time.  What stays in memory is, per shard, where each of
 * its entries of the order below and of the current order went in the
 * sum (4 bytes an entry), and a record of each shard: never a shard's
 * counts, nor the sum.  The output is the same bytes counts_merge and
 * counts_write give. */
#ifndef LM_NGRAM_MERGE_H
#define LM_NGRAM_MERGE_H

#include <stdio.h>

#include "stream.h"

/* Reads the counts streams IN[0..N) (readers before their headers; all of
 * one vocabulary and order) and writes their sum, cut to ORDER (0: all of
 * it), as a counts stream to FP (named NAME in messages).  Dies with the
 * shard's name on anything wrong in any of them. */
void counts_merge_streams(lm_reader *const *in, int n, int order, FILE *fp, const char *name);

#endif
