/* narration.h - the box a replayed :note is shown in.
 *
 * While the current step of a replay is a note, its paragraph sits in a
 * bordered box over the bottom of the explain pane, wrapped by display
 * width, so the first explain lines (which cell, the sentence) stay in view
 * next to it. A paragraph longer than the box ends with "…". */
#ifndef ATTNVIZ_NARRATION_H
#define ATTNVIZ_NARRATION_H

#include <curses.h>
#include <stddef.h>

/* One wrapped line: bytes [start, start + len) of the text. */
struct narration_span {
    size_t start, len;
};

/* Wraps UTF-8 text into lines of at most width columns, breaking at spaces
 * (runs of spaces vanish at a break); a word wider than a line is cut at a
 * character boundary. Stores up to max spans in out (out may be NULL when
 * max is 0) and returns how many lines the whole text needs. */
size_t narration_wrap(const char *text, int width, struct narration_span *out, size_t max);

/* Draws the box with text over the bottom rows of w (the explain pane). */
void narration_draw(WINDOW *w, const char *text);

#endif
