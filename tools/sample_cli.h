/* sample_cli.h — lm-sample's options as a cli_opt table, shared by
 * lm-sample and the option fuzz harness (fuzz/fuzz_options.c). */
#ifndef LM_SAMPLE_CLI_H
#define LM_SAMPLE_CLI_H

#include "cli.h"
#include "generate.h"

#define SAMPLE_DEFAULT_TOKENS 200
#define SAMPLE_CLI_ROWS 19

typedef struct sample_cli {
    lm_generate_opts g;
    long long tokens;             /* -n; -1 = not given */
    bool no_echo;
    const char *prime_file;       /* --prime-file; lm-sample reads it */
    long long samples;            /* --num-samples; 0 = not given */
    cli_opt opts[SAMPLE_CLI_ROWS];
} sample_cli;

extern const cli_tool sample_cli_tool;

/* The defaults, and the table whose rows write into C. */
void sample_cli_init(sample_cli *c);
/* After cli_parse: the options that do not combine (a usage error), and
 * the token limit. */
void sample_cli_check(sample_cli *c);
/* After loading the model: what the model refuses (a usage error). */
void sample_cli_check_model(const sample_cli *c, const lm_model *m);

#endif
