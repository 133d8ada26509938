/* tui.c - the interactive screen: the loop that hands keys to the screen
 * that is up, runs the command lines they become, and ends every frame in
 * one place.
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
 * Flow per key: screen key function -> keymap_translate -> a command line
 * -> app_run_line -> its result -> dirty panes -> app_sync -> one doupdate.
 * Nothing here writes to struct app but through app_run_line. */
#include "attnviz/tui.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attnviz/autosave.h"
#include "attnviz/exitcode.h"
#include "attnviz/fatal.h"
#include "attnviz/palette.h"
#include "attnviz/prompt.h"
#include "attnviz/replay.h"
#include "attnviz/screen.h"
#include "attnviz/statusbar.h"
#include "attnviz/terminal.h"
#include "attnviz/theme.h"

/* The first screen is never empty: a sentence with a pronoun to follow
 * ("it" -> "cat") and a repeated word at two positions ("the"). */
#define DEFAULT_SENTENCE "The cat sat on the mat because it was tired ."

#define FIRST_MESSAGE "type a sentence and press Enter · Esc: explore the heatmap · ?: every key"
#define UNSAVED "unsaved changes: q again to quit, :save FILE to keep them (:q! quits)"

/* The autosave is written once the keys have stopped this long. */
enum { AUTOSAVE_IDLE_MS = 300 };
/* How often the loop looks for the end of a background pass (the
 * status line's progress moves at this pace). */
enum { COMPUTE_POLL_MS = 15 };

static const struct screen *const screens[SCREEN_COUNT] = {
    [SCREEN_MAIN] = &screen_main, [SCREEN_REPLAY] = &screen_replay,
    [SCREEN_HELP] = &screen_help, [SCREEN_SMALL] = &screen_small,
    [SCREEN_ASK] = &screen_ask,
};

static enum screen_id screen_up(const struct tui *t)
{
    if (t->lay.too_small)
        return SCREEN_SMALL;
    if (t->restore[0])
        return SCREEN_ASK;
    if (t->help)
        return SCREEN_HELP;
    return t->replay ? SCREEN_REPLAY : SCREEN_MAIN;
}

/* ---- what the screens share ------------------------------------------------ */

void tui_say(struct tui *t, bool error, const char *text)
{
    /* A longer message is cut at a character boundary; the line shows
     * less than this anyway. */
    size_t n = strlen(text);
    if (n >= sizeof t->msg)
        for (n = sizeof t->msg - 1; n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
            continue;
    memcpy(t->msg, text, n);
    t->msg[n] = '\0';
    t->msg_error = error;
    t->preview_error = false;
    t->dirty |= D_MSG;
}

/* A cursor move draws the heatmap at once, and the panes that explain the
 * cursor's cell once it has rested for :detail-delay: while an arrow key is
 * held only the heatmap's cursor moves, a few cells' worth of bytes a key
 * rather than every number of two panes (issue 10's budget, and a slow
 * link's). */
static void cursor_moved(struct tui *t)
{
    t->dirty |= D_HEAT;
    unsigned ms = t->a->view.detail_delay_ms;
    if (ms == 0) {
        t->dirty |= D_FOLLOW;
        return;
    }
    t->follow_at = terminal_now_ms() + ms;
    t->follow = true;
}

/* How long until the detail panes' turn, in ms: 0 when it has come, -1
 * when nothing waits for it. */
static int follow_wait_ms(const struct tui *t)
{
    if (!t->follow)
        return -1;
    long long left = t->follow_at - terminal_now_ms();
    return left > 0 ? (int)left : 0;
}

void tui_run_line(struct tui *t, const char *line, const char *source)
{
    struct app_result *r = &t->res;
    /* "q again to quit" holds for the next command, however many keys it
     * takes to type (":q" Enter at the prompt is three) */
    bool confirmed = t->quit_armed;
    t->quit_armed = false;
    app_run_line(t->a, line, strlen(line), source, 0, r);
    if (r->flags & (APP_ERROR | APP_SAID))
        tui_say(t, r->flags & APP_ERROR, r->text);
    if (r->kind == CMD_SELECT && r->flags == APP_REDRAW)
        cursor_moved(t);
    else if (r->flags & (APP_REDRAW | APP_MODEL))
        t->dirty |= D_MODEL;
    if (r->flags & APP_QUIT) {
        /* :quit asks first when work would be lost; a second one (the next
         * key), :quit! and a :wq that saved do not. */
        if (r->kind == CMD_QUIT && app_unsaved(t->a) && !confirmed) {
            tui_say(t, false, UNSAVED);
            t->quit_armed = true;
        } else {
            t->quit = true;
        }
    }
    if (r->replay)
        replayctl_begin(t, r->replay);
    if (r->kind == CMD_HELP && !(r->flags & APP_ERROR)) {
        t->help = true;
        t->help_scroll = 0;
    }
}

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
void tui_relayout(struct tui *t, bool force)
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

/* ---- the frame ----------------------------------------------------------------- */

/* A new theme: the palette follows, and says so when its file is bad. */
static void follow_theme(struct tui *t)
{
    if (strcmp(t->theme, t->a->view.theme) == 0)
        return;
    const struct theme *th = theme_find(t->a->view.theme);
    palette_set_theme(th);
    if (!th || th->error) {
        char msg[sizeof t->msg];
        snprintf(msg, sizeof msg, "%s (showing the default theme)",
                 th ? th->error : "no such theme");
        tui_say(t, true, msg);
    }
    snprintf(t->theme, sizeof t->theme, "%s", t->a->view.theme);
    /* Pair numbers are reused with new colors: repaint every cell. */
    clearok(curscr, TRUE);
    t->dirty = D_ALL;
}

static void frame(struct tui *t)
{
    bool computing = app_computing(t->a, NULL);
    if (app_sync_background(t->a))
        t->dirty |= D_MODEL;
    /* the status line's progress, and its end */
    if (computing || app_computing(t->a, NULL))
        t->dirty |= D_STATUS;
    follow_theme(t);
    tui_relayout(t, false);
    /* drawn now for another reason, the detail panes show the cursor's cell */
    if ((t->dirty & D_FOLLOW) == D_FOLLOW)
        t->follow = false;
    WINDOW *cur = screens[screen_up(t)]->draw(t);
    t->dirty = 0;
    /* The window holding the terminal cursor goes last: doupdate leaves the
     * cursor where the last refreshed window has it. */
    if (cur)
        wnoutrefresh(cur);
    /* curs_set writes at once: the cursor is hidden before the frame and
     * shown after it, where the frame put it (leaveok keeps a hidden one
     * wherever the last frame left it) */
    if (!cur)
        curs_set(0);
    doupdate();
    if (cur)
        curs_set(1);
}

/* ---- the loop ------------------------------------------------------------------ */

static void handle_signal(struct tui *t, int sig)
{
    if (sig == SIGINT) {
        screen_main_interrupt(t);
        return;
    }
    t->quit = true;
    t->status = AV_EXIT_SIGNAL + sig;
}

static WINDOW *input_window(const struct tui *t)
{
    if (t->lay.too_small || !t->win[P_PROMPT])
        return stdscr;
    return t->vec.editing ? t->win[P_VEC] : t->win[P_PROMPT];
}

static void key_input(struct tui *t, int key)
{
    if (key == 27 && t->focus != FOCUS_PROMPT && !t->lay.too_small
        && terminal_after_escape(input_window(t)))
        return;
    if (key == KEY_RESIZE)
        tui_relayout(t, true);
    else if (key == TERMINAL_KEY_PASTE_BEGIN && !t->lay.too_small && !t->restore[0])
        screen_main_paste(t);
    else
        screens[screen_up(t)]->key(t, key);
}

/* The session as :save would write it, to this process's autosave file,
 * when it changed since the last time. */
static void autosave(struct tui *t)
{
    const struct app *a = t->a;
    if (!t->autosave[0] || a->edits == t->autosaved)
        return;
    struct session_doc doc = { &a->start_cfg, a->s.log, a->s.log_len, session_time() };
    char err[1024];
    if (autosave_write(t->autosave, &doc, err, sizeof err) != 0)
        tui_say(t, true, err);
    t->autosaved = a->edits;
}

/* The sooner of two waits in ms, -1 being none. */
static int sooner(int a, int b)
{
    return a < 0 ? b : b < 0 || a < b ? a : b;
}

static void loop(struct tui *t)
{
    while (!t->quit) {
        if (follow_wait_ms(t) == 0) {
            t->dirty |= D_FOLLOW;
            t->follow = false;
        }
        frame(t);
        /* The loop wakes for the soonest of: the detail panes' turn and
         * play mode's next step (deadlines, so a wake for another reason
         * moves neither), the autosave (once the keys have stopped that
         * long: counted anew on every wake), a background pass's end. */
        /* (While a pass runs, no step is taken and nothing is saved: the
         * poll comes back for them once it has ended.) */
        bool computing = app_computing(t->a, NULL);
        bool save_due = !computing && t->autosave[0] && t->a->edits != t->autosaved;
        int wait = sooner(follow_wait_ms(t), computing ? -1 : replayctl_wait_ms(t));
        bool save_first = save_due && sooner(wait, AUTOSAVE_IDLE_MS) == AUTOSAVE_IDLE_MS;
        if (save_due)
            wait = sooner(wait, AUTOSAVE_IDLE_MS);
        if (computing)
            wait = sooner(wait, COMPUTE_POLL_MS);
        int key = terminal_getch(input_window(t), wait);
        int sig = terminal_take_signal();
        if (sig)
            handle_signal(t, sig);
        bool resized = terminal_take_resize();
        if (resized)
            tui_relayout(t, true);
        if (key != ERR && !t->quit)
            key_input(t, key);
        else if (key == ERR && !sig && !resized && !t->quit && !computing) {
            if (replayctl_wait_ms(t) == 0)
                replayctl_tick(t);    /* the delay passed without a key */
            else if (save_first)
                autosave(t);
        }
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
    t.delay_ms = opt->delay_ms ? opt->delay_ms : AV_DEFAULT_DELAY_MS;
    app_set_io(a, &(struct app_io){ .steps_replays = true });

    char err[1024];
    struct replay *r = NULL;
    if (opt->replay_path && !(r = replay_open(opt->replay_path, a, err, sizeof err))) {
        fprintf(stderr, "attnviz: --replay: %s\n", err);
        return AV_EXIT_NOINPUT;
    }
    char history_err[1024] = "";
    prompt_open(a, history_err, sizeof history_err);   /* before the screen: see prompt.h */
    if (terminal_open(opt->color, err, sizeof err) != 0) {
        prompt_close(err, sizeof err);
        replay_free(r);
        fprintf(stderr, "attnviz: %s\n", err);
        return AV_EXIT_NOTTY;
    }
    /* A replay starts from what the command line gave, as --batch does. */
    if (a->s.toks.n == 0 && !r)
        tui_run_line(&t, DEFAULT_SENTENCE, NULL);
    /* What the program starts with is where history starts: the demo
     * sentence is no step to undo, and no unsaved work. */
    app_start_history(a, true);
    if (!autosave_path(t.autosave, sizeof t.autosave))
        t.autosave[0] = '\0';
    t.autosaved = a->edits;
    if (!r && autosave_orphan(t.restore, sizeof t.restore))
        tui_say(&t, false, "restore the session that ended unexpectedly? y/n");
    else if (opt->notice)
        tui_say(&t, true, opt->notice);
    else if (history_err[0])
        tui_say(&t, true, history_err);
    else
        tui_say(&t, false, FIRST_MESSAGE);
    if (r)
        replayctl_begin(&t, r);
    else if (!t.restore[0])           /* the question first: screen_ask.c */
        screen_main_prompt(&t, "");   /* the first thing a newcomer does is type */
    t.dirty = D_ALL;
    loop(&t);
    /* An ending by a signal keeps the autosave for the next start. */
    if (t.autosave[0] && t.status == 0)
        unlink(t.autosave);

    replay_free(t.replay);
    heatmap_free(&t.heat);
    free(t.typed);
    drop_windows(&t);
    bool saved = prompt_close(err, sizeof err);   /* before endwin, as the readline recipe says */
    terminal_close();
    if (!saved)
        fprintf(stderr, "attnviz: %s\n", err);
    return t.status;
}
