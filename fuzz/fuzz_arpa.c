/* Fuzzes the ARPA reader, then queries the model it built: every
 * probability must be finite, and the full distribution (through the
 * forward index) must agree with the single-token log-probabilities. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "model.h"
#include "ngram_arpa.h"
#include "ngram_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    FILE *fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
    if (!fp) return 0;
    if (setjmp(fuzz_jmp) == 0) {
        lm_ngram *g = xmalloc(sizeof *g);
        arpa_read(fp, "fuzz", g);
        lm_model *m = ngram_model_wrap(g, LM_LOAD_DISTRIBUTIONS);   /* the forward index */
        lm_ctx *c = model_ctx_new(m);
        void *st = xmalloc(model_state_size(m));
        float *lp = xmalloc(m->vocab.n * sizeof *lp);
        model_state_init(c, st);
        for (uint32_t t = 0; t < 4; t++) {
            model_next_logprobs(c, st, lp);
            for (uint32_t w = 0; w < m->vocab.n && w < 64; w++) {
                if (w == m->vocab.bos) continue;
                double one = model_logprob(c, st, w);
                if (!isfinite(one) || fabs(one - lp[w]) > 1e-3 * (1 + fabs(one))) __builtin_trap();
            }
            model_feed(c, st, (t * 7 + 3) % m->vocab.n);
        }
        free(lp);
        free(st);
        model_ctx_free(c);
        model_free(m);
    }
    fclose(fp);
    return 0;
}
