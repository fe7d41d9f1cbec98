/* Fuzzes the tokenizers: char tokens must concatenate back to the input,
 * and the byte and char counts handed to the callback must add up. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "tokenize.h"
#include "vocab.h"

static unsigned char out[1 << 20];
static size_t out_len;
static uint64_t last_bytes, last_chars;

static void collect(void *ctx, const char *tok, size_t len, uint64_t through_bytes,
                    uint64_t through_chars)
{
    (void)ctx;
    if (through_bytes < last_bytes || through_chars < last_chars) __builtin_trap();
    last_bytes = through_bytes;
    last_chars = through_chars;
    if (out_len + len <= sizeof out) memcpy(out + out_len, tok, len);
    out_len += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size > sizeof out) return 0;
    for (int mode = 0; mode < 3; mode++) {
        /* fmemopen cannot open 0 bytes: open 1 and read past it */
        static char one[1];
        FILE *fp = size ? fmemopen((void *)data, size, "rb") : fmemopen(one, 1, "rb");
        if (!fp) return 0;
        if (size == 0) fgetc(fp);
        out_len = 0;
        last_bytes = last_chars = 0;
        uint64_t tb = 0, tc = 0;
        if (setjmp(fuzz_jmp) == 0) {
            tokenize_file(fp, "fuzz", mode, collect, NULL, &tb, &tc);
            if (tb != size) __builtin_trap();
            if (mode != LM_MODE_WORD) {
                /* char and byte tokens are the input, in order */
                if (out_len != size || memcmp(out, data, size) != 0) __builtin_trap();
                if (tc != utf8_count_chars(data, size)) __builtin_trap();
            }
        }
        fclose(fp);
    }
    return 0;
}
