/* Fuzzes the vocabulary reader (the "vocab" map of any stream's header). */
#include "fuzz.h"
#include "stream.h"
#include "vocab.h"

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
        vocab_free(&v);
    }
    lm_reader_close(r);
    return 0;
}
