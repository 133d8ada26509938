/* help.h - the help screen ('?'): every key from the keymap's binding table
 * and every command name of the session language. */
#ifndef ATTNVIZ_HELP_H
#define ATTNVIZ_HELP_H

#include <curses.h>

/* Draws the help into w (the whole screen) from line `scroll` on; returns
 * the largest useful scroll for this size. */
int help_draw(WINDOW *w, int scroll);

#endif
