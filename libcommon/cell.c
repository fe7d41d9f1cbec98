/* cell.c — the table of cells, and the GEMM shapes they share. */
#include "cell.h"
#include "linalg.h"

#include <math.h>
#include <string.h>

extern const lm_cell cell_rnn, cell_lstm, cell_gru;

/* One line per cell. */
static const lm_cell *const cells[] = {
    &cell_rnn,
    &cell_lstm,
    &cell_gru,
};

const lm_cell *cell_find(const char *name)
{
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        if (strcmp(cells[i]->name, name) == 0) return cells[i];
    return NULL;
}

const char *cell_names(void)
{
    return "rnn, lstm, gru";
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
