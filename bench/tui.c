/* bench/tui.c - make bench's measurement of the terminal UI: the real
 * binary in a pseudo-terminal, driven and read by the end-to-end tests'
 * harness (tests/support/vt.c, spawn_env.c), timed from outside.
 *
 *   tui ATTNVIZ [--quick] [--only SECTION]
 *
 * (--quick: fewer keys and runs; --only: the sections whose names start
 * with SECTION: floor, startup, frames-16, frames-64, scroll, busy; with
 * ATTNVIZ_BENCH_TRACE set every key's time and bytes go to stderr) prints
 * one line of KEY=VALUE figures per measurement (bench/run.py reads
 * them, sets them against the targets and explains them in its docstring):
 *
 *   floor    a byte echoed by the pty itself, timed as a frame is: the
 *            harness's own share of every time below
 *   startup  from vt_spawn (fork) to the last byte of the first complete
 *            frame, fresh process and fresh HOME each run
 *   key      a key that changes the model (c, or - and + in turn): from
 *            the write of the key to the pty to the last byte of its frame
 *   cursor   an arrow key in the heatmap: its own frame's bytes and time
 *            (the heatmap's cursor), where on the screen the bytes went,
 *            the same of the frame the detail panes follow it with once
 *            it rests, the program's CPU time per key
 *   held     an arrow key held down (a key every 40 ms): bytes a key
 *   scroll   Down at the bottom edge of the visible rows of a 300-token
 *            sentence: bytes written, against what a full redraw (Ctrl-L)
 *            of the same screen spends on the rows that changed
 *   busy     at 4,096 tokens: arrow keys sent while a `c` recomputes in
 *            the background, each one's response time while the status
 *            line still says "computing"
 *   parse    what libvterm takes to parse one model-change frame, the part
 *            of the figures that is the harness's own work
 *   error    a measurement that could not be made, and why
 *
 * A frame is complete when the screen shows the change the key makes (a
 * text such as "causal on", "(col 3)") and then no byte comes for a quiet
 * window (QUIET_MS, BUSY_QUIET_MS); its time is when the last byte before
 * that silence was read, so the window itself is never counted. Every read
 * goes through the harness, which feeds libvterm before our predicate sees
 * the bytes: the last chunk's parse time is inside the figures (the "parse"
 * line says how much that is). Nothing here sleeps for a fixed time. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "../tests/support/spawn_env.h"
#include "../tests/support/vt.h"

enum {
    COLS = 120, ROWS = 34,      /* "a normal screen" */
    /* Silence after a frame: far longer than a frame's own writes take,
     * so a frame the program writes in several write()s is not cut. */
    QUIET_MS = 25,
    /* While a pass runs the program redraws the status line's progress
     * every 15 ms (COMPUTE_POLL_MS in src/tui/tui.c), and a key's frame is
     * followed by at least that much silence: the window must be shorter. */
    BUSY_QUIET_MS = 5,
    LIMIT_MS = 10000,           /* a frame that never comes */
    LONG_LIMIT_MS = 120000,     /* the 4,096-token first pass */
    MAX_SAMPLES = 256,
    MAX_ROUNDS = 40,            /* passes started in the busy section */
    SCROLL_TOKENS = 300,
    BUSY_TOKENS = 4096,
    /* a held key's repeat: 25 a second, Xorg's and KDE's default (the
     * slowest of the usual ones, so the nearest to :detail-delay's 60 ms) */
    HELD_MS = 40, HELD_KEYS = 12,
};

/* Our messages: stderr itself goes to /dev/null, since every quiet window
 * ends in a harness wait that times out, and the harness prints the screen
 * on each of those. */
static FILE *err;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* ---- statistics ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct stats {
    double median, p90, max;
};

/* Sorts v in place. p90 is the nearest-rank 90th percentile. */
static struct stats stats_of(double *v, size_t n)
{
    struct stats s = { 0, 0, 0 };
    if (n == 0)
        return s;
    qsort(v, n, sizeof *v, cmp_double);
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    size_t rank = (9 * n + 9) / 10;    /* ceil(0.9 n) */
    s.p90 = v[rank - 1];
    s.max = v[n - 1];
    return s;
}

/* ---- the program under test -------------------------------------------------- */

struct prog {
    struct vt *vt;
    struct spawn_env env;
    bool have_env;
    size_t seen;          /* how much of the raw output has been taken in */
    double last;          /* when the last of it was read */
    /* the first burst of a settle: its output up to the first quiet window
     * after some came (a cursor move's own frame, before the detail panes
     * follow it) */
    size_t first_from, first_seen;
    double first_last;
    pid_t pid;            /* for its CPU time; 0 when not found */
};

/* The harness's predicate: true as soon as more output was read. */
static bool took_more(struct vt *vt, void *ctx)
{
    struct prog *p = ctx;
    size_t len;
    vt_raw_output(vt, &len);
    if (len == p->seen)
        return false;
    p->seen = len;
    p->last = now_ms();
    return true;
}

/* What a frame must show to be the one waited for: every has[] text, not
 * the lacks text, and (bottom) a drawn last row, which curses writes last. */
struct expect {
    const char *has[3];
    const char *lacks;
    bool bottom;
};

static bool shows(struct vt *vt, const struct expect *e)
{
    for (int i = 0; i < 3; i++)
        if (e->has[i] && !vt_find(vt, e->has[i], NULL, NULL))
            return false;
    if (e->lacks && vt_find(vt, e->lacks, NULL, NULL))
        return false;
    if (e->bottom) {
        char *last = vt_row_text(vt, ROWS - 1);
        bool drawn = last[0] != '\0';
        free(last);
        if (!drawn)
            return false;
    }
    return true;
}

/* Reads until the screen shows e (NULL: anything) and then nothing comes
 * for quiet_ms; p->last is then when the frame's last byte was read.
 * False when limit_ms passed first or the program ended. */
static bool settle(struct prog *p, const struct expect *e, int quiet_ms, int limit_ms)
{
    double deadline = now_ms() + limit_ms;
    for (;;) {
        if (now_ms() > deadline)    /* also when the output never stops */
            return false;
        if (vt_wait_until(p->vt, took_more, p, quiet_ms)) {
            /* the harness drains what is already there after the chunk the
             * predicate saw: that was read now too */
            took_more(p->vt, p);
            continue;
        }
        if (p->first_seen == p->first_from && p->seen > p->first_from) {
            p->first_seen = p->seen;
            p->first_last = p->last;
        }
        if (!e || shows(p->vt, e))
            return true;
        if (vt_wait_exit(p->vt, 0) >= 0)
            return false;
    }
}

/* The keys the measurements press. */
enum key { K_C, K_PLUS, K_MINUS, K_RIGHT, K_LEFT, K_DOWN, K_ESC, K_REDRAW, K_X };

static const char *const key_name[] = { "c", "+", "-", "Right", "Left", "Down", "Esc", "Ctrl-L",
                                        "x" };

/* ATTNVIZ_BENCH_TRACE set: every key's figures on stderr, for a look at
 * what a summary line sums up. */
static bool trace;

static bool send_key(struct vt *vt, enum key k)
{
    switch (k) {
    case K_C: return vt_type(vt, "c");
    case K_PLUS: return vt_type(vt, "+");
    case K_MINUS: return vt_type(vt, "-");
    case K_RIGHT: return vt_key(vt, VT_KEY_RIGHT);
    case K_LEFT: return vt_key(vt, VT_KEY_LEFT);
    case K_DOWN: return vt_key(vt, VT_KEY_DOWN);
    case K_ESC: return vt_key(vt, VT_KEY_ESCAPE);
    case K_REDRAW: return vt_ctrl(vt, 'l');
    case K_X: return vt_type(vt, "x");
    }
    return false;
}

/* One key and its frame: the time from the write to the frame's last
 * byte, the bytes written, and where they start in the raw output; and
 * the same of its first burst (all of it, when it came in one). */
struct press {
    double ms, first_ms;
    size_t bytes, from, first_bytes;
};

static bool press(struct prog *p, enum key k, const struct expect *e, int quiet_ms,
                  struct press *out)
{
    size_t before;
    vt_raw_output(p->vt, &before);
    p->seen = p->first_from = p->first_seen = before;
    double t0 = now_ms();
    p->last = p->first_last = t0;     /* a key that draws nothing took no time */
    if (!send_key(p->vt, k))
        return false;
    took_more(p->vt, p);   /* the harness reads while a write waits */
    if (!settle(p, e, quiet_ms, LIMIT_MS))
        return false;
    *out = (struct press){ .ms = p->last - t0, .bytes = p->seen - before, .from = before,
                           .first_ms = p->first_last - t0,
                           .first_bytes = p->first_seen - before };
    if (trace)
        fprintf(err, "key %s: %.3f ms, %zu bytes (first burst %.3f ms, %zu bytes)\n",
                key_name[k], out->ms, out->bytes, out->first_ms, out->first_bytes);
    return true;
}

/* A /proc entry's name as a process or thread id; 0 for other names. */
static long proc_id(const char *name)
{
    char *end;
    long id = strtol(name, &end, 10);
    return isdigit((unsigned char)name[0]) && *end == '\0' ? id : 0;
}

/* The child vt_spawn just started: the one process whose parent we are. */
static pid_t find_child(void)
{
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    pid_t found = 0, self = getpid();
    struct dirent *de;
    while (!found && (de = readdir(d))) {
        long id = proc_id(de->d_name);
        if (id <= 0)
            continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", id);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* "PID (COMM) STATE PPID ...": COMM may hold anything but ends at
         * the last ')' */
        char *close = strrchr(buf, ')');
        char state;
        int ppid;
        if (close && sscanf(close + 1, " %c %d", &state, &ppid) == 2 && ppid == self
            && state != 'Z')
            found = (pid_t)id;
    }
    closedir(d);
    return found;
}

/* Nanoseconds on a CPU so far (schedstat's first field): of the main
 * thread, which reads keys and draws, or (all) of every thread, which
 * adds the compute pool's. 0 when unknown. */
static double cpu_ns(pid_t pid, bool all)
{
    if (pid <= 0)
        return 0;
    char path[96];
    double sum = 0;
    if (!all) {
        snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", (int)pid, (int)pid);
        FILE *f = fopen(path, "r");
        if (f && fscanf(f, "%lf", &sum) != 1)
            sum = 0;
        if (f)
            fclose(f);
        return sum;
    }
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        long tid = proc_id(de->d_name);
        if (tid <= 0)
            continue;
        char file[96];
        snprintf(file, sizeof file, "/proc/%d/task/%ld/schedstat", (int)pid, tid);
        FILE *f = fopen(file, "r");
        double t;
        if (f && fscanf(f, "%lf", &t) == 1)
            sum += t;
        if (f)
            fclose(f);
    }
    closedir(d);
    return sum;
}

static void fail(struct prog *p, const char *section, const char *what)
{
    printf("error section=%s what=%s\n", section, what);
    fflush(stdout);
    if (p && p->vt) {
        char *screen = vt_screen_text(p->vt);
        fprintf(err, "tui: %s: %s; the screen:\n%s\n-- end of screen\n", section, what, screen);
        free(screen);
    }
}

static void prog_end(struct prog *p)
{
    vt_free(p->vt);
    p->vt = NULL;
    if (p->have_env)
        spawn_env_remove(&p->env);
    p->have_env = false;
}

/* Starts argv on a COLS x ROWS pty with a fresh private HOME, and waits
 * for its first complete frame (the status line, the prompt's row, then
 * quiet; plus first_has when given). */
static bool prog_start(struct prog *p, char *const argv[], const char *first_has, int limit_ms,
                       double *startup_ms)
{
    *p = (struct prog){ 0 };
    if (spawn_env_make(&p->env, "attnviz-benchtui") != 0)
        return false;
    p->have_env = true;
    char *const extra[] = { p->env.home, p->env.state_home, p->env.config_home,
                            "OPENBLAS_NUM_THREADS=1", NULL };
    double t0 = now_ms();
    p->vt = vt_spawn(COLS, ROWS, argv, extra);
    if (!p->vt)
        return false;
    p->last = t0;
    struct expect first = { .has = { "d_model ", first_has }, .lacks = "computing",
                            .bottom = true };
    if (!settle(p, &first, QUIET_MS, limit_ms))
        return false;
    if (startup_ms)
        *startup_ms = p->last - t0;
    p->pid = find_child();
    return true;
}

/* Leaves the prompt, which has the focus at start, for the heatmap. */
static bool to_heatmap(struct prog *p)
{
    struct press pr;
    struct expect e = { .has = { "arrows: move" } };
    return press(p, K_ESC, &e, QUIET_MS, &pr);
}

/* n words: a sentence (sep ' ') or a text (a line every 12 words). */
static char *words(size_t n, bool lines)
{
    static const char *const w[] = {
        "the", "cat", "sat", "on", "a", "warm", "mat", "and", "slept", "while",
        "rain", "fell", "over", "quiet", "old", "town",
    };
    char *s = malloc(n * 8 + 1), *q = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *x = w[(i * 5 + i / 7) % 16];
        size_t len = strlen(x);
        memcpy(q, x, len);
        q += len;
        *q++ = i + 1 == n ? '\0' : lines && i % 12 == 11 ? '\n' : ' ';
    }
    if (n == 0)
        *q = '\0';
    return s;
}

/* ---- where the bytes go: a second emulator replaying the output ----------- */

/* The screen's parts, found on the live screen by their titles. */
enum zone { Z_STATUS, Z_HEATMAP, Z_VECTORS, Z_EXPLAIN, Z_BOTTOM, Z_COUNT };
static const char *const zone_name[Z_COUNT] = { "status", "heatmap", "vectors", "explain",
                                                "bottom" };

struct zones {
    int heat_top, explain_top, bottom_top, vec_col;
};

static struct zones zones_of(struct vt *vt)
{
    struct zones z = { 2, ROWS - 2, ROWS - 2, COLS };
    int row, col;
    if (vt_find(vt, "key →", &row, NULL))
        z.heat_top = row;
    if (vt_find(vt, "(row ", &row, NULL))   /* the explain pane's title */
        z.explain_top = row;
    if (vt_find(vt, "vectors ", &row, &col) && row == z.heat_top)
        z.vec_col = col;
    return z;
}

static enum zone zone_at(const struct zones *z, int row, int col)
{
    if (row < z->heat_top)
        return Z_STATUS;
    if (row >= z->bottom_top)
        return Z_BOTTOM;
    if (row >= z->explain_top)
        return Z_EXPLAIN;
    return col >= z->vec_col ? Z_VECTORS : Z_HEATMAP;
}

struct mirror {
    VTerm *term;
    VTermState *state;
    VTermScreen *screen;
    size_t fed;           /* bytes of the raw output fed so far */
};

/* The program's terminal queries were answered by the live emulator. */
static void mirror_drop_output(const char *s, size_t len, void *user)
{
    (void)s;
    (void)len;
    (void)user;
}

static void mirror_open(struct mirror *m)
{
    m->term = vterm_new(ROWS, COLS);
    vterm_set_utf8(m->term, 1);
    vterm_output_set_callback(m->term, mirror_drop_output, NULL);
    m->state = vterm_obtain_state(m->term);
    m->screen = vterm_obtain_screen(m->term);
    vterm_screen_enable_altscreen(m->screen, 1);   /* as tests/support/vt.c */
    vterm_screen_reset(m->screen, 1);
    m->fed = 0;
}

static void mirror_close(struct mirror *m)
{
    vterm_free(m->term);
}

/* Feeds raw[m->fed, upto): what was fed already never again. */
static void mirror_feed(struct mirror *m, const char *raw, size_t upto)
{
    if (upto <= m->fed)
        return;
    vterm_input_write(m->term, raw + m->fed, upto - m->fed);
    m->fed = upto;
}

/* Feeds all the live emulator has read so far. */
static void mirror_catch_up(struct mirror *m, struct vt *vt)
{
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    mirror_feed(m, raw, len);
}

/* Feeds raw[m->fed, upto) a byte at a time and charges every byte to a
 * screen cell: text where it is written, an escape sequence where the
 * cursor is once the sequence is complete (a move counts for the place it
 * moves to). per_row[ROWS] and per_zone[Z_COUNT] (with z) are added to;
 * either may be NULL. */
static void mirror_charge(struct mirror *m, const char *raw, size_t upto, long *per_row,
                          long *per_zone, const struct zones *z)
{
    enum { GROUND, ESC, CSI, INTER, STRING, STRING_ESC } st = GROUND;
    long pending = 0;
    for (size_t i = m->fed; i < upto; i++) {
        unsigned char b = (unsigned char)raw[i];
        bool seq = st != GROUND || b == 0x1b;   /* b is part of an escape sequence */
        VTermPos pos;
        vterm_state_get_cursorpos(m->state, &pos);
        vterm_input_write(m->term, raw + i, 1);
        pending++;
        bool done;
        switch (st) {
        case GROUND:
            st = b == 0x1b ? ESC : GROUND;
            done = st == GROUND;
            break;
        case ESC:
            st = b == '[' ? CSI : b == ']' || b == 'P' || b == '_' || b == '^' ? STRING
               : b >= 0x20 && b <= 0x2f ? INTER : GROUND;
            done = st == GROUND;
            break;
        case CSI:
            done = b >= 0x40 && b <= 0x7e;
            break;
        case INTER:
            done = !(b >= 0x20 && b <= 0x2f);
            break;
        case STRING:
            st = b == 0x1b ? STRING_ESC : STRING;
            done = b == 0x07;
            break;
        default:     /* STRING_ESC: ESC \ ends the string */
            done = true;
            break;
        }
        if (!done)
            continue;
        st = GROUND;
        /* text is charged where it was written, a sequence where it
         * leaves the cursor */
        if (seq)
            vterm_state_get_cursorpos(m->state, &pos);
        if (pos.row >= 0 && pos.row < ROWS) {
            if (per_row)
                per_row[pos.row] += pending;
            if (per_zone)
                per_zone[zone_at(z, pos.row, pos.col)] += pending;
        }
        pending = 0;
    }
    if (upto > m->fed)
        m->fed = upto;
}

/* libvterm fills a cell's chars[] up to its terminator only. */
static bool same_chars(const VTermScreenCell *a, const VTermScreenCell *b)
{
    for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL; i++) {
        if (a->chars[i] != b->chars[i])
            return false;
        if (a->chars[i] == 0)
            break;
    }
    return true;
}

/* Whether columns 0..cols-1 of row differ between the mirror's screen and
 * before[] (a snapshot of ROWS x COLS cells): text, width, attributes or
 * colors. */
static bool row_changed(struct mirror *m, const VTermScreenCell *before, int row, int cols)
{
    for (int col = 0; col < cols; col++) {
        VTermScreenCell c;
        vterm_screen_get_cell(m->screen, (VTermPos){ .row = row, .col = col }, &c);
        const VTermScreenCell *b = &before[row * COLS + col];
        if (c.width != b->width || !same_chars(&c, b) || c.attrs.bold != b->attrs.bold
            || c.attrs.underline != b->attrs.underline
            || c.attrs.italic != b->attrs.italic || c.attrs.reverse != b->attrs.reverse
            || !vterm_color_is_equal(&c.fg, &b->fg) || !vterm_color_is_equal(&c.bg, &b->bg))
            return true;
    }
    return false;
}

static void snapshot(struct mirror *m, VTermScreenCell *cells)
{
    for (int row = 0; row < ROWS; row++)
        for (int col = 0; col < COLS; col++)
            vterm_screen_get_cell(m->screen, (VTermPos){ .row = row, .col = col },
                                  &cells[row * COLS + col]);
}

/* ---- the measurements ------------------------------------------------------- */

/* The harness's own floor: a key echoed by the pty's line discipline
 * (cat in canonical mode never even wakes for it), timed as a frame is. */
static void measure_floor(int keys)
{
    struct prog p = { 0 };
    char *const argv[] = { "cat", NULL };
    char echoed[MAX_SAMPLES + 1] = "";
    double ms[MAX_SAMPLES];
    p.vt = vt_spawn(COLS, ROWS, argv, NULL);
    for (int i = 0; p.vt && i < keys; i++) {
        echoed[i] = 'x';
        struct expect e = { .has = { echoed } };
        struct press pr;
        if (!press(&p, K_X, &e, QUIET_MS, &pr)) {
            fail(&p, "floor", "no echo");
            prog_end(&p);
            return;
        }
        ms[i] = pr.ms;
    }
    prog_end(&p);
    struct stats s = stats_of(ms, (size_t)keys);
    printf("floor keys=%d median_us=%.1f p90_us=%.1f max_us=%.1f\n", keys, s.median * 1e3,
           s.p90 * 1e3, s.max * 1e3);
    fflush(stdout);
}

static void measure_startup(const char *bin, int runs)
{
    double ms[MAX_SAMPLES];
    size_t bytes = 0;
    int got = 0;
    for (int i = 0; i < runs; i++) {
        struct prog p;
        char *const argv[] = { (char *)bin, NULL };
        double t;
        if (!prog_start(&p, argv, NULL, LIMIT_MS, &t)) {
            fail(&p, "startup", "no first frame");
            prog_end(&p);
            return;
        }
        ms[got++] = t;
        bytes = p.seen;
        prog_end(&p);
    }
    struct stats s = stats_of(ms, (size_t)got);
    printf("startup cols=%d rows=%d runs=%d median_ms=%.3f p90_ms=%.3f min_ms=%.3f max_ms=%.3f "
           "bytes=%zu\n", COLS, ROWS, got, s.median, s.p90, ms[0], s.max, bytes);
    fflush(stdout);
}

/* keys presses of k1, k2, k1, ..., each waiting for its text (text1,
 * text2, ...); an even count leaves the model as it was. */
static bool measure_keys(struct prog *p, size_t n, size_t d, size_t h, const char *name,
                         enum key k1, const char *text1, enum key k2, const char *text2,
                         int keys, size_t *last_from, size_t *last_bytes)
{
    double ms[MAX_SAMPLES], bytes[MAX_SAMPLES];
    double cpu_ui = cpu_ns(p->pid, false), cpu_all = cpu_ns(p->pid, true);
    for (int i = 0; i < keys; i++) {
        struct expect e = { .has = { i % 2 ? text2 : text1 } };
        struct press pr;
        if (!press(p, i % 2 ? k2 : k1, &e, QUIET_MS, &pr)) {
            fail(p, "key", i % 2 ? text2 : text1);
            return false;
        }
        ms[i] = pr.ms;
        bytes[i] = (double)pr.bytes;
        if (last_from) {
            *last_from = pr.from;
            *last_bytes = pr.bytes;
        }
    }
    cpu_ui = cpu_ns(p->pid, false) - cpu_ui;
    cpu_all = cpu_ns(p->pid, true) - cpu_all;
    struct stats s = stats_of(ms, (size_t)keys), b = stats_of(bytes, (size_t)keys);
    printf("key n=%zu d_model=%zu heads=%zu key=%s keys=%d median_ms=%.3f p90_ms=%.3f max_ms=%.3f "
           "bytes_median=%.0f bytes_max=%.0f cpu_ui_us=%.0f cpu_all_us=%.0f\n",
           n, d, h, name, keys, s.median, s.p90, s.max, b.median, b.max,
           cpu_ui / keys / 1e3, cpu_all / keys / 1e3);
    fflush(stdout);
    return true;
}

/* The heatmap's cursor cell on the mirror's screen: the first cell in
 * reverse video and bold (palette.c draws the cursor so) between the
 * heatmap's column labels and the explain pane, left of the vectors. */
static bool mirror_cursor(struct mirror *m, const struct zones *z, int *y, int *x)
{
    for (int row = z->heat_top + 2; row < z->explain_top; row++)
        for (int col = 0; col < z->vec_col; col++) {
            VTermScreenCell c;
            vterm_screen_get_cell(m->screen, (VTermPos){ .row = row, .col = col }, &c);
            if (c.attrs.reverse && c.attrs.bold) {
                *y = row;
                *x = col;
                return true;
            }
        }
    return false;
}

/* Arrow keys in a snake over columns 0..4, from row 0 down (50 keys end
 * on row 10): all in view, so nothing scrolls, only the cursor moves. A
 * key's own frame is its first burst, which must have moved the heatmap's
 * cursor that way; the vectors and explain panes follow once it rests
 * (:detail-delay), in a frame of their own (detail_*). */
static bool measure_cursor(struct prog *p, size_t n, size_t d, size_t h, int keys,
                           int *end_row, int *end_col)
{
    double ms[MAX_SAMPLES], bytes[MAX_SAMPLES], detail_ms[MAX_SAMPLES],
           detail_bytes[MAX_SAMPLES];
    long zone_bytes[Z_COUNT] = { 0 }, detail_zone[Z_COUNT] = { 0 };
    struct zones z = zones_of(p->vt);
    struct mirror m;
    mirror_open(&m);
    mirror_catch_up(&m, p->vt);
    int row = 0, col = 0, cy, cx;
    if (!mirror_cursor(&m, &z, &cy, &cx)) {
        mirror_close(&m);
        fail(p, "cursor", "no cursor cell in the heatmap");
        return false;
    }
    double cpu_ui = cpu_ns(p->pid, false), cpu_all = cpu_ns(p->pid, true);
    for (int i = 0; i < keys; i++) {
        enum key k;
        bool right = row % 2 == 0;
        if (right ? col < 4 : col > 0) {
            k = right ? K_RIGHT : K_LEFT;
            col += right ? 1 : -1;
        } else {
            k = K_DOWN;
            row++;
        }
        char want_row[32], want_col[32];
        snprintf(want_row, sizeof want_row, "(row %d) ", row);
        snprintf(want_col, sizeof want_col, "(col %d) ", col);
        struct expect e = { .has = { want_row, want_col } };
        struct press pr;
        if (!press(p, k, &e, QUIET_MS, &pr)) {
            mirror_close(&m);
            fail(p, "cursor", "the explain pane did not follow the cursor");
            return false;
        }
        const char *raw = vt_raw_output(p->vt, NULL);
        mirror_charge(&m, raw, pr.from + pr.first_bytes, NULL, zone_bytes, &z);
        int y, x;
        bool moved = mirror_cursor(&m, &z, &y, &x)
                     && (k == K_DOWN ? y > cy && x == cx : y == cy && (k == K_RIGHT ? x > cx : x < cx));
        if (!moved) {
            mirror_close(&m);
            fail(p, "cursor", "the key's first frame did not move the heatmap's cursor");
            return false;
        }
        cy = y;
        cx = x;
        mirror_charge(&m, raw, pr.from + pr.bytes, NULL, detail_zone, &z);
        ms[i] = pr.first_ms;
        bytes[i] = (double)pr.first_bytes;
        detail_ms[i] = pr.ms;
        detail_bytes[i] = (double)(pr.bytes - pr.first_bytes);
    }
    cpu_ui = cpu_ns(p->pid, false) - cpu_ui;
    cpu_all = cpu_ns(p->pid, true) - cpu_all;
    mirror_close(&m);
    struct stats s = stats_of(ms, (size_t)keys), b = stats_of(bytes, (size_t)keys),
                 ds = stats_of(detail_ms, (size_t)keys), db = stats_of(detail_bytes, (size_t)keys);
    printf("cursor n=%zu d_model=%zu heads=%zu cols=%d rows=%d keys=%d bytes_median=%.0f "
           "bytes_p90=%.0f bytes_max=%.0f median_ms=%.3f p90_ms=%.3f max_ms=%.3f "
           "detail_bytes_median=%.0f detail_bytes_p90=%.0f detail_bytes_max=%.0f "
           "detail_median_ms=%.3f detail_max_ms=%.3f cpu_ui_us=%.0f cpu_all_us=%.0f",
           n, d, h, COLS, ROWS, keys, b.median, b.p90, b.max, s.median, s.p90, s.max,
           db.median, db.p90, db.max, ds.median, ds.max, cpu_ui / keys / 1e3, cpu_all / keys / 1e3);
    for (int i = 0; i < Z_COUNT; i++)
        printf(" %s_mean=%.0f", zone_name[i], (double)zone_bytes[i] / keys);
    for (int i = 0; i < Z_COUNT; i++)
        printf(" detail_%s_mean=%.0f", zone_name[i], (double)detail_zone[i] / keys);
    printf("\n");
    fflush(stdout);
    *end_row = row;
    *end_col = col;
    return true;
}

/* An arrow key held down: Right `keys` times, a key every HELD_MS as a
 * terminal repeats a held key, then the frame that shows the last cell
 * explained: the bytes from each key to the next, and of the whole run
 * with that frame. */
static bool measure_held(struct prog *p, size_t n, size_t d, size_t h, int keys, int row,
                         int col)
{
    char want_row[32], want_col[32];
    snprintf(want_row, sizeof want_row, "(row %d) ", row);
    snprintf(want_col, sizeof want_col, "(col %d) ", col + keys);
    double bytes[MAX_SAMPLES];
    size_t before;
    vt_raw_output(p->vt, &before);
    p->seen = before;
    double t0 = now_ms();
    for (int i = 0; i < keys; i++) {
        size_t at = p->seen;
        double sent = now_ms();
        if (!send_key(p->vt, K_RIGHT)) {
            fail(p, "held", "the program is gone");
            return false;
        }
        /* read what comes until the next key is due */
        double left;
        while ((left = sent + HELD_MS - now_ms()) > 0)
            if (vt_wait_until(p->vt, took_more, p, (int)left + 1))
                took_more(p->vt, p);
        bytes[i] = (double)(p->seen - at);
    }
    size_t held = p->seen - before;
    struct expect e = { .has = { want_row, want_col } };
    if (!settle(p, &e, QUIET_MS, LIMIT_MS)) {
        fail(p, "held", "the explain pane did not follow the cursor");
        return false;
    }
    size_t all = p->seen - before;
    struct stats b = stats_of(bytes, (size_t)keys);
    printf("held n=%zu d_model=%zu heads=%zu keys=%d interval_ms=%d bytes=%zu "
           "bytes_median=%.0f bytes_p90=%.0f bytes_max=%.0f final_frame_bytes=%zu ms=%.1f\n",
           n, d, h, keys, HELD_MS, all, b.median, b.p90, b.max, all - held, p->last - t0);
    fflush(stdout);
    return true;
}

/* One session of n words at d_model d, h heads: the cursor first (the
 * model as started), then the model keys. The parse line uses the last c
 * frame's bytes. */
static void measure_config(const char *bin, size_t n, size_t d, size_t h, int keys,
                           bool parse)
{
    char dim[16], heads[16];
    snprintf(dim, sizeof dim, "%zu", d);
    snprintf(heads, sizeof heads, "%zu", h);
    char *sentence = words(n, false);
    char *const argv[] = { (char *)bin, "--dim", dim, "--heads", heads, sentence, NULL };
    struct prog p = { 0 };
    char first[32], down[32];
    snprintf(first, sizeof first, "d_model %zu ", d);
    snprintf(down, sizeof down, "d_model %zu ", d - h);   /* - takes one head's width */
    size_t from = 0, bytes = 0;
    int row, col;
    if (!sentence || !prog_start(&p, argv, first, LIMIT_MS, NULL) || !to_heatmap(&p)) {
        fail(&p, "key", "no first frame");
    } else if (measure_cursor(&p, n, d, h, keys, &row, &col)
               && measure_held(&p, n, d, h, HELD_KEYS, row, col)
               && measure_keys(&p, n, d, h, "c", K_C, "causal on", K_C, "causal off", keys,
                               &from, &bytes)
               && measure_keys(&p, n, d, h, "-+", K_MINUS, down, K_PLUS, first, keys, NULL,
                               NULL)
               && parse) {
        /* libvterm on the frame's bytes, as the harness fed them: a
         * mirror brought to the frame's start, then the frame timed. */
        double us[16];
        size_t len;
        const char *raw = vt_raw_output(p.vt, &len);
        for (int i = 0; i < 16; i++) {
            struct mirror m;
            mirror_open(&m);
            mirror_feed(&m, raw, from);
            double t0 = now_ms();
            mirror_feed(&m, raw, from + bytes);
            us[i] = (now_ms() - t0) * 1e3;
            mirror_close(&m);
        }
        struct stats s = stats_of(us, 16);
        printf("parse n=%zu d_model=%zu heads=%zu bytes=%zu median_us=%.1f max_us=%.1f\n",
               n, d, h, bytes, s.median, s.max);
        fflush(stdout);
    }
    prog_end(&p);
    free(sentence);
}

/* "rows A–B of N" of the heatmap's title: A and B. */
static bool visible_rows(struct vt *vt, int *first, int *last)
{
    int row;
    if (!vt_find(vt, "rows ", &row, NULL))
        return false;
    char *text = vt_row_text(vt, row);
    const char *s = strstr(text, "rows ") + 5;
    char *end;
    long a = strtol(s, &end, 10);
    while (*end && !isdigit((unsigned char)*end))   /* the en dash */
        end++;
    long b = strtol(end, NULL, 10);
    free(text);
    *first = (int)a;
    *last = (int)b;
    return a > 0 && b >= a;
}

static void measure_scroll(const char *bin, int scrolls)
{
    char *sentence = words(SCROLL_TOKENS, false);
    char *const argv[] = { (char *)bin, "--dim", "8", "--heads", "1", sentence, NULL };
    struct prog p = { 0 };
    char of[32];
    snprintf(of, sizeof of, "of %d", SCROLL_TOKENS);
    int first, last;
    VTermScreenCell *before = malloc(sizeof *before * ROWS * COLS);
    if (!sentence || !before || !prog_start(&p, argv, of, LIMIT_MS, NULL) || !to_heatmap(&p)
        || !visible_rows(p.vt, &first, &last)) {
        fail(&p, "scroll", "no first frame with \"rows A–B of 300\"");
        goto out;
    }
    /* down to the last visible row: the cursor moves, nothing scrolls */
    for (int r = 1; r < last; r++) {
        char want[32];
        snprintf(want, sizeof want, "(row %d) ", r);
        struct expect e = { .has = { want } };
        struct press pr;
        if (!press(&p, K_DOWN, &e, QUIET_MS, &pr)) {
            fail(&p, "scroll", "the cursor did not reach the last visible row");
            goto out;
        }
    }
    double bytes[MAX_SAMPLES], redraw[MAX_SAMPLES], budget[MAX_SAMPLES], ratio[MAX_SAMPLES],
           changed[MAX_SAMPLES];
    struct mirror m;
    mirror_open(&m);
    int done = 0;
    for (int i = 0; i < scrolls; i++) {
        mirror_catch_up(&m, p.vt);
        snapshot(&m, before);
        char want_row[32], want_rows[64];
        snprintf(want_row, sizeof want_row, "(row %d) ", last + i);
        snprintf(want_rows, sizeof want_rows, "rows %d–%d of", first + i + 1, last + i + 1);
        struct expect e = { .has = { want_row, want_rows } };
        struct press sc, rd;
        if (!press(&p, K_DOWN, &e, QUIET_MS, &sc)) {
            fail(&p, "scroll", "Down at the bottom edge did not scroll by one row");
            break;
        }
        mirror_catch_up(&m, p.vt);
        int rows_changed = 0;
        bool is_changed[ROWS];
        for (int r = 0; r < ROWS; r++) {
            is_changed[r] = row_changed(&m, before, r, COLS);
            rows_changed += is_changed[r];
        }
        /* the same screen drawn whole: what each row costs from nothing */
        struct expect drawn = { .has = { want_rows }, .bottom = true };
        if (!press(&p, K_REDRAW, &drawn, QUIET_MS, &rd)) {
            fail(&p, "scroll", "no frame after Ctrl-L");
            break;
        }
        long per_row[ROWS] = { 0 };
        mirror_charge(&m, vt_raw_output(p.vt, NULL), rd.from + rd.bytes, per_row, NULL, NULL);
        long cost = 0;
        for (int r = 0; r < ROWS; r++)
            if (is_changed[r])
                cost += per_row[r];
        bytes[done] = (double)sc.bytes;
        redraw[done] = (double)rd.bytes;
        budget[done] = (double)cost;
        changed[done] = rows_changed;
        ratio[done] = cost > 0 ? (double)sc.bytes / (double)cost : 0;
        done++;
    }
    mirror_close(&m);
    if (done > 0) {
        struct stats b = stats_of(bytes, (size_t)done), r = stats_of(redraw, (size_t)done),
                     c = stats_of(budget, (size_t)done), q = stats_of(ratio, (size_t)done),
                     ch = stats_of(changed, (size_t)done);
        printf("scroll n=%d d_model=8 heads=1 cols=%d rows=%d visible=%d scrolls=%d "
               "bytes_median=%.0f bytes_p90=%.0f bytes_max=%.0f redraw_bytes_median=%.0f "
               "redraw_bytes_p90=%.0f redraw_bytes_max=%.0f changed_rows_median=%.0f changed_redraw_bytes_median=%.0f "
               "ratio_median=%.3f ratio_p90=%.3f ratio_max=%.3f\n",
               SCROLL_TOKENS, COLS, ROWS, last - first + 1, done, b.median, b.p90, b.max,
               r.median, r.p90, r.max, ch.median, c.median, q.median, q.p90, q.max);
        fflush(stdout);
    }
out:
    free(before);
    free(sentence);
    prog_end(&p);
}

/* Writes the 4,096-word text into the program's own temporary HOME. */
static bool write_text(const char *dir, char *path, size_t cap)
{
    snprintf(path, cap, "%s/story.txt", dir);
    char *text = words(BUSY_TOKENS, true);
    FILE *f = fopen(path, "w");
    bool ok = text && f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    free(text);
    return ok;
}

/* Whether a row of the mirror's screen holds text (ASCII). */
static bool mirror_has(struct mirror *m, const char *text)
{
    for (int row = 0; row < ROWS; row++) {
        char line[COLS + 1];
        for (int col = 0; col < COLS; col++) {
            VTermScreenCell c;
            vterm_screen_get_cell(m->screen, (VTermPos){ .row = row, .col = col }, &c);
            line[col] = c.chars[0] > 0 && c.chars[0] < 0x80 ? (char)c.chars[0] : ' ';
        }
        line[COLS] = '\0';
        if (strstr(line, text))
            return true;
    }
    return false;
}

/* The next arrow of a diagonal walk (Right, Down, Right, ...), which
 * scrolls both ways once it reaches the edges. Its first burst (pr's
 * first_*) must change the heatmap (left of the vectors), as the mirror
 * replays it
 * against before[] (a snapshot's room); then the explain pane's title
 * names the new cell. *busy: the status line still says "computing"
 * once the first burst is written. */
static bool walk(struct prog *p, struct mirror *m, VTermScreenCell *before, const struct zones *z,
                 int *row, int *col, int quiet_ms, struct press *pr, bool *busy)
{
    enum key k = *row == *col ? K_RIGHT : K_DOWN;
    *col += k == K_RIGHT;
    *row += k == K_DOWN;
    char want_row[32], want_col[32];
    snprintf(want_row, sizeof want_row, "(row %d) ", *row);
    snprintf(want_col, sizeof want_col, "(col %d) ", *col);
    struct expect e = { .has = { want_row, want_col } };
    mirror_catch_up(m, p->vt);
    snapshot(m, before);
    if (!press(p, k, &e, quiet_ms, pr))
        return false;
    mirror_feed(m, vt_raw_output(p->vt, NULL), pr->from + pr->first_bytes);
    bool changed = false;
    for (int r = z->heat_top; r < z->explain_top && !changed; r++)
        changed = row_changed(m, before, r, z->vec_col);
    *busy = mirror_has(m, "computing");
    mirror_catch_up(m, p->vt);
    return changed;
}

#define FOLLOW_FAILED "the heatmap did not follow the cursor at once, or the explain pane later"

static void measure_busy(const char *bin, int want)
{
    struct prog p = { 0 };
    struct spawn_env text_env;
    char path[256];
    if (spawn_env_make(&text_env, "attnviz-benchtxt") != 0
        || !write_text(text_env.dir, path, sizeof path)) {
        fail(NULL, "busy", "cannot write the text");
        return;
    }
    char *const argv[] = { (char *)bin, "--dim", "512", "--heads", "8", path, NULL };
    double ms[MAX_SAMPLES], idle[MAX_SAMPLES], pass_ms[MAX_ROUNDS];
    int got = 0, after = 0, rounds = 0, row = 0, col = 0, idle_keys = want < 20 ? want : 20;
    struct press pr;
    struct mirror m;
    mirror_open(&m);
    VTermScreenCell *before = malloc(sizeof *before * ROWS * COLS);
    bool busy;
    if (!before || !prog_start(&p, argv, "of 4,096", LONG_LIMIT_MS, NULL) || !to_heatmap(&p)) {
        fail(&p, "busy", "no first frame");
        goto out;
    }
    struct zones z = zones_of(p.vt);
    /* the same walk with no pass running: what a cursor frame costs here */
    for (int i = 0; i < idle_keys; i++) {
        if (!walk(&p, &m, before, &z, &row, &col, QUIET_MS, &pr, &busy)) {
            fail(&p, "busy", FOLLOW_FAILED);
            goto out;
        }
        idle[i] = pr.first_ms;
    }
    while (got < want && rounds < MAX_ROUNDS) {
        /* c starts a pass in the background; the arrows go right after it */
        double t_c = now_ms();
        if (!send_key(p.vt, K_C)) {
            fail(&p, "busy", "the program is gone");
            goto out;
        }
        while (got < want) {
            if (!walk(&p, &m, before, &z, &row, &col, BUSY_QUIET_MS, &pr, &busy)) {
                fail(&p, "busy", FOLLOW_FAILED);
                goto out;
            }
            if (!busy) {
                after++;     /* the pass ended first: not a key during one */
                break;
            }
            ms[got++] = pr.first_ms;
        }
        struct expect done = { .lacks = "computing" };
        if (!settle(&p, &done, QUIET_MS, LONG_LIMIT_MS)) {
            fail(&p, "busy", "the pass did not end");
            goto out;
        }
        pass_ms[rounds++] = p.last - t_c;
    }
    /* and a pass with no key meanwhile: from c to the new picture drawn */
    struct expect running = { .has = { "computing" } }, gone = { .lacks = "computing" };
    double t_alone = now_ms();
    if (!press(&p, K_C, &running, BUSY_QUIET_MS, &pr)
        || !settle(&p, &gone, QUIET_MS, LONG_LIMIT_MS)) {
        fail(&p, "busy", "the last pass did not end");
        goto out;
    }
    double alone_ms = p.last - t_alone;
    struct stats s = stats_of(ms, (size_t)got), ps = stats_of(pass_ms, (size_t)rounds),
                 is = stats_of(idle, (size_t)idle_keys);
    printf("busy n=%d d_model=512 heads=8 cols=%d rows=%d keys=%d rounds=%d after_pass=%d "
           "median_ms=%.3f p90_ms=%.3f max_ms=%.3f idle_keys=%d idle_median_ms=%.3f "
           "idle_p90_ms=%.3f idle_max_ms=%.3f pass_median_ms=%.1f pass_alone_ms=%.1f\n",
           BUSY_TOKENS, COLS, ROWS, got, rounds, after, s.median, s.p90, s.max, idle_keys,
           is.median, is.p90, is.max, ps.median, alone_ms);
    fflush(stdout);
out:
    free(before);
    mirror_close(&m);
    prog_end(&p);
    spawn_env_remove(&text_env);
}

int main(int argc, char **argv)
{
    const char *bin = NULL, *only = NULL;
    bool quick = false, usage = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (!bin && argv[i][0] != '-')
            bin = argv[i];
        else
            usage = true;
    }
    if (usage || !bin) {
        fprintf(stderr, "usage: tui ATTNVIZ [--quick] "
                "[--only floor|startup|frames|frames-16|frames-64|scroll|busy]\n");
        return 2;
    }
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    if (saved < 0 || null < 0 || !(err = fdopen(saved, "w"))) {
        perror("tui");
        return 1;
    }
    fcntl(saved, F_SETFD, FD_CLOEXEC);   /* not the program's */
    dup2(null, 2);
    close(null);

    trace = getenv("ATTNVIZ_BENCH_TRACE") != NULL;
    int keys = quick ? 20 : 50;
    /* --only NAME runs the sections whose names start with NAME */
#define RUN(name) (!only || strncmp(name, only, strlen(only)) == 0)
    if (RUN("floor"))
        measure_floor(keys);
    if (RUN("startup"))
        measure_startup(bin, quick ? 5 : 11);
    if (RUN("frames-16"))
        measure_config(bin, 16, 64, 1, keys, false);
    if (RUN("frames-64"))
        measure_config(bin, 64, 512, 8, keys, true);
    if (RUN("scroll"))
        measure_scroll(bin, quick ? 5 : 20);
    if (RUN("busy"))
        measure_busy(bin, quick ? 20 : 60);
#undef RUN
    return 0;
}
