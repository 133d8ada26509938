/* prompt.h - the GNU readline prompt, running inside the ncurses screen.
 *
 * The one module that includes readline.h. Readline runs through its
 * callback interface and never touches the terminal: its input comes from
 * keys the main loop hands over (ncurses' KEY_ codes turned back into the
 * escape sequences readline binds), its output is drawn into the prompt
 * window. The user's ~/.inputrc applies ($if attnviz blocks too); the
 * history file is history.h's, Tab's candidates complete.h's. */
#ifndef ATTNVIZ_PROMPT_H
#define ATTNVIZ_PROMPT_H

#include <curses.h>
#include <stdbool.h>

struct app;

enum prompt_event {
    PROMPT_NONE,        /* the key was taken; see prompt_text for changes */
    PROMPT_LINE,        /* Enter: *line holds the line (free it) */
    PROMPT_EOF,         /* Ctrl-D on an empty line */
    PROMPT_LEAVE,       /* Esc */
    PROMPT_FOCUS_NEXT,  /* Tab on an empty line */
    PROMPT_FOCUS_PREV,  /* Shift-Tab */
    PROMPT_REDRAW,      /* Ctrl-L */
    PROMPT_HELP,        /* '?' on an empty line (not yet in the line) */
};

/* A key value for prompt_key that only continues with input already queued
 * (a paste that held several lines). */
#define PROMPT_NO_KEY (-1)

/* Sets readline up (before the screen starts, so readline's terminfo lookup
 * cannot disturb ncurses') and reads the history. a is what completion
 * reads the tokens and head count from. false with a message in err when
 * the history file cannot be used (the prompt works without it). */
bool prompt_open(const struct app *a, char *err, size_t errlen);
/* Removes the readline handler (before endwin), writes the history; false
 * with a message in err when it could not be written. */
bool prompt_close(char *err, size_t errlen);

/* The window readline draws into and reads lookahead keys from (keypad on). */
void prompt_set_window(WINDOW *w);

/* Focus arrives with text already typed (":" for the ':' key), or leaves
 * (the line is dropped). */
void prompt_begin(const char *text);
void prompt_end(void);
/* Inserts text at the cursor as typed text (a paste: no key in it acts). */
void prompt_insert(const char *text);
/* Ctrl-C: clears the line, ends a search or completion in progress. */
void prompt_interrupt(void);

enum prompt_event prompt_key(int key, char **line);
/* While held, readline's redraw after each key is left out: a burst of
 * keys (a paste of a paragraph) would redraw the growing line once a key,
 * which is quadratic in its length; the caller draws it once after. */
void prompt_hold_redisplay(bool hold);
/* Whether keys are queued for readline (call prompt_key(PROMPT_NO_KEY)). */
bool prompt_has_input(void);

/* The line as typed so far. */
const char *prompt_text(void);

/* Draws the prompt line; when focused the window's cursor is left where the
 * terminal cursor belongs. Unfocused, it shows hint instead of the line. */
void prompt_draw(bool focused, const char *hint);

/* The completion candidates readline last wanted to list ("" when none);
 * reading clears them. */
const char *prompt_take_matches(void);

#endif
