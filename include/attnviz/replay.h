/* replay.h - a session script played one step at a time (--replay, :replay).
 *
 * The script comes from the one script reader (script.h): every line that is
 * neither blank nor a comment is one step, except that :note lines on
 * consecutive lines form ONE step whose text is one paragraph. A step runs
 * through app_run_line with the script's name and line, so errors read
 * "tour.attn:12: ..." and relative paths resolve against the script's
 * folder, as in :load.
 *
 * Going back rebuilds the session as it was when the replay began
 * (app_rebuild, the mechanism of :undo) and runs the steps before again: a
 * position shows the same model however it was reached. Play mode runs the
 * steps by themselves and stops at a :pause and at the end. No terminal
 * here: the TUI decides when to step and how to show it. */
#ifndef ATTNVIZ_REPLAY_H
#define ATTNVIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct app_result;

enum replay_kind {
    REPLAY_COMMAND,   /* any other line (a bad one too: its error shows when run) */
    REPLAY_NOTE,      /* a paragraph of :note lines */
    REPLAY_PAUSE,     /* :pause - play mode stops here */
    REPLAY_KIND_COUNT
};

struct replay_step {
    enum replay_kind kind;
    unsigned lineno;      /* the script line of `line`, from 1 */
    char *line;           /* what the step is about: the line trimmed; a note
                             as ":note TEXT" (the paragraph) */
    const char *text;     /* REPLAY_NOTE: the paragraph (inside line); else NULL */
    char *error;          /* a bad line's "FILE:LINE: message", shown instead of
                             running it (a line too long keeps no text); else NULL */
    /* the setup lines that run before line (the first step only) */
    char **setup;
    unsigned *setup_lineno;
    size_t n_setup;
};

struct replay;

/* Reads the script at path and remembers a's session (its log) as the
 * state to go back to. NULL with a message in err when the file cannot be
 * read or holds no step. */
struct replay *replay_open(const char *path, const struct app *a, char *err, size_t errlen);
void replay_free(struct replay *r);

size_t replay_count(const struct replay *r);
/* Steps run so far: 0 .. replay_count. */
size_t replay_done(const struct replay *r);
/* The step run last, or NULL before the first. */
const struct replay_step *replay_current(const struct replay *r);

/* The narration shown at this position: the paragraph of the current step
 * when it is a note, or of the note just before a :pause (a pause is there
 * to read it); NULL otherwise. */
const char *replay_narration(const struct replay *r);

/* Runs the next step on a; *res is its result (with APP_ERROR, "SCRIPT:LINE:
 * message": the step still counts as run and the replay goes on). flags 0
 * when every step has run. Play mode ends at a :pause and at the end. */
void replay_next(struct replay *r, struct app *a, struct app_result *res);

/* Goes one step back: rebuilds a and runs the steps before the current one
 * again. *res is the result of the step that is now the current one (its
 * error, as when it first ran) with APP_REDRAW | APP_MODEL; flags 0 when no
 * step has run. Going back never quits. */
void replay_back(struct replay *r, struct app *a, struct app_result *res);

/* Rebuilds the position the replay is at (after the viewer changed the
 * model off its script): the same as going back and forth. */
void replay_return(struct replay *r, struct app *a, struct app_result *res);

/* How long play mode waits after the current step at a base delay: the
 * base, and for a note its reading time as well (a quarter of the base a
 * word). */
unsigned replay_wait_ms(const struct replay *r, unsigned base_ms);

/* Play mode: whether steps run by themselves. Starting it at the end does
 * nothing. */
void replay_set_playing(struct replay *r, bool on);
bool replay_playing(const struct replay *r);

#endif
