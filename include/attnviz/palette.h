/* palette.h - the color-role table and the heatmap colors, for any terminal.
 *
 * Every color on screen comes from here: a UI element names its role
 * (ROLE_STATUS, ROLE_ERROR, ...) and a heatmap cell its weight. Each role has
 * an RGB pair (used as is on direct-color terminals, as the nearest xterm
 * index on 256-color ones), an explicit ANSI pair for 8-color terminals and
 * attributes for monochrome ones. This table is the single source of truth a
 * theme file (issue 4) fills; today a theme name picks the heatmap's
 * colormap and the roles keep their defaults. */
#ifndef ATTNVIZ_PALETTE_H
#define ATTNVIZ_PALETTE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attnviz/colorlevel.h"
#include "attnviz/colormap.h"

enum role {
    ROLE_STATUS,        /* the status bar */
    ROLE_TITLE,         /* a pane's title line */
    ROLE_TITLE_FOCUS,   /* the focused pane's title */
    ROLE_LABEL,         /* token labels on the heatmap axes */
    ROLE_LABEL_CURSOR,  /* the labels of the cursor's row and column */
    ROLE_AXIS,          /* "query ↓", "key →", legend numbers, indices */
    ROLE_MASKED,        /* a cell hidden by the causal mask */
    ROLE_CURSOR,        /* the focused vector component, the edit field */
    ROLE_TEXT,          /* explain lines, vector numbers */
    ROLE_EMPHASIS,      /* the explain pane's sentence */
    ROLE_MESSAGE,       /* the last message */
    ROLE_ERROR,         /* the last error */
    ROLE_BAR_POS,       /* vector bars: positive */
    ROLE_BAR_NEG,       /* vector bars: negative */
    ROLE_PROMPT,        /* the prompt sign */
    ROLE_HINT,          /* quiet help text */
    ROLE_COUNT
};

#define PALETTE_DEFAULT (-1)   /* the terminal's own foreground/background */

struct role_style {
    int32_t fg, bg;            /* 0xRRGGBB or PALETTE_DEFAULT */
    short ansi_fg, ansi_bg;    /* COLOR_BLACK .. COLOR_WHITE or PALETTE_DEFAULT */
    attr_t attrs;              /* with colors */
    attr_t mono;               /* without colors */
};

/* Sets the level (after start_color when it is not mono) and allocates the
 * role colors. Call again after a theme change. */
void palette_init(enum color_level level);
enum color_level palette_level(void);

/* The built-in theme names, in the order 't' cycles them (the first is the
 * default; "default" also names it). */
const char *const *palette_theme_names(size_t *count);
/* Selects a theme by name; false (and the default theme) when unknown. */
bool palette_set_theme(const char *name);

/* Sets w's attributes and colors to the role's. */
void palette_use(WINDOW *w, enum role r);

/* A heatmap cell for weight t in [0, 1]: sets w's colors. Returns the glyph
 * to fill the cell with when the level cannot show the weight by color alone
 * (mono and 8 colors: the glyph ramp), or 0 when color says it all. */
char palette_heat(WINDOW *w, double t, bool cursor);

#endif
