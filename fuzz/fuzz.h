/* fuzz.h — shared by the libFuzzer harnesses.  The library reports bad
 * input through die(); here die() jumps back into the harness instead of
 * exiting, so one process tries millions of inputs.  Memory allocated
 * before the jump is not freed (run with -detect_leaks=0). */
#ifndef LM_FUZZ_H
#define LM_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

static jmp_buf fuzz_jmp;

static void fuzz_on_die(int status)
{
    (void)status;
    longjmp(fuzz_jmp, 1);
}

static void fuzz_setup(void)
{
    static int done;
    if (done) return;
    lm_init("fuzz");
    lm_die_hook = fuzz_on_die;
    lm_quiet = true;      /* millions of refused inputs: no message for each */
    done = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
