/* palette.c - role colors and heatmap colors on any terminal (palette.h). */
#include "attnviz/palette.h"

#include <string.h>

/* The default role table: readable on dark and light terminals alike, since
 * text roles keep the terminal's own background. */
static const struct role_style default_roles[ROLE_COUNT] = {
    [ROLE_STATUS]       = { 0xe4e4e4, 0x264f78, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
    [ROLE_TITLE]        = { 0xd0d0d0, 0x3a3a3a, COLOR_WHITE, COLOR_BLACK, A_BOLD, A_UNDERLINE },
    [ROLE_TITLE_FOCUS]  = { 0x1c1c1c, 0xffd75f, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
    [ROLE_LABEL]        = { PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, A_NORMAL, A_NORMAL },
    [ROLE_LABEL_CURSOR] = { 0x1c1c1c, 0xffd75f, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
    [ROLE_AXIS]         = { 0x8a8a8a, PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, A_NORMAL, A_DIM },
    [ROLE_MASKED]       = { 0x585858, PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, A_NORMAL, A_DIM },
    [ROLE_CURSOR]       = { 0x1c1c1c, 0xffd75f, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE },
    [ROLE_TEXT]         = { PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, A_NORMAL, A_NORMAL },
    [ROLE_EMPHASIS]     = { 0x87d7ff, PALETTE_DEFAULT, COLOR_CYAN, PALETTE_DEFAULT, A_BOLD, A_BOLD },
    [ROLE_MESSAGE]      = { 0x87d787, PALETTE_DEFAULT, COLOR_GREEN, PALETTE_DEFAULT, A_NORMAL, A_NORMAL },
    [ROLE_ERROR]        = { 0xff5f5f, PALETTE_DEFAULT, COLOR_RED, PALETTE_DEFAULT, A_BOLD, A_BOLD },
    [ROLE_BAR_POS]      = { 0x5fafff, PALETTE_DEFAULT, COLOR_CYAN, PALETTE_DEFAULT, A_NORMAL, A_NORMAL },
    [ROLE_BAR_NEG]      = { 0xff875f, PALETTE_DEFAULT, COLOR_MAGENTA, PALETTE_DEFAULT, A_NORMAL, A_DIM },
    [ROLE_PROMPT]       = { 0xffd75f, PALETTE_DEFAULT, COLOR_YELLOW, PALETTE_DEFAULT, A_BOLD, A_BOLD },
    [ROLE_HINT]         = { 0x808080, PALETTE_DEFAULT, PALETTE_DEFAULT, PALETTE_DEFAULT, A_NORMAL, A_DIM },
};

/* Built-in themes: today each is a colormap with the default roles. */
static const char *const theme_names[] = { "viridis", "magma", "inferno", "cividis" };
#define THEME_COUNT (sizeof theme_names / sizeof theme_names[0])

static struct {
    enum color_level level;
    enum colormap_id map;
    struct role_style roles[ROLE_COUNT];
    int role_pair[ROLE_COUNT];
    attr_t role_attr[ROLE_COUNT];
    int heat_pair[COLORMAP_ENTRIES];     /* 0: not allocated yet */
} pal = { .map = COLORMAP_VIRIDIS };

/* A terminal color for an RGB role color at the current level. */
static int term_color(int32_t rgb)
{
    if (rgb == PALETTE_DEFAULT)
        return -1;
    struct rgb c = rgb_from_hex((uint32_t)rgb);
    return pal.level == COLOR_LEVEL_DIRECT ? (int)rgb_direct(c) : rgb_to_xterm256(c);
}

static int pair_for(int fg, int bg)
{
    int p = alloc_pair(fg, bg);
    return p > 0 ? p : 0;
}

void palette_init(enum color_level level)
{
    pal.level = level;
    memcpy(pal.roles, default_roles, sizeof pal.roles);
    memset(pal.heat_pair, 0, sizeof pal.heat_pair);
    if (level != COLOR_LEVEL_MONO) {
        reset_color_pairs();
        use_default_colors();
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct role_style *s = &pal.roles[r];
        pal.role_pair[r] = 0;
        pal.role_attr[r] = level == COLOR_LEVEL_MONO ? s->mono : s->attrs;
        if (level == COLOR_LEVEL_8)
            pal.role_pair[r] = pair_for(s->ansi_fg, s->ansi_bg);
        else if (level != COLOR_LEVEL_MONO)
            pal.role_pair[r] = pair_for(term_color(s->fg), term_color(s->bg));
        /* A role with no color at 8 colors falls back to its mono look. */
        if (level == COLOR_LEVEL_8 && s->ansi_fg == PALETTE_DEFAULT && s->ansi_bg == PALETTE_DEFAULT)
            pal.role_attr[r] |= s->mono;
    }
}

enum color_level palette_level(void)
{
    return pal.level;
}

const char *const *palette_theme_names(size_t *count)
{
    *count = THEME_COUNT;
    return theme_names;
}

bool palette_set_theme(const char *name)
{
    int m = colormap_by_name(name);
    bool known = m >= 0 || strcmp(name, "default") == 0;
    enum colormap_id want = m >= 0 ? (enum colormap_id)m : COLORMAP_VIRIDIS;
    if (want != pal.map) {
        pal.map = want;
        palette_init(pal.level);
    }
    return known;
}

void palette_use(WINDOW *w, enum role r)
{
    int pair = pal.role_pair[r];
    wattr_set(w, pal.role_attr[r], 0, &pair);
}

/* Readable text over a cell: dark on light colors, light on dark ones. */
static bool dark_text_on(struct rgb bg)
{
    return rgb_luminance(bg) > 0.3;
}

static int heat_pair(unsigned idx)
{
    if (pal.heat_pair[idx])
        return pal.heat_pair[idx];
    struct rgb c = colormap_entry(pal.map, idx);
    int fg, bg;
    switch (pal.level) {
    case COLOR_LEVEL_DIRECT:
        bg = (int)rgb_direct(c);
        fg = dark_text_on(c) ? 0x101010 : 0xf0f0f0;
        break;
    case COLOR_LEVEL_256:
        bg = rgb_to_xterm256(c);
        fg = dark_text_on(xterm256_rgb(bg)) ? 16 : 231;
        break;
    default:
        bg = rgb_to_ansi8(c);
        fg = dark_text_on(xterm256_rgb(bg)) ? COLOR_BLACK : COLOR_WHITE;
        break;
    }
    return pal.heat_pair[idx] = pair_for(fg, bg);
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
