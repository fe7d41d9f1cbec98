/* json.h — msgpack objects as JSON text (for lm-dump and --json reports). */
#ifndef LM_JSON_H
#define LM_JSON_H

#include <msgpack.h>
#include <stdbool.h>
#include <stdio.h>

/* Writes O as one JSON value.  Strings and binary values that are valid
 * UTF-8 become JSON strings; other binary values become {"hex": "..."}.
 * Typed arrays (lm-stream(5) ext objects) become {"f32": N, "head": [...]}
 * with the first HEAD values, or {"f32": N, "values": [...]} if FULL. */
void json_write_object(FILE *out, const msgpack_object *o, bool full, size_t head);

/* A JSON string literal for S[0..n) (invalid UTF-8 bytes as \u00XX after
 * a note: callers that need exact bytes use json_write_object on a bin). */
void json_write_string(FILE *out, const char *s, size_t n);

/* A double that reads back exactly; non-finite values as null. */
void json_write_double(FILE *out, double d);

/* lm-dump: the streams PATHS (none: stdin) as JSON Lines on OUT (named
 * OUTNAME), the header first, then one line per record (with
 * HEADER_ONLY, the header alone); FULL and HEAD as json_write_object. */
void json_dump_streams(char *const *paths, int npaths, bool full, size_t head, bool header_only,
                       FILE *out, const char *outname);

#endif
