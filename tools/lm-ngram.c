/* lm-ngram — tokens (or counts) to a back-off n-gram model; counts, count
 * merging, ARPA in and out.  The options, then ngram_run (ngram_run.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ngram_estimate.h"
#include "ngram_run.h"
#include "util.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const cli_tool tool = {
    .usage = "lm-ngram -o N [--smoothing mkn|kn|addk] [--add-k K] [--prune T1,T2,...]\n"
             "                [--prune-entropy T] [--arpa FILE] [--output MODEL] [FILE]\n"
             "       lm-ngram -o N --counts-only [--output COUNTS] [FILE]\n"
             "       lm-ngram ... [--memory SIZE [-T DIR]] (counting tokens in bounded memory)\n"
             "       lm-ngram --merge [--output COUNTS] COUNTS...\n"
             "       lm-ngram --from-arpa ARPA [--prune-entropy T] [--arpa FILE] [--output MODEL]",
    .about = "Estimates a back-off n-gram model from a tokens stream (FILE or stdin) or a\n"
             "counts stream and writes it as a model stream on stdout.",
    .footer = "See lm-ngram(1).",
};

/* --prune T1,T2,...: thresholds per order from 1 (kept: count >= Tk + 1);
 * the last one repeats. */
static void parse_prune(const char *arg, void *field)
{
    uint64_t *min = field;
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
}

/* --memory SIZE: bytes, with an optional K, M, G or T (powers of 1024). */
static void parse_memory(const char *arg, void *field)
{
    size_t *bytes = field;
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    double unit = 1;
    if (end != arg && *end) {
        const char *u = strchr("KMGT", *end >= 'a' ? *end - 32 : *end);
        if (!u || !*u || (end[1] && !(end[1] == 'B' && !end[2])))
            die_usage("--memory: '%s' is not a size (a number, then K, M, G or T)", arg);
        for (const char *p = "KMGT"; p <= u; p++) unit *= 1024;
    }
    if (end == arg || errno || !(v * unit >= 1) || v * unit > (double)SIZE_MAX / 2)
        die_usage("--memory: '%s' is not a size (a number, then K, M, G or T)", arg);
    *bytes = (size_t)(v * unit);
}

int main(int argc, char **argv)
{
    lm_init(argv[0]);
    lm_malloc_unmap_large();
    ngram_opts o = { .smoothing = LM_SMOOTH_MKN, .add_k = 1 };
    bool counts_only = false, merge = false, quiet = false, force = false, verbose = false;
    const char *from_arpa = NULL;
    cli_opt opts[] = {
        CLI_OPT("order", 'o', CLI_INT, &o.order, 1, LM_NGRAM_MAX_ORDER, "N",
                "the model's order, 1 to " STR(LM_NGRAM_MAX_ORDER) " (tokens input: required;\n"
                "counts input: at most the counts' order)"),
        CLI_CHOICES("smoothing", 's', &o.smoothing, lm_smoothing_names, "S",
                    "mkn (modified Kneser-Ney, default), kn, or addk"),
        CLI_OPT("add-k", 'k', CLI_DOUBLE, &o.add_k, 1e-9, 1e9, "K",
                "the K of add-k smoothing (default 1; implies addk)"),
        CLI_FN("prune", 'p', parse_prune, o.prune_min, "T1,T2,...",
               "drop the n-grams of order k seen at most Tk times\n"
               "(T1 must be 0; the last value repeats)"),
        CLI_OPEN_OPT("prune-entropy", 'e', CLI_DOUBLE, &o.prune_entropy, 0, 1e6, "T",
                     "drop the n-grams whose removal raises the perplexity\n"
                     "by less than T relative (Stolcke 1998; SRILM -prune)"),
        CLI_OPT("arpa", 'a', CLI_STRING, &o.arpa, 0, 0, "FILE", "also write the model as ARPA text to FILE"),
        CLI_OPT("counts-only", 'c', CLI_FLAG, &counts_only, 0, 0, NULL,
                "write the n-gram counts (a counts stream) instead"),
        CLI_OPT("merge", 'm', CLI_FLAG, &merge, 0, 0, NULL, "sum the counts streams given as arguments"),
        CLI_OPT("from-arpa", 0, CLI_STRING, &from_arpa, 0, 0, "ARPA", "convert an ARPA file to a model stream"),
        CLI_OPT("output", 'w', CLI_STRING, &o.output, 0, 0, "FILE",
                "write to FILE (atomically) instead of stdout"),
        CLI_OPT("force", 'f', CLI_FLAG, &force, 0, 0, NULL,
                "overwrite an existing model file (--output, --arpa)"),
        CLI_FN("memory", 'S', parse_memory, &o.memory, "SIZE",
               "count a tokens input in SIZE bytes of working memory (K, M, G:\n"
               "powers of 1024), sorting it in runs spilled to temporary files;\n"
               "the same counts and model as in memory"),
        CLI_OPT("temp", 'T', CLI_STRING, &o.tmpdir, 0, 0, "DIR",
                "the temporary files of --memory go in DIR (default $TMPDIR or /tmp)"),
        CLI_OPT("quiet", 'q', CLI_FLAG, &quiet, 0, 0, NULL, "no progress or timing lines on a terminal"),
        CLI_OPT("verbose", 'v', CLI_FLAG, &verbose, 0, 0, NULL,
                "progress and timing lines on stderr even when it is not a terminal"),
        CLI_DONE,
    };
    int i = cli_parse(argc, argv, opts, &tool), n = argc - i;
    o.prune = cli_given(opts, "prune");
    if (cli_given(opts, "add-k")) {
        if (cli_given(opts, "smoothing") && o.smoothing != LM_SMOOTH_ADDK)
            die_usage("--add-k goes with --smoothing addk");
        o.smoothing = LM_SMOOTH_ADDK;
    }
    if (merge + (from_arpa != NULL) + counts_only > 1)
        die_usage("--merge, --from-arpa and --counts-only are separate jobs; pick one");
    if ((merge || counts_only) && o.arpa) die_usage("--arpa writes a model, not counts");
    if ((merge || counts_only || from_arpa) && o.prune) die_usage("--prune applies when estimating a model");
    if ((merge || counts_only) && cli_given(opts, "prune-entropy"))
        die_usage("--prune-entropy applies to a model, not to counts");
    if (merge && n < 1) die_usage("--merge needs counts files");
    if (!merge && n > (from_arpa ? 0 : 1)) die_usage("too many arguments");
    o.job = merge ? NGRAM_MERGE : counts_only ? NGRAM_COUNT : from_arpa ? NGRAM_FROM_ARPA : NGRAM_ESTIMATE;
    o.inputs = from_arpa ? &from_arpa : (const char *const *)argv + i;
    o.ninputs = from_arpa ? 1 : n;
    /* Counts are an intermediate a script remakes; a model is kept. */
    bool model = o.job != NGRAM_MERGE && o.job != NGRAM_COUNT;
    cli_files files = { 0 };
    if (from_arpa) cli_input(&files, from_arpa);
    else cli_inputs(&files, argv + i, n);
    cli_output_add(&files, o.output, model ? "model" : "counts",
                   CLI_BINARY | (model ? CLI_KEEP : 0), NULL);
    if (o.arpa) cli_output_add(&files, o.arpa, "ARPA", CLI_KEEP, NULL);
    cli_check_files(&files, force);
    if (o.tmpdir && !o.memory) die_usage("-T DIR goes with --memory SIZE");
    if (o.memory && (merge || from_arpa)) die_usage("--memory applies to counting a tokens input");
    o.progress = verbose || (!quiet && isatty(STDERR_FILENO));
    if (ngram_run(&o) == NGRAM_NEEDS_ORDER) die_usage("no order given (-o N)");
    return 0;
}
