/* lm-ngram — tokens (or counts) to a back-off n-gram model; counts, count
 * merging, ARPA in and out. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ngram_arpa.h"
#include "ngram_count.h"
#include "ngram_kn.h"
#include "ngram_model.h"
#include "ngram_prune.h"
#include "util.h"

static void usage(FILE *fp)
{
    fprintf(fp,
        "usage: lm-ngram -o N [--smoothing mkn|kn|addk] [--add-k K] [--arpa FILE]\n"
        "                [--output MODEL] [FILE]\n"
        "       lm-ngram -o N --counts-only [--output COUNTS] [FILE]\n"
        "       lm-ngram --merge [--output COUNTS] COUNTS...\n"
        "       lm-ngram --from-arpa ARPA [--output MODEL]\n"
        "\n"
        "Estimates a back-off n-gram model from a tokens stream (FILE or stdin) or a\n"
        "counts stream and writes it as a model stream on stdout.\n"
        "\n"
        "  -o, --order N         the model's order, 1 to %d (tokens input: required;\n"
        "                        counts input: at most the counts' order)\n"
        "  -s, --smoothing S     mkn (modified Kneser-Ney, default), kn, or addk\n"
        "  -k, --add-k K         the K of add-k smoothing (default 1; implies addk)\n"
        "  -p, --prune T1,T2,... drop the n-grams of order k seen at most Tk times\n"
        "                        (T1 must be 0; the last value repeats)\n"
        "  -a, --arpa FILE       also write the model as ARPA text to FILE\n"
        "  -c, --counts-only     write the n-gram counts (a counts stream) instead\n"
        "  -m, --merge           sum the counts streams given as arguments\n"
        "      --from-arpa ARPA  convert an ARPA file to a model stream\n"
        "  -w, --output FILE     write to FILE (atomically) instead of stdout\n"
        "  -q, --quiet           no progress or timing lines on a terminal\n"
        "  -h, --help            this help\n"
        "      --version         print the version\n"
        "\n"
        "See lm-ngram(1).\n", LM_NGRAM_MAX_ORDER);
}

static bool progress;

/* --prune T1,T2,...: thresholds per order from 1; the last one repeats. */
static bool parse_prune(const char *arg, uint64_t *min)
{
    char *copy = xstrdup(arg), *save = NULL, *tok;
    int k = 0;
    long long t = 0;
    for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (++k > LM_NGRAM_MAX_ORDER) die_usage("--prune: more than %d values", LM_NGRAM_MAX_ORDER);
        t = parse_ll("--prune", tok, 0, UINT32_MAX);
        if (k == 1 && t != 0) die_usage("--prune: unigrams are not pruned (T1 must be 0)");
        min[k] = (uint64_t)t + 1;
    }
    free(copy);
    if (k == 0) die_usage("--prune: no thresholds");
    for (k++; k <= LM_NGRAM_MAX_ORDER; k++) min[k] = (uint64_t)t + 1;
    return true;
}

static void stage(const char *what, double t0)
{
    if (progress) fprintf(stderr, "lm-ngram: %-12s %7.2f s\n", what, lm_now() - t0);
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    enum { OPT_FROM_ARPA = 256, OPT_VERSION };
    static const struct option longopts[] = {
        { "order", required_argument, NULL, 'o' },
        { "smoothing", required_argument, NULL, 's' },
        { "add-k", required_argument, NULL, 'k' },
        { "arpa", required_argument, NULL, 'a' },
        { "prune", required_argument, NULL, 'p' },
        { "counts-only", no_argument, NULL, 'c' },
        { "merge", no_argument, NULL, 'm' },
        { "from-arpa", required_argument, NULL, OPT_FROM_ARPA },
        { "output", required_argument, NULL, 'w' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    int order = 0, smoothing = -1, c;
    double add_k = -1;
    const char *arpa_path = NULL, *from_arpa = NULL, *out_path = NULL;
    bool counts_only = false, merge = false, quiet = false, prune = false;
    uint64_t prune_min[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    while ((c = getopt_long(argc, argv, "o:s:k:a:p:cmw:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': order = (int)parse_ll("-o", optarg, 1, LM_NGRAM_MAX_ORDER); break;
        case 's':
            smoothing = lm_smoothing_parse(optarg);
            if (smoothing < 0) die_usage("--smoothing: '%s' is not mkn, kn or addk", optarg);
            break;
        case 'k': add_k = parse_double("--add-k", optarg, 1e-9, 1e9); break;
        case 'a': arpa_path = optarg; break;
        case 'p': prune = parse_prune(optarg, prune_min); break;
        case 'c': counts_only = true; break;
        case 'm': merge = true; break;
        case OPT_FROM_ARPA: from_arpa = optarg; break;
        case 'w': out_path = optarg; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); lm_check_write(stdout, "stdout"); return 0;
        case OPT_VERSION: lm_print_version();
        default: die_usage("unknown option");
        }
    }
    argc -= optind;
    argv += optind;
    if (add_k >= 0 && smoothing >= 0 && smoothing != LM_SMOOTH_ADDK)
        die_usage("--add-k goes with --smoothing addk");
    if (add_k >= 0) smoothing = LM_SMOOTH_ADDK;
    if (smoothing < 0) smoothing = LM_SMOOTH_MKN;
    if (add_k < 0) add_k = 1;
    if ((merge != 0) + (from_arpa != NULL) + counts_only > 1)
        die_usage("--merge, --from-arpa and --counts-only are separate jobs; pick one");
    if ((merge || counts_only) && arpa_path) die_usage("--arpa writes a model, not counts");
    if ((merge || counts_only || from_arpa) && prune) die_usage("--prune applies when estimating a model");
    if (merge && argc < 1) die_usage("--merge needs counts files");
    if (!merge && argc > (from_arpa ? 0 : 1)) die_usage("too many arguments");
    progress = !quiet && isatty(STDERR_FILENO);
    double t0 = lm_now();

    lm_out out;
    const char *out_name = out_path ? out_path : "stdout";
    lm_ngram g;
    if (from_arpa) {
        FILE *fp = lm_open_read(from_arpa);
        arpa_read(fp, lm_display_name(from_arpa), &g);
        if (fp != stdin) fclose(fp);
        stage("read ARPA", t0);
    } else {
        lm_counts cnt;
        if (merge) {
            counts_read(argv[0], &cnt);
            for (int i = 1; i < argc; i++) {
                lm_counts more;
                counts_read(argv[i], &more);
                counts_merge(&cnt, &more, argv[i]);
                counts_free(&more);
            }
            if (order) {
                if (order > cnt.order) die("counts of order %d cannot make order %d", cnt.order, order);
                counts_truncate(&cnt, order);
            }
            stage("merged", t0);
        } else {
            counts_read_input(argc ? argv[0] : NULL, order, &cnt);
            stage("counted", t0);
        }
        if (merge || counts_only) {
            FILE *fp = lm_out_open(&out, out_path);
            counts_write(&cnt, fp, out_name);
            lm_out_commit(&out);
            counts_free(&cnt);
            stage("written", t0);
            return 0;
        }
        uint32_t *raw[LM_NGRAM_MAX_ORDER + 1] = { 0 };
        for (int k = 1; prune && k <= cnt.order; k++) {
            size_t n = cnt.lv[k].n ? cnt.lv[k].n : 1;
            raw[k] = xmalloc(xmul(n, sizeof *raw[k]));
            memcpy(raw[k], cnt.lv[k].count, cnt.lv[k].n * sizeof *raw[k]);
        }
        ngram_estimate(&cnt, smoothing, add_k, &g);
        stage("estimated", t0);
        if (prune) {
            ngram_prune(&g, raw, prune_min);
            for (int k = 1; k <= g.order; k++) free(raw[k]);
            stage("pruned", t0);
        }
    }
    if (arpa_path) {
        if (g.vocab.mode != LM_MODE_WORD)
            die("--arpa: ARPA holds word models; this is a %s model", lm_mode_name(g.vocab.mode));
        lm_out aout;
        FILE *fp = lm_out_open(&aout, arpa_path);
        arpa_write(&g, fp, arpa_path);
        lm_out_commit(&aout);
        stage("ARPA written", t0);
    }
    FILE *fp = lm_out_open(&out, out_path);
    ngram_write(&g, fp, out_name);
    lm_out_commit(&out);
    stage("written", t0);
    ngram_free(&g);
    return 0;
}
