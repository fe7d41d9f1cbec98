/* Fuzzes the ARPA reader, then queries the model it built: every
 * probability must be finite, and the full distribution (through the
 * forward index) must agree with the single-token log-probabilities. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ngram_arpa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    FILE *fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
    if (!fp) return 0;
    if (setjmp(fuzz_jmp) == 0) {
        lm_ngram *g = xmalloc(sizeof *g);
        arpa_read(fp, "fuzz", g);
        g->dist_calls = LM_NGRAM_FORWARD_AFTER;     /* the next request builds the index */
        lm_model *m = ngram_model_wrap(g);
        void *st = xmalloc(m->ops->state_size(m));
        float *lp = xmalloc(m->vocab.n * sizeof *lp);
        m->ops->state_init(m, st);
        for (uint32_t t = 0; t < 4; t++) {
            m->ops->next_logprobs(m, st, lp);
            for (uint32_t w = 0; w < m->vocab.n && w < 64; w++) {
                if (w == m->vocab.bos) continue;
                double one = m->ops->logprob(m, st, w);
                if (!isfinite(one) || fabs(one - lp[w]) > 1e-3 * (1 + fabs(one))) __builtin_trap();
            }
            m->ops->feed(m, st, (t * 7 + 3) % m->vocab.n);
        }
        free(lp);
        free(st);
        model_free(m);
    }
    fclose(fp);
    return 0;
}
