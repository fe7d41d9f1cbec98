/* bpe_pairs.c — pair-of-ids hash map.  See bpe_pairs.h. */
#include "bpe_pairs.h"
#include "util.h"

#include <stdlib.h>

/* A 64-bit mix (splitmix64's finaliser): pair ids are small, sequential
 * integers, which a plain modulus would cluster. */
static size_t slot_of(uint64_t k, size_t nslot)
{
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return (size_t)k & (nslot - 1);
}

static void alloc_slots(lm_pairmap *m, size_t nslot)
{
    m->key = xcalloc(nslot, sizeof *m->key);
    m->val = xmalloc(xmul(nslot, sizeof *m->val));
    m->nslot = nslot;
}

void pairmap_init(lm_pairmap *m, size_t expect)
{
    size_t nslot = 64;
    while (nslot < 2 * expect) nslot *= 2;
    m->n = 0;
    alloc_slots(m, nslot);
}

void pairmap_free(lm_pairmap *m)
{
    free(m->key);
    free(m->val);
    m->key = NULL;
    m->val = NULL;
    m->nslot = m->n = 0;
}

uint32_t pairmap_get(const lm_pairmap *m, uint32_t a, uint32_t b)
{
    uint64_t k = ((uint64_t)a << 32 | b) + 1;
    for (size_t i = slot_of(k, m->nslot);; i = (i + 1) & (m->nslot - 1)) {
        if (m->key[i] == k) return m->val[i];
        if (m->key[i] == 0) return LM_PAIR_NONE;
    }
}

static void insert(lm_pairmap *m, uint64_t k, uint32_t val)
{
    size_t i = slot_of(k, m->nslot);
    while (m->key[i] && m->key[i] != k) i = (i + 1) & (m->nslot - 1);
    if (!m->key[i]) m->n++;
    m->key[i] = k;
    m->val[i] = val;
}

void pairmap_put(lm_pairmap *m, uint32_t a, uint32_t b, uint32_t val)
{
    if (2 * (m->n + 1) > m->nslot) {
        uint64_t *key = m->key;
        uint32_t *v = m->val;
        size_t old = m->nslot;
        alloc_slots(m, 2 * old);
        m->n = 0;
        for (size_t i = 0; i < old; i++)
            if (key[i]) insert(m, key[i], v[i]);
        free(key);
        free(v);
    }
    insert(m, ((uint64_t)a << 32 | b) + 1, val);
}
