/* app.h - attnviz's state and the one function that changes it.
 *
 *   struct command --app_apply--> state change + dirty pass --app_sync--> model
 *
 * The TUI, batch mode and session files all call app_apply (or
 * app_run_line); nothing outside app.c writes a field of a struct app. A
 * command that fails changes nothing: everything it needs is checked before
 * the state is touched. The model is not computed by app_apply: the command
 * marks the first pass of the forward pass it made stale, and app_sync runs
 * the forward pass from there once, however many commands came before (a
 * :load, an undo, a replay's step back, a paste).
 *
 * The state has three owners:
 *   s      the session: what :save writes and :undo rebuilds
 *   view   the viewer's preferences (theme): kept by :undo, not saved
 *   io     where output goes: set by whoever runs the app (batch, TUI) */
#ifndef ATTNVIZ_APP_H
#define ATTNVIZ_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "attnviz/command.h"
#include "attnviz/heatexport.h"
#include "attnviz/limits.h"
#include "attnviz/model.h"
#include "attnviz/shown.h"
#include "attnviz/vectors.h"

struct vocab;
struct app_pass;
struct job;
struct vecstore;
struct vectable;
struct replay;

enum app_flag {
    APP_REDRAW = 1u << 0,  /* something on screen changed */
    APP_MODEL  = 1u << 1,  /* the model is stale: app_sync will recompute */
    APP_QUIT   = 1u << 2,  /* :quit */
    APP_ERROR  = 1u << 3,  /* the command failed; text holds why; nothing changed */
    APP_SAID   = 1u << 4,  /* text holds what the command has to say */
    APP_IO     = 1u << 5,  /* with APP_ERROR: the output (a :save, an :export, a
                              :print, :themes, :tours, :help) could not be
                              written, not a bad line; a :load passes it on */
    APP_NOINPUT = 1u << 6, /* with APP_ERROR: the file an :open or a :vectors
                              reads cannot be opened, is no regular file or
                              holds binary data (the command line's 66) */
};

/* Room for one message: a quoted argument is cut short by the parser, a
 * file name may be as long as a path gets. */
#define APP_TEXT_MAX 8192

/* What a command did, as data: the caller reacts to flags and kind and
 * shows text; it never reads the command's line again. */
struct app_result {
    unsigned flags;            /* enum app_flag */
    enum command_kind kind;    /* the command that ran; CMD_EMPTY when none did */
    /* :replay typed where scripts are stepped (app_io.steps_replays): the
     * script to step through, for the caller to replay_free. */
    struct replay *replay;
    char text[APP_TEXT_MAX];   /* the error (APP_ERROR) or the message (APP_SAID) */
};

/* Where messages that are not the direct answer to a command go: the text of
 * a :note in batch mode, errors of lines inside a :load'ed file. */
typedef void (*app_diag_fn)(void *ctx, const char *msg);

/* The tokens of one sentence. */
struct app_tokens {
    size_t n;
    char **text;               /* [n] NUL-terminated */
    unsigned *ids;             /* [n] vocabulary ids, from 1 */
};

/* What :save writes and :undo rebuilds. */
struct app_session {
    struct model_config cfg;
    char *sentence;            /* as typed; "" at start */
    struct app_tokens toks;
    struct vocab *vocab;
    struct vecstore *emb_overrides;   /* :emb */
    struct vecstore *pe_rows;         /* :pe-row */
    struct vectable *vectors;         /* :vectors, or NULL */
    char *vectors_path;               /* its file's absolute path, as logged */
    struct vectors_file vectors_file; /* what it was read from */
    size_t sel_row, sel_col;   /* query row, key column (clamped to n-1) */
    size_t sel_dim;            /* the component in a stage of tokens x dimensions
                                  (below d_model; the view clamps it to its width) */
    int head;                  /* 0 .. heads-1, or HEAD_MEAN */
    char *note;                /* last :note text, or NULL */
    /* canonical lines of the state-changing commands, in order; joined[i]:
     * line i belongs to the change of the line before it (the lines of one
     * :load after its first), so :undo takes them back together */
    char **log;
    bool *joined;
    size_t log_len, log_cap;
};

/* A viewer's preferences. */
struct app_view {
    char theme[AV_MAX_NAME + 1];
    enum heat_range range;     /* what the heatmap's colors span */
    enum view view;            /* attention (its stages) or the PE view */
    enum stage stage;          /* the stage the heatmap shows */
    int zoom;                  /* rows a heatmap cell shows, or ZOOM_FIT */
    enum zoom_mode zoom_mode;
    bool summaries;            /* row entropy and top 3 beside the weights */
    unsigned detail_delay_ms;  /* the cursor's rest before the detail panes follow */
    enum ansi_colors ansi;     /* the escapes of :export ansi (--color, NO_COLOR) */
};

struct app_io {
    FILE *print_out;           /* where :print, :themes, :tours, :help write; NULL: the screen */
    app_diag_fn diag;          /* may be NULL */
    void *diag_ctx;
    bool steps_replays;        /* :replay at the top hands its script back (the TUI) */
};

struct app {
    struct app_session s;
    struct app_view view;
    struct app_io io;
    /* the config the session started from: :save writes it, :undo
     * rebuilds from it, so a session does not depend on the command line */
    struct model_config start_cfg;
    /* the model of the shown tokens, valid from pass `dirty` on stale:
     * the picture the views draw, labelled with `picture` (its tokens) */
    struct model model;
    enum model_pass dirty;
    unsigned long model_gen;   /* counts the times the model was computed */
    struct app_tokens picture;
    /* a pass in the background (app_sync_background) computes `spare`,
     * which is then swapped with `model`; spare_dirty is its first stale
     * pass. pass: what the running pass reads (its own copies), NULL when
     * none runs. */
    struct model spare;
    enum model_pass spare_dirty;
    struct app_pass *pass;
    struct job *job;
    unsigned long changes;     /* counts app_mark()s: a pass started before one is stale */
    /* live preview of a sentence being typed: shown instead of s.toks */
    struct app_tokens preview;
    bool previewing;
    /* the scripts being run (device and inode), outermost first: a :load
     * of one of them would be a cycle and is refused */
    struct { unsigned long long dev, ino; } running[AV_MAX_LOAD_DEPTH + 1];
    unsigned n_running;
    bool loading;              /* a :load runs: one inside it is part of its change */
    unsigned long rebuilds;    /* counts app_rebuild()s */
    bool rebuilding;           /* replaying the log: notes are not said again */
    /* the session a rebuild replaces, while it runs: a :vectors of the
     * file it had loaded shares its table instead of reading it again */
    const struct app_session *replaced;
    /* the vectors file read last, kept (one reference) until another is
     * read, so that a replay's step back, a :redo or an :undo of :vectors
     * off shares it while the file is unchanged */
    struct { struct vectable *table; char *path; struct vectors_file file; } last_vectors;
    /* undo never goes below this entry of the log (what the program
     * started with, such as the demo sentence, is not a step) */
    size_t history_start;
    /* lines :undo took back, the last one on top; a new change clears it */
    char **redo;
    size_t redo_len, redo_cap;
    /* changes of the session other than cursor moves, counted: the
     * autosave is due when the count moved */
    unsigned long edits;
    /* the log's changes (its lines but the cursor moves) when it was last
     * saved or started, as their count and a 64-bit FNV-1a digest:
     * "unsaved" is a log whose changes differ, so undoing back to them is
     * saved again (a digest, not a copy: a tour's step marks it) */
    uint64_t saved_digest;
    size_t saved_count;
};

/* Initialises with cfg (checked) and an empty sentence. 0, or -1 + err. */
int app_init(struct app *a, const struct model_config *cfg, char *err, size_t errlen);
void app_free(struct app *a);

/* Sets where output goes (batch mode, the TUI). */
void app_set_io(struct app *a, const struct app_io *io);

/* Sets the escapes :export ansi writes (the command line decides:
 * heatexport_colors). */
void app_set_ansi_colors(struct app *a, enum ansi_colors c);

/* Writes what :export KIND writes to f (--dump); a's model is synced first.
 * 0, or -1 when writing failed (errno set). */
int app_export_write(struct app *a, FILE *f, enum export_kind kind);

/* The tokens the model is about: the preview's while one runs. */
static inline const struct app_tokens *app_shown(const struct app *a)
{
    return a->previewing ? &a->preview : &a->s.toks;
}

/* The tokens of the model, the picture the views draw and label: while a
 * background pass runs (app_sync_background) it may be behind app_shown. */
static inline const struct app_tokens *app_picture(const struct app *a)
{
    return &a->picture;
}

/* Applies one parsed command; *r (filled anew) says what happened. On APP_ERROR r->text
 * holds one line (without a source:line prefix) and nothing changed. */
void app_apply(struct app *a, const struct command *c, struct app_result *r);

/* Parses and applies one line; errors are prefixed "SOURCE:LINE: " (or
 * "SOURCE: " when lineno is 0; none when source is NULL), e.g.
 *   demo.attn:7: :dim expects an integer from 1 to 4096, got "x"
 * A relative file name in the line resolves against SOURCE's folder when
 * lineno is not 0 (a script naming its neighbours). */
void app_run_line(struct app *a, const char *line, size_t len,
                  const char *source, unsigned lineno, struct app_result *r);

/* The file a :load, :replay or --replay argument names: a tour's file
 * for a tour name (tour.h), else file itself, relative to base's folder
 * when base (the naming script) is not NULL and file is not absolute. The
 * caller frees; NULL with a message in err when no tour has the name. */
char *app_script_path(const char *file, const char *base, char *err, size_t errlen);

/* Runs every line of the file at path (or of stream, under that name)
 * through app_run_line; each bad line is reported through the diag hook
 * and the run goes on (batch mode). Returns the number of bad lines, or -1
 * when the file cannot be read or holds binary data (message in err).
 * *io_failed, when not NULL, is set when a line failed with APP_IO. */
int app_run_file(struct app *a, const char *path, FILE *stream, bool *io_failed, char *err,
                 size_t errlen);

/* What the session holds now is where its history starts: :undo goes back
 * no further; with saved, it counts as saved too (else a session that was
 * unsaved stays so: a tour's steps are no one's work, but the viewer's
 * changes before the tour are theirs). */
void app_start_history(struct app *a, bool saved);

/* Whether the session has changes (other than cursor moves) that no :save
 * has written. */
bool app_unsaved(const struct app *a);

/* Brings the model up to date with the state: the forward pass from the
 * first stale pass, or nothing (a pass running in the background is
 * stopped first). Returns APP_MODEL when it recomputed. */
unsigned app_sync(struct app *a);

/* app_sync for the terminal UI, which must never freeze: a pass that would
 * take longer than a frame runs in a thread of its own, into a second
 * model, while the views keep drawing the last picture (a->model and
 * a->picture); a later call that finds it done swaps it in. A change made
 * meanwhile stops it (its result would be stale) and a new one starts.
 * Returns APP_MODEL when the picture changed. */
unsigned app_sync_background(struct app *a);

/* Whether a background pass is running, and how far it is (0 to 1). */
bool app_computing(const struct app *a, double *progress);

/* The cursor's row and column and the head, within the picture (while a
 * background pass runs, the state may be ahead of it). */
size_t app_cursor_row(const struct app *a);
size_t app_cursor_col(const struct app *a);
/* The cursor's component in a pane of dims columns (dims > 0). */
size_t app_cursor_dim(const struct app *a, size_t dims);
int app_picture_head(const struct app *a);

/* Rebuilds the session from scratch: a fresh one from a->start_cfg into
 * which the n lines are run in order (the way :undo works: replay is
 * deterministic). The view and io are kept. lines may be a->s.log itself.
 * On a failing line r says why and a is as it was. */
void app_rebuild(struct app *a, char *const *lines, const bool *joined, size_t n,
                 struct app_result *r);

/* Live preview while a sentence is being typed at the prompt: the model
 * follows `sentence` without logging it or adding its words to the
 * vocabulary (new words get provisional ids after the vocabulary's last).
 * app_preview_end goes back to the committed sentence, and so does a
 * preview of a line that is not a sentence (a command, a comment, blanks).
 * A bad preview (e.g. invalid UTF-8 half-typed) keeps the previous picture
 * and says why. */
void app_preview(struct app *a, const char *sentence, struct app_result *r);
/* APP_MODEL | APP_REDRAW when a preview ended, else 0. */
unsigned app_preview_end(struct app *a);

/* How many of the shown tokens have a vector in the loaded word vectors
 * (0 when none are loaded). */
size_t app_vectors_found(const struct app *a);
/* The loaded vectors' short name: their file's name without its folder and
 * last extension ("" when none are loaded). */
void app_vectors_name(const struct app *a, char *buf, size_t cap);

/* Weight shown for the cell (row i, col j) of the current head selection:
 * the head's weight, or the mean over heads for HEAD_MEAN. */
float app_cell_weight(const struct app *a, size_t i, size_t j);

#endif
