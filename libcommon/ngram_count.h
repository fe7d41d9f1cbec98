/* ngram_count.h — n-gram counts of orders 1..N, counted from a tokens
 * array, read and written as a "counts" stream, merged from shards.
 *
 * Layout (the same suffix trie the estimator and the model use, KenLM's
 * "suffix order"): order 1 has one entry per vocabulary id (index = id).
 * An n-gram w1..wn of order n >= 2 is stored as its first word w1 and the
 * index of its suffix w2..wn in order n-1 (its "parent").  Entries of an
 * order are sorted by (parent, word), so the left extensions v g of an
 * n-gram g are one contiguous run of order n+1, and the words of any entry
 * are found by following parents: w1 = word[n][i], w2 = word[n-1][parent],
 * and so on.  Every suffix of a stored n-gram is stored.
 *
 * Word mode (lm-stream(5) tokens: each line's words then </s>): every
 * sentence is counted with a <s> in front; <s> is context only, so the
 * n-grams ending at a token are those of its sentence, the longest one
 * starting with <s> when the sentence so far is shorter than N-1 words.
 * Char and byte mode: the whole stream is one sequence with no start
 * symbol; near its start only the shorter n-grams exist.
 *
 * Counts are raw occurrence counts (uint32: a corpus count above 2^32-1 is
 * an error).  Memory: 12 bytes per distinct n-gram. */
#ifndef LM_NGRAM_COUNT_H
#define LM_NGRAM_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "stream.h"
#include "vocab.h"

#define LM_NGRAM_MAX_ORDER 32

typedef struct lm_ngram_level {
    size_t n;            /* entries */
    uint32_t *word;      /* first (oldest) word */
    uint32_t *parent;    /* index of the suffix in the order below (order >= 2) */
    uint32_t *count;     /* raw count */
} lm_ngram_level;

typedef struct lm_counts {
    lm_vocab vocab;
    int order;
    lm_ngram_level lv[LM_NGRAM_MAX_ORDER + 1];   /* lv[1..order] */
} lm_counts;

/* Counts ids[0..n) (a tokens stream's ids in VOCAB's mode) up to ORDER.
 * The vocabulary is copied. */
void counts_from_tokens(lm_counts *c, const lm_vocab *vocab, const uint32_t *ids,
                        size_t n, int order);
void counts_free(lm_counts *c);

/* Adds B into A (same vocabulary and order): the counts of the two corpora
 * concatenated (exact in word mode for shards cut at line ends; in char
 * and byte mode the n-grams spanning the cut are missing). */
void counts_merge(lm_counts *a, const lm_counts *b, const char *bname);

/* Drops the orders above ORDER. */
void counts_truncate(lm_counts *c, int order);

/* ---- counting's stages, shared with the spilling counter (ngram_spill.h) ----
 *
 * A position's history is the token at it, then the one before, and so on:
 * up to ORDER symbols, cut at the sentence start in word mode, where <s>
 * ends it.  As sort keys each symbol is its id + 1 (<s> too), 0 past the
 * end, so that sorting the positions by their keys (lexicographically) puts
 * every n-gram's occurrences together, for all orders at once. */
typedef struct history {
    const uint32_t *ids;
    const uint8_t *len;    /* symbols in each position's history (<= order), | HIST_BOS */
    uint32_t bos;
} history;

#define HIST_BOS 0x80      /* the history's last symbol is <s> (word mode) */

/* Symbol J steps back from position P, plus one; 0 past the history. */
static inline uint32_t key_at(const history *h, size_t p, int j)
{
    int l = h->len[p] & ~HIST_BOS;
    if (j >= l) return 0;
    if ((h->len[p] & HIST_BOS) && j == l - 1) return h->bos + 1;
    return h->ids[p - j] + 1;
}

/* LEN[p] for p in FROM..N, the history lengths of IDS in V's mode; *STATE
 * (0 at the stream's start) carries the position in the sentence (word
 * mode) or the stream (char, byte) from one block to the next. */
void history_lengths(const lm_vocab *v, const uint32_t *ids, size_t from, size_t n, int order,
                     uint64_t *state, uint8_t *len);
/* A[0..n-from): the positions FROM..N sorted by their histories' keys (an
 * LSD radix sort, one counting pass per symbol, two when NVOCAB > 2^16);
 * B is scratch of the same size. */
void history_sort(const history *h, size_t from, size_t n, uint32_t nvocab, int order,
                  uint32_t *a, uint32_t *b);
/* Position P's keys into KEYS; returns how many (its length). */
int history_keys(const history *h, size_t p, uint32_t *keys);

/* Builds the counts trie from histories given in sorted order, each with
 * how many positions have it: every distinct n-gram is a prefix of some
 * history's keys, and those a history shares with the previous one are
 * already there. */
typedef struct count_emitter {
    lm_counts *c;
    size_t cap[LM_NGRAM_MAX_ORDER + 1];
    uint32_t cur[LM_NGRAM_MAX_ORDER + 1];   /* the current n-gram of each order */
    uint32_t prev[LM_NGRAM_MAX_ORDER];      /* the previous history's keys */
    int prev_len;
} count_emitter;
/* C gets a copy of VOCAB, ORDER and its order-1 level. */
void emitter_init(count_emitter *e, lm_counts *c, const lm_vocab *vocab, int order);
/* The next history in sorted order (a repeat adds to the same n-grams),
 * KEYS[0..L), seen N times. */
void emitter_add(count_emitter *e, const uint32_t *keys, int l, uint32_t n);
void emitter_finish(count_emitter *e);

/* The counts stream (lm-stream(5)):
 *   header  {"lm":"counts","version":1,"vocab":{...},"order":N}
 *   records {"order":n,"word":u32[],"parent":u32[],"count":u32[]}
 *           (order 1: no "parent"; an order may span several records,
 *           orders ascending). */
void counts_write(const lm_counts *c, FILE *fp, const char *name);
/* Reads the rest of a counts stream whose header H has been read. */
void counts_read_body(lm_reader *r, const msgpack_object *h, lm_counts *c);
void counts_read(const char *path, lm_counts *c);

/* Index of the child of NODE (an entry of order n-1, or an id for n = 2)
 * with first word W in level LV (order n), or -1; FIRST is the start of
 * each node's run of children (see level_first_child). */
long level_find_child(const lm_ngram_level *lv, const uint32_t *first, uint32_t node, uint32_t w);
/* first[k] .. first[k+1]: the children of entry k of the order below,
 * from LV's sorted parent array; NPARENT entries below.  Fresh array of
 * NPARENT + 1. */
uint32_t *level_first_child(const lm_ngram_level *lv, size_t nparent);

/* For each entry of order K >= 2 of the levels LV, the index of its
 * context (its words but the last) in order K-1; PREV is the same array
 * for order K-1 (unused for K = 2).  Fresh array. */
uint32_t *level_contexts(const lm_ngram_level *lv, int k, const uint32_t *prev);

/* Words of entry I of order N, oldest first, into W[0..n). */
void level_words(const lm_ngram_level *lv, int n, size_t i, uint32_t *w);

/* Model and counts streams share the record layout of a level: {"order": k,
 * "word": u32[], "parent": u32[] (k > 1), ...}, LM_LEVEL_RECORD entries at
 * most per record.  level_write writes level L of order K, with NEXTRA
 * more fields packed by EXTRA(pk, ctx, k, at, m) for entries at..at+m. */
#define LM_LEVEL_RECORD ((size_t)1 << 16)
void level_write(lm_writer *w, const lm_ngram_level *L, int k, size_t nextra,
                 void (*extra)(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m),
                 const void *ctx);
/* Reads the order, word and parent fields of record O into LV[k] (after
 * LV[k].n, which it does not advance: the caller reads its own fields for
 * the *M new entries, then adds *M), checking ids against NVOCAB, parents
 * against the order below, the sort order and the order sequence (*K is
 * the previous record's order).  Returns the record's order. */
int level_read(lm_reader *r, const msgpack_object *o, lm_ngram_level *lv, int order,
               int *k, uint32_t nvocab, size_t *m);
/* xrealloc to N elements (at least one). */
void *grow_array(void *p, size_t n, size_t elem);

/* Appends one entry (grows the arrays; COUNT may be NULL for levels
 * without counts). */
void level_push(lm_ngram_level *lv, size_t *cap, uint32_t word, uint32_t parent,
                const uint32_t *count);

#endif
