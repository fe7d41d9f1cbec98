/* cell_forward CELL T B IN H SEED OUT [SCALE [N E K R]] — test helper: one
 * layer of CELL (rnn, lstm, gru, mamba: N E K R its hyper-parameters,
 * 0 for a default; IN is H for mamba) with parameters from the cell's own
 * init (weights
 * U(-k, k), k = SCALE or 1/sqrt(H); an LSTM's forget bias 1), a random
 * input x (T, B, IN) in U(-2, 2) and a random carried state (S, B, H) in
 * U(-1, 1), S = cell_state_vecs; runs cell->forward and writes to OUT
 * everything an independent implementation needs to redo it
 * (tests/helpers/cell_ref.py):
 *
 *   one text line "lm-cell-forward CELL T B IN H S P N E K R\n", P =
 *   the parameter count, N E K R the resolved hyper-parameters (0: none),
 *   then little-endian float32 arrays, row-major, in this order:
 *     params (P)   x (T, B, IN)   state0 (S, B, H)   hs (T+1, B, H)   state (S, B, H)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "rng.h"
#include "cli.h"
#include "util.h"

static void fill(float *p, size_t n, double k, lm_rng *r)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)((2 * rng_uniform(r) - 1) * k);
}

/* float32 little-endian whatever the host's order. */
static void put(FILE *fp, const float *a, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &a[i], sizeof u);
        unsigned char b[4] = { u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff, u >> 24 };
        if (fwrite(b, 1, 4, fp) != 4) die_errno("%s: write error", path);
    }
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    if (argc != 8 && argc != 9 && argc != 13)
        die_usage("usage: cell_forward CELL T B IN H SEED OUT [SCALE [N E K R]]");
    const lm_cell *cell = cell_find(argv[1]);
    if (!cell) die_usage("%s: not a cell (%s is the first)", argv[1], cell_names()[0]);
    lm_cell_dims d = {
        .T = (int)parse_ll("T", argv[2], 1, 1000),
        .B = (int)parse_ll("B", argv[3], 1, 1000),
        .in = (int)parse_ll("IN", argv[4], 1, 10000),
        .H = (int)parse_ll("H", argv[5], 1, 10000),
        .xproj = NULL,
    };
    uint64_t seed = (uint64_t)parse_ll("SEED", argv[6], 0, INT64_MAX);
    const char *path = argv[7];
    lm_weight_init init = { .scale = argc >= 9 ? (float)parse_double("SCALE", argv[8], 0, 100) : 0,
                            .forget_bias = 1.0f };
    lm_cell_hp hp = { 0 };
    if (argc == 13) {
        hp.state = (int)parse_ll("N", argv[9], 0, 64);
        hp.expand = (int)parse_ll("E", argv[10], 0, 8);
        hp.conv = (int)parse_ll("K", argv[11], 0, 16);
        hp.dt_rank = (int)parse_ll("R", argv[12], 0, 64);
    }
    const char *why = cell_resolve(cell, &hp, d.in, d.H);
    if (why) die_usage("%s", why);
    d.hp = &hp;
    const int S = cell_state_vecs(cell, &hp);
    const size_t P = cell_param_count_hp(cell, d.in, d.H, &hp), BH = (size_t)d.B * d.H;
    const size_t nx = (size_t)d.T * d.B * d.in, nhs = (size_t)(d.T + 1) * BH, ns = S * BH;

    float *p = xcalloc(P, sizeof *p), *x = xcalloc(nx, sizeof *x);
    float *state0 = xcalloc(ns, sizeof *state0), *state = xcalloc(ns, sizeof *state);
    float *hs = xcalloc(nhs, sizeof *hs);
    float *cache = xcalloc(cell_cache_size(cell, d.T, d.B, d.H, &hp) + 1, sizeof *cache);
    lm_rng rng;
    rng_seed(&rng, seed);
    cell_init(cell, p, d.in, d.H, &hp, &init, &rng);
    fill(x, nx, 2.0, &rng);
    fill(state0, ns, 1.0, &rng);
    memcpy(state, state0, ns * sizeof *state);
    cell->forward(&d, p, x, hs, state, cache);

    FILE *fp = fopen(path, "wb");
    if (!fp) die_errno("%s", path);
    fprintf(fp, "lm-cell-forward %s %d %d %d %d %d %zu %d %d %d %d\n", cell->name, d.T, d.B, d.in,
            d.H, S, P, hp.state, hp.expand, hp.conv, hp.dt_rank);
    put(fp, p, P, path);
    put(fp, x, nx, path);
    put(fp, state0, ns, path);
    put(fp, hs, nhs, path);
    put(fp, state, ns, path);
    if (fclose(fp) != 0) die_errno("%s: write error", path);
    free(p), free(x), free(state0), free(state), free(hs), free(cache);
    return 0;
}
