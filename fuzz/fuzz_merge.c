/* Fuzzes the streaming merge (lm-ngram --merge): the input merged with
 * itself, record by record, must be refused or equal what the in-memory
 * reader and counts_merge make of it, written by counts_write: two
 * implementations of one sum, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ngram_count.h"
#include "ngram_merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *volatile in[2] = { lm_reader_from_memory(data, size, "fuzz"),
                                  lm_reader_from_memory(data, size, "fuzz") };
    char *volatile streamed = NULL, *volatile summed = NULL;
    size_t ns = 0, nm = 0;
    static lm_counts c, d;
    if (setjmp(fuzz_jmp) == 0) {
        FILE *fp = open_memstream((char **)&streamed, &ns);
        counts_merge_streams((lm_reader *const *)in, 2, 0, fp, "fuzz");
        fclose(fp);
        /* accepted by the streaming merge: the in-memory path must agree */
        lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
        counts_read_body(r, lm_read_header(r, "counts"), &c);
        lm_reader_close(r);
        r = lm_reader_from_memory(data, size, "fuzz");
        counts_read_body(r, lm_read_header(r, "counts"), &d);
        lm_reader_close(r);
        counts_merge(&c, &d, "fuzz");
        fp = open_memstream((char **)&summed, &nm);
        counts_write(&c, fp, "fuzz");
        fclose(fp);
        counts_free(&c);
        counts_free(&d);
        if (ns != nm || memcmp(streamed, summed, ns) != 0) __builtin_trap();
    }
    lm_reader_close(in[0]);
    lm_reader_close(in[1]);
    free(streamed);
    free(summed);
    return 0;
}
