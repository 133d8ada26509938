/* tui.c - the interactive screen: the main loop that turns keys into
 * session-language commands and redraws what they changed.
 *
 * Screen contract (the end-to-end tests grep for these; keep them stable):
 *   status bar:   "d_model 8"  "heads 1"  "head 0" or "mean of heads"
 *                 "pe sinusoidal" (pe KIND)  "proj identity"  "scale on|off"
 *                 "causal on|off"  "seed 42"  "theme viridis"
 *   heatmap:      the tokens as row labels (and cut to the cell width as
 *                 column labels), the captions "query ↓" and "key →"
 *   explain pane: "query "TOKEN" (row I) → key "TOKEN" (col J)" in its title,
 *                 ""love" gives 36.7% of its attention to "I"" for a cell,
 *                 "masked" for a cell hidden by the causal mask
 *   message line: the command a key ran (":causal on") or the error
 *   too small:    "terminal too small (needs 60x16)" (split after "small"
 *                 when the terminal is narrower than that line)
 *   replay:       "step 2/8  SCRIPT LINE" on the bottom line (" ▶" after the
 *                 counter while playing), " narration " on the note box's
 *                 border, "paused:", "end of the replay", "left the replay"
 *
 * Flow per key: keymap_translate -> a command line -> app_run_line -> flags
 * -> dirty panes -> one doupdate. Nothing here writes to struct app. */
#include "attnviz/tui.h"

#include <curses.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/explainpane.h"
#include "attnviz/fatal.h"
#include "attnviz/heatmap.h"
#include "attnviz/help.h"
#include "attnviz/keymap.h"
#include "attnviz/layout.h"
#include "attnviz/narration.h"
#include "attnviz/palette.h"
#include "attnviz/prompt.h"
#include "attnviz/replay.h"
#include "attnviz/statusbar.h"
#include "attnviz/terminal.h"
#include "attnviz/textw.h"
#include "attnviz/theme.h"
#include "attnviz/vecpanel.h"

/* The first screen is never empty: a sentence with a pronoun to follow
 * ("it" -> "cat") and a repeated word at two positions ("the"). */
#define DEFAULT_SENTENCE "The cat sat on the mat because it was tired ."

#define PROMPT_HINT "Enter: type a sentence   : command   Tab: focus   ? help   q quit"

enum pane { P_STATUS, P_HEAT, P_VEC, P_EXPLAIN, P_MSG, P_PROMPT, P_COUNT };

enum {
    D_STATUS = 1u << P_STATUS, D_HEAT = 1u << P_HEAT, D_VEC = 1u << P_VEC,
    D_EXPLAIN = 1u << P_EXPLAIN, D_MSG = 1u << P_MSG, D_PROMPT = 1u << P_PROMPT,
    D_MODEL = D_STATUS | D_HEAT | D_VEC | D_EXPLAIN,
    D_ALL = (1u << P_COUNT) - 1,
};

enum { WHEEL_STEP = 3, EXIT_SIGNAL_BASE = 128 };

struct tui {
    struct app *a;
    struct layout lay;
    bool have_layout;
    WINDOW *win[P_COUNT];
    struct heatmap heat;
    struct vecpanel vec;
    enum focus focus;
    unsigned dirty;
    char msg[1024];
    bool msg_error;
    char *typed;                /* the prompt line as last seen, for previews */
    bool preview_error;         /* msg is a preview's error, cleared when it passes */
    bool help;
    int help_scroll;
    char theme[sizeof ((struct app *)0)->theme];
    bool quit;
    int status;
    struct replay *replay;      /* --replay / :replay being stepped through, or NULL */
    bool playing;               /* P: steps run by themselves, delay_ms apart */
    unsigned delay_ms;
};

/* ---- messages and commands ------------------------------------------------ */

static void set_msg(struct tui *t, bool error, const char *text)
{
    snprintf(t->msg, sizeof t->msg, "%s", text);
    t->msg_error = error;
    t->preview_error = false;
    t->dirty |= D_MSG;
}

/* A preview's error stops applying once the line is edited past it,
 * cleared or dropped. */
static void clear_preview_error(struct tui *t)
{
    if (t->preview_error)
        set_msg(t, false, "");
}

/* :themes: the list on the message line, the current one marked. */
static void show_themes(struct tui *t)
{
    size_t n, len = 0;
    const char *const *names = theme_names(&n);
    char msg[sizeof t->msg];
    len += (size_t)snprintf(msg, sizeof msg, "themes (t cycles):");
    for (size_t i = 0; i < n && len < sizeof msg; i++)
        len += (size_t)snprintf(msg + len, sizeof msg - len, " %s%s", names[i],
                                strcmp(names[i], t->a->theme) == 0 ? "*" : "");
    set_msg(t, false, msg);
}

/* Runs one session-language line; the flags it returns decide the redraw.
 * Cursor moves are not echoed: they would drown every other message.
 * source prefixes an error ("prompt: ..."); NULL for a key's command, which
 * was not typed anywhere. */
static void run_line(struct tui *t, const char *line, const char *source)
{
    char err[1024];
    unsigned f = app_run_line(t->a, line, strlen(line), source, 0, err, sizeof err);
    const char *s = line + strspn(line, " \t");
    if (f & APP_ERROR) {
        set_msg(t, true, err);
    } else if (*s == '\0' || *s == '#' || strncmp(s, ":select", 7) == 0) {
        /* nothing to say */
    } else if (*s != ':') {
        char msg[64];
        snprintf(msg, sizeof msg, "sentence of %zu token%s", t->a->n_tokens,
                 t->a->n_tokens == 1 ? "" : "s");
        set_msg(t, false, msg);
    } else if (strncmp(s, ":note", 5) == 0 && t->a->note) {
        set_msg(t, false, t->a->note);
    } else if (strncmp(s, ":print", 6) == 0) {
        set_msg(t, false, ":print writes to stdout in --batch and --dump; here the screen is the model");
    } else if (strncmp(s, ":themes", 7) == 0) {
        show_themes(t);
    } else if (strncmp(s, ":theme", 6) == 0) {
        /* The next frame applies it, and says again if its file is bad. */
        t->theme[0] = '\0';
        set_msg(t, false, s);
    } else {
        set_msg(t, false, s);
    }
    if (f & (APP_REDRAW | APP_RECOMPUTE))
        t->dirty |= D_MODEL;
    if (f & APP_QUIT)
        t->quit = true;
}

/* ---- layout and windows --------------------------------------------------- */

static void drop_windows(struct tui *t)
{
    for (int p = 0; p < P_COUNT; p++)
        if (t->win[p]) {
            delwin(t->win[p]);
            t->win[p] = NULL;
        }
    prompt_set_window(NULL);
}

static WINDOW *make_window(struct rect r)
{
    WINDOW *w = newwin(r.h, r.w, r.y, r.x);
    if (!w)
        av_fatal("cannot create a %dx%d window (out of memory?)", r.w, r.h);
    keypad(w, TRUE);
    return w;
}

/* Recomputes the layout; windows are only rebuilt when a pane moved. */
static void relayout(struct tui *t, bool force)
{
    struct layout_req req = {
        .cols = COLS, .lines = LINES,
        .status_h = statusbar_lines(t->a, COLS),
        .heat_w = heatmap_want_width(t->a), .heat_h = heatmap_want_height(t->a),
    };
    struct layout lay;
    layout_compute(&req, &lay);
    /* The heatmap uses whole cells: give what it cannot fill to the vectors. */
    int used = lay.too_small ? lay.heat.w : heatmap_fit_width(t->a, lay.heat.w);
    if (used < lay.heat.w) {
        req.heat_w = used;
        layout_compute(&req, &lay);
    }
    if (!force && t->have_layout && layout_equal(&lay, &t->lay))
        return;
    t->lay = lay;
    t->have_layout = true;
    drop_windows(t);
    werase(stdscr);
    wnoutrefresh(stdscr);
    t->dirty = D_ALL;
    if (lay.too_small)
        return;
    const struct rect r[P_COUNT] = {
        [P_STATUS] = lay.status, [P_HEAT] = lay.heat, [P_VEC] = lay.vec,
        [P_EXPLAIN] = lay.explain, [P_MSG] = lay.msg, [P_PROMPT] = lay.prompt,
    };
    for (int p = 0; p < P_COUNT; p++)
        t->win[p] = make_window(r[p]);
    prompt_set_window(t->win[P_PROMPT]);
}

/* ---- drawing ---------------------------------------------------------------- */

/* Centred on row y, cut to the screen's width. */
static void put_centred(int y, const char *text)
{
    int x = (COLS - textw_width(text)) / 2;
    if (y >= 0 && y < LINES)
        mvaddnstr(y, x > 0 ? x : 0, text, COLS > 0 ? COLS : 0);
}

static void draw_too_small(void)
{
    char whole[64], needs[32], now[32];
    snprintf(needs, sizeof needs, "(needs %dx%d)", LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
    snprintf(whole, sizeof whole, "terminal too small %s", needs);
    snprintf(now, sizeof now, "now %dx%d", COLS, LINES);
    /* Too narrow for one line, the size it needs goes on its own. */
    bool split = textw_width(whole) > COLS;
    int n = split ? 3 : 2, y = LINES > n ? (LINES - n) / 2 : 0;
    werase(stdscr);
    palette_use(stdscr, ROLE_ERROR);
    put_centred(y++, split ? "terminal too small" : whole);
    if (split)
        put_centred(y++, needs);
    palette_use(stdscr, ROLE_HINT);
    put_centred(y, now);
    wnoutrefresh(stdscr);
}

static void draw_msg(struct tui *t)
{
    WINDOW *w = t->win[P_MSG];
    char buf[sizeof t->msg + 8];
    palette_use(w, t->msg_error ? ROLE_ERROR : ROLE_MESSAGE);
    textw_fit(t->msg, getmaxx(w) - 1, buf, sizeof buf);
    mvwaddstr(w, 0, 0, buf);
    palette_use(w, ROLE_TEXT);
    wclrtoeol(w);
}

/* The bottom line during a replay: the step counter and the script line. */
static const char *play_status(const struct tui *t, char *buf, size_t cap)
{
    const struct replay_step *s = replay_current(t->replay);
    snprintf(buf, cap, "step %zu/%zu%s  %s", replay_done(t->replay), replay_count(t->replay),
             t->playing ? " ▶" : "", s ? s->line : "(the start)");
    return buf;
}

static void frame(struct tui *t)
{
    if (strcmp(t->theme, t->a->theme) != 0) {
        const struct theme *th = theme_find(t->a->theme);
        palette_set_theme(th);
        if (!th || th->error) {
            char msg[sizeof t->msg];
            snprintf(msg, sizeof msg, "%s (showing the default theme)",
                     th ? th->error : "no such theme");
            set_msg(t, true, msg);
        }
        snprintf(t->theme, sizeof t->theme, "%s", t->a->theme);
        /* Pair numbers are reused with new colors: repaint every cell. */
        clearok(curscr, TRUE);
        t->dirty = D_ALL;
    }
    relayout(t, false);
    if (t->lay.too_small) {
        if (t->dirty)
            draw_too_small();
        t->dirty = 0;
        curs_set(0);
        doupdate();
        return;
    }
    if (t->help) {
        help_draw(stdscr, t->help_scroll);
        wnoutrefresh(stdscr);
        curs_set(0);
        doupdate();
        return;
    }
    unsigned d = t->dirty;
    char hint[512];
    if (d & D_STATUS)
        statusbar_draw(t->win[P_STATUS], t->a);
    if (d & D_HEAT)
        heatmap_draw(&t->heat, t->win[P_HEAT], t->a, t->focus == FOCUS_HEATMAP);
    if (d & D_VEC)
        vecpanel_draw(&t->vec, t->win[P_VEC], t->a, t->focus == FOCUS_VECTORS);
    if (d & D_EXPLAIN) {
        explainpane_draw(t->win[P_EXPLAIN], t->a);
        const char *note = t->replay ? replay_narration(t->replay) : NULL;
        if (note)
            narration_draw(t->win[P_EXPLAIN], note);
    }
    if (d & D_MSG)
        draw_msg(t);
    if (d & D_PROMPT)
        prompt_draw(t->focus == FOCUS_PROMPT,
                    t->replay ? play_status(t, hint, sizeof hint) : PROMPT_HINT);
    t->dirty = 0;
    /* The window holding the terminal cursor goes last: doupdate leaves the
     * cursor where the last refreshed window has it. */
    int y, x;
    bool editing = vecpanel_edit_cursor(&t->vec, &y, &x);
    if (editing)
        wmove(t->win[P_VEC], y, x);
    enum pane last = editing ? P_VEC : P_PROMPT;
    for (int p = 0; p < P_COUNT; p++)
        if (p != (int)last)
            wnoutrefresh(t->win[p]);
    wnoutrefresh(t->win[last]);
    curs_set(editing || t->focus == FOCUS_PROMPT ? 1 : 0);
    doupdate();
}

/* ---- focus ------------------------------------------------------------------ */

static void set_focus(struct tui *t, enum focus f)
{
    if (t->focus == FOCUS_PROMPT && f != FOCUS_PROMPT) {
        /* Leaving the prompt drops what was typed, and with it a preview. */
        prompt_end();
        free(t->typed);
        t->typed = NULL;
        if (app_preview_end(t->a))
            t->dirty |= D_MODEL;
        clear_preview_error(t);
    }
    t->focus = f;
    t->dirty |= D_HEAT | D_VEC | D_PROMPT;
}

static void focus_step(struct tui *t, int step)
{
    set_focus(t, (enum focus)((t->focus + FOCUS_COUNT + step) % FOCUS_COUNT));
}

static void open_prompt(struct tui *t, const char *text)
{
    set_focus(t, FOCUS_PROMPT);
    prompt_begin(text);
}

/* ---- replay ------------------------------------------------------------------- */

enum { REPLAY_DEFAULT_DELAY_MS = 800 };

#define REPLAY_KEYS "replay: Space/n next · N/Backspace back · P play · x/Esc leave · q quit"

/* Runs the next step (dir > 0) or goes one back, and says how it went: the
 * step's error, or where the replay stands. */
static void play_step(struct tui *t, int dir)
{
    char err[1024] = "";
    unsigned f = dir > 0 ? replay_next(t->replay, t->a, err, sizeof err)
                         : replay_back(t->replay, t->a, err, sizeof err);
    const struct replay_step *s = replay_current(t->replay);
    bool end = replay_done(t->replay) == replay_count(t->replay);
    bool pause = s && s->kind == REPLAY_PAUSE;
    if (end || pause)
        t->playing = false;
    if (f & APP_ERROR)
        set_msg(t, true, err);
    else if (end)
        set_msg(t, false, "end of the replay: N goes back, x leaves it and the model stays");
    else if (pause)
        set_msg(t, false, "paused: Space or n goes on, P plays the rest");
    else
        set_msg(t, false, t->playing ? "playing: any key pauses" : REPLAY_KEYS);
    if (f & APP_QUIT)
        t->quit = true;
    t->dirty |= D_MODEL | D_PROMPT;
}

/* Takes r over (a replay already running ends) and runs its first step, so
 * a tour opens on its first line rather than on an empty screen. */
static void play_begin(struct tui *t, struct replay *r)
{
    replay_free(t->replay);
    t->replay = r;
    t->playing = false;
    if (t->focus == FOCUS_PROMPT)
        set_focus(t, FOCUS_HEATMAP);
    play_step(t, 1);
}

static void play_leave(struct tui *t)
{
    char msg[160];
    snprintf(msg, sizeof msg, "left the replay at step %zu/%zu: the model is yours to explore",
             replay_done(t->replay), replay_count(t->replay));
    replay_free(t->replay);
    t->replay = NULL;
    t->playing = false;
    set_msg(t, false, msg);
    t->dirty |= D_MODEL | D_PROMPT;
}

/* :replay FILE typed at the prompt steps through FILE here; inside a script
 * it runs like :load (app.c). Whether line was such a command. */
static bool play_command(struct tui *t, const char *line)
{
    struct command c;
    char err[256];
    if (command_parse(line, strlen(line), &c, err, sizeof err) != 0)
        return false;
    bool mine = c.kind == CMD_REPLAY;
    if (mine) {
        struct replay *r = replay_open(c.u.text, t->a, err, sizeof err);
        if (r)
            play_begin(t, r);
        else
            set_msg(t, true, err);
    }
    command_free(&c);
    return mine;
}

/* A key while a replay runs; false when it is not a replay key (q, the
 * cursor keys and the rest keep their meaning). While playing any key
 * pauses, q still quits. */
static bool play_key(struct tui *t, int key)
{
    if (key == 'q')
        return false;
    if (t->playing) {
        t->playing = false;
        set_msg(t, false, "paused: " REPLAY_KEYS);
        t->dirty |= D_PROMPT;
        return true;
    }
    switch (key) {
    case ' ': case 'n':
        play_step(t, 1);
        return true;
    case 'N': case KEY_BACKSPACE: case 127: case 8:
        play_step(t, -1);
        return true;
    case 'P':
        t->playing = replay_done(t->replay) < replay_count(t->replay);
        play_step(t, 1);
        return true;
    case 'x': case 27:
        play_leave(t);
        return true;
    default:
        return false;
    }
}

/* ---- the prompt --------------------------------------------------------------- */

/* While a sentence is being typed the model follows it (app_preview); a
 * command, a comment or an empty line shows the committed sentence. */
static void follow_typing(struct tui *t)
{
    const char *text = prompt_text();
    if (t->typed && strcmp(t->typed, text) == 0)
        return;
    free(t->typed);
    t->typed = strdup(text);
    if (!t->typed)
        av_fatal("out of memory");
    const char *s = text + strspn(text, " \t");
    char err[512];
    bool failed = false;
    if (*s == '\0' || *s == ':' || *s == '#') {
        if (app_preview_end(t->a))
            t->dirty |= D_MODEL;
    } else if (app_preview(t->a, text, err, sizeof err) & APP_ERROR) {
        set_msg(t, true, err);
        t->preview_error = failed = true;
    } else {
        t->dirty |= D_MODEL;
    }
    if (!failed)
        clear_preview_error(t);
}

static void prompt_input(struct tui *t, int key)
{
    do {
        char *line = NULL;
        enum prompt_event ev = prompt_key(key, &line);
        key = PROMPT_NO_KEY;
        switch (ev) {
        case PROMPT_LINE:
            free(t->typed);
            t->typed = NULL;
            if (play_command(t, line)) {
                free(line);
                return;
            }
            run_line(t, line, "prompt");
            free(line);
            break;
        case PROMPT_EOF:
            t->quit = true;
            return;
        case PROMPT_LEAVE:
            set_focus(t, FOCUS_HEATMAP);
            return;
        case PROMPT_FOCUS_NEXT:
            focus_step(t, 1);
            return;
        case PROMPT_FOCUS_PREV:
            focus_step(t, -1);
            return;
        case PROMPT_REDRAW:
            clearok(curscr, TRUE);
            t->dirty = D_ALL;
            break;
        case PROMPT_NONE:
            break;
        }
    } while (!t->quit && prompt_has_input());
    const char *m = prompt_take_matches();
    if (*m)
        set_msg(t, false, m);
    if (t->focus == FOCUS_PROMPT)
        follow_typing(t);
    t->dirty |= D_PROMPT;
}

/* ---- keys outside the prompt -------------------------------------------------- */

static struct keymap_state key_state(const struct tui *t)
{
    const struct app *a = t->a;
    size_t n_themes;
    const char *const *themes = theme_names(&n_themes);
    return (struct keymap_state){
        .focus = t->focus,
        .n = a->n_tokens < a->model.n ? a->n_tokens : a->model.n,
        .row = a->sel_row, .col = a->sel_col,
        .page = (size_t)(t->focus == FOCUS_VECTORS ? t->vec.rows_vis : t->heat.rows_vis),
        .d_model = a->cfg.d_model, .heads = a->cfg.heads, .head = a->head,
        .pe = a->cfg.pe, .causal = a->cfg.causal, .scale = a->cfg.scale,
        .theme = a->theme, .themes = themes, .n_themes = n_themes,
    };
}

/* Enter in the edit field: the whole embedding, one component changed, as
 * an :emb command. */
static void apply_edit(struct tui *t)
{
    const struct app *a = t->a;
    double value;
    if (!vecpanel_edit_value(&t->vec, &value)) {
        set_msg(t, true, "not a number: nothing changed");
        return;
    }
    const float *e = a->model.emb + a->sel_row * a->model.d;
    const char *token = a->tokens[a->sel_row];
    int need = keymap_emb_line(token, e, a->model.d, t->vec.comp, value, NULL, 0);
    char *line = need > 0 ? malloc((size_t)need + 1) : NULL;
    if (!line)
        av_fatal("out of memory");
    keymap_emb_line(token, e, a->model.d, t->vec.comp, value, line, (size_t)need + 1);
    run_line(t, line, NULL);
    free(line);
}

static void edit_input(struct tui *t, int key)
{
    switch (vecpanel_edit_key(&t->vec, key)) {
    case VEC_EDIT_APPLY:
        apply_edit(t);
        break;
    case VEC_EDIT_CANCEL:
        set_msg(t, false, "edit cancelled");
        break;
    case VEC_EDIT_MORE:
        break;
    }
    t->dirty |= D_VEC;
}

static void begin_edit(struct tui *t)
{
    if (t->a->model.n == 0) {
        set_msg(t, true, "no tokens to edit: type a sentence first");
        return;
    }
    set_focus(t, FOCUS_VECTORS);
    vecpanel_edit_begin(&t->vec);
    set_msg(t, false, "new value for the highlighted embedding component; Enter applies, Esc cancels");
}

static void pane_key(struct tui *t, int key)
{
    struct keymap_state s = key_state(t);
    struct keymap_result r;
    keymap_translate(&s, key, &r);
    switch (r.action) {
    case KEYMAP_NONE:
        break;
    case KEYMAP_COMMAND:
        run_line(t, r.line, NULL);
        break;
    case KEYMAP_FOCUS_NEXT:
        focus_step(t, 1);
        break;
    case KEYMAP_FOCUS_PREV:
        focus_step(t, -1);
        break;
    case KEYMAP_PROMPT:
        open_prompt(t, r.line);
        break;
    case KEYMAP_HELP:
        t->help = true;
        t->help_scroll = 0;
        break;
    case KEYMAP_REDRAW:
        clearok(curscr, TRUE);
        relayout(t, true);
        break;
    case KEYMAP_EDIT:
        begin_edit(t);
        break;
    case KEYMAP_VEC_MOVE:
        vecpanel_move(&t->vec, t->a, r.delta);
        t->dirty |= D_VEC;
        break;
    case KEYMAP_VEC_COLUMN:
        vecpanel_columns(&t->vec, r.delta);
        t->dirty |= D_VEC;
        break;
    }
}

static void help_key(struct tui *t, int key)
{
    switch (key) {
    case 'j': case KEY_DOWN:  t->help_scroll++; break;
    case 'k': case KEY_UP:    t->help_scroll -= t->help_scroll > 0; break;
    case KEY_NPAGE:           t->help_scroll += LINES / 2; break;
    case KEY_PPAGE:           t->help_scroll = t->help_scroll > LINES / 2 ? t->help_scroll - LINES / 2 : 0; break;
    default:
        t->help = false;
        relayout(t, true);
        return;
    }
    /* help_draw clamps; keep the stored value in range for the way back. */
    int max = help_draw(stdscr, t->help_scroll);
    if (t->help_scroll > max)
        t->help_scroll = max;
}

/* ---- the mouse ------------------------------------------------------------------- */

static bool inside(WINDOW *w, const MEVENT *ev, int *y, int *x)
{
    if (!w || !wenclose(w, ev->y, ev->x))
        return false;
    *y = ev->y - getbegy(w);
    *x = ev->x - getbegx(w);
    return true;
}

static void mouse_input(struct tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || t->lay.too_small || t->help)
        return;
    int y, x;
    bool wheel_up = ev.bstate & BUTTON4_PRESSED, wheel_down = ev.bstate & BUTTON5_PRESSED;
    if (wheel_up || wheel_down) {
        int step = wheel_up ? -WHEEL_STEP : WHEEL_STEP;
        if (inside(t->win[P_VEC], &ev, &y, &x))
            vecpanel_move(&t->vec, t->a, step);
        else
            heatmap_scroll(&t->heat, t->a, step);
        t->dirty |= D_HEAT | D_VEC;
        return;
    }
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    size_t row, col;
    if (inside(t->win[P_HEAT], &ev, &y, &x)) {
        if (t->focus != FOCUS_HEATMAP)
            set_focus(t, FOCUS_HEATMAP);
        if (heatmap_hit(&t->heat, t->a, y, x, &row, &col)) {
            struct keymap_state s = key_state(t);
            struct keymap_result r;
            keymap_select(&s, (long)row, (long)col, &r);
            if (r.action == KEYMAP_COMMAND)
                run_line(t, r.line, NULL);
        }
    } else if (inside(t->win[P_VEC], &ev, &y, &x)) {
        if (t->focus != FOCUS_VECTORS)
            set_focus(t, FOCUS_VECTORS);
        vecpanel_hit(&t->vec, t->a, y, x);
        t->dirty |= D_VEC;
    } else if (inside(t->win[P_PROMPT], &ev, &y, &x) && t->focus != FOCUS_PROMPT) {
        open_prompt(t, "");
    }
}

/* ---- the loop ---------------------------------------------------------------------- */

static void handle_signal(struct tui *t, int sig)
{
    if (sig != SIGINT) {
        t->quit = true;
        t->status = EXIT_SIGNAL_BASE + sig;
    } else if (t->vec.editing) {
        edit_input(t, 27);
    } else if (t->focus == FOCUS_PROMPT) {
        /* Ctrl-C at the prompt clears the line, as in a shell. */
        prompt_interrupt();
        free(t->typed);
        t->typed = NULL;
        if (app_preview_end(t->a))
            t->dirty |= D_MODEL;
        clear_preview_error(t);
        t->dirty |= D_PROMPT;
    } else {
        t->quit = true;
    }
}

static WINDOW *input_window(const struct tui *t)
{
    if (t->lay.too_small || !t->win[P_PROMPT])
        return stdscr;
    return t->vec.editing ? t->win[P_VEC] : t->win[P_PROMPT];
}

/* After an Esc outside the prompt: whether a CSI (ESC [) or SS3 (ESC O)
 * sequence that curses did not know (Home as ESC [ 1 ~ under tmux, an F-key
 * of another terminal) follows, already read; it is then dropped whole.
 * Otherwise its bytes would arrive as keys, '[' changing the head. */
static bool drop_unknown_sequence(WINDOW *w)
{
    wtimeout(w, 0);
    int c = wgetch(w);
    bool dropped = c == '[' || c == 'O';
    if (c == '[') {
        do      /* parameter and intermediate bytes, then the final one */
            c = wgetch(w);
        while (c >= 0x20 && c < 0x40);
    } else if (c == 'O') {
        c = wgetch(w);
    }
    bool final = c >= 0x40 && c <= 0x7e;
    if (c != ERR && !(dropped && final))
        ungetch(c);
    wtimeout(w, -1);
    return dropped;
}

static void key_input(struct tui *t, int key)
{
    if (key == 27 && t->focus != FOCUS_PROMPT && !t->lay.too_small
        && drop_unknown_sequence(input_window(t)))
        return;
    if (key == KEY_RESIZE) {
        relayout(t, true);
    } else if (key == KEY_MOUSE) {
        mouse_input(t);
    } else if (t->help) {
        help_key(t, key);
    } else if (t->lay.too_small) {
        if (key == 'q')
            t->quit = true;
    } else if (t->replay && !t->vec.editing && t->focus != FOCUS_PROMPT && play_key(t, key)) {
        /* a replay key */
    } else if (t->vec.editing) {
        edit_input(t, key);
    } else if (t->focus == FOCUS_PROMPT) {
        prompt_input(t, key);
    } else {
        pane_key(t, key);
    }
}

static void loop(struct tui *t)
{
    while (!t->quit) {
        frame(t);
        int key = terminal_getch(input_window(t), t->playing ? (int)t->delay_ms : -1);
        int sig = terminal_take_signal();
        if (sig)
            handle_signal(t, sig);
        bool resized = terminal_take_resize();
        if (resized)
            relayout(t, true);
        if (key != ERR && !t->quit)
            key_input(t, key);
        else if (key == ERR && !sig && !resized && t->playing && !t->quit)
            play_step(t, 1);    /* the delay passed without a key */
    }
}

int tui_run(struct app *a, const struct tui_options *opt)
{
    static struct tui t;     /* one screen per process */
    memset(&t, 0, sizeof t);
    t.a = a;
    heatmap_init(&t.heat);
    vecpanel_init(&t.vec);
    t.focus = FOCUS_HEATMAP;

    t.delay_ms = opt->delay_ms ? opt->delay_ms : REPLAY_DEFAULT_DELAY_MS;

    char err[512];
    struct replay *r = NULL;
    if (opt->replay_path && !(r = replay_open(opt->replay_path, a, err, sizeof err))) {
        fprintf(stderr, "attnviz: --replay: %s\n", err);
        return 66;      /* EX_NOINPUT */
    }
    prompt_open(a);     /* before the screen: see prompt.h */
    if (terminal_open(opt->color, err, sizeof err) != 0) {
        prompt_close();
        replay_free(r);
        fprintf(stderr, "attnviz: %s\n", err);
        return 69;      /* EX_UNAVAILABLE */
    }
    /* A replay starts from what the command line gave, as --batch does. */
    if (a->n_tokens == 0 && !r)
        run_line(&t, DEFAULT_SENTENCE, NULL);
    if (opt->notice)
        set_msg(&t, true, opt->notice);
    else
        set_msg(&t, false, "? shows every key; Enter types a new sentence; : runs a command");
    if (r)
        play_begin(&t, r);
    t.dirty = D_ALL;
    loop(&t);

    replay_free(t.replay);
    free(t.typed);
    drop_windows(&t);
    prompt_close();     /* before endwin, as the readline recipe says */
    terminal_close();
    return t.status;
}
