/* main.c - attnviz's command line: the terminal UI, --batch or --dump.
 *
 * Option values are checked by the session-language parser (--dim 9 is
 * parsed as the line ":dim 9"), so an option and the command it mirrors
 * accept the same values and say the same thing when they do not. */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/batch.h"
#include "attnviz/bench.h"
#include "attnviz/command.h"
#include "attnviz/config.h"
#include "attnviz/export.h"
#include "attnviz/limits.h"
#include "attnviz/model.h"
#include "attnviz/theme.h"
#include "attnviz/tui.h"
#include "attnviz/xalloc.h"

#ifndef ATTNVIZ_VERSION
#define ATTNVIZ_VERSION "unknown"
#endif

enum {
    EXIT_USAGE = 64,      /* EX_USAGE */
    EXIT_DATA = 65,       /* EX_DATAERR */
    EXIT_IO = 74,         /* EX_IOERR: stdout could not be written */
    MAIN_DELAY_MAX = 60000,
};

enum {
    OPT_BATCH = 256, OPT_DUMP, OPT_FORMAT, OPT_DIM, OPT_HEADS, OPT_SEED, OPT_PE,
    OPT_PROJ, OPT_NO_SCALE, OPT_CAUSAL, OPT_NO_COLOR, OPT_COLOR, OPT_THEME,
    OPT_REPLAY, OPT_DELAY, OPT_BENCH, OPT_N, OPT_REPEAT, OPT_THREADS, OPT_EDITS,
};

static const struct option main_options[] = {
    { "batch", required_argument, NULL, OPT_BATCH },
    { "dump", no_argument, NULL, OPT_DUMP },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "dim", required_argument, NULL, OPT_DIM },
    { "heads", required_argument, NULL, OPT_HEADS },
    { "seed", required_argument, NULL, OPT_SEED },
    { "pe", required_argument, NULL, OPT_PE },
    { "proj", required_argument, NULL, OPT_PROJ },
    { "no-scale", no_argument, NULL, OPT_NO_SCALE },
    { "causal", no_argument, NULL, OPT_CAUSAL },
    { "no-color", no_argument, NULL, OPT_NO_COLOR },
    { "color", required_argument, NULL, OPT_COLOR },
    { "theme", required_argument, NULL, OPT_THEME },
    { "replay", required_argument, NULL, OPT_REPLAY },
    { "delay", required_argument, NULL, OPT_DELAY },
    { "bench", no_argument, NULL, OPT_BENCH },
    { "n", required_argument, NULL, OPT_N },
    { "repeat", required_argument, NULL, OPT_REPEAT },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "edits", no_argument, NULL, OPT_EDITS },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

static int main_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("attnviz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\ntry attnviz --help\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static void main_help(void)
{
    struct model_config d;
    app_default_config(&d);
    printf("usage: attnviz [OPTIONS] [SENTENCE]\n"
           "       attnviz --batch FILE [OPTIONS]\n"
           "       attnviz --dump [--format text|json|csv] [OPTIONS] SENTENCE\n"
           "\n"
           "Watch transformer attention happen: a sentence is tokenized, embedded,\n"
           "given positions, projected to Q, K and V, and softmax(Q.K^T/sqrt(d_k)).V\n"
           "is shown as a live heatmap in the terminal.\n"
           "\n"
           "modes:\n"
           "  SENTENCE          start the terminal UI on this sentence (its words may\n"
           "                    also be separate arguments)\n"
           "  --batch FILE      run a session file (\"-\" reads stdin) with no terminal;\n"
           "                    :print writes to stdout, errors and notes go to stderr\n"
           "  --dump SENTENCE   print the model of one sentence and exit\n"
           "  --format FORMAT   what --dump prints: text (the default), json or csv\n"
           "\n"
           "model (starting values, for every mode):\n"
           "  --dim N           d_model, 1 to 4096 (default %zu)\n"
           "  --heads H         attention heads, 1 to 64, dividing d_model (default %zu)\n"
           "  --seed S          seed of the default embeddings and weights (default %llu)\n"
           "  --pe KIND         positional encoding: none, sinusoidal, learned or table\n"
           "                    (default %s)\n"
           "  --proj KIND       Q, K, V projection: identity or random (default %s)\n"
           "  --no-scale        do not divide the scores by sqrt(d_k)\n"
           "  --causal          mask every key after its query\n"
           "\n"
           "terminal UI:\n"
           "  --color=WHEN      auto, always or never (default auto; NO_COLOR is honoured)\n"
           "  --no-color        the same as --color=never\n"
           "  --theme NAME      the color theme (default viridis; :themes lists them)\n"
           "  --replay FILE     play a session file step by step\n"
           "  --delay MS        milliseconds between replayed steps\n"
           "\n"
           "benchmark:\n"
           "  --bench           time the forward pass of N generated tokens (--dim and\n"
           "                    --heads set the size; default 1024 tokens, 512, 8)\n"
           "  --n N             tokens, 1 to 8192\n"
           "  --repeat R        timed runs after one warm-up (default 5)\n"
           "  --edits           also time the small edits (:emb, +, a PE switch, c)\n"
           "  --threads T       at most T compute threads (default: ATTNVIZ_THREADS,\n"
           "                    else every CPU)\n"
           "\n"
           "  -h, --help        show this text\n"
           "  -V, --version     show the version\n"
           "\n"
           "Starting values for the terminal UI (model options and theme) may also be\n"
           "set in $XDG_CONFIG_HOME/attnviz/config (~/.config/attnviz/config); options\n"
           "win. --batch, --dump and --replay ignore its model values, so they give\n"
           "the same numbers on every machine.\n"
           "Exit status: 0 ok, 64 bad usage, 65 bad input data, 66 file not found.\n"
           "The session language (the lines of --batch files and of the prompt) is\n"
           "described in README.md.\n",
           d.d_model, d.heads, (unsigned long long)d.seed, pe_kind_name(d.pe),
           proj_kind_name(d.proj));
}

/* Checks an option's value as the session line "NAME VALUE" and returns the
 * parsed command in *c (to free), or prints the parser's message. */
static int main_option(const char *option, const char *name, const char *value,
                       struct command *c)
{
    size_t len = strlen(name) + 1 + strlen(value);
    char *line = app_xmalloc(len + 1);
    snprintf(line, len + 1, "%s %s", name, value);
    char err[512];
    int rc = command_parse(line, len, c, err, sizeof err);
    free(line);
    if (rc != 0)
        return main_usage("--%s: %s", option, err);
    return 0;
}

static int main_delay(const char *s, unsigned *ms)
{
    unsigned long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= MAIN_DELAY_MAX; p++)
        v = v * 10 + (unsigned long)(*p - '0');
    if (p == s || *p || v > MAIN_DELAY_MAX)
        return main_usage("--delay expects milliseconds from 0 to %d, got \"%s\"",
                          MAIN_DELAY_MAX, s);
    *ms = (unsigned)v;
    return 0;
}

/* The positional words, joined by spaces, or NULL when there are none. */
static char *main_sentence(int argc, char **argv)
{
    if (argc <= 0)
        return NULL;
    size_t len = 0;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = app_xmalloc(len), *o = s;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        memcpy(o, argv[i], n);
        o += n;
        *o++ = ' ';
    }
    o[-1] = '\0';
    return s;
}

/* Sets the starting sentence. A ':' or '#' at its start would make it a
 * command or a comment, which is a usage mistake, not bad data. */
static int main_set_sentence(struct app *a, const char *s)
{
    struct command c;
    char err[512];
    if (command_parse(s, strlen(s), &c, err, sizeof err) != 0) {
        fprintf(stderr, "attnviz: %s\n", err);
        return EXIT_DATA;
    }
    if (c.kind != CMD_SENTENCE) {
        command_free(&c);
        return main_usage("SENTENCE must not be empty nor start with ':' or '#'");
    }
    unsigned flags = app_apply(a, &c, err, sizeof err);
    command_free(&c);
    if (flags & APP_ERROR) {
        fprintf(stderr, "attnviz: %s\n", err);
        return EXIT_DATA;
    }
    return 0;
}

/* Config file problems: reported, then the program goes on without them. */
static void main_diag(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "attnviz: %s\n", msg);
}

/* The config file's problems: printed, and the first kept for the screen,
 * which would otherwise cover them. */
struct main_notice {
    char first[512];
    unsigned count;
};

static void main_config_diag(void *ctx, const char *msg)
{
    struct main_notice *n = ctx;
    if (n->count++ == 0)
        snprintf(n->first, sizeof n->first, "%s", msg);
    main_diag(NULL, msg);
}

/* --theme NAME: checked against the available themes as :theme NAME is. */
static int main_theme(struct app *a, const char *name)
{
    char line[THEME_NAME_MAX + 16], err[512];
    snprintf(line, sizeof line, ":theme %s", name);
    if (app_run_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR)
        return main_usage("--theme: %s", err);
    return 0;
}

static int main_flush(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("attnviz: cannot write to stdout");
        return rc ? rc : EXIT_IO;
    }
    return rc;
}

/* A whole number from 1 to max for --NAME. */
static int main_count(const char *name, const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= max; p++)
        v = v * 10 + (unsigned long)(*p - '0');
    if (p == s || *p || v < 1 || v > max)
        return main_usage("--%s expects a number from 1 to %lu, got \"%s\"", name, max, s);
    *out = v;
    return 0;
}

/* Which model options the command line gave. */
enum {
    GIVEN_DIM = 1u << 0, GIVEN_HEADS = 1u << 1, GIVEN_SEED = 1u << 2,
    GIVEN_PE = 1u << 3, GIVEN_PROJ = 1u << 4, GIVEN_SCALE = 1u << 5,
    GIVEN_CAUSAL = 1u << 6,
};

/* Lays the options the command line gave over the starting values. */
static void main_override(struct model_config *cfg, const struct model_config *opt,
                          unsigned given)
{
    if (given & GIVEN_DIM)
        cfg->d_model = opt->d_model;
    if (given & GIVEN_HEADS)
        cfg->heads = opt->heads;
    if (given & GIVEN_SEED)
        cfg->seed = opt->seed;
    if (given & GIVEN_PE)
        cfg->pe = opt->pe;
    if (given & GIVEN_PROJ)
        cfg->proj = opt->proj;
    if (given & GIVEN_SCALE)
        cfg->scale = opt->scale;
    if (given & GIVEN_CAUSAL)
        cfg->causal = opt->causal;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* Session files and exports use '.' decimals whatever the user's
     * locale; the terminal only needs LC_CTYPE. */
    setlocale(LC_NUMERIC, "C");

    /* The options are collected first and laid over the starting values
     * once the mode is known: the config file's model values apply only to
     * an interactive start, so --batch, --dump and --replay give the same
     * numbers on every machine. */
    struct model_config opt_cfg;
    app_default_config(&opt_cfg);
    unsigned given = 0;
    theme_load_standard();   /* before --theme and the config file name one */
    struct tui_options topt = { .color = TUI_COLOR_AUTO };
    const char *batch = NULL, *theme = NULL;
    bool dump = false, format_set = false;
    enum print_format format = PRINT_TEXT;
    bool bench = false;
    struct bench_options bopt = { .n = 1024, .d_model = 512, .heads = 8, .repeat = 5 };
    unsigned long num;
    const char *threads = getenv("ATTNVIZ_THREADS");
    if (threads && *threads && main_count("threads (ATTNVIZ_THREADS)", threads, 64, &num) == 0)
        bopt.threads = (unsigned)num;
    else if (threads && *threads)
        return EXIT_USAGE;

    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":hV", main_options, NULL)) != -1) {
        struct command c = { .kind = CMD_EMPTY };
        int rc = 0;
        switch (opt) {
        case 'h':
            main_help();
            return main_flush(0);
        case 'V':
            printf("attnviz %s\n", ATTNVIZ_VERSION);
            return main_flush(0);
        case OPT_BATCH:
            batch = optarg;
            break;
        case OPT_DUMP:
            dump = true;
            break;
        case OPT_FORMAT:
            if (!(rc = main_option("format", ":print", optarg, &c))) {
                format = c.u.format;
                format_set = true;
            }
            break;
        case OPT_DIM:
            if (!(rc = main_option("dim", ":dim", optarg, &c)))
                opt_cfg.d_model = c.u.count, given |= GIVEN_DIM;
            break;
        case OPT_HEADS:
            if (!(rc = main_option("heads", ":heads", optarg, &c)))
                opt_cfg.heads = c.u.count, given |= GIVEN_HEADS;
            break;
        case OPT_SEED:
            if (!(rc = main_option("seed", ":seed", optarg, &c)))
                opt_cfg.seed = c.u.seed, given |= GIVEN_SEED;
            break;
        case OPT_PE:
            if (!(rc = main_option("pe", ":pe", optarg, &c)))
                opt_cfg.pe = c.u.pe, given |= GIVEN_PE;
            break;
        case OPT_PROJ:
            if (!(rc = main_option("proj", ":proj", optarg, &c)))
                opt_cfg.proj = c.u.proj, given |= GIVEN_PROJ;
            break;
        case OPT_NO_SCALE:
            opt_cfg.scale = false, given |= GIVEN_SCALE;
            break;
        case OPT_CAUSAL:
            opt_cfg.causal = true, given |= GIVEN_CAUSAL;
            break;
        case OPT_NO_COLOR:
            topt.color = TUI_COLOR_NEVER;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                topt.color = TUI_COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0)
                topt.color = TUI_COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                topt.color = TUI_COLOR_NEVER;
            else
                return main_usage("--color expects auto, always or never, got \"%s\"", optarg);
            break;
        case OPT_THEME:
            if (!(rc = main_option("theme", ":theme", optarg, &c)))
                theme = optarg;
            break;
        case OPT_REPLAY:
            topt.replay_path = optarg;
            break;
        case OPT_DELAY:
            rc = main_delay(optarg, &topt.delay_ms);
            break;
        case OPT_BENCH:
            bench = true;
            break;
        case OPT_N:
            if (!(rc = main_count("n", optarg, AV_MAX_TOKENS, &num)))
                bopt.n = num;
            break;
        case OPT_REPEAT:
            if (!(rc = main_count("repeat", optarg, 1000, &num)))
                bopt.repeat = num;
            break;
        case OPT_THREADS:
            if (!(rc = main_count("threads", optarg, 64, &num)))
                bopt.threads = (unsigned)num;
            break;
        case OPT_EDITS:
            bopt.edits = true;
            break;
        case ':':
            return main_usage("%s needs a value", argv[optind - 1]);
        default:
            return main_usage("unknown option \"%s\"", argv[optind - 1]);
        }
        command_free(&c);
        if (rc)
            return rc;
    }

    model_set_threads(bopt.threads);
    if (bench) {
        if (given & GIVEN_DIM)
            bopt.d_model = opt_cfg.d_model;
        if (given & GIVEN_HEADS)
            bopt.heads = opt_cfg.heads;
        return main_flush(bench_run(&bopt, stdout) == 0 ? 0 : EXIT_DATA);
    }

    char *sentence = main_sentence(argc - optind, argv + optind);
    int rc = 0;
    if (batch && dump)
        rc = main_usage("--batch and --dump cannot be combined");
    else if (batch && sentence)
        rc = main_usage("--batch takes no SENTENCE (put it in the file)");
    else if (dump && !sentence)
        rc = main_usage("--dump needs a SENTENCE");
    else if (format_set && !dump)
        rc = main_usage("--format goes with --dump (in a session, use :print FORMAT)");
    else if (topt.replay_path && (batch || dump))
        rc = main_usage("--replay is for the terminal UI, not --batch or --dump");
    if (rc) {
        free(sentence);
        return rc;
    }

    struct model_config cfg;
    app_default_config(&cfg);
    char config_theme[THEME_NAME_MAX + 1] = "";
    struct main_notice notice = { .count = 0 };
    if (!batch && !dump) {
        struct model_config file_cfg = cfg;
        config_load_standard(&file_cfg, config_theme, main_config_diag, &notice);
        if (!topt.replay_path)
            cfg = file_cfg;
    }
    main_override(&cfg, &opt_cfg, given);
    char notice_msg[600];
    if (notice.count) {
        int n = snprintf(notice_msg, sizeof notice_msg, "%s", notice.first);
        if (notice.count > 1 && n >= 0 && (size_t)n < sizeof notice_msg)
            snprintf(notice_msg + n, sizeof notice_msg - (size_t)n, " (+%u more)",
                     notice.count - 1);
        topt.notice = notice_msg;
    }

    struct app a;
    char err[512];
    if (app_init(&a, &cfg, err, sizeof err) != 0) {
        free(sentence);
        return main_usage("%s", err);
    }
    if (theme)
        rc = main_theme(&a, theme);
    else if (config_theme[0])
        snprintf(a.theme, sizeof a.theme, "%s", config_theme);
    if (sentence && rc == 0)
        rc = main_set_sentence(&a, sentence);
    free(sentence);

    if (rc == 0) {
        if (batch)
            rc = main_flush(batch_run(&a, batch, stdout, stderr));
        else if (dump) {
            if (export_write(stdout, &a, format) != 0) {
                perror("attnviz: cannot write to stdout");
                rc = EXIT_IO;
            }
        } else
            rc = tui_run(&a, &topt);
    }
    app_free(&a);
    return rc;
}
