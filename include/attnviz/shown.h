/* shown.h - the matrices the heatmap shows, as data: a stage of the
 * computation or a view, for the current head.
 *
 *   tokens → e → +pe → x → q k v → q·kᵀ → ÷√d_k → mask → softmax → ×v → out
 *
 * Each stage is one to three panes of rows × columns side by side (+pe is
 * e, pe and their sum; q k v the head's three), read a row at a time: the
 * model keeps no scores, so a row of them is recomputed when it is drawn.
 * The PE view is PE (positions × dimensions) beside PE·PEᵀ (positions ×
 * positions). Pure: no curses. The heatmap draws it, the explain pane
 * explains a cell of it, the exports write it. */
#ifndef ATTNVIZ_SHOWN_H
#define ATTNVIZ_SHOWN_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct model;
struct vecstore;
struct vectable;

enum stage {
    STAGE_E = 0, STAGE_PE, STAGE_X, STAGE_QKV, STAGE_SCORES, STAGE_SCALED,
    STAGE_MASKED, STAGE_WEIGHTS, STAGE_XV, STAGE_OUT, STAGE_COUNT
};

/* The session-language words of the stages ("e", "pe", ...), in enum
 * order, NULL-terminated; and how the flow strip writes them ("+pe"). */
extern const char *const stage_names[STAGE_COUNT + 1];
extern const char *const stage_flow_labels[STAGE_COUNT];

enum view { VIEW_ATTENTION = 0, VIEW_PE, VIEW_COUNT };
extern const char *const view_names[VIEW_COUNT + 1];

/* What a pane holds. */
enum shown_data {
    SHOWN_EMB, SHOWN_PE, SHOWN_X, SHOWN_Q, SHOWN_K, SHOWN_V, SHOWN_OUT,
    SHOWN_RAW,      /* q·kᵀ before the scaling */
    SHOWN_SCALED,   /* ÷√d_k (the model's scores) */
    SHOWN_MASKED,   /* the scores the softmax takes: masked keys −∞ */
    SHOWN_WEIGHTS,
    SHOWN_XV,       /* the selected query's w_ij·v_j: keys × d_k, then the output */
    SHOWN_PEPE,     /* PE·PEᵀ */
};

/* The data kinds by name, in enum order ("emb", "pe", …, "pe_pe"): what
 * the JSON calls a pane. */
extern const char *const shown_data_names[];

struct shown_pane {
    enum shown_data data;
    const char *title;
    size_t rows, cols;
    bool cols_are_tokens;   /* else dimensions col_first .. */
    size_t col_first;
    bool signed_values;     /* diverging colors around 0 */
    bool out_row;           /* the last row is the output (×v): labelled "out" */
};

enum { SHOWN_MAX_PANES = 3 };

struct shown {
    const struct model *m;
    enum stage stage;
    enum view view;
    int head;               /* 0.., or -1 for the mean of the heads */
    size_t query;           /* ×v: the query whose output is taken apart */
    /* the cursor's cell: row and column within the picture, and dim, its
     * column in a first pane of dimensions (0 in a pane of tokens) */
    size_t cursor_row, cursor_col, cursor_dim;
    size_t n_panes;
    struct shown_pane pane[SHOWN_MAX_PANES];
    float *scratch;         /* [n] for the mean of heads */
    /* where the embeddings came from, for the explain pane */
    const struct vecstore *emb_overrides;
    const struct vectable *vectors;
    const char *vectors_path;
};

/* The panes of what a shows now (its view, stage, head and cursor). */
void shown_build(struct shown *s, const struct app *a);
void shown_free(struct shown *s);

/* Row i of pane p: its cols values in out. A masked key of the masked
 * stage is -INFINITY. */
void shown_row(const struct shown *s, size_t p, size_t i, float *out);

/* Whether cell (i, j) of pane p is hidden by the causal mask (drawn as
 * masked, not by its value). */
bool shown_masked(const struct shown *s, size_t p, size_t i, size_t j);

/* The largest |value| of rows [first, first + count) of pane p (finite
 * values only): what a signed pane's colors span, from -it to it. */
double shown_extent(const struct shown *s, size_t p, size_t first, size_t count);

/* A zoomed-out block's summary, folded one value at a time: the largest
 * (for signed panes the largest magnitude, sign kept) or the mean. The
 * heatmap folds a screen row of blocks at once, the explain pane one. */
struct shown_fold {
    double acc;
    size_t count;
    bool mean, signed_values;
};
void shown_fold_start(struct shown_fold *f, bool mean, bool signed_values);
void shown_fold_add(struct shown_fold *f, double v);
double shown_fold_value(const struct shown_fold *f);   /* NAN when nothing was added */

/* The summary of rows [r0, r1) × columns [c0, c1) of pane p, masked and
 * non-finite cells left out. */
double shown_block(const struct shown *s, size_t p, size_t r0, size_t r1, size_t c0, size_t c1,
                   bool mean);

/* The summaries of count z × z blocks side by side: rows [r0, r0 + z) and
 * columns [c0 + k·z, c0 + (k + 1)·z) of pane p into out[k] (NAN for a
 * block of masked cells only), reading each row once. At z = 1 a cell's
 * own value, NAN where masked. */
void shown_block_row(const struct shown *s, size_t p, size_t r0, size_t z, size_t c0,
                     size_t count, bool mean, float *out);

/* What the rows and a pane's columns are, for the captions at the axes. */
enum shown_axis { AXIS_QUERY, AXIS_KEY, AXIS_TOKEN, AXIS_POS, AXIS_DIM, AXIS_COUNT };
extern const char *const shown_axis_names[AXIS_COUNT];    /* "query", "key", ... */
extern const char *const shown_axis_plural[AXIS_COUNT];   /* "queries", "keys", ... */
enum shown_axis shown_row_axis(const struct shown *s);
enum shown_axis shown_col_axis(const struct shown *s, size_t p);

/* The label of row r: its token (of the n tokens), or "= out" for ×v's
 * output row. */
const char *shown_row_label(const struct shown *s, const char *const *tokens, size_t n,
                            size_t r);

#endif
