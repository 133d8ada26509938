/* vecpanel.c - the vectors of the cursor's tokens (see vecpanel.h). */
#include "attnviz/vecpanel.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/palette.h"
#include "attnviz/textw.h"
#include "attnviz/vectable.h"

enum vcol { V_E, V_PE, V_X, V_Q, V_K, V_V, V_OUT, V_COUNT };

static const char *const vcol_name[V_COUNT] = { "e", "pe", "x", "q", "k", "v", "out" };

enum {
    TOP = 2,           /* title and column headers */
    NUM_W = 6,         /* "-0.500" */
    BAR_MAX = 10,
    COL_MIN = NUM_W + 1 + 3 + 1,   /* number, gap, a 3-cell bar, gap */
};

void vecpanel_init(struct vecpanel *v)
{
    memset(v, 0, sizeof *v);
}

static bool has_cell(const struct app *a)
{
    return a->model.n > 0 && app_picture(a)->n >= a->model.n;
}

/* Column c's vector: k and v belong to the key token, the rest to the query. */
static const float *vcol_data(const struct app *a, enum vcol c)
{
    const struct model *m = &a->model;
    size_t i = app_cursor_row(a) * m->d, j = app_cursor_col(a) * m->d;
    switch (c) {
    case V_E:   return m->emb + i;
    case V_PE:  return m->pe + i;
    case V_X:   return m->x + i;
    case V_Q:   return m->q + i;
    case V_K:   return m->k + j;
    case V_V:   return m->v + j;
    case V_OUT: return m->out + i;
    case V_COUNT: break;
    }
    return m->emb + i;
}

static bool vcol_per_head(enum vcol c)
{
    return c == V_Q || c == V_K || c == V_V || c == V_OUT;
}

/* Exactly NUM_W columns for any float: decimals while they fit, then the
 * most significant digits that fit an exponent without "+" or leading
 * zeros ("-1.5e6", "1.23e8"): one digit ("-2e+06") made e, pe and x
 * disagree on screen by a factor of two. */
static void fmt_num(char *buf, size_t cap, double v)
{
    double a = fabs(v);
    if (a < 9.9995)
        snprintf(buf, cap, "%6.3f", v);
    else if (a < 99.995)
        snprintf(buf, cap, "%6.2f", v);
    else if (a < 999.95)
        snprintf(buf, cap, "%6.1f", v);
    else if (a < 99999.5)
        snprintf(buf, cap, "%6.0f", v);
    else {
        char t[32], c[40] = "";
        for (int digits = 3; digits >= 0; digits--) {
            snprintf(t, sizeof t, "%.*e", digits, v);
            char *e = strchr(t, 'e');   /* none in inf and nan */
            if (e)
                snprintf(c, sizeof c, "%.*se%ld", (int)(e - t), t, strtol(e + 1, NULL, 10));
            else
                snprintf(c, sizeof c, "%s", t);
            if (strlen(c) <= NUM_W)
                break;
        }
        size_t len = strlen(c);
        if (len > NUM_W || cap < NUM_W + 1) {
            snprintf(buf, cap, "%s", "");
            return;
        }
        memset(buf, ' ', NUM_W - len);
        memcpy(buf + NUM_W - len, c, len + 1);
    }
}

/* A bar of |v| / max over width cells, in eighths of a cell. */
static void draw_bar(WINDOW *w, double v, double max, int width)
{
    static const char *const eighths[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
    int units = max > 0.0 ? (int)(fabs(v) / max * width * 8 + 0.5) : 0;
    if (units > width * 8)
        units = width * 8;
    int full = units / 8, part = units % 8, used = full + (part ? 1 : 0);
    for (int k = 0; k < full; k++)
        waddstr(w, "█");
    if (part)
        waddstr(w, eighths[part]);
    palette_use(w, ROLE_TEXT);
    wprintw(w, "%*s", width - used, "");
}

static void fill(WINDOW *w, int y, int x, int width)
{
    if (width > 0)
        mvwprintw(w, y, x, "%*s", width, "");
}

static void put_fit(WINDOW *w, int y, int x, int width, const char *text)
{
    char buf[256];
    int used = textw_fit(text, width, buf, sizeof buf);
    mvwaddstr(w, y, x, buf);
    wprintw(w, "%*s", width - used, "");
}

static size_t clamp_comp(size_t c, size_t d)
{
    return d == 0 ? 0 : c >= d ? d - 1 : c;
}

/* How many columns fit and how wide their bars are. */
static void geometry(struct vecpanel *v, const struct app *a, int width, int height)
{
    size_t d = a->model.d;
    int digits = 1;
    for (size_t x = d > 0 ? d - 1 : 0; x >= 10; x /= 10)
        digits++;
    v->idx_w = digits + 1;
    int room = width - v->idx_w;
    int cols = room / COL_MIN;
    v->cols_vis = cols < 1 ? 1 : cols > V_COUNT ? V_COUNT : cols;
    int bar = room / v->cols_vis - NUM_W - 2;
    v->col_w = NUM_W + 2 + (bar < 0 ? 0 : bar > BAR_MAX ? BAR_MAX : bar);
    v->rows_vis = height - TOP > 0 ? height - TOP : 0;
    if (v->col_off > V_COUNT - v->cols_vis)
        v->col_off = V_COUNT - v->cols_vis;
    if (v->col_off < 0)
        v->col_off = 0;
    v->comp = clamp_comp(v->comp, d);
    if (v->comp < v->comp_off)
        v->comp_off = v->comp;
    if (v->rows_vis > 0 && v->comp >= v->comp_off + (size_t)v->rows_vis)
        v->comp_off = v->comp - (size_t)v->rows_vis + 1;
    if (v->comp_off + (size_t)v->rows_vis > d)
        v->comp_off = d > (size_t)v->rows_vis ? d - (size_t)v->rows_vis : 0;
}

static void draw_title(struct vecpanel *v, WINDOW *w, const struct app *a, bool focused)
{
    int width = getmaxx(w);
    palette_use(w, focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);
    fill(w, 0, 0, width);
    char title[256];
    if (has_cell(a))
        snprintf(title, sizeof title, "vectors%s · query \"%s\" → key \"%s\"",
                 v->cols_vis < V_COUNT ? " ←→" : "", app_picture(a)->text[app_cursor_row(a)],
                 app_picture(a)->text[app_cursor_col(a)]);
    else
        snprintf(title, sizeof title, "vectors");
    put_fit(w, 0, 1, width - 1, title);
}

static void draw_header(struct vecpanel *v, WINDOW *w, const struct app *a)
{
    palette_use(w, ROLE_AXIS);
    put_fit(w, 1, 0, v->idx_w, "c");
    /* e_i* : the query token is not in the loaded word vectors, so its
     * embedding is the default generator's */
    bool missing = a->s.vectors
                   && !vectable_find(a->s.vectors, app_picture(a)->text[app_cursor_row(a)]);
    for (int k = 0; k < v->cols_vis; k++) {
        enum vcol c = (enum vcol)(v->col_off + k);
        char head[32];
        snprintf(head, sizeof head, "%*s%s_%zu%s", NUM_W - 1 - (int)strlen(vcol_name[c]), "",
                 vcol_name[c], c == V_K || c == V_V ? app_cursor_col(a) : app_cursor_row(a),
                 c == V_E && missing ? "*" : "");
        put_fit(w, 1, v->idx_w + k * v->col_w, v->col_w, head);
    }
    wclrtoeol(w);
}

static double max_abs(const float *x, size_t d)
{
    double m = 0.0;
    for (size_t c = 0; c < d; c++)
        if (fabs((double)x[c]) > m)
            m = fabs((double)x[c]);
    return m;
}

static void draw_row(struct vecpanel *v, WINDOW *w, const struct app *a, size_t comp, int y,
                     const double *maxes, bool focused)
{
    const struct model *m = &a->model;
    bool here = comp == v->comp;
    palette_use(w, here ? (focused ? ROLE_CURSOR : ROLE_LABEL_CURSOR) : ROLE_AXIS);
    char idx[32];
    snprintf(idx, sizeof idx, "%*zu", v->idx_w - 1, comp);
    mvwaddstr(w, y, 0, idx);
    palette_use(w, ROLE_TEXT);
    waddch(w, ' ');
    int shown_head = app_picture_head(a);
    size_t head = shown_head >= 0 ? (size_t)shown_head : 0;
    bool one_head = m->cfg.heads > 1 && shown_head != HEAD_MEAN;
    for (int k = 0; k < v->cols_vis; k++) {
        enum vcol c = (enum vcol)(v->col_off + k);
        int x = v->idx_w + k * v->col_w;
        double val = vcol_data(a, c)[comp];
        bool other_head = one_head && vcol_per_head(c) && comp / m->d_k != head;
        if (c == V_E && here && v->editing) {
            /* the end of a long number, where the typing is */
            char shown[VECPANEL_EDIT_MAX + 4];
            int room = v->col_w - 1, len = (int)strlen(v->edit);
            if (len > room && room > 1)
                snprintf(shown, sizeof shown, "…%s", v->edit + len - (room - 1));
            else
                snprintf(shown, sizeof shown, "%s", v->edit);
            palette_use(w, ROLE_CURSOR);
            put_fit(w, y, x, room, shown);
            palette_use(w, ROLE_TEXT);
            waddch(w, ' ');
            continue;
        }
        char num[32];
        fmt_num(num, sizeof num, val);
        palette_use(w, c == V_E && here && focused ? ROLE_CURSOR
                       : other_head ? ROLE_HINT : ROLE_TEXT);
        mvwaddstr(w, y, x, num);
        palette_use(w, ROLE_TEXT);
        waddch(w, ' ');
        palette_use(w, other_head ? ROLE_HINT : val < 0 ? ROLE_BAR_NEG : ROLE_BAR_POS);
        draw_bar(w, val, maxes[c], v->col_w - NUM_W - 2);
        waddch(w, ' ');
    }
    wclrtoeol(w);
}

void vecpanel_draw(struct vecpanel *v, WINDOW *w, const struct app *a, bool focused)
{
    int width = getmaxx(w), height = getmaxy(w);
    geometry(v, a, width, height);
    draw_title(v, w, a, focused);
    if (!has_cell(a)) {
        palette_use(w, ROLE_TEXT);
        wmove(w, 1, 0);
        wclrtobot(w);
        return;
    }
    draw_header(v, w, a);
    double maxes[V_COUNT];
    for (int c = 0; c < V_COUNT; c++)
        maxes[c] = max_abs(vcol_data(a, (enum vcol)c), a->model.d);
    int y = TOP;
    for (size_t comp = v->comp_off; comp < a->model.d && y < height; comp++, y++)
        draw_row(v, w, a, comp, y, maxes, focused);
    palette_use(w, ROLE_TEXT);
    if (y < height) {
        wmove(w, y, 0);
        wclrtobot(w);
    }
}

void vecpanel_move(struct vecpanel *v, const struct app *a, int delta)
{
    size_t d = a->model.d;
    if (delta == INT_MIN)
        v->comp = 0;
    else if (delta == INT_MAX)
        v->comp = d ? d - 1 : 0;
    else if (delta < 0)
        v->comp = (size_t)-delta > v->comp ? 0 : v->comp - (size_t)-delta;
    else
        v->comp = clamp_comp(v->comp + (size_t)delta, d);
}

void vecpanel_columns(struct vecpanel *v, int delta)
{
    v->col_off += delta;   /* clamped by the next draw, which knows the width */
    if (v->col_off < 0)
        v->col_off = 0;
    if (v->col_off > V_COUNT - 1)
        v->col_off = V_COUNT - 1;
}

bool vecpanel_hit(struct vecpanel *v, const struct app *a, int y, int x)
{
    (void)x;
    if (y < TOP || !has_cell(a))
        return false;
    size_t comp = v->comp_off + (size_t)(y - TOP);
    if (comp >= a->model.d)
        return false;
    v->comp = comp;
    return true;
}

void vecpanel_edit_begin(struct vecpanel *v)
{
    v->editing = true;
    v->edit[0] = '\0';
    v->col_off = 0;      /* the embedding column must be on screen */
}

enum vecpanel_edit_result vecpanel_edit_key(struct vecpanel *v, int key)
{
    size_t len = strlen(v->edit);
    switch (key) {
    case 27:
        v->editing = false;
        return VEC_EDIT_CANCEL;
    case '\r': case '\n': case KEY_ENTER:
        v->editing = false;
        return VEC_EDIT_APPLY;
    case KEY_BACKSPACE: case 127: case 8:
        if (len > 0)
            v->edit[len - 1] = '\0';
        return VEC_EDIT_MORE;
    case 'U' & 0x1f:
        v->edit[0] = '\0';
        return VEC_EDIT_MORE;
    default:
        if (key <= 0 || key >= 256 || !strchr("0123456789.-+eE", key) || len + 1 >= sizeof v->edit)
            return VEC_EDIT_REFUSED;
        v->edit[len] = (char)key;
        v->edit[len + 1] = '\0';
        return VEC_EDIT_MORE;
    }
}

/* A limit's literal as text (1e9). */
#define VALUE_TEXT(x) VALUE_TEXT_(x)
#define VALUE_TEXT_(x) #x

bool vecpanel_edit_value(const struct vecpanel *v, double *value, const char **why)
{
    char *end;
    double x = strtod(v->edit, &end);
    if (!v->edit[0])
        *why = "nothing typed";
    else if (end == v->edit || *end != '\0')
        *why = "not a number";
    else if (!isfinite(x))
        *why = "not a finite number";
    else if (fabs(x) > AV_MAX_VALUE)
        *why = "a component goes from -" VALUE_TEXT(AV_MAX_VALUE) " to " VALUE_TEXT(AV_MAX_VALUE);
    else {
        *value = x;
        return true;
    }
    return false;
}

bool vecpanel_edit_cursor(const struct vecpanel *v, int *y, int *x)
{
    if (!v->editing || v->comp < v->comp_off || v->comp >= v->comp_off + (size_t)v->rows_vis)
        return false;
    *y = TOP + (int)(v->comp - v->comp_off);
    int len = (int)strlen(v->edit);
    *x = v->idx_w + (len < v->col_w - 1 ? len : v->col_w - 1);
    return true;
}
