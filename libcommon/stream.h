/* stream.h — lm streams: a sequence of msgpack objects, a header map first.
 *
 *   header   {"lm": KIND, "version": N, ...kind-specific fields}
 *   records  maps, one per chunk of data
 *
 * Large numeric arrays travel as msgpack ext objects holding little-endian
 * values (ext type LM_EXT_F32, ...): one memcpy to read, and lm-dump can
 * still say what they are.  lm-stream(5) documents every kind.
 *
 * The reader is streaming: it holds one record at a time, so a stream of
 * any length flows through in memory bounded by its largest record
 * (LM_MAX_RECORD).  Before msgpack-c sees a record, a framing scan checks
 * that every length and element count fits the bytes actually present, so
 * a corrupt length never turns into a huge allocation. */
#ifndef LM_STREAM_H
#define LM_STREAM_H

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Typed little-endian arrays inside ext objects. */
enum {
    LM_EXT_F32 = 1,   /* float32 */
    LM_EXT_F64 = 2,   /* float64 */
    LM_EXT_U32 = 3,   /* uint32 */
    LM_EXT_U64 = 4,   /* uint64 */
    LM_EXT_SLOT = 5,  /* an n-gram lookup table's slots, 16 bytes each (ngram_table.h) */
};

/* Limits every reader enforces (documented in lm-stream(5)). */
#define LM_MAX_RECORD   ((size_t)1 << 30)   /* bytes in one msgpack object */
#define LM_MAX_ELEMENTS ((size_t)1 << 25)   /* array/map entries in one object */
#define LM_MAX_DEPTH    16                  /* nesting of arrays and maps */

/* Current format version of each kind (a reader refuses newer ones). */
#define LM_TOKENS_VERSION   1
#define LM_VOCAB_VERSION    1
#define LM_COUNTS_VERSION   1
#define LM_MODEL_VERSION    1   /* what neural checkpoints write */
#define LM_NGRAM_MODEL_VERSION 2 /* what n-gram models write (version 1: see lm-stream(5)) */
#define LM_LOGPROBS_VERSION 1
#define LM_PAIRS_VERSION    1

/* ---- writing ------------------------------------------------------------- */

typedef struct lm_writer {
    FILE *fp;
    const char *name;     /* for messages */
    msgpack_packer pk;
    uint64_t offset;      /* bytes written so far: the stream offset of the next */
} lm_writer;

void lm_writer_init(lm_writer *w, FILE *fp, const char *name);
/* Starts a header map of 2 + nextra entries and writes "lm" and "version";
 * the caller then packs nextra key/value pairs. */
void lm_write_header(lm_writer *w, const char *kind, int version, size_t nextra);
/* Key/value helpers for building maps. */
void lm_pack_str(msgpack_packer *pk, const char *s);
void lm_pack_bytes(msgpack_packer *pk, const void *p, size_t n);  /* bin */
void lm_pack_f32s(msgpack_packer *pk, const float *v, size_t n);
void lm_pack_f64s(msgpack_packer *pk, const double *v, size_t n);
void lm_pack_u32s(msgpack_packer *pk, const uint32_t *v, size_t n);
void lm_pack_u64s(msgpack_packer *pk, const uint64_t *v, size_t n);
/* Two map entries: "pad_KEY", a bin of 0..15 zero bytes, then KEY, an ext
 * of type EXT_TYPE holding BYTES bytes at V, whose payload thereby starts
 * at a multiple of 16 bytes from the stream's start (so a reader of a
 * mapped file can use it in place). */
void lm_pack_aligned_ext(lm_writer *w, const char *key, int ext_type, const void *v, size_t bytes);
/* Flushes and checks for write errors (a closed pipe ends quietly). */
void lm_writer_flush(lm_writer *w);

/* ---- reading ------------------------------------------------------------- */

typedef struct lm_reader {
    FILE *fp;
    char *name;           /* "stdin" or the path, for messages */
    char *buf;            /* bytes read but not yet returned */
    size_t cap, beg, end;
    bool eof, own_fp;
    bool borrowed;        /* buf is the caller's (a mapped file), not freed */
    uint64_t nread;       /* objects returned so far */
    uint64_t consumed;    /* bytes of input returned so far */
    uint64_t record;      /* index of the current object (0 = header) */
    uint64_t offset;      /* its byte offset in the input */
    msgpack_unpacked obj;
    char kind[16];        /* header's "lm" value, after lm_read_header */
    int version;
} lm_reader;

/* Opens PATH ("-" or NULL: stdin). */
lm_reader *lm_reader_open(const char *path);
/* Wraps an open FILE (not closed by lm_reader_close). */
lm_reader *lm_reader_from_file(FILE *fp, const char *name);
/* Wraps a memory buffer (for tests and fuzzing; copied). */
lm_reader *lm_reader_from_memory(const void *data, size_t n, const char *name);
/* Reads DATA[0..n) in place (a mapped file): nothing is copied, and the
 * str, bin and ext payloads of every object returned point into DATA, so
 * they outlive the object (while DATA lives). */
lm_reader *lm_reader_from_mapped(const void *data, size_t n, const char *name);
void lm_reader_close(lm_reader *r);

/* The next object, or NULL at a clean end of stream.  Valid until the next
 * call.  Dies on a truncated or malformed object. */
const msgpack_object *lm_read_next(lm_reader *r);

/* Reads the header and checks it.  KIND is the expected kind, or NULL for
 * any; a stream of another kind, a newer version, or no header at all is
 * an error ("stdin: expected a logprobs stream, got tokens").  Returns the
 * header map (valid until the next read). */
const msgpack_object *lm_read_header(lm_reader *r, const char *kind);

/* Dies with "NAME: record N: message" (or "NAME: header: message"). */
_Noreturn void lm_reader_die(const lm_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- looking inside objects ----------------------------------------------
 * The lm_get_* helpers die through lm_reader_die with the field's name
 * when a field is missing or has the wrong type. */

const msgpack_object *lm_map_find(const msgpack_object *map, const char *key);
const msgpack_object *lm_get(const lm_reader *r, const msgpack_object *map, const char *key);
uint64_t lm_get_u64(const lm_reader *r, const msgpack_object *map, const char *key);
int64_t lm_get_i64(const lm_reader *r, const msgpack_object *map, const char *key);
double lm_get_f64(const lm_reader *r, const msgpack_object *map, const char *key);
/* A str (or bin) field copied into a fresh NUL-terminated string. */
char *lm_get_strdup(const lm_reader *r, const msgpack_object *map, const char *key);
/* True if a str/bin field equals S. */
bool lm_obj_is_str(const msgpack_object *o, const char *s);

/* Typed arrays.  lm_obj_array checks the ext type and returns the element
 * count; lm_get_*s copy a field into a fresh malloc'd array (*n = count).
 * Floats are checked to be finite unless allow_nonfinite. */
size_t lm_obj_array(const lm_reader *r, const msgpack_object *o, int ext_type, const char *what);
uint32_t *lm_get_u32s(const lm_reader *r, const msgpack_object *map, const char *key, size_t *n);
float *lm_get_f32s(const lm_reader *r, const msgpack_object *map, const char *key, size_t *n);
double *lm_get_f64s(const lm_reader *r, const msgpack_object *map, const char *key, size_t *n);
/* Copies into caller storage of exactly N elements (dies if the count differs). */
void lm_copy_u32s(const lm_reader *r, const msgpack_object *o, uint32_t *dst, size_t n, const char *what);
void lm_copy_u64s(const lm_reader *r, const msgpack_object *o, uint64_t *dst, size_t n, const char *what);
void lm_copy_f32s(const lm_reader *r, const msgpack_object *o, float *dst, size_t n, const char *what);
void lm_copy_f64s(const lm_reader *r, const msgpack_object *o, double *dst, size_t n, const char *what);

/* Size in bytes of one element of an LM_EXT_* type (0 if unknown). */
size_t lm_ext_elem_size(int ext_type);
const char *lm_ext_name(int ext_type);   /* "f32", ... or NULL */

/* Sniffing: true if the file starts like an lm stream (a msgpack map). */
bool lm_looks_like_stream(const unsigned char *head, size_t n);

#endif
