/* cell.h — a recurrent cell: forward over T steps and backward (BPTT) over
 * the same T steps, for B parallel streams, over flat float buffers.
 *
 * Shapes (row-major, time-major so step t is one contiguous block):
 *   x      (T, B, in)      the layer's input sequence
 *   hs     (T+1, B, H)     hs[0] = h carried in, hs[t+1] = h after step t
 *   state  (S, B, H)       what a stream carries between windows: h, and c
 *                          for the LSTM (S = cell_state_vecs: for a cell with
 *                          hyper-parameters, more, e.g. Mamba's SSM state)
 *   cache  cell_cache_size(cell, T, B, H, hp) floats the backward needs
 *   params one layer's parameters, laid out by the cell (its file says how)
 *
 * The forward reads the carried state, runs T steps and leaves the state
 * after step T in STATE.  The backward adds the parameter gradients into
 * DP, writes dL/dx into DX, and takes DHS = dL/dhs[1..T] (T, B, H) from
 * above, which it overwrites as scratch.  DSTATE is dL/d(state after T) on
 * entry (zero when the window is cut: truncated BPTT) and dL/d(state
 * before step 0) on return (the gradient a longer BPTT would carry on;
 * tests and --grad-flow read it).
 *
 * Input projections for all T steps are one GEMM; only the recurrent term
 * is a GEMM per step; gate nonlinearities are fused loops.
 *
 * A new cell is one file defining an lm_cell plus one line in cell.c's
 * table; everything else (--cell, --help, the gradient check) reads the
 * table. */
#ifndef LM_CELL_H
#define LM_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/* A cell's hyper-parameters beyond (in, H) — lm-train --state, --expand,
 * --conv, --dt-rank, read by the Mamba cell only.  0 means the cell's
 * default; a model keeps the resolved values (lm_rnn.hp, cell_resolve).
 * Cells without hyper-parameters ignore them, so for them nothing about
 * the sizes, checkpoints or outputs changes. */
typedef struct lm_cell_hp {
    int state;      /* N: SSM state size per channel */
    int expand;     /* E: inner width E * H */
    int conv;       /* K: causal convolution width */
    int dt_rank;    /* R: rank of the step-size projection */
} lm_cell_hp;
#define LM_CELL_HP_MAX 4096   /* each field's bound (options, checkpoints) */

typedef struct lm_cell_dims {
    int T, B, in, H;
    /* If set, the input projections W x for all steps, (T, B, gates * H),
     * already computed (inference folds the embedding into the first
     * layer's W: one table row per token instead of a product). */
    const float *xproj;
    const lm_cell_hp *hp;   /* the resolved hyper-parameters (NULL: none) */
    /* A residual cell's (lm_cell.residual) inverted-dropout mask on its
     * branch, (T, B, H): out = x + mask ⊙ branch(x) (training only; NULL:
     * none).  The forward and the backward are given the same mask. */
    const float *branch_mask;
} lm_cell_dims;

/* How a model's weights start (lm-train --init-scale, --forget-bias). */
typedef struct lm_weight_init {
    float scale;         /* U(-scale, scale); 0: PyTorch's 1/sqrt(fan) */
    float forget_bias;   /* an LSTM's forget-gate bias (default 1) */
} lm_weight_init;

/* The bound of a uniform initialisation: INIT's scale, else 1/sqrt(fan). */
float init_bound(const lm_weight_init *init, int fan);

/* One block of a layer's parameters, as a cell declares it: a matrix of
 * ROWS * H rows by IN, H or 1 columns, and its name (the gradient check
 * reports by it). */
enum { LM_COLS_IN, LM_COLS_H, LM_COLS_1 };
typedef struct lm_param_shape {
    const char *name;
    int rows;         /* times H */
    int cols;         /* LM_COLS_* */
} lm_param_shape;

/* A block's name and its number of floats for a layer of given sizes;
 * DECAY: a weight that --weight-decay shrinks (the matrices), not a bias,
 * a gain or an SSM constant (AdamW's usual exclusions). */
typedef struct lm_param_block {
    const char *name;
    size_t n;
    bool decay;
} lm_param_block;
#define LM_CELL_MAX_BLOCKS 12

/* The contract every cell keeps:
 *   - its parameters are the blocks SHAPE lists, contiguous, in order;
 *     the first block is the input weight W (gates * H, in), which
 *     multiplies x_t and nothing else: inference folds the embedding
 *     into it (rnn_fold_embedding) and the cell then reads D->xproj;
 *   - the forward's input projection goes through cell_input_projection
 *     (so that a folded D->xproj replaces it);
 *   - the state is STATE_VECS vectors of H per stream, h first (the
 *     model's next-token distribution reads the top layer's h there).
 * A cell's file views its block through a union of named pointers over
 * cell_view's array (e.g. { struct { float *W, *U, *b; }; float *at[3]; },
 * and LM_CELL_VIEW), so offsets are derived in one place, from SHAPE. */
/* What a cell with hyper-parameters (lm_cell_hp) provides instead of
 * the (in, H)-only sizing fields of lm_cell: its blocks, its state width,
 * its initialisation and buffer sizes all depend on HP (resolved). */
typedef struct lm_cell_hyper {
    /* Fills the zero fields of HP with the defaults for a layer of H
     * units; returns NULL, or a message when a value cannot work (the
     * caller dies with it). */
    const char *(*resolve)(lm_cell_hp *hp, int in, int H);
    int (*blocks)(int in, int H, const lm_cell_hp *hp, lm_param_block *b);
    int (*state_vecs)(const lm_cell_hp *hp);
    void (*init)(float *p, int in, int H, const lm_cell_hp *hp, const lm_weight_init *init,
                 lm_rng *rng);
    size_t (*cache_size)(int T, int B, int H, const lm_cell_hp *hp);
    size_t (*work_size)(int T, int B, int H, const lm_cell_hp *hp);
} lm_cell_hyper;

typedef struct lm_cell {
    const char *name;
    int state_vecs;
    int gates;        /* H-blocks in the input projection W x */
    const lm_param_shape *shape;   /* its parameter blocks, in memory order */
    int nblocks;
    /* Every weight and bias U(-k, k), k = init_bound(INIT, H) (PyTorch's
     * default), except a forget gate's bias: INIT->forget_bias. */
    void (*init)(float *p, int in, int H, const lm_weight_init *init, lm_rng *rng);
    size_t (*cache_size)(int T, int B, int H);
    size_t (*work_size)(int T, int B, int H);
    void (*forward)(const lm_cell_dims *d, const float *p, const float *x, float *hs,
                    float *state, float *cache);
    void (*backward)(const lm_cell_dims *d, const float *p, float *dp, const float *x,
                     const float *hs, const float *cache, float *dhs, float *dstate,
                     float *dx, float *work);
    /* NULL for a cell sized by (in, H) alone.  Otherwise it replaces
     * shape/nblocks, state_vecs, init, cache_size and work_size (which
     * the cell leaves unset), and gates is 0: such a cell's first block
     * need not be an input weight, so the embedding is not folded. */
    const lm_cell_hyper *hyper;
    /* The layer adds its input to its output, out = x + branch(x) (so it
     * reads D->branch_mask: lm-train --dropout-branch). */
    bool residual;
} lm_cell;

/* The registered cells (the table in cell.c), in their order. */
int cell_count(void);
const lm_cell *cell_at(int i);
/* The cell named NAME, or NULL. */
const lm_cell *cell_find(const char *name);
/* The cells' names, NULL-terminated, in table order. */
const char *const *cell_names(void);

/* The sizing questions, for every cell: HP is the resolved
 * hyper-parameters (cell_resolve), ignored by (and NULL allowed for) a
 * cell without c->hyper.  The _hp-less names below are these with NULL,
 * for the cells sized by (in, H) alone. */
/* Resolves HP in place for a layer (in, H) of C; returns NULL, or what
 * makes a value unworkable (one line, for the caller's message).  A cell
 * without hyper-parameters clears HP to zeros. */
const char *cell_resolve(const lm_cell *c, lm_cell_hp *hp, int in, int H);
/* Fills B (room for LM_CELL_MAX_BLOCKS) with the blocks of a layer with
 * input size IN and H units; returns how many. */
int cell_blocks_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp, lm_param_block *b);
/* A layer's parameter count: the sum of its blocks. */
size_t cell_param_count_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp);
/* Pointers to each block of the layer parameters P, in order, into AT
 * (room for LM_CELL_MAX_BLOCKS).  Read-only for a forward's const P. */
void cell_view_hp(const lm_cell *c, const float *p, int in, int H, const lm_cell_hp *hp,
                  float **at);
/* The offset of the block named NAME in a layer, or (size_t)-1. */
size_t cell_block_offset_hp(const lm_cell *c, int in, int H, const lm_cell_hp *hp,
                            const char *name);
/* State vectors of H per stream; the initialisation; buffer sizes. */
int cell_state_vecs(const lm_cell *c, const lm_cell_hp *hp);
void cell_init(const lm_cell *c, float *p, int in, int H, const lm_cell_hp *hp,
               const lm_weight_init *init, lm_rng *rng);
size_t cell_cache_size(const lm_cell *c, int T, int B, int H, const lm_cell_hp *hp);
size_t cell_work_size(const lm_cell *c, int T, int B, int H, const lm_cell_hp *hp);

static inline int cell_blocks(const lm_cell *c, int in, int H, lm_param_block *b)
{
    return cell_blocks_hp(c, in, H, NULL, b);
}
static inline size_t cell_param_count(const lm_cell *c, int in, int H)
{
    return cell_param_count_hp(c, in, H, NULL);
}
static inline void cell_view(const lm_cell *c, const float *p, int in, int H, float **at)
{
    cell_view_hp(c, p, in, H, NULL, at);
}
static inline size_t cell_block_offset(const lm_cell *c, int in, int H, const char *name)
{
    return cell_block_offset_hp(c, in, H, NULL, name);
}
/* Defines FN(p, in, H), the named view TYPE of CELL's parameters P. */
#define LM_CELL_VIEW(type, fn, cell)                          \
    static type fn(const float *p, int in, int H)             \
    {                                                         \
        type v;                                               \
        cell_view(&cell, p, in, H, v.at);                     \
        return v;                                             \
    }

/* Shared by the cells: U(-k, k) fill, and the input projection of a
 * window (the products themselves are linalg.h's, the gate arithmetic
 * fastmath.h's). */
void cell_uniform(float *p, size_t n, float k, lm_rng *rng);
/* The cells' input projection: out (T*B, N) = x W^T, or D->xproj copied. */
void cell_input_projection(const lm_cell_dims *d, int N, const float *x, const float *W, float *out);

#endif
