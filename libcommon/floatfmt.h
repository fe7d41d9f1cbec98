/* floatfmt.h — a float as the shortest of printf's "%.7g" .. "%.9g" that
 * reads back as the same float, without printf.
 *
 * Writing an ARPA file is mostly formatting floats; glibc's printf takes
 * the multi-precision path for every one of them, and checking each
 * candidate with strtof doubles the cost.  float_format computes the same
 * digits exactly with 128-bit integers (round half to even, as glibc) and
 * decides the round trip with one correctly rounded double operation,
 * falling back to strtof only when that double lies within an ulp of a
 * rounding boundary, and to snprintf for magnitudes outside 1e-20..1e30,
 * infinities and NaN.  The text is byte for byte what the printf loop
 * gives (tests/unit/test_floatfmt.c checks millions of floats). */
#ifndef LM_FLOATFMT_H
#define LM_FLOATFMT_H

#include <stddef.h>

#define FLOAT_FORMAT_MAX 32     /* buffer size that always suffices */

/* Writes V into BUF (FLOAT_FORMAT_MAX bytes, NUL-terminated) as the
 * shortest "%.Pg", MIN_PREC <= P <= 9, that strtof reads back as V (P = 9
 * always does).  Returns the length. */
size_t float_format(char *buf, float v, int min_prec);

#endif
