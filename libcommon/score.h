/* score.h — what lm-score does: a tokens stream in, a logprobs stream out,
 * every token's natural-log probability under a model. */
#ifndef LM_SCORE_H
#define LM_SCORE_H

typedef struct lm_score_opts {
    const char *model;       /* any model file or ARPA */
    const char *input;       /* tokens; NULL or "-": stdin */
    const char *output;      /* logprobs, written atomically; NULL: stdout */
    int threads;             /* neural models score parallel streams */
} lm_score_opts;

/* Loads the model, reads the tokens (which must share its vocabulary),
 * scores them (model_score) and writes the logprobs stream chunk by chunk
 * as the tokens came.  Dies with a message on any error. */
void score_run(const lm_score_opts *o);

#endif
