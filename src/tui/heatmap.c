/* heatmap.c - the attention matrix view (see heatmap.h). */
#include "attnviz/heatmap.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/palette.h"
#include "attnviz/textw.h"

enum {
    TOP = 2,             /* title line and column-label line */
    LABEL_MIN = 8, LABEL_MAX = 14,
    CELL_MIN = 2, CELL_MAX = 6, CELL_WANT = 5,
    VALUE_W = 3,         /* ".36" */
    LEGEND_W = 16,
};

void heatmap_init(struct heatmap *h)
{
    memset(h, 0, sizeof *h);
    h->cur_row = h->cur_col = SIZE_MAX;   /* follow the cursor on first draw */
}

/* The tokens on screen: during a preview the app already holds the preview's
 * tokens and model; the min guards a model that failed to follow. */
static size_t count(const struct app *a)
{
    return app_shown(a)->n < a->model.n ? app_shown(a)->n : a->model.n;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int label_width(const struct app *a)
{
    int widest = 0;
    for (size_t i = 0, n = count(a); i < n && widest < LABEL_MAX; i++) {
        int w = textw_width(app_shown(a)->text[i]);
        if (w > widest)
            widest = w;
    }
    return clampi(widest + 1, LABEL_MIN, LABEL_MAX);
}

int heatmap_want_width(const struct app *a)
{
    size_t n = count(a);
    return label_width(a) + (int)(n < 2000 ? n : 2000) * CELL_WANT;
}

int heatmap_want_height(const struct app *a)
{
    size_t n = count(a);
    return TOP + (int)(n < 2000 ? n : 2000);
}

static size_t clamp_off(size_t off, size_t n, int vis)
{
    size_t max = n > (size_t)vis ? n - (size_t)vis : 0;
    return off > max ? max : off;
}

/* Moves off so that cursor lies within [off, off + vis). */
static size_t follow(size_t off, size_t cursor, int vis)
{
    if (vis <= 0)
        return off;
    if (cursor < off)
        return cursor;
    if (cursor >= off + (size_t)vis)
        return cursor - (size_t)vis + 1;
    return off;
}

/* Label width, cell width and whole columns that fit in width. */
static void fit(const struct app *a, int width, int *label_w, int *cell_w, int *cols)
{
    size_t n = count(a);
    *label_w = label_width(a);
    int room = width - *label_w;
    int cw = n ? room / (int)(n < 1000 ? n : 1000) : CELL_MAX;
    *cell_w = clampi(cw, CELL_MIN, CELL_MAX);
    *cols = room > 0 ? room / *cell_w : 0;
    if ((size_t)*cols > n)
        *cols = (int)n;
}

int heatmap_fit_width(const struct app *a, int avail)
{
    int label_w, cell_w, cols;
    fit(a, avail, &label_w, &cell_w, &cols);
    return label_w + cols * cell_w;
}

static void geometry(struct heatmap *h, const struct app *a, int width, int height)
{
    size_t n = count(a);
    int rows_was = h->rows_vis, cols_was = h->cols_vis;
    fit(a, width, &h->label_w, &h->cell_w, &h->cols_vis);
    int lines = height - TOP > 0 ? height - TOP : 0;
    /* Two lines a row when they all fit so: squarer cells on big screens. */
    h->cell_h = n > 0 && (size_t)lines >= 2 * n ? 2 : 1;
    h->rows_vis = lines / h->cell_h;
    if ((size_t)h->rows_vis > n)
        h->rows_vis = (int)n;
    /* The cursor stays in view when it moves and when the pane's size
     * changes (a resize); the wheel alone may scroll it out. */
    if (a->s.sel_row != h->cur_row || a->s.sel_col != h->cur_col
        || h->rows_vis != rows_was || h->cols_vis != cols_was) {
        h->row_off = follow(h->row_off, a->s.sel_row, h->rows_vis);
        h->col_off = follow(h->col_off, a->s.sel_col, h->cols_vis);
        h->cur_row = a->s.sel_row;
        h->cur_col = a->s.sel_col;
    }
    h->row_off = clamp_off(h->row_off, n, h->rows_vis);
    h->col_off = clamp_off(h->col_off, n, h->cols_vis);
}

/* Writes text fitted to exactly width columns (padded with spaces). */
static void put_fit(WINDOW *w, int y, int x, int width, const char *text, bool right)
{
    char buf[256];
    int used = textw_fit(text, width, buf, sizeof buf);
    wmove(w, y, x);
    if (right)
        wprintw(w, "%*s", width - used, "");
    waddstr(w, buf);
    if (!right)
        wprintw(w, "%*s", width - used, "");
}

static void fill(WINDOW *w, int y, int x, int width)
{
    if (width > 0)
        mvwprintw(w, y, x, "%*s", width, "");
}

static void format_weight(char *buf, size_t cap, double v)
{
    if (v >= 0.995)
        snprintf(buf, cap, "1.0");
    else
        snprintf(buf, cap, ".%02d", (int)(v * 100.0 + 0.5));
}

/* The largest weight of row r (the visible keys of a causal row). */
static double row_top(const struct app *a, size_t r)
{
    size_t n = count(a), live = a->s.cfg.causal ? r + 1 : n;
    double top = 0.0;
    for (size_t c = 0; c < live; c++) {
        double v = app_cell_weight(a, r, c);
        top = v > top ? v : top;
    }
    return top;
}

/* What the colors span for this draw (:range): auto is 0 to the largest
 * weight shown when none of them is over a quarter (a long sentence, whose
 * weights are all small, would be one flat color on 0..1), else 0 to 1. */
static void range_top(struct heatmap *h, const struct app *a)
{
    h->top = 1.0;
    h->scaled = false;
    if (a->view.range != RANGE_AUTO)
        return;
    double top = 0.0;
    for (int k = 0; k < h->rows_vis; k++) {
        size_t r = h->row_off + (size_t)k, live = a->s.cfg.causal ? r + 1 : count(a);
        for (int m = 0; m < h->cols_vis && h->col_off + (size_t)m < live; m++) {
            double v = app_cell_weight(a, r, h->col_off + (size_t)m);
            top = v > top ? v : top;
        }
    }
    if (top > 0.0 && top <= 0.25) {
        h->top = top;
        h->scaled = true;
    }
}

/* Where weight v lies on the colors of the row being drawn, 0 .. 1. */
static double heat_t(const struct heatmap *h, double v)
{
    return h->row_top > 0.0 ? v / h->row_top : 0.0;
}

static void draw_legend(const struct heatmap *h, WINDOW *w, const struct app *a, int y,
                        int right_edge, enum role title)
{
    char hi[16];
    if (a->view.range == RANGE_ROW)
        snprintf(hi, sizeof hi, "row max");
    else if (h->scaled)
        format_weight(hi, sizeof hi, h->top);
    else
        snprintf(hi, sizeof hi, "1");
    int lw = right_edge / 4 < LEGEND_W ? right_edge / 4 : LEGEND_W;
    if (lw < 4)
        return;
    int x = right_edge - lw - 3 - (int)strlen(hi);
    palette_use(w, title);
    mvwaddstr(w, y, x, "0 ");
    for (int k = 0; k < lw; k++) {
        char g = palette_heat(w, (double)k / (lw - 1), false);
        waddch(w, (chtype)(unsigned char)(g ? g : ' '));
    }
    palette_use(w, title);
    wprintw(w, " %s", hi);
}

static void draw_title(struct heatmap *h, WINDOW *w, const struct app *a, size_t n, bool focused)
{
    int width = getmaxx(w);
    enum role title = focused ? ROLE_TITLE_FOCUS : ROLE_TITLE;
    palette_use(w, title);
    fill(w, 0, 0, width);
    char head[32];
    if (a->s.head == HEAD_MEAN)
        snprintf(head, sizeof head, "mean");
    else
        snprintf(head, sizeof head, "head %d", a->s.head);
    put_fit(w, 0, 1, h->label_w - 1, head, false);
    char what[96];
    int len = snprintf(what, sizeof what, "key →");
    if ((size_t)h->cols_vis < n)
        len += snprintf(what + len, sizeof what - (size_t)len, " %zu–%zu/%zu", h->col_off + 1,
                        h->col_off + (size_t)h->cols_vis, n);
    if ((size_t)h->rows_vis < n)
        snprintf(what + len, sizeof what - (size_t)len, "  rows %zu–%zu", h->row_off + 1,
                 h->row_off + (size_t)h->rows_vis);
    int legend = width / 4 < LEGEND_W ? width / 4 : LEGEND_W;
    put_fit(w, 0, h->label_w, width - h->label_w - legend - 12, what, false);
    draw_legend(h, w, a, 0, width, title);
}

/* One line of cell (r, c); the value goes on its first line only. */
static void draw_cell(WINDOW *w, const struct app *a, struct heatmap *h, size_t r, size_t c,
                      int y, int x, bool first)
{
    int cw = h->cell_w;
    bool cursor = r == a->s.sel_row && c == a->s.sel_col;
    char text[16];
    if (a->s.cfg.causal && c > r) {
        palette_use(w, ROLE_MASKED);
        if (cursor)
            wattron(w, A_REVERSE);
        if (first)
            snprintf(text, sizeof text, "%*s·%*s", cw > 2 ? cw - 2 : cw - 1, "", cw > 2 ? 1 : 0, "");
        else
            snprintf(text, sizeof text, "%*s", cw, "");
        mvwaddstr(w, y, x, text);
        return;
    }
    double v = app_cell_weight(a, r, c);
    char g = palette_heat(w, heat_t(h, v), cursor);
    /* Where color shows the weight, every cell prints its value. Where the
     * glyph ramp does (mono, 8 colors), a value beside a glyph would read as
     * one token ("..06"), so only the cursor cell prints it. */
    bool value = first && cw >= VALUE_W + 1 && (!g || cursor);
    int k = 0;
    if (value) {
        for (; k < cw - VALUE_W; k++)
            text[k] = ' ';
        format_weight(text + k, sizeof text - (size_t)k, v);
    } else {
        /* Glyph cells keep a blank column so neighbours stay apart. */
        for (; k < cw - (g && cw > 1 ? 1 : 0); k++)
            text[k] = g ? g : ' ';
        for (; k < cw; k++)
            text[k] = ' ';
        text[k] = '\0';
    }
    mvwaddstr(w, y, x, text);
}

void heatmap_draw(struct heatmap *h, WINDOW *w, const struct app *a, bool focused)
{
    int width = getmaxx(w), height = getmaxy(w);
    size_t n = count(a);
    geometry(h, a, width, height);
    range_top(h, a);
    draw_title(h, w, a, n, focused);

    if (n == 0) {
        /* Whatever a sentence left (its labels, its cells) goes first. */
        palette_use(w, ROLE_HINT);
        wmove(w, 1, 0);
        wclrtobot(w);
        put_fit(w, TOP, 1, width - 1, "no sentence yet: press Enter and type one", false);
        return;
    }

    /* Column labels, under "key →". */
    palette_use(w, ROLE_AXIS);
    put_fit(w, 1, 0, h->label_w, "query ↓", false);
    int lab = h->cell_w - 1;     /* a blank column between labels */
    for (int k = 0; k < h->cols_vis; k++) {
        size_t c = h->col_off + (size_t)k;
        int x = h->label_w + k * h->cell_w;
        palette_use(w, ROLE_LABEL);
        fill(w, 1, x, h->cell_w - lab);
        palette_use(w, c == a->s.sel_col ? ROLE_LABEL_CURSOR : ROLE_LABEL);
        if (lab >= 4) {
            put_fit(w, 1, x + h->cell_w - lab, lab, app_shown(a)->text[c], false);
        } else {
            char cut[64];
            int used = textw_cut(app_shown(a)->text[c], lab, cut, sizeof cut);
            mvwaddstr(w, 1, x + h->cell_w - lab, cut);
            wprintw(w, "%*s", lab - used, "");
        }
    }
    palette_use(w, ROLE_LABEL);
    fill(w, 1, h->label_w + h->cols_vis * h->cell_w, width - h->label_w - h->cols_vis * h->cell_w);

    for (int k = 0; k < h->rows_vis; k++) {
        size_t r = h->row_off + (size_t)k;
        h->row_top = a->view.range == RANGE_ROW ? row_top(a, r) : h->top;
        for (int line = 0; line < h->cell_h; line++) {
            int y = TOP + k * h->cell_h + line;
            palette_use(w, r == a->s.sel_row ? ROLE_LABEL_CURSOR : ROLE_LABEL);
            put_fit(w, y, 0, h->label_w - 1, line == 0 ? app_shown(a)->text[r] : "", false);
            palette_use(w, ROLE_LABEL);
            waddch(w, ' ');
            for (int m = 0; m < h->cols_vis; m++)
                draw_cell(w, a, h, r, h->col_off + (size_t)m, y, h->label_w + m * h->cell_w,
                          line == 0);
            palette_use(w, ROLE_LABEL);
            wclrtoeol(w);
        }
    }
    palette_use(w, ROLE_LABEL);
    int below = TOP + h->rows_vis * h->cell_h;
    if (below < height) {
        wmove(w, below, 0);
        wclrtobot(w);
    }
}

void heatmap_scroll(struct heatmap *h, const struct app *a, int delta)
{
    size_t n = count(a);
    if (delta < 0)
        h->row_off = (size_t)-delta > h->row_off ? 0 : h->row_off - (size_t)-delta;
    else
        h->row_off = clamp_off(h->row_off + (size_t)delta, n, h->rows_vis);
}

bool heatmap_hit(const struct heatmap *h, const struct app *a, int y, int x,
                 size_t *row, size_t *col)
{
    size_t n = count(a);
    if (n == 0 || y < 1 || y >= TOP + h->rows_vis * h->cell_h || x < 0)
        return false;
    *row = y >= TOP ? h->row_off + (size_t)((y - TOP) / h->cell_h) : a->s.sel_row;
    if (x < h->label_w)
        *col = a->s.sel_col;
    else {
        int k = (x - h->label_w) / h->cell_w;
        if (k >= h->cols_vis)
            return false;
        *col = h->col_off + (size_t)k;
    }
    return y >= TOP || x >= h->label_w;
}
