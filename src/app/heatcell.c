/* heatcell.c - the look of a heatmap cell (heatcell.h). */
#include "attnviz/heatcell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* :range auto rescales below a quarter: a long sentence's weights are all
 * small and would be one flat color on 0 .. 1. */
#define HEATCELL_AUTO_TOP 0.25

struct heat_span heatcell_span(const struct shown_pane *p, enum pe_kind pe,
                               enum heat_range range, double extent)
{
    struct heat_span s = { .signed_values = p->signed_values, .span = 1.0 };
    if (p->signed_values) {
        s.span = extent;
        if (p->data == SHOWN_PE && pe == PE_SINUSOIDAL && extent > 0.0 && extent < 1.0)
            s.span = 1.0;
        return s;
    }
    bool rescale = range == RANGE_ROW || (range == RANGE_AUTO && extent <= HEATCELL_AUTO_TOP);
    if (rescale && extent > 0.0) {
        s.span = extent;
        s.scaled = true;
    }
    return s;
}

double heatcell_t(const struct heat_span *s, double v)
{
    return s->span > 0.0 ? v / s->span : 0.0;
}

struct rgb heatcell_rgb(const struct rgb *map, double t, bool signed_values)
{
    return signed_values ? colormap_diverging(t) : map[colormap_index(t)];
}

bool heatcell_dark_text(struct rgb bg)
{
    return rgb_luminance(bg) > 0.3;
}

void heatcell_weight_text(char *buf, size_t cap, double v)
{
    if (v >= 0.995)
        snprintf(buf, cap, "1.0");
    else
        snprintf(buf, cap, ".%02d", (int)(v * 100.0 + 0.5));
}

/* Two decimals (.09) while they say something, else two significant
 * digits (.0012): never ".00". */
static void heatcell_top_text(char *buf, size_t cap, double v)
{
    if (v >= 0.0095) {
        heatcell_weight_text(buf, cap, v);
        return;
    }
    char t[16];
    snprintf(t, sizeof t, "%.2g", v);
    snprintf(buf, cap, "%s", strncmp(t, "0.", 2) == 0 ? t + 1 : t);
}

void heatcell_signed_text(char *buf, size_t cap, double v, int width)
{
    static const char *const forms[] = { "%.2f", "%.1f", "%.0f" };
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        /* no whole number for a fraction: 0.64 as "1" and -0.33 as "0"
         * would mislead; the cell's color says it. From 0.95 on it is what
         * one decimal gives too ("-1.0"), and "-1" is the only way -0.97
         * fits three columns. */
        if (k == 2 && fabs(v) < 0.95)
            break;
        char t[32];
        snprintf(t, sizeof t, forms[k], v);
        char *start = t;
        if (strtod(t, NULL) == 0.0)
            snprintf(t, sizeof t, forms[k], 0.0);   /* no "-0.0" */
        else if (t[0] == '0' && t[1] == '.')
            start = t + 1;
        else if (t[0] == '-' && t[1] == '0' && t[2] == '.')
            memmove(t + 1, t + 2, strlen(t + 2) + 1);
        size_t n = strlen(start);
        if ((int)n <= width && n < cap) {
            memcpy(buf, start, n + 1);
            return;
        }
    }
}

void heatcell_legend(const struct heat_span *s, enum heat_range range, bool zoomed,
                     enum zoom_mode mode, char *lo, char *hi, size_t cap)
{
    if (s->signed_values) {
        /* an all-zero pane (:pe none) spans 0: "0" at both ends, not "-0" */
        snprintf(lo, cap, "%.3g", s->span > 0.0 ? -s->span : 0.0);
        snprintf(hi, cap, "%.3g", s->span);
    } else {
        /* the range by name where it is not the plain 0..1 */
        snprintf(lo, cap, range == RANGE_AUTO && s->scaled ? "auto 0" : "0");
        if (range == RANGE_ROW)
            snprintf(hi, cap, "row max");
        else if (s->scaled)
            heatcell_top_text(hi, cap, s->span);
        else
            snprintf(hi, cap, "1");
    }
    size_t used = strlen(hi);
    if (zoomed && used < cap)
        snprintf(hi + used, cap - used, " %s", mode == ZOOM_MAX ? "max" : "mean");
}
