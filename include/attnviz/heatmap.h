/* heatmap.h - the matrix view: what shown.h says the current stage or view
 * is, one to three panes side by side.
 *
 *   head 0 · weights  rows 1–12 of 12              0 ▕██████████▏ 1
 *   query ↓  The cat sat on  the ...                  H    top 3
 *   The      .52 .03 .11 ...                       1.92b  The .52 sat .11 …
 *   cat      ...
 *
 * At zoom 1 each cell is one matrix cell, colored by its value (weights on
 * the theme's map; signed stages on a diverging map around 0), with the
 * value printed when the cell is wide enough; masked cells show "·" (−∞ in
 * the masked-scores stage); the cursor cell is reversed and its labels
 * highlighted. Zoomed out (:zoom N, z / Z, :zoom fit), a character cell
 * summarizes an N × N block by its max or mean (:zoom-mode), and where the
 * terminal has colors shows two blocks, one above the other ("▀"). Beside
 * the weights, each visible row's entropy and top 3 keys (:summaries), when
 * there is room. Only the visible cells are read; a zoomed-out picture is
 * kept while nothing it shows changed, so moving the cursor reads nothing. */
#ifndef ATTNVIZ_HEATMAP_H
#define ATTNVIZ_HEATMAP_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "attnviz/heatcell.h"

struct app;

enum { HEATMAP_MAX_PANES = 3 };

struct heatmap {
    size_t row_off;                /* first matrix row on screen */
    size_t col_off, dim_off;       /* first token column, first dimension on screen */
    size_t dim;                    /* the cursor's column in dimension panes: the
                                      app's component (:select's DIM), clamped */
    size_t cur_row, cur_col, cur_dim;   /* the cursor the offsets last followed */
    /* geometry of the last draw: for clicks, keys and the explain pane */
    int label_w, cell_w, cell_h, rows_vis;
    size_t zoom;                   /* matrix rows (and columns) a cell summarizes */
    bool half;                     /* two blocks a character cell */
    size_t n_panes;
    int pane_x[HEATMAP_MAX_PANES], pane_cols[HEATMAP_MAX_PANES];
    bool pane_tokens[HEATMAP_MAX_PANES];
    size_t rows;                   /* matrix rows */
    size_t dims;                   /* the first pane's columns when they are
                                      dimensions, else 0 */
    const char *empty_hint;        /* what an empty heatmap says (NULL: type one) */
    /* the color spans of the last draw: each pane's, and under :range row
     * the row being drawn's */
    struct heat_span span[HEATMAP_MAX_PANES];
    struct heat_span row_span;
    /* a zoomed-out picture: block values, kept while key says nothing changed */
    float *grid;
    size_t grid_cap;
    unsigned long grid_key[12];
};

void heatmap_init(struct heatmap *h);
void heatmap_free(struct heatmap *h);

/* The size that would show the whole matrix with comfortable cells, and
 * the width it actually uses within avail columns (whole cells only). */
int heatmap_want_width(const struct app *a);
int heatmap_want_height(const struct app *a);
int heatmap_fit_width(const struct app *a, int avail);

void heatmap_draw(struct heatmap *h, WINDOW *w, const struct app *a, bool focused);

/* Scrolls the rows by delta screen rows (the mouse wheel); the cursor stays. */
void heatmap_scroll(struct heatmap *h, int delta);

/* The cell under window position (y, x): true with the matrix row, and the
 * column (a token when *tokens, else a dimension); a click on a row label
 * keeps the cursor's column, one on a column label its row. */
bool heatmap_hit(const struct heatmap *h, const struct app *a, int y, int x,
                 size_t *row, size_t *col, bool *tokens);

/* The block the cursor is in when zoomed out: rows [r0, r1) and columns
 * [c0, c1) of the first pane (tokens or dimensions); false at zoom 1. */
bool heatmap_cursor_block(const struct heatmap *h, const struct app *a, size_t *r0,
                          size_t *r1, size_t *c0, size_t *c1);

#endif
