/* A neural model scored in batches of parallel streams (ops->score, what
 * lm-score and validation use) equals the same model fed one token at a
 * time through the generic interface (state_init, logprob, feed), segment
 * by segment; and a checkpoint survives a write and a read bit for bit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "model.h"
#include "util.h"

#include "check.h"

static void make_model(const char *path, const char *cell, int mode, uint32_t V)
{
    lm_checkpoint ck;
    memset(&ck, 0, sizeof ck);
    vocab_init(&ck.vocab, mode);
    char s[16];
    for (uint32_t i = ck.vocab.n; i < V; i++) {
        snprintf(s, sizeof s, mode == LM_MODE_WORD ? "w%u" : "%c", mode == LM_MODE_WORD ? i : 'a' + i);
        vocab_add(&ck.vocab, s, strlen(s));
    }
    rnn_shape(&ck.net, cell_find(cell), 2, 8, 6, ck.vocab.n);
    ck.params = xmalloc(ck.net.nparams * sizeof(float));
    lm_rng r;
    rng_seed(&r, 5);
    rnn_init_params(&ck.net, ck.params, &(lm_weight_init){ 0, 1 }, &r);
    for (size_t i = ck.net.off_layer[0]; i < ck.net.nparams; i++) ck.params[i] *= 3;  /* sharper */
    checkpoint_write(&ck, path);
    lm_checkpoint back;
    checkpoint_read(path, &back);
    CHECK(back.net.nparams == ck.net.nparams);
    CHECK(memcmp(back.params, ck.params, ck.net.nparams * sizeof(float)) == 0);
    CHECK(vocab_equal(&back.vocab, &ck.vocab));
    checkpoint_free(&back);
    checkpoint_free(&ck);
}

static void test_batched_equals_sequential(const char *cell, int mode, size_t n)
{
    char path[] = "/tmp/lm-test-rnn-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    make_model(path, cell, mode, 13);
    lm_model *m = model_load(path, LM_LOAD_SCORE);
    lm_ctx *ctx = model_ctx_new(m);
    unlink(path);
    uint32_t *ids = xmalloc(n * sizeof *ids);
    lm_rng r;
    rng_seed(&r, n);
    for (size_t i = 0; i < n; i++) {
        ids[i] = (uint32_t)rng_below(&r, m->vocab.n);
        if (mode == LM_MODE_WORD && ids[i] == m->vocab.bos) ids[i] = m->vocab.eos;
    }
    double *batched = xmalloc(n * sizeof *batched), *seq = xmalloc(n * sizeof *seq);
    model_score(m, ids, n, batched, 1);
    /* The segmentation rnn.h documents. */
    size_t S = (n + LM_EVAL_MIN_STREAM - 1) / LM_EVAL_MIN_STREAM;
    if (S > LM_EVAL_STREAMS) S = LM_EVAL_STREAMS;
    size_t seg = (n + S - 1) / S;
    void *state = xmalloc(model_state_size(m));
    for (size_t start = 0; start < n; start += seg) {
        model_state_init(ctx, state);
        for (size_t i = start; i < n && i < start + seg; i++) {
            seq[i] = model_logprob(ctx, state, ids[i]);
            model_feed(ctx, state, ids[i]);
        }
    }
    double worst = 0;
    for (size_t i = 0; i < n; i++) worst = fmax(worst, fabs(batched[i] - seq[i]));
    /* Batched and one-by-one differ only by float32 summation order. */
    printf("%s %s n=%zu: %zu streams, max |batched - sequential| = %.2e\n", cell,
           lm_mode_name(mode), n, (n + seg - 1) / seg, worst);
    CHECK(worst < 1e-4);
    /* And the full distribution agrees with logprob. */
    float *lp = xmalloc(m->vocab.n * sizeof *lp);
    model_state_init(ctx, state);
    model_next_logprobs(ctx, state, lp);
    double s = 0;
    for (uint32_t v = 0; v < m->vocab.n; v++) s += exp(lp[v]);
    CHECK(fabs(s - 1) < 1e-5);
    CHECK(fabs(lp[ids[0]] - seq[0]) < 1e-5);
    free(lp), free(state), free(ids), free(batched), free(seq);
    model_ctx_free(ctx);
    model_free(m);
}

int main(void)
{
    test_batched_equals_sequential("lstm", LM_MODE_CHAR, 700);
    test_batched_equals_sequential("lstm", LM_MODE_CHAR, 5000);
    test_batched_equals_sequential("gru", LM_MODE_WORD, 3000);
    test_batched_equals_sequential("rnn", LM_MODE_WORD, 40000);
    if (failures) fprintf(stderr, "test_rnn_score: %d failures\n", failures);
    return failures ? 1 : 0;
}
