/* tokenize.h — text to tokens and back.
 *
 * The tokenizer reads text and hands each token to a callback as raw
 * bytes, together with how far into the input that token reaches, so a
 * consumer can say exactly how many source bytes and characters any run of
 * tokens covers (bits per byte stays exact whatever the tokenizer).
 *
 *   char  a valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
 *         at most U+10FFFF) is one token; any other byte is a token of its
 *         own.  Concatenating the tokens gives back the input, always.
 *   byte  each byte is a token.
 *   word  whitespace-separated words, one sentence per line, "</s>" at the
 *         end of every line.  A literal "<s>" that begins a line and a
 *         literal "</s>" that ends one are dropped (the markers are implied,
 *         as SRILM does); elsewhere they are unknown words, given as "<unk>". */
#ifndef LM_TOKENIZE_H
#define LM_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vocab.h"

/* Called once per token.  `through_bytes`/`through_chars` count the input
 * consumed up to the end of this token (whitespace before it included). */
typedef void (*lm_token_fn)(void *ctx, const char *tok, size_t len,
                            uint64_t through_bytes, uint64_t through_chars);

/* Tokenizes all of FP; returns the totals of bytes and characters read
 * (the tail after the last token belongs to no token). */
void tokenize_file(FILE *fp, const char *name, int mode, lm_token_fn fn, void *ctx,
                   uint64_t *total_bytes, uint64_t *total_chars);

/* Length of the token starting at p[0..n): a valid UTF-8 sequence (1..4)
 * or 1 for a byte that starts none.  Returns 0 if p may begin a valid
 * sequence that continues past n and more input could follow (!at_end). */
size_t utf8_token_len(const unsigned char *p, size_t n, int at_end);

/* Number of characters (as the char tokenizer counts them) in p[0..n). */
uint64_t utf8_count_chars(const unsigned char *p, size_t n);

/* ---- text -> tokens stream, tokens stream -> text --------------------- */

typedef struct lm_encode_opts {
    int mode;                  /* enum lm_mode */
    const lm_vocab *vocab;     /* apply this vocabulary; NULL: build one */
    uint64_t min_count;        /* build, word mode: rarer words become <unk> */
    uint64_t max_words;        /* build, word mode: keep this many words (0: all) */
    bool vocab_only;           /* write a vocab stream instead of tokens */
    bool unk;                  /* build, char mode: the vocabulary gets <unk>
                                * (vocab_ensure_unk), so a model trained on it
                                * can score unseen characters */
    const struct lm_bpe_opts *bpe;   /* build, bpe mode: what to learn (bpe.h) */
} lm_encode_opts;

/* Tokenizes the concatenation of PATHS ("-" = stdin; none = stdin) and
 * writes a tokens (or vocab) stream to OUT.  Applying a vocabulary streams
 * in bounded memory; building one holds the token ids until the end. */
void encode_files(char *const *paths, int npaths, const lm_encode_opts *o,
                  FILE *out, const char *outname);

/* Writes a vocab stream holding V. */
void vocab_write_stream(const lm_vocab *v, FILE *out, const char *outname);

/* Token ids back to text, the one writer lm-tokenize --decode and
 * lm-sample share: char and byte tokens as their bytes (the original
 * text exactly); words separated by single spaces, </s> as a newline;
 * bpe tokens as their bytes, </s> as a newline (the original text again).
 * With ESCAPE, a backslash, a tab and a newline are written as the two
 * characters \\, \t and \n, so a text is one line (lm-sample --nbest). */
typedef struct lm_text_out {
    FILE *fp;
    const lm_vocab *v;
    bool escape;
    bool line_start;          /* word mode: nothing on this line yet */
} lm_text_out;

void text_out_init(lm_text_out *t, FILE *fp, const lm_vocab *v, bool escape);
/* Writes token ID; returns true if what it wrote holds a newline. */
bool text_out_token(lm_text_out *t, uint32_t id);
/* Word mode: ends an unfinished line with a newline. */
void text_out_end(lm_text_out *t);

/* Writes the text of a tokens stream: char and byte streams give back the
 * original bytes exactly; word streams give one sentence per line, words
 * separated by single spaces. */
void decode_stream(const char *path, FILE *out, const char *outname);

#endif
