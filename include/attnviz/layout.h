/* layout.h - where each pane goes for a terminal size.
 *
 * A pure function of the size and of what the panes would like, so the
 * geometry is unit-tested without a terminal:
 *
 *   +------------------------------+
 *   | status (1-3 lines)           |
 *   +-------------------+----------+
 *   | heatmap           | vectors  |   the heatmap takes the width it can
 *   |                   |          |   fill (at most 60% of a wide screen),
 *   +-------------------+----------+   the vectors the rest, a blank between
 *   | explain (6-10 lines)         |   the explain pane takes what the
 *   +------------------------------+   heatmap does not need, full width
 *   | message                      |   for its long formulas
 *   | prompt                       |
 *   +------------------------------+
 *
 * Below LAYOUT_MIN_COLS x LAYOUT_MIN_LINES the screen only says "terminal
 * too small". */
#ifndef ATTNVIZ_LAYOUT_H
#define ATTNVIZ_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS   60
#define LAYOUT_MIN_LINES  16

struct rect { int y, x, h, w; };

struct layout_req {
    int cols, lines;     /* terminal size */
    int status_h;        /* lines the status bar needs at this width (1..4) */
    int heat_w, heat_h;  /* size the heatmap would like (all of it visible) */
};

struct layout {
    bool too_small;
    struct rect status, heat, vec, explain, msg, prompt;
};

void layout_compute(const struct layout_req *req, struct layout *out);

/* Whether two layouts place every pane identically. */
bool layout_equal(const struct layout *a, const struct layout *b);

#endif
