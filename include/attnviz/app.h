/* app.h - all of attnviz's state and the one function that changes it.
 *
 *   struct command --app_apply--> state change + model recompute -> flags
 *
 * The TUI, batch mode and session files all call app_apply (or
 * app_run_line); nothing else writes to a struct app. A command that fails
 * changes nothing: the model is computed into a scratch model and swapped in
 * only on success. */
#ifndef ATTNVIZ_APP_H
#define ATTNVIZ_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "attnviz/command.h"
#include "attnviz/limits.h"
#include "attnviz/model.h"

struct vocab;
struct vecstore;

enum app_flag {
    APP_REDRAW    = 1u << 0,  /* something visible changed */
    APP_RECOMPUTE = 1u << 1,  /* the model was recomputed */
    APP_QUIT      = 1u << 2,  /* :quit */
    APP_ERROR     = 1u << 3,  /* the command failed; err holds the message */
};

/* Where messages that are not the direct answer to a command go: the text of
 * a :note in batch mode, errors of lines inside a :load'ed file. */
typedef void (*app_diag_fn)(void *ctx, const char *msg);

struct app {
    /* settings */
    struct model_config cfg;
    /* the sentence and its tokens */
    char *sentence;            /* as typed; "" at start */
    size_t n_tokens;
    char **tokens;             /* [n_tokens] NUL-terminated */
    unsigned *ids;             /* [n_tokens] vocabulary ids, from 1 */
    struct vocab *vocab;
    /* user-set vectors */
    struct vecstore *emb_overrides;
    struct vecstore *pe_rows;
    /* the computed model for (cfg, tokens); scratch is for rollback */
    struct model model;
    struct model scratch;
    /* screen state, stored here so sessions can carry it */
    size_t sel_row, sel_col;   /* query row, key column (clamped to n-1) */
    int head;                  /* 0 .. heads-1, or HEAD_MEAN */
    char theme[64];
    char *note;                /* last :note text, or NULL */
    /* the session: canonical lines of the state-changing commands, in order */
    char **log;
    size_t log_len, log_cap;
    /* I/O */
    FILE *print_out;           /* where :print writes; NULL: :print is an error */
    app_diag_fn diag;          /* may be NULL */
    void *diag_ctx;
    unsigned load_depth;       /* nesting of :load */
    /* The files being run (device and inode), outermost first: a :load of
     * one of them would be a cycle and is refused. */
    struct { unsigned long long dev, ino; } running[AV_MAX_LOAD_DEPTH + 1];
    unsigned n_running;
    bool previewing;           /* the model shows app_preview's sentence */
    /* the config app_init got: :undo replays the log from it and :save
     * writes it, so a session does not depend on the command line */
    struct model_config start_cfg;
};

/* The product defaults (README.md "Defaults"). */
void app_default_config(struct model_config *cfg);

/* Initialises with cfg (checked) and an empty sentence. 0, or -1 + err. */
int app_init(struct app *a, const struct model_config *cfg, char *err, size_t errlen);
void app_free(struct app *a);

/* Applies one parsed command. Returns a mask of enum app_flag; on APP_ERROR
 * err holds one line (without source:line prefix) and nothing changed. */
unsigned app_apply(struct app *a, const struct command *c, char *err, size_t errlen);

/* Parses and applies one line; errors are prefixed "SOURCE:LINE: " (or
 * "SOURCE: " when lineno is 0), e.g.
 *   demo.attn:7: :dim expects an integer from 1 to 4096, got "x" */
unsigned app_run_line(struct app *a, const char *line, size_t len,
                      const char *source, unsigned lineno,
                      char *err, size_t errlen);

/* Runs every line of the file at path through app_run_line; each bad line is
 * reported through a->diag and skipped. Returns the number of bad lines, or -1
 * when the file cannot be read (message in err). Used by :load and --batch. */
int app_run_file(struct app *a, const char *path, FILE *f, char *err, size_t errlen);

/* Rebuilds a from scratch: a fresh state from a->start_cfg into which the
 * n lines are run in order (the way :undo works: replay is deterministic).
 * What is not part of the session (print_out, diag, theme) is kept. Returns
 * APP_REDRAW | APP_RECOMPUTE, or APP_ERROR with err when a line fails, and
 * then a is as it was. lines may be a->log itself. */
unsigned app_rebuild(struct app *a, char *const *lines, size_t n, char *err, size_t errlen);

/* Live preview while a sentence is being typed at the prompt: recomputes the
 * model for `sentence` without logging it or adding its words to the
 * vocabulary (new words get provisional ids after the vocabulary's last).
 * app_preview_end goes back to the committed sentence. A bad preview (e.g.
 * invalid UTF-8 half-typed) leaves the previous picture and returns
 * APP_ERROR. */
unsigned app_preview(struct app *a, const char *sentence, char *err, size_t errlen);
unsigned app_preview_end(struct app *a);

/* Weight shown for the cell (row i, col j) of the current head selection:
 * the head's weight, or the mean over heads for HEAD_MEAN. */
float app_cell_weight(const struct app *a, size_t i, size_t j);

#endif
