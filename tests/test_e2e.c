/* test_e2e.c - the real attnviz binary ($ATTNVIZ) in a pseudo-terminal.
 *
 * Every test starts its own process on an xterm-256color pty, with HOME and
 * the XDG directories in a fresh temporary directory, drives it with keys
 * as a person would, and polls the emulated screen (tests/support/vt.c)
 * until it shows what issue 3 asks for. Expected numbers come from the
 * program's own `--dump --format json` (or `--batch` with `:print json`)
 * for the same sentence and settings, never from constants written here.
 * The strings looked for are the "screen contract" at the top of
 * src/tui/tui.c. Most tests end with :quit and expect exit status 0 with no
 * sanitizer report, so under ASan+UBSan every path is checked for leaks. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/spawn_env.h"
#include "support/vt.h"

#define MAX_TOKENS 16
#define MAX_DIM 16

/* The sentence most tests use: four distinct tokens. */
#define SENTENCE "we like warm tea"

/* ---- each test's world ---------------------------------------------------- */

struct e2e {
    struct vt *vt;         /* the attnviz under test */
    struct vt *fresh[2];   /* instances started at another size, to compare */
    struct spawn_env env;  /* HOME and the XDG directories live here */
};

static int setup(void **state)
{
    struct e2e *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    if (spawn_env_make(&e->env, "attnviz-e2e") != 0) {
        free(e);
        return -1;
    }
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct e2e *e = *state;
    vt_free(e->vt);
    vt_free(e->fresh[0]);
    vt_free(e->fresh[1]);
    spawn_env_remove(&e->env);
    free(e);
    return 0;
}

/* The prompt has the focus at start; Esc leaves it for the heatmap, where
 * the keys act (the hint line then names them). */
static void leave_prompt(struct vt *vt)
{
    assert_true(vt_key(vt, VT_KEY_ESCAPE));
    assert_true(vt_wait_for(vt, "arrows: move", VT_TIMEOUT_MS));
}

/* Starts argv in *slot on a cols x rows terminal with the test's private
 * home (and NO_COLOR=1 when no_color). */
static struct vt *spawn_with_home(struct e2e *e, struct vt **slot, int cols, int rows,
                                  char *const argv[], bool no_color)
{
    char *const env[] = { e->env.home, e->env.state_home, e->env.config_home,
                          no_color ? "NO_COLOR=1" : NULL, NULL };
    vt_free(*slot);
    *slot = vt_spawn(cols, rows, argv, env);
    assert_non_null(*slot);
    return *slot;
}

/* Starts attnviz (on sentence unless NULL) in *slot and waits for its
 * status line. */
static struct vt *spawn_into(struct e2e *e, struct vt **slot, int cols, int rows,
                             const char *sentence, bool no_color)
{
    char *const argv[] = { (char *)attnviz_binary(), (char *)sentence, NULL };
    spawn_with_home(e, slot, cols, rows, argv, no_color);
    assert_true(vt_wait_for(*slot, "d_model ", VT_TIMEOUT_MS));
    leave_prompt(*slot);
    return *slot;
}

static struct vt *start(void **state, int cols, int rows, const char *sentence)
{
    struct e2e *e = *state;
    return spawn_into(e, &e->vt, cols, rows, sentence, false);
}

/* Starts attnviz inside a shell that prints a line first, records the tty
 * settings, and afterwards says whether they are the same again; the
 * shell's exit status is attnviz's. */
static struct vt *start_in_shell(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { "/bin/sh", "-c",
        "before=$(stty -g); echo before-attnviz; \"$0\"; s=$?;"
        " if [ \"$(stty -g)\" = \"$before\" ]; then echo tty-restored; else echo tty-changed; fi;"
        " exit $s", (char *)attnviz_binary(), NULL };
    spawn_with_home(e, &e->vt, 80, 24, argv, false);
    assert_true(vt_wait_for(e->vt, "d_model 8", VT_TIMEOUT_MS));
    leave_prompt(e->vt);
    return e->vt;
}

/* ---- attnviz without a terminal: the expected numbers --------------------- */

/* Runs attnviz with args (NULL-terminated) and returns its standard output
 * (caller frees); the test fails unless it exits with status 0. */
static char *run_attnviz(const char *const args[])
{
    const char *argv[16] = { attnviz_binary() };
    size_t argc = 1;
    for (size_t i = 0; args[i]; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    for (;;) {
        if (len + 1 == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        ssize_t n = read(fds[0], out + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    out[len] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return out;
}

/* The JSON model of sentence with the default settings plus the options
 * in extra (NULL-terminated; may be NULL). */
static char *dump_json(const char *sentence, const char *const extra[])
{
    const char *args[12] = { "--dump", "--format", "json" };
    size_t n = 3;
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n++] = sentence;
    args[n] = NULL;
    return run_attnviz(args);
}

/* Skips JSON white space. */
static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

/* The text after "key": (for a number); fails the test when absent. */
static const char *json_value_after(const char *json, const char *key)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p)
        fail_msg("no \"%s\" in the JSON dump", key);
    p = json_ws(p + strlen(quoted));
    assert_int_equal(*p, ':');
    return json_ws(p + 1);
}

/* The array value of the first "key": at or after from whose value is an
 * array (config.heads is a number, the later "heads" an array); fails the
 * test when there is none. */
static const char *json_array(const char *from, const char *key)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    for (const char *p = strstr(from, quoted); p; p = strstr(p + 1, quoted)) {
        const char *v = json_ws(p + strlen(quoted));
        if (*v == ':' && *(v = json_ws(v + 1)) == '[')
            return v;
    }
    fail_msg("no array \"%s\" in the JSON dump", key);
    return NULL;
}

struct tokens {
    size_t n;
    char text[MAX_TOKENS][64];
};

/* "tokens": an array of plain strings (the tests' sentences need no
 * escapes). */
static void json_tokens(const char *json, struct tokens *t)
{
    const char *p = json_array(json, "tokens");
    t->n = 0;
    for (p = json_ws(p + 1); *p == '"'; t->n++) {
        const char *end = strchr(p + 1, '"');
        assert_non_null(end);
        assert_true(t->n < MAX_TOKENS && end - p - 1 < (ptrdiff_t)sizeof t->text[0]);
        snprintf(t->text[t->n], sizeof t->text[0], "%.*s", (int)(end - p - 1), p + 1);
        p = json_ws(end + 1);
        if (*p == ',')
            p = json_ws(p + 1);
    }
    assert_int_equal(*p, ']');
}

/* A rows x cols array of numbers at p (its '[') into out, row-major. */
static void json_matrix(const char *p, size_t rows, size_t cols, double *out)
{
    assert_int_equal(*p, '[');
    for (size_t i = 0; i < rows; i++) {
        p = json_ws(p + 1);
        assert_int_equal(*p, '[');
        for (size_t j = 0; j < cols; j++) {
            char *end;
            out[i * cols + j] = strtod(p + 1, &end);
            assert_true(end != p + 1);
            p = json_ws(end);   /* at ',' or ']' */
        }
        assert_int_equal(*p, ']');
        p = json_ws(p + 1);     /* at ',' or the outer ']' */
    }
    assert_int_equal(*p, ']');
}

/* What the tests compare the screen with: a model's tokens, the weights
 * of head 0 and the embeddings. */
struct ref_model {
    struct tokens t;
    size_t d;
    double w[MAX_TOKENS][MAX_TOKENS];
    double emb[MAX_TOKENS][MAX_DIM];
};

static void model_from_json(const char *json, struct ref_model *m)
{
    json_tokens(json, &m->t);
    const char *cfg = json_value_after(json, "d_model");
    m->d = (size_t)strtoul(cfg, NULL, 10);
    assert_true(m->d >= 1 && m->d <= MAX_DIM);
    double flat[MAX_TOKENS * MAX_DIM];
    json_matrix(json_array(json_array(json, "heads"), "weights"), m->t.n, m->t.n, flat);
    for (size_t i = 0; i < m->t.n; i++)
        for (size_t j = 0; j < m->t.n; j++)
            m->w[i][j] = flat[i * m->t.n + j];
    json_matrix(json_array(json, "embedding"), m->t.n, m->d, flat);
    for (size_t i = 0; i < m->t.n; i++)
        for (size_t j = 0; j < m->d; j++)
            m->emb[i][j] = flat[i * m->d + j];
}

/* `attnviz --dump` of sentence with the default settings plus the options
 * in extra (NULL-terminated; may be NULL). */
static void dump_model(const char *sentence, const char *const extra[], struct ref_model *m)
{
    char *json = dump_json(sentence, extra);
    model_from_json(json, m);
    free(json);
}

/* ---- what the program wrote ------------------------------------------------- */

/* One control sequence ESC [ PARAMS FINAL found in raw output. */
struct csi {
    const char *start;      /* the ESC */
    size_t len;             /* of the whole sequence */
    bool private_mode;      /* ESC [ ? ... */
    char final;
    const char *params;     /* digits, ';' and ':' */
    size_t params_len;
};

/* Finds the next CSI sequence at or after *pos; false at the end. */
static bool next_csi(const char *raw, size_t len, size_t *pos, struct csi *c)
{
    for (size_t i = *pos; i + 2 < len; i++) {
        if (raw[i] != '\033' || raw[i + 1] != '[')
            continue;
        size_t j = i + 2;
        c->private_mode = raw[j] == '?';
        if (c->private_mode || raw[j] == '>' || raw[j] == '!' || raw[j] == '=')
            j++;
        c->params = raw + j;
        while (j < len && (strchr("0123456789;:", raw[j]) && raw[j]))
            j++;
        c->params_len = (size_t)(raw + j - c->params);
        if (j >= len)
            return false;
        c->start = raw + i;
        c->final = raw[j];
        c->len = j + 1 - i;
        *pos = j + 1;
        return true;
    }
    return false;
}

/* Calls back each numeric parameter of c (';' and ':' both separate). */
static bool csi_any_param(const struct csi *c, bool (*is)(long))
{
    const char *p = c->params, *end = c->params + c->params_len;
    while (p <= end) {
        char *stop;
        long v = strtol(p, &stop, 10);   /* "" reads as 0: SGR's default */
        if (stop > end)
            stop = (char *)end;
        if (is(v))
            return true;
        p = stop + 1;
    }
    return false;
}

static bool sets_a_color(long v)
{
    return (v >= 30 && v <= 38) || (v >= 40 && v <= 48) ||
           (v >= 90 && v <= 97) || (v >= 100 && v <= 107);
}

/* The first SGR sequence in raw that sets a color (39 and 49, back to the
 * terminal's defaults, set none), printed for the failure message; NULL
 * when there is none. */
static char *first_color_escape(const char *raw, size_t len)
{
    struct csi c;
    size_t pos = 0;
    while (next_csi(raw, len, &pos, &c))
        if (c.final == 'm' && !c.private_mode && csi_any_param(&c, sets_a_color))
            return strndup(c.start + 1, c.len - 1);
    return NULL;
}

static bool turns_something_on(long v)
{
    return v != 0 && v != 10 && v != 39 && v != 49 && !(v >= 22 && v <= 29);
}

/* What the child left the terminal in: the last setting of each DEC
 * private mode and of the keypad, and whether the last SGR reset the pen.
 * Appends each mode left changed to why. */
static bool terminal_restored(const char *raw, size_t len, char *why, size_t whylen)
{
    /* mode -> what it must end as ('l' or 'h'); 1049/47/1047 alternate
     * screen, 25 cursor visible, 1 application cursor keys, 100x mouse
     * reporting, 2004 bracketed paste. */
    static const struct { long mode; char want; } modes[] = {
        { 1049, 'l' }, { 1047, 'l' }, { 47, 'l' }, { 25, 'h' }, { 1, 'l' },
        { 1000, 'l' }, { 1002, 'l' }, { 1003, 'l' }, { 1006, 'l' }, { 1015, 'l' },
        { 2004, 'l' },
    };
    char last[sizeof modes / sizeof modes[0]] = { 0 };
    char keypad = 0;
    struct csi c, sgr = { 0 };
    size_t pos = 0;
    while (next_csi(raw, len, &pos, &c)) {
        if (c.final == 'm' && !c.private_mode)
            sgr = c;
        if (!c.private_mode || (c.final != 'h' && c.final != 'l'))
            continue;
        const char *p = c.params, *end = c.params + c.params_len;
        while (p < end) {
            char *stop;
            long v = strtol(p, &stop, 10);
            for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
                if (modes[m].mode == v)
                    last[m] = c.final;
            p = stop + 1;
        }
    }
    for (size_t i = 0; i + 1 < len; i++)
        if (raw[i] == '\033' && (raw[i + 1] == '=' || raw[i + 1] == '>'))
            keypad = raw[i + 1];

    bool ok = true;
    why[0] = '\0';
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        if (last[m] && last[m] != modes[m].want) {
            ok = false;
            snprintf(why + strlen(why), whylen - strlen(why), " mode ?%ld left %c;",
                     modes[m].mode, last[m]);
        }
    if (keypad == '=') {
        ok = false;
        snprintf(why + strlen(why), whylen - strlen(why), " keypad left in application mode;");
    }
    if (sgr.start && csi_any_param(&sgr, turns_something_on)) {
        ok = false;
        snprintf(why + strlen(why), whylen - strlen(why), " last SGR %.*s sets attributes;",
                 (int)sgr.len - 1, sgr.start + 1);
    }
    return ok;
}

/* ---- what the screen shows ------------------------------------------------ */

/* Whether label shows token: whole, or cut to the cell width (a prefix,
 * with or without a closing "…"). */
static bool label_is(const char *label, const char *token)
{
    size_t n = strlen(label), ell = strlen("…");
    if (n > ell && strcmp(label + n - ell, "…") == 0)
        n -= ell;
    return n > 0 && n <= strlen(token) && strncmp(label, token, n) == 0 &&
           (n == strlen(label) || n < strlen(token));
}

/* The first word of *p (skipping blanks), NUL-terminated in place; *p moves
 * past it. */
static char *next_word(char **p)
{
    char *w = *p + strspn(*p, " ");
    size_t len = strcspn(w, " ");
    *p = w + len + (w[len] != '\0');
    w[len] = '\0';
    return w;
}

/* The heatmap is labelled with exactly these tokens, in order: as column
 * labels on the row of the "query ↓" caption, and as row labels starting
 * the labelled rows below it (a row may take more than one line). */
static bool labels_are(struct vt *vt, void *ctx)
{
    const struct tokens *t = ctx;
    int row;
    if (!vt_find(vt, "query ↓", &row, NULL))
        return false;
    char *header = vt_row_text(vt, row);
    char *p = strstr(header, "query ↓") + strlen("query ↓");
    bool ok = true;
    for (size_t j = 0; ok && j < t->n; j++)
        ok = label_is(next_word(&p), t->text[j]);
    free(header);
    size_t i = 0;
    for (int r = row + 1; ok && i < t->n; r++) {
        char *line = vt_row_text(vt, r);
        ok = r <= row + 3 * (int)t->n;   /* at most three lines a row */
        if (ok && line[0] != ' ' && line[0] != '\0') {
            p = line;
            ok = label_is(next_word(&p), t->text[i++]);
        }
        free(line);
    }
    return ok;
}

/* What the explain pane must show for one cell. */
struct cell {
    size_t row, col;
    const char *query, *key;
    double percent;          /* the weight x 100, when not masked */
    bool masked;
};

/* The percentage in `"QUERY" gives P% of its attention to "KEY"`, or NAN
 * when the screen has no such sentence. */
static double shown_percent(struct vt *vt, const char *query, const char *key)
{
    char head[128], tail[128];
    snprintf(head, sizeof head, "\"%s\" gives ", query);
    snprintf(tail, sizeof tail, "%% of its attention to \"%s\"", key);
    char *screen = vt_screen_text(vt);
    double pct = NAN;
    const char *p = strstr(screen, head);
    if (p) {
        char *end;
        double v = strtod(p + strlen(head), &end);
        if (end != p + strlen(head) && strncmp(end, tail, strlen(tail)) == 0)
            pct = v;
    }
    free(screen);
    return pct;
}

/* The explain pane's title names the cell and its text gives the expected
 * weight to one decimal (or says the cell is masked). */
static bool explains(struct vt *vt, void *ctx)
{
    const struct cell *c = ctx;
    char title[256];
    snprintf(title, sizeof title, "query \"%s\" (row %zu) → key \"%s\" (col %zu)",
             c->query, c->row, c->key, c->col);
    if (!vt_find(vt, title, NULL, NULL))
        return false;
    if (c->masked)     /* and no weight for it */
        return vt_find(vt, "masked", NULL, NULL) && isnan(shown_percent(vt, c->query, c->key));
    /* Printed with %.1f: within half a unit of the last digit. */
    return fabs(shown_percent(vt, c->query, c->key) - c->percent) <= 0.05 + 1e-6;
}

/* Waits until the explain pane shows cell (i, j) of model m. */
static void expect_cell(struct vt *vt, const struct ref_model *m, size_t i, size_t j)
{
    struct cell c = { i, j, m->t.text[i], m->t.text[j], 100.0 * m->w[i][j], false };
    if (!vt_wait_until(vt, explains, &c, VT_TIMEOUT_MS))
        fail_msg("the explain pane does not show cell (%zu, %zu) = %.2f%%", i, j, c.percent);
}

struct text {
    char s[256];
};

/* Whether the status line shows a sentence in quotes, which it copies to
 * ctx (a struct text): the first quoted text on the screen, once the
 * heatmap's caption below it is drawn too. */
static bool status_sentence(struct vt *vt, void *ctx)
{
    struct text *out = ctx;
    char *screen = vt_screen_text(vt);
    char *open = strchr(screen, '"');
    char *close = open ? strchr(open + 1, '"') : NULL;
    char *heat = strstr(screen, "query ↓");
    bool shown = close && heat && close < heat;
    if (shown)
        snprintf(out->s, sizeof out->s, "%.*s", (int)(close - open - 1), open + 1);
    free(screen);
    return shown;
}

/* The model of the sentence the status line shows. */
static void shown_model(struct vt *vt, struct ref_model *m)
{
    struct text sentence;
    assert_true(vt_wait_until(vt, status_sentence, &sentence, VT_TIMEOUT_MS));
    dump_model(sentence.s, NULL, m);
}

static bool bottom_row_drawn(struct vt *vt, void *ctx)
{
    (void)ctx;
    int cols, rows;
    vt_size(vt, &cols, &rows);
    char *last = vt_row_text(vt, rows - 1);
    bool drawn = last[0] != '\0';
    free(last);
    return drawn;
}

/* Waits until the whole first frame is on the screen: curses writes a
 * frame top to bottom and the prompt is the last row. A test that resizes
 * or signals waits for this first, so that it checks the layout and not
 * the race that a_resize_that_arrives_while_drawing_is_not_lost is about. */
static void wait_first_frame(struct vt *vt)
{
    assert_true(vt_wait_until(vt, bottom_row_drawn, NULL, VT_TIMEOUT_MS));
}

/* Starts a second attnviz directly at cols x rows, types keys into it, and
 * waits until the first one, resized to that size, shows exactly the same
 * screen: the same text, attributes and colors in every cell, so nothing of
 * the old layout is left anywhere. */
static void expect_same_as_fresh_start(void **state, int cols, int rows, const char *keys)
{
    struct e2e *e = *state;
    struct vt *fresh = spawn_into(e, &e->fresh[0], cols, rows, NULL, false);
    wait_first_frame(fresh);
    assert_true(vt_type(fresh, keys));
    if (!vt_wait_same(e->vt, fresh, VT_TIMEOUT_MS))
        fail_msg("after resizing to %dx%d the screen differs from a fresh start at that size",
                 cols, rows);
}

/* ---- how it ends ------------------------------------------------------------ */

/* Exit status 0 and no sanitizer report: a leak (LeakSanitizer exits 23)
 * or undefined behaviour on the way fails the test that took that way. */
static void expect_clean_exit(struct vt *vt)
{
    int status = vt_wait_exit(vt, VT_TIMEOUT_MS);
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    if (status != 0 || strstr(raw, "Sanitizer") || strstr(raw, "runtime error")) {
        char *screen = vt_screen_text(vt);
        fprintf(stderr, "exit status %d (-1: still running); the screen:\n%s\n", status, screen);
        free(screen);
        fail_msg("attnviz did not end cleanly");
    }
}

/* :quit! works from every pane and from the prompt, and never asks. */
static void quit(struct vt *vt)
{
    assert_true(vt_type(vt, ":quit!"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    expect_clean_exit(vt);
}

static void expect_modes_restored(struct vt *vt)
{
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    char why[512];
    if (!terminal_restored(raw, len, why, sizeof why))
        fail_msg("the terminal was left changed:%s", why);
}

/* After start_in_shell: the tty settings (echo, canonical mode) are as
 * before, the main screen is back with what was on it, and every mode
 * attnviz turned on is off again. */
static void expect_terminal_restored(struct vt *vt)
{
    assert_true(vt_wait_for(vt, "tty-", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "tty-restored", NULL, NULL));
    assert_true(vt_find(vt, "before-attnviz", NULL, NULL));
    assert_false(vt_find(vt, "d_model", NULL, NULL));
    expect_modes_restored(vt);
}

/* ---- the tests ----------------------------------------------------------------- */

static void starting_shows_the_default_sentence_as_labels_and_the_status_line(void **state)
{
    struct vt *vt = start(state, 80, 24, NULL);
    const char *status[] = { "d_model 8", "heads 1", "head 0", "pe sinusoidal",
                             "scale on", "causal off" };
    for (size_t i = 0; i < sizeof status / sizeof status[0]; i++)
        assert_true(vt_wait_for(vt, status[i], VT_TIMEOUT_MS));

    /* The first screen is never empty: the default sentence, tokenized as
     * --dump tokenizes it, labels the heatmap's rows and columns. */
    struct ref_model m;
    shown_model(vt, &m);
    assert_true(m.t.n >= 2);
    assert_true(vt_wait_until(vt, labels_are, &m.t, VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "key →", VT_TIMEOUT_MS));
    expect_cell(vt, &m, 0, 0);
    assert_true(vt_screen_has_color(vt));
    quit(vt);
}

static void typing_a_sentence_shows_its_tokens_as_labels(void **state)
{
    struct vt *vt = start(state, 80, 24, NULL);
    struct ref_model m;
    dump_model(SENTENCE, NULL, &m);
    struct tokens three = { 3, { "we", "like", "warm" } };

    assert_true(vt_wait_for(vt, "query ↓", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ENTER));          /* Enter opens the prompt */
    /* The heatmap follows the line as it is typed, before Enter. */
    assert_true(vt_type(vt, "we like warm"));
    assert_true(vt_wait_until(vt, labels_are, &three, VT_TIMEOUT_MS));
    assert_true(vt_type(vt, " tea"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "\"" SENTENCE "\"", VT_TIMEOUT_MS));
    assert_true(vt_wait_until(vt, labels_are, &m.t, VT_TIMEOUT_MS));
    expect_cell(vt, &m, 0, 0);
    quit(vt);                                       /* the prompt keeps the focus */

    /* The line went to the history in the private XDG_STATE_HOME. */
    struct e2e *e = *state;
    char *text = read_file(temp_path(e->env.dir, "state/attnviz/history"), NULL);
    assert_non_null(strstr(text, SENTENCE "\n"));
    free(text);
}

static void moving_the_cursor_explains_the_cell_it_lands_on(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    struct ref_model m;
    dump_model(SENTENCE, NULL, &m);
    assert_int_equal(m.t.n, 4);
    expect_cell(vt, &m, 0, 0);

    /* Arrows and h j k l, with the cell each lands on (clamped at the
     * edges: moving past the last column or the first row stays put). */
    static const struct { const char *typed; enum vt_key key; size_t row, col; } steps[] = {
        { NULL, VT_KEY_DOWN, 1, 0 }, { NULL, VT_KEY_RIGHT, 1, 1 }, { "l", 0, 1, 2 },
        { "j", 0, 2, 2 }, { "l", 0, 2, 3 }, { "l", 0, 2, 3 }, { "j", 0, 3, 3 },
        { "h", 0, 3, 2 }, { "k", 0, 2, 2 }, { NULL, VT_KEY_UP, 1, 2 },
        { NULL, VT_KEY_LEFT, 1, 1 }, { "k", 0, 0, 1 }, { "k", 0, 0, 1 },
    };
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        assert_true(steps[s].typed ? vt_type(vt, steps[s].typed) : vt_key(vt, steps[s].key));
        expect_cell(vt, &m, steps[s].row, steps[s].col);
    }
    quit(vt);
}

static void plus_raises_d_model_by_one_and_recomputes(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    struct ref_model m8, m9;
    dump_model(SENTENCE, NULL, &m8);
    dump_model(SENTENCE, (const char *const[]){ "--dim", "9", NULL }, &m9);
    assert_true(vt_wait_for(vt, "d_model 8", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "j"));
    expect_cell(vt, &m8, 1, 0);
    assert_true(vt_type(vt, "+"));
    assert_true(vt_wait_for(vt, "d_model 9", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "d_model 8", NULL, NULL));
    expect_cell(vt, &m9, 1, 0);
    quit(vt);
}

static void c_toggles_the_causal_mask_and_a_cell_above_the_diagonal_is_masked(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    struct ref_model open, causal;
    dump_model(SENTENCE, NULL, &open);
    dump_model(SENTENCE, (const char *const[]){ "--causal", NULL }, &causal);
    assert_true(vt_wait_for(vt, "causal off", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "l"));
    expect_cell(vt, &open, 0, 1);                   /* not masked yet */
    assert_false(vt_find(vt, "masked", NULL, NULL));

    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "causal on", VT_TIMEOUT_MS));
    struct cell masked = { 0, 1, open.t.text[0], open.t.text[1], 0, true };
    assert_true(vt_wait_until(vt, explains, &masked, VT_TIMEOUT_MS));
    /* Below the diagonal the weights are the causal model's. */
    assert_true(vt_type(vt, "jh"));
    expect_cell(vt, &causal, 1, 0);

    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "causal off", VT_TIMEOUT_MS));
    expect_cell(vt, &open, 1, 0);
    quit(vt);
}

static void editing_a_vector_component_changes_the_weights(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    struct ref_model before, after;
    dump_model(SENTENCE, NULL, &before);
    expect_cell(vt, &before, 0, 0);

    /* Tab to the vector panel, down to component 1 of the query token's
     * embedding, e, a new value, Enter. An x is no part of a number: it is
     * refused aloud, not typed. */
    assert_true(vt_key(vt, VT_KEY_TAB));
    assert_true(vt_type(vt, "jex"));
    assert_true(vt_wait_for(vt, "a number is digits", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "3"));
    assert_true(vt_key(vt, VT_KEY_ENTER));

    /* The same edit as the :emb line the issue says it becomes, in batch
     * mode: every other component unchanged. */
    struct e2e *e = *state;
    char script[1024], path[256];
    int n = snprintf(script, sizeof script, "%s\n:emb %s", SENTENCE, before.t.text[0]);
    for (size_t c = 0; c < before.d; c++)
        n += snprintf(script + n, sizeof script - (size_t)n, " %.9g", c == 1 ? 3.0 : before.emb[0][c]);
    snprintf(script + n, sizeof script - (size_t)n, "\n:print json\n");
    snprintf(path, sizeof path, "%s/edit.attn", e->env.dir);
    write_file(path, script);
    char *json = run_attnviz((const char *const[]){ "--batch", path, NULL });
    model_from_json(json, &after);
    free(json);
    /* Else the screen could not tell the edit from no edit. */
    assert_true(fabs(after.w[0][0] - before.w[0][0]) > 0.002);

    expect_cell(vt, &after, 0, 0);
    quit(vt);
}

/* The edit field says why Enter changed nothing, in the words of the
 * field (not of the :emb line it would have run), and shows the end of a
 * number longer than itself, where the typing is. */
static void the_edit_field_says_why_it_changed_nothing(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    assert_true(vt_key(vt, VT_KEY_TAB));
    static const struct { const char *typed, *says; } cases[] = {
        { "", "nothing typed: nothing changed" },
        { "-", "not a number: nothing changed" },
        { "1e999", "not a finite number: nothing changed" },
        { "2e9", "a component goes from -1e9 to 1e9: nothing changed" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(vt_type(vt, "e"));
        assert_true(vt_wait_for(vt, "new value for the highlighted", VT_TIMEOUT_MS));
        assert_true(vt_type(vt, cases[i].typed));
        assert_true(vt_key(vt, VT_KEY_ENTER));
        if (!vt_wait_for(vt, cases[i].says, VT_TIMEOUT_MS))
            fail_msg("\"%s\" did not say \"%s\"", cases[i].typed, cases[i].says);
    }
    assert_true(vt_type(vt, "e9876543210123"));
    assert_true(vt_wait_for(vt, "…543210123", VT_TIMEOUT_MS));   /* at 80 columns */
    assert_false(vt_find(vt, "98765", NULL, NULL));
    assert_true(vt_key(vt, VT_KEY_ESCAPE));
    assert_true(vt_wait_for(vt, "edit cancelled", VT_TIMEOUT_MS));
    quit(vt);
}

/* Esc and Down typed fast enough to arrive in one read: the Esc leaves the
 * prompt and the Down moves the cursor (it once became Meta-Esc for
 * readline and "[B" in the line). Alt+Backspace (Esc DEL) is still
 * readline's: it deletes a word and stays. */
static void esc_then_down_at_once_leaves_the_prompt_and_moves(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), SENTENCE, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "Esc: explore the heatmap", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":abc def"));
    assert_true(vt_wait_for(vt, "› :abc def", VT_TIMEOUT_MS));
    assert_true(vt_send(vt, "\033\177"));
    assert_true(vt_wait_for_not(vt, "def", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "› :abc", NULL, NULL));
    assert_true(vt_ctrl(vt, 'u'));
    assert_true(vt_wait_for_not(vt, "› :abc", VT_TIMEOUT_MS));
    /* Down as the program's application cursor mode sends it */
    assert_true(vt_send(vt, "\033\033OB"));
    assert_true(vt_wait_for(vt, "arrows: move", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "(row 1)", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "[B", NULL, NULL));
    quit(vt);
}

/* A click in the heatmap while a component is being edited moves the
 * cursor to another token: it ends the edit first ("edit cancelled"), so
 * no Enter afterwards can write the typed value into that token. */
static void a_click_during_an_edit_cancels_it(void **state)
{
    struct vt *vt = start(state, 100, 30, SENTENCE);
    assert_true(vt_key(vt, VT_KEY_TAB));
    assert_true(vt_type(vt, "e7"));
    assert_true(vt_wait_for(vt, "new value for the highlighted", VT_TIMEOUT_MS));
    /* the row of the token "tea", below the column labels (query ↓ ...) */
    int labels, row = -1;
    assert_true(vt_find(vt, "query ↓", &labels, NULL));
    for (int y = labels + 1; y < 30 && row < 0; y++) {
        char *line = vt_row_text(vt, y);
        if (strncmp(line, "tea ", 4) == 0)
            row = y;
        free(line);
    }
    assert_true(row > 0);
    char click[64];
    snprintf(click, sizeof click, "\033[<0;%d;%dM\033[<0;%d;%dm", 12, row + 1, 12, row + 1);
    assert_true(vt_send(vt, click));
    assert_true(vt_wait_for(vt, "edit cancelled", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "query \"tea\"", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_false(vt_wait_for(vt, ":emb", 500));
    quit(vt);
}

/* Large components keep two or three significant digits in the vectors
 * pane, so e, pe and x still add up on screen (one digit showed e =
 * -1,500,000 as "-2e+06" and x = e + 1 as "-1e+06"). */
static void large_vector_components_keep_their_digits(void **state)
{
    struct vt *vt = start(state, 100, 30, "alpha beta");
    assert_true(vt_type(vt, ":dim 4\r"));
    assert_true(vt_wait_for(vt, "d_model 4 ", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":emb alpha 15.5 1234.5 123456789 -1500000\r"));
    assert_true(vt_wait_for(vt, "1.23e8", VT_TIMEOUT_MS));
    int row, col;
    assert_true(vt_find(vt, "-1.5e6", &row, &col));
    /* x_0[3] = e + cos(0) = -1,499,999: the same to the digits shown */
    char *line = vt_row_text(vt, row);
    assert_non_null(line);
    const char *first = strstr(line, "-1.5e6");
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "-1.5e6"));
    assert_null(strstr(line, "e+0"));
    free(line);
    quit(vt);
}

/* On a narrow screen the flow strip is cut between two stages, with
 * "…", never inside a stage's name ("softmo"). */
static void a_narrow_flow_strip_is_cut_between_stages(void **state)
{
    static const char *const names[] = { "e", "+pe", "x", "q k v", "q·kᵀ", "÷√d_k", "mask",
                                         "softmax", "×v", "out" };
    struct vt *vt = start(state, 60, 20, SENTENCE);
    assert_true(vt_type(vt, ":stage e\r"));
    int row, col;
    assert_true(vt_wait_for(vt, "tokens → e → +pe", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "tokens → e → +pe", &row, &col));
    char *line = vt_row_text(vt, row);
    assert_non_null(line);
    /* every piece after "tokens" is a whole stage name, or the "…" */
    char *p = line + col + strlen("tokens → ");
    for (char *next; p; p = next) {
        next = strstr(p, " → ");
        if (next) {
            *next = '\0';
            next += strlen(" → ");
        }
        for (size_t n = strlen(p); n > 0 && p[n - 1] == ' '; n--)
            p[n - 1] = '\0';
        bool known = strcmp(p, "…") == 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            known = known || strcmp(p, names[k]) == 0;
        if (!known)
            fail_msg("at 60 columns the strip shows \"%s\"", p);
    }
    free(line);
    quit(vt);
}

/* :export writes the stage on screen and says so in the message line. */
static void export_writes_the_shown_stage_and_says_where(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(state, 100, 30, SENTENCE);
    char line[256];
    assert_true(vt_type(vt, "<<<<"));
    assert_true(vt_wait_for(vt, ":stage qkv", VT_TIMEOUT_MS));
    snprintf(line, sizeof line, ":export svg %s/h.svg", e->env.dir);
    assert_true(vt_type(vt, line));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "h.svg (4 \xC3\x97 8 qkv, head 0)", VT_TIMEOUT_MS));
    char *svg = read_file(temp_path(e->env.dir, "h.svg"), NULL);
    assert_non_null(strstr(svg, "attnviz \xC2\xB7 qkv \xC2\xB7 head 0"));
    free(svg);
    quit(vt);
}

static void resizing_to_60x20_and_200x60_redraws_a_clean_layout(void **state)
{
    struct vt *vt = start(state, 80, 24, NULL);
    wait_first_frame(vt);
    struct ref_model m;
    shown_model(vt, &m);
    assert_true(vt_type(vt, "jl"));                 /* the cursor survives resizes */
    expect_cell(vt, &m, 1, 1);
    assert_true(vt_resize(vt, 60, 20));
    expect_same_as_fresh_start(state, 60, 20, "jl");
    assert_true(vt_find(vt, "d_model 8", NULL, NULL));
    assert_true(vt_resize(vt, 200, 60));
    expect_same_as_fresh_start(state, 200, 60, "jl");
    expect_cell(vt, &m, 1, 1);
    quit(vt);
}

static void a_too_small_terminal_says_so_and_the_screen_recovers_when_it_grows(void **state)
{
    struct vt *vt = start(state, 80, 24, NULL);
    wait_first_frame(vt);
    assert_true(vt_resize(vt, 30, 10));
    assert_true(vt_wait_for(vt, "terminal too small", VT_TIMEOUT_MS));
    /* Narrower than the message: the size it needs still shows. */
    assert_true(vt_wait_for(vt, "(needs 60x16)", VT_TIMEOUT_MS));
    /* Nothing else is left on the screen: no status line, no heatmap. */
    assert_true(vt_wait_for_not(vt, "d_model", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "query", NULL, NULL));
    assert_false(vt_find(vt, "gives", NULL, NULL));

    assert_true(vt_resize(vt, 80, 24));
    assert_true(vt_wait_for_not(vt, "terminal too small", VT_TIMEOUT_MS));
    expect_same_as_fresh_start(state, 80, 24, "");
    quit(vt);
}

/* Signals that arrive while the program is busy drawing, not waiting for a
 * key, must take effect without waiting for the next key: a dragged window
 * sends SIGWINCH after SIGWINCH and the last size must win however they
 * fall. The first frame is the widest such moment (the status line is
 * drawn first, so once it shows the rest is still being drawn); several
 * rounds, since each signal lands at a slightly different point. */
enum { DRAWING_ROUNDS = 8 };

static bool resize_once_drawing(struct vt *vt, void *ctx)
{
    const int *size = ctx;
    return vt_find(vt, "d_model", NULL, NULL) && vt_resize(vt, size[0], size[1]);
}

static bool sigterm_once_drawing(struct vt *vt, void *ctx)
{
    (void)ctx;
    return vt_find(vt, "d_model", NULL, NULL) && vt_kill(vt, SIGTERM);
}

static void start_and_act_while_drawing(struct e2e *e, vt_pred act, void *ctx)
{
    char *const argv[] = { (char *)attnviz_binary(), NULL };
    spawn_with_home(e, &e->vt, 80, 24, argv, false);
    assert_true(vt_wait_until(e->vt, act, ctx, VT_TIMEOUT_MS));
}

static void a_resize_that_arrives_while_drawing_is_not_lost(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), NULL };
    struct vt *fresh = spawn_with_home(e, &e->fresh[0], 100, 30, argv, false);
    assert_true(vt_wait_for(fresh, "d_model ", VT_TIMEOUT_MS));
    wait_first_frame(fresh);
    for (int round = 0; round < DRAWING_ROUNDS; round++) {
        int size[2] = { 100, 30 };
        start_and_act_while_drawing(e, resize_once_drawing, size);
        if (!vt_wait_same(e->vt, fresh, VT_TIMEOUT_MS))
            fail_msg("round %d: the resize to 100x30 while drawing was lost", round);
    }
}

static void sigterm_while_drawing_still_ends_the_program_and_restores_the_terminal(void **state)
{
    struct e2e *e = *state;
    for (int round = 0; round < DRAWING_ROUNDS; round++) {
        start_and_act_while_drawing(e, sigterm_once_drawing, NULL);
        int status = vt_wait_exit(e->vt, VT_TIMEOUT_MS);
        if (status <= 0)
            fail_msg("round %d: SIGTERM while drawing gave exit status %d (-1: still running)",
                     round, status);
        expect_modes_restored(e->vt);
    }
}

static void no_color_output_contains_no_color_escapes(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = spawn_into(e, &e->vt, 80, 24, SENTENCE, true);
    struct ref_model m;
    dump_model(SENTENCE, NULL, &m);
    /* A few frames: cursor moves, a toggle that recomputes, the exit. */
    assert_true(vt_type(vt, "jl"));
    expect_cell(vt, &m, 1, 1);
    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "causal on", VT_TIMEOUT_MS));
    assert_false(vt_screen_has_color(vt));
    assert_true(vt_type(vt, "q"));     /* the toggle is unsaved: q asks, q again quits */
    assert_true(vt_wait_for(vt, "unsaved changes", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "q"));
    expect_clean_exit(vt);

    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    char *sgr = first_color_escape(raw, len);
    if (sgr) {
        fprintf(stderr, "color escape ESC%s under NO_COLOR\n", sgr);
        free(sgr);
        fail();
    }
}

static void q_quits_with_status_0_and_restores_the_terminal(void **state)
{
    struct vt *vt = start_in_shell(state);
    assert_true(vt_wait_for(vt, "gives ", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "q"));
    expect_clean_exit(vt);
    expect_terminal_restored(vt);
}

static void ctrl_d_on_an_empty_prompt_quits_and_restores_the_terminal(void **state)
{
    struct vt *vt = start_in_shell(state);
    assert_true(vt_key(vt, VT_KEY_ENTER));          /* to the prompt */
    assert_true(vt_ctrl(vt, 'd'));
    expect_clean_exit(vt);
    expect_terminal_restored(vt);
}

static void sigterm_restores_the_terminal_before_exiting(void **state)
{
    struct vt *vt = start(state, 80, 24, NULL);
    wait_first_frame(vt);                           /* idle, waiting for a key */
    assert_true(vt_kill(vt, SIGTERM));
    assert_true(vt_wait_exit(vt, VT_TIMEOUT_MS) > 0);   /* ended, reporting failure */
    assert_false(vt_find(vt, "d_model", NULL, NULL));   /* the main screen is back */
    expect_modes_restored(vt);
}

/* Home and End as tmux sends them to an xterm-256color program (ESC [ 1 ~,
 * ESC [ 4 ~) are not in its terminfo; their bytes must not arrive as keys
 * ('[' would change the head). */
static void an_unknown_escape_sequence_is_dropped_not_read_as_keys(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), "--heads", "2", SENTENCE, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 80, 24, argv, false);
    assert_true(vt_wait_for(vt, "head 0", VT_TIMEOUT_MS));
    wait_first_frame(vt);
    leave_prompt(vt);
    assert_true(vt_send(vt, "\033[1~\033[4~"));
    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "causal on", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "head 0", NULL, NULL));
    assert_false(vt_find(vt, "head 1", NULL, NULL));
    quit(vt);
}

/* A bad byte typed at the prompt is reported; once the line is cleared and
 * a good sentence typed, the error goes (and the bad byte swallowed no key). */
static void a_preview_error_goes_when_the_line_no_longer_has_it(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_send(vt, "ab \xff"));
    assert_true(vt_wait_for(vt, "invalid UTF-8", VT_TIMEOUT_MS));
    assert_true(vt_ctrl(vt, 'u'));
    assert_true(vt_type(vt, "hot tea"));
    assert_true(vt_wait_for(vt, "preview", VT_TIMEOUT_MS));
    assert_true(vt_wait_for_not(vt, "invalid UTF-8", VT_TIMEOUT_MS));
    /* the prompt row holds the new line only: nothing of "ab \xff" is left
     * (the row, not the screen: the hint elsewhere says "Tab") */
    int row;
    assert_true(vt_wait_for(vt, "› hot tea", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "› hot tea", &row, NULL));
    char *prompt = vt_row_text(vt, row);
    assert_string_equal(prompt, "› hot tea");
    free(prompt);
    assert_true(vt_ctrl(vt, 'u'));
    quit(vt);
}

/* Tab completes the words of the sentence on screen, also while the next
 * one is typed (and previewed). */
static void tab_completes_a_token_of_the_sentence_while_typing_the_next(void **state)
{
    struct vt *vt = start(state, 80, 24, SENTENCE);
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_type(vt, "hot wa"));
    assert_true(vt_wait_for(vt, "preview", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_TAB));
    assert_true(vt_wait_for(vt, "hot warm", VT_TIMEOUT_MS));
    assert_true(vt_ctrl(vt, 'u'));
    quit(vt);
}

/* A key's command that fails says why, without the "prompt:" of a typed
 * line: nothing was typed. */
static void a_failing_key_reports_its_error_without_a_prompt_prefix(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), "--dim", "1", SENTENCE, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 80, 24, argv, false);
    assert_true(vt_wait_for(vt, "d_model 1", VT_TIMEOUT_MS));
    wait_first_frame(vt);
    leave_prompt(vt);
    /* at the first screen there is no change to undo: the sentence the
     * program started with is the start of history */
    assert_true(vt_type(vt, "u"));
    assert_true(vt_wait_for(vt, "nothing to undo", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "\"" SENTENCE "\"", NULL, NULL));
    assert_false(vt_find(vt, "prompt:", NULL, NULL));
    /* - at d_model 1 says where d_model ends, not that 0 was typed */
    assert_true(vt_type(vt, "-"));
    assert_true(vt_wait_for(vt, "d_model is already 1", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "from 1 to 4096", NULL, NULL));
    quit(vt);
}

/* Going back to before a replayed tour's first sentence empties the
 * heatmap: its hint stands alone, with no label of the sentence left. */
static void going_back_before_the_sentence_leaves_no_label_behind(void **state)
{
    struct e2e *e = *state;
    char script[PATH_MAX];
    snprintf(script, sizeof script, "%s/one.attn", e->env.dir);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", SENTENCE);
    fclose(f);
    char *const argv[] = { (char *)attnviz_binary(), "--replay", script, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 80, 24, argv, false);
    assert_true(vt_wait_for(vt, "step 1/1", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "N"));
    assert_true(vt_wait_for(vt, "step 0/1", VT_TIMEOUT_MS));   /* the bottom line: drawn last */
    assert_true(vt_wait_for(vt, "no sentence yet", VT_TIMEOUT_MS));
    int row, col;
    assert_true(vt_find(vt, "no sentence yet", &row, &col));
    for (int x = 0; x < col; x++) {
        struct vt_cell cell;
        assert_true(vt_cell(vt, row, x, &cell));
        assert_int_equal(strspn(cell.text, " "), strlen(cell.text));
    }
    char *screen = vt_screen_text(vt);
    if (vt_find(vt, "we ", NULL, NULL))
        fail_msg("a label is left:\n%s", screen);
    free(screen);
    quit(vt);
}

/* The heatmap's cursor cell: the one cell in reverse video and bold (the
 * labels of its row and column are bold only). */
struct spot {
    int y, x;
};

static bool cursor_cell(struct vt *vt, struct spot *out)
{
    int cols, rows;
    vt_size(vt, &cols, &rows);
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++) {
            struct vt_cell c;
            if (vt_cell(vt, y, x, &c) && c.reverse && c.bold) {
                *out = (struct spot){ y, x };
                return true;
            }
        }
    return false;
}

/* vt_pred: the cursor cell is no longer at ctx (a struct spot). */
static bool cursor_left(struct vt *vt, void *ctx)
{
    const struct spot *was = ctx;
    struct spot now;
    return cursor_cell(vt, &now) && (now.y != was->y || now.x != was->x);
}

/* Moves the cursor one cell right; returns once the heatmap shows it. */
static void right_and_see_the_cursor_move(struct vt *vt)
{
    struct spot was;
    assert_true(cursor_cell(vt, &was));
    assert_true(vt_key(vt, VT_KEY_RIGHT));
    assert_true(vt_wait_until(vt, cursor_left, &was, VT_TIMEOUT_MS));
}

/* The test's config file ($XDG_CONFIG_HOME/attnviz/config), with text. */
static void write_config(struct e2e *e, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/config", e->env.dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/config/attnviz", e->env.dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/config/attnviz/config", e->env.dir);
    write_file(path, text);
}

/* A cursor move draws the heatmap's cursor at once; the explain and
 * vectors panes follow once it has rested for :detail-delay (1.5 s from
 * the config file here), and at once with :detail-delay 0. */
static void the_detail_panes_follow_the_cursor_once_it_rests(void **state)
{
    write_config(*state, "detail-delay = 1500\n");
    struct vt *vt = start(state, 100, 30, SENTENCE);
    struct ref_model m;
    dump_model(SENTENCE, NULL, &m);
    expect_cell(vt, &m, 0, 0);
    assert_true(vt_find(vt, "vectors ", NULL, NULL));
    right_and_see_the_cursor_move(vt);
    /* the panes still explain the cell the cursor left */
    assert_true(vt_find(vt, "(col 0)", NULL, NULL));
    assert_false(vt_find(vt, "key \"like\"", NULL, NULL));
    expect_cell(vt, &m, 0, 1);
    assert_true(vt_find(vt, "query \"we\" → key \"like\"", NULL, NULL));   /* the vectors */

    assert_true(vt_type(vt, ":detail-delay 0\r"));
    assert_true(vt_wait_for(vt, ":detail-delay 0", VT_TIMEOUT_MS));
    leave_prompt(vt);
    right_and_see_the_cursor_move(vt);
    /* well before the 1.5 s of a deferred frame */
    assert_true(vt_wait_for(vt, "(col 2)", 1000));
    expect_cell(vt, &m, 0, 2);
    quit(vt);
}

static void write_text(struct e2e *e, const char *name, size_t words, char *path, size_t cap)
{
    static const char *const w[] = { "the", "cat", "sat", "on", "a", "mat", "and", "slept" };
    snprintf(path, cap, "%s/%s", e->env.dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t i = 0; i < words; i++)
        fprintf(f, "%s%s", w[(i * 5 + i / 7) % 8], i % 12 == 11 ? "\n" : " ");
    assert_int_equal(fclose(f), 0);
}

/* A rest shorter than a frame (1 ms, and a frame of a 2,000-token heatmap
 * on a 200x60 screen takes longer) ends while the heatmap is being drawn:
 * the panes still follow, every time, with nothing else to wake the
 * program (no autosave due, no replay, no pass running). */
static void the_panes_follow_when_the_rest_ends_during_a_frame(void **state)
{
    struct e2e *e = *state;
    char text[PATH_MAX];
    write_config(e, "detail-delay = 1\n");
    write_text(e, "chapter.txt", 2000, text, sizeof text);
    char *const argv[] = { (char *)attnviz_binary(), text, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 200, 60, argv, false);
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    leave_prompt(vt);
    for (int col = 1; col <= 12; col++) {
        char want[32];
        snprintf(want, sizeof want, "(col %d)", col);
        assert_true(vt_key(vt, VT_KEY_RIGHT));
        if (!vt_wait_for(vt, want, VT_TIMEOUT_MS))
            fail_msg("the explain pane never followed the cursor to %s", want);
    }
    quit(vt);
}

/* > and < step through the stages of the computation and v opens the PE
 * view: the heatmap's title and the explain pane follow, the pane writing
 * the arithmetic of the stage shown. */
static void the_stage_keys_step_the_heatmap_and_the_explain_pane_follows(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), SENTENCE, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 110, 32, argv, false);
    wait_first_frame(vt);
    leave_prompt(vt);
    assert_true(vt_type(vt, "<"));
    assert_true(vt_wait_for(vt, ":stage masked", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "<"));
    assert_true(vt_wait_for(vt, "score = ", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "<"));
    assert_true(vt_wait_for(vt, "the next stage divides", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "<"));
    assert_true(vt_wait_for(vt, "x_0·W_q[:,0] = ", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ">>>>>"));
    assert_true(vt_wait_for(vt, "taken apart", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "v"));
    assert_true(vt_wait_for(vt, "PE·PEᵀ", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "PE[0][0] = sin(", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "v"));
    /* back to the attention view at the stage it left */
    assert_true(vt_wait_for(vt, "taken apart", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "PE·PEᵀ", NULL, NULL));
    quit(vt);
}

/* A text of `words` words in the test's folder; its path in path. */
/* A 2,000-token text at d_model 256: each change takes several frames.
 * Changes typed while one runs: the last one wins, the picture is never
 * a stale one (the explain pane ends on the last settings' arithmetic),
 * and the status line's "computing" goes once the picture is current. */
static void changes_during_a_slow_recompute_end_on_the_newest(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "chapter.txt", 2000, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), "--dim", "256", "--heads", "4", path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 110, 32, argv, false);
    assert_true(vt_wait_for(vt, "of 2,000", VT_TIMEOUT_MS));
    leave_prompt(vt);
    assert_true(vt_type(vt, "cs"));
    assert_true(vt_key(vt, VT_KEY_RIGHT));
    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "scale off", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "(scaling off", VT_TIMEOUT_MS));
    assert_true(vt_wait_for_not(vt, "computing", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "causal off", NULL, NULL));
    assert_true(vt_find(vt, "key \"mat\" (col 1)", NULL, NULL));
    quit(vt);
}

/* Quitting while a pass runs is immediate and restores the terminal. */
static void quitting_mid_recompute_restores_the_terminal(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "chapter.txt", 2000, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), "--dim", "256", "--heads", "4", path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "of 2,000", VT_TIMEOUT_MS));
    leave_prompt(vt);
    assert_true(vt_type(vt, "c"));
    quit(vt);
    expect_modes_restored(vt);
}

/* Control sequences inside a paste at the prompt (a title, a cursor
 * report request, a DCS query) are dropped whole: none of their bytes is
 * typed, and nothing around them is lost, the Enter included. */
static void control_sequences_pasted_at_the_prompt_are_dropped_whole(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), SENTENCE, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    wait_first_frame(vt);
    assert_true(vt_send(vt, "abc \033]0;pwned\007 def \033[6n ghi \033P+q\033\\ jkl"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "\"abc  def  ghi  jkl\"", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "pwned", NULL, NULL));
    assert_false(vt_find(vt, "+q", NULL, NULL));
    quit(vt);
}

/* SIGTERM while a pass runs in the background: the program ends at once
 * (the pass is stopped, not waited for to the end) and the terminal is
 * restored. */
static void sigterm_mid_recompute_restores_the_terminal(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "chapter.txt", 2000, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), "--dim", "256", "--heads", "4", path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "of 2,000", VT_TIMEOUT_MS));
    leave_prompt(vt);
    assert_true(vt_type(vt, "c"));
    assert_true(vt_kill(vt, SIGTERM));
    assert_true(vt_wait_exit(vt, VT_TIMEOUT_MS) > 0);
    assert_false(vt_find(vt, "d_model", NULL, NULL));
    expect_modes_restored(vt);
}

/* Beside the weights each row's entropy in bits and its top 3 keys, as
 * computed here from the model's weights. */
static void row_summaries_give_each_rows_entropy_and_top_3(void **state)
{
    struct e2e *e = *state;
    const char *sentence = "a b c d e f g h i j k l m n o p";
    struct ref_model m;
    dump_model(sentence, NULL, &m);
    char *const argv[] = { (char *)attnviz_binary(), (char *)sentence, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 200, 30, argv, false);
    assert_true(vt_wait_for(vt, "top 3", VT_TIMEOUT_MS));
    size_t n = m.t.n;
    for (size_t i = 0; i < n; i += 5) {
        double h = 0.0;
        size_t top[3] = { 0, 0, 0 };
        bool used[MAX_TOKENS] = { false };
        for (size_t j = 0; j < n; j++)
            if (m.w[i][j] > 0.0)
                h -= m.w[i][j] * log2(m.w[i][j]);
        for (int k = 0; k < 3; k++) {
            size_t best = SIZE_MAX;
            for (size_t j = 0; j < n; j++)
                if (!used[j] && (best == SIZE_MAX || m.w[i][j] > m.w[i][best]))
                    best = j;
            used[best] = true;
            top[k] = best;
        }
        char want[128];
        snprintf(want, sizeof want, "%.2fb  %s .%02d %s .%02d %s .%02d", h,
                 m.t.text[top[0]], (int)(m.w[i][top[0]] * 100 + 0.5),
                 m.t.text[top[1]], (int)(m.w[i][top[1]] * 100 + 0.5),
                 m.t.text[top[2]], (int)(m.w[i][top[2]] * 100 + 0.5));
        int y = -1;
        if (!vt_wait_for(vt, want, VT_TIMEOUT_MS) || !vt_find(vt, want, &y, NULL))
            fail_msg("row %zu: \"%s\" is not on the screen", i, want);
        char *line = vt_row_text(vt, y), label[8];
        snprintf(label, sizeof label, "%s ", m.t.text[i]);
        if (strncmp(line, label, strlen(label)) != 0)
            fail_msg("row %zu: \"%s\" is on the line of another row:\n%s", i, want, line);
        free(line);
    }
    quit(vt);
}

/* A 2,000-token text: the far corner and back, with the labels and the
 * position indicator following. */
static void scrolling_to_the_far_corner_and_back(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "chapter.txt", 2000, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    leave_prompt(vt);
    assert_true(vt_type(vt, "G"));
    assert_true(vt_key(vt, VT_KEY_END));
    assert_true(vt_wait_for(vt, "(row 1999) → key", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "(col 1999)", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "–2,000 of 2,000", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, "g"));
    assert_true(vt_key(vt, VT_KEY_HOME));
    assert_true(vt_wait_for(vt, "(row 0) → key", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "(col 0)", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    quit(vt);
}

/* vt_pred: row ctx->row no longer reads ctx->s. */
struct row_was {
    int row;
    char s[512];
};

static bool row_changed(struct vt *vt, void *ctx)
{
    struct row_was *was = ctx;
    char *now = vt_row_text(vt, was->row);
    bool changed = strcmp(now, was->s) != 0;
    free(now);
    return changed;
}

/* The heatmap's title is cut before the legend, with a blank between
 * them, however long the position and the legend are ("rows 1–88 oauto"
 * once overwrote one with the other). */
static void the_title_never_runs_into_the_legend(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "long.txt", 3490, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 120, 34, argv, false);
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    leave_prompt(vt);
    struct row_was title;
    assert_true(vt_find(vt, "rows 1–", &title.row, NULL));
    for (int zoom = 0; zoom < 3; zoom++) {
        char *line = vt_row_text(vt, title.row);
        const char *legend = strstr(line, "auto ");
        if (!legend || legend == line || legend[-1] != ' ')
            fail_msg("the title runs into the legend: %s", line);
        snprintf(title.s, sizeof title.s, "%s", line);
        free(line);
        assert_true(vt_type(vt, "z"));
        assert_true(vt_wait_until(vt, row_changed, &title, VT_TIMEOUT_MS));
    }
    /* three panes (e + pe = x): the titles before the last stop at the
     * legend too, whose low end, the sinusoid's -1, keeps its minus */
    assert_true(vt_type(vt, ":zoom 1\r"));
    assert_true(vt_wait_for(vt, ":zoom 1", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":stage pe\r"));
    assert_true(vt_wait_for(vt, ":stage pe", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "token ↓", VT_TIMEOUT_MS));
    char *line = vt_row_text(vt, title.row);
    if (!strstr(line, " -0.9") && !strstr(line, " -1 "))
        fail_msg("the legend lost its low end: %s", line);
    free(line);
    quit(vt);
}

/* :zoom fit shows the whole matrix and the explain pane the cursor's
 * block; :zoom 1 comes back to the same cell. */
static void zooming_to_fit_and_back_keeps_the_cell(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "chapter.txt", 2000, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":select 1234 567"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "(row 1234) → key", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":zoom fit"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "block: rows ", VT_TIMEOUT_MS));
    char *screen = vt_screen_text(vt);
    const char *b = strstr(screen, "block: rows ");
    unsigned r0, r1, c0, c1;
    assert_int_equal(sscanf(b, "block: rows %u–%u × columns %u–%u", &r0, &r1, &c0, &c1), 4);
    assert_true(r0 <= 1234 && 1234 <= r1 && c0 <= 567 && 567 <= c1);
    assert_true(r1 - r0 > 10);    /* a summary of many cells */
    assert_null(strstr(screen, "rows 1–"));   /* every row on one screen */
    free(screen);
    assert_true(vt_type(vt, ":zoom 1"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "(row 1234) → key", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "(col 567)", VT_TIMEOUT_MS));
    quit(vt);
}

/* Zoomed out with colors, one character cell shows two blocks: ▀ in the
 * upper block's color over the lower's. With the causal mask, the first
 * block of the first column holds weight 1 (query 0 sees only itself) and
 * the one below it less, so that cell has two colors. */
static void zoomed_out_a_cell_shows_two_blocks_in_two_colors(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX];
    write_text(e, "page.txt", 200, path, sizeof path);
    char *const argv[] = { (char *)attnviz_binary(), path, NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
    assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":causal on"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    /* (an Enter with more input right behind it is a paste's: wait for
     * the status line, not the typed line) */
    assert_true(vt_wait_for(vt, "causal on  seed", VT_TIMEOUT_MS));
    assert_true(vt_type(vt, ":zoom fit"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    if (!vt_wait_for(vt, "block: rows 0–", VT_TIMEOUT_MS)) {
        char *screen = vt_screen_text(vt);
        fail_msg("no block explained:\n%s", screen);
    }
    int y = -1, x0 = -1;
    assert_true(vt_find(vt, "query ↓", &y, NULL));
    y++;     /* the first row of blocks */
    for (int x = 1; x < 40 && x0 < 0; x++) {
        struct vt_cell c;
        assert_true(vt_cell(vt, y, x, &c));
        if (strcmp(c.text, "▀") == 0)
            x0 = x;
    }
    struct vt_cell c;
    assert_true(x0 > 0 && vt_cell(vt, y, x0, &c));
    if (c.fg_default || c.bg_default || c.fg_rgb == c.bg_rgb) {
        char *screen = vt_screen_text(vt);
        fail_msg("the first block cell is not two colors (fg %06x, bg %06x):\n%s", c.fg_rgb,
                 c.bg_rgb, screen);
    }
    quit(vt);
}

/* A pasted paragraph of 1,000 words (7 KB), bracketed and not: it lands
 * in the prompt as one line, the preview does not run a character at a
 * time (the screen answers within the usual wait), and Enter makes it the
 * sentence. */
static void a_thousand_word_paste_lands_in_the_prompt_at_once(void **state)
{
    struct e2e *e = *state;
    static const char *const w[] = { "the", "cat", "sat", "on", "a", "mat", "and", "slept" };
    char *text = malloc(8 * 1000 + 64), *o = text;
    for (size_t i = 0; i < 1000; i++)
        o += sprintf(o, "%s%s", i ? (i % 13 ? " " : "\n") : "", w[(i * 3 + i / 5) % 8]);
    for (int bracketed = 0; bracketed < 2; bracketed++) {
        char *const argv[] = { (char *)attnviz_binary(), SENTENCE, NULL };
        struct vt *vt = spawn_with_home(e, &e->vt, 100, 30, argv, false);
        wait_first_frame(vt);
        char *paste = malloc(strlen(text) + 16);
        sprintf(paste, "%s%s%s", bracketed ? "\033[200~" : "", text, bracketed ? "\033[201~" : "");
        assert_true(vt_send(vt, paste));
        free(paste);
        /* the preview of the whole paragraph: 1,000 tokens, nothing run */
        assert_true(vt_wait_for(vt, "rows 1–", VT_TIMEOUT_MS));
        assert_true(vt_find(vt, "preview", NULL, NULL));
        assert_true(vt_key(vt, VT_KEY_ENTER));
        assert_true(vt_wait_for(vt, "of 1,000", VT_TIMEOUT_MS));
        assert_true(vt_wait_for_not(vt, "preview", VT_TIMEOUT_MS));
        quit(vt);
        vt_free(e->vt);
        e->vt = NULL;
    }
    free(text);
}

/* The PE view: the cursor moves over PE (positions × dimensions) and the
 * explain pane follows with the formula of the cell it is on. */
static void moving_over_the_pe_view_explains_each_cell(void **state)
{
    struct e2e *e = *state;
    char *const argv[] = { (char *)attnviz_binary(), "a b c d e f", NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 110, 32, argv, false);
    wait_first_frame(vt);
    leave_prompt(vt);
    assert_true(vt_type(vt, "v"));
    assert_true(vt_wait_for(vt, "PE[0][0] = sin(", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_DOWN));
    assert_true(vt_wait_for(vt, "PE[1][0] = sin(1 ×", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_RIGHT));
    assert_true(vt_wait_for(vt, "PE[1][1] = cos(1 ×", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "PE_1·PE_", VT_TIMEOUT_MS));
    quit(vt);
}

/* The shipped word vectors: the status line names them and says how many
 * of the tokens they have; a token they lack is marked in the vectors. */
static void the_shipped_vectors_load_and_the_screen_says_so(void **state)
{
    struct e2e *e = *state;
    /* the tests run from the source tree */
    char *const argv[] = { (char *)attnviz_binary(), "--vectors", "samples/vectors/common-48.txt",
                           "cat dog zzqx", NULL };
    struct vt *vt = spawn_with_home(e, &e->vt, 120, 32, argv, false);
    assert_true(vt_wait_for(vt, "vectors common-48 (48 dims, 2/3 found)", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "d_model 48", NULL, NULL));
    leave_prompt(vt);
    assert_true(vt_type(vt, "jj"));
    assert_true(vt_wait_for(vt, "e_2*", VT_TIMEOUT_MS));
    quit(vt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(starting_shows_the_default_sentence_as_labels_and_the_status_line),
        T(typing_a_sentence_shows_its_tokens_as_labels),
        T(moving_the_cursor_explains_the_cell_it_lands_on),
        T(the_detail_panes_follow_the_cursor_once_it_rests),
        T(the_panes_follow_when_the_rest_ends_during_a_frame),
        T(plus_raises_d_model_by_one_and_recomputes),
        T(c_toggles_the_causal_mask_and_a_cell_above_the_diagonal_is_masked),
        T(editing_a_vector_component_changes_the_weights),
        T(a_click_during_an_edit_cancels_it),
        T(the_edit_field_says_why_it_changed_nothing),
        T(esc_then_down_at_once_leaves_the_prompt_and_moves),
        T(large_vector_components_keep_their_digits),
        T(a_narrow_flow_strip_is_cut_between_stages),
        T(export_writes_the_shown_stage_and_says_where),
        T(resizing_to_60x20_and_200x60_redraws_a_clean_layout),
        T(a_too_small_terminal_says_so_and_the_screen_recovers_when_it_grows),
        T(a_resize_that_arrives_while_drawing_is_not_lost),
        T(no_color_output_contains_no_color_escapes),
        T(q_quits_with_status_0_and_restores_the_terminal),
        T(ctrl_d_on_an_empty_prompt_quits_and_restores_the_terminal),
        T(sigterm_restores_the_terminal_before_exiting),
        T(sigterm_while_drawing_still_ends_the_program_and_restores_the_terminal),
        T(an_unknown_escape_sequence_is_dropped_not_read_as_keys),
        T(control_sequences_pasted_at_the_prompt_are_dropped_whole),
        T(a_preview_error_goes_when_the_line_no_longer_has_it),
        T(tab_completes_a_token_of_the_sentence_while_typing_the_next),
        T(a_failing_key_reports_its_error_without_a_prompt_prefix),
        T(going_back_before_the_sentence_leaves_no_label_behind),
        T(the_stage_keys_step_the_heatmap_and_the_explain_pane_follows),
        T(changes_during_a_slow_recompute_end_on_the_newest),
        T(quitting_mid_recompute_restores_the_terminal),
        T(sigterm_mid_recompute_restores_the_terminal),
        T(row_summaries_give_each_rows_entropy_and_top_3),
        T(scrolling_to_the_far_corner_and_back),
        T(zooming_to_fit_and_back_keeps_the_cell),
        T(the_title_never_runs_into_the_legend),
        T(zoomed_out_a_cell_shows_two_blocks_in_two_colors),
        T(a_thousand_word_paste_lands_in_the_prompt_at_once),
        T(moving_over_the_pe_view_explains_each_cell),
        T(the_shipped_vectors_load_and_the_screen_says_so),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
