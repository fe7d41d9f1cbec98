/* ngram_spill.h — counting a tokens stream in bounded working memory, as
 * KenLM's lmplz -S does its sorts: the stream is read block by block, each
 * block's positions sorted by their histories (ngram_count.h's radix sort)
 * and written as a sorted run to an unlinked temporary file, runs are
 * merged sixteen at a time as they accumulate, and the last merge feeds
 * the counts trie directly.  The trie is the one counts_from_tokens builds
 * from the whole stream in memory (the same n-grams in the same order with
 * the same counts), so everything made from it is byte-identical.
 *
 * The stages, as named in --verbose output:
 *   block   read up to B tokens (plus the ORDER-1 before them as context)
 *   sort    radix-sort the block's positions by history
 *   spill   write the distinct histories with their counts as a run
 *   merge   merge 16 runs of one level into one run of the next
 *   emit    merge the remaining runs into the counts trie
 *
 * What the bound covers: the block (13 bytes per token: ids, lengths and
 * the two position arrays of the sort), the sort's bucket counts and the
 * runs' stdio buffers.  It does not cover the counts trie, 12 bytes per
 * distinct n-gram, built while the last merge runs, nor estimation after
 * it.  What lm-ngram --memory does keep small outside the bound: the
 * vocabulary waits in a temporary file while counts and estimates are
 * made (vocab_spill), and estimation holds one order at a time in memory
 * with the others' adjusted counts on disk (ngram_estimate_write with a
 * temp_dir): on 125M words of kernel C (11.3M words in the vocabulary,
 * 149M n-grams to order 5) the peak is 2.04 GB at -S 2G, lmplz's 2.10.
 *
 * Temporary files are unlinked as soon as they are created and live on as
 * open descriptors: nothing is left in DIR whatever ends the process
 * (success, an error, Ctrl-C, even SIGKILL). */
#ifndef LM_NGRAM_SPILL_H
#define LM_NGRAM_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "ngram_count.h"
#include "tokens.h"

typedef struct spill_stats {
    size_t block;          /* tokens per block */
    size_t runs;           /* runs written from blocks */
    size_t merges;         /* intermediate merges */
    uint64_t tokens;
    uint64_t spilled;      /* bytes written to temporary files, merges included */
} spill_stats;

/* The smallest MEMORY counts_spilled accepts for a vocabulary of NVOCAB
 * ids at ORDER. */
size_t spill_min_memory(uint32_t nvocab, int order);

/* Counts the rest of CR (its header and vocabulary read) up to ORDER into
 * C, in MEMORY bytes of working memory, with temporary files in DIR. */
void counts_spilled(lm_counts *c, lm_chunk_reader *cr, int order, size_t memory,
                    const char *dir, spill_stats *st);

#endif
