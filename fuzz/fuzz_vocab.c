/* Fuzzes the vocabulary reader (the "vocab" map of any stream's header),
 * the BPE merge-list check included: a BPE vocabulary it accepts must
 * encode any bytes (here the input itself) into ids that decode back to
 * exactly those bytes. */
#include "bpe.h"
#include "fuzz.h"
#include "stream.h"
#include "vocab.h"

#include <string.h>

static void check_bpe_round_trip(const lm_vocab *v, const uint8_t *data, size_t size)
{
    lm_bpe_encoder *e = bpe_encoder_new(v);
    uint32_t *ids = NULL;
    size_t n = 0, cap = 0, at = 0;
    bpe_encode_text(e, data, size, &ids, &n, &cap);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] >= v->n) __builtin_trap();
        const char *s = ids[i] == v->eos ? "\n" : v->str[ids[i]];
        size_t len = ids[i] == v->eos ? 1 : v->len[ids[i]];
        if (at + len > size || memcmp(data + at, s, len) != 0) __builtin_trap();
        at += len;
    }
    if (at != size) __builtin_trap();
    free(ids);
    bpe_encoder_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_vocab v;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, NULL);
        vocab_unpack(r, lm_get(r, h, "vocab"), &v);
        /* every token must be found again under its own id */
        for (uint32_t i = 0; i < v.n; i++)
            if (vocab_find(&v, v.str[i], v.len[i]) != i) __builtin_trap();
        if (v.mode == LM_MODE_BPE) check_bpe_round_trip(&v, data, size);
        vocab_free(&v);
    } else {
        /* refused: the vocabulary as far as it got (consistent at every
         * die() of vocab_unpack), or the zeros of the last vocab_free.
         * Freed, so a run of millions of inputs does not run out of
         * memory on what refused inputs left behind. */
        vocab_free(&v);
    }
    lm_reader_close(r);
    return 0;
}
