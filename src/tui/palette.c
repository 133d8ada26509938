/* palette.c - role colors and heatmap colors on any terminal (palette.h). */
#include "attnviz/palette.h"

#include <math.h>
#include <string.h>

#include "attnviz/heatcell.h"

/* Each role's look without colors (and on 8 colors when its colors are
 * grays, which 8 colors cannot show): a terminal matter, not a theme's. */
static const attr_t mono_attrs[ROLE_COUNT] = {
    [ROLE_STATUS] = A_REVERSE,          [ROLE_TITLE] = A_UNDERLINE,
    [ROLE_TITLE_FOCUS] = A_REVERSE | A_BOLD, [ROLE_LABEL] = A_NORMAL,
    [ROLE_LABEL_CURSOR] = A_REVERSE | A_BOLD, [ROLE_AXIS] = A_DIM,
    [ROLE_MASKED] = A_DIM,              [ROLE_CURSOR] = A_REVERSE,
    [ROLE_TEXT] = A_NORMAL,             [ROLE_EMPHASIS] = A_BOLD,
    [ROLE_MESSAGE] = A_NORMAL,          [ROLE_ERROR] = A_BOLD,
    [ROLE_BAR_POS] = A_NORMAL,          [ROLE_BAR_NEG] = A_DIM,
    [ROLE_PROMPT] = A_BOLD,             [ROLE_HINT] = A_DIM,
    [ROLE_NARRATION] = A_REVERSE,
};

static struct {
    enum color_level level;
    const struct theme *theme;           /* NULL: the default */
    int role_pair[ROLE_COUNT];
    attr_t role_attr[ROLE_COUNT];
    int heat_pair[COLORMAP_ENTRIES];     /* 0: not allocated yet */
    int signed_pair[COLORMAP_ENTRIES];
} pal;

static const struct theme *current(void)
{
    return pal.theme && !pal.theme->error ? pal.theme : theme_default();
}

/* The nearest of the 8 ANSI colors; a gray that is neither near black nor
 * near white is the terminal's own color instead (-1), since the nearest
 * ANSI color of a mid gray is a hue. */
static int ansi_color(int32_t rgb)
{
    if (rgb == THEME_COLOR_DEFAULT)
        return -1;
    struct rgb c = rgb_from_hex((uint32_t)rgb);
    int hi = c.r > c.g ? (c.r > c.b ? c.r : c.b) : (c.g > c.b ? c.g : c.b);
    int lo = c.r < c.g ? (c.r < c.b ? c.r : c.b) : (c.g < c.b ? c.g : c.b);
    if (hi - lo < 48 && lo >= 0x40 && hi <= 0xc0)
        return -1;
    return rgb_to_ansi8(c);
}

/* A terminal color for an RGB role color at a color level. */
static int term_color(enum color_level level, int32_t rgb)
{
    if (level == COLOR_LEVEL_8)
        return ansi_color(rgb);
    if (rgb == THEME_COLOR_DEFAULT)
        return -1;
    struct rgb c = rgb_from_hex((uint32_t)rgb);
    return level == COLOR_LEVEL_DIRECT ? (int)rgb_direct(c) : rgb_to_xterm256(c);
}

static attr_t theme_attrs(unsigned a)
{
    return (a & THEME_BOLD ? A_BOLD : 0) | (a & THEME_REVERSE ? A_REVERSE : 0)
         | (a & THEME_UNDERLINE ? A_UNDERLINE : 0);
}

static int pair_for(int fg, int bg)
{
    int p = alloc_pair(fg, bg);
    return p > 0 ? p : 0;
}

struct palette_look palette_role_look(enum color_level level, enum role r,
                                      const struct theme_style *s)
{
    if (level == COLOR_LEVEL_MONO)
        return (struct palette_look){ -1, -1, mono_attrs[r] };
    struct palette_look look = { term_color(level, s->fg), term_color(level, s->bg),
                                 theme_attrs(s->attrs) };
    /* A role left with no color, or with text the color of its background,
     * falls back to its mono look. */
    if (look.fg == look.bg) {
        look.fg = look.bg = -1;
        look.attrs |= mono_attrs[r];
    }
    return look;
}

struct palette_look palette_heat_look(enum color_level level, struct rgb c)
{
    int fg, bg;
    switch (level) {
    case COLOR_LEVEL_DIRECT:
        bg = (int)rgb_direct(c);
        fg = (int)(heatcell_dark_text(c) ? HEATCELL_DARK_TEXT : HEATCELL_LIGHT_TEXT);
        break;
    case COLOR_LEVEL_256:
        bg = rgb_to_xterm256(c);
        fg = heatcell_dark_text(xterm256_rgb(bg)) ? 16 : 231;
        break;
    case COLOR_LEVEL_8:
        bg = rgb_to_ansi8(c);
        fg = heatcell_dark_text(xterm256_rgb(bg)) ? COLOR_BLACK : COLOR_WHITE;
        break;
    case COLOR_LEVEL_MONO:
    default:
        fg = bg = -1;
        break;
    }
    return (struct palette_look){ fg, bg, A_NORMAL };
}

void palette_init(enum color_level level)
{
    pal.level = level;
    memset(pal.heat_pair, 0, sizeof pal.heat_pair);
    memset(pal.signed_pair, 0, sizeof pal.signed_pair);
    if (level != COLOR_LEVEL_MONO) {
        reset_color_pairs();
        use_default_colors();
    }
    const struct theme *th = current();
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct palette_look look = palette_role_look(level, (enum role)r, &th->roles[r]);
        pal.role_attr[r] = look.attrs;
        pal.role_pair[r] = level == COLOR_LEVEL_MONO ? 0 : pair_for(look.fg, look.bg);
    }
}

void palette_set_theme(const struct theme *t)
{
    pal.theme = t;
    palette_init(pal.level);
}

void palette_use(WINDOW *w, enum role r)
{
    int pair = pal.role_pair[r];
    wattr_set(w, pal.role_attr[r], 0, &pair);
}

static int heat_pair(unsigned idx)
{
    if (!pal.heat_pair[idx]) {
        struct palette_look look = palette_heat_look(pal.level, current()->map[idx]);
        pal.heat_pair[idx] = pair_for(look.fg, look.bg);
    }
    return pal.heat_pair[idx];
}

/* A terminal color value at the current level. */
static int level_color(struct rgb c)
{
    switch (pal.level) {
    case COLOR_LEVEL_DIRECT: return (int)rgb_direct(c);
    case COLOR_LEVEL_256:    return rgb_to_xterm256(c);
    default:                 return rgb_to_ansi8(c);
    }
}

char palette_signed(WINDOW *w, double t, bool cursor)
{
    attr_t attrs = cursor ? A_REVERSE | A_BOLD : A_NORMAL;
    char glyph = colormap_glyph(fabs(t));
    if (pal.level == COLOR_LEVEL_MONO) {
        /* no color for the sign: negatives dim */
        wattr_set(w, attrs | (t < 0 ? A_DIM : 0), 0, NULL);
        return glyph;
    }
    unsigned idx = colormap_index((t + 1.0) / 2.0);
    if (!pal.signed_pair[idx]) {
        struct palette_look look = palette_heat_look(pal.level, colormap_diverging(t));
        pal.signed_pair[idx] = pair_for(look.fg, look.bg);
    }
    int pair = pal.signed_pair[idx];
    wattr_set(w, attrs, 0, &pair);
    return pal.level == COLOR_LEVEL_8 ? glyph : 0;
}

bool palette_has_halves(void)
{
    return pal.level == COLOR_LEVEL_256 || pal.level == COLOR_LEVEL_DIRECT;
}

bool palette_halves(WINDOW *w, double upper, double lower, bool signed_values, bool cursor)
{
    if (!palette_has_halves())
        return false;
    /* 32 steps a half: enough for the eye, and pairs stay few */
    double qu = floor((signed_values ? (upper + 1.0) / 2.0 : upper) * 31.0 + 0.5) / 31.0;
    double ql = floor((signed_values ? (lower + 1.0) / 2.0 : lower) * 31.0 + 0.5) / 31.0;
    if (signed_values) {
        qu = qu * 2.0 - 1.0;
        ql = ql * 2.0 - 1.0;
    }
    int pair = pair_for(level_color(heatcell_rgb(current()->map, qu, signed_values)),
                        level_color(heatcell_rgb(current()->map, ql, signed_values)));
    wattr_set(w, cursor ? A_REVERSE | A_BOLD : A_NORMAL, 0, &pair);
    return true;
}

char palette_heat(WINDOW *w, double t, bool cursor)
{
    attr_t attrs = cursor ? A_REVERSE | A_BOLD : A_NORMAL;
    char glyph = colormap_glyph(t);
    if (pal.level == COLOR_LEVEL_MONO) {
        wattr_set(w, attrs, 0, NULL);
        return glyph;
    }
    int pair = heat_pair(colormap_index(t));
    wattr_set(w, attrs, 0, &pair);
    return pal.level == COLOR_LEVEL_8 ? glyph : 0;
}
