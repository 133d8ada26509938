/* main.c - attnviz's command line: the terminal UI, --batch or --dump.
 *
 * Two tables make the options: main_options below (modes and the terminal)
 * and the rows of the command table that have an option (--dim N is the
 * line ":dim N"), so an option and the command it mirrors accept the same
 * values and say the same thing when they do not. The options are read
 * first and laid over the starting values once the mode is known: the
 * config file's model values apply only to an interactive start, so
 * --batch, --dump and --replay give the same numbers on every machine. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/batch.h"
#include "attnviz/bench.h"
#include "attnviz/command.h"
#include "attnviz/config.h"
#include "attnviz/exitcode.h"
#include "attnviz/export.h"
#include "attnviz/theme.h"
#include "attnviz/tui.h"
#include "attnviz/xalloc.h"

#ifndef ATTNVIZ_VERSION
#define ATTNVIZ_VERSION "unknown"
#endif

enum { MAIN_MAX_LINES = 64 };

/* What the command line asked for. */
struct main_opts {
    const char *batch;
    bool help, version, dump, format_set, bench;
    struct bench_options bopt;
    bool dump_text;              /* --format text (the default), else dump_kind */
    enum export_kind dump_kind;
    struct tui_options tui;
    /* the command-table options as session lines, in the order given */
    char *lines[MAIN_MAX_LINES];
    size_t n_lines;
};

/* What main() starts from before the options (tests/fuzz/fuzz_cli.c too). */
#define MAIN_OPTS_START                                                  \
    {                                                                    \
        .dump_text = true, .tui = { .color = TUI_COLOR_AUTO },           \
        .bopt = { .n = 1024, .repeat = 5 }                               \
    }

static int main_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int main_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("attnviz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\ntry attnviz --help\n", stderr);
    va_end(ap);
    return AV_EXIT_USAGE;
}

/* A command's message about its value, said of the option the user typed:
 * ":dim expects ..." becomes "--dim expects ...". */
static const char *main_as_option(char *err, const char *name, const char *option)
{
    static char buf[600];
    size_t n = strlen(name);
    if (strncmp(err, name, n) == 0 && err[n] == ' ')
        snprintf(buf, sizeof buf, "--%s%s", option, err + n);
    else
        snprintf(buf, sizeof buf, "--%s: %s", option, err);
    return buf;
}

/* ---- the options that are not commands ----------------------------------- */

static int opt_batch(struct main_opts *o, const char *v) { o->batch = v; return 0; }
static int opt_dump(struct main_opts *o, const char *v) { (void)v; o->dump = true; return 0; }
static int opt_help(struct main_opts *o, const char *v) { (void)v; o->help = true; return 0; }
static int opt_version(struct main_opts *o, const char *v) { (void)v; o->version = true; return 0; }
static int opt_replay(struct main_opts *o, const char *v) { o->tui.replay_path = v; return 0; }
static int opt_no_color(struct main_opts *o, const char *v)
{
    (void)v;
    o->tui.color = TUI_COLOR_NEVER;
    return 0;
}

/* text (the :print report), or what :export writes. */
static int opt_format(struct main_opts *o, const char *v)
{
    const char *const *kinds = command_desc_of(CMD_EXPORT)->choices;
    o->format_set = true;
    o->dump_text = strcmp(v, "text") == 0;
    for (size_t i = 0; kinds[i] && !o->dump_text; i++)
        if (strcmp(v, kinds[i]) == 0) {
            o->dump_kind = (enum export_kind)i;
            return 0;
        }
    if (o->dump_text)
        return 0;
    char list[128] = "text";
    for (size_t i = 0; kinds[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 kinds[i + 1] ? ", " : " or ", kinds[i]);
    return main_usage("--format expects %s, got \"%s\"", list, v);
}

static int opt_color(struct main_opts *o, const char *v)
{
    static const char *const when[] = {
        [TUI_COLOR_AUTO] = "auto", [TUI_COLOR_ALWAYS] = "always", [TUI_COLOR_NEVER] = "never",
    };
    for (size_t i = 0; i < sizeof when / sizeof when[0]; i++)
        if (strcmp(v, when[i]) == 0) {
            o->tui.color = (enum tui_color_mode)i;
            return 0;
        }
    return main_usage("--color expects auto, always or never, got \"%s\"", v);
}

static int opt_delay(struct main_opts *o, const char *v)
{
    unsigned long ms = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9' && ms <= AV_MAX_DELAY_MS; p++)
        ms = ms * 10 + (unsigned long)(*p - '0');
    if (p == v || *p || ms > AV_MAX_DELAY_MS)
        return main_usage("--delay expects milliseconds from 0 to %u, got \"%s\"",
                          AV_MAX_DELAY_MS, v);
    o->tui.delay_ms = (unsigned)ms;
    return 0;
}

/* A whole number from 1 to max for --NAME. */
static int main_count(const char *name, const char *s, unsigned long max, size_t *out)
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

static int opt_bench(struct main_opts *o, const char *v) { (void)v; o->bench = true; return 0; }
static int opt_edits(struct main_opts *o, const char *v) { (void)v; o->bopt.edits = true; return 0; }
static int opt_n(struct main_opts *o, const char *v) { return main_count("n", v, AV_MAX_TOKENS, &o->bopt.n); }
static int opt_repeat(struct main_opts *o, const char *v) { return main_count("repeat", v, 1000, &o->bopt.repeat); }
static int opt_threads(struct main_opts *o, const char *v)
{
    size_t t = o->bopt.threads;   /* kept when v is refused */
    int rc = main_count("threads", v, AV_MAX_THREADS, &t);
    o->bopt.threads = (unsigned)t;
    return rc;
}

enum main_group { G_MODE, G_MODEL, G_TUI, G_BENCH, G_OTHER, G_COUNT };

static const char *const group_titles[G_COUNT] = {
    [G_MODE] = "modes:",
    [G_MODEL] = "model (starting values, for every mode):",
    [G_TUI] = "terminal UI:",
    [G_BENCH] = "benchmark (make bench):",
    [G_OTHER] = "",
};

struct main_option {
    const char *name;
    const char *arg;          /* NULL: takes no value */
    enum main_group group;
    const char *help;
    int (*set)(struct main_opts *o, const char *value);
};

static const struct main_option main_options[] = {
    { "batch", "FILE", G_MODE, "run a session file with no terminal (\"-\": stdin)",
      opt_batch },
    { "dump", NULL, G_MODE, "print the model of SENTENCE and exit", opt_dump },
    { "format", "FORMAT", G_MODE, "what --dump prints: text (default), svg, csv, json or ansi",
      opt_format },
    { "color", "WHEN", G_TUI, "auto (default), always or never", opt_color },
    { "no-color", NULL, G_TUI, "the same as --color=never", opt_no_color },
    { "replay", "FILE|TOUR", G_TUI, "play a session file or a tour step by step",
      opt_replay },
    { "delay", "MS", G_TUI, "milliseconds between replayed steps", opt_delay },
    { "bench", NULL, G_BENCH, "time the model of N tokens (1024, d_model 512, 8 heads)",
      opt_bench },
    { "n", "N", G_BENCH, "tokens for --bench", opt_n },
    { "repeat", "R", G_BENCH, "timed runs after one warm-up (default 5)", opt_repeat },
    { "edits", NULL, G_BENCH, "also time the small edits (:emb, +, a PE switch, c)", opt_edits },
    { "threads", "T", G_OTHER, "compute threads (default $ATTNVIZ_THREADS, or all CPUs)",
      opt_threads },
    { "help", NULL, G_OTHER, "show this text (-h)", opt_help },
    { "version", NULL, G_OTHER, "show the version (-V)", opt_version },
};
#define MAIN_N_OPTIONS (sizeof main_options / sizeof main_options[0])

/* ---- --help ------------------------------------------------------------------- */

/* The column the text of a help row starts after, and the last column. */
enum { HELP_LEFT = 21, HELP_WIDTH = 79 };

/* One unit of a help row's text: a word, or the whole tail. */
static void help_put(int *col, const char *text, size_t len)
{
    /* columns, not bytes: √ and · are wider in bytes */
    int w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)text[i] & 0xC0) != 0x80;
    if (*col + 1 + w > HELP_WIDTH && *col > HELP_LEFT - 1) {
        printf("\n%*s", HELP_LEFT - 1, "");
        *col = HELP_LEFT - 1;
    }
    printf(" %.*s", (int)len, text);
    *col += 1 + w;
}

/* "  --dim N   text (tail)", the text wrapped at spaces to 79 columns under
 * itself; the tail (a range and a default, or NULL) is never split. */
static void help_row(const char *option, const char *arg, const char *help, const char *tail)
{
    char left[64];
    snprintf(left, sizeof left, "--%s%s%s", option, arg ? " " : "", arg ? arg : "");
    printf("  %-*s", HELP_LEFT - 3, left);
    int col = HELP_LEFT - 1;
    for (const char *p = help; *p;) {
        size_t word = strcspn(p, " ");
        help_put(&col, p, word);
        p += word;
        p += strspn(p, " ");
    }
    if (tail)
        help_put(&col, tail, strlen(tail));
    putchar('\n');
}

/* The help line of a command-table option, with its range and default. */
static void help_command_row(const struct command_desc *d)
{
    char help[512], tail[128];
    if (d->option_value) {
        snprintf(help, sizeof help, "start with %s %s (%s)", d->name, d->option_value, d->help);
        help_row(d->option, NULL, help, NULL);
        return;
    }
    int n = snprintf(help, sizeof help, "%s%s", d->help, d->arg == ARG_INT ? "," : "");
    if (d->arg == ARG_CHOICE)
        n += snprintf(help + n, sizeof help - (size_t)n, ": %s", d->choices[0]);
    for (size_t i = 1; d->arg == ARG_CHOICE && d->choices[i]; i++)
        n += snprintf(help + n, sizeof help - (size_t)n, "%s%s",
                      d->choices[i + 1] ? ", " : " or ", d->choices[i]);
    int k = 0;
    tail[0] = '\0';
    if (d->arg == ARG_INT)
        k = snprintf(tail, sizeof tail, "%llu to %llu ", (unsigned long long)d->lo,
                     (unsigned long long)d->hi);
    if (d->setting && d->arg == ARG_CHOICE)
        snprintf(tail + k, sizeof tail - (size_t)k, "(default %s)", d->choices[d->def]);
    else if (d->setting)
        snprintf(tail + k, sizeof tail - (size_t)k, "(default %llu)", (unsigned long long)d->def);
    help_row(d->option, d->arg == ARG_CHOICE ? "KIND" : d->arg_name, help,
             tail[0] ? tail : NULL);
}

static void main_help(void)
{
    char delay[96];
    snprintf(delay, sizeof delay, "milliseconds between steps, 0 to %u (default %u)",
             AV_MAX_DELAY_MS, AV_DEFAULT_DELAY_MS);
    printf("usage: attnviz [OPTIONS] [SENTENCE | FILE.txt]\n"
           "       attnviz --batch FILE [OPTIONS]\n"
           "       attnviz --dump [--format text|svg|csv|json|ansi] [OPTIONS] SENTENCE\n"
           "\n"
           "Watch attention happen: softmax(Q.K^T/sqrt(d_k)).V of SENTENCE, live.\n");
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (int g = 0; g < G_COUNT; g++) {
        /* the last group (help, version) goes on without a blank line */
        if (*group_titles[g])
            printf("\n%s\n", group_titles[g]);
        for (size_t i = 0; i < n; i++) {
            enum main_group cg = t[i].scope == SCOPE_VIEW ? G_TUI : G_MODEL;
            if (t[i].option && cg == (enum main_group)g)
                help_command_row(&t[i]);
        }
        for (size_t i = 0; i < MAIN_N_OPTIONS; i++)
            if (main_options[i].group == (enum main_group)g)
                help_row(main_options[i].name, main_options[i].arg,
                         main_options[i].set == opt_delay ? delay : main_options[i].help, NULL);
    }
    /* one line: --help stays within 40 */
    printf("\nConfig file: $XDG_CONFIG_HOME/attnviz/config (options win). More: man attnviz\n");
}

/* ---- reading the command line ---------------------------------------------- */

/* A command-table option: checked now as the line "NAME VALUE", kept as
 * that line for later. */
static int main_command_option(struct main_opts *o, const struct command_desc *d,
                               const char *value)
{
    struct command c;
    char err[512];
    if (command_parse_value(d, value, &c, err, sizeof err) != 0)
        return main_usage("%s", main_as_option(err, d->name, d->option));
    if (o->n_lines == MAIN_MAX_LINES) {
        command_free(&c);
        return main_usage("too many options");
    }
    int len = command_format(&c, NULL, 0);
    o->lines[o->n_lines] = app_xmalloc((size_t)len + 1);
    command_format(&c, o->lines[o->n_lines++], (size_t)len + 1);
    command_free(&c);
    return 0;
}

/* Reads argv into o; a usage error's exit status, or 0 (with *exit_now
 * for --help and --version, which touch no file). */
static int main_read_options(int argc, char **argv, struct main_opts *o, bool *exit_now)
{
    size_t n_cmd;
    const struct command_desc *t = command_table(&n_cmd);
    struct option *longs = app_xcalloc(MAIN_N_OPTIONS + n_cmd + 1, sizeof *longs);
    size_t k = 0;
    for (size_t i = 0; i < MAIN_N_OPTIONS; i++)
        longs[k++] = (struct option){ main_options[i].name,
                                      main_options[i].arg ? required_argument : no_argument,
                                      NULL, 256 + (int)i };
    for (size_t i = 0; i < n_cmd; i++)
        if (t[i].option)
            longs[k++] = (struct option){ t[i].option,
                                          t[i].option_value ? no_argument : required_argument,
                                          NULL, 1024 + (int)i };
    opterr = 0;
    int opt, rc = 0;
    while (rc == 0 && !o->help && !o->version
           && (opt = getopt_long(argc, argv, ":hV", longs, NULL)) != -1) {
        if (opt == 'h')
            o->help = true;
        else if (opt == 'V')
            o->version = true;
        else if (opt >= 1024) {
            const struct command_desc *d = &t[opt - 1024];
            rc = main_command_option(o, d, d->option_value ? d->option_value : optarg);
        } else if (opt >= 256)
            rc = main_options[opt - 256].set(o, optarg);
        else if (opt == ':')
            rc = main_usage("%s needs a value", argv[optind - 1]);
        else
            rc = main_usage("unknown option \"%s\"", argv[optind - 1]);
    }
    if (rc == 0 && o->help)
        main_help();
    else if (rc == 0 && o->version)
        printf("attnviz %s\n", ATTNVIZ_VERSION);
    *exit_now = o->help || o->version;
    free(longs);
    return rc;
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

static int main_check_mode(const struct main_opts *o, const char *sentence)
{
    if (o->batch && o->dump)
        return main_usage("--batch and --dump cannot be combined");
    if (o->batch && sentence)
        return main_usage("--batch takes no SENTENCE (put it in the file)");
    if (o->dump && !sentence)
        return main_usage("--dump needs a SENTENCE");
    if (o->format_set && !o->dump)
        return main_usage("--format goes with --dump (in a session, use :print FORMAT)");
    if (o->tui.replay_path && (o->batch || o->dump))
        return main_usage("--replay is for the terminal UI, not --batch or --dump");
    return 0;
}

/* ---- starting the app ----------------------------------------------------------- */

/* The config file's problems: printed, and the first kept for the screen,
 * which would otherwise cover them. */
struct main_notice {
    char first[512];
    unsigned count;
    char msg[600];
};

static void main_config_diag(void *ctx, const char *msg)
{
    struct main_notice *n = ctx;
    if (n->count++ == 0)
        snprintf(n->first, sizeof n->first, "%s", msg);
    fprintf(stderr, "attnviz: %s\n", msg);
}

/* Lays the setting options (--dim N is ":dim N") over cfg, in order. */
static void main_apply_settings(const struct main_opts *o, struct model_config *cfg)
{
    for (size_t i = 0; i < o->n_lines; i++) {
        struct command c;
        char err[512];
        command_parse(o->lines[i], strlen(o->lines[i]), &c, err, sizeof err);
        const struct command_desc *d = command_desc_of(c.kind);
        if (d && d->setting)
            command_setting_set(d, cfg, c.u.num);
        command_free(&c);
    }
}

/* --bench: the size from --n, --dim and --heads over the benchmark's own
 * defaults. */
static int main_bench(struct main_opts *o)
{
    struct model_config cfg;
    command_default_config(&cfg);
    cfg.d_model = 512;
    cfg.heads = 8;
    main_apply_settings(o, &cfg);
    o->bopt.d_model = cfg.d_model;
    o->bopt.heads = cfg.heads;
    return bench_run(&o->bopt, stdout) == 0 ? AV_EXIT_OK : AV_EXIT_DATA;
}

/* The starting config: the defaults, the config file's values (an
 * interactive start only), then the options; view gets the config file's
 * viewer settings (theme, range) as lines. */
static int main_start_config(const struct main_opts *o, struct model_config *cfg,
                             struct config_view *view, struct main_notice *notice)
{
    command_default_config(cfg);
    view->n = 0;
    if (!o->batch && !o->dump) {
        struct model_config file_cfg = *cfg;
        config_load_standard(&file_cfg, view, main_config_diag, notice);
        if (!o->tui.replay_path)
            *cfg = file_cfg;
    }
    main_apply_settings(o, cfg);
    char err[512];
    if (model_config_check(cfg, err, sizeof err) != 0)
        return main_usage("%s", err);
    return 0;
}

/* One word ending in ".txt" names a text to open, not a one-word sentence. */
static bool main_names_text_file(const char *sentence)
{
    size_t n = strlen(sentence);
    return n > 4 && strcmp(sentence + n - 4, ".txt") == 0 && !strpbrk(sentence, " \t");
}

/* An app message without the command's name in front ("cannot open
 * ..." rather than ":open cannot open ..."), for an option or argument
 * that ran the command without the user typing it. */
static const char *main_unprefixed(const char *text, const char *name)
{
    size_t n = strlen(name);
    return strncmp(text, name, n) == 0 && text[n] == ' ' ? text + n + 1 : text;
}

/* The config file's viewer settings, then the options that are viewer
 * settings (--theme) and the sentence, as lines run on the app. A ':' or '#' at the start of the sentence would
 * make it a command or a comment: a usage mistake, not bad data. */
static int main_first_lines(struct app *a, const struct main_opts *o,
                            const struct config_view *view,
                            const char *sentence)
{
    struct app_result *r = app_xmalloc(sizeof *r);
    int rc = 0;
    /* checked when the file was read */
    for (size_t i = 0; i < view->n; i++)
        app_run_line(a, view->line[i], strlen(view->line[i]), NULL, 0, r);
    for (size_t i = 0; i < o->n_lines && rc == 0; i++) {
        struct command c;
        command_parse(o->lines[i], strlen(o->lines[i]), &c, r->text, sizeof r->text);
        const struct command_desc *d = command_desc_of(c.kind);
        command_free(&c);
        if (d->setting)
            continue;    /* in the starting config already */
        app_run_line(a, o->lines[i], strlen(o->lines[i]), NULL, 0, r);
        if (r->flags & APP_NOINPUT) {
            fprintf(stderr, "attnviz: --%s: %s\n", d->option, main_unprefixed(r->text, d->name));
            rc = AV_EXIT_NOINPUT;
        } else if (r->flags & APP_ERROR) {
            rc = main_usage("--%s: %s", d->option, r->text);
        }
    }
    if (sentence && rc == 0 && main_names_text_file(sentence)) {
        char *line = app_xmalloc(strlen(sentence) + sizeof ":open ");
        sprintf(line, ":open %s", sentence);
        app_run_line(a, line, strlen(line), NULL, 0, r);
        free(line);
        if (r->flags & APP_ERROR) {
            /* the user named a file, and typed no :open */
            fprintf(stderr, "attnviz: %s\n", main_unprefixed(r->text, ":open"));
            rc = r->flags & APP_NOINPUT ? AV_EXIT_NOINPUT : AV_EXIT_DATA;
        }
    } else if (sentence && rc == 0) {
        struct command c;
        if (command_parse(sentence, strlen(sentence), &c, r->text, sizeof r->text) != 0) {
            fprintf(stderr, "attnviz: %s\n", r->text);
            rc = AV_EXIT_DATA;
        } else if (c.kind != CMD_SENTENCE) {
            rc = main_usage("SENTENCE must not be empty nor start with ':' or '#'");
        } else {
            app_apply(a, &c, r);
            if (r->flags & APP_ERROR) {
                fprintf(stderr, "attnviz: %s\n", r->text);
                rc = AV_EXIT_DATA;
            }
        }
        command_free(&c);
    }
    free(r);
    return rc;
}

/* errno of a failed write to stdout, for main_flush to say */
static int main_stdout_errno;

/* Standard output that could not be written is said once, here, and is
 * the exit status unless another came first: AV_EXIT_IO wins over
 * AV_EXIT_DATA (--batch's :print to a full disk), as the output the caller
 * asked for is lost, the same status as --dump's. */
static int main_flush(int rc)
{
    int e = main_stdout_errno;
    if (fflush(stdout) != 0)
        e = errno;
    if (!e && !ferror(stdout))
        return rc;
    fprintf(stderr, "attnviz: cannot write to stdout%s%s\n", e ? ": " : "",
            e ? strerror(e) : "");
    return rc == AV_EXIT_OK || rc == AV_EXIT_DATA ? AV_EXIT_IO : rc;
}

static int main_dump(struct app *a, const struct main_opts *o)
{
    int rc;
    if (o->dump_text) {
        app_sync(a);
        const struct app_tokens *t = app_shown(a);
        struct export_doc doc = { .m = &a->model, .tokens = (const char *const *)t->text,
                                  .ids = t->ids, .sentence = a->s.sentence };
        rc = export_write(stdout, &doc, PRINT_TEXT);
    } else {
        rc = app_export_write(a, stdout, o->dump_kind);
    }
    if (rc != 0) {
        main_stdout_errno = errno ? errno : EIO;
        return AV_EXIT_IO;
    }
    return 0;
}

/* The terminal UI, with --replay's tour name turned into its file. */
static int main_tui(struct app *a, struct tui_options *opt)
{
    char err[1024];
    char *replay = NULL;
    if (opt->replay_path) {
        replay = app_script_path(opt->replay_path, NULL, err, sizeof err);
        if (!replay) {
            fprintf(stderr, "attnviz: --replay: %s\n", err);
            return AV_EXIT_NOINPUT;
        }
        opt->replay_path = replay;
    }
    int rc = tui_run(a, opt);
    free(replay);
    return rc;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* Session files and exports use '.' decimals whatever the user's
     * locale; the terminal only needs LC_CTYPE. */
    setlocale(LC_NUMERIC, "C");
    /* A file-size limit makes a write fail with EFBIG, which every writer
     * reports, instead of killing the process mid-save. */
    signal(SIGXFSZ, SIG_IGN);

    struct main_opts o = MAIN_OPTS_START;
    bool exit_now = false;
    int rc = 0;
    const char *threads = getenv("ATTNVIZ_THREADS");
    if (threads && *threads)
        rc = opt_threads(&o, threads);
    if (rc == 0)
        rc = main_read_options(argc, argv, &o, &exit_now);
    model_set_threads(o.bopt.threads);
    if (rc == 0 && !exit_now && o.bench)
        return main_flush(main_bench(&o));
    char *sentence = NULL;
    if (rc == 0 && !exit_now) {
        sentence = main_sentence(argc - optind, argv + optind);
        rc = main_check_mode(&o, sentence);
    }
    struct model_config cfg;
    struct config_view view;
    struct main_notice notice = { .count = 0 };
    struct app a;
    bool have_app = false;
    if (rc == 0 && !exit_now) {
        theme_load_standard();   /* before --theme and the config file name one */
        rc = main_start_config(&o, &cfg, &view, &notice);
    }
    if (rc == 0 && !exit_now) {
        char err[512];
        if (app_init(&a, &cfg, err, sizeof err) != 0)
            rc = main_usage("%s", err);
        else
            have_app = true;
    }
    if (have_app) {
        app_set_ansi_colors(&a, heatexport_colors(o.tui.color == TUI_COLOR_NEVER,
                                                  o.tui.color == TUI_COLOR_ALWAYS,
                                                  getenv("NO_COLOR"), getenv("COLORTERM")));
        rc = main_first_lines(&a, &o, &view, sentence);
    }
    if (have_app && rc == 0) {
        if (notice.count) {
            int n = snprintf(notice.msg, sizeof notice.msg, "%s", notice.first);
            if (notice.count > 1 && n >= 0 && (size_t)n < sizeof notice.msg)
                snprintf(notice.msg + n, sizeof notice.msg - (size_t)n, " (+%u more)",
                         notice.count - 1);
            o.tui.notice = notice.msg;
        }
        if (o.batch)
            rc = batch_run(&a, o.batch, stdout, stderr);
        else if (o.dump)
            rc = main_dump(&a, &o);
        else
            rc = main_tui(&a, &o.tui);
    }
    if (have_app)
        app_free(&a);
    free(sentence);
    for (size_t i = 0; i < o.n_lines; i++)
        free(o.lines[i]);
    return main_flush(rc);
}
