/* vt.c - a program in a pseudo-terminal, its screen kept by libvterm.
 *
 * The pty master is non-blocking. Everything the child writes is appended to
 * raw[] and fed to libvterm; everything libvterm "types" (our keys, and its
 * answers to the child's terminal queries) comes back through its output
 * callback into pending[] and is written to the master, as a real terminal
 * would. All waits are poll() with a deadline. */
#include "vt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct buf {
    char *data;
    size_t len, cap;
};

struct vt {
    pid_t pid;
    int fd;                /* pty master */
    VTerm *term;
    VTermScreen *screen;
    int cols, rows;
    struct buf raw;        /* all child output */
    struct buf pending;    /* bytes for the child, not yet written */
    bool hup;              /* the slave side is closed: no more output */
    bool reaped;
    int status;            /* decoded exit status once reaped */
};

/* Allocation failure in a test harness is not worth recovering from. */
static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        perror("vt: realloc");
        abort();
    }
    return q;
}

static void buf_append(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';   /* so raw output can be searched as a string */
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ms_left(long long deadline)
{
    long long left = deadline - now_ms();
    return left < 0 ? 0 : (int)left;
}

static void on_vterm_output(const char *s, size_t len, void *user)
{
    struct vt *vt = user;
    buf_append(&vt->pending, s, len);
}

/* Records the exit status if the child has ended; never blocks. */
static void reap_nohang(struct vt *vt)
{
    int st;
    if (vt->reaped || waitpid(vt->pid, &st, WNOHANG) != vt->pid)
        return;
    vt->reaped = true;
    vt->status = WIFEXITED(st) ? WEXITSTATUS(st)
               : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* Writes as much of pending[] as the pty takes now. */
static void flush_pending(struct vt *vt)
{
    size_t done = 0;
    if (vt->pending.len == 0)
        return;
    while (done < vt->pending.len) {
        ssize_t n = write(vt->fd, vt->pending.data + done, vt->pending.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    memmove(vt->pending.data, vt->pending.data + done, vt->pending.len - done);
    vt->pending.len -= done;
}

/* Waits up to timeout_ms for output and feeds one chunk of it to the
 * emulator. Returns 1 when something was read, 0 when nothing came, -1 when
 * the slave side is closed (Linux reports EIO on the master then). */
static int read_once(struct vt *vt, int timeout_ms)
{
    if (vt->hup)
        return -1;
    struct pollfd p = { .fd = vt->fd, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0)
        return 0;
    char chunk[8192];
    ssize_t n = read(vt->fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (n <= 0) {
        vt->hup = true;
        return -1;
    }
    buf_append(&vt->raw, chunk, (size_t)n);
    vterm_input_write(vt->term, chunk, (size_t)n);
    /* The child may have asked something (cursor position, device
     * attributes); libvterm's answer is in pending[]. */
    flush_pending(vt);
    return 1;
}

/* Reads everything that is already there, without waiting. */
static void drain(struct vt *vt)
{
    while (read_once(vt, 0) > 0)
        ;
}

void vt_drain(struct vt *vt)
{
    drain(vt);
}

struct vt *vt_spawn(int cols, int rows, char *const argv[], char *const env_extra[])
{
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    int fd;
    /* Flushed so buffered test output is not written twice by the child. */
    fflush(NULL);
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("vt: forkpty");
        return NULL;
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        /* Each would override what the test means to control: the size
         * (LINES/COLUMNS freeze it), the locale, the color depth. */
        unsetenv("LINES");
        unsetenv("COLUMNS");
        unsetenv("LC_ALL");
        unsetenv("COLORTERM");
        unsetenv("NO_COLOR");
        for (size_t i = 0; env_extra && env_extra[i]; i++)
            putenv(env_extra[i]);
        execvp(argv[0], argv);
        fprintf(stderr, "vt: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }

    struct vt *vt = xrealloc(NULL, sizeof *vt);
    *vt = (struct vt){ .pid = pid, .fd = fd, .cols = cols, .rows = rows };
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    vt->term = vterm_new(rows, cols);
    vterm_set_utf8(vt->term, 1);
    vterm_output_set_callback(vt->term, on_vterm_output, vt);
    vt->screen = vterm_obtain_screen(vt->term);
    /* Like xterm: smcup/rmcup switch to and from a separate screen. */
    vterm_screen_enable_altscreen(vt->screen, 1);
    vterm_screen_reset(vt->screen, 1);
    return vt;
}

void vt_free(struct vt *vt)
{
    if (!vt)
        return;
    if (!vt->reaped) {
        /* The child leads its own session and process group (forkpty). */
        kill(-vt->pid, SIGKILL);
        kill(vt->pid, SIGKILL);
        while (waitpid(vt->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    close(vt->fd);
    vterm_free(vt->term);
    free(vt->raw.data);
    free(vt->pending.data);
    free(vt);
}

/* Writes pending[] completely, reading output meanwhile so a child that is
 * itself blocked writing to us cannot deadlock the exchange. */
static bool send_pending(struct vt *vt)
{
    long long deadline = now_ms() + VT_TIMEOUT_MS;
    for (;;) {
        flush_pending(vt);
        if (vt->pending.len == 0)
            return true;
        if (vt->hup || ms_left(deadline) == 0)
            return false;
        struct pollfd p = { .fd = vt->fd, .events = POLLIN | POLLOUT };
        if (poll(&p, 1, ms_left(deadline)) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)))
            read_once(vt, 0);
    }
}

bool vt_send(struct vt *vt, const char *bytes)
{
    buf_append(&vt->pending, bytes, strlen(bytes));
    return send_pending(vt);
}

bool vt_ctrl(struct vt *vt, char c)
{
    char b[2] = { (char)(c & 0x1f), '\0' };
    return vt_send(vt, b);
}

/* Decodes one UTF-8 sequence at *s; returns its length (1 for a bad byte,
 * which is then passed through as that code). */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
    int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
          : (s[0] & 0xf8) == 0xf0 ? 4 : 1;
    *cp = n == 1 ? s[0] : s[0] & (0x7f >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = s[0];
            return 1;
        }
        *cp = (*cp << 6) | (s[i] & 0x3f);
    }
    return n;
}

bool vt_type(struct vt *vt, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    while (*s) {
        uint32_t cp;
        s += utf8_decode(s, &cp);
        vterm_keyboard_unichar(vt->term, cp, VTERM_MOD_NONE);
    }
    return send_pending(vt);
}

bool vt_key(struct vt *vt, enum vt_key key)
{
    static const VTermKey map[] = {
        [VT_KEY_ENTER] = VTERM_KEY_ENTER,       [VT_KEY_TAB] = VTERM_KEY_TAB,
        [VT_KEY_BACKSPACE] = VTERM_KEY_BACKSPACE, [VT_KEY_ESCAPE] = VTERM_KEY_ESCAPE,
        [VT_KEY_UP] = VTERM_KEY_UP,             [VT_KEY_DOWN] = VTERM_KEY_DOWN,
        [VT_KEY_LEFT] = VTERM_KEY_LEFT,         [VT_KEY_RIGHT] = VTERM_KEY_RIGHT,
        [VT_KEY_HOME] = VTERM_KEY_HOME,         [VT_KEY_END] = VTERM_KEY_END,
        [VT_KEY_PAGEUP] = VTERM_KEY_PAGEUP,     [VT_KEY_PAGEDOWN] = VTERM_KEY_PAGEDOWN,
    };
    vterm_keyboard_key(vt->term, map[key], VTERM_MOD_NONE);
    return send_pending(vt);
}

/* A failed wait says what the screen showed instead, so a failing test
 * explains itself. */
static void report_timeout(struct vt *vt, const char *what, int timeout_ms)
{
    char *screen = vt_screen_text(vt);
    fprintf(stderr, "vt: %s not seen within %d ms (%dx%d%s); the screen:\n%s\n-- end of screen\n",
            what, timeout_ms, vt->cols, vt->rows, vt->hup ? ", program gone" : "", screen);
    free(screen);
}

static bool wait_until(struct vt *vt, vt_pred pred, void *ctx, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        if (pred(vt, ctx)) {
            /* Take in the rest of a frame already written, so what the
             * caller inspects next is not half-drawn more than need be. */
            drain(vt);
            return true;
        }
        int left = ms_left(deadline);
        if (left == 0)
            return false;
        if (read_once(vt, left) < 0)
            return pred(vt, ctx);   /* no more output can come */
    }
}

bool vt_wait_until(struct vt *vt, vt_pred pred, void *ctx, int timeout_ms)
{
    if (wait_until(vt, pred, ctx, timeout_ms))
        return true;
    report_timeout(vt, "the condition", timeout_ms);
    return false;
}

static bool has_text(struct vt *vt, void *ctx)
{
    return vt_find(vt, ctx, NULL, NULL);
}

static bool lacks_text(struct vt *vt, void *ctx)
{
    return !vt_find(vt, ctx, NULL, NULL);
}

bool vt_wait_for(struct vt *vt, const char *text, int timeout_ms)
{
    if (wait_until(vt, has_text, (void *)text, timeout_ms))
        return true;
    char what[256];
    snprintf(what, sizeof what, "\"%s\"", text);
    report_timeout(vt, what, timeout_ms);
    return false;
}

bool vt_wait_for_not(struct vt *vt, const char *text, int timeout_ms)
{
    if (wait_until(vt, lacks_text, (void *)text, timeout_ms))
        return true;
    char what[256];
    snprintf(what, sizeof what, "the end of \"%s\"", text);
    report_timeout(vt, what, timeout_ms);
    return false;
}

static int utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

bool vt_cell(struct vt *vt, int row, int col, struct vt_cell *out)
{
    if (row < 0 || row >= vt->rows || col < 0 || col >= vt->cols)
        return false;
    VTermScreenCell c;
    vterm_screen_get_cell(vt->screen, (VTermPos){ .row = row, .col = col }, &c);
    *out = (struct vt_cell){
        .width = c.width,
        .bold = c.attrs.bold,
        .underline = c.attrs.underline != 0,
        .reverse = c.attrs.reverse,
        .fg_default = VTERM_COLOR_IS_DEFAULT_FG(&c.fg),
        .bg_default = VTERM_COLOR_IS_DEFAULT_BG(&c.bg),
    };
    VTermColor fg = c.fg, bg = c.bg;
    vterm_screen_convert_color_to_rgb(vt->screen, &fg);
    vterm_screen_convert_color_to_rgb(vt->screen, &bg);
    out->fg_rgb = (unsigned)fg.rgb.red << 16 | (unsigned)fg.rgb.green << 8 | fg.rgb.blue;
    out->bg_rgb = (unsigned)bg.rgb.red << 16 | (unsigned)bg.rgb.green << 8 | bg.rgb.blue;
    /* libvterm marks the right half of a wide character with -1. */
    if (c.chars[0] == (uint32_t)-1) {
        out->width = 0;
        return true;
    }
    size_t n = 0;
    for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; i++)
        n += (size_t)utf8_encode(c.chars[i], out->text + n);
    out->text[n] = '\0';
    return true;
}

/* Builds row's text into b (blanks as spaces, trailing blanks trimmed) and,
 * when colof is given, the cell column of every byte. */
static void row_build(struct vt *vt, int row, struct buf *b, int **colof)
{
    b->len = 0;
    size_t keep = 0;          /* length up to the last non-blank */
    int *map = colof ? xrealloc(NULL, ((size_t)vt->cols * 24 + 1) * sizeof *map) : NULL;
    for (int col = 0; col < vt->cols; col++) {
        struct vt_cell c;
        vt_cell(vt, row, col, &c);
        if (c.width == 0)
            continue;
        const char *t = c.text[0] ? c.text : " ";
        size_t start = b->len;
        buf_append(b, t, strlen(t));
        for (size_t i = start; map && i < b->len; i++)
            map[i] = col;
        if (strcmp(t, " ") != 0)   /* a written space is still a blank */
            keep = b->len;
    }
    buf_append(b, "", 0);     /* allocated even for an empty row */
    b->len = keep;
    b->data[keep] = '\0';
    if (colof)
        *colof = map;
}

char *vt_row_text(struct vt *vt, int row)
{
    struct buf b = { 0 };
    if (row < 0 || row >= vt->rows)
        buf_append(&b, "", 0);
    else
        row_build(vt, row, &b, NULL);
    return b.data;
}

char *vt_screen_text(struct vt *vt)
{
    struct buf all = { 0 }, line = { 0 };
    buf_append(&all, "", 0);
    for (int row = 0; row < vt->rows; row++) {
        row_build(vt, row, &line, NULL);
        buf_append(&all, line.data, line.len);
        if (row + 1 < vt->rows)
            buf_append(&all, "\n", 1);
    }
    free(line.data);
    return all.data;
}

bool vt_find(struct vt *vt, const char *text, int *row, int *col)
{
    struct buf line = { 0 };
    bool found = false;
    for (int r = 0; r < vt->rows && !found; r++) {
        int *colof;
        row_build(vt, r, &line, &colof);
        const char *hit = strstr(line.data, text);
        if (hit) {
            found = true;
            if (row)
                *row = r;
            if (col)
                *col = colof[hit - line.data];
        }
        free(colof);
    }
    free(line.data);
    return found;
}

/* Whether a and b show the same screen; if not and where is given, the
 * first different cell is described there. */
static bool same_screen(struct vt *a, struct vt *b, char *where, size_t wherelen)
{
    if (a->cols != b->cols || a->rows != b->rows) {
        if (where)
            snprintf(where, wherelen, "sizes %dx%d and %dx%d", a->cols, a->rows, b->cols, b->rows);
        return false;
    }
    for (int row = 0; row < a->rows; row++)
        for (int col = 0; col < a->cols; col++) {
            VTermPos pos = { .row = row, .col = col };
            VTermScreenCell x, y;
            vterm_screen_get_cell(a->screen, pos, &x);
            vterm_screen_get_cell(b->screen, pos, &y);
            /* An erased cell and a written space look the same. */
            if (x.chars[0] == 0)
                x.chars[0] = ' ';
            if (y.chars[0] == 0)
                y.chars[0] = ' ';
            bool same = x.width == y.width && x.chars[0] == y.chars[0] &&
                        x.attrs.bold == y.attrs.bold && x.attrs.underline == y.attrs.underline &&
                        x.attrs.italic == y.attrs.italic && x.attrs.reverse == y.attrs.reverse &&
                        vterm_color_is_equal(&x.fg, &y.fg) && vterm_color_is_equal(&x.bg, &y.bg);
            for (int i = 1; same && i < VTERM_MAX_CHARS_PER_CELL && x.chars[i - 1]; i++)
                same = x.chars[i] == y.chars[i];
            if (!same) {
                if (where) {
                    struct vt_cell cx, cy;
                    vt_cell(a, row, col, &cx);
                    vt_cell(b, row, col, &cy);
                    snprintf(where, wherelen, "row %d col %d: \"%s\"%s vs \"%s\"%s", row, col,
                             cx.text, cx.fg_default && cx.bg_default ? "" : " (colored)",
                             cy.text, cy.fg_default && cy.bg_default ? "" : " (colored)");
                }
                return false;
            }
        }
    return true;
}

bool vt_wait_same(struct vt *a, struct vt *b, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    while (!same_screen(a, b, NULL, 0)) {
        int left = ms_left(deadline);
        if (left == 0 || (a->hup && b->hup)) {
            char where[256];
            if (same_screen(a, b, where, sizeof where))
                return true;
            char *sa = vt_screen_text(a), *sb = vt_screen_text(b);
            fprintf(stderr, "vt: screens still differ after %d ms, first at %s\n"
                    "-- first screen:\n%s\n-- second screen:\n%s\n-- end of screens\n",
                    timeout_ms, where, sa, sb);
            free(sa);
            free(sb);
            return false;
        }
        /* Whichever of the two has output next. */
        struct pollfd p[2] = { { .fd = a->hup ? -1 : a->fd, .events = POLLIN },
                               { .fd = b->hup ? -1 : b->fd, .events = POLLIN } };
        if (poll(p, 2, left) > 0) {
            if (p[0].revents)
                read_once(a, 0);
            if (p[1].revents)
                read_once(b, 0);
        }
    }
    return true;
}

bool vt_screen_has_color(struct vt *vt)
{
    for (int row = 0; row < vt->rows; row++)
        for (int col = 0; col < vt->cols; col++) {
            struct vt_cell c;
            vt_cell(vt, row, col, &c);
            if (!c.fg_default || !c.bg_default)
                return true;
        }
    return false;
}

void vt_size(const struct vt *vt, int *cols, int *rows)
{
    *cols = vt->cols;
    *rows = vt->rows;
}

bool vt_resize(struct vt *vt, int cols, int rows)
{
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    if (ioctl(vt->fd, TIOCSWINSZ, &ws) < 0)
        return false;
    vterm_set_size(vt->term, rows, cols);
    vt->cols = cols;
    vt->rows = rows;
    return true;
}

bool vt_kill(struct vt *vt, int sig)
{
    return !vt->reaped && kill(vt->pid, sig) == 0;
}

int vt_wait_exit(struct vt *vt, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        reap_nohang(vt);
        if (vt->reaped)
            break;
        int left = ms_left(deadline);
        if (left == 0)
            return -1;
        /* Output keeps the pty busy until the slave closes; after that only
         * the exit is left to wait for, in short polls. */
        if (read_once(vt, left < 20 ? left : 20) < 0)
            poll(NULL, 0, left < 5 ? left : 5);
    }
    drain(vt);   /* what the child wrote just before it ended */
    return vt->status;
}

int vt_pid(const struct vt *vt)
{
    return (int)vt->pid;
}

int vt_open_slave(const struct vt *vt)
{
    const char *name = ptsname(vt->fd);
    return name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
}

const char *vt_raw_output(const struct vt *vt, size_t *len)
{
    if (len)
        *len = vt->raw.len;
    return vt->raw.data ? vt->raw.data : "";
}
