/* ngram_model.h — the n-gram table of ngram.h as a model of model.h, and
 * its model stream.
 *
 * Model stream (lm-stream(5)):
 *   header  {"lm":"model","version":1,"type":"ngram","vocab":{...},
 *            "order":N,"smoothing":"mkn"|"kn"|"addk"|"arpa"}
 *   records {"order":k,"word":u32[],"parent":u32[],"logp":f32[],"bo":f32[]}
 *           ("parent" from order 2, "bo" below order N; an order may span
 *           several records, orders ascending). */
#ifndef LM_NGRAM_MODEL_H
#define LM_NGRAM_MODEL_H

#include <stdio.h>

#include "ngram.h"
#include "stream.h"

struct lm_model;     /* model.h */

/* The model stream. */
void ngram_write(const lm_ngram *g, FILE *fp, const char *name);
/* The same in pieces, for a writer that has one order at a time
 * (ngram_estimate_write): the header, then each order ascending, BO NULL
 * at the top order. */
void ngram_write_header(lm_writer *w, const lm_vocab *v, int order, const char *smoothing);
void ngram_write_level(lm_writer *w, const lm_ngram_level *L, int k, const float *logp,
                       const float *bo);
void ngram_read_body(lm_reader *r, const msgpack_object *h, lm_ngram *g);

/* model.c's loader for type "ngram" (an lm_model_reader). */
struct lm_model *ngram_model_read(lm_reader *r, const msgpack_object *header, unsigned flags);
/* Wraps G (taken over) as a model; with LM_LOAD_DISTRIBUTIONS in FLAGS,
 * builds the forward index first: after this G is only read. */
struct lm_model *ngram_model_wrap(lm_ngram *g, unsigned flags);

#endif
