/* heatmap.c - the matrix view (see heatmap.h). */
#include "attnviz/heatmap.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/palette.h"
#include "attnviz/shown.h"
#include "attnviz/textw.h"
#include "attnviz/xalloc.h"

enum {
    TOP = 2,             /* title line and column-label line */
    LABEL_MIN = 8, LABEL_MAX = 14,
    CELL_MIN = 2, CELL_MAX = 6, CELL_WANT = 5,
    LEGEND_W = 12,
    PANE_GAP = 1,
    SUMMARY_W = 36,      /* " 2.31b  sat .42 cat .21 the .12" */
};

void heatmap_init(struct heatmap *h)
{
    memset(h, 0, sizeof *h);
    h->cur_row = h->cur_col = h->cur_dim = SIZE_MAX;   /* follow the cursor at first */
    h->zoom = 1;
}

void heatmap_free(struct heatmap *h)
{
    free(h->grid);
    heatmap_init(h);
}

/* The tokens on screen: during a preview the app already holds the preview's
 * tokens and model; the min guards a model that failed to follow. */
static size_t count(const struct app *a)
{
    return app_picture(a)->n < a->model.n ? app_picture(a)->n : a->model.n;
}

static size_t min_z(size_t a, size_t b)
{
    return a < b ? a : b;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The labels' column: measured once a picture (the labels change only
 * with a new one), not once a frame: at 4,096 tokens that took a third of
 * a cursor move's time. */
static int label_width(const struct app *a)
{
    static const struct app *seen_app;
    static const void *seen_text;
    static unsigned long seen_gen;
    static size_t seen_n;
    static int seen_width;
    if (seen_app == a && seen_gen == a->model_gen && seen_text == app_picture(a)->text
        && seen_n == count(a) && seen_width)
        return seen_width;
    int widest = 0;
    for (size_t i = 0, n = count(a); i < n && widest < LABEL_MAX; i++) {
        int w = textw_width(app_picture(a)->text[i]);
        if (w > widest)
            widest = w;
    }
    seen_app = a;
    seen_gen = a->model_gen;
    seen_text = app_picture(a)->text;
    seen_n = count(a);
    seen_width = clampi(widest + 1, LABEL_MIN, LABEL_MAX);
    return seen_width;
}

static size_t total_cols(const struct shown *s)
{
    size_t c = 0;
    for (size_t p = 0; p < s->n_panes; p++)
        c += s->pane[p].cols;
    return c;
}

static int gaps(const struct shown *s)
{
    return s->n_panes > 1 ? (int)(s->n_panes - 1) * PANE_GAP : 0;
}

int heatmap_want_width(const struct app *a)
{
    struct shown s;
    shown_build(&s, a);
    size_t c = total_cols(&s);
    int w = label_width(a) + (int)min_z(c, 2000) * CELL_WANT + gaps(&s);
    shown_free(&s);
    return w;
}

int heatmap_want_height(const struct app *a)
{
    struct shown s;
    shown_build(&s, a);
    size_t rows = s.n_panes ? s.pane[0].rows : 0;
    shown_free(&s);
    return TOP + (int)min_z(rows, 2000);
}

int heatmap_fit_width(const struct app *a, int avail)
{
    if (a->view.zoom != 1)
        return avail;
    struct shown s;
    shown_build(&s, a);
    size_t total = total_cols(&s);
    int label = label_width(a), room = avail - label - gaps(&s);
    int cw = total ? clampi(room / (int)min_z(total, 1000), CELL_MIN, CELL_MAX) : CELL_MAX;
    int used = room > 0 && (size_t)(room / cw) >= total ? label + (int)total * cw + gaps(&s)
                                                        : avail;
    shown_free(&s);
    return used;
}

static size_t clamp_off(size_t off, size_t n, size_t vis)
{
    size_t max = n > vis ? n - vis : 0;
    return off > max ? max : off;
}

/* Moves off so that cursor lies within [off, off + vis). */
static size_t follow(size_t off, size_t cursor, size_t vis)
{
    if (vis == 0)
        return off;
    if (cursor < off)
        return cursor;
    if (cursor >= off + vis)
        return cursor - vis + 1;
    return off;
}

static size_t ceil_div(size_t a, size_t b)
{
    return b ? (a + b - 1) / b : 0;
}

/* Matrix rows one screen row shows. */
static size_t row_step(const struct heatmap *h)
{
    return h->zoom * (h->half ? 2 : 1);
}

/* The cursor in the first pane's matrix: its row, and its column (a
 * token, or h->dim in dimension panes). ×v's rows are the keys. */
static size_t cursor_row(const struct shown *s, const struct app *a)
{
    return s->n_panes && s->pane[0].data == SHOWN_XV ? app_cursor_col(a) : app_cursor_row(a);
}

static bool summaries_fit(const struct shown *s, const struct app *a, int room)
{
    return a->view.summaries && s->n_panes == 1 && s->pane[0].data == SHOWN_WEIGHTS
           && room - SUMMARY_W >= (int)min_z(s->pane[0].cols, 8) * CELL_WANT;
}

static void geometry(struct heatmap *h, const struct shown *s, const struct app *a,
                     int width, int height)
{
    size_t rows = s->n_panes ? s->pane[0].rows : 0, total = total_cols(s);
    int rows_was = h->rows_vis;
    size_t zoom_was = h->zoom;
    h->rows = rows;
    h->n_panes = s->n_panes;
    h->dims = s->n_panes && !s->pane[0].cols_are_tokens ? s->pane[0].cols : 0;
    h->dim = s->cursor_dim;
    h->label_w = label_width(a);
    int lines = height - TOP > 0 ? height - TOP : 0;
    int room = width - h->label_w - gaps(s);
    bool colors = palette_has_halves();
    /* The smallest zoom that shows all of it (1 when it fits as is) is
     * also the largest that makes sense. */
    bool fits = (size_t)lines >= rows && room >= (int)total * CELL_MIN;
    size_t per_line = colors ? 2 : 1;
    size_t zr = lines > 0 ? ceil_div(rows, (size_t)lines * per_line) : 1;
    size_t zc = room > 0 ? ceil_div(total + s->n_panes, (size_t)room) : 1;
    size_t fit_z = fits ? 1 : zr > zc ? zr : zc;
    fit_z = fit_z ? fit_z : 1;
    size_t z = a->view.zoom == ZOOM_FIT ? fit_z : a->view.zoom >= 1 ? (size_t)a->view.zoom : 1;
    if (z > fit_z)
        z = fit_z;
    h->zoom = z;
    h->half = z > 1 && colors;
    bool summaries = z == 1 && summaries_fit(s, a, room);
    if (summaries)
        room -= SUMMARY_W;
    h->cell_w = z == 1 && total
                ? clampi(room / (int)min_z(total, 1000), CELL_MIN, CELL_MAX) : 1;
    size_t blocks_total = 0;
    for (size_t p = 0; p < s->n_panes; p++)
        blocks_total += ceil_div(s->pane[p].cols, z);
    bool all_fit = (int)blocks_total * h->cell_w <= room;
    int share = s->n_panes ? room / (int)s->n_panes : 0, x = h->label_w;
    for (size_t p = 0; p < s->n_panes; p++) {
        size_t blocks = ceil_div(s->pane[p].cols, z);
        int vis = all_fit ? (int)blocks : (int)min_z(blocks, (size_t)(share / h->cell_w));
        h->pane_cols[p] = vis;
        h->pane_x[p] = x;
        h->pane_tokens[p] = s->pane[p].cols_are_tokens;
        x += vis * h->cell_w + PANE_GAP;
    }
    h->cell_h = z == 1 && rows > 0 && (size_t)lines >= 2 * rows ? 2 : 1;
    size_t step = row_step(h);
    h->rows_vis = (int)min_z((size_t)(lines / h->cell_h), ceil_div(rows, step));
    /* The cursor stays in view when it moves and when the pane's size or
     * the zoom changes (a resize); the wheel alone may scroll it out. */
    size_t cr = cursor_row(s, a), cc = app_cursor_col(a);
    if (cr != h->cur_row || cc != h->cur_col || h->dim != h->cur_dim
        || h->rows_vis != rows_was || z != zoom_was) {
        h->row_off = follow(h->row_off / step, cr / step, (size_t)h->rows_vis) * step;
        for (size_t p = 0; p < s->n_panes; p++) {
            size_t *off = h->pane_tokens[p] ? &h->col_off : &h->dim_off;
            size_t c = h->pane_tokens[p] ? cc : h->dim;
            *off = follow(*off / z, c / z, (size_t)h->pane_cols[p]) * z;
        }
        h->cur_row = cr;
        h->cur_col = cc;
        h->cur_dim = h->dim;
    }
    h->row_off = clamp_off(h->row_off / step, ceil_div(rows, step), (size_t)h->rows_vis) * step;
    for (size_t p = 0; p < s->n_panes; p++) {
        size_t *off = h->pane_tokens[p] ? &h->col_off : &h->dim_off;
        *off = clamp_off(*off / z, ceil_div(s->pane[p].cols, z), (size_t)h->pane_cols[p]) * z;
    }
}

/* The first matrix column pane p shows. */
static size_t pane_off(const struct heatmap *h, size_t p)
{
    return h->pane_tokens[p] ? h->col_off : h->dim_off;
}

/* ---- text ------------------------------------------------------------------ */

/* Writes text fitted to exactly width columns (padded with spaces). */
static void put_fit(WINDOW *w, int y, int x, int width, const char *text, bool right)
{
    char buf[256];
    if (width <= 0)
        return;
    int used = textw_fit(text, width, buf, sizeof buf);
    wmove(w, y, x);
    if (right)
        wprintw(w, "%*s", width - used, "");
    waddstr(w, buf);
    if (!right)
        wprintw(w, "%*s", width - used, "");
}

/* n with its thousands grouped: 2,048 (the terminal's locale may have no
 * grouping, so it is done here). */
static void grouped(char *buf, size_t cap, size_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

static void fill(WINDOW *w, int y, int x, int width)
{
    if (width > 0)
        mvwprintw(w, y, x, "%*s", width, "");
}

/* ---- the colors' range ---------------------------------------------------------- */

static double weights_row_top(const float *row, size_t cols, const struct shown *s, size_t p,
                              size_t i)
{
    double top = 0.0;
    for (size_t j = 0; j < cols; j++)
        if (!shown_masked(s, p, i, j) && row[j] > top)
            top = row[j];
    return top;
}

/* Where value v of pane p lies on its colors: 0..1, or -1..1 signed. */
static double color_t(const struct heatmap *h, const struct shown *s, size_t p, double v)
{
    return heatcell_t(s->pane[p].signed_values ? &h->span[p] : &h->row_span, v);
}

/* ---- the picture ------------------------------------------------------------------ */

/* The block values of a zoomed-out draw: for screen row k, half b (0 the
 * upper) and the character column across all panes, one float (NAN: every
 * cell of the block is masked). Kept while the key is the same. */
static size_t grid_cols(const struct heatmap *h)
{
    size_t c = 0;
    for (size_t p = 0; p < h->n_panes; p++)
        c += (size_t)h->pane_cols[p];
    return c;
}

static float *grid_at(const struct heatmap *h, int k, int half, size_t col)
{
    return h->grid + ((size_t)k * 2 + (size_t)half) * grid_cols(h) + col;
}

static void grid_fill(struct heatmap *h, const struct shown *s, const struct app *a)
{
    unsigned long key[12] = {
        a->model_gen, (unsigned long)s->view, (unsigned long)s->stage,
        (unsigned long)(long)s->head, h->zoom, (unsigned long)a->view.zoom_mode,
        h->row_off, h->col_off, h->dim_off, (unsigned long)h->rows_vis, grid_cols(h),
        (unsigned long)s->query * 2 + h->half,
    };
    size_t need = (size_t)h->rows_vis * 2 * grid_cols(h);
    if (h->grid && need <= h->grid_cap && memcmp(key, h->grid_key, sizeof key) == 0)
        return;
    if (need > h->grid_cap) {
        free(h->grid);
        h->grid = app_xmalloc((need ? need : 1) * sizeof *h->grid);
        h->grid_cap = need;
    }
    memcpy(h->grid_key, key, sizeof key);
    size_t z = h->zoom;
    bool mean = a->view.zoom_mode == ZOOM_MEAN;
    for (int k = 0; k < h->rows_vis; k++)
        for (int b = 0; b < (h->half ? 2 : 1); b++) {
            size_t r0 = h->row_off + (size_t)k * row_step(h) + (size_t)b * z, col0 = 0;
            for (size_t p = 0; p < s->n_panes; p++) {
                size_t nc = (size_t)h->pane_cols[p];
                shown_block_row(s, p, r0, z, pane_off(h, p), nc, mean, grid_at(h, k, b, col0));
                col0 += nc;
            }
        }
}

/* The largest |value| of screen row k's blocks in pane p (from col0 of
 * the grid), both halves. */
static double grid_row_extent(const struct heatmap *h, int k, size_t p, size_t col0)
{
    double e = 0.0;
    for (int b = 0; b < (h->half ? 2 : 1); b++)
        for (int m = 0; m < h->pane_cols[p]; m++) {
            float v = *grid_at(h, k, b, col0 + (size_t)m);
            if (isfinite(v) && fabs(v) > e)
                e = fabs(v);
        }
    return e;
}

/* ---- drawing ------------------------------------------------------------------------- */

static const char *row_label(const struct app *a, const struct shown *s, size_t r)
{
    return shown_row_label(s, (const char *const *)app_picture(a)->text, count(a), r);
}

/* Returns the column it starts at, right_edge when there is no room for it. */
static int draw_legend(const struct heatmap *h, WINDOW *w, const struct app *a,
                       const struct shown *s, int right_edge, enum role title)
{
    char lo[24], hi[24];
    bool signed_values = s->pane[0].signed_values;
    heatcell_legend(&h->span[0], a->view.range, h->zoom > 1, a->view.zoom_mode, lo, hi,
                    sizeof lo);
    int lw = right_edge / 5 < LEGEND_W ? right_edge / 5 : LEGEND_W;
    int x = right_edge - lw - 3 - textw_width(lo) - textw_width(hi);
    if (lw < 4 || x < right_edge / 2)
        return right_edge;
    palette_use(w, title);
    mvwprintw(w, 0, x, "%s ", lo);
    for (int k = 0; k < lw; k++) {
        double t = (double)k / (lw - 1);
        char g = signed_values ? palette_signed(w, t * 2.0 - 1.0, false)
                               : palette_heat(w, t, false);
        waddch(w, (chtype)(unsigned char)(g ? g : ' '));
    }
    palette_use(w, title);
    wprintw(w, " %s", hi);
    return x;
}

static void draw_title(struct heatmap *h, WINDOW *w, const struct app *a,
                       const struct shown *s, bool focused)
{
    int width = getmaxx(w);
    enum role title = focused ? ROLE_TITLE_FOCUS : ROLE_TITLE;
    palette_use(w, title);
    fill(w, 0, 0, width);
    char head[32];
    if (s->head == HEAD_MEAN)
        snprintf(head, sizeof head, "mean");
    else
        snprintf(head, sizeof head, "head %d", s->head);
    put_fit(w, 0, 1, h->label_w - 1, head, false);
    char where[96] = "";
    size_t shown_rows = (size_t)h->rows_vis * row_step(h);
    if (shown_rows < h->rows) {
        char first[24], last[24], all[24];
        grouped(first, sizeof first, h->row_off + 1);
        grouped(last, sizeof last, min_z(h->row_off + shown_rows, h->rows));
        grouped(all, sizeof all, h->rows);
        snprintf(where, sizeof where, "  rows %s–%s of %s", first, last, all);
    }
    if (h->zoom > 1)
        snprintf(where + strlen(where), sizeof where - strlen(where), "  zoom %zu", h->zoom);
    /* the legend first: the titles get what it leaves, and a blank */
    int legend_x = draw_legend(h, w, a, s, width, title);
    for (size_t p = 0; p < s->n_panes; p++) {
        char t[160];
        /* what the columns are: the keys, or positions against positions */
        char cols[32] = "";
        if (s->pane[p].cols_are_tokens)
            snprintf(cols, sizeof cols, "  %s →", shown_axis_names[shown_col_axis(s, p)]);
        snprintf(t, sizeof t, "%s%s%s", s->pane[p].title, cols, p + 1 == s->n_panes ? where : "");
        int room = legend_x - 1 - h->pane_x[p];
        if (p + 1 < s->n_panes && room > h->pane_cols[p] * h->cell_w)
            room = h->pane_cols[p] * h->cell_w;
        put_fit(w, 0, h->pane_x[p], room, t, false);
    }
}

static void draw_col_labels(const struct heatmap *h, WINDOW *w, const struct app *a,
                            const struct shown *s)
{
    int width = getmaxx(w);
    palette_use(w, ROLE_AXIS);
    char caption[32];
    snprintf(caption, sizeof caption, "%s ↓", shown_axis_names[shown_row_axis(s)]);
    put_fit(w, 1, 0, h->label_w, caption, false);
    palette_use(w, ROLE_LABEL);
    fill(w, 1, h->label_w, width - h->label_w);
    int lab = h->cell_w - 1;     /* a blank column between labels */
    if (h->zoom > 1 || lab < 1)
        return;
    for (size_t p = 0; p < s->n_panes; p++)
        for (int k = 0; k < h->pane_cols[p]; k++) {
            size_t c = pane_off(h, p) + (size_t)k;
            int x = h->pane_x[p] + k * h->cell_w + h->cell_w - lab;
            bool cur = h->pane_tokens[p] ? c == app_cursor_col(a) : c == h->dim;
            char text[64];
            if (h->pane_tokens[p])
                snprintf(text, sizeof text, "%s", app_picture(a)->text[c]);
            else
                snprintf(text, sizeof text, "%zu", s->pane[p].col_first + c);
            palette_use(w, cur ? ROLE_LABEL_CURSOR : ROLE_LABEL);
            char cut[64];
            int used = lab >= 4 ? textw_fit(text, lab, cut, sizeof cut)
                                : textw_cut(text, lab, cut, sizeof cut);
            mvwaddstr(w, 1, x, cut);
            wprintw(w, "%*s", lab - used, "");
        }
}

/* One line of cell (r, c) of pane p at zoom 1; the value goes on its first
 * line only. */
static void draw_cell(WINDOW *w, const struct heatmap *h, const struct shown *s, size_t p,
                      size_t r, size_t c, float v, bool cursor, int y, int x, bool first)
{
    int cw = h->cell_w;
    char text[24];
    bool masked = shown_masked(s, p, r, c);
    if (masked || !isfinite(v)) {
        palette_use(w, ROLE_MASKED);
        if (cursor)
            wattron(w, A_REVERSE);
        const char *mark = masked && s->pane[p].data == SHOWN_MASKED ? "-∞" : "·";
        int mw = textw_width(mark);
        if (first && cw > mw)
            snprintf(text, sizeof text, "%*s%s%*s", cw - mw - 1, "", mark, 1, "");
        else
            snprintf(text, sizeof text, "%*s", cw, "");
        mvwaddstr(w, y, x, text);
        return;
    }
    bool sv = s->pane[p].signed_values;
    double t = color_t(h, s, p, v);
    char g = sv ? palette_signed(w, t, cursor) : palette_heat(w, t, cursor);
    /* Where color shows the value, every cell prints it. Where the glyph
     * ramp does (mono, 8 colors), a value beside a glyph would read as one
     * token ("..06"), so only the cursor cell prints it. */
    char num[24] = "";
    if (first && (!g || cursor)) {
        if (sv)
            heatcell_signed_text(num, sizeof num, v, cw - 1);
        else if (cw >= 4)
            heatcell_weight_text(num, sizeof num, v);
    }
    int k = 0;
    if (num[0]) {
        int nw = (int)strlen(num);
        for (; k < cw - nw; k++)
            text[k] = ' ';
        snprintf(text + k, sizeof text - (size_t)k, "%s", num);
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

/* A row's entropy in bits and its top 3 keys. */
static void draw_summary(WINDOW *w, const struct app *a, const float *row, size_t n,
                         size_t r, const struct shown *s, int y, int x)
{
    double hbits = 0.0;
    size_t top[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX };
    for (size_t j = 0; j < n; j++) {
        if (shown_masked(s, 0, r, j))
            continue;
        double p = row[j];
        if (p > 0.0)
            hbits -= p * log2(p);
        for (int k = 0; k < 3; k++)
            if (top[k] == SIZE_MAX || p > row[top[k]]) {
                for (int m = 2; m > k; m--)
                    top[m] = top[m - 1];
                top[k] = j;
                break;
            }
    }
    char text[256], num[16];
    int o = snprintf(text, sizeof text, "%5.2fb ", hbits);
    for (int k = 0; k < 3 && top[k] != SIZE_MAX; k++) {
        char label[32];
        textw_fit(app_picture(a)->text[top[k]], 6, label, sizeof label);
        heatcell_weight_text(num, sizeof num, row[top[k]]);
        o += snprintf(text + o, sizeof text - (size_t)o, " %s %s", label, num);
    }
    palette_use(w, ROLE_AXIS);
    put_fit(w, y, x, getmaxx(w) - x, text, false);
}

static void draw_rows_zoom1(struct heatmap *h, WINDOW *w, const struct app *a,
                            const struct shown *s, float *const *rows_buf, bool summary,
                            int summary_x)
{
    size_t cr = cursor_row(s, a);
    for (int k = 0; k < h->rows_vis; k++) {
        size_t r = h->row_off + (size_t)k;
        for (size_t p = 0; p < s->n_panes; p++)
            shown_row(s, p, r, rows_buf[p]);
        h->row_span = h->span[0];
        if (!s->pane[0].signed_values && a->view.range == RANGE_ROW)
            h->row_span = heatcell_span(&s->pane[0], a->s.cfg.pe, RANGE_ROW,
                                        weights_row_top(rows_buf[0], s->pane[0].cols, s, 0, r));
        for (int line = 0; line < h->cell_h; line++) {
            int y = TOP + k * h->cell_h + line;
            palette_use(w, r == cr ? ROLE_LABEL_CURSOR : ROLE_LABEL);
            put_fit(w, y, 0, h->label_w - 1, line == 0 ? row_label(a, s, r) : "", false);
            palette_use(w, ROLE_LABEL);
            waddch(w, ' ');
            for (size_t p = 0; p < s->n_panes; p++) {
                for (int m = 0; m < h->pane_cols[p]; m++) {
                    size_t c = pane_off(h, p) + (size_t)m;
                    bool cur = r == cr && (h->pane_tokens[p] ? c == app_cursor_col(a) : c == h->dim);
                    draw_cell(w, h, s, p, r, c, rows_buf[p][c], cur, y,
                              h->pane_x[p] + m * h->cell_w, line == 0);
                }
                palette_use(w, ROLE_LABEL);
                if (p + 1 < s->n_panes)
                    waddch(w, ' ');
            }
            palette_use(w, ROLE_LABEL);
            wclrtoeol(w);
            if (summary && line == 0)
                draw_summary(w, a, rows_buf[0], s->pane[0].cols, r, s, y, summary_x);
        }
    }
}

static void draw_rows_zoomed(struct heatmap *h, WINDOW *w, const struct app *a,
                             const struct shown *s)
{
    size_t z = h->zoom, step = row_step(h), cr = cursor_row(s, a);
    for (int k = 0; k < h->rows_vis; k++) {
        int y = TOP + k;
        size_t r0 = h->row_off + (size_t)k * step;
        bool cur_row = cr >= r0 && cr < r0 + step;
        h->row_span = h->span[0];
        if (!s->pane[0].signed_values && a->view.range == RANGE_ROW)
            h->row_span = heatcell_span(&s->pane[0], a->s.cfg.pe, RANGE_ROW,
                                        grid_row_extent(h, k, 0, 0));
        palette_use(w, cur_row ? ROLE_LABEL_CURSOR : ROLE_LABEL);
        put_fit(w, y, 0, h->label_w - 1, row_label(a, s, r0), false);
        palette_use(w, ROLE_LABEL);
        waddch(w, ' ');
        size_t col0 = 0;
        for (size_t p = 0; p < s->n_panes; p++) {
            bool sv = s->pane[p].signed_values;
            for (int m = 0; m < h->pane_cols[p]; m++) {
                size_t c0 = pane_off(h, p) + (size_t)m * z;
                size_t cc = h->pane_tokens[p] ? app_cursor_col(a) : h->dim;
                bool cur = cur_row && cc >= c0 && cc < c0 + z;
                float up = *grid_at(h, k, 0, col0 + (size_t)m);
                float lo = h->half ? *grid_at(h, k, 1, col0 + (size_t)m) : up;
                wmove(w, y, h->pane_x[p] + m);
                if (h->half && isfinite(up) && isfinite(lo)
                    && palette_halves(w, color_t(h, s, p, up), color_t(h, s, p, lo), sv, cur)) {
                    waddstr(w, "▀");
                    continue;
                }
                float v = isfinite(up) ? up : lo;
                if (!isfinite(v)) {
                    palette_use(w, ROLE_MASKED);
                    if (cur)
                        wattron(w, A_REVERSE);
                    waddch(w, ' ');
                    continue;
                }
                double t = color_t(h, s, p, v);
                char g = sv ? palette_signed(w, t, cur) : palette_heat(w, t, cur);
                waddch(w, (chtype)(unsigned char)(g ? g : ' '));
            }
            col0 += (size_t)h->pane_cols[p];
            palette_use(w, ROLE_LABEL);
            if (p + 1 < s->n_panes)
                waddch(w, ' ');
        }
        palette_use(w, ROLE_LABEL);
        wclrtoeol(w);
    }
}

/* The color spans of this draw (heatcell_span) from what is on screen:
 * the rows shown for an n × n pane, all rows for the cheap n × d ones. */
static void ranges(struct heatmap *h, const struct app *a, const struct shown *s)
{
    size_t step = row_step(h), col0 = 0;
    for (size_t p = 0; p < s->n_panes; p++) {
        double e = 0.0;
        if (h->zoom > 1)
            for (int k = 0; k < h->rows_vis; k++) {
                double row = grid_row_extent(h, k, p, col0);
                e = row > e ? row : e;
            }
        else if (s->pane[p].cols_are_tokens)
            e = shown_extent(s, p, h->row_off, (size_t)h->rows_vis * step);
        else
            e = shown_extent(s, p, 0, s->pane[p].rows);
        h->span[p] = heatcell_span(&s->pane[p], a->s.cfg.pe, a->view.range, e);
        col0 += (size_t)h->pane_cols[p];
    }
    h->row_span = h->span[0];
}

void heatmap_draw(struct heatmap *h, WINDOW *w, const struct app *a, bool focused)
{
    int width = getmaxx(w), height = getmaxy(w);
    struct shown s;
    shown_build(&s, a);
    geometry(h, &s, a, width, height);
    if (h->zoom > 1)
        grid_fill(h, &s, a);
    ranges(h, a, &s);
    draw_title(h, w, a, &s, focused);

    if (count(a) == 0) {
        /* Whatever a sentence left (its labels, its cells) goes first. */
        palette_use(w, ROLE_HINT);
        wmove(w, 1, 0);
        wclrtobot(w);
        put_fit(w, TOP, 1, width - 1, h->empty_hint ? h->empty_hint
                : "no sentence yet: type one at the prompt", false);
        shown_free(&s);
        return;
    }
    draw_col_labels(h, w, a, &s);
    if (h->zoom > 1) {
        draw_rows_zoomed(h, w, a, &s);
    } else {
        float *bufs[HEATMAP_MAX_PANES];
        for (size_t p = 0; p < s.n_panes; p++)
            bufs[p] = app_xmalloc((s.pane[p].cols ? s.pane[p].cols : 1) * sizeof *bufs[p]);
        int room = width - h->label_w - gaps(&s);
        bool summary = summaries_fit(&s, a, room);
        int summary_x = h->pane_x[s.n_panes - 1] + h->pane_cols[s.n_panes - 1] * h->cell_w + 1;
        draw_rows_zoom1(h, w, a, &s, bufs, summary, summary_x);
        if (summary) {
            palette_use(w, ROLE_AXIS);
            put_fit(w, 1, summary_x, width - summary_x, "    H  top 3", false);
        }
        for (size_t p = 0; p < s.n_panes; p++)
            free(bufs[p]);
    }
    palette_use(w, ROLE_LABEL);
    int below = TOP + h->rows_vis * h->cell_h;
    if (below < height) {
        wmove(w, below, 0);
        wclrtobot(w);
    }
    shown_free(&s);
}

void heatmap_scroll(struct heatmap *h, int delta)
{
    size_t step = row_step(h), d = (size_t)(delta < 0 ? -(long)delta : delta) * step;
    if (delta < 0)
        h->row_off = d > h->row_off ? 0 : h->row_off - d;
    else
        h->row_off = clamp_off(h->row_off + d, h->rows, (size_t)h->rows_vis * step);
}

bool heatmap_hit(const struct heatmap *h, const struct app *a, int y, int x,
                 size_t *row, size_t *col, bool *tokens)
{
    if (count(a) == 0 || y < 1 || y >= TOP + h->rows_vis * h->cell_h || x < 0 || h->n_panes == 0)
        return false;
    size_t step = row_step(h);
    *row = y >= TOP ? h->row_off + (size_t)((y - TOP) / h->cell_h) * step : app_cursor_row(a);
    *tokens = h->pane_tokens[0];
    *col = *tokens ? app_cursor_col(a) : h->dim;
    if (x < h->label_w)
        return y >= TOP;
    for (size_t p = 0; p < h->n_panes; p++) {
        int x0 = h->pane_x[p], x1 = x0 + h->pane_cols[p] * h->cell_w;
        if (x >= x0 && x < x1) {
            *tokens = h->pane_tokens[p];
            *col = pane_off(h, p) + (size_t)((x - x0) / h->cell_w) * h->zoom;
            return true;
        }
    }
    return false;
}

bool heatmap_cursor_block(const struct heatmap *h, const struct app *a, size_t *r0,
                          size_t *r1, size_t *c0, size_t *c1)
{
    if (h->zoom <= 1 || h->n_panes == 0)
        return false;
    size_t z = h->zoom;
    struct shown s;
    shown_build(&s, a);
    size_t cr = cursor_row(&s, a), cols = s.n_panes ? s.pane[0].cols : 0;
    shown_free(&s);
    size_t cc = h->pane_tokens[0] ? app_cursor_col(a) : h->dim;
    *r0 = cr / z * z;
    *r1 = min_z(*r0 + z, h->rows);
    *c0 = cc / z * z;
    *c1 = min_z(*c0 + z, cols);
    return true;
}
