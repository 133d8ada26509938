/* fuzz_script.c - libFuzzer: any bytes as a session file, through the one
 * script reader (script.h) and the loaders on top of it. The file is
 * written to the private folder through fuzz_safe_script (util.h), so a
 * line that names a file names one there. Checked:
 *   - script_load: the lines are in order, each bad line has the error
 *     "FILE:LINE: ..." of its own line and nothing parsed, the count of
 *     bad lines is right, and the steps cover the lines in order, the
 *     setup lines in the first step alone;
 *   - script_reader gives the same lines, numbered one by one, and a
 *     failure says "FILE:LINE: ...";
 *   - :load of the file is all or nothing (script.h, app.h): refused, it
 *     leaves the log, the config and the cursor as they were;
 *   - loaded, the session saved with :save! and loaded into a fresh app
 *     gives the same log (not when the log names a file by its absolute
 *     path, :vectors or :open, which a later line may have replaced);
 *   - batch mode (batch_run) runs the same file to an exit status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/batch.h"
#include "attnviz/exitcode.h"
#include "attnviz/script.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app_result res;

static void check_script(const struct script *s, const char *path)
{
    size_t bad = 0, pl = strlen(path);
    for (size_t i = 0; i < s->n_lines; i++) {
        const struct script_line *l = &s->lines[i];
        if (i && l->lineno <= s->lines[i - 1].lineno)
            fuzz_fail("line %zu out of order", i);
        if (l->error) {
            char want[64];
            snprintf(want, sizeof want, ":%u: ", l->lineno);
            bad++;
            if (strncmp(l->error, path, pl) != 0
                || strncmp(l->error + pl, want, strlen(want)) != 0)
                fuzz_fail("line %u's error: %s", l->lineno, l->error);
            if (l->cmd.kind != CMD_EMPTY)
                fuzz_fail("a bad line with a command");
        } else if (l->cmd.kind == CMD_EMPTY)
            fuzz_fail("a good line kept with no command");
    }
    if (bad != s->bad)
        fuzz_fail("%zu bad lines, counted %zu", bad, s->bad);
    size_t next = 0;
    for (size_t i = 0; i < s->n_steps; i++) {
        const struct script_step *st = &s->steps[i];
        if (st->first != next || st->count == 0 || st->setup >= st->count
            || (i && st->setup))
            fuzz_fail("step %zu: first %zu, count %zu, setup %zu", i, st->first, st->count,
                      st->setup);
        next += st->count;
        free(script_step_note(s, i));
    }
    if (next != s->n_lines)
        fuzz_fail("the steps cover %zu of %zu lines", next, s->n_lines);
}

/* script_reader's lines against script_load's (the non-blank ones). */
static void check_reader(const struct script *s, const char *path)
{
    char err[8192];
    struct script_reader *r = script_reader_open(path, NULL, err, sizeof err);
    if (!r)
        fuzz_fail("script_reader_open: %s", err);
    const char *line;
    size_t len, k = 0;
    unsigned lineno, last = 0;
    for (;;) {
        enum script_read got = script_reader_next(r, &line, &len, &lineno, err, sizeof err);
        if (got == SCRIPT_END)
            break;
        if (got == SCRIPT_FAIL) {
            if (s || strncmp(err, path, strlen(path)) != 0)
                fuzz_fail("the reader failed (%s) where script_load did not", err);
            break;
        }
        if (lineno != last + 1)
            fuzz_fail("line %u after line %u", lineno, last);
        last = lineno;
        if (got == SCRIPT_LINE) {
            if (len > AV_MAX_LINE || memchr(line, '\0', len))
                fuzz_fail("line %u: %zu bytes", lineno, len);
            struct command c;
            char perr[1024];
            int rc = command_parse(line, len, &c, perr, sizeof perr);
            if (rc == 0 && c.kind == CMD_EMPTY)
                continue;
            command_free(&c);
        }
        if (s && (k >= s->n_lines || s->lines[k].lineno != lineno))
            fuzz_fail("the reader has line %u, script_load does not", lineno);
        k++;
    }
    if (s && k != s->n_lines)
        fuzz_fail("the reader has %zu lines, script_load %zu", k, s->n_lines);
    script_reader_close(r);
}

static void new_app(struct app *a)
{
    struct model_config cfg;
    char err[512];
    command_default_config(&cfg);
    if (app_init(a, &cfg, err, sizeof err) != 0)
        fuzz_fail("app_init: %s", err);
}

static void run(struct app *a, const char *line)
{
    res = (struct app_result){ 0 };
    app_run_line(a, line, strlen(line), NULL, 0, &res);
}

static char **copy_log(const struct app *a)
{
    char **log = calloc(a->s.log_len + 1, sizeof *log);
    for (size_t i = 0; i < a->s.log_len; i++)
        log[i] = strdup(a->s.log[i]);
    return log;
}

static void free_log(char **log)
{
    for (size_t i = 0; log[i]; i++)
        free(log[i]);
    free(log);
}

static void same_log(const struct app *a, char **log, const char *what)
{
    size_t i = 0;
    for (; log[i]; i++)
        if (i >= a->s.log_len || strcmp(a->s.log[i], log[i]) != 0)
            fuzz_fail("%s: log line %zu is \"%s\", was \"%s\"", what, i,
                      i < a->s.log_len ? a->s.log[i] : "(none)", log[i]);
    if (i != a->s.log_len)
        fuzz_fail("%s: %zu log lines, was %zu", what, a->s.log_len, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null_out;
    if (!null_out && !(null_out = fopen("/dev/null", "w")))
        fuzz_fail("cannot write to /dev/null");
    size_t len;
    fuzz_dir_fresh();
    char *text = fuzz_safe_script(data, size, 1, &len);
    static char path[4200];
    snprintf(path, sizeof path, "%s", fuzz_write("s.attn", text, len));
    free(text);

    char err[8192];
    struct script *s = script_load(path, err, sizeof err);
    if (s)
        check_script(s, path);
    else if (strncmp(err, path, strlen(path)) != 0 && err[0] != '"')
        fuzz_fail("script_load's message names no file: %s", err);
    check_reader(s, path);
    script_free(s);

    /* :load, on a session that has something in it already */
    struct app a;
    new_app(&a);
    run(&a, "I love cats");
    run(&a, ":select 1 2");
    char **before = copy_log(&a);
    struct model_config cfg = a.s.cfg;
    size_t row = a.s.sel_row, col = a.s.sel_col;
    run(&a, ":load s.attn");
    if (res.flags & APP_ERROR) {
        same_log(&a, before, "a refused :load");
        const struct model_config *now = &a.s.cfg;
        if (cfg.d_model != now->d_model || cfg.heads != now->heads || cfg.seed != now->seed
            || cfg.pe != now->pe || cfg.proj != now->proj || cfg.scale != now->scale
            || cfg.causal != now->causal || row != a.s.sel_row
            || col != a.s.sel_col)
            fuzz_fail("a refused :load changed the config or the cursor");
    } else if (!(res.flags & APP_QUIT)) {
        int names_file = 0;
        for (size_t i = 0; i < a.s.log_len; i++)
            names_file |= strncmp(a.s.log[i], ":vectors ", 9) == 0
                          || strncmp(a.s.log[i], ":open ", 6) == 0;
        run(&a, ":save! fuzz-round-trip.attn");
        if (res.flags & APP_ERROR)
            fuzz_fail(":save! in the private folder: %s", res.text);
        if (!names_file) {
            struct app b;
            char **log = copy_log(&a);
            new_app(&b);
            run(&b, ":load fuzz-round-trip.attn");
            if (res.flags & APP_ERROR)
                fuzz_fail("a saved session does not load: %s", res.text);
            same_log(&b, log, "saved and loaded again");
            free_log(log);
            app_free(&b);
        }
    }
    free_log(before);
    app_free(&a);

    /* batch mode: the streaming reader, every line run */
    new_app(&a);
    int rc = batch_run(&a, path, null_out, null_out);
    if (rc != AV_EXIT_OK && rc != AV_EXIT_DATA && rc != AV_EXIT_NOINPUT)
        fuzz_fail("batch_run: exit status %d", rc);
    app_free(&a);
    return 0;
}
