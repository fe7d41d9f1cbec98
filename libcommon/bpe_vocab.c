/* bpe_vocab.c — the BPE vocabulary: building it merge by merge, and the
 * merge list in a stream (lm-stream(5)), checked on the way in.  See bpe.h. */
#include "bpe.h"
#include "bpe_pairs.h"
#include "stream.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void bpe_vocab_init(lm_vocab *v, int split)
{
    vocab_init_bytes(v);
    v->mode = LM_MODE_BPE;
    v->split = split;
}

uint32_t bpe_vocab_add_merge(lm_vocab *v, uint32_t left, uint32_t right)
{
    size_t len = (size_t)v->len[left] + v->len[right];
    if (len > LM_MAX_TOKEN_LEN) return LM_NO_ID;
    char buf[2 * LM_MAX_TOKEN_LEN];
    memcpy(buf, v->str[left], v->len[left]);
    memcpy(buf + v->len[left], v->str[right], v->len[right]);
    if (vocab_find(v, buf, len) != LM_NO_ID) return LM_NO_ID;
    if (len == 4 && memcmp(buf, "</s>", 4) == 0) return LM_NO_ID;   /* the line-end token's */
    /* capacity: doubled whenever the count reaches a power of two */
    uint32_t k = v->nmerges;
    if (k == 0 || (k & (k - 1)) == 0)
        v->merges = xrealloc(v->merges, xmul(2 * (size_t)(k ? 2 * k : 1), sizeof *v->merges));
    v->merges[2 * k] = left;
    v->merges[2 * k + 1] = right;
    v->nmerges++;
    return vocab_add(v, buf, len);
}

void bpe_vocab_add_eos(lm_vocab *v)
{
    v->eos = vocab_add(v, "</s>", 4);
}

size_t bpe_vocab_pack_fields(const lm_vocab *v)
{
    (void)v;
    return 2;
}

void bpe_vocab_pack(msgpack_packer *pk, const lm_vocab *v)
{
    lm_pack_str(pk, "merges");
    lm_pack_u32s(pk, v->merges, 2 * (size_t)v->nmerges);
    lm_pack_str(pk, "split");
    lm_pack_str(pk, bpe_split_name(v->split));
}

void bpe_vocab_unpack(const lm_reader *r, const msgpack_object *o, lm_vocab *v)
{
    char *split = lm_get_strdup(r, o, "split");
    v->split = bpe_split_parse(split);
    if (v->split < 0) {
        char shown[64];
        snprintf(shown, sizeof shown, "%s", split);
        free(split);
        lm_reader_die(r, "vocab: unknown bpe split '%s'", shown);
    }
    free(split);
    if (v->n < 256) lm_reader_die(r, "vocab: a bpe vocabulary starts with the 256 bytes; it has %u tokens", v->n);
    for (uint32_t i = 0; i < 256; i++)
        if (v->len[i] != 1 || (unsigned char)v->str[i][0] != i)
            lm_reader_die(r, "vocab: bpe vocabulary token %u is not byte %u", i, i);
    size_t n2;
    uint32_t *m = lm_get_u32s(r, o, "merges", &n2);
    v->merges = m;                 /* owned by V from here, freed with it */
    if (n2 % 2) lm_reader_die(r, "vocab: 'merges' has %zu ids, not pairs", n2);
    if (n2 / 2 > v->n - 256)
        lm_reader_die(r, "vocab: %zu merges but only %u tokens after the bytes", n2 / 2, v->n - 256);
    uint32_t nm = (uint32_t)(n2 / 2);
    v->nmerges = nm;
    lm_pairmap seen;
    pairmap_init(&seen, nm);
    for (uint32_t k = 0; k < nm; k++) {
        uint32_t id = 256 + k, a = m[2 * k], b = m[2 * k + 1];
        if (a >= id || b >= id) {
            pairmap_free(&seen);
            lm_reader_die(r, "vocab: merge %u (token %u) uses id %u, not defined before it "
                          "(unknown id, or a cycle)", k, id, a >= id ? a : b);
        }
        if (pairmap_get(&seen, a, b) != LM_PAIR_NONE) {
            uint32_t first = pairmap_get(&seen, a, b);
            pairmap_free(&seen);
            lm_reader_die(r, "vocab: merge %u repeats merge %u (%u, %u)", k, first, a, b);
        }
        pairmap_put(&seen, a, b, k);
        if (v->len[id] != v->len[a] + v->len[b] || memcmp(v->str[id], v->str[a], v->len[a]) != 0 ||
            memcmp(v->str[id] + v->len[a], v->str[b], v->len[b]) != 0) {
            pairmap_free(&seen);
            lm_reader_die(r, "vocab: token %u is not the bytes of merge %u (%u, %u)", id, k, a, b);
        }
    }
    pairmap_free(&seen);
    uint32_t after = v->n - 256 - nm;
    if (after > 1 || (after == 1 && (v->len[v->n - 1] != 4 || memcmp(v->str[v->n - 1], "</s>", 4) != 0)))
        lm_reader_die(r, "vocab: a bpe vocabulary has at most one token after its merges, \"</s>\"");
    if (v->unk != LM_NO_ID || v->bos != LM_NO_ID)
        lm_reader_die(r, "vocab: a bpe vocabulary has no unk or bos");
    if (v->eos != (after ? v->n - 1 : LM_NO_ID))
        lm_reader_die(r, "vocab: a bpe vocabulary's eos is its \"</s>\" token, after the merges");
}
