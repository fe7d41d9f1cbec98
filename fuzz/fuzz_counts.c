/* Fuzzes the counts-stream reader, then merges the counts with themselves
 * and estimates a model from them: whatever the reader accepts, the
 * estimator must turn into finite probabilities (or refuse cleanly). */
#include <math.h>

#include "fuzz.h"
#include "ngram_estimate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *volatile r = lm_reader_from_memory(data, size, "fuzz");
    static lm_counts c, d;
    static lm_ngram g;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "counts");
        counts_read_body(r, h, &c);
        lm_reader_close(r);
        r = lm_reader_from_memory(data, size, "fuzz");
        counts_read_body(r, lm_read_header(r, "counts"), &d);
        counts_merge(&c, &d, "fuzz");
        counts_free(&d);
        ngram_estimate(&c, size % 3, 0.5, &g);
        counts_free(&c);
        for (int k = 1; k <= g.order; k++)
            for (size_t i = 0; i < g.lv[k].n; i++)
                if (!isfinite(g.logp[k][i]) || (k < g.order && !isfinite(g.bo[k][i])))
                    __builtin_trap();
        ngram_free(&g);
    }
    lm_reader_close(r);
    return 0;
}
