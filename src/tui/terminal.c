/* terminal.c - see terminal.h. */
#include "attnviz/terminal.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "attnviz/fatal.h"
#include "attnviz/palette.h"

enum { ESC_DELAY_MS = 25 };

static SCREEN *screen;
static enum color_level level;
static volatile sig_atomic_t caught, resized;
static int wake[2] = { -1, -1 };        /* the self-pipe: handlers write, the wait polls */
static struct sigaction ncurses_winch;  /* ncurses' own SIGWINCH handler, chained */
static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void wake_up(void)
{
    int saved = errno;
    if (wake[1] >= 0 && write(wake[1], "", 1) < 0) {
        /* full pipe: a wake-up is already pending */
    }
    errno = saved;
}

static void on_signal(int sig)
{
    caught = sig;
    wake_up();
}

static void on_winch(int sig)
{
    resized = 1;
    if (ncurses_winch.sa_handler != SIG_DFL && ncurses_winch.sa_handler != SIG_IGN
        && !(ncurses_winch.sa_flags & SA_SIGINFO))
        ncurses_winch.sa_handler(sig);
    wake_up();
}

bool terminal_pending(WINDOW *w)
{
    wtimeout(w, 0);
    int c = wgetch(w);
    wtimeout(w, -1);
    if (c == ERR)
        return false;
    ungetch(c);
    return true;
}

/* A control string's body can be long (a title, a sixel image): it is
 * read to its end, or until the input is quiet, but never past this. */
enum { ESCAPE_STRING_MAX = 1 << 16 };

/* Once a sequence has begun ("ESC [", "ESC ]"), its rest may come in a
 * later read (a slow link splits a terminal's reply): it is waited for so
 * long, so that it is not typed. */
enum { ESCAPE_REST_MS = 50 };

bool terminal_after_escape(WINDOW *w)
{
    wtimeout(w, 0);
    int c = wgetch(w), kind = c;
    bool dropped = true;
    wtimeout(w, ESCAPE_REST_MS);
    if (kind == '[') {
        char params[16];
        size_t np = 0;
        do {        /* parameter and intermediate bytes, then the final one */
            c = wgetch(w);
            if (c >= 0x20 && c < 0x40 && np + 1 < sizeof params)
                params[np++] = (char)c;
        } while (c >= 0x20 && c < 0x40);
        params[np] = '\0';
        if (c == '~' && (!strcmp(params, "1") || !strcmp(params, "7")))
            ungetch(KEY_HOME);
        else if (c == '~' && (!strcmp(params, "4") || !strcmp(params, "8")))
            ungetch(KEY_END);
        else if (c == '~' && !strcmp(params, "3"))
            ungetch(KEY_DC);
        else if (c != ERR && !(c >= 0x40 && c <= 0x7e))
            ungetch(c);     /* not a final byte: a key typed after a cut sequence */
    } else if (kind == 'O') {
        c = wgetch(w);
        if (c != ERR && !(c >= 0x40 && c <= 0x7e))
            ungetch(c);
    } else if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
        for (int n = 0; n < ESCAPE_STRING_MAX; n++) {
            c = wgetch(w);
            if (c == ERR || c == 7)
                break;
            if (c == 27) {
                int st = wgetch(w);
                if (st != '\\' && st != ERR)
                    ungetch(st);
                break;
            }
        }
    } else {
        dropped = false;
        if (c != ERR)
            ungetch(c);
    }
    wtimeout(w, -1);
    return dropped;
}

int terminal_take_signal(void)
{
    int sig = caught;
    caught = 0;
    return sig;
}

bool terminal_take_resize(void)
{
    if (!resized)
        return false;
    resized = 0;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    return true;
}

long long terminal_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int terminal_getch(WINDOW *w, int timeout_ms)
{
    long long deadline = timeout_ms < 0 ? -1 : terminal_now_ms() + timeout_ms;
    for (;;) {
        /* What ncurses holds or the tty has, without blocking. */
        wtimeout(w, 0);
        int ch = wgetch(w);
        wtimeout(w, -1);
        if (ch != ERR || caught || resized)
            return ch;
        /* A signal that came while drawing has already written to the
         * pipe, so this cannot sleep through it. */
        int wait = -1;
        if (deadline >= 0) {
            long long left = deadline - terminal_now_ms();
            if (left <= 0)
                return ERR;
            wait = (int)left;
        }
        struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
        if (poll(fds, 2, wait) < 0 && errno != EINTR)
            return ERR;
        char drain[64];
        while (read(wake[0], drain, sizeof drain) > 0)
            continue;
        if (fds[0].revents & (POLLHUP | POLLERR)) {
            caught = SIGHUP;     /* the terminal went away */
            return ERR;
        }
    }
}

static void handle_signals(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;   /* no SA_RESTART: a blocking read returns to the loop */
    for (size_t i = 0; i < sizeof caught_signals / sizeof caught_signals[0]; i++)
        sigaction(caught_signals[i], &sa, NULL);
}

/* Takes SIGWINCH over from ncurses (it still runs, chained) so a resize
 * also wakes terminal_getch; restores ncurses' handler with on == false. */
static void handle_winch(bool on)
{
    if (on) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_winch;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGWINCH, &sa, &ncurses_winch);
    } else {
        sigaction(SIGWINCH, &ncurses_winch, NULL);
    }
}

static bool open_pipe(void)
{
    if (pipe(wake) != 0)
        return false;
    for (int k = 0; k < 2; k++) {
        fcntl(wake[k], F_SETFL, fcntl(wake[k], F_GETFL) | O_NONBLOCK);
        fcntl(wake[k], F_SETFD, FD_CLOEXEC);
    }
    return true;
}

static void close_pipe(void)
{
    for (int k = 0; k < 2; k++)
        if (wake[k] >= 0) {
            close(wake[k]);
            wake[k] = -1;
        }
}

/* The terminal as it was: bracketed paste off, the screen ended, and what
 * was typed or pasted but not read dropped, so it never lands at the
 * shell's prompt (where a pasted newline would run it). */
static void restore(void)
{
    fputs("\033[?2004l", stdout);
    fflush(stdout);
    if (!isendwin())
        endwin();
    tcflush(STDIN_FILENO, TCIFLUSH);
}

void terminal_close(void)
{
    if (!screen)
        return;
    av_fatal_on_exit(NULL);
    restore();
    delscreen(screen);
    screen = NULL;
    handle_signals(SIG_DFL);
    handle_winch(false);
    close_pipe();
}

static void terminal_atexit(void)
{
    /* exit() from anywhere (an allocation wrapper giving up, say) still
     * leaves the terminal as it found it. */
    if (screen && !isendwin())
        restore();
}

/* newterm on a direct-color entry when wanted and installed, else $TERM. */
static SCREEN *start_screen(const struct color_env *env)
{
    if (colorlevel_wants_direct(env)) {
        char names[2][64];
        size_t n = colorlevel_direct_terms(env->term, names, 2);
        for (size_t k = 0; k < n; k++) {
            SCREEN *s = newterm(names[k], stdout, stdin);
            if (s)
                return s;
        }
    }
    return newterm(env->term, stdout, stdin);
}

int terminal_open(enum tui_color_mode mode, char *err, size_t errlen)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "the terminal UI needs a terminal; use --batch or --dump");
        return -1;
    }
    struct color_env env = { mode, getenv("TERM"), getenv("COLORTERM"), getenv("NO_COLOR"), 0 };
    screen = start_screen(&env);
    if (!screen) {
        snprintf(err, errlen, "cannot use the terminal type \"%s\"",
                 env.term ? env.term : "(TERM is not set)");
        return -1;
    }
    set_term(screen);
    /* A full screen needs cursor addressing; "dumb" and its kind have none. */
    char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) {
        endwin();
        delscreen(screen);
        screen = NULL;
        snprintf(err, errlen, "the terminal type \"%s\" cannot address the cursor; "
                 "use --batch or --dump", env.term ? env.term : "");
        return -1;
    }
    static bool registered;
    if (!registered) {
        atexit(terminal_atexit);
        registered = true;
    }
    av_fatal_on_exit(terminal_close);
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    /* Without it doupdate flushes what it has and polls the keyboard every
     * few lines, to give up a frame when a key is waiting: some forty
     * write()s a frame. The loop takes waiting keys in a burst before it
     * draws (tui.c), so a frame is written whole, in a write or two. */
    typeahead(-1);
    set_escdelay(ESC_DELAY_MS);
    /* A paste arrives between these two sequences (bracketed paste), as
     * text for the prompt, never as keys. */
    define_key("\033[200~", TERMINAL_KEY_PASTE_BEGIN);
    define_key("\033[201~", TERMINAL_KEY_PASTE_END);
    fputs("\033[?2004h", stdout);
    fflush(stdout);
    curs_set(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);     /* report presses at once, no click detection delay */

    env.colors = tigetnum("colors");
    level = colorlevel_decide(&env);
    if (level != COLOR_LEVEL_MONO && (!has_colors() || start_color() != OK))
        level = COLOR_LEVEL_MONO;
    palette_init(level);
    if (!open_pipe()) {
        terminal_close();
        snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
        return -1;
    }
    handle_signals(on_signal);
    handle_winch(true);
    /* ncurses 6.4 flushes its output after every cursor motion until the
     * screen has once come back from endwin (mvcur takes a screen that
     * never left curses mode for a low-level terminfo program's): some
     * seventy write()s a frame, each one a wakeup for the terminal. One
     * round trip before the first frame makes a frame one write per 4 KiB. */
    endwin();
    refresh();
    return 0;
}

