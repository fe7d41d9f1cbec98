/* Fuzzes the ngram model-stream readers, then queries the models they
 * built: the copying reader (either version), and for a version-2 stream
 * also the in-place reader lm-score uses on a mapped file
 * (ngram_map_body), whose tables are then probed by single lookups and by
 * the block scorer over a token sequence.  Every number must be finite,
 * and a corrupt table must end in die() (here a jump back), never a
 * crash or a hang. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ngram_model.h"

static void query(const lm_ngram *g)
{
    if (g->vocab.n == 0) return;     /* a model of nothing: no word to ask about */
    uint32_t ctx[LM_NGRAM_MAX_ORDER];
    for (int i = 0; i < LM_NGRAM_MAX_ORDER; i++) ctx[i] = (uint32_t)(i * 7) % g->vocab.n;
    for (uint32_t w = 0; w < g->vocab.n && w < 64; w++)
        for (int n = 0; n < g->order; n++)
            if (!isfinite(ngram_log10(g, ctx, n, w))) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static lm_ngram g;
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    int version = 0;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "model");
        version = r->version;
        ngram_read_body(r, h, &g);
        query(&g);
        ngram_free(&g);
    }
    lm_reader_close(r);
    if (version < 2) return 0;
    /* the mapped path: a file maps page-aligned, so the copy is 16-aligned */
    static void *buf;
    static size_t cap;
    if (size > cap) {
        free(buf);
        cap = size;
        if (posix_memalign(&buf, 64, cap)) abort();
    }
    memcpy(buf, data, size);
    r = lm_reader_from_mapped(buf, size, "fuzz");
    memset(&g, 0, sizeof g);
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "model");
        ngram_map_body(r, h, &g);
        query(&g);
        uint32_t ids[200];
        for (size_t i = 0; i < 200; i++) ids[i] = (uint32_t)(i * 2654435761u >> 7) % g.vocab.n;
        double lp[200];
        ngram_table_score(&g, ids, 200, g.vocab.mode == LM_MODE_WORD && g.order > 1, lp);
        for (size_t i = 0; i < 200; i++)
            if (!isfinite(lp[i])) __builtin_trap();
    }
    ngram_free(&g);      /* the tables point into buf, which stays */
    lm_reader_close(r);
    return 0;
}
