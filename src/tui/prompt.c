/* prompt.c - GNU readline inside the ncurses screen (see prompt.h).
 *
 * The recipe: readline's callback interface with no
 * signal handling of its own (rl_catch_signals, rl_catch_sigwinch = 0), no
 * exporting LINES/COLUMNS (rl_change_environment = 0, else the size would
 * freeze), no terminal mode changes (null prep/deprep: ncurses owns the
 * tty), input from a queue this module fills (rl_getc_function,
 * rl_input_available_hook) and output drawn into an ncurses window
 * (rl_redisplay_function). rl_outstream is /dev/null so nothing readline
 * prints by itself (a newline after Enter, a match list) reaches the
 * screen behind ncurses' back. */
#include "attnviz/prompt.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include "attnviz/app.h"
#include "attnviz/complete.h"
#include "attnviz/history.h"
#include "attnviz/palette.h"
#include "attnviz/terminal.h"
#include "attnviz/textw.h"

#define PROMPT_SIGN "› "
enum { QUEUE_CAP = 256 };

static struct {
    const struct app *app;
    WINDOW *win;
    FILE *devnull;
    unsigned char queue[QUEUE_CAP];
    size_t head, tail;
    char *line;                    /* a completed line, until taken */
    bool eof, ready;
    bool hold;                     /* prompt_hold_redisplay */
    char matches[512];
} pr;

/* ---- input queue ------------------------------------------------------ */

static bool queue_empty(void)
{
    return pr.head == pr.tail;
}

static void push_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n && pr.tail < QUEUE_CAP; i++)
        pr.queue[pr.tail++] = (unsigned char)s[i];
}

static void push_byte(int c)
{
    char b = (char)c;
    push_bytes(&b, 1);
}

/* The escape sequence readline binds by default for a curses key, or NULL. */
static const char *key_sequence(int key)
{
    switch (key) {
    case KEY_LEFT:      return "\033[D";
    case KEY_RIGHT:     return "\033[C";
    case KEY_UP:        return "\033[A";
    case KEY_DOWN:      return "\033[B";
    case KEY_HOME:      return "\033[H";
    case KEY_END:       return "\033[F";
    case KEY_DC:        return "\033[3~";
    case KEY_BACKSPACE: return "\177";
    case KEY_ENTER:     return "\r";
    default:            break;
    }
    /* Ctrl-arrows have no KEY_ constant; their terminfo names do. */
    const char *name = keyname(key);
    if (name && strcmp(name, "kLFT5") == 0)
        return "\033[1;5D";
    if (name && strcmp(name, "kRIT5") == 0)
        return "\033[1;5C";
    return NULL;
}

/* Queues a key. A UTF-8 lead byte brings its continuation bytes along,
 * which ncurses already holds, so readline never waits for half a
 * character. Only those: a stray lead byte (pasted Latin-1, say) neither
 * waits for more nor swallows the keys after it. */
static void push_key(int key)
{
    if (key < 0)
        return;
    if (key < 256) {
        push_byte(key);
        int more = key >= 0xf0 ? 3 : key >= 0xe0 ? 2 : key >= 0xc0 ? 1 : 0;
        if (more == 0 || !pr.win)
            return;
        wtimeout(pr.win, 0);
        for (int k = 0; k < more; k++) {
            int c = wgetch(pr.win);
            if (c < 0x80 || c > 0xbf) {
                if (c != ERR)
                    ungetch(c);
                break;
            }
            push_byte(c);
        }
        wtimeout(pr.win, -1);
        return;
    }
    const char *seq = key_sequence(key);
    if (seq)
        push_bytes(seq, strlen(seq));
}

static int prompt_getc(FILE *unused)
{
    (void)unused;
    /* Readline asks for more only inside a sequence it already started, so
     * the rest is on its way: wait for it rather than report an end. */
    while (queue_empty() && pr.win) {
        int c = wgetch(pr.win);
        if (c == ERR)
            return 'G' & 0x1f;     /* interrupted: abort the sequence, not EOF */
        push_key(c);
    }
    if (queue_empty())
        return EOF;
    int c = pr.queue[pr.head++];
    if (queue_empty())
        pr.head = pr.tail = 0;
    return c;
}

static int prompt_input_available(void)
{
    return !queue_empty();
}

/* ---- readline hooks ----------------------------------------------------- */

static void prompt_prep_noop(int meta)
{
    (void)meta;
}

static void prompt_deprep_noop(void)
{
}

static void prompt_on_line(char *line)
{
    pr.ready = true;
    if (!line) {
        pr.eof = true;
        return;
    }
    /* Inside the handler: readline resets its history position for the
     * next line after this returns; an entry added later would be taken
     * for the line being edited and overwritten by it. */
    history_add(line);
    pr.line = line;
}

static void prompt_redisplay(void)
{
    if (!pr.hold)
        prompt_draw(true, NULL);
}

void prompt_hold_redisplay(bool hold)
{
    pr.hold = hold;
}

static void prompt_show_matches(char **matches, int num, int max_length)
{
    (void)max_length;
    size_t used = (size_t)snprintf(pr.matches, sizeof pr.matches, "%d matches:", num);
    for (int i = 1; i <= num && used < sizeof pr.matches; i++)
        used += (size_t)snprintf(pr.matches + used, sizeof pr.matches - used, " %s", matches[i]);
}

/* ---- completion ------------------------------------------------------- */

static struct complete comp;

static char *generate(const char *text, int state)
{
    static size_t next, len;
    if (state == 0) {
        next = 0;
        len = strlen(text);
    }
    while (next < comp.n) {
        const char *c = comp.cand[next++];
        if (strncmp(c, text, len) == 0)
            return strdup(c);
    }
    return NULL;
}

static char **prompt_complete(const char *text, int start, int end)
{
    (void)end;
    complete_candidates(&comp, pr.app, rl_line_buffer, (size_t)start, text);
    /* File names are readline's own completion. */
    rl_attempted_completion_over = !comp.files;
    if (comp.files)
        return NULL;
    char **matches = rl_completion_matches(text, generate);
    /* said, so that the list of an earlier Tab does not stay as if it were
     * this word's */
    if (!matches)
        snprintf(pr.matches, sizeof pr.matches, "Tab: no matches");
    return matches;
}

/* Tab: completes; a second Tab right after lists the candidates, also when
 * the first one completed part of a word (":hea" to ":head", then
 * ":head :heads"). Readline's own rl_complete lists only on the second
 * Tab that changed nothing, so there it took three. */
static int complete_or_list(int count, int key)
{
    (void)count;
    (void)key;
    return rl_complete_internal(rl_last_func == complete_or_list ? '?' : '\t');
}

/* ---- public ------------------------------------------------------------- */

bool prompt_open(const struct app *a, char *err, size_t errlen)
{
    memset(&pr, 0, sizeof pr);
    pr.app = a;
    pr.devnull = fopen("/dev/null", "w");
    rl_readline_name = "attnviz";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = prompt_prep_noop;
    rl_deprep_term_function = prompt_deprep_noop;
    rl_getc_function = prompt_getc;
    rl_input_available_hook = prompt_input_available;
    rl_redisplay_function = prompt_redisplay;
    rl_attempted_completion_function = prompt_complete;
    rl_completion_display_matches_hook = prompt_show_matches;
    rl_instream = stdin;
    rl_outstream = pr.devnull ? pr.devnull : stderr;
    bool ok = history_open(err, errlen);
    rl_callback_handler_install(PROMPT_SIGN, prompt_on_line);
    /* After the install, which reads the inputrc: a Tab bound elsewhere
     * there stays so. */
    if (rl_function_of_keyseq("\t", NULL, NULL) == rl_complete)
        rl_bind_key('\t', complete_or_list);
    return ok;
}

bool prompt_close(char *err, size_t errlen)
{
    rl_callback_handler_remove();
    bool ok = history_close(err, errlen);
    free(pr.line);
    pr.line = NULL;
    pr.win = NULL;
    if (pr.devnull) {
        rl_outstream = stdout;
        fclose(pr.devnull);
        pr.devnull = NULL;
    }
    return ok;
}

void prompt_set_window(WINDOW *w)
{
    pr.win = w;
    if (w)
        keypad(w, TRUE);
}

void prompt_begin(const char *text)
{
    rl_replace_line(text, 1);
    rl_point = rl_end;
}

void prompt_insert(const char *text)
{
    rl_insert_text(text);
}

void prompt_end(void)
{
    rl_callback_sigcleanup();
    rl_replace_line("", 1);
    rl_point = 0;
    pr.head = pr.tail = 0;
}

void prompt_interrupt(void)
{
    prompt_end();
    pr.matches[0] = '\0';
}

bool prompt_has_input(void)
{
    return !queue_empty();
}

const char *prompt_text(void)
{
    return rl_line_buffer ? rl_line_buffer : "";
}

const char *prompt_take_matches(void)
{
    static char taken[sizeof pr.matches];
    memcpy(taken, pr.matches, sizeof taken);
    pr.matches[0] = '\0';
    return taken;
}

/* Runs readline over the queued bytes until they are used up or a line is
 * complete (the rest waits for the next call). */
static enum prompt_event run_queue(char **line)
{
    while (!queue_empty() && !pr.ready)
        rl_callback_read_char();
    if (!pr.ready)
        return PROMPT_NONE;
    pr.ready = false;
    if (pr.eof) {
        pr.eof = false;
        return PROMPT_EOF;
    }
    *line = pr.line;
    pr.line = NULL;
    return PROMPT_LINE;
}

/* A key that has no Meta meaning for readline (Alt+Backspace, which
 * curses reads as KEY_BACKSPACE, has one: backward-kill-word) and is the
 * panes' business: the cursor keys and their like, the mouse, a resize. */
static bool moves_away(int key)
{
    switch (key) {
    case KEY_UP: case KEY_DOWN: case KEY_LEFT: case KEY_RIGHT:
    case KEY_PPAGE: case KEY_NPAGE: case KEY_HOME: case KEY_END:
    case KEY_BTAB: case KEY_MOUSE: case KEY_RESIZE:
        return true;
    default:
        return key >= KEY_F(1) && key <= KEY_F(63);
    }
}

enum prompt_event prompt_key(int key, char **line)
{
    *line = NULL;
    if (key == PROMPT_NO_KEY)
        return run_queue(line);
    bool searching = RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH) != 0;
    switch (key) {
    case 'L' & 0x1f:
        return PROMPT_REDRAW;
    case KEY_BTAB:
        return PROMPT_FOCUS_PREV;
    case '\t':
        if (rl_end == 0)
            return PROMPT_FOCUS_NEXT;
        break;
    case '?':
        /* On an empty line (hardly a sentence's start) it is the help,
         * as the first message says while the prompt has the focus. */
        if (rl_end == 0 && !searching)
            return PROMPT_HELP;
        break;
    case 27: {
        /* A control sequence (a paste's, or a key curses does not know) is
         * dropped whole; a lone Esc leaves the prompt, and so does an Esc
         * with a function key right behind it (Esc then Down, typed fast),
         * that key then going to the pane; Esc with another key right
         * behind it is Meta-key for readline (ncurses already holds that
         * key). */
        if (pr.win && terminal_after_escape(pr.win))
            return run_queue(line);
        int next = ERR;
        if (pr.win) {
            wtimeout(pr.win, 0);
            next = wgetch(pr.win);
            wtimeout(pr.win, -1);
        }
        if ((next == ERR || moves_away(next)) && !searching) {
            if (next != ERR)
                ungetch(next);
            return PROMPT_LEAVE;
        }
        push_byte(27);
        push_key(next);
        return run_queue(line);
    }
    default:
        break;
    }
    push_key(key);
    return run_queue(line);
}

/* The columns line[from..to) takes. */
static int span(const char *line, size_t from, size_t to)
{
    return textw_width_n(line + from, to - from);
}

void prompt_draw(bool focused, const char *hint)
{
    WINDOW *w = pr.win;
    if (!w)
        return;
    int width = getmaxx(w);
    const char *sign = focused && rl_display_prompt ? rl_display_prompt : PROMPT_SIGN;
    palette_use(w, ROLE_PROMPT);
    mvwaddstr(w, 0, 0, sign);
    int sw = textw_width(sign);
    palette_use(w, focused ? ROLE_TEXT : ROLE_HINT);
    if (!focused) {
        char buf[512];
        textw_fit(hint ? hint : "", width - sw - 1, buf, sizeof buf);
        waddstr(w, buf);
        wclrtoeol(w);
        return;
    }
    /* Scroll the line sideways so the cursor stays on screen, showing "…"
     * where its start is cut off. */
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    size_t point = (size_t)(rl_point < 0 ? 0 : rl_point);
    size_t len = strlen(line), from = 0;
    if (point > len)
        point = len;
    int room = width - sw - 1, cols = span(line, 0, point);
    if (cols > room) {
        /* one pass from the start, each character measured once: a line
         * of 256 KiB is redrawn on every key */
        while (from < point && cols > room - 1) {
            int k = mblen(line + from, len - from);
            size_t step = k > 0 ? (size_t)k : 1;
            cols -= span(line, from, from + step);
            from += step;
        }
        waddstr(w, "…");
        sw++;
        room--;
    }
    char buf[4096];
    textw_fit(line + from, room, buf, sizeof buf);
    waddstr(w, buf);
    wclrtoeol(w);
    wmove(w, 0, sw + cols);
}
