/* vocab.h — a vocabulary: token strings (raw bytes) and their ids, the
 * tokenizer mode that made them, and the special ids.
 *
 *   char  one token per UTF-8 code point; a byte that is not part of a
 *         valid UTF-8 sequence is a token of its own (so any input
 *         round-trips); no special tokens
 *   byte  the 256 byte values, id = byte; no special tokens
 *   word  whitespace-separated words; ids 0 <unk>, 1 <s>, 2 </s>, then the
 *         words by descending count (ties by bytes)
 *   bpe   the 256 bytes, then one token per merge, then optionally </s>
 *         (bpe.h); the merge list and the pre-tokenization travel with it
 *
 * In a stream the vocabulary is a map (lm-stream(5)):
 *   {"mode": "word", "tokens": [bin...], "unk": 0, "bos": 1, "eos": 2,
 *    "counts": u64 array (optional: training-text frequency per token)} */
#ifndef LM_VOCAB_H
#define LM_VOCAB_H

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stream.h"

enum lm_mode { LM_MODE_CHAR, LM_MODE_BYTE, LM_MODE_WORD, LM_MODE_BPE };

#define LM_MAX_VOCAB    ((uint32_t)1 << 24)   /* tokens in a vocabulary */
#define LM_MAX_TOKEN_LEN 4096                 /* bytes in one token */
#define LM_NO_ID        UINT32_MAX

typedef struct vocab_spilled vocab_spilled;

typedef struct lm_vocab {
    int mode;                 /* enum lm_mode */
    uint32_t n;               /* number of tokens */
    char **str;               /* token bytes, NUL-terminated for convenience */
    uint32_t *len;            /* token lengths in bytes */
    uint64_t *count;          /* frequency in the training text, or NULL */
    uint32_t unk, bos, eos;   /* special ids, LM_NO_ID if absent */
    /* bpe: merge k made token 256 + k from merges[2k], merges[2k + 1] */
    uint32_t *merges;
    uint32_t nmerges;
    int split;                /* bpe: enum lm_bpe_split */
    /* open-addressing hash index: slot -> id + 1, 0 = empty */
    uint32_t *slot;
    uint32_t nslot;
    uint32_t cap;
    /* set by vocab_spill: the tokens are in a temporary file, and only
     * mode, n, the special ids and the bpe scalars are here */
    vocab_spilled *spilled;
} lm_vocab;

const char *lm_mode_name(int mode);
int lm_mode_parse(const char *s);          /* -1 if unknown */

void vocab_init(lm_vocab *v, int mode);   /* empty; word mode gets its 3 specials */
void vocab_init_bytes(lm_vocab *v);       /* the 256-token byte vocabulary */
void vocab_free(lm_vocab *v);
void vocab_copy(lm_vocab *dst, const lm_vocab *src);

/* Adds a token (if absent) and returns its id. */
uint32_t vocab_add(lm_vocab *v, const char *s, size_t len);
/* lm-tokenize --unk: gives V an "<unk>" token if it has none, appended
 * after every other (the existing ids are unchanged), and returns its
 * id.  In char mode "<unk>" (five bytes) can never be a character token,
 * so it is never confused with one. */
uint32_t vocab_ensure_unk(lm_vocab *v);
/* Id of a token, or LM_NO_ID. */
uint32_t vocab_find(const lm_vocab *v, const char *s, size_t len);

/* True if both have the same mode, tokens (in order) and specials. */
bool vocab_equal(const lm_vocab *a, const lm_vocab *b);
/* 64-bit fingerprint of mode + tokens + specials (for quick checks and
 * messages). */
uint64_t vocab_hash(const lm_vocab *v);

/* Serialisation as the map above (counts included if present). */
void vocab_pack(msgpack_packer *pk, const lm_vocab *v);
/* Parses and validates (known mode, unique tokens, ids in range, byte
 * vocabulary complete); errors name the reader's record. */
void vocab_unpack(const lm_reader *r, const msgpack_object *o, lm_vocab *v);

/* Moves V's tokens, counts and index into a temporary file in DIR, as
 * vocab_pack packs them (vocab_spill.c): V keeps its mode, size and
 * special ids, vocab_pack writes the same bytes as before, vocab_copy
 * shares the file and vocab_free lets it go.  Nothing else may read a
 * spilled vocabulary's tokens (vocab_equal, vocab_hash, vocab_find die
 * or find nothing): for a tool that works on ids until it writes. */
void vocab_spill(lm_vocab *v, const char *dir);
void vocab_spilled_pack(msgpack_packer *pk, const vocab_spilled *s);
vocab_spilled *vocab_spilled_ref(vocab_spilled *s);
void vocab_spilled_release(vocab_spilled *s);

/* The final vocabulary from a provisional one built in order of first
 * appearance with counts (prov->count set).  char: every token, sorted by
 * bytes.  word: <unk> <s> </s>, then words by descending count (ties by
 * bytes); words seen fewer than MIN_COUNT times, or beyond the first
 * MAX_WORDS (0 = no limit), are dropped and their counts go to <unk>.
 * REMAP[prov id] = final id.  OUT gets counts. */
void vocab_finish(const lm_vocab *prov, uint64_t min_count, uint64_t max_words,
                  lm_vocab *out, uint32_t *remap);

#endif
