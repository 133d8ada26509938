/* palette.h - the color roles and the heatmap colors, for any terminal.
 *
 * Every color on screen comes from here: a UI element names its role
 * (ROLE_STATUS, ROLE_ERROR, ...; the roles are theme.h's) and a heatmap cell
 * its weight. The colors are the current theme's: RGB used as is on
 * direct-color terminals, the nearest xterm index on 256-color ones, the
 * nearest ANSI color on 8-color ones (grays become the terminal's own color
 * with the role's monochrome look), and on monochrome terminals each role's
 * fixed attributes and the heatmap's glyph ramp. */
#ifndef ATTNVIZ_PALETTE_H
#define ATTNVIZ_PALETTE_H

#include <curses.h>
#include <stdbool.h>

#include "attnviz/colorlevel.h"
#include "attnviz/theme.h"

/* What a role or a heatmap color looks like at a color level: terminal
 * colors (-1: the terminal's own) and attributes. Pure, for the tests; the
 * functions below apply them. */
struct palette_look {
    int fg, bg;
    attr_t attrs;
};
struct palette_look palette_role_look(enum color_level level, enum role r,
                                      const struct theme_style *s);
/* A heatmap cell of color c: c as the background, text dark or light to be
 * read on it. */
struct palette_look palette_heat_look(enum color_level level, struct rgb c);

/* Sets the level (after start_color when it is not mono) and allocates the
 * role colors (palette_set_theme calls it again for a new theme). */
void palette_init(enum color_level level);

/* Shows theme t from now on; NULL, or a theme whose file had an error,
 * shows the default theme. */
void palette_set_theme(const struct theme *t);

/* Sets w's attributes and colors to the role's. */
void palette_use(WINDOW *w, enum role r);

/* A heatmap cell for weight t in [0, 1]: sets w's colors. Returns the glyph
 * to fill the cell with when the level cannot show the weight by color alone
 * (mono and 8 colors: the glyph ramp), or 0 when color says it all. */
char palette_heat(WINDOW *w, double t, bool cursor);

/* The same for a signed value, t in [-1, 1]: the diverging map (0 is its
 * middle); without colors the glyph of |t|, negatives dim. */
char palette_signed(WINDOW *w, double t, bool cursor);

/* A character cell that shows two rows, upper and lower (in [0, 1], or
 * [-1, 1] when signed_values): the caller writes "▀" after this, whose
 * foreground is the upper row and background the lower. false (and
 * nothing set) where the terminal cannot show it: no colors, 8 colors. */
bool palette_halves(WINDOW *w, double upper, double lower, bool signed_values, bool cursor);
/* Whether palette_halves can show two blocks a cell here. */
bool palette_has_halves(void);

#endif
