/* lm-dump — any lm stream as JSON Lines: the header, then one line per record. */
#include <getopt.h>
#include <stdlib.h>

#include "json.h"
#include "stream.h"
#include "util.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-dump [--full] [--head N] [--header] [FILE...]\n"
        "\n"
        "Prints an lm stream (lm-stream(5)) as JSON Lines: the header first, then one\n"
        "line per record.  Typed arrays are shown as {\"u32\": COUNT, \"head\": [...]}.\n"
        "\n"
        "      --full          show every value of typed arrays: {\"u32\": N, \"values\": [...]}\n"
        "  -n, --head N        values shown per typed array without --full (default 8)\n"
        "      --header        print the header only\n"
        "  -h, --help          this help\n"
        "      --version       print the version\n"
        "\n"
        "See lm-dump(1).\n");
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum { OPT_FULL = 256, OPT_HEADER, OPT_VERSION };
    static const struct option longopts[] = {
        { "full", no_argument, NULL, OPT_FULL },
        { "head", required_argument, NULL, 'n' },
        { "header", no_argument, NULL, OPT_HEADER },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    bool full = false, header_only = false;
    size_t head = 8;
    int c;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FULL: full = true; break;
        case 'n': head = (size_t)parse_ll("--head", optarg, 0, 1 << 30); break;
        case OPT_HEADER: header_only = true; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    int nfiles = argc ? argc : 1;
    for (int f = 0; f < nfiles; f++) {
        lm_reader *r = lm_reader_open(argc ? argv[f] : NULL);
        const msgpack_object *o = lm_read_header(r, NULL);
        do {
            json_write_object(stdout, o, full, head);
            putchar('\n');
            if (ferror(stdout)) lm_check_write(stdout, "stdout");
        } while (!header_only && (o = lm_read_next(r)));
        lm_reader_close(r);
    }
    lm_check_write(stdout, "stdout");
    return 0;
}
