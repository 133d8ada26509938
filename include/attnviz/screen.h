/* screen.h - the inside of the terminal UI, shared by its files: the state
 * of the screen (struct tui) and the table of screens.
 *
 * The loop (tui.c) asks which screen is up, gives it each key and lets it
 * draw; the frame ends in one place that puts the terminal cursor and calls
 * doupdate. A screen is one row of the table (as ncdu does it):
 *
 *   main      the panes: status, heatmap, vectors, explain, message, prompt
 *   replay    the main screen with a script being stepped through
 *   help      every key and every command ('?')
 *   small     "terminal too small"
 *   ask       the main screen with a yes/no question (restore an autosave)
 *
 * Only tui.c and the screen files include this; the rest of the program
 * sees tui.h. */
#ifndef ATTNVIZ_SCREEN_H
#define ATTNVIZ_SCREEN_H

#include <curses.h>
#include <limits.h>
#include <stdbool.h>

#include "attnviz/app.h"
#include "attnviz/heatmap.h"
#include "attnviz/keymap.h"
#include "attnviz/layout.h"
#include "attnviz/vecpanel.h"

enum pane { P_STATUS, P_HEAT, P_VEC, P_EXPLAIN, P_MSG, P_PROMPT, P_COUNT };

enum {
    D_STATUS = 1u << P_STATUS, D_HEAT = 1u << P_HEAT, D_VEC = 1u << P_VEC,
    D_EXPLAIN = 1u << P_EXPLAIN, D_MSG = 1u << P_MSG, D_PROMPT = 1u << P_PROMPT,
    D_MODEL = D_STATUS | D_HEAT | D_VEC | D_EXPLAIN,
    D_FOLLOW = D_VEC | D_EXPLAIN,       /* the panes that explain the cursor's cell */
    D_ALL = (1u << P_COUNT) - 1,
};

enum screen_id { SCREEN_MAIN, SCREEN_REPLAY, SCREEN_HELP, SCREEN_SMALL, SCREEN_ASK, SCREEN_COUNT };

struct replay;

struct tui {
    struct app *a;
    struct layout lay;
    bool have_layout;
    WINDOW *win[P_COUNT];
    struct heatmap heat;
    struct vecpanel vec;
    enum focus focus;
    unsigned dirty;             /* D_* panes to draw */
    bool follow;                /* D_FOLLOW waits for the cursor to rest ... */
    long long follow_at;        /* ... until then (terminal_now_ms) */
    char msg[1024];
    bool msg_error;
    char *typed;                /* the prompt line as last seen, for previews */
    bool preview_error;         /* msg is a preview's error, cleared when it passes */
    bool help;
    int help_scroll;
    char theme[AV_MAX_NAME + 1];   /* the theme the palette shows */
    bool quit;
    int status;
    struct replay *replay;      /* --replay / :replay being stepped through, or NULL */
    bool replay_unsaved;        /* the session had unsaved changes when it began */
    unsigned delay_ms;          /* between steps in play mode */
    long long stepped_at;       /* when the last step was taken (terminal_now_ms) */
    bool off_script;            /* a key changed the model during the replay */
    bool quit_armed;            /* "unsaved changes: q again to quit" was said
                                   after the last command */
    char autosave[PATH_MAX];    /* this process's autosave file, or "" */
    unsigned long autosaved;    /* the app's edits when it was last written */
    char restore[PATH_MAX];     /* an autosave to offer back (SCREEN_ASK), or "" */
    struct app_result res;      /* the last command's result (8 KiB: not on the stack) */
};

struct screen {
    /* Draws what is dirty and wnoutrefreshes it, except the window that
     * holds the terminal cursor (positioned): that one it returns, for the
     * frame to refresh last; NULL hides the cursor. */
    WINDOW *(*draw)(struct tui *t);
    /* Takes a key; false when the key means nothing here. */
    bool (*key)(struct tui *t, int key);
};

extern const struct screen screen_main, screen_replay, screen_help, screen_small, screen_ask;

/* ---- tui.c: what the screens share ---- */

void tui_say(struct tui *t, bool error, const char *text);
/* Runs one session-language line (source prefixes an error: "prompt"; NULL
 * for a key's command) and reacts to what it did. */
void tui_run_line(struct tui *t, const char *line, const char *source);
void tui_set_focus(struct tui *t, enum focus f);
void tui_relayout(struct tui *t, bool force);

/* ---- screen_main.c ---- */

/* The main screen's panes (the replay screen draws them too, with its
 * narration box over the explain pane); bottom_line is what the prompt
 * shows when it has no focus. Returns the cursor window as struct screen's
 * draw does. */
WINDOW *screen_main_panes(struct tui *t, const char *bottom_line, const char *narration);

/* A bracketed paste, read to its end: text for the prompt. */
void screen_main_paste(struct tui *t);
/* Opens the prompt with text already typed. */
void screen_main_prompt(struct tui *t, const char *text);
/* A preview's error stops applying once the line is edited past it. */
void screen_main_clear_preview_error(struct tui *t);
/* Ctrl-C: ends an edit, clears the prompt, or quits. */
void screen_main_interrupt(struct tui *t);

/* ---- replayctl.c ---- */

/* Takes r over (a replay already running ends) and runs its first step. */
void replayctl_begin(struct tui *t, struct replay *r);
/* Play mode's wait until the next step in ms, counted from the last step
 * (0: due; -1: not playing); replayctl_tick takes the step. */
int replayctl_wait_ms(const struct tui *t);
void replayctl_tick(struct tui *t);

#endif
