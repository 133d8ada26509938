/* statusbar.h - the settings at a glance, on 1 to 3 lines at the top, and
 * under them the flow strip: the stages of the computation, the shown one
 * highlighted.
 *
 * Items in a fixed order, each kept whole and wrapped like words:
 *   d_model 8  heads 1  head 0  pe sinusoidal  proj identity  scale on
 *   causal off  seed 42  theme viridis  "The cat sat on the mat …"
 * ("mean of heads" replaces "head 0"; "preview" leads while a sentence is
 * being typed; with word vectors loaded, "vectors common-48 (48 dims, 5/6
 * found)" follows the seed: the file, its dimension, and how many of the
 * tokens it has). The sentence takes what is left of the last line, or a
 * line of its own when that is too full. */
#ifndef ATTNVIZ_STATUSBAR_H
#define ATTNVIZ_STATUSBAR_H

#include <curses.h>

struct app;

#define STATUSBAR_MAX_LINES 3

/* Lines the items need at this width (1 .. STATUSBAR_MAX_LINES), and one
 * more for the flow strip. */
int statusbar_lines(const struct app *a, int width);
void statusbar_draw(WINDOW *w, const struct app *a);

#endif
