/* tokens.h — the tokens and logprobs streams (lm-stream(5)).
 *
 * tokens    header {"lm":"tokens","version":1,"vocab":{...}}
 *           records {"ids": u32[], "bytes": N, "chars": N}
 * logprobs  header {"lm":"logprobs","version":1,"vocab":{...},"model":"..."}
 *           records {"ids": u32[], "logp": f64[], "bytes": N, "chars": N}
 *
 * "bytes" and "chars" are the amount of source text the record's tokens
 * cover, so sums over a stream give the text's exact size. */
#ifndef LM_TOKENS_H
#define LM_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stream.h"
#include "vocab.h"

#define LM_CHUNK_TOKENS 65536   /* ids per record the tools write */

/* ---- writing a tokens or logprobs stream, chunk by chunk ---------------- */

typedef struct lm_chunk_writer {
    lm_writer w;
    bool logprobs;
    uint32_t *ids;
    double *logp;
    size_t n, cap;
    uint64_t bytes, chars;      /* source covered by the pending chunk */
} lm_chunk_writer;

/* MODEL_DESC non-NULL makes it a logprobs stream. */
void chunk_writer_begin(lm_chunk_writer *cw, FILE *fp, const char *name,
                        const lm_vocab *v, const char *model_desc);
/* Adds one token (logp ignored for a tokens stream).  Writes a record
 * when LM_CHUNK_TOKENS are pending. */
void chunk_writer_add(lm_chunk_writer *cw, uint32_t id, double logp);
/* Source text covered since the last call. */
void chunk_writer_cover(lm_chunk_writer *cw, uint64_t bytes, uint64_t chars);
/* Writes the pending record now (if it has tokens or covers text). */
void chunk_writer_flush(lm_chunk_writer *cw);
void chunk_writer_end(lm_chunk_writer *cw);

/* ---- reading, record by record ------------------------------------------ */

typedef struct lm_chunk_reader {
    lm_reader *r;
    lm_vocab vocab;
    bool logprobs;
    char *model_desc;         /* logprobs: the header's "model", or NULL */
    /* the current record */
    uint32_t *ids;
    double *logp;
    size_t n, cap;
    uint64_t bytes, chars;
} lm_chunk_reader;

/* KIND is "tokens" or "logprobs". */
void chunk_reader_open(lm_chunk_reader *cr, const char *path, const char *kind);
/* The same over an open reader (taken over: closed with the chunk reader). */
void chunk_reader_start(lm_chunk_reader *cr, lm_reader *r, const char *kind);
/* Reads the next record; false at the end.  Checks ids < vocab size and
 * (logprobs) that every logp is finite and <= 0. */
bool chunk_reader_next(lm_chunk_reader *cr);
void chunk_reader_close(lm_chunk_reader *cr);

/* ---- a whole tokens stream in memory -------------------------------------- */

typedef struct lm_tokens {
    lm_vocab vocab;
    uint32_t *ids;
    size_t n;
    size_t nchunks;
    size_t *chunk_end;        /* ids[chunk_end[i-1] .. chunk_end[i]) is record i */
    uint64_t *chunk_bytes, *chunk_chars;
    uint64_t bytes, chars;    /* totals */
} lm_tokens;

void tokens_read(const char *path, lm_tokens *t);
void tokens_free(lm_tokens *t);

#endif
