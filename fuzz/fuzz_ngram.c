/* Fuzzes the ngram model-stream reader, then queries the model it built:
 * the full distribution and single log-probabilities must be finite. */
#include <math.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ngram_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_ngram g;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "model");
        ngram_read_body(r, h, &g);
        uint32_t ctx[LM_NGRAM_MAX_ORDER];
        for (int i = 0; i < LM_NGRAM_MAX_ORDER; i++) ctx[i] = (uint32_t)(i * 7) % g.vocab.n;
        for (uint32_t w = 0; w < g.vocab.n && w < 64; w++)
            for (int n = 0; n < g.order; n++)
                if (!isfinite(ngram_log10(&g, ctx, n, w))) __builtin_trap();
        ngram_free(&g);
    }
    lm_reader_close(r);
    return 0;
}
