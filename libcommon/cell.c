/* cell.c — the table of cells, and the GEMM shapes they share. */
#include "cell.h"
#include "linalg.h"

#include <math.h>
#include <string.h>

/* The cells: one line each (a new cell: its file, and a line here). */
#define LM_CELLS    \
    CELL(cell_rnn)  \
    CELL(cell_lstm) \
    CELL(cell_gru)  \
    CELL(cell_mamba) \
    /* end of the table */

#define CELL(c) extern const lm_cell c;
LM_CELLS
#undef CELL
#define CELL(c) &c,
static const lm_cell *const cells[] = { LM_CELLS };
#undef CELL
#define NCELLS ((int)(sizeof cells / sizeof cells[0]))

int cell_count(void)
{
    return NCELLS;
}

const lm_cell *cell_at(int i)
{
    return i >= 0 && i < NCELLS ? cells[i] : NULL;
}

const lm_cell *cell_find(const char *name)
{
    for (int i = 0; i < NCELLS; i++)
        if (strcmp(cells[i]->name, name) == 0) return cells[i];
    return NULL;
}

const char *const *cell_names(void)
{
    static const char *names[NCELLS + 1];
    for (int i = 0; i < NCELLS; i++) names[i] = cells[i]->name;   /* the same values each call */
    return names;
}

const char *cell_resolve(const lm_cell *c, lm_cell_hp *hp, int in, int H)
{
    if (c->hyper) return c->hyper->resolve(hp, in, H);
    memset(hp, 0, sizeof *hp);
    return NULL;
}

int cell_blocks_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp, lm_param_block *b)
{
    if (c->hyper) return c->hyper->blocks(in, H, hp, b);
    for (int i = 0; i < c->nblocks; i++) {
        const lm_param_shape *s = &c->shape[i];
        size_t cols = s->cols == LM_COLS_IN ? (size_t)in : s->cols == LM_COLS_H ? (size_t)H : 1;
        b[i] = (lm_param_block){ s->name, (size_t)s->rows * H * cols, s->cols != LM_COLS_1 };
    }
    return c->nblocks;
}

size_t cell_param_count_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp)
{
    lm_param_block b[LM_CELL_MAX_BLOCKS];
    int n = cell_blocks_hp(c, in, H, hp, b);
    size_t total = 0;
    for (int i = 0; i < n; i++) total += b[i].n;
    return total;
}

void cell_view_hp(const lm_cell *c, const float *p, int in, int H, const lm_cell_hp *hp,
                  float **at)
{
    lm_param_block b[LM_CELL_MAX_BLOCKS];
    int n = cell_blocks_hp(c, in, H, hp, b);
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        at[i] = (float *)p + off;   /* the caller's const-ness is its own to keep */
        off += b[i].n;
    }
}

size_t cell_block_offset_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp,
                            const char *name)
{
    lm_param_block b[LM_CELL_MAX_BLOCKS];
    int n = cell_blocks_hp(c, in, H, hp, b);
    size_t off = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(b[i].name, name) == 0) return off;
        off += b[i].n;
    }
    return (size_t)-1;
}

int cell_state_vecs(const lm_cell *c, const lm_cell_hp *hp)
{
    return c->hyper ? c->hyper->state_vecs(hp) : c->state_vecs;
}

void cell_init(const lm_cell *c, float *p, int in, int H, const lm_cell_hp *hp,
               const lm_weight_init *init, lm_rng *rng)
{
    if (c->hyper) c->hyper->init(p, in, H, hp, init, rng);
    else c->init(p, in, H, init, rng);
}

size_t cell_cache_size(const lm_cell *c, int T, int B, int H, const lm_cell_hp *hp)
{
    return c->hyper ? c->hyper->cache_size(T, B, H, hp) : c->cache_size(T, B, H);
}

size_t cell_work_size(const lm_cell *c, int T, int B, int H, const lm_cell_hp *hp)
{
    return c->hyper ? c->hyper->work_size(T, B, H, hp) : c->work_size(T, B, H);
}

float init_bound(const lm_weight_init *init, int fan)
{
    return init->scale > 0 ? init->scale : 1.0f / sqrtf((float)fan);
}

void cell_uniform(float *p, size_t n, float k, lm_rng *rng)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)((2.0 * rng_uniform(rng) - 1.0) * k);
}

void cell_input_projection(const lm_cell_dims *d, int N, const float *x, const float *W, float *out)
{
    if (d->xproj) memcpy(out, d->xproj, (size_t)d->T * d->B * N * sizeof(float));
    else gemm_nt(d->T * d->B, N, d->in, x, W, out, 0);
}
