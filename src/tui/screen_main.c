/* screen_main.c - the main screen: the panes, the prompt with its live
 * preview, in-place editing of a vector component, the pane keys and the
 * mouse (screen.h). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/explainpane.h"
#include "attnviz/narration.h"
#include "attnviz/paste.h"
#include "attnviz/terminal.h"
#include "attnviz/palette.h"
#include "attnviz/prompt.h"
#include "attnviz/screen.h"
#include "attnviz/statusbar.h"
#include "attnviz/textw.h"
#include "attnviz/theme.h"
#include "attnviz/xalloc.h"

#define PROMPT_HINT "type: a sentence · arrows: move · ?: all keys · q: quit"

enum { WHEEL_STEP = 3 };

/* ---- drawing ---------------------------------------------------------------- */

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

WINDOW *screen_main_panes(struct tui *t, const char *bottom_line, const char *narration)
{
    unsigned d = t->dirty;
    if (d & D_STATUS)
        statusbar_draw(t->win[P_STATUS], t->a);
    if (d & D_HEAT)
        heatmap_draw(&t->heat, t->win[P_HEAT], t->a, t->focus == FOCUS_HEATMAP);
    if (d & D_VEC)
        vecpanel_draw(&t->vec, t->win[P_VEC], t->a, t->focus == FOCUS_VECTORS);
    if (d & D_EXPLAIN) {
        explainpane_draw(t->win[P_EXPLAIN], t->a, &t->heat);
        if (narration)
            narration_draw(t->win[P_EXPLAIN], narration);
    }
    if (d & D_MSG)
        draw_msg(t);
    if (d & D_PROMPT)
        prompt_draw(t->focus == FOCUS_PROMPT, bottom_line);
    int y, x;
    bool editing = vecpanel_edit_cursor(&t->vec, &y, &x);
    if (editing)
        wmove(t->win[P_VEC], y, x);
    WINDOW *cur = editing ? t->win[P_VEC] : t->win[P_PROMPT];
    for (int p = 0; p < P_COUNT; p++)
        if (t->win[p] != cur)
            wnoutrefresh(t->win[p]);
    if (editing || t->focus == FOCUS_PROMPT) {
        leaveok(cur, FALSE);
        return cur;
    }
    /* the cursor is hidden: no frame need move it back to the prompt */
    leaveok(cur, TRUE);
    wnoutrefresh(cur);
    return NULL;
}

static WINDOW *main_draw(struct tui *t)
{
    return screen_main_panes(t, PROMPT_HINT, NULL);
}

/* ---- focus and the prompt ----------------------------------------------------- */

void screen_main_clear_preview_error(struct tui *t)
{
    if (t->preview_error)
        tui_say(t, false, "");
}

void tui_set_focus(struct tui *t, enum focus f)
{
    if (t->focus == FOCUS_PROMPT && f != FOCUS_PROMPT) {
        /* Leaving the prompt drops what was typed, and with it a preview. */
        prompt_end();
        free(t->typed);
        t->typed = NULL;
        if (app_preview_end(t->a))
            t->dirty |= D_MODEL;
        screen_main_clear_preview_error(t);
    }
    t->focus = f;
    t->dirty |= D_HEAT | D_VEC | D_PROMPT;
}

static void focus_step(struct tui *t, int step)
{
    tui_set_focus(t, (enum focus)((t->focus + FOCUS_COUNT + step) % FOCUS_COUNT));
}

void screen_main_prompt(struct tui *t, const char *text)
{
    tui_set_focus(t, FOCUS_PROMPT);
    prompt_begin(text);
}

/* While a sentence is being typed the model follows it (app_preview). */
static void follow_typing(struct tui *t)
{
    const char *text = prompt_text();
    if (t->typed && strcmp(t->typed, text) == 0)
        return;
    free(t->typed);
    t->typed = app_xstrdup(text);
    struct app_result *r = &t->res;
    *r = (struct app_result){ 0 };
    app_preview(t->a, text, r);
    if (r->flags & APP_ERROR) {
        tui_say(t, true, r->text);
        t->preview_error = true;
        return;
    }
    if (r->flags & APP_MODEL)
        t->dirty |= D_MODEL;
    screen_main_clear_preview_error(t);
}

/* A key that would end the line or move the focus, arriving while more
 * input is already there, is part of a paste (a terminal without bracketed
 * paste, or a middle-click): it stays in the line as a blank. */
static int burst_key(const struct tui *t, int key)
{
    bool ends = key == '\r' || key == '\n' || key == KEY_ENTER || key == '\t';
    return ends && terminal_pending(t->win[P_PROMPT]) ? ' ' : key;
}

/* Whether key is one the prompt takes as part of a burst: text and the
 * keys that end a line. Others (the mouse, a resize) wait for the loop. */
static bool burst_text(int key)
{
    return (key >= 0x20 && key < 0x100 && key != 0x7f) || key == '\r' || key == '\n'
           || key == '\t';
}

static void prompt_keys(struct tui *t, int key)
{
    key = burst_key(t, key);
    for (;;) {
        do {
            char *line = NULL;
            enum prompt_event ev = prompt_key(key, &line);
            key = PROMPT_NO_KEY;
            switch (ev) {
            case PROMPT_LINE:
                free(t->typed);
                t->typed = NULL;
                tui_run_line(t, line, "prompt");
                free(line);
                if (t->replay || t->quit)
                    return;       /* :replay took the focus, or :quit */
                break;
            case PROMPT_EOF:
                tui_run_line(t, ":quit", NULL);
                return;
            case PROMPT_LEAVE:
                tui_set_focus(t, FOCUS_HEATMAP);
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
            case PROMPT_HELP:
                /* typed, not the start of a paste, which stays text */
                if (terminal_pending(t->win[P_PROMPT])) {
                    prompt_insert("?");
                    break;
                }
                tui_run_line(t, ":help", NULL);
                return;
            case PROMPT_NONE:
                break;
            }
        } while (!t->quit && prompt_has_input());
        /* Keys already waiting are taken now, so the preview below runs
         * once for all of them, not once a character. */
        WINDOW *w = t->win[P_PROMPT];
        wtimeout(w, 0);
        int next = wgetch(w);
        wtimeout(w, -1);
        if (next == ERR)
            break;
        if (!burst_text(next)) {
            ungetch(next);
            break;
        }
        key = burst_key(t, next);
    }
    const char *m = prompt_take_matches();
    if (*m)
        tui_say(t, false, m);
    if (t->focus == FOCUS_PROMPT)
        follow_typing(t);
}

static void prompt_input(struct tui *t, int key)
{
    prompt_hold_redisplay(true);
    prompt_keys(t, key);
    prompt_hold_redisplay(false);
    t->dirty |= D_PROMPT;
}

void screen_main_paste(struct tui *t)
{
    /* Read to the end of the paste; a terminal that never sends it gives
     * up after a quiet second. */
    size_t len = 0, cap = 4096;
    char *text = app_xmalloc(cap);
    WINDOW *w = t->win[P_PROMPT];
    wtimeout(w, 1000);
    for (int c; (c = wgetch(w)) != ERR && c != TERMINAL_KEY_PASTE_END;) {
        if (c >= 0x100 || len >= AV_MAX_LINE)
            continue;             /* a key code, or past the longest line */
        if (len + 1 >= cap)
            text = app_xrealloc(text, cap *= 2);
        text[len++] = (char)c;
    }
    wtimeout(w, -1);
    len = paste_clean(text, len);
    text[len] = '\0';
    if (t->vec.editing)
        tui_say(t, true, "a paste goes to the prompt: Esc leaves the edit first");
    else {
        if (t->focus != FOCUS_PROMPT)
            screen_main_prompt(t, "");
        prompt_insert(text);
        follow_typing(t);
        t->dirty |= D_PROMPT;
    }
    free(text);
}

/* ---- editing a component ---------------------------------------------------- */

/* Enter in the edit field: the whole embedding, one component changed, as
 * an :emb command. */
static void apply_edit(struct tui *t)
{
    const struct app *a = t->a;
    double value;
    const char *why;
    if (!vecpanel_edit_value(&t->vec, &value, &why)) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s: nothing changed", why);
        tui_say(t, true, msg);
        return;
    }
    const float *e = a->model.emb + app_cursor_row(a) * a->model.d;
    const char *token = app_picture(a)->text[app_cursor_row(a)];
    int need = keymap_emb_line(token, e, a->model.d, t->vec.comp, value, NULL, 0);
    char *line = app_xmalloc((size_t)need + 1);
    keymap_emb_line(token, e, a->model.d, t->vec.comp, value, line, (size_t)need + 1);
    tui_run_line(t, line, NULL);
    free(line);
}

static void edit_input(struct tui *t, int key)
{
    if (key == ('L' & 0x1f)) {     /* a redraw, as everywhere */
        clearok(curscr, TRUE);
        tui_relayout(t, true);
        return;
    }
    switch (vecpanel_edit_key(&t->vec, key)) {
    case VEC_EDIT_APPLY:
        apply_edit(t);
        break;
    case VEC_EDIT_CANCEL:
        tui_say(t, false, "edit cancelled");
        break;
    case VEC_EDIT_REFUSED:
        /* said, not dropped without a sound: "0x10" must not quietly become 10 */
        beep();
        char msg[128];
        snprintf(msg, sizeof msg, "a number is digits, '.', '-', '+' and 'e', at most %d of "
                 "them; Enter applies, Esc cancels", VECPANEL_EDIT_MAX);
        tui_say(t, true, msg);
        break;
    case VEC_EDIT_MORE:
        break;
    }
    t->dirty |= D_VEC;
}

static void begin_edit(struct tui *t)
{
    if (t->a->model.n == 0) {
        tui_say(t, true, "no tokens to edit: type a sentence first");
        return;
    }
    tui_set_focus(t, FOCUS_VECTORS);
    vecpanel_edit_begin(&t->vec);
    tui_say(t, false, "new value for the highlighted embedding component; Enter applies, "
            "Esc cancels");
}

void screen_main_interrupt(struct tui *t)
{
    if (t->vec.editing) {
        edit_input(t, 27);
    } else if (t->focus == FOCUS_PROMPT) {
        /* Ctrl-C at the prompt clears the line, as in a shell. */
        prompt_interrupt();
        free(t->typed);
        t->typed = NULL;
        if (app_preview_end(t->a))
            t->dirty |= D_MODEL;
        screen_main_clear_preview_error(t);
        t->dirty |= D_PROMPT;
    } else {
        tui_run_line(t, ":quit", NULL);
    }
}

/* ---- keys outside the prompt -------------------------------------------------- */

static struct keymap_state key_state(const struct tui *t)
{
    const struct app *a = t->a;
    size_t n_themes;
    const char *const *themes = theme_usable_names(&n_themes);
    size_t shown = app_picture(a)->n;
    return (struct keymap_state){
        .focus = t->focus,
        .n = shown < a->model.n ? shown : a->model.n,
        .row = app_cursor_row(a), .col = app_cursor_col(a),
        .page = (size_t)(t->focus == FOCUS_VECTORS ? t->vec.rows_vis : t->heat.rows_vis),
        .step = t->heat.zoom, .dims = t->heat.dims, .dim = t->heat.dim,
        .keys_down = a->view.view == VIEW_ATTENTION && a->view.stage == STAGE_XV,
        .zoom = a->view.zoom, .stage = (size_t)a->view.stage, .view = (size_t)a->view.view,
        .d_model = a->s.cfg.d_model, .heads = a->s.cfg.heads, .head = a->s.head,
        .pe = a->s.cfg.pe, .causal = a->s.cfg.causal, .scale = a->s.cfg.scale,
        .theme = a->view.theme, .themes = themes, .n_themes = n_themes,
    };
}

static void pane_key(struct tui *t, int key)
{
    struct keymap_state s = key_state(t);
    struct keymap_result r;
    keymap_translate(&s, key, &r);
    switch (r.action) {
    case KEYMAP_NONE:
        /* A letter that is no key here starts a sentence: typed, not lost. */
        if ((key > 0x20 && key < 0x7f) || (key >= 0xc0 && key < 0x100)) {
            screen_main_prompt(t, "");
            prompt_input(t, key);
        }
        break;
    case KEYMAP_COMMAND:
        tui_run_line(t, r.line, NULL);
        break;
    case KEYMAP_SAY:
        tui_say(t, false, r.line);
        break;
    case KEYMAP_FOCUS_NEXT:
        focus_step(t, 1);
        break;
    case KEYMAP_FOCUS_PREV:
        focus_step(t, -1);
        break;
    case KEYMAP_PROMPT:
        screen_main_prompt(t, r.line);
        break;
    case KEYMAP_REDRAW:
        clearok(curscr, TRUE);
        tui_relayout(t, true);
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

/* ---- the mouse ------------------------------------------------------------------- */

static bool inside(WINDOW *w, const MEVENT *ev, int *y, int *x)
{
    if (!w || !wenclose(w, ev->y, ev->x))
        return false;
    *y = ev->y - getbegy(w);
    *x = ev->x - getbegx(w);
    return true;
}

/* A click or the wheel over the vectors moves what the edit field edits
 * (the cursor's token, the component, the focus): the edit ends first, or
 * Enter would write the value there. */
static void end_edit(struct tui *t)
{
    if (t->vec.editing)
        edit_input(t, 27);
}

static void mouse_input(struct tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    int y, x;
    bool wheel_up = ev.bstate & BUTTON4_PRESSED, wheel_down = ev.bstate & BUTTON5_PRESSED;
    if (wheel_up || wheel_down) {
        int step = wheel_up ? -WHEEL_STEP : WHEEL_STEP;
        if (inside(t->win[P_VEC], &ev, &y, &x)) {
            end_edit(t);
            vecpanel_move(&t->vec, t->a, step);
        } else {
            heatmap_scroll(&t->heat, step);
        }
        t->dirty |= D_HEAT | D_VEC;
        return;
    }
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return;
    size_t row, col;
    bool tokens;
    int ey, ex;
    if (inside(t->win[P_HEAT], &ev, &ey, &ex) || inside(t->win[P_VEC], &ev, &ey, &ex)
        || (inside(t->win[P_PROMPT], &ev, &ey, &ex) && t->focus != FOCUS_PROMPT))
        end_edit(t);
    if (inside(t->win[P_HEAT], &ev, &y, &x)) {
        if (t->focus != FOCUS_HEATMAP)
            tui_set_focus(t, FOCUS_HEATMAP);
        if (heatmap_hit(&t->heat, t->a, y, x, &row, &col, &tokens)) {
            struct keymap_state s = key_state(t);
            struct keymap_result r;
            if (!tokens) {       /* a dimension: the cursor's component */
                s.row = s.keys_down ? app_cursor_row(t->a) : row;
                s.col = s.keys_down ? row : app_cursor_col(t->a);
                keymap_dim(&s, (long)col, &r);
            } else if (s.keys_down) {
                keymap_select(&s, (long)app_cursor_row(t->a), (long)row, &r);
            } else {
                keymap_select(&s, (long)row, (long)col, &r);
            }
            if (r.action == KEYMAP_COMMAND)
                tui_run_line(t, r.line, NULL);
        }
    } else if (inside(t->win[P_VEC], &ev, &y, &x)) {
        if (t->focus != FOCUS_VECTORS)
            tui_set_focus(t, FOCUS_VECTORS);
        vecpanel_hit(&t->vec, t->a, y, x);
        t->dirty |= D_VEC;
    } else if (inside(t->win[P_PROMPT], &ev, &y, &x) && t->focus != FOCUS_PROMPT) {
        screen_main_prompt(t, "");
    }
}

static bool main_key(struct tui *t, int key)
{
    if (key == KEY_MOUSE) {
        mouse_input(t);
    } else if (t->vec.editing) {
        edit_input(t, key);
    } else if (t->focus == FOCUS_PROMPT) {
        prompt_input(t, key);
    } else {
        pane_key(t, key);
    }
    return true;
}

const struct screen screen_main = { main_draw, main_key };
