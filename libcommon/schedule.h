/* schedule.h — the learning rate at each step (lm-train --schedule,
 * --warmup; the equations are in lm-train(1)). */
#ifndef LM_SCHEDULE_H
#define LM_SCHEDULE_H

#include <stdint.h>

#include "train_config.h"

enum lm_schedule { LM_SCHED_CONST, LM_SCHED_COSINE, LM_SCHED_STEP };
int schedule_parse(const char *s);   /* -1 if unknown */
const char *schedule_name(int s);
/* The schedules' names, NULL-terminated, in enum order. */
extern const char *const lm_schedule_names[];
/* The learning rate at STEP (0-based) in EPOCH (0-based), FRAC of the way
 * through the run's budget (the cosine schedule's clock). */
double schedule_lr(const lm_train_config *c, double frac, uint64_t step, uint64_t epoch);

#endif
