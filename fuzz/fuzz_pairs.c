/* Fuzzes the pairs reader (lm-tokenize --pairs' stream): the header's
 * vocabulary and count, each record's sides, their ids, the end symbol's
 * place and the byte/char counts. */
#include "fuzz.h"
#include "pairs.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_pairs p;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "pairs");
        pairs_read_body(r, h, &p);
        /* what was accepted is consistent: every target ends with the end
         * symbol, and the offsets cover the ids */
        for (size_t i = 0; i < p.n; i++)
            if (pair_src_len(&p, i) == 0 || p.tgt[p.tgt_off[i + 1] - 1] != p.vocab.eos)
                __builtin_trap();
        pairs_free(&p);
    }
    lm_reader_close(r);
    return 0;
}
