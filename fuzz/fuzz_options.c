/* Fuzzes the strict option parsers: any string either parses to a value
 * in range or is refused (through die_usage), never misread.  The same for
 * lm-sample's option table (tools/sample_cli.c), one option at a time and
 * with the checks that follow cli_parse. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sample_cli.h"

/* "--NAME S": refused, or every field still in range. */
static void sample_opt_check(const char *name, char *s)
{
    static sample_cli c;      /* static: setjmp may not keep a local */
    char opt[64], prog[] = "lm-sample", model[] = "m.lm";
    snprintf(opt, sizeof opt, "--%s", name);
    char *argv[] = { prog, opt, s, model, NULL };
    sample_cli_init(&c);
    if (setjmp(fuzz_jmp) != 0) return;
    optind = 0;
    cli_parse(4, argv, c.opts, &sample_cli_tool);
    const lm_generate_opts *g = &c.g;
    if (!(g->s.temperature > 0 && isfinite(g->s.temperature))) __builtin_trap();
    if (!(g->s.top_p > 0 && g->s.top_p <= 1)) __builtin_trap();
    if (!(g->s.repetition_penalty > 0 && isfinite(g->s.repetition_penalty))) __builtin_trap();
    if (!(fabs(g->length_penalty) <= 10)) __builtin_trap();
    if (g->s.top_k > LM_MAX_VOCAB || g->s.no_repeat_ngram > 1000 || g->beam > 10000) __builtin_trap();
    if (strcmp(name, "top-k") == 0 && g->s.top_k == 0) __builtin_trap();
    if (strcmp(name, "no-repeat-ngram") == 0 && g->s.no_repeat_ngram == 0) __builtin_trap();
    if (strcmp(name, "beam") == 0 && g->beam == 0) __builtin_trap();
    if (strcmp(name, "prime") == 0 && strcmp(g->prime, s) != 0) __builtin_trap();
    if (strcmp(name, "num-samples") == 0 && (c.samples < 1 || c.samples > 1 << 30)) __builtin_trap();
    if (strcmp(name, "stop") == 0 && strcmp(g->stop, s) != 0) __builtin_trap();
    /* the checks after the parse: a usage error, or a token limit */
    if (setjmp(fuzz_jmp) != 0) return;
    sample_cli_check(&c);
    if (strcmp(name, "sentences") == 0 && (c.g.sentences == 0 || c.g.max_tokens != SIZE_MAX))
        __builtin_trap();
    if (strcmp(name, "tokens") == 0 && (long long)c.g.max_tokens < 0) __builtin_trap();
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
    static const char *const names[] = { "tokens", "sentences", "prime", "seed", "temperature",
                                         "top-k", "top-p", "repetition-penalty",
                                         "no-repeat-ngram", "beam", "length-penalty",
                                         "num-samples", "stop" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) sample_opt_check(names[i], s);
    return 0;
}
