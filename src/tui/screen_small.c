/* screen_small.c - "terminal too small": all a terminal below the layout's
 * minimum shows, until it grows (screen.h). */
#include <curses.h>
#include <stdio.h>

#include "attnviz/palette.h"
#include "attnviz/screen.h"
#include "attnviz/textw.h"

/* Centred on row y, cut to the screen's width. */
static void put_centred(int y, const char *text)
{
    int x = (COLS - textw_width(text)) / 2;
    if (y >= 0 && y < LINES)
        mvaddnstr(y, x > 0 ? x : 0, text, COLS > 0 ? COLS : 0);
}

static WINDOW *small_draw(struct tui *t)
{
    if (!t->dirty)
        return NULL;
    char whole[64], needs[32], now[32];
    snprintf(needs, sizeof needs, "(needs %dx%d)", LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
    snprintf(whole, sizeof whole, "terminal too small %s", needs);
    snprintf(now, sizeof now, "now %dx%d", COLS, LINES);
    /* Too narrow for one line, the size it needs goes on its own. */
    bool split = textw_width(whole) > COLS;
    int n = split ? 3 : 2, y = LINES > n ? (LINES - n) / 2 : 0;
    werase(stdscr);
    palette_use(stdscr, ROLE_ERROR);
    put_centred(y++, split ? "terminal too small" : whole);
    if (split)
        put_centred(y++, needs);
    palette_use(stdscr, ROLE_HINT);
    put_centred(y, now);
    wnoutrefresh(stdscr);
    return NULL;
}

static bool small_key(struct tui *t, int key)
{
    if (key == 'q')
        t->quit = true;
    return key == 'q';
}

const struct screen screen_small = { small_draw, small_key };
