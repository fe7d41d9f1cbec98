/* bpe.h — byte-level byte-pair encoding: pre-tokenization, learning the
 * merges, applying them, and the vocabulary that carries them.
 *
 * A BPE vocabulary (mode "bpe") has, in id order:
 *   0..255           the 256 single bytes (so any input is encodable and
 *                    decodes back byte for byte)
 *   256..256+M-1     merge k makes token 256+k = token[left] . token[right],
 *                    both ids below 256+k
 *   256+M (optional) "</s>", standing for the newline at a line end
 *
 * Learning (bpe_learn.c): the text is cut into chunks (bpe_split.c); merges
 * never cross a chunk boundary.  Each step merges the adjacent pair of
 * tokens with the highest count over the text (every adjacent position
 * counts, so "aaa" holds the pair (a,a) twice); ties go to the smaller
 * left id, then the smaller right id.  All its occurrences are replaced left
 * to right.  A pair whose concatenated bytes already are a token (another
 * pair made them) or are "</s>" (kept for the line-end token) is never
 * merged, so token strings stay unique.
 * Learning stops after M merges or when no pair is left.
 *
 * Applying (bpe_encode.c): within each chunk the adjacent pair with the
 * lowest merge index is merged, leftmost first, until none is left; this
 * gives the same tokens as the learning did on its own text. */
#ifndef LM_BPE_H
#define LM_BPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vocab.h"

/* ---- pre-tokenization (bpe_split.c) --------------------------------------- */

enum lm_bpe_split {
    LM_BPE_SPLIT_GPT2,   /* GPT-2-like chunks within a line (see bpe_split_next) */
    LM_BPE_SPLIT_LINE,   /* a whole line is one chunk */
};

const char *bpe_split_name(int split);
int bpe_split_parse(const char *s);       /* -1 if unknown */

/* Length (>= 1) of the chunk that starts P[0..N) (N >= 1), a line with or
 * without its newline.  GPT-2-like, byte classes: letters A-Z a-z and every
 * byte >= 0x80 (so UTF-8 text outside ASCII stays in words); digits 0-9;
 * space ' ' \t \n \r \v \f; anything else is "other".  A chunk is, tried in
 * this order: an ASCII contraction 's 't 're 've 'm 'll 'd; a run of
 * letters, of digits or of others, with the one ' ' before it if there is
 * one; a run of spaces (without its last character if a non-space follows
 * it and the run is longer than one; the last then goes with the next
 * chunk if it is ' ', else is a chunk alone). */
size_t bpe_split_next(const unsigned char *p, size_t n, int split);

/* ---- the vocabulary (bpe_vocab.c) ----------------------------------------- */

/* A fresh BPE vocabulary: the 256 bytes, no merges, no "</s>". */
void bpe_vocab_init(lm_vocab *v, int split);
/* Adds merge (LEFT, RIGHT) as the next token; returns its id, or LM_NO_ID
 * (nothing added) if its bytes already are a token, are "</s>", or are
 * longer than LM_MAX_TOKEN_LEN. */
uint32_t bpe_vocab_add_merge(lm_vocab *v, uint32_t left, uint32_t right);
/* Appends "</s>" as eos (after the last merge). */
void bpe_vocab_add_eos(lm_vocab *v);
/* The mode-specific parts vocab.c delegates to. */
void bpe_vocab_pack(msgpack_packer *pk, const lm_vocab *v);   /* "merges", "split" */
size_t bpe_vocab_pack_fields(const lm_vocab *v);               /* how many */
/* Reads and checks the merge list against the tokens already read: ids
 * known and defined earlier (no forward reference, hence no cycle), no pair
 * twice, each merged token exactly its two parts, nothing but "</s>" after
 * the merges. */
void bpe_vocab_unpack(const lm_reader *r, const msgpack_object *o, lm_vocab *v);

/* ---- learning (bpe_learn.c) ------------------------------------------------ */

/* The distinct chunks of a text with how often each occurs. */
typedef struct lm_bpe_chunks {
    unsigned char *bytes;     /* all chunks' bytes, one after the other */
    size_t *start;            /* chunk i is bytes[start[i] .. start[i+1]) */
    uint64_t *count;
    uint32_t n;
} lm_bpe_chunks;

/* Learns up to MERGES merges over CHUNKS into V (a bpe_vocab_init
 * vocabulary, "</s>" not yet added).  If SEG is not NULL it receives each
 * chunk's final tokens: chunk i is seg_ids[seg_start[i] .. seg_start[i+1]).
 * Returns the number of merges made. */
uint32_t bpe_learn(const lm_bpe_chunks *chunks, uint32_t merges, lm_vocab *v,
                   uint32_t **seg_ids, size_t **seg_start);

/* ---- applying (bpe_encode.c) ----------------------------------------------- */

typedef struct lm_bpe_encoder lm_bpe_encoder;

lm_bpe_encoder *bpe_encoder_new(const lm_vocab *v);
void bpe_encoder_free(lm_bpe_encoder *e);
/* The tokens of one chunk; the pointer is valid until the next call. */
const uint32_t *bpe_encode_chunk(lm_bpe_encoder *e, const unsigned char *p, size_t n,
                                 size_t *ntok);
/* Text to ids the way lm-tokenize does it (lines, chunks, "</s>" for a
 * line's newline if V has it); appends to *IDS (grown as needed). */
void bpe_encode_text(lm_bpe_encoder *e, const unsigned char *p, size_t n,
                     uint32_t **ids, size_t *nids, size_t *cap);

/* ---- text -> tokens stream (bpe_stream.c) ---------------------------------- */

typedef struct lm_bpe_opts {
    uint32_t merges;          /* learn: how many merges */
    int split;                /* learn: enum lm_bpe_split */
    bool eos;                 /* learn: "</s>" for each line's newline */
} lm_bpe_opts;

/* Learns O->merges merges (fewer, with a warning, if the text allows no
 * more) from the N texts TEXTS[i][0..LENS[i]) -- lines without their
 * newline, each cut into chunks by O->split -- into V, then appends "</s>"
 * as eos whatever O->eos says (the sides of pairs: the end symbol is what
 * a decoder predicts last). */
void bpe_learn_texts(const char *const *texts, const size_t *lens, size_t n,
                     const lm_bpe_opts *o, lm_vocab *v);

/* encode_files() for BPE: learns a vocabulary from PATHS (VOCAB NULL) or
 * applies VOCAB, and writes the tokens stream (or, VOCAB_ONLY, the vocab
 * stream) to OUT. */
void bpe_encode_files(char *const *paths, int npaths, const lm_vocab *vocab,
                      const lm_bpe_opts *o, bool vocab_only, FILE *out, const char *outname);

#endif
