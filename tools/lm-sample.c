/* lm-sample — text from any model: sampling (temperature, top-k, top-p,
 * penalties), greedy decoding, beam search.  The options are in
 * sample_cli.c, the work in generate.c. */
#include <signal.h>
#include <stdlib.h>

#include "generate.h"
#include "model.h"
#include "sample_cli.h"
#include "util.h"

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    /* A reader that goes away (`lm-sample | head`) is a normal end: with
     * SIGPIPE ignored the write fails with EPIPE and lm_check_write exits 0. */
    signal(SIGPIPE, SIG_IGN);
    sample_cli c;
    sample_cli_init(&c);
    int i = cli_parse(argc, argv, c.opts, &sample_cli_tool);
    if (argc - i < 1) die_usage("no MODEL given");
    if (argc - i > 1) die_usage("too many arguments (one MODEL)");
    sample_cli_check(&c);
    cli_files files = { 0 };
    cli_input(&files, argv[i]);
    if (c.prime_file) cli_input(&files, c.prime_file);
    cli_output_add(&files, NULL, "text", 0, NULL);
    cli_check_files(&files, false);

    char *prime_text = NULL;
    if (c.prime_file) {
        c.g.prime = prime_text = lm_read_text(c.prime_file);
        c.g.prime_name = c.prime_file;
    }
    lm_model *m = model_load(argv[i], LM_LOAD_DISTRIBUTIONS);
    sample_cli_check_model(&c, m);
    generate_text(m, &c.g, stdout, "stdout");
    model_free(m);
    free(prime_text);
    return 0;
}
