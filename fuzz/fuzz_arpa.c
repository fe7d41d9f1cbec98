/* Fuzzes the ARPA reader, then queries the model it built: every
 * probability must be finite, and a word's walk must stay in the trie. */
#include <math.h>
#include <stdio.h>

#include "fuzz.h"
#include "ngram_arpa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    FILE *fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
    if (!fp) return 0;
    static lm_ngram g;
    if (setjmp(fuzz_jmp) == 0) {
        arpa_read(fp, "fuzz", &g);
        uint32_t ctx[LM_NGRAM_MAX_ORDER];
        for (int i = 0; i < LM_NGRAM_MAX_ORDER; i++) ctx[i] = (uint32_t)i % g.vocab.n;
        for (uint32_t w = 0; w < g.vocab.n && w < 64; w++)
            if (!isfinite(ngram_log10(&g, ctx, g.order - 1, w))) __builtin_trap();
        ngram_free(&g);
    }
    fclose(fp);
    return 0;
}
