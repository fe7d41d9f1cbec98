/* pairs.h — the pairs stream (lm-stream(5)): sequences paired with
 * sequences, what an encoder-decoder learns from.
 *
 *   header  {"lm": "pairs", "version": 1, "vocab": {...}, "pairs": N}
 *   records {"src": u32[], "tgt": u32[], "src_bytes": n, "src_chars": n,
 *            "tgt_bytes": n, "tgt_chars": n}        one per pair, N of them
 *
 * One vocabulary serves both sides, and it always has an end symbol (its
 * "eos"), which ends every target and nothing else: in word mode the
 * usual </s>; in char mode the 4-byte token "</s>" added to the
 * characters (the char tokenizer never makes it: a token there is one
 * character); in byte mode token 256, "</s>", after the 256 bytes.
 * The decoder is fed the end symbol as its first input too (its "start").
 *
 * Text form (lm-tokenize --pairs): one pair a line, SOURCE TAB TARGET,
 * both sides tokenized in the mode (word mode splits each side on
 * whitespace).  The target's byte and char counts include one for the
 * newline its end symbol stands for, so a target's bits per char count
 * its line end as a word model's </s> does. */
#ifndef LM_PAIRS_H
#define LM_PAIRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stream.h"
#include "tokenize.h"
#include "vocab.h"

#define LM_PAIRS_MAX_LEN 4096         /* tokens on one side of a pair */
#define LM_PAIRS_MAX ((size_t)1 << 26)

typedef struct lm_pairs {
    lm_vocab vocab;
    size_t n;
    size_t *src_off, *tgt_off;        /* n + 1: pair i is ids[off[i] .. off[i+1]) */
    uint32_t *src, *tgt;
    uint64_t *src_bytes, *src_chars, *tgt_bytes, *tgt_chars;
    size_t max_src, max_tgt;          /* the longest sides */
    uint64_t tgt_tokens;              /* the total of target lengths */
} lm_pairs;

static inline size_t pair_src_len(const lm_pairs *p, size_t i) { return p->src_off[i + 1] - p->src_off[i]; }
static inline size_t pair_tgt_len(const lm_pairs *p, size_t i) { return p->tgt_off[i + 1] - p->tgt_off[i]; }

/* Tokenizes SOURCE<TAB>TARGET lines from PATHS (none: stdin) in O->mode
 * (or with O->vocab, which must have an end symbol) and writes a pairs
 * stream (or with O->vocab_only, a vocab stream) to OUT.  A line without
 * a TAB, with more than one, or with an empty side is an error naming
 * the file and line. */
void pairs_encode(char *const *paths, int npaths, const lm_encode_opts *o, FILE *out,
                  const char *outname);

/* Reads a whole pairs stream; dies with the record at fault. */
void pairs_read(const char *path, lm_pairs *p);
/* The same from R, whose header has been read (H). */
void pairs_read_body(lm_reader *r, const msgpack_object *h, lm_pairs *p);
void pairs_free(lm_pairs *p);
/* Fingerprint of the pairs' ids (to refuse resuming on other data). */
uint64_t pairs_hash(const lm_pairs *p);

/* Writes P as a pairs stream. */
void pairs_write(const lm_pairs *p, FILE *out, const char *outname);

/* A side of text as ids under V, by V's mode, for lm-sample --source
 * (word mode: split on whitespace; unknown: <unk>, or an error in char
 * and byte mode naming the byte).  Returns the count; *IDS is malloc'd. */
size_t pairs_tokenize_side(const lm_vocab *v, const char *s, size_t len, const char *name,
                           uint32_t **ids);

#endif
