/* explainpane.h - draws explain_stage's lines for the heatmap's cursor. */
#ifndef ATTNVIZ_EXPLAINPANE_H
#define ATTNVIZ_EXPLAINPANE_H

#include <curses.h>

struct app;
struct heatmap;

/* The first line is the title (which cell); then as many lines as fit, most
 * important first: the sentence, then each step of the arithmetic. The pane
 * takes no keys: it follows the heatmap's cursor. */
void explainpane_draw(WINDOW *w, const struct app *a, const struct heatmap *h);

#endif
