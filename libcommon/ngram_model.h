/* ngram_model.h — the n-gram table of ngram.h as a model of model.h, and
 * its model stream.
 *
 * Model stream (lm-stream(5)):
 *   header  {"lm":"model","version":2,"type":"ngram","vocab":{...},
 *            "order":N,"smoothing":"mkn"|"kn"|"addk"|"arpa"}
 *   records {"order":k,"n":n,"word":u32[],"parent":u32[],"logp":f32[],
 *            "bo":f32[],"probe":p,"table":slot[]}
 *           one record per order, ascending; "parent" from order 2, "bo"
 *           below order N; each payload preceded by a "pad_KEY" bin so
 *           that it starts 16-byte aligned; "table" the lookup table of
 *           ngram_table.h, "probe" its longest probe.
 *   version 1: the same header; records {"order","word","parent","logp",
 *           "bo"}, an order spanning several records, no tables. */
#ifndef LM_NGRAM_MODEL_H
#define LM_NGRAM_MODEL_H

#include <stdio.h>

#include "ngram.h"
#include "stream.h"

struct lm_model;     /* model.h */

/* The model stream. */
void ngram_write(const lm_ngram *g, FILE *fp, const char *name);
/* The same stream, freeing each order once it is written, and then G:
 * the peak memory is the model plus one order's table, less the orders
 * already out. */
void ngram_write_take(lm_ngram *g, FILE *fp, const char *name);
/* The same in pieces, for a writer that has one order at a time
 * (ngram_estimate_write): begin (NENTRIES[k]: the entries of order k,
 * which decide the version), each order ascending (BO NULL at the top
 * order), end.  Memory besides the caller's: the table of the order being
 * written and a map of the order below's entries to their slots (4 bytes
 * an entry). */
typedef struct ngram_writer {
    lm_writer w;
    int order, version;
    uint32_t *prev_slot;    /* order k-1's entries -> their slots (NULL: order 1) */
} ngram_writer;
void ngram_writer_begin(ngram_writer *s, FILE *fp, const char *name, const lm_vocab *v, int order,
                        const char *smoothing, const size_t *nentries);
void ngram_writer_level(ngram_writer *s, const lm_ngram_level *L, int k, const float *logp,
                        const float *bo);
void ngram_writer_end(ngram_writer *s);

/* Reads the rest of a model stream (either version) into G's arrays. */
void ngram_read_body(lm_reader *r, const msgpack_object *h, lm_ngram *g);
/* The rest of a version-2 stream on a mapped reader (lm_reader_from_mapped):
 * G's lookup tables point into the reader's data, which must outlive G;
 * nothing is copied and nothing else is read (see ngram.h). */
void ngram_map_body(lm_reader *r, const msgpack_object *h, lm_ngram *g);

/* For scoring (LM_LOAD_SCORE): a version-2 n-gram model in the regular
 * file FP, mapped and read in place; NULL (FP unread) if FP is not a
 * regular file or holds anything else. */
struct lm_model *ngram_model_map(FILE *fp, const char *name);
/* model.c's loader for type "ngram" (an lm_model_reader). */
struct lm_model *ngram_model_read(lm_reader *r, const msgpack_object *header, unsigned flags);
/* Wraps G (taken over) as a model; with LM_LOAD_DISTRIBUTIONS in FLAGS,
 * builds the forward index first: after this G is only read. */
struct lm_model *ngram_model_wrap(lm_ngram *g, unsigned flags);

#endif
