/* One loaded model, two users at once: two threads, each with its own
 * context and state, walk a text interleaved (started together, each at
 * its own pace) and must get bit for bit what one user alone gets — for
 * a neural model (the per-token path: feed, logprob, next_logprobs) and
 * for an n-gram model loaded for distributions (the forward index) and
 * for scoring (the walk).  Repeated, since a race shows only sometimes. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "model.h"
#include "util.h"

#include "check.h"

#define N 300
#define ROUNDS 50

typedef struct walk {
    const lm_model *m;
    const uint32_t *ids;
    int offset;               /* where in the text this user starts */
    double lp[N];             /* log P(ids[i]) from logprob */
    float *dist;              /* N x V: next_logprobs before each token */
} walk;

static void *run_walk(void *arg)
{
    walk *w = arg;
    lm_ctx *c = model_ctx_new(w->m);
    uint32_t V = w->m->vocab.n;
    void *st = xmalloc(model_state_size(w->m));
    model_state_init(c, st);
    for (int k = 0; k < N; k++) {
        int i = (k + w->offset) % N;   /* the text rotated: the same work, other order */
        model_next_logprobs(c, st, w->dist + (size_t)i * V);
        w->lp[i] = model_logprob(c, st, w->ids[i]);
        model_feed(c, st, w->ids[i]);
        if (i == N - 1) model_state_init(c, st);
    }
    free(st);
    model_ctx_free(c);
    return NULL;
}

static void check_model(const lm_model *m, const uint32_t *ids, const char *what)
{
    uint32_t V = m->vocab.n;
    walk alone = { m, ids, 0, { 0 }, xmalloc(sizeof(float) * N * V) };
    run_walk(&alone);
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++) {
        walk a = { m, ids, 0, { 0 }, xmalloc(sizeof(float) * N * V) };
        walk b = { m, ids, 0, { 0 }, xmalloc(sizeof(float) * N * V) };
        pthread_t ta, tb;
        pthread_create(&ta, NULL, run_walk, &a);
        pthread_create(&tb, NULL, run_walk, &b);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        if (memcmp(a.lp, alone.lp, sizeof a.lp) || memcmp(b.lp, alone.lp, sizeof b.lp) ||
            memcmp(a.dist, alone.dist, sizeof(float) * N * V) ||
            memcmp(b.dist, alone.dist, sizeof(float) * N * V))
            bad++;
        free(a.dist);
        free(b.dist);
    }
    printf("%s: %d rounds of two threads, %d differ from one thread alone\n", what, ROUNDS, bad);
    CHECK(bad == 0);
    free(alone.dist);
}

static lm_model *neural(void)
{
    char path[] = "/tmp/lm-test-reentrant-XXXXXX";
    close(mkstemp(path));
    lm_checkpoint ck;
    memset(&ck, 0, sizeof ck);
    vocab_init(&ck.vocab, LM_MODE_CHAR);
    for (char ch = 'a'; ch <= 'z'; ch++) vocab_add(&ck.vocab, &ch, 1);
    rnn_shape(&ck.net, cell_find("lstm"), 2, 16, 8, ck.vocab.n);
    ck.params = xmalloc(ck.net.nparams * sizeof(float));
    lm_rng r;
    rng_seed(&r, 3);
    rnn_init_params(&ck.net, ck.params, &(lm_weight_init){ 0, 1 }, &r);
    checkpoint_write(&ck, path);
    checkpoint_free(&ck);
    lm_model *m = model_load(path, LM_LOAD_SCORE);
    unlink(path);
    return m;
}

/* A word bigram as ARPA text (log10 probabilities, back-offs). */
static const char arpa[] =
    "\\data\\\nngram 1=6\nngram 2=5\n\n\\1-grams:\n"
    "-1.0\t<unk>\n-99\t<s>\t-0.30\n-0.60\t</s>\n-0.50\tthe\t-0.20\n-0.70\tcat\t-0.25\n"
    "-0.80\tsat\t-0.10\n\n\\2-grams:\n"
    "-0.10\t<s> the\n-0.30\tthe cat\n-0.20\tcat sat\n-0.15\tsat </s>\n-0.90\tthe sat\n\n\\end\\\n";

static lm_model *ngram(unsigned flags)
{
    char path[] = "/tmp/lm-test-reentrant-XXXXXX";
    int fd = mkstemp(path);
    if (write(fd, arpa, sizeof arpa - 1) != (ssize_t)(sizeof arpa - 1)) CHECK(0);
    close(fd);
    lm_model *m = model_load(path, flags);
    unlink(path);
    return m;
}

int main(void)
{
    uint32_t ids[N];
    lm_rng r;
    rng_seed(&r, 11);
    lm_model *m = neural();
    for (int i = 0; i < N; i++) ids[i] = (uint32_t)rng_below(&r, m->vocab.n);
    check_model(m, ids, "rnn lstm 2x16");
    model_free(m);
    const unsigned flags[2] = { LM_LOAD_DISTRIBUTIONS, LM_LOAD_SCORE };
    for (int f = 0; f < 2; f++) {
        m = ngram(flags[f]);
        for (int i = 0; i < N; i++) {
            ids[i] = (uint32_t)rng_below(&r, m->vocab.n);
            if (ids[i] == m->vocab.bos) ids[i] = m->vocab.eos;
        }
        check_model(m, ids, f == 0 ? "ngram bigram, forward index" : "ngram bigram, walk");
        model_free(m);
    }
    if (failures) fprintf(stderr, "test_reentrant: %d failures\n", failures);
    return failures ? 1 : 0;
}
