/* explainpane.c - the explain pane (see explainpane.h). */
#include "attnviz/explainpane.h"

#include "attnviz/app.h"
#include "attnviz/explain.h"
#include "attnviz/heatmap.h"
#include "attnviz/palette.h"
#include "attnviz/shown.h"
#include "attnviz/textw.h"

static void put_line(WINDOW *w, int y, int x, int width, const char *text)
{
    char buf[EXPLAIN_LINE_BYTES];
    textw_fit(text, width, buf, sizeof buf);
    mvwaddstr(w, y, x, buf);
}

static enum role role_of(enum explain_kind k)
{
    switch (k) {
    case EXPLAIN_TITLE:    return ROLE_TITLE;
    case EXPLAIN_SENTENCE: return ROLE_EMPHASIS;
    case EXPLAIN_MASKED:   return ROLE_EMPHASIS;
    case EXPLAIN_MATH:     return ROLE_TEXT;
    case EXPLAIN_VECTOR:   return ROLE_AXIS;
    }
    return ROLE_TEXT;
}

void explainpane_draw(WINDOW *w, const struct app *a, const struct heatmap *h)
{
    int width = getmaxx(w), height = getmaxy(w);
    palette_use(w, ROLE_TITLE);
    mvwprintw(w, 0, 0, "%*s", width, "");
    if (a->model.n == 0 || app_picture(a)->n < a->model.n) {
        put_line(w, 0, 1, width - 1, "explain");
        palette_use(w, ROLE_TEXT);
        wmove(w, 1, 0);
        wclrtobot(w);
        return;
    }
    static struct explain ex;   /* 8 KiB: kept off the stack */
    struct shown s;
    shown_build(&s, a);
    bool xv = s.n_panes && s.pane[0].data == SHOWN_XV;
    struct explain_at at = { .row = xv ? s.cursor_col : s.cursor_row, .col = s.cursor_col,
                             .dim = s.cursor_dim, .block_mean = a->view.zoom_mode == ZOOM_MEAN };
    at.block = heatmap_cursor_block(h, a, &at.r0, &at.r1, &at.c0, &at.c1);
    if (at.block)
        at.block_value = shown_block(&s, 0, at.r0, at.r1, at.c0, at.c1, at.block_mean);
    explain_stage(&ex, &s, (const char *const *)app_picture(a)->text, &at, width - 2);
    shown_free(&s);
    int y = 0;
    for (size_t k = 0; k < ex.count && y < height; k++, y++) {
        enum role r = role_of(ex.line[k].kind);
        if (r != ROLE_TITLE) {
            /* The whole row, column 0 included: a replay's narration box
             * may have been drawn over it. */
            palette_use(w, ROLE_TEXT);
            wmove(w, y, 0);
            wclrtoeol(w);
        }
        palette_use(w, r);
        put_line(w, y, 1, width - 2, ex.line[k].text);
    }
    palette_use(w, ROLE_TEXT);
    if (y < height) {
        wmove(w, y, 0);
        wclrtobot(w);
    }
}
