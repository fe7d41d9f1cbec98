/* Fuzzes the tokens-stream reader: header, vocabulary, every record. */
#include "fuzz.h"
#include "tokens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_chunk_reader cr;
    if (setjmp(fuzz_jmp) == 0) {
        chunk_reader_start(&cr, r, "tokens");
        while (chunk_reader_next(&cr))
            for (size_t i = 0; i < cr.n; i++)
                if (cr.ids[i] >= cr.vocab.n) __builtin_trap();   /* reader must have refused */
        chunk_reader_close(&cr);
    } else {
        lm_reader_close(r);
    }
    return 0;
}
