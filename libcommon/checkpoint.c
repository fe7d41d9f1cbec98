/* checkpoint.c — neural model streams: write atomically, read strictly. */
#include "checkpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"
#include "stream.h"
#include "util.h"

const char *const lm_arch_names[] = { "rnn", "seq2seq", NULL };

size_t checkpoint_nparams(const lm_checkpoint *c)
{
    return c->arch == LM_ARCH_SEQ2SEQ ? c->s2s.nparams : c->net.nparams;
}

/* Averaging keeps the optimizer's weights apart from the model. */
static bool averaging(const lm_checkpoint *c)
{
    return c->weights != c->params;
}

/* ---- writing ---------------------------------------------------------------- */

static void pack_kv_int(msgpack_packer *pk, const char *k, uint64_t v)
{
    lm_pack_str(pk, k);
    msgpack_pack_uint64(pk, v);
}

static void pack_kv_double(msgpack_packer *pk, const char *k, double v)
{
    lm_pack_str(pk, k);
    msgpack_pack_double(pk, v);
}

static void pack_kv_str(msgpack_packer *pk, const char *k, const char *v)
{
    lm_pack_str(pk, k);
    lm_pack_str(pk, v);
}

bool checkpoint_averaging_cfg(const lm_checkpoint *c)
{
    return c->cfg.asgd > 0 ? c->asgd_start > 0 : c->cfg.average > 0;
}

/* The regularisers' keys, each only when it is not the default (so that
 * older checkpoints read, and unregularised runs write, as before). */
static int reg_keys(const lm_train_config *c)
{
    return (c->drop_in != c->dropout) + (c->drop_hidden != c->dropout) +
           (c->drop_out != c->dropout) + (c->dropout_locked != 0) + (c->drop_embed > 0) +
           (c->weight_drop > 0) + (c->ar > 0) + (c->tar > 0) + (c->asgd > 0) +
           (c->weight_decay > 0) + (c->drop_branch > 0);
}

static void pack_config(msgpack_packer *pk, const lm_train_config *c)
{
    msgpack_pack_map(pk, 12 + (c->average > 0) + reg_keys(c));
    pack_kv_int(pk, "batch", (uint64_t)c->batch);
    pack_kv_int(pk, "seq", (uint64_t)c->seq);
    pack_kv_double(pk, "lr", c->lr);
    pack_kv_double(pk, "lr_min", c->lr_min);
    pack_kv_str(pk, "optimizer", optim_name(c->optimizer));
    pack_kv_double(pk, "clip", c->clip);
    pack_kv_double(pk, "dropout", c->dropout);
    pack_kv_int(pk, "seed", c->seed);
    pack_kv_str(pk, "schedule", schedule_name(c->schedule));
    pack_kv_double(pk, "lr_decay", c->lr_decay);
    pack_kv_int(pk, "decay_start", (uint64_t)c->decay_start);
    pack_kv_int(pk, "warmup", c->warmup);
    if (c->average > 0) pack_kv_double(pk, "average", c->average);
    if (c->drop_in != c->dropout) pack_kv_double(pk, "dropout_in", c->drop_in);
    if (c->drop_hidden != c->dropout) pack_kv_double(pk, "dropout_hidden", c->drop_hidden);
    if (c->drop_out != c->dropout) pack_kv_double(pk, "dropout_out", c->drop_out);
    if (c->dropout_locked) pack_kv_str(pk, "dropout_mode", "locked");
    if (c->drop_embed > 0) pack_kv_double(pk, "dropout_embed", c->drop_embed);
    if (c->weight_drop > 0) pack_kv_double(pk, "weight_drop", c->weight_drop);
    if (c->ar > 0) pack_kv_double(pk, "ar", c->ar);
    if (c->tar > 0) pack_kv_double(pk, "tar", c->tar);
    if (c->asgd > 0) pack_kv_int(pk, "asgd", (uint64_t)c->asgd);
    if (c->weight_decay > 0) pack_kv_double(pk, "weight_decay", c->weight_decay);
    if (c->drop_branch > 0) pack_kv_double(pk, "dropout_branch", c->drop_branch);
}

void checkpoint_write(const lm_checkpoint *c, const char *path)
{
    lm_out out;
    FILE *fp = lm_out_open(&out, path);
    lm_writer w;
    lm_writer_init(&w, fp, path ? path : "stdout");
    msgpack_packer *pk = &w.pk;
    const lm_rnn *net = &c->net;
    const lm_s2s *s2 = &c->s2s;
    const size_t np = checkpoint_nparams(c);
    bool s2s = c->arch == LM_ARCH_SEQ2SEQ;
    /* "cell_hp" only for a cell with hyper-parameters, "tied" only for a
     * tied model, "final_norm" only with one: the other checkpoints stay
     * as they were. */
    bool hyper = !s2s && net->cell->hyper != NULL;
    lm_write_header(&w, "model", LM_MODEL_VERSION, (c->training ? 8 : 7) + (s2s ? 4 : 0) + hyper +
                                                     (!s2s && net->tied) +
                                                     (!s2s && net->final_norm));
    pack_kv_str(pk, "type", lm_arch_names[c->arch]);
    lm_pack_str(pk, "vocab");
    vocab_pack(pk, &c->vocab);
    if (s2s) {
        pack_kv_str(pk, "cell", s2->cell->name);
        pack_kv_int(pk, "enc_layers", (uint64_t)s2->enc_layers);
        pack_kv_int(pk, "dec_layers", (uint64_t)s2->dec_layers);
        pack_kv_int(pk, "hidden", (uint64_t)s2->hidden);
        pack_kv_int(pk, "embed", (uint64_t)s2->embed);
        pack_kv_int(pk, "attn_size", (uint64_t)s2->attn);
        pack_kv_str(pk, "attention", lm_attention_names[s2->attention]);
        pack_kv_int(pk, "bidirectional", s2->bidir);
    } else {
        pack_kv_str(pk, "cell", net->cell->name);
        pack_kv_int(pk, "layers", (uint64_t)net->layers);
        pack_kv_int(pk, "hidden", (uint64_t)net->hidden);
        pack_kv_int(pk, "embed", (uint64_t)net->embed);
    }
    pack_kv_int(pk, "params", np);
    if (!s2s && net->tied) {
        lm_pack_str(pk, "tied");
        msgpack_pack_true(pk);
    }
    if (!s2s && net->final_norm) {
        lm_pack_str(pk, "final_norm");
        msgpack_pack_true(pk);
    }
    if (hyper) {
        lm_pack_str(pk, "cell_hp");
        msgpack_pack_map(pk, 4);
        pack_kv_int(pk, "state", (uint64_t)net->hp.state);
        pack_kv_int(pk, "expand", (uint64_t)net->hp.expand);
        pack_kv_int(pk, "conv", (uint64_t)net->hp.conv);
        pack_kv_int(pk, "dt_rank", (uint64_t)net->hp.dt_rank);
    }
    if (c->training) {
        lm_pack_str(pk, "train");
        pack_config(pk, &c->cfg);
    }
    msgpack_pack_map(pk, 1);
    lm_pack_str(pk, "params");
    lm_pack_f32s(pk, c->params, np);
    if (c->training) {
        const lm_optim *o = &c->optim;
        bool avg = averaging(c);
        msgpack_pack_map(pk, (o->kind == LM_ADAM ? 4 : 2) + avg);
        pack_kv_str(pk, "optimizer", optim_name(o->kind));
        pack_kv_int(pk, "t", o->t);
        if (o->kind == LM_ADAM) {
            lm_pack_str(pk, "m");
            lm_pack_f32s(pk, o->m, o->n);
            lm_pack_str(pk, "v");
            lm_pack_f32s(pk, o->v, o->n);
        }
        if (avg) {
            lm_pack_str(pk, "weights");
            lm_pack_f32s(pk, c->weights, np);
        }
        bool best = isfinite(c->best_valid);
        msgpack_pack_map(pk, 8 + best + (c->asgd_start > 0) + (c->valid_hist_n > 0));
        pack_kv_int(pk, "step", c->step);
        pack_kv_int(pk, "epoch", c->epoch);
        pack_kv_int(pk, "pos", c->pos);
        pack_kv_int(pk, "tokens", c->tokens);
        lm_pack_str(pk, "rng");
        lm_pack_u64s(pk, c->rng.s, 4);
        lm_pack_str(pk, "state");
        lm_pack_f32s(pk, c->state, c->state_n);
        pack_kv_int(pk, "data_tokens", c->data_tokens);
        pack_kv_int(pk, "data_hash", c->data_hash);
        if (best) pack_kv_double(pk, "best_valid", c->best_valid);
        if (c->asgd_start > 0) pack_kv_int(pk, "asgd_start", c->asgd_start);
        if (c->valid_hist_n > 0) {
            lm_pack_str(pk, "valid_hist");
            lm_pack_f64s(pk, c->valid_hist, c->valid_hist_n);
        }
    }
    lm_writer_flush(&w);
    lm_out_commit(&out);
}

/* ---- reading ---------------------------------------------------------------- */

static uint64_t get_range(const lm_reader *r, const msgpack_object *m, const char *k,
                          uint64_t lo, uint64_t hi)
{
    uint64_t v = lm_get_u64(r, m, k);
    if (v < lo || v > hi)
        lm_reader_die(r, "\"%s\" is %llu, out of range (%llu to %llu)", k,
                      (unsigned long long)v, (unsigned long long)lo, (unsigned long long)hi);
    return v;
}

/* An optional boolean K of M: false when absent (the flags the writer
 * packs only when they are true). */
static bool get_flag(const lm_reader *r, const msgpack_object *m, const char *k)
{
    const msgpack_object *o = lm_map_find(m, k);
    if (!o) return false;
    if (o->type != MSGPACK_OBJECT_BOOLEAN) lm_reader_die(r, "\"%s\" is not true or false", k);
    return o->via.boolean;
}

static double get_finite(const lm_reader *r, const msgpack_object *m, const char *k)
{
    double v = lm_get_f64(r, m, k);
    if (!isfinite(v)) lm_reader_die(r, "\"%s\" is not a finite number", k);
    return v;
}

/* An optional probability KEY in [0, 1), DEF when absent. */
static double get_rate(const lm_reader *r, const msgpack_object *m, const char *k, double def)
{
    if (!lm_map_find(m, k)) return def;
    double v = get_finite(r, m, k);
    if (v < 0 || v >= 1) lm_reader_die(r, "\"%s\" %g is not in [0, 1)", k, v);
    return v;
}

static void read_config(const lm_reader *r, const msgpack_object *t, lm_train_config *c)
{
    if (t->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "\"train\" is not a map");
    c->batch = (int)get_range(r, t, "batch", 1, 1 << 20);
    c->seq = (int)get_range(r, t, "seq", 1, 1 << 20);
    c->lr = get_finite(r, t, "lr");
    c->lr_min = get_finite(r, t, "lr_min");
    char *s = lm_get_strdup(r, t, "optimizer");
    c->optimizer = optim_parse(s);
    if (c->optimizer < 0) lm_reader_die(r, "unknown optimizer '%s'", s);
    free(s);
    c->clip = get_finite(r, t, "clip");
    c->dropout = get_finite(r, t, "dropout");
    if (c->dropout < 0 || c->dropout >= 1) lm_reader_die(r, "dropout %g is not in [0, 1)", c->dropout);
    c->seed = lm_get_u64(r, t, "seed");
    s = lm_get_strdup(r, t, "schedule");
    c->schedule = schedule_parse(s);
    if (c->schedule < 0) lm_reader_die(r, "unknown schedule '%s'", s);
    free(s);
    c->lr_decay = get_finite(r, t, "lr_decay");
    c->decay_start = (int)get_range(r, t, "decay_start", 0, 1 << 30);
    c->warmup = lm_get_u64(r, t, "warmup");
    c->average = lm_map_find(t, "average") ? get_finite(r, t, "average") : 0;
    if (c->average < 0 || c->average >= 1)
        lm_reader_die(r, "average %g is not in [0, 1)", c->average);
    c->drop_in = get_rate(r, t, "dropout_in", c->dropout);
    c->drop_hidden = get_rate(r, t, "dropout_hidden", c->dropout);
    c->drop_out = get_rate(r, t, "dropout_out", c->dropout);
    c->dropout_locked = LM_DROPOUT_STEP;
    if (lm_map_find(t, "dropout_mode")) {
        s = lm_get_strdup(r, t, "dropout_mode");
        if (strcmp(s, "locked") != 0 && strcmp(s, "step") != 0)
            lm_reader_die(r, "unknown dropout_mode '%s'", s);
        c->dropout_locked = strcmp(s, "locked") == 0 ? LM_DROPOUT_LOCKED : LM_DROPOUT_STEP;
        free(s);
    }
    c->drop_embed = get_rate(r, t, "dropout_embed", 0);
    c->weight_drop = get_rate(r, t, "weight_drop", 0);
    c->drop_branch = get_rate(r, t, "dropout_branch", 0);
    c->ar = lm_map_find(t, "ar") ? get_finite(r, t, "ar") : 0;
    c->tar = lm_map_find(t, "tar") ? get_finite(r, t, "tar") : 0;
    if (c->ar < 0 || c->tar < 0) lm_reader_die(r, "a negative \"ar\" or \"tar\"");
    c->asgd = lm_map_find(t, "asgd") ? (int)get_range(r, t, "asgd", 1, 1 << 30) : 0;
    c->weight_decay = lm_map_find(t, "weight_decay") ? get_finite(r, t, "weight_decay") : 0;
    if (c->weight_decay < 0 || c->weight_decay > 100)
        lm_reader_die(r, "weight_decay %g is not in [0, 100]", c->weight_decay);
}

void checkpoint_read_body(lm_reader *r, const msgpack_object *h, lm_checkpoint *c)
{
    memset(c, 0, sizeof *c);
    char *type = lm_get_strdup(r, h, "type");
    c->arch = strcmp(type, "seq2seq") == 0 ? LM_ARCH_SEQ2SEQ : LM_ARCH_RNN;
    if (c->arch == LM_ARCH_RNN && strcmp(type, "rnn") != 0)
        lm_reader_die(r, "a model of type '%s', not a neural (rnn or seq2seq) checkpoint", type);
    free(type);
    char *cell = lm_get_strdup(r, h, "cell");
    const lm_cell *cl = cell_find(cell);
    if (!cl) {
        char known[256] = "";
        for (const char *const *n = cell_names(); *n; n++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                     n == cell_names() ? "" : ", ", *n);
        lm_reader_die(r, "unknown cell '%s' (known: %s)", cell, known);
    }
    free(cell);
    bool s2s = c->arch == LM_ARCH_SEQ2SEQ;
    int layers = s2s ? 0 : (int)get_range(r, h, "layers", 1, LM_MAX_LAYERS);
    int hidden = (int)get_range(r, h, "hidden", 1, 1 << 16);
    int embed = (int)get_range(r, h, "embed", 1, 1 << 16);
    int enc_layers = 0, dec_layers = 0, attn = 0, attention = 0, bidir = 0;
    if (s2s) {
        enc_layers = (int)get_range(r, h, "enc_layers", 1, LM_S2S_MAX_LAYERS);
        dec_layers = (int)get_range(r, h, "dec_layers", 1, LM_S2S_MAX_LAYERS);
        attn = (int)get_range(r, h, "attn_size", 1, 1 << 16);
        bidir = (int)get_range(r, h, "bidirectional", 0, 1);
        char *a = lm_get_strdup(r, h, "attention");
        attention = -1;
        for (int i = 0; lm_attention_names[i]; i++)
            if (strcmp(a, lm_attention_names[i]) == 0) attention = i;
        if (attention < 0) lm_reader_die(r, "unknown attention '%s' (known: none, additive)", a);
        free(a);
    }
    vocab_unpack(r, lm_get(r, h, "vocab"), &c->vocab);
    if (s2s && c->vocab.eos == LM_NO_ID) lm_reader_die(r, "a seq2seq vocabulary needs an end symbol (eos)");
    if (s2s && cl->hyper) lm_reader_die(r, "a seq2seq model of the %s cell (not supported)", cl->name);
    lm_cell_hp hp = { 0 };
    if (!s2s && cl->hyper) {
        const msgpack_object *m = lm_get(r, h, "cell_hp");
        if (m->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "\"cell_hp\" is not a map");
        hp.state = (int)get_range(r, m, "state", 1, LM_CELL_HP_MAX);
        hp.expand = (int)get_range(r, m, "expand", 1, LM_CELL_HP_MAX);
        hp.conv = (int)get_range(r, m, "conv", 1, LM_CELL_HP_MAX);
        hp.dt_rank = (int)get_range(r, m, "dt_rank", 1, LM_CELL_HP_MAX);
        const char *why = cell_resolve(cl, &hp, embed, hidden);
        if (why) lm_reader_die(r, "%s", why);
    }
    unsigned head = 0;
    if (!s2s)
        head = (get_flag(r, h, "tied") ? LM_HEAD_TIED : 0) |
               (get_flag(r, h, "final_norm") ? LM_HEAD_NORM : 0);
    bool tied = head & LM_HEAD_TIED;
    size_t want = s2s ? s2s_param_count(cl, enc_layers, dec_layers, hidden, embed, attn, attention,
                                        bidir, c->vocab.n)
                      : rnn_param_count_tied(cl, &hp, layers, hidden, embed, c->vocab.n, head);
    if (want > LM_MAX_PARAMS)
        lm_reader_die(r, "the header describes %zu parameters, over the limit of %zu", want,
                      LM_MAX_PARAMS);
    if (lm_get_u64(r, h, "params") != want)
        lm_reader_die(r, "\"params\" says %llu, but the shape the header gives (%s%s) has %zu",
                      (unsigned long long)lm_get_u64(r, h, "params"),
                      tied ? "tied " : head & LM_HEAD_NORM ? "final-norm " : "", cl->name,
                      want);
    if (s2s)
        s2s_shape(&c->s2s, cl, enc_layers, dec_layers, hidden, embed, attn, attention, bidir, c->vocab.n);
    else
        rnn_shape_tied(&c->net, cl, &hp, layers, hidden, embed, c->vocab.n, head);
    const msgpack_object *t = lm_map_find(h, "train");
    if (t) {
        read_config(r, t, &c->cfg);
        c->training = true;
    }
    bool have_opt = false, have_prog = false;
    const msgpack_object *o;
    while ((o = lm_read_next(r))) {
        if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "record is not a map");
        if (lm_map_find(o, "params")) {
            if (c->params) lm_reader_die(r, "a second \"params\" record");
            c->params = xmalloc(xmul(want, sizeof(float)));
            lm_copy_f32s(r, lm_get(r, o, "params"), c->params, want, "params");
        } else if (lm_map_find(o, "optimizer")) {
            if (have_opt) lm_reader_die(r, "a second optimizer record");
            char *s = lm_get_strdup(r, o, "optimizer");
            int kind = optim_parse(s);
            if (kind < 0) lm_reader_die(r, "unknown optimizer '%s'", s);
            free(s);
            optim_init(&c->optim, kind, want);
            c->optim.t = lm_get_u64(r, o, "t");
            if (kind == LM_ADAM) {
                lm_copy_f32s(r, lm_get(r, o, "m"), c->optim.m, want, "m");
                lm_copy_f32s(r, lm_get(r, o, "v"), c->optim.v, want, "v");
            }
            if (lm_map_find(o, "weights")) {
                c->weights = xmalloc(xmul(want, sizeof(float)));
                lm_copy_f32s(r, lm_get(r, o, "weights"), c->weights, want, "weights");
            }
            have_opt = true;
        } else if (lm_map_find(o, "step")) {
            c->step = lm_get_u64(r, o, "step");
            c->epoch = lm_get_u64(r, o, "epoch");
            c->pos = lm_get_u64(r, o, "pos");
            c->tokens = lm_get_u64(r, o, "tokens");
            lm_copy_u64s(r, lm_get(r, o, "rng"), c->rng.s, 4, "rng");
            if (!t) lm_reader_die(r, "training progress without a \"train\" header field");
            c->state_n = s2s ? 0 : (size_t)layers * c->net.state_vecs * hidden * (size_t)c->cfg.batch;
            c->state = xmalloc(xmul(c->state_n ? c->state_n : 1, sizeof(float)));
            lm_copy_f32s(r, lm_get(r, o, "state"), c->state, c->state_n, "state");
            c->data_tokens = lm_get_u64(r, o, "data_tokens");
            c->data_hash = lm_get_u64(r, o, "data_hash");
            c->best_valid = lm_map_find(o, "best_valid") ? get_finite(r, o, "best_valid") : INFINITY;
            c->asgd_start = lm_map_find(o, "asgd_start") ? lm_get_u64(r, o, "asgd_start") : 0;
            if (c->asgd_start > c->step) lm_reader_die(r, "\"asgd_start\" is past \"step\"");
            if (lm_map_find(o, "valid_hist")) {
                c->valid_hist = lm_get_f64s(r, o, "valid_hist", &c->valid_hist_n);
                for (size_t i = 0; i < c->valid_hist_n; i++)
                    if (!isfinite(c->valid_hist[i]))
                        lm_reader_die(r, "\"valid_hist\" holds a number that is not finite");
            }
            have_prog = true;
        } else {
            lm_reader_die(r, "unexpected record (not params, optimizer or progress)");
        }
    }
    if (!c->params) lm_reader_die(r, "no \"params\" record (truncated model?)");
    if (c->training && (!have_opt || !have_prog)) c->training = false;
    if (c->training && checkpoint_averaging_cfg(c) != (c->weights != NULL))
        lm_reader_die(r, c->weights ? "optimizer \"weights\" without \"average\" in \"train\" "
                                      "(or a triggered \"asgd\")"
                                    : "\"average\" in \"train\" (or a triggered \"asgd\") but no "
                                      "optimizer \"weights\"");
    if (!c->weights) c->weights = c->params;
}

void checkpoint_read(const char *path, lm_checkpoint *c)
{
    lm_reader *r = lm_reader_open(path);
    const msgpack_object *h = lm_read_header(r, "model");
    checkpoint_read_body(r, h, c);
    lm_reader_close(r);
}

void checkpoint_free(lm_checkpoint *c)
{
    if (averaging(c)) free(c->weights);
    free(c->params);
    free(c->state);
    free(c->valid_hist);
    optim_free(&c->optim);
    vocab_free(&c->vocab);
    memset(c, 0, sizeof *c);
}
