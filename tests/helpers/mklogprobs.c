/* mklogprobs TOKENS LOGP [CHUNK] — test helper: writes a logprobs stream
 * with the ids, vocabulary and byte/char counts of the tokens stream
 * TOKENS and the log-probabilities listed one per line in the text file
 * LOGP (so a test knows the exact numbers lm-ppl is given and can check
 * its arithmetic independently).  CHUNK re-chunks the records (the byte
 * and char counts then go with the first record of each input chunk). */
#include <stdlib.h>

#include "tokens.h"
#include "cli.h"
#include "util.h"

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    if (argc < 3 || argc > 4) die_usage("usage: mklogprobs TOKENS LOGP [CHUNK]");
    lm_tokens t;
    tokens_read(argv[1], &t);
    FILE *fp = lm_open_read(argv[2]);
    size_t chunk = argc == 4 ? (size_t)parse_ll("CHUNK", argv[3], 1, 1 << 20) : 0;
    lm_chunk_writer cw;
    chunk_writer_begin(&cw, stdout, "stdout", &t.vocab, "mklogprobs");
    size_t start = 0, k = 0;
    for (size_t c = 0; c < t.nchunks; c++) {
        chunk_writer_cover(&cw, t.chunk_bytes[c], t.chunk_chars[c]);
        for (size_t i = start; i < t.chunk_end[c]; i++, k++) {
            double lp;
            if (fscanf(fp, "%lf", &lp) != 1) die("%s: fewer numbers than tokens", argv[2]);
            chunk_writer_add(&cw, t.ids[i], lp);
            if (chunk && (k + 1) % chunk == 0) chunk_writer_flush(&cw);
        }
        if (!chunk) chunk_writer_flush(&cw);
        start = t.chunk_end[c];
    }
    chunk_writer_end(&cw);
    tokens_free(&t);
    return 0;
}
