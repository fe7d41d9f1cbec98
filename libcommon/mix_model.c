/* mix_model.c — a linear mixture of models behind model.h: the state is
 * the components' states side by side, every operation runs each
 * component and mixes in log space.  See mix_model.h. */
#include "mix_model.h"
#include "model.h"
#include "ppl.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the file ------------------------------------------------------------------ */

static const char MAGIC[] = "lm-mix";

int mix_looks_like(const char *text, size_t n)
{
    return n >= sizeof MAGIC - 1 && memcmp(text, MAGIC, sizeof MAGIC - 1) == 0;
}

static void spec_die(lm_mix_spec *spec, const char *name, int line, const char *what)
{
    mix_spec_free(spec);
    die("%s: line %d: %s", name, line, what);
}

void mix_parse(const char *text, size_t n, const char *name, lm_mix_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    if (n > LM_MIX_MAX_BYTES) die("%s: a mix file of %zu bytes (at most %d)", name, n, LM_MIX_MAX_BYTES);
    if (memchr(text, '\0', n)) die("%s: a mix file is text (it holds a NUL byte)", name);
    char *copy = xmalloc(n + 1);
    memcpy(copy, text, n);
    copy[n] = '\0';
    int line = 0;
    bool header = false;
    double sum = 0;
    char *save = NULL;
    /* strtok_r on "\n" would skip empty lines, which only changes numbering:
     * walk the lines by hand to name them right. */
    for (char *p = copy, *end; p; p = end ? end + 1 : NULL) {
        end = strchr(p, '\n');
        if (end) *end = '\0';
        line++;
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r') p[--len] = '\0';
        while (*p == ' ' || *p == '\t') p++;
        if (!header) {
            if (strcmp(p, "lm-mix 1") != 0) {
                bool newer = mix_looks_like(p, strlen(p)) && strncmp(p, "lm-mix ", 7) == 0;
                free(copy);
                spec_die(spec, name, line, newer ? "not \"lm-mix 1\" (a newer mix file version?)"
                                                 : "a mix file starts with \"lm-mix 1\"");
            }
            header = true;
            continue;
        }
        if (*p == '\0' || *p == '#') continue;
        char *tok = strtok_r(p, " \t", &save), *path = strtok_r(NULL, "", &save);
        while (path && (*path == ' ' || *path == '\t')) path++;
        char *endw;
        double w = strtod(tok, &endw);
        if (*endw || endw == tok || !isfinite(w) || w < 0 || w > 1) {
            free(copy);
            spec_die(spec, name, line, "expected \"WEIGHT PATH\" with a weight in [0, 1]");
        }
        if (!path || !*path) {
            free(copy);
            spec_die(spec, name, line, "a weight without a model path");
        }
        if (spec->k == LM_MIX_MAX) {
            free(copy);
            spec_die(spec, name, line, "too many components (at most " LM_MIX_MAX_TEXT ")");
        }
        spec->w[spec->k] = w;
        spec->path[spec->k++] = xstrdup(path);
        sum += w;
    }
    free(copy);
    if (!header) spec_die(spec, name, line, "a mix file starts with \"lm-mix 1\"");
    if (spec->k < 2) spec_die(spec, name, line, "a mixture needs at least two components");
    if (fabs(sum - 1) > 1e-6) {
        mix_spec_free(spec);
        die("%s: the weights sum to %.9g, not 1", name, sum);
    }
    for (int i = 0; i < spec->k; i++) spec->w[i] /= sum;
}

void mix_spec_free(lm_mix_spec *spec)
{
    for (int i = 0; i < spec->k; i++) free(spec->path[i]);
    memset(spec, 0, sizeof *spec);
}

/* ---- the model ------------------------------------------------------------------ */

typedef struct mix {
    int k;
    lm_model *c[LM_MIX_MAX];
    double logw[LM_MIX_MAX];
    size_t off[LM_MIX_MAX + 1];      /* component i's state: bytes off[i] .. off[i+1] */
} mix;

typedef struct mix_scratch {
    lm_ctx *ctx[LM_MIX_MAX];
    float *dist;                     /* one component's distribution */
} mix_scratch;

static size_t mx_state_size(const lm_model *m)
{
    const mix *x = m->impl;
    return x->off[x->k];
}

static void *mx_scratch_new(const lm_model *m)
{
    const mix *x = m->impl;
    mix_scratch *s = xcalloc(1, sizeof *s);
    for (int i = 0; i < x->k; i++) s->ctx[i] = model_ctx_new(x->c[i]);
    s->dist = xmalloc(xmul(m->vocab.n ? m->vocab.n : 1, sizeof *s->dist));
    return s;
}

static void mx_scratch_free(void *scratch)
{
    mix_scratch *s = scratch;
    for (int i = 0; i < LM_MIX_MAX; i++) model_ctx_free(s->ctx[i]);
    free(s->dist);
    free(s);
}

static void mx_state_init(const lm_model *m, void *scratch, void *state)
{
    const mix *x = m->impl;
    mix_scratch *s = scratch;
    for (int i = 0; i < x->k; i++) model_state_init(s->ctx[i], (char *)state + x->off[i]);
}

static void mx_feed(const lm_model *m, void *scratch, void *state, uint32_t token)
{
    const mix *x = m->impl;
    mix_scratch *s = scratch;
    for (int i = 0; i < x->k; i++) model_feed(s->ctx[i], (char *)state + x->off[i], token);
}

static double mx_logprob(const lm_model *m, void *scratch, const void *state, uint32_t token)
{
    const mix *x = m->impl;
    mix_scratch *s = scratch;
    double lp[LM_MIX_MAX];
    for (int i = 0; i < x->k; i++) lp[i] = model_logprob(s->ctx[i], (const char *)state + x->off[i], token);
    return log_mix(x->logw, lp, x->k);
}

/* log(exp(a) + exp(b)), -inf when both are */
static float log_add(float a, float b)
{
    if (a < b) { float t = a; a = b; b = t; }
    if (b == -INFINITY) return a;
    return a + log1pf(expf(b - a));
}

static void mx_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    const mix *x = m->impl;
    mix_scratch *s = scratch;
    uint32_t V = m->vocab.n;
    model_next_logprobs(s->ctx[0], state, logp);
    for (uint32_t w = 0; w < V; w++) logp[w] += (float)x->logw[0];
    for (int i = 1; i < x->k; i++) {
        model_next_logprobs(s->ctx[i], (const char *)state + x->off[i], s->dist);
        for (uint32_t w = 0; w < V; w++) logp[w] = log_add(logp[w], s->dist[w] + (float)x->logw[i]);
    }
}

/* Each component scores the whole sequence its own way (a neural one in
 * parallel streams, as lm-score does), then the token's log-probabilities
 * are mixed: the numbers lm-ppl --mix gives from the components' logprobs. */
static void mx_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    const mix *x = m->impl;
    double *each = xmalloc(xmul(xmul(n ? n : 1, (size_t)x->k), sizeof *each));
    for (int i = 0; i < x->k; i++) model_score(x->c[i], ids, n, each + (size_t)i * n, threads);
    double lp[LM_MIX_MAX];
    for (size_t t = 0; t < n; t++) {
        for (int i = 0; i < x->k; i++) lp[i] = each[(size_t)i * n + t];
        logp[t] = log_mix(x->logw, lp, x->k);
    }
    free(each);
}

static void mx_free(lm_model *m)
{
    mix *x = m->impl;
    for (int i = 0; i < x->k; i++) model_free(x->c[i]);
    free(x);
}

static const lm_model_ops mix_ops = {
    .type = "mix",
    .state_size = mx_state_size,
    .scratch_new = mx_scratch_new,
    .scratch_free = mx_scratch_free,
    .state_init = mx_state_init,
    .feed = mx_feed,
    .next_logprobs = mx_next_logprobs,
    .logprob = mx_logprob,
    .score = mx_score,
    .free = mx_free,
};

/* PATH relative to the directory of the mix file FROM. */
static char *component_path(const char *from, const char *path)
{
    const char *slash = strrchr(from, '/');
    if (path[0] == '/' || !slash) return xstrdup(path);
    size_t dir = (size_t)(slash - from) + 1, len = strlen(path);
    char *p = xmalloc(dir + len + 1);
    memcpy(p, from, dir);
    memcpy(p + dir, path, len + 1);
    return p;
}

/* Frees what mix_model_load has built when it stops on an error. */
static void load_fail(mix *x, lm_mix_spec *spec)
{
    for (int i = 0; i < x->k; i++) model_free(x->c[i]);
    free(x);
    mix_spec_free(spec);
}

lm_model *mix_model_load(const char *path, const char *text, size_t n, unsigned flags)
{
    const char *name = lm_display_name(path);
    lm_mix_spec spec;
    mix_parse(text, n, name, &spec);
    mix *x = xcalloc(1, sizeof *x);
    size_t desc_len = 16;
    for (int i = 0; i < spec.k; i++) {
        char *p = component_path(path ? path : "", spec.path[i]);
        if (model_is_mix_file(p)) {
            load_fail(x, &spec);
            die("%s: component %s is a mix itself (mixes do not nest)", name, p);
        }
        x->c[i] = model_load(p, flags);
        x->k = i + 1;
        free(p);
        if (!vocab_equal(&x->c[i]->vocab, &x->c[0]->vocab)) {
            char *a = xstrdup(spec.path[0]), *b = xstrdup(spec.path[i]);
            load_fail(x, &spec);
            die("%s: %s and %s have different vocabularies (train the components on the same "
                "tokens)", name, a, b);
        }
        x->logw[i] = log(spec.w[i]);
        size_t sz = model_state_size(x->c[i]);
        x->off[i + 1] = x->off[i] + (sz + 15) / 16 * 16;    /* each state aligned as malloc's */
        desc_len += strlen(x->c[i]->desc ? x->c[i]->desc : x->c[i]->ops->type) + 32;
    }
    lm_model *m = xcalloc(1, sizeof *m);
    m->ops = &mix_ops;
    vocab_copy(&m->vocab, &x->c[0]->vocab);
    m->impl = x;
    char *desc = xmalloc(desc_len);
    size_t at = (size_t)snprintf(desc, desc_len, "mix");
    for (int i = 0; i < spec.k; i++)
        at += (size_t)snprintf(desc + at, desc_len - at, "%s %.6g (%s)", i ? " +" : "", spec.w[i],
                               x->c[i]->desc ? x->c[i]->desc : x->c[i]->ops->type);
    m->desc = desc;
    mix_spec_free(&spec);
    return m;
}
