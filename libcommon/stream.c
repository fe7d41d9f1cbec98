/* stream.c — writing and streaming-reading lm streams on msgpack-c.
 * See stream.h for the format and lm-stream(5) for every kind. */
#include "stream.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lm streams store little-endian arrays; add byte swapping for this host"
#endif

/* ---- writing ------------------------------------------------------------- */

static int write_cb(void *data, const char *buf, size_t len)
{
    lm_writer *w = data;
    w->offset += len;
    if (len && fwrite(buf, 1, len, w->fp) != len) lm_check_write(w->fp, w->name);
    return 0;
}

void lm_writer_init(lm_writer *w, FILE *fp, const char *name)
{
    w->fp = fp;
    w->name = name;
    w->offset = 0;
    msgpack_packer_init(&w->pk, w, write_cb);
}

void lm_pack_str(msgpack_packer *pk, const char *s)
{
    size_t n = strlen(s);
    msgpack_pack_str(pk, n);
    msgpack_pack_str_body(pk, s, n);
}

void lm_write_header(lm_writer *w, const char *kind, int version, size_t nextra)
{
    msgpack_pack_map(&w->pk, 2 + nextra);
    lm_pack_str(&w->pk, "lm");
    lm_pack_str(&w->pk, kind);
    lm_pack_str(&w->pk, "version");
    msgpack_pack_int(&w->pk, version);
}

void lm_pack_bytes(msgpack_packer *pk, const void *p, size_t n)
{
    msgpack_pack_bin(pk, n);
    msgpack_pack_bin_body(pk, p, n);
}

static void pack_ext_array(msgpack_packer *pk, int type, const void *v, size_t n, size_t elem)
{
    size_t bytes = xmul(n, elem);
    if (bytes > LM_MAX_RECORD) die("internal: array of %zu bytes is over the record limit", bytes);
    msgpack_pack_ext(pk, bytes, (int8_t)type);
    msgpack_pack_ext_body(pk, v, bytes);
}

void lm_pack_f32s(msgpack_packer *pk, const float *v, size_t n) { pack_ext_array(pk, LM_EXT_F32, v, n, 4); }
void lm_pack_f64s(msgpack_packer *pk, const double *v, size_t n) { pack_ext_array(pk, LM_EXT_F64, v, n, 8); }
void lm_pack_u32s(msgpack_packer *pk, const uint32_t *v, size_t n) { pack_ext_array(pk, LM_EXT_U32, v, n, 4); }
void lm_pack_u64s(msgpack_packer *pk, const uint64_t *v, size_t n) { pack_ext_array(pk, LM_EXT_U64, v, n, 8); }

/* Bytes of the header msgpack_pack_ext writes for a payload of N bytes. */
static size_t ext_head_size(size_t n)
{
    if (n == 1 || n == 2 || n == 4 || n == 8 || n == 16) return 2;   /* fixext */
    return n < 256 ? 3 : n < 65536 ? 4 : 6;                          /* ext 8/16/32 */
}

void lm_pack_aligned_ext(lm_writer *w, const char *key, int ext_type, const void *v, size_t bytes)
{
    static const char zeros[16];
    if (bytes > LM_MAX_RECORD) die("internal: array of %zu bytes is over the record limit", bytes);
    size_t klen = strlen(key);
    if (klen + 4 >= 32) die("internal: key '%s' is too long to align", key);
    /* "pad_KEY" (fixstr), bin8 of p bytes, KEY (fixstr), the ext's head */
    uint64_t before = w->offset + (1 + 4 + klen) + 2 + (1 + klen) + ext_head_size(bytes);
    size_t p = (size_t)(-before & 15);
    char padkey[40];
    snprintf(padkey, sizeof padkey, "pad_%s", key);
    lm_pack_str(&w->pk, padkey);
    msgpack_pack_bin(&w->pk, p);
    msgpack_pack_bin_body(&w->pk, zeros, p);
    lm_pack_str(&w->pk, key);
    msgpack_pack_ext(&w->pk, bytes, (int8_t)ext_type);
    if (w->offset % 16) die("internal: misaligned %s at byte %llu", key, (unsigned long long)w->offset);
    msgpack_pack_ext_body(&w->pk, v, bytes);
}

void lm_writer_flush(lm_writer *w)
{
    lm_check_write(w->fp, w->name);
}

/* ---- reading ------------------------------------------------------------- */

static lm_reader *reader_new(FILE *fp, const char *name)
{
    lm_reader *r = xcalloc(1, sizeof *r);
    r->fp = fp;
    r->name = xstrdup(name);
    msgpack_unpacked_init(&r->obj);
    return r;
}

lm_reader *lm_reader_open(const char *path)
{
    FILE *fp = lm_open_read(path);
    lm_reader *r = reader_new(fp, lm_display_name(path));
    r->own_fp = fp != stdin;
    r->cap = 1 << 16;
    r->buf = xmalloc(r->cap);
    return r;
}

lm_reader *lm_reader_from_file(FILE *fp, const char *name)
{
    lm_reader *r = reader_new(fp, name);
    r->cap = 1 << 16;
    r->buf = xmalloc(r->cap);
    return r;
}

lm_reader *lm_reader_from_memory(const void *data, size_t n, const char *name)
{
    lm_reader *r = reader_new(NULL, name);
    r->buf = xmalloc(n);
    memcpy(r->buf, data, n);
    r->cap = r->end = n;
    r->eof = true;
    return r;
}

lm_reader *lm_reader_from_mapped(const void *data, size_t n, const char *name)
{
    lm_reader *r = reader_new(NULL, name);
    r->buf = (char *)data;      /* only read: see lm_read_next */
    r->cap = r->end = n;
    r->eof = true;
    r->borrowed = true;
    return r;
}

void lm_reader_close(lm_reader *r)
{
    if (!r) return;
    msgpack_unpacked_destroy(&r->obj);
    if (r->own_fp) fclose(r->fp);
    if (!r->borrowed) free(r->buf);
    free(r->name);
    free(r);
}

_Noreturn void lm_reader_die(const lm_reader *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->record == 0)
        die("%s: header: %s", r->name, msg);
    die("%s: record %llu (byte %llu): %s", r->name, (unsigned long long)r->record,
        (unsigned long long)r->offset, msg);
}

/* Big-endian integer of n bytes at p. */
static uint64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

enum scan_result { SCAN_OK, SCAN_NEED_MORE, SCAN_BAD };

/* Walks the msgpack framing of one object at p[0..n) without allocating:
 * on SCAN_OK *size is its length in bytes.  Every element count must fit
 * in the bytes that remain (an element takes at least one byte), so a
 * corrupt count is caught here, before msgpack-c allocates for it. */
static enum scan_result scan_object(const unsigned char *p, size_t n, size_t *size,
                                    const char **why)
{
    size_t pos = 0;
    size_t pending = 1;                 /* objects still to read */
    size_t elements = 0;
    /* Remaining children per open container, to bound nesting depth. */
    size_t stack[LM_MAX_DEPTH + 1];
    int depth = 0;
    stack[0] = 1;
    while (pending) {
        if (pos >= n) return SCAN_NEED_MORE;
        unsigned b = p[pos];
        size_t head = 1, body = 0, children = 0;
        int lenbytes = 0;
        if (b <= 0x7f || b >= 0xe0) head = 1;                     /* fixint */
        else if (b <= 0x8f) children = 2 * (size_t)(b & 0x0f);   /* fixmap */
        else if (b <= 0x9f) children = b & 0x0f;                 /* fixarray */
        else if (b <= 0xbf) body = b & 0x1f;                     /* fixstr */
        else switch (b) {
        case 0xc0: case 0xc2: case 0xc3: break;                  /* nil, bools */
        case 0xc4: case 0xd9: lenbytes = 1; break;               /* bin8, str8 */
        case 0xc5: case 0xda: lenbytes = 2; break;
        case 0xc6: case 0xdb: lenbytes = 4; break;
        case 0xc7: lenbytes = 1; head = 2; break;                /* ext8: +type */
        case 0xc8: lenbytes = 2; head = 2; break;
        case 0xc9: lenbytes = 4; head = 2; break;
        case 0xca: head = 5; break;
        case 0xcb: head = 9; break;
        case 0xcc: case 0xd0: head = 2; break;
        case 0xcd: case 0xd1: head = 3; break;
        case 0xce: case 0xd2: head = 5; break;
        case 0xcf: case 0xd3: head = 9; break;
        case 0xd4: head = 3; break;                              /* fixext 1..16 */
        case 0xd5: head = 4; break;
        case 0xd6: head = 6; break;
        case 0xd7: head = 10; break;
        case 0xd8: head = 18; break;
        case 0xdc: lenbytes = -2; break;                         /* array16/32 */
        case 0xdd: lenbytes = -4; break;
        case 0xde: lenbytes = -2; children = 2; break;           /* map16/32 */
        case 0xdf: lenbytes = -4; children = 2; break;
        default: *why = "byte 0xc1 is never valid msgpack"; return SCAN_BAD;
        }
        if (lenbytes) {
            int nb = lenbytes < 0 ? -lenbytes : lenbytes;
            if (pos + 1 + (size_t)nb > n) return SCAN_NEED_MORE;
            uint64_t len = be(p + pos + 1, nb);
            if (lenbytes < 0) {           /* a count of elements */
                children = children ? 2 * len : len;
                head = 1 + nb;
            } else {                      /* a byte length */
                body = len;
                head += nb;
            }
        }
        if (body > LM_MAX_RECORD || children > LM_MAX_ELEMENTS) {
            *why = "a length is over the stream limits (see lm-stream(5))";
            return SCAN_BAD;
        }
        elements += children;
        if (elements > LM_MAX_ELEMENTS) {
            *why = "too many elements in one record (see lm-stream(5))";
            return SCAN_BAD;
        }
        pos += head + body;
        if (pos > LM_MAX_RECORD) {
            *why = "record is over the size limit (see lm-stream(5))";
            return SCAN_BAD;
        }
        if (pos > n) return SCAN_NEED_MORE;
        /* This object is done; account for it in its parent. */
        pending--;
        stack[depth]--;
        if (children) {
            if (depth == LM_MAX_DEPTH) {
                *why = "objects nested too deeply";
                return SCAN_BAD;
            }
            stack[++depth] = children;
            pending += children;
        }
        while (depth > 0 && stack[depth] == 0) depth--;
    }
    *size = pos;
    return SCAN_OK;
}

/* Reads more input into the buffer; false at end of file. */
static bool fill(lm_reader *r)
{
    if (r->eof || !r->fp) return false;
    if (r->beg > 0) {                       /* slide unread bytes to the front */
        memmove(r->buf, r->buf + r->beg, r->end - r->beg);
        r->end -= r->beg;
        r->beg = 0;
    }
    if (r->end == r->cap) {
        if (r->cap >= LM_MAX_RECORD + 16)
            lm_reader_die(r, "record is over the size limit (see lm-stream(5))");
        r->cap *= 2;
        r->buf = xrealloc(r->buf, r->cap);
    }
    size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
    if (got == 0) {
        if (ferror(r->fp)) die_errno("%s: read error", r->name);
        r->eof = true;
        return false;
    }
    r->end += got;
    return true;
}

/* After a record far larger than the ones that follow (a word
 * vocabulary's header is hundreds of MB, its records 256 KB), the buffer
 * goes back to the size that holds what is left: otherwise the header's
 * size stays resident for the whole read, under the memory the tool
 * needs for its own work (lm-ngram --memory's bound).  The bytes read
 * ahead of it stay, so the buffer halves as they are consumed. */
static void shrink(lm_reader *r)
{
    if (!r->fp || r->borrowed || r->cap <= (size_t)1 << 22) return;
    size_t left = r->end - r->beg, cap = (size_t)1 << 16;
    while (cap < left) cap *= 2;
    if (cap >= r->cap) return;
    memmove(r->buf, r->buf + r->beg, left);
    r->beg = 0;
    r->end = left;
    r->cap = cap;
    r->buf = xrealloc(r->buf, cap);
}

const msgpack_object *lm_read_next(lm_reader *r)
{
    /* The previous object may point into the buffer; it dies now. */
    msgpack_unpacked_destroy(&r->obj);
    shrink(r);
    r->record = r->nread;
    r->offset = r->consumed;
    size_t size = 0;
    const char *why = NULL;
    for (;;) {
        if (r->beg == r->end && !fill(r)) return NULL;   /* clean end */
        enum scan_result s = scan_object((unsigned char *)r->buf + r->beg,
                                         r->end - r->beg, &size, &why);
        if (s == SCAN_OK) break;
        if (s == SCAN_BAD) lm_reader_die(r, "malformed msgpack: %s", why);
        if (!fill(r))
            lm_reader_die(r, "truncated stream (input ends inside this object)");
    }
    size_t off = 0;
    msgpack_unpack_return ret = msgpack_unpack_next(&r->obj, r->buf + r->beg, size, &off);
    if (ret != MSGPACK_UNPACK_SUCCESS || off != size) lm_reader_die(r, "malformed msgpack");
    r->nread++;
    r->consumed += size;
    r->beg += size;
    return &r->obj.data;
}

static const char *type_name(const msgpack_object *o)
{
    switch (o->type) {
    case MSGPACK_OBJECT_NIL: return "nil";
    case MSGPACK_OBJECT_BOOLEAN: return "boolean";
    case MSGPACK_OBJECT_POSITIVE_INTEGER: case MSGPACK_OBJECT_NEGATIVE_INTEGER: return "integer";
    case MSGPACK_OBJECT_FLOAT32: case MSGPACK_OBJECT_FLOAT64: return "float";
    case MSGPACK_OBJECT_STR: return "string";
    case MSGPACK_OBJECT_ARRAY: return "array";
    case MSGPACK_OBJECT_MAP: return "map";
    case MSGPACK_OBJECT_BIN: return "binary";
    case MSGPACK_OBJECT_EXT: return "typed array";
    }
    return "unknown";
}

/* Valid UTF-8 without control characters other than whitespace (a
 * sequence cut by the end of P is allowed).  A msgpack header begins with
 * a map byte 0x80-0x8f or 0xde/0xdf, never valid here. */
static bool looks_like_text(const unsigned char *p, size_t n)
{
    if (n > 512) n = 512;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && !strchr("\t\n\r\f\v", (int)c)) return false;
            if (c == 0x7f) return false;
            i++;
            continue;
        }
        size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        if (len == 0 || c > 0xf4) return false;
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n) return true;
            if ((p[i + k] & 0xc0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

const msgpack_object *lm_read_header(lm_reader *r, const char *kind)
{
    const char *an = kind && strchr("aeiou", kind[0]) ? "an" : "a";
    if (r->beg == r->end) fill(r);
    if (r->beg < r->end && !lm_looks_like_stream((unsigned char *)r->buf + r->beg, r->end - r->beg)) {
        /* The commonest mistake: text where tokens belong. */
        bool tokens = !kind || strcmp(kind, "tokens") == 0;
        if (looks_like_text((unsigned char *)r->buf + r->beg, r->end - r->beg))
            die("%s: looks like text, not %s %s stream: %s", r->name, kind ? an : "an",
                kind ? kind : "lm", tokens ? "run lm-tokenize first (lm-tokenize --vocab MODEL "
                "for a model's vocabulary)"
                : strcmp(kind, "logprobs") == 0 ? "lm-ppl reads what lm-score writes "
                "(lm-tokenize --vocab MODEL | lm-score MODEL | lm-ppl)" : "see lm-stream(5)");
        die("%s: not an lm stream (expected %s %s stream; see lm-stream(5))", r->name,
            kind ? an : "an", kind ? kind : "lm");
    }
    const msgpack_object *h = lm_read_next(r);
    if (!h) die("%s: empty input (expected %s %s stream)", r->name,
                kind ? an : "an", kind ? kind : "lm");
    const msgpack_object *k = h->type == MSGPACK_OBJECT_MAP ? lm_map_find(h, "lm") : NULL;
    if (!k || (k->type != MSGPACK_OBJECT_STR && k->type != MSGPACK_OBJECT_BIN))
        die("%s: not an lm stream (no {\"lm\": kind} header)", r->name);
    size_t n = k->via.str.size;
    if (n == 0 || n >= sizeof r->kind - 1) die("%s: not an lm stream (bad kind)", r->name);
    memcpy(r->kind, k->via.str.ptr, n);
    r->kind[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (r->kind[i] < 'a' || r->kind[i] > 'z') die("%s: not an lm stream (bad kind)", r->name);
    if (kind && strcmp(kind, r->kind) != 0)
        die("%s: expected %s %s stream, got %s", r->name, an, kind, r->kind);
    const msgpack_object *v = lm_map_find(h, "version");
    if (!v || v->type != MSGPACK_OBJECT_POSITIVE_INTEGER || v->via.u64 == 0)
        die("%s: %s stream has no valid version", r->name, r->kind);
    int max = 0;
    static const struct { const char *kind; int version; } versions[] = {
        { "tokens", LM_TOKENS_VERSION }, { "vocab", LM_VOCAB_VERSION },
        { "counts", LM_COUNTS_VERSION }, { "model", LM_NGRAM_MODEL_VERSION },
        { "logprobs", LM_LOGPROBS_VERSION }, { "pairs", LM_PAIRS_VERSION },
    };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (strcmp(versions[i].kind, r->kind) == 0) max = versions[i].version;
    if (max == 0) die("%s: unknown stream kind '%s'", r->name, r->kind);
    if (v->via.u64 > (uint64_t)max)
        die("%s: %s stream version %llu is newer than this lm reads (%d); upgrade lm",
            r->name, r->kind, (unsigned long long)v->via.u64, max);
    r->version = (int)v->via.u64;
    return h;
}

/* ---- looking inside objects ---------------------------------------------- */

bool lm_obj_is_str(const msgpack_object *o, const char *s)
{
    if (!o || (o->type != MSGPACK_OBJECT_STR && o->type != MSGPACK_OBJECT_BIN)) return false;
    size_t n = strlen(s);
    return o->via.str.size == n && memcmp(o->via.str.ptr, s, n) == 0;
}

const msgpack_object *lm_map_find(const msgpack_object *map, const char *key)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP) return NULL;
    for (uint32_t i = 0; i < map->via.map.size; i++)
        if (lm_obj_is_str(&map->via.map.ptr[i].key, key)) return &map->via.map.ptr[i].val;
    return NULL;
}

const msgpack_object *lm_get(const lm_reader *r, const msgpack_object *map, const char *key)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        lm_reader_die(r, "expected a map, got %s", map ? type_name(map) : "nothing");
    const msgpack_object *v = lm_map_find(map, key);
    if (!v) lm_reader_die(r, "missing field '%s'", key);
    return v;
}

uint64_t lm_get_u64(const lm_reader *r, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = lm_get(r, map, key);
    if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        lm_reader_die(r, "field '%s': expected a non-negative integer, got %s", key, type_name(v));
    return v->via.u64;
}

int64_t lm_get_i64(const lm_reader *r, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = lm_get(r, map, key);
    if (v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) return v->via.i64;
    if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 <= INT64_MAX)
        return (int64_t)v->via.u64;
    lm_reader_die(r, "field '%s': expected an integer, got %s", key, type_name(v));
}

double lm_get_f64(const lm_reader *r, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = lm_get(r, map, key);
    double d;
    switch (v->type) {
    case MSGPACK_OBJECT_FLOAT32: case MSGPACK_OBJECT_FLOAT64: d = v->via.f64; break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER: d = (double)v->via.u64; break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER: d = (double)v->via.i64; break;
    default: lm_reader_die(r, "field '%s': expected a number, got %s", key, type_name(v));
    }
    if (!isfinite(d)) lm_reader_die(r, "field '%s': %g is not a finite number", key, d);
    return d;
}

char *lm_get_strdup(const lm_reader *r, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = lm_get(r, map, key);
    if (v->type != MSGPACK_OBJECT_STR && v->type != MSGPACK_OBJECT_BIN)
        lm_reader_die(r, "field '%s': expected a string, got %s", key, type_name(v));
    char *s = xmalloc(v->via.str.size + 1);
    memcpy(s, v->via.str.ptr, v->via.str.size);
    s[v->via.str.size] = 0;
    return s;
}

size_t lm_ext_elem_size(int t)
{
    switch (t) {
    case LM_EXT_F32: case LM_EXT_U32: return 4;
    case LM_EXT_F64: case LM_EXT_U64: return 8;
    case LM_EXT_SLOT: return 16;
    }
    return 0;
}

const char *lm_ext_name(int t)
{
    switch (t) {
    case LM_EXT_F32: return "f32";
    case LM_EXT_F64: return "f64";
    case LM_EXT_U32: return "u32";
    case LM_EXT_U64: return "u64";
    case LM_EXT_SLOT: return "slot";
    }
    return NULL;
}

size_t lm_obj_array(const lm_reader *r, const msgpack_object *o, int t, const char *what)
{
    if (o->type != MSGPACK_OBJECT_EXT || o->via.ext.type != t)
        lm_reader_die(r, "%s: expected a %s array, got %s", what, lm_ext_name(t),
                      o->type == MSGPACK_OBJECT_EXT
                          ? (lm_ext_name(o->via.ext.type) ? lm_ext_name(o->via.ext.type) : "unknown typed array")
                          : type_name(o));
    size_t es = lm_ext_elem_size(t);
    if (o->via.ext.size % es)
        lm_reader_die(r, "%s: %u bytes is not a whole number of %s values", what,
                      o->via.ext.size, lm_ext_name(t));
    return o->via.ext.size / es;
}

/* Rejects NaN and inf in a float array, reading the payload in place (so
 * nothing is allocated before the check). */
static void check_finite(const lm_reader *r, const msgpack_object *o, int t, const char *what)
{
    if (t != LM_EXT_F32 && t != LM_EXT_F64) return;
    size_t es = lm_ext_elem_size(t), n = o->via.ext.size / es;
    for (size_t i = 0; i < n; i++) {
        double d;
        if (t == LM_EXT_F32) { float f; memcpy(&f, o->via.ext.ptr + i * es, 4); d = f; }
        else memcpy(&d, o->via.ext.ptr + i * es, 8);
        if (!isfinite(d)) lm_reader_die(r, "%s: value %zu is %g (not finite)", what, i, d);
    }
}

#define COPY_FN(NAME, T, EXT)                                                          \
    void NAME(const lm_reader *r, const msgpack_object *o, T *dst, size_t n, const char *what) \
    {                                                                                  \
        size_t have = lm_obj_array(r, o, EXT, what);                                   \
        if (have != n) lm_reader_die(r, "%s: expected %zu values, got %zu", what, n, have); \
        check_finite(r, o, EXT, what);                                                 \
        if (n) memcpy(dst, o->via.ext.ptr, n * sizeof(T));                             \
    }
COPY_FN(lm_copy_u32s, uint32_t, LM_EXT_U32)
COPY_FN(lm_copy_u64s, uint64_t, LM_EXT_U64)
COPY_FN(lm_copy_f32s, float, LM_EXT_F32)
COPY_FN(lm_copy_f64s, double, LM_EXT_F64)

#define GET_FN(NAME, T, EXT)                                                           \
    T *NAME(const lm_reader *r, const msgpack_object *map, const char *key, size_t *n)  \
    {                                                                                  \
        const msgpack_object *o = lm_get(r, map, key);                                 \
        *n = lm_obj_array(r, o, EXT, key);                                             \
        check_finite(r, o, EXT, key);                                                  \
        T *v = xmalloc(xmul(*n, sizeof(T)));                                           \
        if (*n) memcpy(v, o->via.ext.ptr, *n * sizeof(T));                             \
        return v;                                                                      \
    }
GET_FN(lm_get_u32s, uint32_t, LM_EXT_U32)
GET_FN(lm_get_f32s, float, LM_EXT_F32)
GET_FN(lm_get_f64s, double, LM_EXT_F64)

bool lm_looks_like_stream(const unsigned char *head, size_t n)
{
    return n > 0 && ((head[0] >= 0x80 && head[0] <= 0x8f) || head[0] == 0xde || head[0] == 0xdf);
}
