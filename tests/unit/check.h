/* check.h — what every C unit test shares: CHECK counts failures and
 * says where; die() inside the library can jump back to the test
 * (set lm_die_hook = die_hook, then setjmp(on_die)). */
#ifndef LM_TEST_CHECK_H
#define LM_TEST_CHECK_H

#include <setjmp.h>
#include <stdio.h>

static int failures;
#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) { fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); failures++; } \
    } while (0)

static jmp_buf on_die;
static inline void die_hook(int status) { longjmp(on_die, status); }

#endif
