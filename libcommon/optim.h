/* optim.h — the optimizers and gradient clipping, written once over the
 * flat parameter and gradient buffers (rnn.h). */
#ifndef LM_OPTIM_H
#define LM_OPTIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lm_optimizer { LM_SGD, LM_ADAM };

typedef struct lm_optim {
    int kind;                 /* enum lm_optimizer */
    double beta1, beta2, eps; /* Adam: 0.9, 0.999, 1e-8 as PyTorch */
    uint64_t t;               /* steps taken (Adam's bias correction) */
    size_t n;
    float *m, *v;             /* Adam's moments, n each; NULL for SGD */
} lm_optim;

/* The optimizers' names, NULL-terminated, in enum order. */
extern const char *const lm_optim_names[];
int optim_parse(const char *name);   /* -1 if unknown */
const char *optim_name(int kind);
void optim_init(lm_optim *o, int kind, size_t n);
void optim_free(lm_optim *o);
/* params -= update(grads) at learning rate LR. */
void optim_step(lm_optim *o, float *params, const float *grads, double lr);
/* Decoupled weight decay (Loshchilov and Hutter 2019), as PyTorch's
 * AdamW applies it before the step: w *= 1 - LR * WD over N weights.
 * With SGD it is the L2 penalty wd/2 |w|^2 of the loss. */
void optim_decay(float *w, size_t n, double lr, double wd);
/* Global L2 norm of GRADS; if above MAX_NORM (> 0), scales them down to it
 * as torch.nn.utils.clip_grad_norm_ does.  Returns the norm before. */
double clip_grad_norm(float *grads, size_t n, double max_norm);

/* Weight averaging (lm-train --average D): after optimizer step STEP
 * (1-based), moves AVG towards the weights W with decay
 * min(D, (1+s)/(10+s)), so that early on it averages over about the last
 * s/9 steps. */
void optim_average(float *avg, const float *w, size_t n, double decay, uint64_t step);
/* The uniform average of the weights over the last K steps (AVG held
 * that of the K-1 before): avg += (w - avg) / K, ASGD's (Polyak and
 * Juditsky 1992) running mean. */
void optim_average_uniform(float *avg, const float *w, size_t n, uint64_t k);
/* NT-ASGD's trigger (Merity et al. 2017): with HIST the N validation
 * losses before this one, LOSS, and the non-monotone interval INTERVAL,
 * true when N > INTERVAL and LOSS is above the lowest of HIST but its
 * last INTERVAL entries: validation has not improved for INTERVAL
 * evaluations. */
bool nt_asgd_trigger(const double *hist, size_t n, double loss, int interval);

#endif
