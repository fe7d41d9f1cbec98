/* ngram_estimate_write.c — Kneser-Ney estimated and written order by
 * order, dropping each order once it is written.  See ngram_estimate.h.
 *
 * The stages and their arithmetic are ngram_estimate.c's (the same calls
 * in the same order on the same values), so the stream is byte-identical;
 * only the schedule differs.  What order k needs: its adjusted counts
 * (from orders k and k+1), its contexts (order k's trie and the contexts
 * of order k-1), the probabilities of order k-1; it yields order k-1's
 * back-off weights, which complete order k-1 for the writer.
 *
 * With a temporary directory (lm-ngram --memory), the orders wait on disk
 * instead: every order's adjusted counts are made first, in place of its
 * raw counts (order k's need order k+1's raw counts, which are still
 * there), with the discounts; then orders 3..N go to a temporary file
 * each, and come back one at a time as the loop reaches them.  What is
 * resident at order k is order k-1's words, parents, probabilities and
 * per-context sums (28 bytes an entry) and order k's words, parents,
 * counts, contexts and probabilities (20): for the kernel's 125M-word
 * 5-gram, 1.9 GB at order 4 against the 3.6 GB of the whole trie and
 * its working arrays. */
#include "ngram_estimate.h"
#include "ngram_arpa.h"
#include "ngram_model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void drop_level(lm_ngram_level *L)
{
    free(L->word);
    free(L->parent);
    free(L->count);
    L->word = L->parent = L->count = NULL;
}

/* ---- levels on disk ------------------------------------------------------------- */

static void write_array(FILE *fp, const uint32_t *a, size_t n, const char *dir)
{
    if (n && fwrite(a, sizeof *a, n, fp) != n)
        die_errno("%s: cannot write a temporary file (disk full?)", dir);
}

static uint32_t *read_array(FILE *fp, size_t n)
{
    uint32_t *a = xmalloc(xmul(n ? n : 1, sizeof *a));
    if (n && fread(a, sizeof *a, n, fp) != n)
        die("a temporary level file reads back short (%s)", ferror(fp) ? "read error" : "truncated");
    return a;
}

/* Order K's word, parent and count arrays into a temporary file in DIR,
 * freed; returns the file, rewound. */
static FILE *level_out(lm_ngram_level *L, const char *dir)
{
    FILE *fp = lm_tmpfile(dir, (size_t)1 << 20);
    write_array(fp, L->word, L->n, dir);
    write_array(fp, L->parent, L->n, dir);
    write_array(fp, L->count, L->n, dir);
    if (fflush(fp) != 0 || ferror(fp)) die_errno("%s: cannot write a temporary file (disk full?)", dir);
    rewind(fp);
    drop_level(L);
    return fp;
}

static void level_in(lm_ngram_level *L, FILE *fp)
{
    L->word = read_array(fp, L->n);
    L->parent = read_array(fp, L->n);
    L->count = read_array(fp, L->n);
    fclose(fp);
}

/* ---- the estimate ---------------------------------------------------------------- */

/* P (linear) to log10 in place, and order K written with BO; then P and
 * BO freed, or handed to the ARPA writer A, which frees them. */
static void write_order(ngram_writer *w, arpa_writer *a, lm_counts *c, int k, float *p, float *bo)
{
    for (size_t i = 0; i < c->lv[k].n; i++) p[i] = ngram_to_log10(p[i]);
    ngram_writer_level(w, &c->lv[k], k, p, bo);
    if (a) {
        arpa_writer_order(a, c->lv, k, p, bo);
    } else {
        free(p);
        free(bo);
    }
}

/* Order K's level once written: all of it, or with an ARPA writer, which
 * reads the words and parents of every order until its end, the counts. */
static void done_with_level(lm_counts *c, int k, bool arpa)
{
    if (!arpa) {
        drop_level(&c->lv[k]);
        return;
    }
    free(c->lv[k].count);
    c->lv[k].count = NULL;
}

void ngram_estimate_write(lm_counts *c, int smoothing, FILE *fp, const char *name,
                          FILE *arpa_fp, const char *arpa_name, const char *temp_dir)
{
    if (smoothing == LM_SMOOTH_ADDK) die("ngram_estimate_write: add-k is estimated in memory");
    if (temp_dir && arpa_fp) die("ngram_estimate_write: ARPA text needs every order in memory");
    const int N = c->order;
    const uint32_t bos = c->vocab.mode == LM_MODE_WORD ? c->vocab.bos : LM_NO_ID;
    const double nv = c->vocab.n - (bos != LM_NO_ID ? 1 : 0);   /* |V| without <s> */
    ngram_writer w;
    size_t nentries[LM_NGRAM_MAX_ORDER + 1];
    for (int k = 1; k <= N; k++) nentries[k] = c->lv[k].n;

    /* stage 2 needs every order's adjusted counts: made one order at a
     * time here and made again where the order is interpolated (a linear
     * pass), rather than all held at once; or, with the orders going to
     * disk, made once and kept in place of the raw counts */
    ngram_discount D[LM_NGRAM_MAX_ORDER + 1];
    for (int k = 1; k <= N; k++) {
        if (temp_dir && k < N) {      /* in place: order k+1 still holds raw counts */
            ngram_adjust_into(c, k, bos, c->lv[k].count);
            D[k] = ngram_discounts(c->lv[k].count, c->lv[k].n, k, smoothing);
            continue;
        }
        uint32_t *a = k < N ? ngram_adjust_counts(c, k, bos) : NULL;
        D[k] = ngram_discounts(a ? a : c->lv[N].count, c->lv[k].n, k, smoothing);
        free(a);
    }
    const bool adjusted = temp_dir != NULL;
    FILE *waiting[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    if (temp_dir)     /* order 2 is the loop's first: it stays */
        for (int k = 3; k <= N; k++) waiting[k] = level_out(&c->lv[k], temp_dir);
    lm_trim_heap();
    /* after the levels have left: the header copies a spilled vocabulary's
     * file, and its buffer then stays (ngram_model.c) */
    ngram_writer_begin(&w, fp, name, &c->vocab, N, lm_smoothing_name(smoothing), nentries);
    arpa_writer *aw = arpa_fp ? arpa_writer_begin(arpa_fp, arpa_name, &c->vocab, N, nentries) : NULL;

    double *den, *gamma;
    size_t V = c->lv[1].n;
    uint32_t *a = N > 1 && !adjusted ? ngram_adjust_counts(c, 1, bos) : c->lv[1].count;
    ngram_initial(a, NULL, V, 1, &D[1], &den, &gamma);
    float *plow = xmalloc(xmul(V ? V : 1, sizeof *plow));
    ngram_interpolate_uniform(a, &D[1], den[0], gamma[0], V, nv, bos, plow);
    free(den);
    free(gamma);
    if (N > 1 && !adjusted) free(a);

    uint32_t *ctx_prev = NULL;
    for (int k = 2; k <= N; k++) {
        if (waiting[k]) level_in(&c->lv[k], waiting[k]);
        const lm_ngram_level *H = &c->lv[k];
        size_t nctx = c->lv[k - 1].n;
        uint32_t *ctx = level_contexts(c->lv, k, ctx_prev);
        free(ctx_prev);
        a = k < N && !adjusted ? ngram_adjust_counts(c, k, bos) : c->lv[k].count;
        ngram_initial(a, ctx, H->n, nctx, &D[k], &den, &gamma);
        float *p = xmalloc(xmul(H->n ? H->n : 1, sizeof *p));
        ngram_interpolate(a, &D[k], den, gamma, ctx, H->parent, plow, H->n, p);
        if (k < N && !adjusted) free(a);
        free(den);
        if (adjusted) {           /* its counts are done with: free them before BO */
            free(c->lv[k].count);
            c->lv[k].count = NULL;
        }
        float *bo = xmalloc(xmul(nctx ? nctx : 1, sizeof *bo));
        ngram_backoffs(gamma, nctx, bo);
        free(gamma);
        /* order k-1 is complete, and nothing above needs it any more */
        write_order(&w, aw, c, k - 1, plow, bo);
        done_with_level(c, k - 1, aw != NULL);
        plow = p;
        ctx_prev = ctx;
    }
    free(ctx_prev);
    write_order(&w, aw, c, N, plow, NULL);
    done_with_level(c, N, aw != NULL);
    ngram_writer_end(&w);
    if (aw) {
        arpa_writer_end(aw);
        for (int k = 1; k <= N; k++) drop_level(&c->lv[k]);
    }
}
