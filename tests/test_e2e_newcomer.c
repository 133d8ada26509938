/* test_e2e_newcomer.c - a newcomer's first ten minutes (issue 13), in the
 * real binary ($ATTNVIZ) on a pseudo-terminal: what they typed, pasted and
 * pressed, and what the screen must then show.
 *
 *   1 typing straight after the start is a sentence, not keys
 *   2 a paste, bracketed or not, stays text in the prompt
 *   3 quitting with unsaved changes asks; the autosave brings a killed
 *     session back
 *   4 undo at the first screen, undo and redo of a change
 *   5 a tour's first screen, its play speed, a change off its script
 *   6 a 70-word sentence's colors (and glyphs without colors)
 *   7 Tab completion of :hea, - at d_model 1
 *
 * Each test has its own HOME and XDG folders in a fresh temporary folder
 * (tests/support/spawn_env.h) and writes nowhere else. Nothing sleeps:
 * every wait polls the emulated screen (or, for the autosave, the state
 * folder through inotify) with a deadline. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/spawn_env.h"
#include "support/vt.h"

/* What attnviz shows when started with no sentence (src/tui/tui.c). */
#define DEMO "The cat sat on the mat because it was tired ."

/* 71 words: every weight is small, under a quarter. */
#define LONG_SENTENCE                                                                     \
    "the quick brown fox jumps over the lazy dog while a small cat sleeps on the warm "  \
    "mat near an old red door and birds sing songs in tall green trees as children "     \
    "play games with bright balls under blue skies before dinner time comes to every "   \
    "happy home in this quiet little town where people walk slowly along narrow "        \
    "streets each morning and evening when the sun rises or sets"

/* The mask as the status line says it: with the item before it, so that a
 * message quoting ":causal on" is not taken for it. */
#define CAUSAL_ON "scale on  causal on"
#define CAUSAL_OFF "scale on  causal off"

/* ---- each test's world ------------------------------------------------------ */

struct e2e {
    struct vt *vt;
    struct spawn_env env;
};

static int setup(void **state)
{
    struct e2e *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    if (spawn_env_make(&e->env, "attnviz-e2e-newcomer") != 0) {
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
    spawn_env_remove(&e->env);
    free(e);
    return 0;
}

/* Starts argv (argv[0] is replaced by the binary under test when NULL) on
 * a cols x rows terminal with the test's private home, NO_COLOR=1 when
 * no_color; the previous instance, if any, is killed first. */
static struct vt *spawn(struct e2e *e, int cols, int rows, char *argv[], bool no_color)
{
    char *const env[] = { e->env.home, e->env.state_home, e->env.config_home,
                          no_color ? "NO_COLOR=1" : NULL, NULL };
    if (!argv[0])
        argv[0] = (char *)attnviz_binary();
    vt_free(e->vt);
    e->vt = vt_spawn(cols, rows, argv, env);
    assert_non_null(e->vt);
    return e->vt;
}

/* attnviz with no arguments, as a newcomer starts it, at 80x24. */
static struct vt *start_plain(struct e2e *e)
{
    char *argv[] = { NULL, NULL };
    return spawn(e, 80, 24, argv, false);
}

static void see(struct vt *vt, const char *text)
{
    if (!vt_wait_for(vt, text, VT_TIMEOUT_MS))
        fail_msg("the screen never showed \"%s\"", text);
}

static void see_no(struct vt *vt, const char *text)
{
    if (!vt_wait_for_not(vt, text, VT_TIMEOUT_MS))
        fail_msg("the screen kept showing \"%s\"", text);
}

static void press(struct vt *vt, const char *keys)
{
    assert_true(vt_type(vt, keys));
}

static void key(struct vt *vt, enum vt_key k)
{
    assert_true(vt_key(vt, k));
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

/* The whole first frame is there: curses draws top to bottom, the prompt
 * row last. */
static void wait_first_frame(struct vt *vt)
{
    see(vt, "d_model ");
    assert_true(vt_wait_until(vt, bottom_row_drawn, NULL, VT_TIMEOUT_MS));
}

/* Esc leaves the prompt for the heatmap; its hint then takes the prompt
 * row. */
static void leave_prompt(struct vt *vt)
{
    key(vt, VT_KEY_ESCAPE);
    see(vt, "arrows: move");
}

/* The row whose text is the prompt sign and then exactly text. */
static bool prompt_is(struct vt *vt, void *ctx)
{
    char want[512];
    /* the row's trailing blanks are trimmed: an empty line is "›" */
    snprintf(want, sizeof want, *(const char *)ctx ? "› %s" : "›", (const char *)ctx);
    int cols, rows;
    vt_size(vt, &cols, &rows);
    char *last = vt_row_text(vt, rows - 1);
    bool same = strcmp(last, want) == 0;
    free(last);
    return same;
}

static void see_prompt(struct vt *vt, const char *text)
{
    if (!vt_wait_until(vt, prompt_is, (void *)text, VT_TIMEOUT_MS))
        fail_msg("the prompt line never read \"› %s\"", text);
}

/* Exit status 0 and no sanitizer report. */
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

/* :quit! from any pane or the prompt; never asks. */
static void quit_now(struct vt *vt)
{
    press(vt, ":quit!");
    key(vt, VT_KEY_ENTER);
    expect_clean_exit(vt);
}

/* Whether the status line (the first quoted text, above the heatmap's
 * caption) shows sentence. */
static bool status_sentence_is(struct vt *vt, void *ctx)
{
    char *screen = vt_screen_text(vt);
    char *open = strchr(screen, '"');
    char *close = open ? strchr(open + 1, '"') : NULL;
    char *heat = strstr(screen, "query ↓");
    const char *want = ctx;
    bool same = close && heat && close < heat && (size_t)(close - open - 1) == strlen(want)
                && strncmp(open + 1, want, strlen(want)) == 0;
    free(screen);
    return same;
}

static void see_sentence(struct vt *vt, const char *sentence)
{
    if (!vt_wait_until(vt, status_sentence_is, (void *)sentence, VT_TIMEOUT_MS))
        fail_msg("the status line never showed the sentence \"%s\"", sentence);
}

/* The status line's settings a stray key would have changed: the scale,
 * the mask, the theme, the head, d_model, the PE. */
static void see_default_settings(struct vt *vt)
{
    static const char *const items[] = { "d_model 8", "heads 1", "head 0", "pe sinusoidal",
                                         "scale on", "causal off", "theme viridis" };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        see(vt, items[i]);
}

/* ---- the heatmap's labels (as tests/test_e2e.c reads them) ------------------ */

struct tokens {
    size_t n;
    const char *text[8];
};

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

static char *next_word(char **p)
{
    char *w = *p + strspn(*p, " ");
    size_t len = strcspn(w, " ");
    *p = w + len + (w[len] != '\0');
    w[len] = '\0';
    return w;
}

/* The heatmap is labelled with exactly these tokens: as column labels on
 * the row of "query ↓", as row labels on the rows below it. */
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
        ok = r <= row + 3 * (int)t->n;
        if (ok && line[0] != ' ' && line[0] != '\0') {
            p = line;
            ok = label_is(next_word(&p), t->text[i++]);
        }
        free(line);
    }
    return ok;
}

/* ---- the terminal left as it was -------------------------------------------- */

/* Starts attnviz inside a shell that records the tty settings first and
 * says afterwards whether they are the same again; its exit status is
 * attnviz's. */
static struct vt *start_in_shell(struct e2e *e)
{
    char *argv[] = { "/bin/sh", "-c",
        "before=$(stty -g); echo before-attnviz; \"$0\"; s=$?;"
        " if [ \"$(stty -g)\" = \"$before\" ]; then echo tty-restored; else echo tty-changed; fi;"
        " echo \"attnviz-status=$s\"; exit $s", (char *)attnviz_binary(), NULL };
    struct vt *vt = spawn(e, 80, 24, argv, false);
    wait_first_frame(vt);
    return vt;
}

/* What the child left the terminal in, from its raw output: the last
 * setting of each DEC private mode attnviz turns on or off (ESC [ ? N h/l,
 * several N possible) must be the terminal's usual one again. */
static void expect_modes_restored(struct vt *vt)
{
    /* 1049 the alternate screen, 2004 bracketed paste, 1000/1002/1006
     * mouse reporting, 1 application cursor keys: off; 25 the cursor: on */
    static const struct { long mode; char want; } modes[] = {
        { 1049, 'l' }, { 2004, 'l' }, { 1000, 'l' }, { 1002, 'l' }, { 1006, 'l' },
        { 1, 'l' }, { 25, 'h' },
    };
    char last[sizeof modes / sizeof modes[0]] = { 0 };
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    for (const char *p = raw; (p = strstr(p, "\033[?")) != NULL;) {
        p += 3;
        const char *q = p + strspn(p, "0123456789;");
        if (*q != 'h' && *q != 'l')
            continue;
        for (const char *n = p; n < q;) {
            char *stop;
            long v = strtol(n, &stop, 10);
            for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
                if (modes[m].mode == v)
                    last[m] = *q;
            n = stop + 1;
        }
    }
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        if (last[m] && last[m] != modes[m].want)
            fail_msg("mode ?%ld was left %c", modes[m].mode, last[m]);
    assert_int_equal(last[0], 'l');     /* it did use the alternate screen */
    assert_int_equal(last[1], 'l');     /* and bracketed paste */
}

/* The shell around attnviz saw status 0 and the tty as it was before;
 * the main screen with the shell's line is back. */
static void expect_terminal_restored(struct vt *vt)
{
    see(vt, "attnviz-status=");
    assert_true(vt_find(vt, "attnviz-status=0", NULL, NULL));
    assert_true(vt_find(vt, "tty-restored", NULL, NULL));
    assert_true(vt_find(vt, "before-attnviz", NULL, NULL));
    assert_false(vt_find(vt, "d_model", NULL, NULL));
    expect_modes_restored(vt);
}

/* ---- the autosave -------------------------------------------------------------- */

/* DIR/state/attnviz: where XDG_STATE_HOME=DIR/state puts attnviz's files. */
static const char *state_dir(const struct e2e *e)
{
    static char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/state/attnviz", e->env.dir);
    return dir;
}

/* How many autosave files there are, and (when text is given) the path of
 * one holding text in found. */
static size_t autosaves(const struct e2e *e, const char *text, char *found, size_t cap)
{
    size_t n = 0;
    if (found)
        found[0] = '\0';
    DIR *d = opendir(state_dir(e));
    if (!d)
        return 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        size_t len = strlen(de->d_name);
        if (strncmp(de->d_name, "autosave-", 9) != 0 || len < 5
            || strcmp(de->d_name + len - 5, ".attn") != 0)
            continue;
        n++;
        if (!text || !found)
            continue;
        char path[PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", state_dir(e), de->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;       /* renamed away meanwhile */
        char buf[8192];
        size_t got = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[got] = '\0';
        size_t plen = strlen(path);
        if (strstr(buf, text) && plen < cap)
            memcpy(found, path, plen + 1);
    }
    closedir(d);
    return n;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until an autosave file in the test's state folder holds text, and
 * puts its path in found. The folder is watched (inotify): the file is
 * written when the keys have stopped, with nothing drawn. The screen is
 * read meanwhile so attnviz never blocks on a full pty. */
static void wait_autosave(struct e2e *e, const char *text, char *found, size_t cap)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    assert_true(fd >= 0);
    assert_true(inotify_add_watch(fd, state_dir(e), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) >= 0);
    long long deadline = now_ms() + VT_TIMEOUT_MS;
    for (;;) {
        autosaves(e, text, found, cap);
        if (found[0])
            break;
        long long left = deadline - now_ms();
        if (left <= 0) {
            close(fd);
            fail_msg("no autosave file in %s holds \"%s\"", state_dir(e), text);
        }
        struct pollfd p = { .fd = fd, .events = POLLIN };
        poll(&p, 1, left < 50 ? (int)left : 50);
        char ev[4096];
        while (read(fd, ev, sizeof ev) > 0)
            ;
        vt_drain(e->vt);
    }
    close(fd);
}

/* The state folder made before the start, so it can be watched from the
 * first moment (attnviz makes it too when it is missing). */
static void make_state_dir(const struct e2e *e)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/state", e->env.dir);
    assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);
    assert_true(mkdir(state_dir(e), 0700) == 0 || errno == EEXIST);
}

/* Starts attnviz, makes one change (+: d_model 9), waits for its autosave
 * and kills it with SIGKILL: no normal exit, the autosave stays. */
static void change_and_crash(struct e2e *e)
{
    make_state_dir(e);
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    press(vt, "+");
    see(vt, "d_model 9");
    char path[PATH_MAX];
    wait_autosave(e, ":dim 9", path, sizeof path);
    assert_true(vt_kill(vt, SIGKILL));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 128 + SIGKILL);
    /* still there, in the test's XDG_STATE_HOME and nowhere else */
    assert_int_equal(access(path, R_OK), 0);
    char other[PATH_MAX];
    snprintf(other, sizeof other, "%s/.local/state/attnviz", e->env.dir);
    assert_int_not_equal(access(other, F_OK), 0);
}

/* ---- the heatmap's cells --------------------------------------------------------- */

/* The screen row whose text starts with label and a blank (a heatmap row;
 * the status line starts with a blank). */
static int label_row(struct vt *vt, const char *label)
{
    int cols, rows;
    vt_size(vt, &cols, &rows);
    size_t n = strlen(label);
    for (int r = 0; r < rows; r++) {
        char *line = vt_row_text(vt, r);
        bool hit = strncmp(line, label, n) == 0 && line[n] == ' ';
        free(line);
        if (hit)
            return r;
    }
    fail_msg("no row of the screen starts with \"%s\"", label);
    return -1;
}

/* The distinct background colors of the heatmap's cells on row: the first
 * run of cells with a color of their own after the label. Their number in
 * *cells. */
static size_t row_colors(struct vt *vt, int row, size_t *cells)
{
    unsigned seen[256];
    size_t n = 0;
    int cols, rows;
    vt_size(vt, &cols, &rows);
    struct vt_cell c;
    int x = 1;
    while (x < cols && vt_cell(vt, row, x, &c) && c.bg_default)
        x++;
    *cells = 0;
    for (; x < cols && vt_cell(vt, row, x, &c) && !c.bg_default; x++) {
        (*cells)++;
        size_t k = 0;
        while (k < n && seen[k] != c.bg_rgb)
            k++;
        if (k == n && n < sizeof seen / sizeof seen[0])
            seen[n++] = c.bg_rgb;
    }
    return n;
}

/* The distinct glyphs (not blanks) of row's cells in columns [from, to)
 * under NO_COLOR; each must be one of ramp's (the legend's), so the
 * columns are the heatmap's. */
static size_t row_glyphs(struct vt *vt, int row, int from, int to, const char *ramp)
{
    char seen[64][sizeof ((struct vt_cell *)0)->text];
    size_t n = 0;
    for (int x = from; x < to; x++) {
        struct vt_cell c;
        assert_true(vt_cell(vt, row, x, &c));
        if (!c.text[0] || strcmp(c.text, " ") == 0)
            continue;
        if (strlen(c.text) != 1 || !strchr(ramp, c.text[0]))
            fail_msg("column %d of row %d holds \"%s\", not a glyph of \"%s\"", x, row,
                     c.text, ramp);
        size_t j = 0;
        while (j < n && strcmp(seen[j], c.text) != 0)
            j++;
        if (j == n && n < 64)
            snprintf(seen[n++], sizeof seen[0], "%s", c.text);
    }
    return n;
}

struct glyphs_below {
    int row, from, to;
    const char *ramp;
    size_t n;
};

/* Whether the row shows fewer than n glyphs. */
static bool fewer_glyphs(struct vt *vt, void *ctx)
{
    const struct glyphs_below *g = ctx;
    return row_glyphs(vt, g->row, g->from, g->to, g->ramp) < g->n;
}

/* The legend's ramp under NO_COLOR: the glyphs between its "0 " and its
 * top ("0  .::-=+*##%@ .09"). */
static void legend_ramp(struct vt *vt, const char *top, char *out, size_t cap)
{
    int row;
    assert_true(vt_find(vt, "weights", &row, NULL));
    char *line = vt_row_text(vt, row);
    char tail[80];
    snprintf(tail, sizeof tail, " %s   vectors", top);
    char *end = strstr(line, tail);
    assert_non_null(end);
    *end = '\0';
    char *zero = strstr(line, " 0 ");
    assert_non_null(zero);
    for (char *z; (z = strstr(zero + 1, " 0 ")) != NULL;)
        zero = z;
    snprintf(out, cap, "%s", zero + 3);
    free(line);
    assert_true(strlen(out) >= 4);
}

/* The legend's top: the word before the vector panel's title on the
 * heatmap's title row ("… 0 ▁▂▃ .09   vectors …"), in out. */
static void legend_top(struct vt *vt, char *out, size_t cap)
{
    int row;
    assert_true(vt_find(vt, "weights", &row, NULL));
    char *line = vt_row_text(vt, row);
    char *end = strstr(line, "   vectors");
    if (!end)
        fail_msg("no vector panel title on the heatmap's title row: %s", line);
    *end = '\0';
    char *word = strrchr(line, ' ');
    snprintf(out, cap, "%s", word ? word + 1 : line);
    /* "row max" is two words */
    if (strcmp(out, "max") == 0 && word && word - line >= 3 && strncmp(word - 3, "row", 3) == 0)
        snprintf(out, cap, "row max");
    free(line);
}

/* Waits until the legend's top reads want. */
static bool legend_is(struct vt *vt, void *ctx)
{
    int row;
    if (!vt_find(vt, "weights", &row, NULL))
        return false;
    char *line = vt_row_text(vt, row);
    bool has = strstr(line, "   vectors") != NULL;
    free(line);
    if (!has)
        return false;
    char top[64];
    legend_top(vt, top, sizeof top);
    return strcmp(top, ctx) == 0;
}

static void see_legend(struct vt *vt, const char *want)
{
    if (!vt_wait_until(vt, legend_is, (void *)want, VT_TIMEOUT_MS))
        fail_msg("the legend's top never read \"%s\"", want);
}

/* The color of the legend's last cell, just left of its top (top as
 * legend_top reads it). */
static unsigned legend_top_color(struct vt *vt, const char *top)
{
    char tail[80];
    snprintf(tail, sizeof tail, " %s   vectors", top);
    int row, col;
    assert_true(vt_find(vt, tail, &row, &col));
    struct vt_cell c;
    assert_true(vt_cell(vt, row, col - 1, &c));
    assert_false(c.bg_default);
    return c.bg_rgb;
}

/* Whether a heatmap cell (of a row labelled by a token, below the
 * caption) has background color rgb. */
static bool heatmap_has_color(struct vt *vt, unsigned rgb)
{
    int caption, explain, cols, rows;
    vt_size(vt, &cols, &rows);
    assert_true(vt_find(vt, "query ↓", &caption, NULL));
    assert_true(vt_find(vt, " query \"", &explain, NULL));
    for (int r = caption + 1; r < explain; r++) {
        struct vt_cell c;
        int x = 1;
        while (x < cols && vt_cell(vt, r, x, &c) && c.bg_default)
            x++;
        for (; x < cols && vt_cell(vt, r, x, &c) && !c.bg_default; x++)
            if (c.bg_rgb == rgb)
                return true;
    }
    return false;
}

static bool has_color(struct vt *vt, void *ctx)
{
    return heatmap_has_color(vt, *(const unsigned *)ctx);
}

static bool lacks_color(struct vt *vt, void *ctx)
{
    return !heatmap_has_color(vt, *(const unsigned *)ctx);
}

/* ---- 1. typing straight away ------------------------------------------------------ */

static void typing_right_after_the_start_sets_the_sentence_and_fires_no_key(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    /* the first screen: the demo sentence, and what to do now */
    see_sentence(vt, DEMO);
    see(vt, "type a sentence and press Enter");
    see(vt, "Esc: explore the heatmap");
    see(vt, "?: every key");
    see_default_settings(vt);

    /* 'A', 'c', 's', 't' and 'a' are keys in the heatmap (scale, causal,
     * theme, head mean): here they are letters of a sentence */
    press(vt, "A cat sat");
    see_prompt(vt, "A cat sat");
    key(vt, VT_KEY_ENTER);
    see_sentence(vt, "A cat sat");
    struct tokens want = { 3, { "A", "cat", "sat" } };
    assert_true(vt_wait_until(vt, labels_are, &want, VT_TIMEOUT_MS));
    see_default_settings(vt);
    assert_false(vt_find(vt, "mean of heads", NULL, NULL));
    /* the prompt keeps the focus for the next sentence */
    see_prompt(vt, "");
    quit_now(vt);
}

static void an_unbound_letter_in_the_heatmap_opens_the_prompt_with_it(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    /* the hint line names the keys that matter in the heatmap */
    see(vt, "type: a sentence · arrows: move · ?: all keys · q: quit");
    /* 'w' is bound to nothing (src/tui/keymap.c): it is the first letter
     * of a sentence, not lost */
    press(vt, "w");
    see_prompt(vt, "w");
    press(vt, "e like tea");
    see_prompt(vt, "we like tea");
    key(vt, VT_KEY_ENTER);
    see_sentence(vt, "we like tea");
    struct tokens want = { 3, { "we", "like", "tea" } };
    assert_true(vt_wait_until(vt, labels_are, &want, VT_TIMEOUT_MS));
    see_default_settings(vt);
    quit_now(vt);
}

/* The first message says "?: every key" while the prompt has the focus:
 * there ? on an empty line opens the help too; inside a line it is text. */
static void question_mark_at_the_first_prompt_opens_the_help(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    see(vt, "?: every key");
    press(vt, "?");
    see(vt, "attnviz help · any key closes");
    press(vt, " ");
    see_no(vt, "attnviz help");
    see_prompt(vt, "");
    press(vt, "is it ?");
    see_prompt(vt, "is it ?");
    assert_false(vt_find(vt, "attnviz help", NULL, NULL));
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");
    see_sentence(vt, DEMO);
    quit_now(vt);
}

/* ---- 2. pastes ------------------------------------------------------------------------- */

#define PASTE_BEGIN "\033[200~"
#define PASTE_END "\033[201~"

static void a_bracketed_paste_of_two_lines_and_a_tab_is_one_line_of_text(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    /* the prompt has the focus; Tab and Enter there would move the focus
     * and run the line, Up would recall history */
    assert_true(vt_send(vt, PASTE_BEGIN "we like\twarm\r\ntea\033[A" PASTE_END));
    see_prompt(vt, "we like warm tea");
    /* nothing ran: the whole line is still there, only previewed (the
     * status line says "preview" instead of quoting a sentence) */
    see(vt, "preview");
    assert_false(vt_find(vt, "\"we like", NULL, NULL));
    key(vt, VT_KEY_ENTER);
    see_sentence(vt, "we like warm tea");
    quit_now(vt);
}

static void a_pasted_command_and_q_stay_text_even_from_the_heatmap(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    /* in the heatmap ':' opens the prompt, 'c' toggles the mask and 'q'
     * quits: pasted, they are text for the prompt */
    assert_true(vt_send(vt, PASTE_BEGIN ":causal on\nq" PASTE_END));
    see_prompt(vt, ":causal on q");
    see(vt, CAUSAL_OFF);
    see_sentence(vt, DEMO);
    assert_int_equal(vt_wait_exit(vt, 0), -1);     /* still running */
    /* Ctrl-U drops the line; nothing of it ran meanwhile */
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");
    see(vt, CAUSAL_OFF);
    assert_false(vt_find(vt, CAUSAL_ON, NULL, NULL));
    quit_now(vt);
}

/* Without bracketed paste (a middle-click in a terminal without it), the
 * rule implemented (src/tui/screen_main.c, burst_key): while the prompt
 * has the focus, an Enter or a Tab with more input already behind it is a
 * blank in the line; the last key of the burst is a key like any. */
static void an_unbracketed_fast_paste_stays_in_the_prompt(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    /* one write: the bytes arrive faster than anybody types */
    assert_true(vt_send(vt, ":causal on\rq\tand\nmore"));
    see_prompt(vt, ":causal on q and more");
    see(vt, CAUSAL_OFF);
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");

    /* a sentence over two lines */
    assert_true(vt_send(vt, "hot tea\ris good"));
    see_prompt(vt, "hot tea is good");
    see(vt, "preview");
    assert_false(vt_find(vt, "\"hot tea", NULL, NULL));
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");
    see_sentence(vt, DEMO);
    /* a newline that ends the burst is Enter: the line runs, as one */
    assert_true(vt_send(vt, "warm tea\rtoday\r"));
    see_sentence(vt, "warm tea today");
    see(vt, CAUSAL_OFF);
    quit_now(vt);
}

/* A pasted line of 200 KB (a line may have 256 KiB) is still a line to
 * type at: the prompt is redrawn on every key, once quadratic in the
 * line (a 38 KB line took seconds a key), now one pass. The end of the
 * line shows, after the "…" of its cut-off start; then each key comes at
 * once; Ctrl-U clears it all. */
static void a_very_long_pasted_line_still_takes_every_key(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    size_t n = 200000;
    char *paste = malloc(n + 64);
    assert_non_null(paste);
    size_t o = (size_t)sprintf(paste, "%s", PASTE_BEGIN);
    for (size_t i = 0; o < n; i++)
        o += (size_t)sprintf(paste + o, "w%zu ", i % 500);
    sprintf(paste + o, "%s", PASTE_END);
    assert_true(vt_send(vt, paste));
    free(paste);
    press(vt, "end1");
    see(vt, "end1");
    see(vt, "› …");
    press(vt, "end2");
    see(vt, "end1end2");
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");
    quit_now(vt);
}

/* ---- 3. quitting with unsaved changes, the autosave -------------------------- */

static void q_after_a_change_asks_and_a_second_q_quits_restoring_the_terminal(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_in_shell(e);
    leave_prompt(vt);
    press(vt, "+");
    see(vt, "d_model 9");
    press(vt, "q");
    see(vt, "unsaved changes: q again to quit, :save FILE to keep them");
    /* it drew the question: it did not exit */
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    assert_true(vt_find(vt, "d_model 9", NULL, NULL));
    press(vt, "q");
    expect_terminal_restored(vt);
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
}

/* A fresh start, the heatmap focused, one unsaved change (c). */
static struct vt *start_with_a_change(struct e2e *e)
{
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    press(vt, "c");
    see(vt, CAUSAL_ON);
    return vt;
}

static void another_key_between_the_two_q_asks_again(void **state)
{
    struct vt *vt = start_with_a_change(*state);
    press(vt, "q");
    see(vt, "unsaved changes");
    /* a cursor move disarms it; its own message is none, so the next q
     * must say it again after something else was said */
    press(vt, "j");
    see(vt, "query \"cat\" (row 1)");
    press(vt, "u");
    see(vt, "undid :causal on");
    press(vt, "c");
    see(vt, CAUSAL_ON);
    see_no(vt, "undid");
    press(vt, "q");
    see(vt, "unsaved changes");
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    press(vt, "q");
    expect_clean_exit(vt);
}

/* Undoing back to what the program started with leaves nothing to lose:
 * q quits at once. */
static void q_after_undoing_every_change_quits_at_once(void **state)
{
    struct vt *vt = start_with_a_change(*state);
    press(vt, "u");
    see(vt, "undid :causal on");
    press(vt, "q");
    expect_clean_exit(vt);
}

/* A tour's steps are no one's work, but a change made before the tour is
 * the viewer's: after the tour, q still asks for it (the steps once marked
 * the whole session saved, and q quit and dropped the autosave). */
static void a_change_made_before_a_replay_still_asks_on_q(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX], line[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/tour.attn", e->env.dir);
    write_file(path, "the tour sentence\n:heads 2\n");
    struct vt *vt = start_with_a_change(e);
    snprintf(line, sizeof line, ":replay %s\r", path);
    press(vt, line);
    see(vt, "step 1/2");
    press(vt, "x");
    see(vt, "left the replay");
    press(vt, "q");
    see(vt, "unsaved changes");
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    press(vt, "q");
    expect_clean_exit(vt);
}

/* At the prompt the second :q takes three keys (":", "q", Enter): the
 * question holds until the next command, not the next key. */
static void a_second_q_typed_at_the_prompt_quits(void **state)
{
    struct vt *vt = start_with_a_change(*state);
    press(vt, ":q\r");
    see(vt, "unsaved changes");
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    /* typed as a person types: a key, and its frame, at a time */
    press(vt, ":");
    see_prompt(vt, ":");
    press(vt, "q");
    see_prompt(vt, ":q");
    press(vt, "\r");
    expect_clean_exit(vt);
}

static void ctrl_d_on_the_empty_prompt_after_a_change_asks_too(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    press(vt, "a dog ran");
    key(vt, VT_KEY_ENTER);
    see_sentence(vt, "a dog ran");
    assert_true(vt_ctrl(vt, 'd'));
    see(vt, "unsaved changes");
    assert_int_equal(vt_wait_exit(vt, 0), -1);
    assert_true(vt_ctrl(vt, 'd'));
    expect_clean_exit(vt);
}

static void q_bang_quits_at_once_with_changes(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    press(vt, "+");
    see(vt, "d_model 9");
    press(vt, ":q!");
    key(vt, VT_KEY_ENTER);
    /* no question: it exits (a question would leave it running) */
    expect_clean_exit(vt);
}

static void wq_saves_the_session_to_the_file_then_quits(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    press(vt, "+");
    see(vt, "d_model 9");
    /* ~ is the test's HOME */
    press(vt, ":wq ~/kept.attn");
    key(vt, VT_KEY_ENTER);
    expect_clean_exit(vt);
    char *text = read_file(temp_path(e->env.dir, "kept.attn"), NULL);
    assert_non_null(strstr(text, "# attnviz session"));
    assert_non_null(strstr(text, "\n" DEMO "\n"));
    assert_non_null(strstr(text, "\n:dim 9\n"));
    free(text);

    /* the saved session gives that state back */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/kept.attn", e->env.dir);
    char *argv[] = { NULL, "--replay", path, NULL };
    vt = spawn(e, 80, 24, argv, false);
    see(vt, "step ");
    press(vt, "nnn");
    see(vt, "d_model 9");
    see_sentence(vt, DEMO);
    quit_now(vt);
}

static void after_a_kill_the_next_start_offers_the_autosave_and_y_restores_it(void **state)
{
    struct e2e *e = *state;
    change_and_crash(e);
    char orphan[PATH_MAX];
    assert_int_equal(autosaves(e, ":dim 9", orphan, sizeof orphan), 1);

    struct vt *vt = start_plain(e);
    see(vt, "restore the session that ended unexpectedly? y/n");
    see(vt, "y: restore");
    assert_true(vt_find(vt, "d_model 8", NULL, NULL));
    press(vt, "y");
    see(vt, "restored: :save FILE keeps it");
    see(vt, "d_model 9");
    see_sentence(vt, DEMO);
    /* the old file is gone once taken back */
    assert_int_not_equal(access(orphan, F_OK), 0);
    quit_now(vt);
    assert_int_equal(autosaves(e, NULL, NULL, 0), 0);
}

/* Esc answers nothing: the autosave stays, and the next start asks again. */
static void esc_at_the_question_keeps_the_autosave_for_the_next_start(void **state)
{
    struct e2e *e = *state;
    change_and_crash(e);
    struct vt *vt = start_plain(e);
    see(vt, "restore the session that ended unexpectedly? y/n");
    key(vt, VT_KEY_ESCAPE);
    see(vt, "the old session is kept");
    see(vt, "d_model 8");
    assert_int_equal(autosaves(e, ":dim 9", NULL, 0), 1);
    quit_now(vt);
    assert_int_equal(autosaves(e, ":dim 9", NULL, 0), 1);
    vt = start_plain(e);
    see(vt, "restore the session that ended unexpectedly? y/n");
    press(vt, "y");
    see(vt, "d_model 9");
    quit_now(vt);
}

static void n_discards_the_autosave_and_a_normal_quit_leaves_none(void **state)
{
    struct e2e *e = *state;
    change_and_crash(e);
    struct vt *vt = start_plain(e);
    see(vt, "restore the session that ended unexpectedly? y/n");
    press(vt, "n");
    see(vt, "the old session was discarded");
    see(vt, "d_model 8");
    see_sentence(vt, DEMO);
    assert_int_equal(autosaves(e, NULL, NULL, 0), 0);

    /* a change of this run is autosaved, and its normal end removes it */
    see_prompt(vt, "");
    leave_prompt(vt);
    press(vt, "c");
    see(vt, CAUSAL_ON);
    char path[PATH_MAX];
    wait_autosave(e, ":causal on", path, sizeof path);
    press(vt, "q");
    see(vt, "unsaved changes");
    press(vt, "q");
    expect_clean_exit(vt);
    assert_int_equal(autosaves(e, NULL, NULL, 0), 0);

    /* and the next start asks nothing */
    vt = start_plain(e);
    wait_first_frame(vt);
    see(vt, "type a sentence and press Enter");
    assert_false(vt_find(vt, "restore the session", NULL, NULL));
    quit_now(vt);
}

/* ---- 4. undo ------------------------------------------------------------------------------ */

static void undo_at_the_start_keeps_the_demo_and_undoes_changes_not_moves(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    leave_prompt(vt);
    press(vt, "u");
    see(vt, "nothing to undo");
    see_sentence(vt, DEMO);
    see(vt, "query \"The\" (row 0)");

    press(vt, "c");
    see(vt, CAUSAL_ON);
    press(vt, "j");
    see(vt, "query \"cat\" (row 1)");
    press(vt, "u");
    see(vt, "undid :causal on");
    see(vt, CAUSAL_OFF);
    /* the cursor stays: the move was no step */
    assert_true(vt_find(vt, "query \"cat\" (row 1)", NULL, NULL));
    press(vt, "u");
    see(vt, "nothing to undo");
    see_sentence(vt, DEMO);

    assert_true(vt_ctrl(vt, 'r'));
    see(vt, "redid :causal on");
    see(vt, CAUSAL_ON);
    press(vt, "u");
    see(vt, "undid :causal on");
    see(vt, CAUSAL_OFF);
    press(vt, ":redo");
    key(vt, VT_KEY_ENTER);
    see(vt, "redid :causal on");
    see(vt, CAUSAL_ON);
    quit_now(vt);
}

/* ---- 5. tours ---------------------------------------------------------------------------- */

static void a_tours_first_screen_is_its_first_note_with_the_setup_applied(void **state)
{
    struct e2e *e = *state;
    /* its setup differs from the defaults: d_model 2, no PE, no projection
     * (a path, not the tour's name: the ASan build's binary lives in
     * build/asan, where no samples folder is beside it) */
    char *argv[] = { NULL, "--replay", "samples/dimension.attn", NULL };
    struct vt *vt = spawn(e, 80, 24, argv, false);
    see(vt, "step 1/");
    see(vt, " narration ");
    see(vt, "What happens when a model gets more dimensions?");
    see(vt, "d_model 2");
    see(vt, "pe none");
    see(vt, "proj identity");
    see(vt, "replay: Space/n next");
    assert_false(vt_find(vt, "press Enter", NULL, NULL));
    assert_false(vt_find(vt, "Esc: explore", NULL, NULL));
    /* and the empty heatmap does not send the reader to the prompt */
    assert_false(vt_find(vt, "type one", NULL, NULL));
    assert_true(vt_find(vt, "no sentence yet", NULL, NULL));
    /* the first step is the setup with the note, not a setup line */
    int row;
    assert_true(vt_find(vt, "step 1/", &row, NULL));
    char *bottom = vt_row_text(vt, row);
    char *after = strstr(bottom, "step 1/") + strlen("step 1/");
    after += strspn(after, "0123456789");
    if (strncmp(after, "  :note What happens", strlen("  :note What happens")) != 0)
        fail_msg("the first step is not the first note: %s", bottom);
    free(bottom);
    /* the next step brings the sentence */
    press(vt, "n");
    see(vt, "step 2/");
    see_sentence(vt, "I love cats");
    quit_now(vt);
}

static void plus_and_minus_change_the_play_speed_and_a_change_leaves_the_script(void **state)
{
    struct e2e *e = *state;
    /* a long delay: nothing but the keys moves the tour on */
    char *argv[] = { NULL, "--replay", "samples/causal-mask.attn", "--delay", "30000", NULL };
    struct vt *vt = spawn(e, 80, 24, argv, false);
    see(vt, "step 1/");
    see(vt, CAUSAL_OFF);
    press(vt, "P");
    see(vt, " ▶");
    see(vt, "playing: any key pauses");
    see(vt, "step 2/");
    see_sentence(vt, "the cat sat on the mat");
    press(vt, "+");
    see(vt, "playing at 20000 ms a step");
    press(vt, "-");
    see(vt, "playing at 30000 ms a step");
    press(vt, "-");
    see(vt, "playing at 45000 ms a step");
    /* still playing, still at step 2 */
    assert_true(vt_find(vt, " ▶", NULL, NULL));
    assert_true(vt_find(vt, "step 2/", NULL, NULL));
    /* any other key pauses */
    press(vt, "z");
    see(vt, "paused: replay:");
    see_no(vt, " ▶");

    /* c changes the model: off the script, and how to get back */
    press(vt, "c");
    see(vt, CAUSAL_ON);
    see(vt, "you are off the tour's script: N returns to it, . continues from your change");
    press(vt, "N");
    see(vt, CAUSAL_OFF);
    see(vt, "replay: Space/n next");
    /* back at the same step, not one before it */
    assert_true(vt_find(vt, "step 2/", NULL, NULL));
    see_sentence(vt, "the cat sat on the mat");

    /* . goes on from the change instead */
    press(vt, "c");
    see(vt, "you are off the tour's script");
    see(vt, CAUSAL_ON);
    press(vt, ".");
    see(vt, "step 3/");
    assert_true(vt_find(vt, CAUSAL_ON, NULL, NULL));
    quit_now(vt);
}

/* ---- 6. a 70-word sentence's colors ---------------------------------------------------- */

static void a_long_sentences_cells_differ_in_color_and_the_legend_says_the_range(void **state)
{
    struct e2e *e = *state;
    char *argv[] = { NULL, LONG_SENTENCE, NULL };
    struct vt *vt = spawn(e, 80, 24, argv, false);
    wait_first_frame(vt);
    leave_prompt(vt);
    struct tokens first = { 1, { "the" } };
    assert_true(vt_wait_until(vt, labels_are, &first, VT_TIMEOUT_MS));
    see(vt, "(Σ over 71 keys)");

    /* :range auto (the default): no weight is over a quarter, so the
     * colors span 0 to the largest weight shown, which the legend names */
    char top[64];
    see(vt, "   vectors");
    legend_top(vt, top, sizeof top);
    if (!(top[0] == '.' && strlen(top) == 3 && atof(top) > 0.0 && atof(top) <= 0.25))
        fail_msg("the legend's top reads \"%s\", not a weight under a quarter", top);
    assert_true(vt_find(vt, "auto 0 ", NULL, NULL));   /* and it names the range */
    unsigned hi = legend_top_color(vt, top);
    int row = label_row(vt, "quick");
    size_t cells, auto_colors = row_colors(vt, row, &cells);
    assert_true(cells >= 40);            /* 20 cells or more of the heatmap */
    if (auto_colors < 3)
        fail_msg("one row of 71 weights shows %zu colors", auto_colors);
    /* the largest weight shown has the legend's top color */
    if (!vt_wait_until(vt, has_color, &hi, VT_TIMEOUT_MS))
        fail_msg("no cell has the legend's top color under :range auto");

    /* on the fixed 0..1 scale none comes near it: that is what auto is for */
    press(vt, ":range fixed");
    key(vt, VT_KEY_ENTER);
    see_legend(vt, "1");
    assert_int_equal(legend_top_color(vt, "1"), hi);   /* the same map */
    /* (the title is drawn first: the cells follow) */
    if (!vt_wait_until(vt, lacks_color, &hi, VT_TIMEOUT_MS))
        fail_msg("a weight under a quarter keeps the color of 1 under :range fixed");
    size_t fixed_cells;
    row_colors(vt, label_row(vt, "quick"), &fixed_cells);
    assert_int_equal(fixed_cells, cells);

    /* row: each row on its own top */
    press(vt, ":range row");
    key(vt, VT_KEY_ENTER);
    see_legend(vt, "row max");
    press(vt, ":range auto");
    key(vt, VT_KEY_ENTER);
    see_legend(vt, top);
    quit_now(vt);
}

static void without_colors_the_glyph_ramp_follows_the_range(void **state)
{
    struct e2e *e = *state;
    char *argv[] = { NULL, LONG_SENTENCE, NULL };
    struct vt *vt = spawn(e, 80, 24, argv, true);
    wait_first_frame(vt);
    leave_prompt(vt);
    see(vt, "(Σ over 71 keys)");
    see(vt, "   vectors");
    char top[64];
    legend_top(vt, top, sizeof top);
    assert_true(top[0] == '.' && atof(top) <= 0.25);
    assert_false(vt_screen_has_color(vt));

    char ramp[64];
    legend_ramp(vt, top, ramp, sizeof ramp);
    /* 20 cells of two columns after the label */
    int row = label_row(vt, "quick");
    int from = (int)strlen("quick") + 1, to = from + 40;
    size_t auto_glyphs = row_glyphs(vt, row, from, to, ramp);
    if (auto_glyphs < 3)
        fail_msg("20 cells of a row show %zu glyphs under :range auto", auto_glyphs);

    press(vt, ":range fixed");
    key(vt, VT_KEY_ENTER);
    see_legend(vt, "1");
    /* (the title is drawn first: the cells follow) */
    struct glyphs_below g = { row, from, to, ramp, auto_glyphs };
    if (!vt_wait_until(vt, fewer_glyphs, &g, VT_TIMEOUT_MS))
        fail_msg("the row keeps %zu glyphs or more under :range fixed", auto_glyphs);
    quit_now(vt);
}

/* ---- 7. small frictions ---------------------------------------------------------------- */

static void tab_twice_after_a_partial_completion_lists_head_and_heads(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    press(vt, ":hea");
    key(vt, VT_KEY_TAB);
    /* the part all candidates share */
    see_prompt(vt, ":head");
    assert_false(vt_find(vt, "matches:", NULL, NULL));
    key(vt, VT_KEY_TAB);
    see(vt, "2 matches: :head :heads");
    /* nothing ran: the line is still there, the model as it was */
    see_prompt(vt, ":head");
    see_default_settings(vt);
    see_sentence(vt, DEMO);

    /* a first Tab that completed a whole word: the second lists what
     * may follow it */
    assert_true(vt_ctrl(vt, 'u'));
    see_prompt(vt, "");
    press(vt, ":caus");
    key(vt, VT_KEY_TAB);
    see_prompt(vt, ":causal");
    key(vt, VT_KEY_TAB);
    see(vt, "2 matches: off on");
    see(vt, CAUSAL_OFF);
    assert_true(vt_ctrl(vt, 'u'));
    /* a word nothing completes says so: the last list does not stay as
     * if it were this word's */
    press(vt, ":zzz");
    key(vt, VT_KEY_TAB);
    see(vt, "Tab: no matches");
    assert_false(vt_find(vt, "2 matches", NULL, NULL));
    assert_true(vt_ctrl(vt, 'u'));
    quit_now(vt);
}

static void minus_at_d_model_1_says_it_is_already_1(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start_plain(e);
    wait_first_frame(vt);
    press(vt, ":dim 1");
    key(vt, VT_KEY_ENTER);
    see(vt, "d_model 1 ");
    leave_prompt(vt);
    press(vt, "-");
    see(vt, "d_model is already 1");
    assert_false(vt_find(vt, "d_model 0", NULL, NULL));
    assert_false(vt_find(vt, "from 1 to", NULL, NULL));
    assert_true(vt_find(vt, "d_model 1 ", NULL, NULL));
    quit_now(vt);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(typing_right_after_the_start_sets_the_sentence_and_fires_no_key),
        T(an_unbound_letter_in_the_heatmap_opens_the_prompt_with_it),
        T(question_mark_at_the_first_prompt_opens_the_help),
        T(a_bracketed_paste_of_two_lines_and_a_tab_is_one_line_of_text),
        T(a_pasted_command_and_q_stay_text_even_from_the_heatmap),
        T(an_unbracketed_fast_paste_stays_in_the_prompt),
        T(a_very_long_pasted_line_still_takes_every_key),
        T(q_after_a_change_asks_and_a_second_q_quits_restoring_the_terminal),
        T(another_key_between_the_two_q_asks_again),
        T(q_after_undoing_every_change_quits_at_once),
        T(a_change_made_before_a_replay_still_asks_on_q),
        T(a_second_q_typed_at_the_prompt_quits),
        T(ctrl_d_on_the_empty_prompt_after_a_change_asks_too),
        T(q_bang_quits_at_once_with_changes),
        T(wq_saves_the_session_to_the_file_then_quits),
        T(after_a_kill_the_next_start_offers_the_autosave_and_y_restores_it),
        T(n_discards_the_autosave_and_a_normal_quit_leaves_none),
        T(esc_at_the_question_keeps_the_autosave_for_the_next_start),
        T(undo_at_the_start_keeps_the_demo_and_undoes_changes_not_moves),
        T(a_tours_first_screen_is_its_first_note_with_the_setup_applied),
        T(plus_and_minus_change_the_play_speed_and_a_change_leaves_the_script),
        T(a_long_sentences_cells_differ_in_color_and_the_legend_says_the_range),
        T(without_colors_the_glyph_ramp_follows_the_range),
        T(tab_twice_after_a_partial_completion_lists_head_and_heads),
        T(minus_at_d_model_1_says_it_is_already_1),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
