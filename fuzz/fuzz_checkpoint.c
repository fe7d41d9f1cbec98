/* Fuzzes the neural model reader (a model stream of type "rnn" or
 * "seq2seq"): header
 * sizes against the limits, the parameter, optimizer and progress
 * records, their lengths and finiteness. */
#include <string.h>

#include "checkpoint.h"
#include "fuzz.h"
#include "stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    lm_reader *r = lm_reader_from_memory(data, size, "fuzz");
    static lm_checkpoint c;
    if (setjmp(fuzz_jmp) == 0) {
        const msgpack_object *h = lm_read_header(r, "model");
        checkpoint_read_body(r, h, &c);
        /* what was accepted is consistent */
        if (c.arch == LM_ARCH_RNN && c.net.nparams != rnn_param_count_tied(c.net.cell, &c.net.hp,
                                                                           c.net.layers, c.net.hidden,
                                                                           c.net.embed, c.vocab.n,
                                                                           rnn_head(&c.net)))
            __builtin_trap();
        if (c.arch == LM_ARCH_SEQ2SEQ &&
            (c.s2s.nparams != s2s_param_count(c.s2s.cell, c.s2s.enc_layers, c.s2s.dec_layers,
                                              c.s2s.hidden, c.s2s.embed, c.s2s.attn,
                                              c.s2s.attention, c.s2s.bidir, c.vocab.n) ||
             c.vocab.eos >= c.vocab.n))
            __builtin_trap();
        checkpoint_free(&c);
    }
    lm_reader_close(r);
    return 0;
}
