/* lm-dump — any lm stream as JSON Lines: the header, then one line per record. */
#include "cli.h"
#include "json.h"
#include "util.h"

static const cli_tool tool = {
    .usage = "lm-dump [--full] [--head N] [--header] [FILE...]",
    .about = "Prints an lm stream (lm-stream(5)) as JSON Lines: the header first, then one\n"
             "line per record.  Typed arrays are shown as {\"u32\": COUNT, \"head\": [...]}.",
    .footer = "See lm-dump(1).",
};

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    bool full = false, header_only = false;
    long long head = 8;
    cli_opt opts[] = {
        CLI_OPT("full", 0, CLI_FLAG, &full, 0, 0, NULL,
                "show every value of typed arrays: {\"u32\": N, \"values\": [...]}"),
        CLI_OPT("head", 'n', CLI_LL, &head, 0, 1 << 30, "N",
                "values shown per typed array without --full (default 8)"),
        CLI_OPT("header", 0, CLI_FLAG, &header_only, 0, 0, NULL, "print the header only"),
        CLI_DONE,
    };
    int i = cli_parse(argc, argv, opts, &tool);
    cli_files files = { 0 };
    cli_inputs(&files, argv + i, argc - i);
    cli_output_add(&files, NULL, "text", 0, NULL);
    cli_check_files(&files, false);
    json_dump_streams(argv + i, argc - i, full, (size_t)head, header_only, stdout, "stdout");
    return 0;
}
