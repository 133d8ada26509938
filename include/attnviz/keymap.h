/* keymap.h - what a key means: a session-language command line or a UI action.
 *
 * Keys never change the app: a state-changing key becomes a command line
 * (e.g. '+' with d_model 8 -> ":dim 9") that the caller runs through
 * app_run_line, so every key can be saved and replayed. The rest are UI
 * actions that only move focus or a view. One binding table drives both the
 * translation and the help screen, so help never drifts from behavior.
 * Pure: no curses calls (only its KEY_ constants), no app state. */
#ifndef ATTNVIZ_KEYMAP_H
#define ATTNVIZ_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/posenc.h"

enum focus { FOCUS_HEATMAP = 0, FOCUS_VECTORS, FOCUS_PROMPT, FOCUS_COUNT };

enum keymap_action {
    KEYMAP_NONE = 0,     /* the key means nothing here */
    KEYMAP_COMMAND,      /* run line through app_run_line */
    KEYMAP_SAY,          /* show line as a message: the key cannot act here */
    KEYMAP_FOCUS_NEXT,   /* Tab */
    KEYMAP_FOCUS_PREV,   /* Shift-Tab */
    KEYMAP_PROMPT,       /* focus the prompt with line already typed */
    KEYMAP_REDRAW,
    KEYMAP_EDIT,         /* edit the focused embedding component */
    KEYMAP_VEC_MOVE,     /* vector panel: focused component += delta (caller clamps) */
    KEYMAP_VEC_COLUMN,   /* vector panel: scroll the vector columns by delta */
};

/* What a key's meaning depends on, copied from the app and the views. */
struct keymap_state {
    enum focus focus;
    size_t n;                 /* tokens */
    size_t row, col;          /* the cursor cell */
    size_t page;              /* heatmap rows (or vector components) on screen */
    size_t step;              /* matrix rows (and columns) a heatmap cell shows: its zoom */
    size_t dims;              /* the heatmap's columns when they are dimensions, else 0 */
    size_t dim;               /* the cursor's dimension among them */
    bool keys_down;           /* its rows are the keys (×v), so up/down move the key */
    int zoom;                 /* :zoom as set: a number, or ZOOM_FIT */
    size_t stage, view;       /* enum stage and enum view */
    size_t d_model, heads;
    int head;                 /* 0 .. heads-1 or HEAD_MEAN */
    enum pe_kind pe;
    bool causal, scale;
    const char *theme;        /* current theme name */
    const char *const *themes;/* the names 't' cycles through */
    size_t n_themes;
};

#define KEYMAP_LINE_MAX 96

struct keymap_result {
    enum keymap_action action;
    int delta;                     /* KEYMAP_VEC_MOVE / _VEC_COLUMN */
    char line[KEYMAP_LINE_MAX];    /* KEYMAP_COMMAND, KEYMAP_PROMPT */
};

/* Translates one curses key code (a byte, or KEY_UP and friends). */
void keymap_translate(const struct keymap_state *s, int key, struct keymap_result *out);

/* ":select ROW COL" for a cell given as signed numbers, clamped to the
 * matrix: the line for a mouse click or a cursor move. KEYMAP_NONE when
 * there are no tokens. */
void keymap_select(const struct keymap_state *s, long row, long col, struct keymap_result *out);

/* The same for the cursor's component in a stage of dimensions: ":select
 * ROW COL DIM" with the cell kept and dim clamped to s->dims. Nothing when
 * the columns are not dimensions. */
void keymap_dim(const struct keymap_state *s, long dim, struct keymap_result *o);

/* The ":emb TOKEN v0 .. v(d-1)" line that sets component comp of token's
 * embedding vec[0..d) to value (values as %.9g, so they round-trip). Returns
 * the length it needs, writing at most cap bytes, like snprintf. */
int keymap_emb_line(const char *token, const float *vec, size_t d, size_t comp,
                    double value, char *buf, size_t cap);

/* The help screen's rows, in table order: keys as shown ("h ←") and what
 * they do. keymap_help_at returns false past the last row. */
struct keymap_help {
    const char *keys;
    const char *what;
};
bool keymap_help_at(size_t i, struct keymap_help *out);

#endif
