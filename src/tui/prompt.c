/* prompt.c - GNU readline inside the ncurses screen (see prompt.h).
 *
 * The recipe (blueprint section 6): readline's callback interface with no
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
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/limits.h"
#include "attnviz/palette.h"
#include "attnviz/posenc.h"
#include "attnviz/proj.h"
#include "attnviz/textw.h"
#include "attnviz/theme.h"
#include "attnviz/tokenizer.h"

#define PROMPT_SIGN "› "
enum { QUEUE_CAP = 256, HISTORY_MAX = 1000 };

static struct {
    const struct app *app;
    WINDOW *win;
    FILE *devnull;
    char history[PATH_MAX];        /* "" when there is no place for it */
    unsigned char queue[QUEUE_CAP];
    size_t head, tail;
    char *line;                    /* a completed line, until taken */
    bool eof, ready;
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

static void history_add(const char *line);

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
    prompt_draw(true, NULL);
}

static void prompt_show_matches(char **matches, int num, int max_length)
{
    (void)max_length;
    size_t used = (size_t)snprintf(pr.matches, sizeof pr.matches, "%d matches:", num);
    for (int i = 1; i <= num && used < sizeof pr.matches; i++)
        used += (size_t)snprintf(pr.matches + used, sizeof pr.matches - used, " %s", matches[i]);
}

/* ---- completion --------------------------------------------------------- */

enum { CAND_MAX = 128 };
static const char *cand[CAND_MAX];
static size_t n_cand;
static char head_numbers[AV_MAX_HEADS][4];

static char *generate(const char *text, int state)
{
    static size_t next, len;
    if (state == 0) {
        next = 0;
        len = strlen(text);
    }
    while (next < n_cand) {
        const char *c = cand[next++];
        if (strncmp(c, text, len) == 0)
            return strdup(c);
    }
    return NULL;
}

static void add_cand(const char *c)
{
    if (n_cand < CAND_MAX)
        cand[n_cand++] = c;
}

static void add_unique(const char *c)
{
    for (size_t k = 0; k < n_cand; k++)
        if (strcmp(cand[k], c) == 0)
            return;
    add_cand(c);
}

/* The tokens of the committed sentence. While a sentence is typed the app
 * holds the preview's tokens, the very words being completed; the
 * committed ones are split again here (into committed_words). */
static char *committed_words;

static void cand_tokens(void)
{
    const struct app *a = pr.app;
    if (!a)
        return;
    if (!a->previewing) {
        for (size_t i = 0; i < a->n_tokens; i++)
            add_unique(a->tokens[i]);
        return;
    }
    static struct token_span spans[AV_MAX_TOKENS];
    size_t len = strlen(a->sentence), n, where;
    if (tokenize(a->sentence, len, spans, AV_MAX_TOKENS, &n, &where) != TOKENIZE_OK)
        return;
    free(committed_words);
    committed_words = malloc(len + n + 1);
    if (!committed_words)
        return;
    char *p = committed_words;
    for (size_t i = 0; i < n && n_cand < CAND_MAX; i++) {
        memcpy(p, a->sentence + spans[i].start, spans[i].len);
        p[spans[i].len] = '\0';
        add_unique(p);
        p += spans[i].len + 1;
    }
}

/* Fills the candidates for argument number arg (1 = first) of command cmd;
 * false when filenames should be completed instead. */
static bool cand_arguments(const char *cmd, size_t cmd_len, int arg)
{
#define IS(name) (cmd_len == strlen(name) && strncmp(cmd, name, cmd_len) == 0)
    if (arg != 1)
        return true;         /* later arguments are numbers: nothing to offer */
    if (IS(":save") || IS(":save!") || IS(":load") || IS(":replay"))
        return false;
    if (IS(":pe"))
        for (int k = PE_NONE; k <= PE_TABLE; k++)
            add_cand(pe_kind_name((enum pe_kind)k));
    else if (IS(":proj"))
        for (int k = PROJ_IDENTITY; k <= PROJ_RANDOM; k++)
            add_cand(proj_kind_name((enum proj_kind)k));
    else if (IS(":scale") || IS(":causal")) {
        add_cand("on");
        add_cand("off");
    } else if (IS(":print")) {
        add_cand("json");
        add_cand("text");
        add_cand("csv");
    } else if (IS(":theme")) {
        size_t n;
        const char *const *names = theme_names(&n);
        for (size_t k = 0; k < n; k++)
            add_cand(names[k]);
    } else if (IS(":head")) {
        add_cand("mean");
        size_t heads = pr.app ? pr.app->cfg.heads : 1;
        for (size_t k = 0; k < heads && k < AV_MAX_HEADS; k++) {
            snprintf(head_numbers[k], sizeof head_numbers[k], "%zu", k);
            add_cand(head_numbers[k]);
        }
    } else if (IS(":emb"))
        cand_tokens();
    return true;
#undef IS
}

static char **prompt_complete(const char *text, int start, int end)
{
    (void)end;
    n_cand = 0;
    rl_attempted_completion_over = 1;
    const char *line = rl_line_buffer;
    size_t lead = strspn(line, " \t");
    if (line[lead] != ':') {
        cand_tokens();          /* a sentence: the words already in it */
    } else {
        size_t cmd_len = strcspn(line + lead, " \t");
        if ((size_t)start <= lead + cmd_len) {
            size_t count;
            const char *const *names = command_names(&count);
            for (size_t k = 0; k < count; k++)
                add_cand(names[k]);
        } else {
            /* Which argument: count the words before start. */
            int arg = 0;
            for (size_t p = lead + cmd_len; p < (size_t)start;) {
                p += strspn(line + p, " \t");
                if (p >= (size_t)start)
                    break;
                arg++;
                p += strcspn(line + p, " \t");
            }
            if (!cand_arguments(line + lead, cmd_len, arg + 1)) {
                rl_attempted_completion_over = 0;   /* readline's filenames */
                return NULL;
            }
        }
    }
    return rl_completion_matches(text, generate);
}

/* ---- history ------------------------------------------------------------ */

/* mkdir -p for the directory part of path. */
static bool make_parents(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return true;
}

static void history_open(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    /* The XDG spec: a relative XDG_STATE_HOME is invalid and ignored. */
    if (state && state[0] == '/')
        n = snprintf(pr.history, sizeof pr.history, "%s/attnviz/history", state);
    else if (home && home[0])
        n = snprintf(pr.history, sizeof pr.history, "%s/.local/state/attnviz/history", home);
    else
        n = -1;
    if (n < 0 || (size_t)n >= sizeof pr.history || !make_parents(pr.history))
        pr.history[0] = '\0';
    using_history();
    stifle_history(HISTORY_MAX);
    if (pr.history[0])
        read_history(pr.history);
}

/* Written beside the old file, synced and renamed over it: a crash or a
 * full disk mid-write keeps the old history instead of a truncated one. */
static void history_save(void)
{
    char tmp[PATH_MAX + 32];
    int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", pr.history, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return;
    int fd = -1;
    if (write_history(tmp) != 0 || (fd = open(tmp, O_RDONLY)) < 0 || fsync(fd) != 0
        || rename(tmp, pr.history) != 0)
        unlink(tmp);
    if (fd >= 0)
        close(fd);
}

static void history_add(const char *line)
{
    if (!*line)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (!last || strcmp(last->line, line) != 0)
        add_history(line);
}

/* ---- public ------------------------------------------------------------- */

void prompt_open(const struct app *a)
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
    history_open();
    rl_callback_handler_install(PROMPT_SIGN, prompt_on_line);
}

void prompt_close(void)
{
    rl_callback_handler_remove();
    if (pr.history[0])
        history_save();
    clear_history();
    free(pr.line);
    pr.line = NULL;
    free(committed_words);
    committed_words = NULL;
    pr.win = NULL;
    if (pr.devnull) {
        rl_outstream = stdout;
        fclose(pr.devnull);
        pr.devnull = NULL;
    }
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
    case 27: {
        /* A lone Esc leaves the prompt; Esc with a key right behind it is
         * Meta-key for readline (ncurses already holds that key). */
        int next = ERR;
        if (pr.win) {
            wtimeout(pr.win, 0);
            next = wgetch(pr.win);
            wtimeout(pr.win, -1);
        }
        if (next == ERR && !searching)
            return PROMPT_LEAVE;
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
    int room = width - sw - 1;
    if (span(line, 0, point) > room) {
        while (from < point && span(line, from, point) > room - 1)
            from += (size_t)(mblen(line + from, len - from) > 0 ? mblen(line + from, len - from) : 1);
        waddstr(w, "…");
        sw++;
        room--;
    }
    char buf[4096];
    textw_fit(line + from, room, buf, sizeof buf);
    waddstr(w, buf);
    wclrtoeol(w);
    wmove(w, 0, sw + span(line, from, point));
}
