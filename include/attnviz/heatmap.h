/* heatmap.h - the attention matrix view: rows are queries, columns keys.
 *
 *   head 0   key →                          0 ▕██████████▏ 1
 *   query ↓  The cat sat on  the ...
 *   The      .52 .03 .11 ...
 *   cat      ...
 *
 * Each cell is colored by its weight (palette.h) and shows the value when
 * it is wide enough; masked cells show "·"; the cursor cell is reversed and
 * its row and column labels highlighted. Only the visible cells are drawn,
 * so 8192 tokens cost what a screenful costs. Rows are two lines tall when
 * the pane has room for that. The view scrolls to follow the cursor, and
 * the mouse wheel scrolls it freely. */
#ifndef ATTNVIZ_HEATMAP_H
#define ATTNVIZ_HEATMAP_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

struct app;

struct heatmap {
    size_t row_off, col_off;       /* first row and column on screen */
    size_t cur_row, cur_col;       /* the cursor the offsets last followed */
    /* geometry of the last draw: for clicks and page size */
    int label_w, cell_w, cell_h, rows_vis, cols_vis;
    /* the weight the top color stands for in the last draw (:range) */
    double top;
    bool scaled;           /* top is not 1 */
    double row_top;        /* the same for the row being drawn */
};

void heatmap_init(struct heatmap *h);

/* The size that would show the whole matrix with comfortable cells, and
 * the width it actually uses within avail columns (whole cells only). */
int heatmap_want_width(const struct app *a);
int heatmap_want_height(const struct app *a);
int heatmap_fit_width(const struct app *a, int avail);

void heatmap_draw(struct heatmap *h, WINDOW *w, const struct app *a, bool focused);

/* Scrolls the rows by delta (the mouse wheel); the cursor stays. */
void heatmap_scroll(struct heatmap *h, const struct app *a, int delta);

/* The cell under window position (y, x): true and the cell, where a click on
 * a row label keeps the cursor's column and one on a column label its row. */
bool heatmap_hit(const struct heatmap *h, const struct app *a, int y, int x,
                 size_t *row, size_t *col);

#endif
