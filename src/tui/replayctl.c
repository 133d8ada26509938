/* replayctl.c - the replay screen: the main screen with a script being
 * stepped through, its keys, and play mode's timer (screen.h). The stepping
 * itself is src/app/replay.c's. */
#include <curses.h>
#include <stdio.h>

#include "attnviz/limits.h"
#include "attnviz/replay.h"
#include "attnviz/screen.h"
#include "attnviz/terminal.h"

#define REPLAY_KEYS "replay: Space/n next · N/Backspace back · P play · x/Esc leave · q quit"

/* Says how the step went: its error, or where the replay stands. */
static void say_step(struct tui *t)
{
    const struct app_result *r = &t->res;
    const struct replay_step *s = replay_current(t->replay);
    bool end = replay_done(t->replay) == replay_count(t->replay);
    if (r->flags & APP_ERROR)
        tui_say(t, true, r->text);
    else if (end)
        tui_say(t, false, "end of the replay: N goes back, x leaves it and the model stays");
    else if (s && s->kind == REPLAY_PAUSE)
        tui_say(t, false, "paused: Space or n goes on, P plays the rest");
    else
        tui_say(t, false, replay_playing(t->replay) ? "playing: any key pauses" : REPLAY_KEYS);
    if (r->flags & APP_QUIT)
        t->quit = true;
    t->dirty |= D_MODEL | D_PROMPT;
}

/* dir > 0: the next step; < 0: one back; 0: back to the current step
 * (after a change off the script). */
static void step(struct tui *t, int dir)
{
    if (dir > 0)
        replay_next(t->replay, t->a, &t->res);
    else if (dir < 0)
        replay_back(t->replay, t->a, &t->res);
    else
        replay_return(t->replay, t->a, &t->res);
    t->off_script = false;
    t->stepped_at = terminal_now_ms();
    /* The tour's steps are not the viewer's work: not undone, and not
     * unsaved unless the viewer's own changes before it were. */
    app_start_history(t->a, !t->replay_unsaved);
    say_step(t);
}

void replayctl_begin(struct tui *t, struct replay *r)
{
    t->replay_unsaved = app_unsaved(t->a) || (t->replay && t->replay_unsaved);
    replay_free(t->replay);
    t->replay = r;
    if (t->focus == FOCUS_PROMPT)
        tui_set_focus(t, FOCUS_HEATMAP);
    step(t, 1);
}

int replayctl_wait_ms(const struct tui *t)
{
    if (!t->replay || !replay_playing(t->replay))
        return -1;
    long long left = t->stepped_at + replay_wait_ms(t->replay, t->delay_ms) - terminal_now_ms();
    return left > 0 ? (int)left : 0;
}

void replayctl_tick(struct tui *t)
{
    if (t->replay && replay_playing(t->replay))
        step(t, 1);
}

static void leave(struct tui *t)
{
    char msg[160];
    snprintf(msg, sizeof msg, "left the replay at step %zu/%zu: the model is yours to explore",
             replay_done(t->replay), replay_count(t->replay));
    replay_free(t->replay);
    t->replay = NULL;
    tui_say(t, false, msg);
    t->dirty |= D_MODEL | D_PROMPT;
}

static WINDOW *replay_draw(struct tui *t)
{
    const struct replay_step *s = replay_current(t->replay);
    char bottom[512];
    snprintf(bottom, sizeof bottom, "step %zu/%zu%s  %s", replay_done(t->replay),
             replay_count(t->replay), replay_playing(t->replay) ? " ▶" : "",
             s ? s->line : "(the start)");
    /* a tour's sentence comes with a step: typing is no advice here */
    t->heat.empty_hint = "no sentence yet";
    WINDOW *cur = screen_main_panes(t, bottom, replay_narration(t->replay));
    t->heat.empty_hint = NULL;
    return cur;
}

/* The replay's keys come first, outside the prompt and the edit field; q,
 * the cursor keys and the rest keep their meaning. While playing any key
 * pauses, q still quits. */
/* A key of the main screen; a change it makes to the model takes the
 * viewer off the tour's script, and they are told how to get back. */
static bool main_key(struct tui *t, int key)
{
    unsigned long edits = t->a->edits;
    bool taken = screen_main.key(t, key);
    if (t->replay && t->a->edits != edits) {
        t->off_script = true;
        tui_say(t, false, "you are off the tour's script: N returns to it, . continues "
                "from your change");
    }
    return taken;
}

/* Play speed, while playing: + faster, - slower. */
static void speed(struct tui *t, int key)
{
    unsigned d = t->delay_ms;
    d = key == '+' ? d * 2 / 3 : d * 3 / 2;
    t->delay_ms = d < 50 ? 50 : d > AV_MAX_DELAY_MS ? AV_MAX_DELAY_MS : d;
    char msg[96];
    snprintf(msg, sizeof msg, "playing at %u ms a step (and a quarter of that a word of a "
             "note): + faster, - slower", t->delay_ms);
    tui_say(t, false, msg);
}

static bool replay_key(struct tui *t, int key)
{
    if (t->vec.editing || t->focus == FOCUS_PROMPT || key == 'q' || key == KEY_MOUSE)
        return main_key(t, key);
    if (replay_playing(t->replay) && (key == '+' || key == '-')) {
        speed(t, key);
        return true;
    }
    if (replay_playing(t->replay)) {
        replay_set_playing(t->replay, false);
        tui_say(t, false, "paused: " REPLAY_KEYS);
        t->dirty |= D_PROMPT;
        return true;
    }
    switch (key) {
    case ' ': case 'n': case '.':
        step(t, 1);
        return true;
    case 'N': case KEY_BACKSPACE: case 127: case 8:
        step(t, t->off_script ? 0 : -1);
        return true;
    case 'P':
        replay_set_playing(t->replay, true);
        step(t, 1);
        return true;
    case 'x': case 27:
        leave(t);
        return true;
    default:
        return main_key(t, key);
    }
}

const struct screen screen_replay = { replay_draw, replay_key };
