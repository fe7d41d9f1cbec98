/* vocab_spill.c — a vocabulary moved out of memory while a tool works on
 * its ids alone.  See vocab.h.
 *
 * lm-ngram --memory needs of the vocabulary only its size, mode and
 * special ids until it writes the model's header, which holds the
 * tokens.  A word vocabulary of a gigabyte of text (11 million words of
 * the kernel's C) takes about 0.9 GB as lm_vocab's strings, lengths,
 * counts and hash index, half the memory the n-grams themselves need.
 * Packed as vocab_pack packs it into a temporary file, it costs nothing
 * resident; the header then gets those very bytes, so the model is the
 * one the in-memory path writes. */
#include "vocab.h"
#include "stream.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vocab_spilled {
    FILE *fp;
    uint64_t bytes;
    int refs;               /* vocabularies sharing it (vocab_copy) */
};

void vocab_spill(lm_vocab *v, const char *dir)
{
    if (v->spilled) return;
    vocab_spilled *s = xcalloc(1, sizeof *s);
    s->fp = lm_tmpfile(dir, (size_t)1 << 20);
    s->refs = 1;
    lm_writer w;
    lm_writer_init(&w, s->fp, dir);
    vocab_pack(&w.pk, v);
    s->bytes = w.offset;
    if (fflush(s->fp) != 0 || ferror(s->fp))
        die_errno("%s: cannot write a temporary file (disk full?)", dir);
    lm_vocab kept = { .mode = v->mode, .n = v->n, .unk = v->unk, .bos = v->bos, .eos = v->eos,
                      .split = v->split, .nmerges = v->nmerges, .spilled = s };
    vocab_free(v);
    *v = kept;
    lm_trim_heap();     /* the tokens were millions of small blocks in the heap */
}

void vocab_spilled_pack(msgpack_packer *pk, const vocab_spilled *s)
{
    enum { CHUNK = 1 << 20 };
    char *buf = xmalloc(CHUNK);
    int fd = fileno(s->fp);
    for (uint64_t at = 0; at < s->bytes;) {
        size_t want = s->bytes - at < CHUNK ? (size_t)(s->bytes - at) : CHUNK;
        ssize_t got = pread(fd, buf, want, (off_t)at);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) die_errno("the vocabulary's temporary file reads back short");
        pk->callback(pk->data, buf, (size_t)got);
        at += (uint64_t)got;
    }
    free(buf);
}

vocab_spilled *vocab_spilled_ref(vocab_spilled *s)
{
    s->refs++;
    return s;
}

void vocab_spilled_release(vocab_spilled *s)
{
    if (--s->refs > 0) return;
    fclose(s->fp);
    free(s);
}
