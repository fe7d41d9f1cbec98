/* ngram_arpa.h — ARPA back-off models in and out.
 *
 * Writing: the \data\ counts, then every order's n-grams as
 * "log10p<TAB>w1 w2 ...<TAB>log10bo" (the back-off column on every order
 * below the top, 0 included, as KenLM writes it), then \end\.  Numbers are
 * the shortest decimal that reads back to the same float, so an ARPA
 * round trip keeps every value.
 *
 * Reading builds a word vocabulary (<unk> <s> </s> at ids 0, 1, 2, then
 * the other unigrams in file order; a missing <unk> or <s> gets log10
 * probability -99) and the n-gram table of ngram.h.  An n-gram whose
 * suffix or context is not listed (SRILM's pruning leaves such) gets them
 * added with the probability back-off gave them, and back-off weight 1,
 * with a warning (KenLM does the same for suffixes).  Errors name the file and line: a bad count line,
 * a missing section, a non-number, a truncated file, an n-gram of the
 * wrong order, a word not among the unigrams, a duplicate. */
#ifndef LM_NGRAM_ARPA_H
#define LM_NGRAM_ARPA_H

#include <stdio.h>

#include "ngram.h"

void arpa_write(const lm_ngram *g, FILE *fp, const char *name);

/* The same text, order by order, for an estimator that has one order at
 * a time (ngram_estimate_write): begin (the vocabulary, which must stay,
 * and N[k], every order's entries, for \data\), each order ascending with
 * its levels LV[1..k] (their words and parents must stay until end) and
 * its log10 LOGP and BO (NULL at the top), which the writer takes and
 * frees; end.  The orders below the top are formatted and written on a
 * worker thread while the caller goes on, the top one on two threads. */
typedef struct arpa_writer arpa_writer;
arpa_writer *arpa_writer_begin(FILE *fp, const char *name, const lm_vocab *v, int order,
                               const size_t *n);
void arpa_writer_order(arpa_writer *w, const lm_ngram_level *lv, int k, float *logp, float *bo);
void arpa_writer_end(arpa_writer *w);
void arpa_read(FILE *fp, const char *name, lm_ngram *g);

#endif
