/* heatcell.h - what a heatmap cell looks like, wherever it is drawn: the
 * span of its pane's colors, its color, the color of the text over it, the
 * way its value is written, and the legend's two ends.
 *
 * The terminal heatmap (src/tui) and the exports (SVG, colored text) both
 * use these, so a file shows the colors and numbers the screen shows. Pure
 * functions of their arguments: no curses, no state. */
#ifndef ATTNVIZ_HEATCELL_H
#define ATTNVIZ_HEATCELL_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/colormap.h"
#include "attnviz/command.h"
#include "attnviz/posenc.h"
#include "attnviz/shown.h"

/* What a pane's colors span: weights 0 .. span on the theme's map, signed
 * values -span .. span on the diverging map. */
struct heat_span {
    bool signed_values;
    double span;
    bool scaled;          /* weights whose top color is not 1 */
};

/* The span of pane p's colors from extent, the largest |value| it shows
 * (under :range row, the row's largest weight): signed values span
 * ±extent, a sinusoidal PE at least ±1 (its sin and cos reach 1 whatever
 * rows are shown); weights 0 to 1, or to extent where :range says so
 * (auto: when no weight shown is over a quarter; row: always). */
struct heat_span heatcell_span(const struct shown_pane *p, enum pe_kind pe,
                               enum heat_range range, double extent);

/* Where v lies on the span: 0 .. 1, or -1 .. 1 for signed values (0 when
 * the span is 0; not clamped). */
double heatcell_t(const struct heat_span *s, double v);

/* The color at t: the diverging map for signed values, else map (the
 * theme's COLORMAP_ENTRIES colors). */
struct rgb heatcell_rgb(const struct rgb *map, double t, bool signed_values);

/* Whether text over bg is dark (else light) to be read; the two colors
 * where a cell's text can be any color. */
bool heatcell_dark_text(struct rgb bg);
#define HEATCELL_DARK_TEXT 0x101010u
#define HEATCELL_LIGHT_TEXT 0xf0f0f0u

/* A weight as a cell shows it: ".36", "1.0". */
void heatcell_weight_text(char *buf, size_t cap, double v);

/* A signed value in at most width columns, or "" when it does not fit:
 * the most decimals that fit, a leading "0" dropped (-.42) so that three
 * columns keep a sign and a digit, never "-0". */
void heatcell_signed_text(char *buf, size_t cap, double v, int width);

/* The legend's two ends ("0" "1", "auto 0" ".16" (never ".00": "auto 0"
 * ".0012"), "0" "row max", "-1.2" "1.2"), with " max" or " mean" after the
 * top when zoomed out. */
void heatcell_legend(const struct heat_span *s, enum heat_range range, bool zoomed,
                     enum zoom_mode mode, char *lo, char *hi, size_t cap);

#endif
