/* replay.h - a session script played one step at a time (--replay, :replay).
 *
 * The script is read into steps: every line that is neither blank nor a
 * comment is one step, except that :note lines on consecutive lines form
 * ONE step whose text is one paragraph (the notes joined by spaces; a blank
 * line between two notes makes them two steps). A step runs through
 * app_run_line with the script's name and line, so errors read
 * "tour.attn:12: ..." and relative paths resolve against the script's
 * folder, as in :load.
 *
 * Going back rebuilds the app as it was when the replay began (app_rebuild,
 * the mechanism of :undo) and runs the steps before again: a position shows
 * the same model however it was reached. No terminal here: the TUI decides
 * when to step and how to show it. */
#ifndef ATTNVIZ_REPLAY_H
#define ATTNVIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct app;

enum replay_kind {
    REPLAY_COMMAND,   /* any other line (a bad one too: its error shows when run) */
    REPLAY_NOTE,      /* a paragraph of :note lines */
    REPLAY_PAUSE,     /* :pause - play mode stops here */
};

struct replay_step {
    enum replay_kind kind;
    unsigned lineno;      /* the script line the step starts at, from 1 */
    char *line;           /* what runs: the line trimmed; a note as ":note TEXT" */
    const char *text;     /* REPLAY_NOTE: the paragraph (inside line); else NULL */
};

struct replay;

/* Reads the script at path and remembers a's session (its log) as the
 * state to go back to. NULL with a message in err when the file cannot be
 * read or holds no step. */
struct replay *replay_open(const char *path, const struct app *a, char *err, size_t errlen);
void replay_free(struct replay *r);

const char *replay_path(const struct replay *r);
size_t replay_count(const struct replay *r);
/* Steps run so far: 0 .. replay_count. */
size_t replay_done(const struct replay *r);
const struct replay_step *replay_step(const struct replay *r, size_t i);
/* The step run last, or NULL before the first. */
const struct replay_step *replay_current(const struct replay *r);

/* The narration shown at this position: the paragraph of the current step
 * when it is a note, or of the note just before a :pause (a pause is there
 * to read it); NULL otherwise. */
const char *replay_narration(const struct replay *r);

/* Runs the next step on a. Returns its app flags: with APP_ERROR err holds
 * "SCRIPT:LINE: message" and the step still counts as run (the replay goes
 * on). 0 when every step has run. */
unsigned replay_next(struct replay *r, struct app *a, char *err, size_t errlen);

/* Goes one step back: rebuilds a and runs the steps before the current one
 * again. Returns the flags of the step that is now the current one (its
 * error in err, as when it first ran) with APP_REDRAW | APP_RECOMPUTE; 0
 * when no step has run. */
unsigned replay_back(struct replay *r, struct app *a, char *err, size_t errlen);

#endif
