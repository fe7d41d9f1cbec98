/* Unit tests for the stream layer, vocabularies, UTF-8 and log-space
 * mixing: hand-made inputs with known answers. */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppl.h"
#include "stream.h"
#include "tokenize.h"
#include "util.h"
#include "vocab.h"

#include "check.h"

/* die() inside the library jumps back here instead of exiting. */

/* Reads every object of DATA; returns the exit status die() would have
 * used (0 if the whole input read cleanly). */
static int read_all(const void *data, size_t n, int *objects)
{
    lm_reader *volatile r = lm_reader_from_memory(data, n, "mem");
    volatile int count = 0;
    int status = setjmp(on_die);
    if (status == 0) {
        while (lm_read_next(r)) count++;
    }
    lm_reader_close(r);
    if (objects) *objects = count;
    return status;
}

static void test_scan_limits(void)
{
    int n;
    /* fixmap of one pair, complete */
    CHECK(read_all("\x81\xa1k\x01", 4, &n) == 0 && n == 1);
    /* truncated: a str8 of 10 bytes with 2 present */
    CHECK(read_all("\xd9\x0a" "ab", 4, &n) == 1 && n == 0);
    /* array32 claiming 4 billion elements: refused without allocating */
    CHECK(read_all("\xdd\xff\xff\xff\xff\x01", 6, &n) == 1);
    /* map32 claiming 2^31 pairs */
    CHECK(read_all("\xdf\x80\x00\x00\x00", 5, &n) == 1);
    /* bin32 claiming 4 GB */
    CHECK(read_all("\xc6\xff\xff\xff\xff", 5, &n) == 1);
    /* never-used byte 0xc1 */
    CHECK(read_all("\xc1", 1, &n) == 1);
    /* nesting deeper than the limit: 40 nested one-element arrays */
    char deep[41];
    memset(deep, 0x91, 40);
    deep[40] = 0x01;
    CHECK(read_all(deep, 41, &n) == 1);
    /* nesting within the limit reads */
    CHECK(read_all(deep + 30, 11, &n) == 0 && n == 1);
    /* two objects back to back */
    CHECK(read_all("\x01\x02", 2, &n) == 0 && n == 2);
    /* empty input: no objects, no error */
    CHECK(read_all("", 0, &n) == 0 && n == 0);
}

/* Writes a small stream to memory and reads it back. */
static void test_roundtrip(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    lm_writer w;
    lm_writer_init(&w, fp, "mem");
    lm_write_header(&w, "tokens", 1, 1);
    lm_vocab v;
    vocab_init(&v, LM_MODE_WORD);
    vocab_add(&v, "hello", 5);
    vocab_add(&v, "\xff", 1);
    lm_pack_str(&w.pk, "vocab");
    vocab_pack(&w.pk, &v);
    float f[3] = { 1.5f, -0.0f, 3e-38f };
    uint32_t u[2] = { 7, 0xffffffffu };
    msgpack_pack_map(&w.pk, 2);
    lm_pack_str(&w.pk, "f");
    lm_pack_f32s(&w.pk, f, 3);
    lm_pack_str(&w.pk, "u");
    lm_pack_u32s(&w.pk, u, 2);
    fclose(fp);

    lm_reader *r = lm_reader_from_memory(buf, len, "mem");
    const msgpack_object *h = lm_read_header(r, "tokens");
    lm_vocab v2;
    vocab_unpack(r, lm_get(r, h, "vocab"), &v2);
    CHECK(vocab_equal(&v, &v2));
    CHECK(vocab_hash(&v) == vocab_hash(&v2));
    CHECK(vocab_find(&v2, "\xff", 1) == 4);
    CHECK(vocab_find(&v2, "nope", 4) == LM_NO_ID);
    const msgpack_object *o = lm_read_next(r);
    CHECK(o != NULL);
    size_t n;
    float *f2 = lm_get_f32s(r, o, "f", &n);
    CHECK(n == 3 && memcmp(f, f2, sizeof f) == 0);
    uint32_t *u2 = lm_get_u32s(r, o, "u", &n);
    CHECK(n == 2 && u2[1] == 0xffffffffu);
    CHECK(lm_read_next(r) == NULL);
    free(f2);
    free(u2);
    lm_reader_close(r);
    vocab_free(&v);
    vocab_free(&v2);

    /* every proper prefix of the stream is reported as truncated, except
     * the one that ends exactly after the header (a valid, shorter stream) */
    int clean = 0;
    for (size_t cut = 1; cut < len; cut++) {
        int objs;
        if (read_all(buf, cut, &objs) == 0) { clean++; CHECK(objs == 1); }
    }
    CHECK(clean == 1);
    free(buf);
}

static void test_nonfinite_rejected(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    lm_writer w;
    lm_writer_init(&w, fp, "mem");
    double d[2] = { -1, NAN };
    msgpack_pack_map(&w.pk, 1);
    lm_pack_str(&w.pk, "d");
    lm_pack_f64s(&w.pk, d, 2);
    fclose(fp);
    lm_reader *volatile r = lm_reader_from_memory(buf, len, "mem");
    volatile int status = setjmp(on_die);
    if (status == 0) {
        size_t n;
        const msgpack_object *o = lm_read_next(r);
        free(lm_get_f64s(r, o, "d", &n));
    }
    CHECK(status == 1);
    lm_reader_close(r);
    free(buf);
}

static void test_utf8(void)
{
    struct { const char *s; size_t n; size_t want; } cases[] = {
        { "a", 1, 1 },
        { "\xc3\xa9", 2, 2 },           /* é */
        { "\xe2\x82\xac", 3, 3 },       /* € */
        { "\xf0\x9f\x98\x80", 4, 4 },   /* emoji */
        { "\xc0\xaf", 2, 1 },           /* overlong '/' */
        { "\xe0\x80\xaf", 3, 1 },       /* overlong */
        { "\xed\xa0\x80", 3, 1 },       /* surrogate */
        { "\xf4\x90\x80\x80", 4, 1 },   /* > U+10FFFF */
        { "\xf5\x80\x80\x80", 4, 1 },
        { "\x80", 1, 1 },               /* lone continuation */
        { "\xe2\x82", 2, 1 },           /* truncated at end of input */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(utf8_token_len((const unsigned char *)cases[i].s, cases[i].n, 1) == cases[i].want);
    /* not at the end of input: a prefix of a valid sequence waits */
    CHECK(utf8_token_len((const unsigned char *)"\xe2\x82", 2, 0) == 0);
    CHECK(utf8_count_chars((const unsigned char *)"h\xc3\xa9\xff", 4) == 3);
}

static void test_log_mix(void)
{
    double w[2] = { log(0.5), log(0.5) };
    double p[2] = { log(0.2), log(0.4) };
    CHECK(fabs(log_mix(w, p, 2) - log(0.3)) < 1e-15);
    /* probabilities far below the double range mix without underflow */
    double q[2] = { -1000, -1001 };
    double want = -1000 + log(0.5 + 0.5 * exp(-1));
    CHECK(fabs(log_mix(w, q, 2) - want) < 1e-12);
    double z[2] = { log(0), log(1) };
    CHECK(fabs(log_mix(z, q, 2) - -1001) < 1e-12);
}

static void test_ppl(void)
{
    lm_ppl s = { 0 };
    /* a million tiny terms plus a big one: compensated sum stays exact */
    ppl_add(&s, -1e6, 0);
    for (int i = 0; i < 1000000; i++) ppl_add(&s, -1e-10, i % 2);
    double want = 1e6 + 1e-4;
    CHECK(fabs(ppl_total_nats(&s) - want) < 1e-9);
    CHECK(s.tokens == 1000001 && s.oovs == 500000);
}

int main(void)
{
    lm_init("test_stream");
    lm_die_hook = die_hook;
    test_scan_limits();
    test_roundtrip();
    test_nonfinite_rejected();
    test_utf8();
    test_log_mix();
    test_ppl();
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("test_stream: all checks passed\n");
    return failures != 0;
}
