/* layout.c - pane rectangles for a terminal size (see layout.h). */
#include "attnviz/layout.h"

#include <string.h>

/* Smallest useful panes. The explain pane needs its title, the sentence and
 * the dot product, score and softmax lines; the vector panel one column of
 * numbers with bars; the heatmap its captions and a few rows. */
enum {
    EXPLAIN_MIN_H = 6,
    EXPLAIN_MAX_H = 10,
    HEAT_MIN_H = 5,
    HEAT_MIN_W = 30,
    VEC_MIN_W = 18,
    WIDE_COLS = 120,
    GAP = 1,
};

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static struct rect rect(int y, int x, int h, int w)
{
    return (struct rect){ y, x, h, w };
}

void layout_compute(const struct layout_req *req, struct layout *out)
{
    memset(out, 0, sizeof *out);
    int cols = req->cols, lines = req->lines;
    if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
        out->too_small = true;
        return;
    }
    int sh = clamp(req->status_h, 1, 4);
    out->status = rect(0, 0, sh, cols);
    out->msg = rect(lines - 2, 0, 1, cols);
    out->prompt = rect(lines - 1, 0, 1, cols);
    int top = sh, body = lines - sh - 2;

    /* The explain pane takes what the heatmap leaves, within its bounds;
     * the heatmap keeps at least HEAT_MIN_H lines. */
    int eh = clamp(body - req->heat_h, EXPLAIN_MIN_H, EXPLAIN_MAX_H);
    if (body - eh < HEAT_MIN_H)
        eh = body - HEAT_MIN_H;
    int th = body - eh;
    /* The heatmap comes first on ordinary screens; on wide ones the vectors
     * keep 40%, room for all seven with their bars. */
    int vec_keep = cols >= WIDE_COLS ? cols * 4 / 10 : VEC_MIN_W;
    int hw = clamp(req->heat_w, HEAT_MIN_W, cols - vec_keep - GAP);
    out->heat = rect(top, 0, th, hw);
    out->vec = rect(top, hw + GAP, th, cols - hw - GAP);
    out->explain = rect(top + th, 0, eh, cols);
}

static bool rect_equal(struct rect a, struct rect b)
{
    return a.y == b.y && a.x == b.x && a.h == b.h && a.w == b.w;
}

bool layout_equal(const struct layout *a, const struct layout *b)
{
    return a->too_small == b->too_small && rect_equal(a->status, b->status)
        && rect_equal(a->heat, b->heat) && rect_equal(a->vec, b->vec)
        && rect_equal(a->explain, b->explain) && rect_equal(a->msg, b->msg)
        && rect_equal(a->prompt, b->prompt);
}
