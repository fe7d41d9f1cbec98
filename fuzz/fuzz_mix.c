/* Fuzzes the mix-file parser: whatever it accepts has 2 to 16 components,
 * weights in [0, 1] summing to 1 and a non-empty path each. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "mix_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static lm_mix_spec spec;
    if (setjmp(fuzz_jmp) == 0) {
        mix_parse((const char *)data, size, "fuzz", &spec);
        double sum = 0;
        if (spec.k < 2 || spec.k > LM_MIX_MAX) __builtin_trap();
        for (int i = 0; i < spec.k; i++) {
            if (!(spec.w[i] >= 0 && spec.w[i] <= 1) || !spec.path[i] || !spec.path[i][0]) __builtin_trap();
            sum += spec.w[i];
        }
        if (fabs(sum - 1) > 1e-9) __builtin_trap();
        mix_spec_free(&spec);
    }
    return 0;
}
