/* heatexport.c - the heatmap as SVG, a CSV table, JSON or colored text
 * (heatexport.h).
 *
 * The picture formats share one figure: the shown panes folded into blocks
 * (shown_block_row, as the screen folds them) with each pane's color span
 * (heatcell_span) taken over every block, since a file shows all of it. */
#include "attnviz/heatexport.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/errmsg.h"
#include "attnviz/fsfile.h"
#include "attnviz/heatcell.h"
#include "attnviz/model.h"
#include "attnviz/quote.h"
#include "attnviz/session.h"
#include "attnviz/xalloc.h"

enum ansi_colors heatexport_colors(bool never, bool always, const char *no_color,
                                   const char *colorterm)
{
    if (never || (!always && no_color && *no_color))
        return ANSI_NONE;
    if (colorterm && (strcmp(colorterm, "truecolor") == 0 || strcmp(colorterm, "24bit") == 0))
        return ANSI_24BIT;
    return ANSI_256;
}

static size_t hx_ceil_div(size_t a, size_t b)
{
    return (a + b - 1) / b;
}

/* ---- the figure ---------------------------------------------------------- */

struct hx_fig {
    const struct heat_doc *d;
    const struct shown *s;
    size_t z;                               /* cells a block has on a side */
    size_t rows;                            /* block rows */
    size_t cols[SHOWN_MAX_PANES];           /* block columns of each pane */
    float *val[SHOWN_MAX_PANES];            /* [rows][cols[p]]; NAN: masked */
    struct heat_span span[SHOWN_MAX_PANES];
    struct heat_span *row_span;             /* [rows]: pane 0's, per row under :range row */
};

static size_t hx_zoom(const struct heat_doc *d)
{
    const struct shown *s = d->shown;
    size_t side = s->n_panes ? s->pane[0].rows : 0;
    for (size_t p = 0; p < s->n_panes; p++)
        side = s->pane[p].cols > side ? s->pane[p].cols : side;
    size_t fit = side > HEATEXPORT_MAX_BLOCKS ? hx_ceil_div(side, HEATEXPORT_MAX_BLOCKS) : 1;
    size_t z = d->zoom >= 1 ? (size_t)d->zoom : fit;
    z = z < fit ? fit : z;
    return side && z > side ? side : z;
}

static void hx_fig_make(struct hx_fig *f, const struct heat_doc *d, size_t z)
{
    const struct shown *s = d->shown;
    enum pe_kind pe = d->model->m->cfg.pe;
    *f = (struct hx_fig){ .d = d, .s = s, .z = z };
    f->rows = s->n_panes ? hx_ceil_div(s->pane[0].rows, z) : 0;
    bool mean = d->zoom_mode == ZOOM_MEAN;
    for (size_t p = 0; p < s->n_panes; p++) {
        size_t nc = f->cols[p] = hx_ceil_div(s->pane[p].cols, z);
        f->val[p] = app_xcalloc(f->rows * nc + 1, sizeof *f->val[p]);
        double e = 0.0;
        for (size_t k = 0; k < f->rows; k++) {
            float *out = f->val[p] + k * nc;
            shown_block_row(s, p, k * z, z, 0, nc, mean, out);
            for (size_t c = 0; c < nc; c++)
                if (isfinite(out[c]) && fabs(out[c]) > e)
                    e = fabs(out[c]);
        }
        f->span[p] = heatcell_span(&s->pane[p], pe, d->range, e);
    }
    f->row_span = app_xmalloc((f->rows ? f->rows : 1) * sizeof *f->row_span);
    for (size_t k = 0; k < f->rows; k++) {
        f->row_span[k] = f->span[0];
        if (s->pane[0].signed_values || d->range != RANGE_ROW)
            continue;
        double top = 0.0;
        for (size_t c = 0; c < f->cols[0]; c++)
            if (f->val[0][k * f->cols[0] + c] > top)
                top = f->val[0][k * f->cols[0] + c];
        f->row_span[k] = heatcell_span(&s->pane[0], pe, RANGE_ROW, top);
    }
}

static void hx_fig_free(struct hx_fig *f)
{
    for (size_t p = 0; p < f->s->n_panes; p++)
        free(f->val[p]);
    free(f->row_span);
}

static float hx_val(const struct hx_fig *f, size_t p, size_t k, size_t c)
{
    return f->val[p][k * f->cols[p] + c];
}

static double hx_t(const struct hx_fig *f, size_t p, size_t k, double v)
{
    return heatcell_t(p == 0 ? &f->row_span[k] : &f->span[p], v);
}

static struct rgb hx_rgb(const struct hx_fig *f, size_t p, size_t k, double v)
{
    return heatcell_rgb(f->d->map, hx_t(f, p, k, v), f->s->pane[p].signed_values);
}

/* A block's value as its cell writes it, in at most 4 columns. */
static void hx_cell_text(const struct hx_fig *f, size_t p, double v, char *buf, size_t cap)
{
    if (f->s->pane[p].signed_values)
        heatcell_signed_text(buf, cap, v, 4);
    else
        heatcell_weight_text(buf, cap, v);
}

/* What a masked cell shows: −∞ where the masked scores are the values. */
static const char *hx_masked_mark(const struct hx_fig *f, size_t p)
{
    return f->s->pane[p].data == SHOWN_MASKED ? "-\xE2\x88\x9E" : "\xC2\xB7";
}

static const char *hx_row_label(const struct hx_fig *f, size_t k)
{
    const struct export_doc *m = f->d->model;
    return shown_row_label(f->s, m->tokens, m->m->n, k * f->z);
}

/* Block column c of pane p: its first token, or its first dimension. */
static const char *hx_col_label(const struct hx_fig *f, size_t p, size_t c, char *num,
                                size_t cap)
{
    const struct shown_pane *pn = &f->s->pane[p];
    if (pn->cols_are_tokens)
        return f->d->model->tokens[c * f->z];
    snprintf(num, cap, "%zu", pn->col_first + c * f->z);
    return num;
}

static const char *hx_head(const struct shown *s, char *buf, size_t cap)
{
    if (s->head == HEAD_MEAN)
        snprintf(buf, cap, "mean of heads");
    else
        snprintf(buf, cap, "head %d", s->head);
    return buf;
}

/* "weights", "qkv", ... or "pe view". */
static const char *hx_what(const struct shown *s)
{
    return s->view == VIEW_PE ? "pe view" : stage_names[s->stage];
}

/* The first line: "attnviz · weights · head 0". */
static void hx_heading(const struct heat_doc *d, char *buf, size_t cap)
{
    char head[32];
    snprintf(buf, cap, "attnviz \xC2\xB7 %s \xC2\xB7 %s", hx_what(d->shown),
             hx_head(d->shown, head, sizeof head));
}

/* The settings as the status line writes them. */
static void hx_settings(const struct heat_doc *d, char *buf, size_t cap)
{
    const struct model *m = d->model->m;
    char head[32];
    snprintf(buf, cap, "d_model %zu  heads %zu  %s  pe %s  proj %s  scale %s  causal %s  seed %"
             PRIu64, m->d, m->cfg.heads, hx_head(d->shown, head, sizeof head),
             pe_kind_name(m->cfg.pe), proj_kind_name(m->cfg.proj), m->cfg.scale ? "on" : "off",
             m->cfg.causal ? "on" : "off", m->cfg.seed);
}

/* "zoom 4: a cell is the max of a 4 × 4 block ..." or "". */
static void hx_zoom_note(const struct hx_fig *f, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (f->z > 1)
        snprintf(buf, cap, "zoom %zu: a cell is the %s of a %zu \xC3\x97 %zu block, labelled "
                 "by its first row and column", f->z,
                 f->d->zoom_mode == ZOOM_MEAN ? "mean" : "max", f->z, f->z);
}

/* ---- SVG ----------------------------------------------------------------- */

/* Text as XML character data or an attribute value: the five markup
 * characters escaped, and what XML 1.0 may not hold at all (control
 * characters but tab and line breaks, U+FFFE, U+FFFF) as '?', the C1
 * controls too (XML allows them; a terminal showing the file acts on
 * them). The text is valid UTF-8 (the parser checked), so only those
 * sequences need looking at. */
static void hx_xml(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':  fputs("&amp;", f); continue;
        case '<':  fputs("&lt;", f); continue;
        case '>':  fputs("&gt;", f); continue;
        case '"':  fputs("&quot;", f); continue;
        case '\'': fputs("&apos;", f); continue;
        default:   break;
        }
        size_t n;
        if (*p != '\t' && *p != '\n' && *p != '\r'
            && quote_is_control((const char *)p, p[1] ? 2 : 1, &n)) {
            fputc('?', f);      /* C0, DEL, or a C1 control (two bytes) */
            p += n - 1;
        } else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            fputc('?', f);
            p += 2;
        } else {
            fputc(*p, f);
        }
    }
}

static void hx_hex(char *buf, struct rgb c)
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

enum {
    SVG_MARGIN = 16, SVG_GAP = 24, SVG_CELL_MAX = 44, SVG_CELL_MIN = 6, SVG_AREA = 672,
    SVG_LABEL_COLS = 16, SVG_LEGEND_W = 160, SVG_LEGEND_MIN = 64, SVG_LEGEND_H = 12,
    SVG_LEGEND_STOPS = 32,
};
#define SVG_ADVANCE 0.6      /* a monospace character's width per pixel of font size */
#define SVG_FONT "DejaVu Sans Mono, Menlo, Consolas, monospace"
#define SVG_MASKED_FILL 0xf2f2f2u
#define SVG_MASKED_TEXT "#8a8a8a"

struct svg_layout {
    int cell, label_font, value_font;
    int label_w;            /* the row labels' column */
    int band;               /* the rotated column labels' height */
    int x[SHOWN_MAX_PANES]; /* each pane's left edge */
    int legend_w[SHOWN_MAX_PANES];
    int grid_y, width, height;
};

/* "weights   keys →" */
static void svg_pane_title(const struct shown *s, size_t p, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s   %s \xE2\x86\x92", s->pane[p].title,
             shown_axis_plural[shown_col_axis(s, p)]);
}

static void svg_legend_text(const struct hx_fig *f, size_t p, char *lo, char *hi, size_t cap)
{
    heatcell_legend(&f->span[p], f->d->range, f->z > 1, f->d->zoom_mode, lo, hi, cap);
}

static int svg_text_w(size_t cols, int font)
{
    return (int)ceil((double)cols * font * SVG_ADVANCE);
}

static int svg_label_w(const char *s, size_t max_cols, int font)
{
    struct export_label l;
    export_label_make(&l, s, max_cols);
    return svg_text_w(l.width, font);
}

static int svg_max(int a, int b)
{
    return a > b ? a : b;
}

static void svg_layout(struct svg_layout *L, const struct hx_fig *f, const char *const *lines,
                       size_t n_lines)
{
    const struct shown *s = f->s;
    size_t total = 0;
    for (size_t p = 0; p < s->n_panes; p++)
        total += f->cols[p];
    size_t side = f->rows > total ? f->rows : total;
    int cell = side ? SVG_AREA / (int)side : SVG_CELL_MAX;
    L->cell = cell = cell > SVG_CELL_MAX ? SVG_CELL_MAX : cell < SVG_CELL_MIN ? SVG_CELL_MIN : cell;
    L->label_font = cell >= 13 ? 12 : cell - 1 >= 7 ? cell - 1 : 0;
    L->value_font = cell >= 34 ? 11 : cell >= 26 ? 9 : 0;
    char caption[48], num[24];
    snprintf(caption, sizeof caption, "%s \xE2\x86\x93", shown_axis_plural[shown_row_axis(s)]);
    int lw = svg_label_w(caption, SVG_LABEL_COLS, 12), colw = 0;
    for (size_t k = 0; L->label_font && k < f->rows; k++)
        lw = svg_max(lw, svg_label_w(hx_row_label(f, k), SVG_LABEL_COLS, L->label_font));
    for (size_t p = 0; L->label_font && p < s->n_panes; p++)
        for (size_t c = 0; c < f->cols[p]; c++)
            colw = svg_max(colw, svg_label_w(hx_col_label(f, p, c, num, sizeof num),
                                             SVG_LABEL_COLS, L->label_font));
    L->label_w = lw + 10;
    /* labels at -45°: as high as 1/√2 of their length, and as far right */
    int slant = (int)ceil(colw * 0.7072);
    L->band = L->label_font ? slant + L->label_font + 6 : 6;
    int y = SVG_MARGIN + 20 * (int)n_lines + 18;   /* the pane titles' baseline */
    L->grid_y = y + 8 + L->band;
    int x = SVG_MARGIN + L->label_w, right = 0;
    for (size_t p = 0; p < s->n_panes; p++) {
        char title[128], lo[32], hi[48];
        svg_pane_title(s, p, title, sizeof title);
        svg_legend_text(f, p, lo, hi, sizeof lo);
        /* the legend as wide as the pane, within bounds, and never narrower
         * than its numbers */
        int grid = (int)f->cols[p] * cell;
        size_t ends = strlen(lo) > strlen(hi) ? strlen(lo) : strlen(hi);
        int need = svg_text_w(s->pane[p].signed_values ? 2 * ends + 5 : strlen(lo) + strlen(hi) + 2,
                              11);
        int legend = grid > SVG_LEGEND_W ? SVG_LEGEND_W : grid < SVG_LEGEND_MIN ? SVG_LEGEND_MIN
                                                                                 : grid;
        L->legend_w[p] = legend = svg_max(legend, need);
        L->x[p] = x;
        int slot = svg_max(svg_max(grid, legend), svg_label_w(title, 200, 12));
        right = svg_max(right, x + svg_max(slot, grid + slant));
        x += slot + SVG_GAP;
    }
    for (size_t i = 0; i < n_lines; i++)
        right = svg_max(right, SVG_MARGIN + svg_label_w(lines[i], 200, i == 0 ? 15 : 12));
    L->width = right + SVG_MARGIN;
    L->height = L->grid_y + (int)f->rows * cell + 14 + SVG_LEGEND_H + 22 + (f->z > 1 ? 20 : 0)
                + SVG_MARGIN;
}

static void svg_text(FILE *o, int x, int y, int size, const char *attrs, const char *text)
{
    fprintf(o, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s>", x, y, size, attrs);
    hx_xml(o, text);
    fputs("</text>\n", o);
}

static void svg_cells(FILE *o, const struct hx_fig *f, const struct svg_layout *L, size_t p)
{
    char fill[8], ink[8], text[32], num[24];
    int cell = L->cell;
    for (size_t k = 0; k < f->rows; k++)
        for (size_t c = 0; c < f->cols[p]; c++) {
            float v = hx_val(f, p, k, c);
            int x = L->x[p] + (int)c * cell, y = L->grid_y + (int)k * cell;
            bool masked = !isfinite(v);
            struct rgb bg = masked ? rgb_from_hex(SVG_MASKED_FILL) : hx_rgb(f, p, k, v);
            hx_hex(fill, bg);
            fprintf(o, "<rect id=\"c%zu-%zu-%zu\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    "fill=\"%s\"><title>", p, k, c, x, y, cell, cell, fill);
            hx_xml(o, hx_row_label(f, k));
            fputs(" \xE2\x86\x92 ", o);
            hx_xml(o, hx_col_label(f, p, c, num, sizeof num));
            if (masked)
                fputs(": masked", o);
            else
                fprintf(o, ": %s%.6g", f->z > 1 ? (f->d->zoom_mode == ZOOM_MEAN ? "mean " : "max ")
                                                : "", (double)v);
            fputs("</title></rect>\n", o);
            if (!L->value_font || (masked && f->z > 1))
                continue;
            if (masked)
                snprintf(text, sizeof text, "%s", hx_masked_mark(f, p));
            else
                hx_cell_text(f, p, v, text, sizeof text);
            hx_hex(ink, rgb_from_hex(heatcell_dark_text(bg) ? HEATCELL_DARK_TEXT
                                                             : HEATCELL_LIGHT_TEXT));
            fprintf(o, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\" "
                    "dominant-baseline=\"central\" fill=\"%s\">%s</text>\n", x + cell / 2,
                    y + cell / 2, L->value_font, masked ? SVG_MASKED_TEXT : ink, text);
        }
}

static void svg_labels(FILE *o, const struct hx_fig *f, const struct svg_layout *L, size_t p)
{
    char num[24];
    struct export_label l;
    int cell = L->cell, lf = L->label_font;
    if (!lf)
        return;
    if (p == 0)
        for (size_t k = 0; k < f->rows; k++) {
            export_label_make(&l, hx_row_label(f, k), SVG_LABEL_COLS);
            svg_text(o, SVG_MARGIN + L->label_w - 6, L->grid_y + (int)k * cell + cell / 2, lf,
                     " text-anchor=\"end\" dominant-baseline=\"central\"", l.text);
        }
    for (size_t c = 0; c < f->cols[p]; c++) {
        export_label_make(&l, hx_col_label(f, p, c, num, sizeof num), SVG_LABEL_COLS);
        int x = L->x[p] + (int)c * cell + cell / 2, y = L->grid_y - 6;
        char attrs[96];
        snprintf(attrs, sizeof attrs, " transform=\"rotate(-45 %d %d)\"", x, y);
        svg_text(o, x, y, lf, attrs, l.text);
    }
}

/* A color bar of the pane's span, its two ends beneath it (and 0 between
 * them for signed values). */
static void svg_legend(FILE *o, const struct hx_fig *f, const struct svg_layout *L, size_t p,
                       int y)
{
    const struct shown_pane *pn = &f->s->pane[p];
    char lo[32], hi[48], color[8];
    svg_legend_text(f, p, lo, hi, sizeof lo);
    int bar = L->x[p], w = L->legend_w[p];
    fprintf(o, "<linearGradient id=\"legend%zu\">\n", p);
    for (int k = 0; k < SVG_LEGEND_STOPS; k++) {
        double t = (double)k / (SVG_LEGEND_STOPS - 1);
        hx_hex(color, heatcell_rgb(f->d->map, pn->signed_values ? 2.0 * t - 1.0 : t,
                                   pn->signed_values));
        fprintf(o, "<stop offset=\"%.4f\" stop-color=\"%s\"/>\n", t, color);
    }
    fputs("</linearGradient>\n", o);
    fprintf(o, "<rect id=\"legend-bar%zu\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
            "fill=\"url(#legend%zu)\" stroke=\"#808080\" stroke-width=\"0.5\"/>\n", p, bar, y,
            w, SVG_LEGEND_H, p);
    int below = y + SVG_LEGEND_H + 13;
    svg_text(o, bar, below, 11, "", lo);
    svg_text(o, bar + w, below, 11, " text-anchor=\"end\"", hi);
    if (pn->signed_values)
        svg_text(o, bar + w / 2, below, 11, " text-anchor=\"middle\"", "0");
}

static void hx_svg(FILE *o, const struct hx_fig *f)
{
    const struct heat_doc *d = f->d;
    const struct shown *s = f->s;
    char heading[160], settings[256], note[160], caption[64];
    struct export_label sentence;
    hx_heading(d, heading, sizeof heading);
    hx_settings(d, settings, sizeof settings);
    hx_zoom_note(f, note, sizeof note);
    export_label_make(&sentence, d->model->sentence, 90);
    char quoted[EXPORT_LABEL_CAP + 8];
    snprintf(quoted, sizeof quoted, "\"%s\"", sentence.text);
    const char *lines[] = { heading, settings, quoted };
    struct svg_layout L;
    svg_layout(&L, f, lines, 3);

    fprintf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"%s\" fill=\"#202020\">\n<title>",
            L.width, L.height, L.width, L.height, SVG_FONT);
    hx_xml(o, heading);
    fputs("</title>\n<desc>", o);
    hx_xml(o, settings);
    fputs("\n", o);
    hx_xml(o, d->model->sentence);
    fputs("</desc>\n", o);
    fprintf(o, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", L.width, L.height);
    for (size_t i = 0; i < 3; i++)
        svg_text(o, SVG_MARGIN, SVG_MARGIN + 14 + 20 * (int)i, i == 0 ? 15 : 12,
                 i == 0 ? " font-weight=\"bold\"" : " style=\"white-space:pre\"", lines[i]);
    int title_y = SVG_MARGIN + 20 * 3 + 18;
    snprintf(caption, sizeof caption, "%s \xE2\x86\x93", shown_axis_plural[shown_row_axis(s)]);
    svg_text(o, SVG_MARGIN, L.grid_y - 6, 12, " font-style=\"italic\"", caption);
    int legend_y = L.grid_y + (int)f->rows * L.cell + 14;
    for (size_t p = 0; p < s->n_panes; p++) {
        fprintf(o, "<g id=\"pane%zu\">\n", p);
        char title[128];
        svg_pane_title(s, p, title, sizeof title);
        svg_text(o, L.x[p], title_y, 12, " font-weight=\"bold\" style=\"white-space:pre\"",
                 title);
        svg_labels(o, f, &L, p);
        svg_cells(o, f, &L, p);
        svg_legend(o, f, &L, p, legend_y);
        fputs("</g>\n", o);
    }
    if (note[0])
        svg_text(o, SVG_MARGIN, legend_y + SVG_LEGEND_H + 30, 12, "", note);
    fputs("</svg>\n", o);
}

/* ---- colored text ---------------------------------------------------------- */

enum { ANSI_CELL = 5, ANSI_BLOCK = 2, ANSI_LABEL_COLS = 12, ANSI_LEGEND = 24 };

static void ansi_pad(FILE *o, size_t n)
{
    for (; n > 0; n--)
        fputc(' ', o);
}

static void ansi_index(FILE *o, bool bg, int index)
{
    fprintf(o, "\x1b[%d;5;%dm", bg ? 48 : 38, index);
}

static void ansi_color(FILE *o, enum ansi_colors c, bool bg, struct rgb v)
{
    if (c == ANSI_24BIT)
        fprintf(o, "\x1b[%d;2;%u;%u;%um", bg ? 48 : 38, v.r, v.g, v.b);
    else
        ansi_index(o, bg, rgb_to_xterm256(v));
}

/* Sets a cell's colors: bg, and text that reads on it, as the screen's
 * palette picks them (on 256 colors judged on the palette color shown). */
static void ansi_cell_colors(FILE *o, enum ansi_colors c, struct rgb bg)
{
    ansi_color(o, c, true, bg);
    if (c == ANSI_24BIT)
        ansi_color(o, c, false, rgb_from_hex(heatcell_dark_text(bg) ? HEATCELL_DARK_TEXT
                                                                    : HEATCELL_LIGHT_TEXT));
    else
        ansi_index(o, false, heatcell_dark_text(xterm256_rgb(rgb_to_xterm256(bg))) ? 16 : 231);
}

static void ansi_reset(FILE *o, enum ansi_colors c)
{
    if (c != ANSI_NONE)
        fputs("\x1b[0m", o);
}

/* s in exactly width columns, cut with "…" when longer. */
static void ansi_fit(FILE *o, const char *s, size_t width, bool right)
{
    struct export_label l;
    export_label_make(&l, s, width);
    if (right)
        ansi_pad(o, width - l.width);
    fputs(l.text, o);
    if (!right)
        ansi_pad(o, width - l.width);
}

static void ansi_cell(FILE *o, const struct hx_fig *f, size_t p, size_t k, size_t c)
{
    enum ansi_colors col = f->d->colors;
    float v = hx_val(f, p, k, c);
    char text[32];
    if (!isfinite(v)) {
        if (col != ANSI_NONE)
            ansi_color(o, col, false, rgb_from_hex(0x808080));
        if (f->z == 1) {
            ansi_pad(o, ANSI_CELL - (f->s->pane[p].data == SHOWN_MASKED ? 2 : 1));
            fputs(hx_masked_mark(f, p), o);
        } else {
            ansi_pad(o, ANSI_BLOCK);
        }
        ansi_reset(o, col);
        return;
    }
    if (col != ANSI_NONE)
        ansi_cell_colors(o, col, hx_rgb(f, p, k, v));
    if (f->z > 1) {
        /* no room for a number: color alone, or the glyph ramp */
        char g = col == ANSI_NONE ? colormap_glyph(fabs(hx_t(f, p, k, v))) : ' ';
        fprintf(o, "%c%c", g, g);
    } else {
        hx_cell_text(f, p, v, text, sizeof text);
        ansi_pad(o, ANSI_CELL - strlen(text));
        fputs(text, o);
    }
    ansi_reset(o, col);
}

static void ansi_legend(FILE *o, const struct hx_fig *f, size_t p)
{
    enum ansi_colors col = f->d->colors;
    const struct shown_pane *pn = &f->s->pane[p];
    char lo[32], hi[48];
    if (col == ANSI_NONE && f->z == 1)
        return;    /* the cells print their numbers */
    heatcell_legend(&f->span[p], f->d->range, f->z > 1, f->d->zoom_mode, lo, hi, sizeof lo);
    if (f->s->n_panes > 1)
        fprintf(o, "%s: ", pn->title);
    fprintf(o, "%s ", lo);
    for (int k = 0; k < ANSI_LEGEND; k++) {
        double t = (double)k / (ANSI_LEGEND - 1);
        if (col == ANSI_NONE) {
            fputc(colormap_glyph(pn->signed_values ? fabs(2.0 * t - 1.0) : t), o);
            continue;
        }
        ansi_color(o, col, true, heatcell_rgb(f->d->map, pn->signed_values ? 2.0 * t - 1.0 : t,
                                              pn->signed_values));
        fputc(' ', o);
    }
    ansi_reset(o, col);
    fprintf(o, " %s\n", hi);
}

static void hx_ansi(FILE *o, const struct hx_fig *f)
{
    const struct heat_doc *d = f->d;
    const struct shown *s = f->s;
    enum ansi_colors col = d->colors;
    char line[256], num[24];
    size_t cw = f->z > 1 ? ANSI_BLOCK : ANSI_CELL, lw = 8;
    for (size_t k = 0; k < f->rows; k++) {
        struct export_label l;
        export_label_make(&l, hx_row_label(f, k), ANSI_LABEL_COLS);
        lw = l.width + 1 > lw ? l.width + 1 : lw;
    }
    hx_heading(d, line, sizeof line);
    fprintf(o, "%s%s", col != ANSI_NONE ? "\x1b[1m" : "", line);
    ansi_reset(o, col);
    hx_settings(d, line, sizeof line);
    fprintf(o, "\n%s\n", line);
    struct export_label sentence;
    export_label_make(&sentence, d->model->sentence, 76);
    fprintf(o, "\"%s\"\n\n", sentence.text);

    ansi_pad(o, lw);
    for (size_t p = 0; p < s->n_panes; p++) {
        char title[128] = "";
        if (s->pane[p].cols_are_tokens)
            snprintf(title, sizeof title, "%s  %s \xE2\x86\x92", s->pane[p].title,
                     shown_axis_names[shown_col_axis(s, p)]);
        else
            snprintf(title, sizeof title, "%s", s->pane[p].title);
        if (p + 1 == s->n_panes) {
            fputs(title, o);
            break;
        }
        size_t w = f->cols[p] * cw + 2;
        ansi_fit(o, title, w > 4 ? w : 4, false);
    }
    fputc('\n', o);
    snprintf(line, sizeof line, "%s \xE2\x86\x93", shown_axis_names[shown_row_axis(s)]);
    ansi_fit(o, line, lw, false);
    for (size_t p = 0; p < s->n_panes && f->z == 1; p++) {
        for (size_t c = 0; c < f->cols[p]; c++) {
            fputc(' ', o);
            ansi_fit(o, hx_col_label(f, p, c, num, sizeof num), ANSI_CELL - 1, false);
        }
        if (p + 1 < s->n_panes)
            ansi_pad(o, 2);
    }
    fputc('\n', o);
    for (size_t k = 0; k < f->rows; k++) {
        ansi_fit(o, hx_row_label(f, k), lw - 1, false);
        fputc(' ', o);
        for (size_t p = 0; p < s->n_panes; p++) {
            for (size_t c = 0; c < f->cols[p]; c++)
                ansi_cell(o, f, p, k, c);
            if (p + 1 < s->n_panes)
                ansi_pad(o, 2);
        }
        fputc('\n', o);
    }
    fputc('\n', o);
    for (size_t p = 0; p < s->n_panes; p++)
        ansi_legend(o, f, p);
    hx_zoom_note(f, line, sizeof line);
    if (line[0])
        fprintf(o, "%s\n", line);
}

/* ---- CSV ---------------------------------------------------------------------- */

/* A label as a CSV field: see heatexport.h for the rule against formulas;
 * then RFC 4180 (quoted when it holds a comma, a quote or a line break,
 * quotes doubled). */
static void csv_text(FILE *o, const char *prefix, const char *label)
{
    char *s = quote_dup(label);   /* control characters escaped as in messages */
    size_t pl = strlen(prefix), sl = strlen(s);
    char *text = app_xmalloc(pl + sl + 2), *t = text;
    if (strchr("=+-@\t\r", *prefix ? *prefix : *s) && (*prefix || *s))
        *t++ = '\'';
    memcpy(t, prefix, pl);
    memcpy(t + pl, s, sl + 1);
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, o);
    } else {
        fputc('"', o);
        for (const char *c = text; *c; c++) {
            if (*c == '"')
                fputc('"', o);
            fputc(*c, o);
        }
        fputc('"', o);
    }
    free(text);
    free(s);
}

/* The short names the header gives panes side by side ("q:0"). */
static const char *const csv_names[] = {
    [SHOWN_EMB] = "e", [SHOWN_PE] = "pe", [SHOWN_X] = "x", [SHOWN_Q] = "q", [SHOWN_K] = "k",
    [SHOWN_V] = "v", [SHOWN_OUT] = "out", [SHOWN_RAW] = "scores", [SHOWN_SCALED] = "scaled",
    [SHOWN_MASKED] = "masked", [SHOWN_WEIGHTS] = "weights", [SHOWN_XV] = "xv",
    [SHOWN_PEPE] = "pe_pe",
};

/* Full resolution, a row at a time: the model keeps no scores, and a
 * table of 8192 tokens should not need a second copy of them. */
static void hx_csv(FILE *o, const struct heat_doc *d)
{
    const struct shown *s = d->shown;
    const char *const *tokens = d->model->tokens;
    size_t n = d->model->m->n, width = 0;
    char corner[64], prefix[32] = "", num[24];
    if (!s->n_panes)
        return;
    snprintf(corner, sizeof corner, "%s\\%s", shown_axis_names[shown_row_axis(s)],
             shown_axis_names[shown_col_axis(s, 0)]);
    csv_text(o, "", corner);
    for (size_t p = 0; p < s->n_panes; p++) {
        const struct shown_pane *pn = &s->pane[p];
        width = pn->cols > width ? pn->cols : width;
        if (s->n_panes > 1)
            snprintf(prefix, sizeof prefix, "%s:", csv_names[pn->data]);
        for (size_t c = 0; c < pn->cols; c++) {
            snprintf(num, sizeof num, "%zu", pn->col_first + c);
            fputc(',', o);
            csv_text(o, prefix, pn->cols_are_tokens ? tokens[c] : num);
        }
    }
    fputs("\r\n", o);
    float *row = app_xmalloc((width ? width : 1) * sizeof *row);
    for (size_t r = 0; r < s->pane[0].rows; r++) {
        csv_text(o, "", shown_row_label(s, tokens, n, r));
        for (size_t p = 0; p < s->n_panes; p++) {
            shown_row(s, p, r, row);
            for (size_t c = 0; c < s->pane[p].cols; c++) {
                fputc(',', o);
                /* + 0.0f: a masked key's 0 × a negative v is -0, a 0 to read */
                if (isfinite(row[c]))
                    fprintf(o, "%.9g", (double)(row[c] + 0.0f));
            }
        }
        fputs("\r\n", o);
    }
    free(row);
}

/* ---- writing --------------------------------------------------------------------- */

int heatexport_write(FILE *f, const struct heat_doc *d, enum export_kind kind)
{
    if (kind == EXPORT_JSON) {
        struct export_doc doc = *d->model;
        doc.shown = d->shown;
        return export_write(f, &doc, PRINT_JSON);
    }
    if (kind == EXPORT_CSV) {
        hx_csv(f, d);
    } else {
        struct hx_fig fig;
        hx_fig_make(&fig, d, hx_zoom(d));
        if (kind == EXPORT_SVG)
            hx_svg(f, &fig);
        else
            hx_ansi(f, &fig);
        hx_fig_free(&fig);
    }
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int heatexport_describe(const struct heat_doc *d, enum export_kind kind, char *buf, size_t cap)
{
    const struct shown *s = d->shown;
    char head[32];
    hx_head(s, head, sizeof head);
    if (kind == EXPORT_JSON)
        return snprintf(buf, cap, "the model of %zu tokens; shown: %s, %s", d->model->m->n,
                        hx_what(s), head);
    size_t rows = s->n_panes ? s->pane[0].rows : 0, cols = s->n_panes ? s->pane[0].cols : 0;
    size_t z = kind == EXPORT_CSV ? 1 : hx_zoom(d);
    int n = snprintf(buf, cap, "%zu \xC3\x97 %zu %s, %s", rows, cols, hx_what(s), head);
    if (z > 1 && n >= 0 && (size_t)n < cap)
        n += snprintf(buf + n, cap - (size_t)n, ", zoom %zu", z);
    return n;
}

struct hx_job {
    const struct heat_doc *d;
    enum export_kind kind;
    const char *who;
};

static int hx_writer(FILE *f, void *ctx)
{
    const struct hx_job *j = ctx;
    return heatexport_write(f, j->d, j->kind);
}

static bool hx_starts(const char *p, size_t len, const char *with)
{
    size_t n = strlen(with);
    return len >= n && memcmp(p, with, n) == 0;
}

/* Whether the first len bytes of a file are those of kind's files. */
static bool hx_is_kind(enum export_kind kind, const char *head, size_t len)
{
    const char *p = head, *end = head + len;
    if (hx_starts(p, len, "\xEF\xBB\xBF"))
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    size_t rest = (size_t)(end - p);
    switch (kind) {
    case EXPORT_SVG:
        return hx_starts(p, rest, "<?xml") || hx_starts(p, rest, "<svg");
    case EXPORT_JSON:
        return rest > 0 && (*p == '{' || *p == '[');
    case EXPORT_ANSI:
        return hx_starts(head, len, "\x1b[") || hx_starts(head, len, "attnviz");
    case EXPORT_CSV: {
        /* head is not NUL-terminated */
        const char *nl = memchr(head, '\n', len);
        size_t line = nl ? (size_t)(nl - head) : len;
        return len > 0 && head[0] != '#' && !memchr(head, '\0', len)
               && !memchr(head, 0x1b, len) && memchr(head, ',', line);
    }
    case EXPORT_KIND_COUNT:
        break;
    }
    return false;
}

static const char *const hx_kind_what[EXPORT_KIND_COUNT] = {
    [EXPORT_SVG] = "an SVG file", [EXPORT_CSV] = "a CSV table", [EXPORT_JSON] = "a JSON file",
    [EXPORT_ANSI] = "an attnviz ANSI export",
};

/* An existing file may be replaced when it is empty (nothing to lose) or
 * of the kind being written. */
static int hx_guard(const char *path, const char *head, size_t len, void *ctx, char *err,
                    size_t errlen)
{
    const struct hx_job *j = ctx;
    if (len == 0 || hx_is_kind(j->kind, head, len))
        return 0;
    bool session = hx_starts(head, len, SESSION_MAGIC);
    return errmsg_set(err, errlen, "%s will not overwrite \"%s\": it is %s%s; %s! overwrites it",
                      j->who, path, session ? "an attnviz session, not " : "not ",
                      hx_kind_what[j->kind], j->who);
}

int heatexport_save(const struct heat_doc *d, enum export_kind kind, const char *path,
                    bool force, const char *who, char *err, size_t errlen)
{
    struct hx_job job = { d, kind, who };
    return fsfile_write_atomic(path, who, hx_writer, force ? NULL : hx_guard, &job, err, errlen);
}
