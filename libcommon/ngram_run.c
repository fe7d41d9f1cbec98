/* ngram_run.c — lm-ngram's jobs: read, count or merge, estimate, prune,
 * write.  See ngram_run.h. */
#include "ngram_run.h"
#include "ngram_arpa.h"
#include "ngram_entropy.h"
#include "ngram_estimate.h"
#include "ngram_merge.h"
#include "ngram_model.h"
#include "ngram_prune.h"
#include "ngram_spill.h"
#include "tokens.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void stage(const ngram_opts *o, const char *what, double t0)
{
    if (o->progress) fprintf(stderr, "%s: %-12s %7.2f s\n", lm_progname, what, lm_now() - t0);
}

static const char *temp_dir(const ngram_opts *o)
{
    const char *dir = o->tmpdir ? o->tmpdir : getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* Bounded memory also keeps the vocabulary and the orders waiting for
 * estimation on disk, but not for ARPA text, whose writer needs the words
 * and every order all along. */
static bool spill_model(const ngram_opts *o)
{
    return o->memory && !o->arpa;
}

/* The rest of the tokens stream CR, counted up to O's order, in memory or
 * (o->memory) through spilled runs. */
static void count_tokens(const ngram_opts *o, lm_chunk_reader *cr, lm_counts *c)
{
    if (o->memory) {
        spill_stats st;
        counts_spilled(c, cr, o->order, o->memory, temp_dir(o), &st);
        if (o->progress)
            fprintf(stderr, "%s: %llu tokens in %zu sorted runs of at most %zu, %zu merges, "
                    "%.1f MB spilled\n", lm_progname, (unsigned long long)st.tokens, st.runs,
                    st.block, st.merges, st.spilled / 1e6);
        return;
    }
    uint32_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (chunk_reader_next(cr)) {
        if (n + cr->n > cap) {
            cap = (n + cr->n) * 2;
            ids = xrealloc(ids, xmul(cap, sizeof *ids));
        }
        memcpy(ids + n, cr->ids, cr->n * sizeof *ids);
        n += cr->n;
    }
    counts_from_tokens(c, &cr->vocab, ids, n, o->order);
    free(ids);
}

/* A tokens stream, counted up to O's order, or a counts stream, cut to
 * that order (0: its own order).  False for tokens without an order. */
static bool read_input(const ngram_opts *o, const char *path, lm_counts *c)
{
    int order = o->order;
    lm_reader *r = lm_reader_open(path);
    const msgpack_object *h = lm_read_header(r, NULL);
    if (strcmp(r->kind, "counts") == 0) {
        counts_read_body(r, h, c);
        if (order > c->order)
            die("%s: counts of order %d cannot make a model of order %d", r->name, c->order, order);
        if (order) counts_truncate(c, order);
        lm_reader_close(r);
        return true;
    }
    if (strcmp(r->kind, "tokens") != 0)
        die("%s: expected a tokens or counts stream, got %s", r->name, r->kind);
    if (order < 1) {
        lm_reader_close(r);
        return false;
    }
    /* tokens.c's chunk reader, on this reader whose header is read */
    lm_chunk_reader cr = { .r = r };
    vocab_unpack(r, lm_get(r, h, "vocab"), &cr.vocab);
    /* the tokens' strings wait in a file for the model's header */
    if (spill_model(o)) vocab_spill(&cr.vocab, temp_dir(o));
    count_tokens(o, &cr, c);
    chunk_reader_close(&cr);
    return true;
}

static void arpa_check_mode(const lm_vocab *v, const char *arpa)
{
    if (v->mode != LM_MODE_WORD)
        die("%s: ARPA holds word models; this is a %s model", arpa, lm_mode_name(v->mode));
}

static void read_arpa(const char *path, lm_ngram *g)
{
    FILE *fp = lm_open_read(path);
    arpa_read(fp, lm_display_name(path), g);
    if (fp != stdin) fclose(fp);
}

int ngram_run(const ngram_opts *o)
{
    double t0 = lm_now();
    const char *input = o->ninputs ? o->inputs[0] : NULL;
    const char *out_name = o->output ? o->output : "stdout";
    lm_out out;
    lm_ngram g;
    if (o->job == NGRAM_MERGE) {   /* streamed: neither the shards nor the sum in memory */
        lm_reader **in = xmalloc(xmul((size_t)o->ninputs, sizeof *in));
        for (int i = 0; i < o->ninputs; i++) in[i] = lm_reader_open(o->inputs[i]);
        counts_merge_streams(in, o->ninputs, o->order, lm_out_open(&out, o->output), out_name);
        lm_out_commit(&out);
        for (int i = 0; i < o->ninputs; i++) lm_reader_close(in[i]);
        free(in);
        stage(o, "merged", t0);
        return 0;
    }
    if (o->job == NGRAM_FROM_ARPA) {
        read_arpa(input, &g);
        stage(o, "read ARPA", t0);
    } else {
        lm_counts cnt;
        if (!read_input(o, input, &cnt)) return NGRAM_NEEDS_ORDER;
        stage(o, "counted", t0);
        if (o->job != NGRAM_ESTIMATE) {
            counts_write(&cnt, lm_out_open(&out, o->output), out_name);
            lm_out_commit(&out);
            counts_free(&cnt);
            stage(o, "written", t0);
            return 0;
        }
        if ((o->memory || o->arpa) && !o->prune && !(o->prune_entropy > 0) &&
            o->smoothing != LM_SMOOTH_ADDK) {
            /* each order written once estimated (and dropped, without
             * ARPA): bounded memory, and ARPA text formatted beside the
             * estimation instead of after it */
            lm_out aout;
            FILE *afp = NULL;
            if (o->arpa) {
                arpa_check_mode(&cnt.vocab, o->arpa);
                afp = lm_out_open(&aout, o->arpa);
            }
            ngram_estimate_write(&cnt, o->smoothing, lm_out_open(&out, o->output), out_name,
                                 afp, o->arpa, spill_model(o) ? temp_dir(o) : NULL);
            if (afp) lm_out_commit(&aout);
            lm_out_commit(&out);
            counts_free(&cnt);
            stage(o, o->arpa ? "estimated, written with ARPA" : "estimated, written", t0);
            return 0;
        }
        ngram_estimate_take(&cnt, o->smoothing, o->add_k, &g);
        stage(o, "estimated", t0);
        if (o->prune) {
            const uint32_t *raw[LM_NGRAM_MAX_ORDER + 1] = { 0 };
            for (int k = 1; k <= cnt.order; k++) raw[k] = cnt.lv[k].count;
            ngram_prune(&g, raw, o->prune_min);
            stage(o, "pruned", t0);
        }
        counts_free(&cnt);
    }
    if (o->prune_entropy > 0) {
        ngram_prune_entropy(&g, o->prune_entropy);
        stage(o, "pruned (entropy)", t0);
    }
    if (o->arpa) {
        arpa_check_mode(&g.vocab, o->arpa);
        lm_out aout;
        arpa_write(&g, lm_out_open(&aout, o->arpa), o->arpa);
        lm_out_commit(&aout);
        stage(o, "ARPA written", t0);
    }
    ngram_write_take(&g, lm_out_open(&out, o->output), out_name);
    lm_out_commit(&out);
    stage(o, "written", t0);
    return 0;
}
