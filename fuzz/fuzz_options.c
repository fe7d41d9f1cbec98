/* Fuzzes the strict option parsers: any string either parses to a value
 * in range or is refused (through die_usage), never misread. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

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
    return 0;
}
