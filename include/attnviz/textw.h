/* textw.h - display width of UTF-8 text in terminal columns.
 *
 * Token labels may hold CJK (2 columns a character), emoji, combining marks
 * or control bytes; every label, status item and number on screen is placed
 * by these widths so the grid stays aligned. Needs an LC_CTYPE locale that
 * decodes UTF-8 (main sets it). Characters that cannot be shown (controls,
 * undecodable bytes) count as one column and are written as '?'. */
#ifndef ATTNVIZ_TEXTW_H
#define ATTNVIZ_TEXTW_H

#include <stddef.h>

/* Columns s takes on screen. */
int textw_width(const char *s);

/* Columns the first n bytes of s take (n may end mid-character: that partial
 * character is not counted). */
int textw_width_n(const char *s, size_t n);

/* Copies s into out (cap bytes, always NUL-terminated when cap > 0) so it
 * takes at most maxw columns: when s is wider, it is cut at a character
 * boundary and ends with "…". Replaces characters that cannot be shown with
 * '?'. Returns the columns written. */
int textw_fit(const char *s, int maxw, char *out, size_t cap);

/* The same without the "…": for labels of two or three columns, where the
 * mark would leave a single letter. */
int textw_cut(const char *s, int maxw, char *out, size_t cap);

#endif
