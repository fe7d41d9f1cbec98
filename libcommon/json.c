/* json.c — msgpack objects as JSON text.  See json.h. */
#include "json.h"
#include "stream.h"
#include "tokenize.h"
#include "util.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_token_len(p + i, n - i, 1);
        if (len == 1 && p[i] >= 0x80) return false;
        i += len;
    }
    return true;
}

void json_write_string(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
            else fputc(c, out);
        }
    }
    fputc('"', out);
}

void json_write_double(FILE *out, double d)
{
    if (!isfinite(d)) { fputs("null", out); return; }
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", d);
    /* Shortest form that reads back to the same double. */
    for (int prec = 1; prec < 17; prec++) {
        char t[32];
        snprintf(t, sizeof t, "%.*g", prec, d);
        if (strtod(t, NULL) == d) { memcpy(buf, t, sizeof t); break; }
    }
    fputs(buf, out);
    /* Keep it a JSON number that reads as a float where it was one. */
    if (!strpbrk(buf, ".eEn")) fputs(".0", out);
}

static void write_bytes(FILE *out, const char *p, size_t n)
{
    if (valid_utf8(p, n)) { json_write_string(out, p, n); return; }
    fputs("{\"hex\": \"", out);
    for (size_t i = 0; i < n; i++) fprintf(out, "%02x", (unsigned char)p[i]);
    fputs("\"}", out);
}

static void write_ext(FILE *out, const msgpack_object_ext *e, bool full, size_t head)
{
    const char *name = lm_ext_name(e->type);
    size_t es = lm_ext_elem_size(e->type);
    if (!name || e->size % es) {
        fprintf(out, "{\"ext\": %d, \"bytes\": %" PRIu32 "}", e->type, e->size);
        return;
    }
    size_t n = e->size / es, show = full ? n : (n < head ? n : head);
    fprintf(out, "{\"%s\": %zu, \"%s\": [", name, n, full ? "values" : "head");
    for (size_t i = 0; i < show; i++) {
        if (i) fputs(", ", out);
        const char *p = e->ptr + i * es;
        switch (e->type) {
        case LM_EXT_F32: { float f; memcpy(&f, p, 4); json_write_double(out, f); break; }
        case LM_EXT_F64: { double d; memcpy(&d, p, 8); json_write_double(out, d); break; }
        case LM_EXT_U32: { uint32_t u; memcpy(&u, p, 4); fprintf(out, "%" PRIu32, u); break; }
        case LM_EXT_U64: { uint64_t u; memcpy(&u, p, 8); fprintf(out, "%" PRIu64, u); break; }
        case LM_EXT_SLOT: {       /* [parent, word, logp, bo] */
            uint32_t u[2];
            float f[2];
            memcpy(u, p, 8);
            memcpy(f, p + 8, 8);
            fprintf(out, "[%" PRIu32 ", %" PRIu32 ", ", u[0], u[1]);
            json_write_double(out, f[0]);
            fputs(", ", out);
            json_write_double(out, f[1]);
            fputc(']', out);
            break;
        }
        }
    }
    if (show < n) fputs(show ? ", \"...\"" : "\"...\"", out);
    fputs("]}", out);
}

void json_write_object(FILE *out, const msgpack_object *o, bool full, size_t head)
{
    switch (o->type) {
    case MSGPACK_OBJECT_NIL: fputs("null", out); break;
    case MSGPACK_OBJECT_BOOLEAN: fputs(o->via.boolean ? "true" : "false", out); break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER: fprintf(out, "%" PRIu64, o->via.u64); break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER: fprintf(out, "%" PRId64, o->via.i64); break;
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64: json_write_double(out, o->via.f64); break;
    case MSGPACK_OBJECT_STR: write_bytes(out, o->via.str.ptr, o->via.str.size); break;
    case MSGPACK_OBJECT_BIN: write_bytes(out, o->via.bin.ptr, o->via.bin.size); break;
    case MSGPACK_OBJECT_EXT: write_ext(out, &o->via.ext, full, head); break;
    case MSGPACK_OBJECT_ARRAY:
        fputc('[', out);
        for (uint32_t i = 0; i < o->via.array.size; i++) {
            if (i) fputs(", ", out);
            json_write_object(out, &o->via.array.ptr[i], full, head);
        }
        fputc(']', out);
        break;
    case MSGPACK_OBJECT_MAP:
        fputc('{', out);
        for (uint32_t i = 0; i < o->via.map.size; i++) {
            const msgpack_object *k = &o->via.map.ptr[i].key;
            if (i) fputs(", ", out);
            if (k->type == MSGPACK_OBJECT_STR || k->type == MSGPACK_OBJECT_BIN)
                json_write_string(out, k->via.str.ptr, k->via.str.size);
            else {
                /* JSON keys are strings: render other keys as their JSON text. */
                char *buf = NULL;
                size_t len = 0;
                FILE *m = open_memstream(&buf, &len);
                json_write_object(m, k, full, head);
                fclose(m);
                json_write_string(out, buf, len);
                free(buf);
            }
            fputs(": ", out);
            json_write_object(out, &o->via.map.ptr[i].val, full, head);
        }
        fputc('}', out);
        break;
    }
}

void json_dump_streams(char *const *paths, int npaths, bool full, size_t head, bool header_only,
                       FILE *out, const char *outname)
{
    int n = npaths ? npaths : 1;
    for (int f = 0; f < n; f++) {
        lm_reader *r = lm_reader_open(npaths ? paths[f] : NULL);
        const msgpack_object *o = lm_read_header(r, NULL);
        do {
            json_write_object(out, o, full, head);
            fputc('\n', out);
            if (ferror(out)) lm_check_write(out, outname);
        } while (!header_only && (o = lm_read_next(r)));
        lm_reader_close(r);
    }
    lm_check_write(out, outname);
}
