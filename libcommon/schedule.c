/* schedule.c — learning-rate schedules: constant, cosine, step decay, with
 * a linear warm-up. */
#include "schedule.h"

#include <math.h>
#include <string.h>

const char *const lm_schedule_names[] = { "const", "cosine", "step", NULL };

int schedule_parse(const char *s)
{
    for (int i = 0; lm_schedule_names[i]; i++)
        if (strcmp(s, lm_schedule_names[i]) == 0) return i;
    return -1;
}

const char *schedule_name(int s)
{
    return s >= LM_SCHED_CONST && s <= LM_SCHED_STEP ? lm_schedule_names[s] : "const";
}

double schedule_lr(const lm_train_config *c, double frac, uint64_t step, uint64_t epoch)
{
    double lr = c->lr;
    if (c->schedule == LM_SCHED_COSINE) {
        double f = frac < 0 ? 0 : frac > 1 ? 1 : frac;
        lr = c->lr_min + 0.5 * (c->lr - c->lr_min) * (1 + cos(M_PI * f));
    } else if (c->schedule == LM_SCHED_STEP && (int64_t)epoch >= c->decay_start) {
        lr = c->lr * pow(c->lr_decay, (double)(epoch - (uint64_t)c->decay_start + 1));
    }
    if (c->warmup > 0 && step < c->warmup) lr *= (double)(step + 1) / (double)c->warmup;
    return lr;
}
