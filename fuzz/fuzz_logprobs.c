/* Fuzzes the logprobs-stream reader and lm-ppl's arithmetic on what it accepts. */
#include <math.h>

#include "fuzz.h"
#include "ppl.h"
#include "tokens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_chunk_reader cr;
    if (setjmp(fuzz_jmp) == 0) {
        chunk_reader_start(&cr, r, "logprobs");
        lm_ppl s = { 0 };
        while (chunk_reader_next(&cr)) {
            for (size_t i = 0; i < cr.n; i++) {
                if (!isfinite(cr.logp[i]) || cr.logp[i] > 1e-6) __builtin_trap();
                ppl_add(&s, cr.logp[i], cr.ids[i] == cr.vocab.unk);
            }
        }
        if (s.tokens && isnan(ppl_perplexity(&s))) __builtin_trap();
        chunk_reader_close(&cr);
    } else {
        lm_reader_close(r);
    }
    return 0;
}
