/* textw.c - display width of UTF-8 text (see textw.h). */
#include "attnviz/textw.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* One character of s: its byte length (0 at the end), its columns, and
 * whether it can be shown as it is. */
struct glyph {
    size_t bytes;
    int cols;
    bool printable;
};

static struct glyph next_glyph(const char *s, size_t avail)
{
    if (avail == 0 || *s == '\0')
        return (struct glyph){ 0, 0, false };
    /* ASCII is itself in every locale we run in: no decoding for the bulk
     * of what the panes print (a frame measures thousands of characters). */
    unsigned char c = (unsigned char)*s;
    if (c < 0x80)
        return (struct glyph){ 1, 1, c >= 0x20 && c != 0x7f };
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t k = mbrtowc(&wc, s, avail, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
        return (struct glyph){ 1, 1, false };
    int w = wcwidth(wc);
    if (w < 0)
        return (struct glyph){ k, 1, false };
    return (struct glyph){ k, w, true };
}

/* The columns of s[0..n), counting no further than past limit (a long
 * sentence cut to a line need not be measured whole). */
static int width_upto(const char *s, size_t n, int limit)
{
    int cols = 0;
    size_t i = 0;
    while (i < n && cols <= limit) {
        /* Decode past n, so a character n cuts is seen whole and left out,
         * not counted as an undecodable byte. */
        struct glyph g = next_glyph(s + i, strnlen(s + i, MB_LEN_MAX));
        if (g.bytes == 0 || i + g.bytes > n)
            break;
        cols += g.cols;
        i += g.bytes;
    }
    return cols;
}

int textw_width_n(const char *s, size_t n)
{
    return width_upto(s, n, INT_MAX);
}

int textw_width(const char *s)
{
    return textw_width_n(s, strlen(s));
}

static const char ellipsis[] = "\xe2\x80\xa6";   /* U+2026, one column */

/* Copies the columns of s that fit maxw into out; with mark, a cut is shown
 * by a closing "…" (which then takes the last column). */
static int copy_fit(const char *s, int maxw, char *out, size_t cap, bool mark)
{
    if (cap == 0)
        return 0;
    out[0] = '\0';
    if (maxw <= 0)
        return 0;
    size_t n = strlen(s);
    bool cut = width_upto(s, n, maxw) > maxw;
    int budget = cut && mark ? maxw - 1 : maxw;
    size_t i = 0, o = 0, wide_o = 0;   /* wide_o: where the last glyph of width began */
    int cols = 0, wide_cols = 0;
    while (i < n) {
        struct glyph g = next_glyph(s + i, n - i);
        if (g.bytes == 0 || cols + g.cols > budget)
            break;
        size_t need = g.printable ? g.bytes : 1;
        if (o + need + sizeof ellipsis > cap)
            break;
        if (g.cols > 0) {
            wide_o = o;
            wide_cols = cols;
        }
        if (g.printable)
            memcpy(out + o, s + i, g.bytes);
        else
            out[o] = '?';
        o += need;
        cols += g.cols;
        i += g.bytes;
    }
    /* Cut by cap rather than by width, the text may already fill maxw: the
     * "…" then takes the last glyph's place (and its marks'). */
    if (i < n && mark && cols + 1 > maxw) {
        o = wide_o;
        cols = wide_cols;
    }
    if (i < n && mark && o + sizeof ellipsis <= cap) {
        memcpy(out + o, ellipsis, sizeof ellipsis);   /* with its NUL */
        return cols + 1;
    }
    out[o] = '\0';
    return cols;
}

int textw_fit(const char *s, int maxw, char *out, size_t cap)
{
    return copy_fit(s, maxw, out, cap, true);
}

int textw_cut(const char *s, int maxw, char *out, size_t cap)
{
    return copy_fit(s, maxw, out, cap, false);
}
