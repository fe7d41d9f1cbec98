/* Fuzzes the generic reader and the JSON writer (what lm-dump does). */
#include <stdio.h>

#include "fuzz.h"
#include "json.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static FILE *null;
    if (!null) null = fopen("/dev/null", "w");
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *o = lm_read_header(r, NULL);
        do json_write_object(null, o, size & 1, 8);
        while ((o = lm_read_next(r)));
    }
    lm_reader_close(r);
    return 0;
}
