/* bpe_split.c — pre-tokenization: where a line is cut into the chunks that
 * merges never cross.  A small scanner over byte classes in place of
 * GPT-2's regular expression; the rule is in bpe.h. */
#include "bpe.h"

#include <string.h>

static const char *split_names[] = { "gpt2", "line" };

const char *bpe_split_name(int split)
{
    return split >= 0 && split < 2 ? split_names[split] : "?";
}

int bpe_split_parse(const char *s)
{
    for (int i = 0; i < 2; i++)
        if (strcmp(s, split_names[i]) == 0) return i;
    return -1;
}

enum { LETTER, DIGIT, SPACE, OTHER };

static int class_of(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return LETTER;
    if (c >= '0' && c <= '9') return DIGIT;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return SPACE;
    return OTHER;
}

/* Length of an English contraction ('s 't 're 've 'm 'll 'd) at P, or 0. */
static size_t contraction(const unsigned char *p, size_t n)
{
    if (n < 2 || p[0] != '\'') return 0;
    if (p[1] && strchr("stmd", p[1])) return 2;
    if (n >= 3 && ((p[1] == 'r' && p[2] == 'e') || (p[1] == 'v' && p[2] == 'e') ||
                   (p[1] == 'l' && p[2] == 'l')))
        return 3;
    return 0;
}

static size_t run_of(const unsigned char *p, size_t n, size_t i, int cls)
{
    while (i < n && class_of(p[i]) == cls) i++;
    return i;
}

size_t bpe_split_next(const unsigned char *p, size_t n, int split)
{
    if (split == LM_BPE_SPLIT_LINE) return n;
    size_t c = contraction(p, n);
    if (c) return c;
    int cls = class_of(p[0]);
    if (cls != SPACE) return run_of(p, n, 1, cls);
    if (p[0] == ' ' && n > 1 && class_of(p[1]) != SPACE) return run_of(p, n, 2, class_of(p[1]));
    size_t end = run_of(p, n, 1, SPACE);
    if (end == n) return n;            /* spaces that end the line: one chunk */
    /* A non-space follows: the run gives up its last space to what follows
     * (where a ' ' joins the next chunk and anything else stands alone). */
    return end > 1 ? end - 1 : 1;
}
