/* colorlevel.h - how much color to use, decided from the environment.
 *
 * A pure function of its inputs (the caller reads getenv and terminfo), so
 * every combination of TERM, COLORTERM, NO_COLOR and --color is testable:
 *
 *   --color=never, or auto with NO_COLOR non-empty or TERM dumb/unset -> mono
 *   terminfo with direct colors (>= 2^24)                              -> direct
 *   >= 256 colors -> 256;  >= 8 colors -> 8;  fewer                    -> mono
 *
 * COLORTERM=truecolor|24bit cannot make a 256-color terminfo emit RGB, so it
 * asks the caller to look for a direct-color terminfo entry first
 * (colorlevel_direct_term). --color=always overrides NO_COLOR and dumb (as
 * no-color.org asks of command-line options), but not what terminfo lacks. */
#ifndef ATTNVIZ_COLORLEVEL_H
#define ATTNVIZ_COLORLEVEL_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/tui.h"

enum color_level {
    COLOR_LEVEL_MONO = 0,   /* attributes and the glyph ramp only */
    COLOR_LEVEL_8,
    COLOR_LEVEL_256,
    COLOR_LEVEL_DIRECT,     /* 24-bit RGB */
};

struct color_env {
    enum tui_color_mode mode;   /* --color */
    const char *term;           /* $TERM, may be NULL */
    const char *colorterm;      /* $COLORTERM, may be NULL */
    const char *no_color;       /* $NO_COLOR, may be NULL */
    long colors;                /* terminfo max_colors of the terminal in use */
};

/* Whether color is wanted at all (before terminfo is asked). */
bool colorlevel_color_wanted(const struct color_env *e);

/* Whether to try a direct-color terminfo entry instead of $TERM. */
bool colorlevel_wants_direct(const struct color_env *e);

/* The direct-color terminfo names to try for term, best first: for
 * "xterm-256color" or "tmux-256color" these are "<base>-direct" and then
 * "xterm-direct". Writes at most max names of up to len bytes into names
 * (names[i] is a buffer of len bytes); returns how many. None for a term that
 * already is a direct entry, for screen (it cannot pass RGB through), linux
 * and dumb. */
size_t colorlevel_direct_terms(const char *term, char (*names)[64], size_t max);

enum color_level colorlevel_decide(const struct color_env *e);

#endif
