/* ngram_adjust.c — stage 1 of Kneser-Ney: adjusted (continuation) counts.
 * See ngram_estimate.h. */
#include "ngram_estimate.h"
#include "util.h"

/* An n-gram's left extensions are one run of the order above (the trie's
 * sort order), so one pass over both orders counts them. */
uint32_t *ngram_adjust_counts(const lm_counts *c, int k, uint32_t bos)
{
    uint32_t *a = xmalloc(xmul(c->lv[k].n ? c->lv[k].n : 1, sizeof *a));
    ngram_adjust_into(c, k, bos, a);
    return a;
}

/* Entry i's raw count is read once, before a[i] is written: A may be
 * order K's own count array. */
void ngram_adjust_into(const lm_counts *c, int k, uint32_t bos, uint32_t *a)
{
    const lm_ngram_level *L = &c->lv[k], *H = &c->lv[k + 1];
    size_t j = 0;
    for (size_t i = 0; i < L->n; i++) {
        uint64_t nchild = 0, sum = 0;
        for (; j < H->n && H->parent[j] == i; j++) {
            nchild++;
            sum += H->count[j];
        }
        if (L->word[i] == bos) {            /* starts with <s>: keeps its raw count */
            a[i] = L->count[i];
            continue;
        }
        /* occurrences with nothing before them (the stream's start) count
         * as one more distinct left context */
        a[i] = (uint32_t)(nchild + (L->count[i] > sum));
    }
}
