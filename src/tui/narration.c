/* narration.c - see narration.h. */
#include "attnviz/narration.h"

#include <stdlib.h>
#include <string.h>

#include "attnviz/fatal.h"
#include "attnviz/palette.h"
#include "attnviz/textw.h"

enum { NARRATION_PAD = 2 };   /* border and one blank on each side */

/* Bytes of the UTF-8 character that starts with c (the text was checked by
 * the parser; a stray byte counts as one). */
static size_t narration_char_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static void narration_emit(struct narration_span *out, size_t max, size_t *n,
                           size_t start, size_t len)
{
    if (*n < max)
        out[*n] = (struct narration_span){ start, len };
    (*n)++;
}

size_t narration_wrap(const char *text, int width, struct narration_span *out, size_t max)
{
    if (width < 1)
        width = 1;
    size_t len = strlen(text), n = 0, i = 0, line_start = 0, line_end = 0;
    int line_w = -1;     /* -1: no line open */
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t ws = i;
        while (i < len && text[i] != ' ')
            i++;
        size_t wl = i - ws;
        int ww = textw_width_n(text + ws, wl);
        if (line_w >= 0 && line_w + 1 + ww <= width) {
            line_end = i;
            line_w += 1 + ww;
            continue;
        }
        if (line_w >= 0)
            narration_emit(out, max, &n, line_start, line_end - line_start);
        /* The word starts a line; cut off what does not fit, line by line. */
        while (ww > width) {
            size_t cut = 0;
            for (;;) {
                size_t k = narration_char_len((unsigned char)text[ws + cut]);
                if (cut + k > wl || textw_width_n(text + ws, cut + k) > width)
                    break;
                cut += k;
            }
            if (cut == 0)   /* a character wider than the line: alone on it */
                cut = narration_char_len((unsigned char)text[ws]);
            if (cut > wl)
                cut = wl;
            narration_emit(out, max, &n, ws, cut);
            ws += cut;
            wl -= cut;
            ww = textw_width_n(text + ws, wl);
        }
        line_start = ws;
        line_end = ws + wl;
        line_w = wl ? ww : -1;
    }
    if (line_w >= 0)
        narration_emit(out, max, &n, line_start, line_end - line_start);
    return n;
}

void narration_draw(WINDOW *w, const char *text)
{
    int h = getmaxy(w), width = getmaxx(w), inner = width - 2 * NARRATION_PAD;
    if (h < 3 || inner < 1)
        return;
    size_t need = narration_wrap(text, inner, NULL, 0);
    int rows = need + 2 < (size_t)h ? (int)need + 2 : h;
    WINDOW *b = derwin(w, rows, width, h - rows, 0);
    struct narration_span *spans = malloc((need ? need : 1) * sizeof *spans);
    if (!b || !spans)
        av_fatal("out of memory");
    narration_wrap(text, inner, spans, need);
    palette_use(b, ROLE_NARRATION);
    werase(b);
    palette_use(b, ROLE_TITLE);
    box(b, 0, 0);
    mvwaddstr(b, 0, NARRATION_PAD, " narration ");
    palette_use(b, ROLE_NARRATION);
    char buf[1024];
    for (int r = 0; r < rows - 2 && (size_t)r < need; r++) {
        const struct narration_span *s = &spans[r];
        bool last = r == rows - 3 && (size_t)r + 1 < need;
        /* The last row that fits takes the rest of the text, cut with "…". */
        size_t take = last ? strlen(text + s->start) : s->len;
        char *piece = malloc(take + 1);
        if (!piece)
            av_fatal("out of memory");
        memcpy(piece, text + s->start, take);
        piece[take] = '\0';
        textw_fit(piece, inner, buf, sizeof buf);
        free(piece);
        mvwaddstr(b, r + 1, NARRATION_PAD, buf);
    }
    free(spans);
    delwin(b);
}
