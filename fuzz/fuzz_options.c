/* Fuzzes the strict option parsers: any string either parses to a value
 * in range or is refused (through die_usage), never misread.  The same for
 * lm-sample's decoding options (sample_opt_parse). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sample.h"

/* One of lm-sample's options: refused, or every field still in range. */
static void sample_opt_check(const char *name, const char *s)
{
    lm_sample_opts o;
    sample_opts_default(&o);
    if (setjmp(fuzz_jmp) != 0) return;
    if (!sample_opt_parse(&o, name, s)) __builtin_trap();
    if (!(o.temperature > 0 && isfinite(o.temperature))) __builtin_trap();
    if (!(o.top_p > 0 && o.top_p <= 1)) __builtin_trap();
    if (!(o.repetition_penalty > 0 && isfinite(o.repetition_penalty))) __builtin_trap();
    if (!(fabs(o.length_penalty) <= 10)) __builtin_trap();
    if (strcmp(name, "top-k") == 0 && o.top_k == 0) __builtin_trap();
    if (strcmp(name, "no-repeat-ngram") == 0 && o.no_repeat_ngram == 0) __builtin_trap();
    if (strcmp(name, "beam") == 0 && o.beam == 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    char s[64];
    if (size >= sizeof s) size = sizeof s - 1;
    memcpy(s, data, size);
    s[size] = 0;
    if (setjmp(fuzz_jmp) == 0) {
        long long v = parse_ll("--n", s, -5, 1000);
        if (v < -5 || v > 1000) __builtin_trap();
        if (strtoll(s, NULL, 10) != v) __builtin_trap();
    }
    if (setjmp(fuzz_jmp) == 0) {
        double d = parse_double("--p", s, 0, 1);
        if (!(d >= 0 && d <= 1)) __builtin_trap();
    }
    static const char *const names[] = { "temperature", "top-k", "top-p", "repetition-penalty",
                                         "no-repeat-ngram", "beam", "length-penalty" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) sample_opt_check(names[i], s);
    return 0;
}
