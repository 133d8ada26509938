/* fuzz_cli.c - libFuzzer: the command line. The input is argv[1..], the
 * words separated by NUL bytes (at most 64 of them).
 *
 * src/main.c reads its options in static functions (main_read_options and
 * the checks after it), with no library entry point, so this file compiles
 * main.c itself with its main() renamed and calls them as main() does:
 * read the options, join the SENTENCE, check the mode, lay the options
 * over the starting config (the defaults and, for an interactive start, the
 * private folder's config file: none), start an app and run the lines the
 * options and the sentence make. The terminal UI, --batch, --dump and
 * --bench are not started: past the options they are other targets' and
 * tests' business. Checked:
 *   - the exit status of a refusal is AV_EXIT_USAGE, or AV_EXIT_DATA for a
 *     sentence the app refuses;
 *   - every option kept as a line parses back to a command of the option's
 *     row, and a setting option's value is in the starting config;
 *   - the starting config passes model_config_check.
 * main.c writes its messages (and --help) to stderr and stdout: run.sh
 * runs this target with -close_fd_mask=3. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define main attnviz_main
#include "../../src/main.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ARGS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int themes;
    fuzz_dir();
    if (!themes) {
        theme_load_standard();
        themes = 1;
    }
    char *words = malloc(size + 1);
    memcpy(words, data, size);
    words[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)"attnviz";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS; i += strlen(words + i) + 1)
        argv[argc++] = words + i;
    argv[argc] = NULL;

    struct main_opts o = MAIN_OPTS_START;
    bool exit_now = false;
    /* glibc's getopt starts over, permutation state and all, at optind 0 */
    optind = 0;
    int rc = main_read_options(argc, argv, &o, &exit_now);
    if (rc != 0 && rc != AV_EXIT_USAGE)
        fuzz_fail("options: exit status %d", rc);
    char *sentence = NULL;
    if (rc == 0 && !exit_now && !o.bench) {
        sentence = main_sentence(argc - optind, argv + optind);
        rc = main_check_mode(&o, sentence);
        if (rc != 0 && rc != AV_EXIT_USAGE)
            fuzz_fail("mode: exit status %d", rc);
    }
    for (size_t i = 0; i < o.n_lines; i++) {
        struct command c;
        char err[512];
        if (command_parse(o.lines[i], strlen(o.lines[i]), &c, err, sizeof err) != 0)
            fuzz_fail("an option's line \"%s\" does not parse: %s", o.lines[i], err);
        const struct command_desc *d = command_desc_of(c.kind);
        if (!d || !d->option)
            fuzz_fail("an option's line \"%s\" is of no option", o.lines[i]);
        command_free(&c);
    }
    if (rc == 0 && !exit_now && !o.bench) {
        struct model_config cfg;
        struct config_view view;
        struct main_notice notice = { .count = 0 };
        char err[512];
        rc = main_start_config(&o, &cfg, &view, &notice);
        if (rc != 0 && rc != AV_EXIT_USAGE)
            fuzz_fail("config: exit status %d", rc);
        if (rc == 0 && model_config_check(&cfg, err, sizeof err) != 0)
            fuzz_fail("a starting config that does not pass: %s", err);
        for (size_t i = 0; rc == 0 && i < o.n_lines; i++) {
            struct command c;
            command_parse(o.lines[i], strlen(o.lines[i]), &c, err, sizeof err);
            const struct command_desc *d = command_desc_of(c.kind);
            /* the last of an option given twice wins */
            bool last = true;
            for (size_t k = i + 1; k < o.n_lines; k++)
                last &= strncmp(o.lines[k], d->name, strlen(d->name)) != 0
                        || o.lines[k][strlen(d->name)] != ' ';
            if (d->setting && last && command_setting_get(d, &cfg) != c.u.num)
                fuzz_fail("\"%s\" is not in the starting config", o.lines[i]);
            command_free(&c);
        }
        /* a one-word .txt sentence opens a file: not here */
        if (rc == 0 && !(sentence && main_names_text_file(sentence))) {
            struct app a;
            if (app_init(&a, &cfg, err, sizeof err) != 0)
                fuzz_fail("app_init of a checked config: %s", err);
            rc = main_first_lines(&a, &o, &view, sentence);
            if (rc != 0 && rc != AV_EXIT_USAGE && rc != AV_EXIT_DATA && rc != AV_EXIT_NOINPUT)
                fuzz_fail("first lines: exit status %d", rc);
            app_free(&a);
        }
    }
    free(sentence);
    for (size_t i = 0; i < o.n_lines; i++)
        free(o.lines[i]);
    free(words);
    return 0;
}
