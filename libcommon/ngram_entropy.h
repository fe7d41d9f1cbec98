/* ngram_entropy.h — entropy-based pruning of a back-off model (Stolcke
 * 1998, "Entropy-based pruning of backoff language models"; SRILM's
 * ngram -prune).
 *
 * Removing the explicit n-gram h w (order >= 2) makes P(w | h) back off
 * to alpha'(h) P(w | h'), h' = h without its oldest word, and changes the
 * back-off weight of h to
 *   alpha'(h) = (1 - sum_{v in S(h), v != w} P(v | h)) / (1 - sum_{v in S(h), v != w} P(v | h'))
 * (S(h): the words stored after h).  Only the distribution after h
 * changes; the relative entropy between the model and the pruned one is
 *   D = -P(h) [ P(w | h) (log P(w | h') + log alpha'(h) - log P(w | h))
 *             + (log alpha'(h) - log alpha(h)) sum_{v not in S(h)} P(v | h) ]
 * and exp(D) - 1 is the relative increase of the (training-set)
 * perplexity.  Every n-gram is judged alone against the unpruned model,
 * as the paper does (all at once, not order by order); those with
 * exp(D) - 1 < THRESHOLD are removed, except where a kept longer n-gram
 * needs them as suffix or context, and the back-off weights are then
 * recomputed (ngram_prune_marked).
 *
 * P(h) is the model's own: the chain rule P(h1) P(h2 | h1) ..., with the
 * history <s> given the probability of </s> (each sentence start follows
 * a sentence end, so in the running text <s> is as frequent as </s>). */
#ifndef LM_NGRAM_ENTROPY_H
#define LM_NGRAM_ENTROPY_H

#include "ngram.h"

void ngram_prune_entropy(lm_ngram *g, double threshold);

#endif
