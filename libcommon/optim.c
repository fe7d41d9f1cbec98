/* optim.c — SGD, Adam (Kingma and Ba 2015, PyTorch's arrangement of the
 * bias corrections), decoupled weight decay and global-norm clipping. */
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const lm_optim_names[] = { "sgd", "adam", NULL };

int optim_parse(const char *name)
{
    for (int i = 0; lm_optim_names[i]; i++)
        if (strcmp(name, lm_optim_names[i]) == 0) return i;
    return -1;
}

const char *optim_name(int kind)
{
    return kind == LM_ADAM ? "adam" : "sgd";
}

void optim_average(float *avg, const float *w, size_t n, double decay, uint64_t step)
{
    double s = (double)step, d = (1 + s) / (10 + s);
    if (d > decay) d = decay;
    float a = (float)(1 - d);
    for (size_t i = 0; i < n; i++) avg[i] += a * (w[i] - avg[i]);
}

void optim_average_uniform(float *avg, const float *w, size_t n, uint64_t k)
{
    float a = 1.0f / (float)k;
    for (size_t i = 0; i < n; i++) avg[i] += a * (w[i] - avg[i]);
}

bool nt_asgd_trigger(const double *hist, size_t n, double loss, int interval)
{
    if (interval < 1 || n <= (size_t)interval) return false;
    double lowest = hist[0];
    for (size_t i = 1; i < n - (size_t)interval; i++) lowest = hist[i] < lowest ? hist[i] : lowest;
    return loss > lowest;
}

void optim_init(lm_optim *o, int kind, size_t n)
{
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->n = n;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->eps = 1e-8;
    if (kind == LM_ADAM) {
        o->m = xcalloc(n, sizeof(float));
        o->v = xcalloc(n, sizeof(float));
    }
}

void optim_free(lm_optim *o)
{
    free(o->m);
    free(o->v);
    o->m = o->v = NULL;
}

/* One Adam step over n parameters; restrict lets it vectorise. */
static void adam_update(size_t n, float *restrict p, const float *restrict g, float *restrict m,
                        float *restrict v, float b1, float b2, float step, float rbc2, float eps)
{
    for (size_t i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        p[i] -= step * m[i] / (sqrtf(v[i]) * rbc2 + eps);
    }
}

void optim_step(lm_optim *o, float *params, const float *grads, double lr)
{
    o->t++;
    if (o->kind == LM_SGD) {
        float a = (float)lr;
        for (size_t i = 0; i < o->n; i++) params[i] -= a * grads[i];
        return;
    }
    const double bc1 = 1.0 - pow(o->beta1, (double)o->t);
    const double bc2 = 1.0 - pow(o->beta2, (double)o->t);
    adam_update(o->n, params, grads, o->m, o->v, (float)o->beta1, (float)o->beta2,
                (float)(lr / bc1), (float)(1.0 / sqrt(bc2)), (float)o->eps);
}

void optim_decay(float *w, size_t n, double lr, double wd)
{
    float keep = (float)(1.0 - lr * wd);
    for (size_t i = 0; i < n; i++) w[i] *= keep;
}

double clip_grad_norm(float *grads, size_t n, double max_norm)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)grads[i] * grads[i];
    double norm = sqrt(s);
    if (max_norm > 0 && norm > max_norm) {
        float k = (float)(max_norm / (norm + 1e-6));
        for (size_t i = 0; i < n; i++) grads[i] *= k;
    }
    return norm;
}
