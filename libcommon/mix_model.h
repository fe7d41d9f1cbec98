/* mix_model.h — a linear mixture of models as a model of model.h:
 * P(w | history) = sum_i W_i P_i(w | history), so one can score with and
 * sample from an n-gram + LSTM mixture like any other model.
 *
 * A mix model is a small text file (lm-stream(5), "mix"):
 *   lm-mix 1
 *   # comments and blank lines are skipped
 *   0.3 kn5.lm
 *   0.7 lstm.lm
 * one "WEIGHT PATH" line per component (2 to 16 components), weights in
 * [0, 1] summing to 1 (within 1e-6), a relative PATH taken from the mix
 * file's directory.  Components are any model file but another mix, and
 * must share one vocabulary. */
#ifndef LM_MIX_MODEL_H
#define LM_MIX_MODEL_H

#include <stddef.h>

struct lm_model;     /* model.h */

#define LM_MIX_MAX 16           /* components */
#define LM_MIX_MAX_TEXT "16"
#define LM_MIX_MAX_BYTES 65536  /* size of the file */

typedef struct lm_mix_spec {
    int k;
    double w[LM_MIX_MAX];
    char *path[LM_MIX_MAX];     /* as written in the file */
} lm_mix_spec;

/* True if TEXT[0..n) starts like a mix file ("lm-mix"). */
int mix_looks_like(const char *text, size_t n);
/* Parses a mix file's text (NAME in messages); dies with a message naming
 * the line on anything malformed. */
void mix_parse(const char *text, size_t n, const char *name, lm_mix_spec *spec);
void mix_spec_free(lm_mix_spec *spec);

/* Loads the mix file PATH whose text is TEXT[0..n): its components
 * (FLAGS as model_load's) as one model. */
struct lm_model *mix_model_load(const char *path, const char *text, size_t n, unsigned flags);

#endif
