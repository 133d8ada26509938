/* colorlevel.c - the color level decision (see colorlevel.h). */
#include "attnviz/colorlevel.h"

#include <stdio.h>
#include <string.h>


static bool is_set(const char *s)
{
    return s && *s;
}

bool colorlevel_color_wanted(const struct color_env *e)
{
    switch (e->mode) {
    case TUI_COLOR_NEVER:
        return false;
    case TUI_COLOR_ALWAYS:
        return true;
    case TUI_COLOR_AUTO:
        break;
    }
    if (is_set(e->no_color))
        return false;
    return is_set(e->term) && strcmp(e->term, "dumb") != 0;
}

bool colorlevel_wants_direct(const struct color_env *e)
{
    return colorlevel_color_wanted(e) && is_set(e->colorterm)
        && (strcmp(e->colorterm, "truecolor") == 0 || strcmp(e->colorterm, "24bit") == 0);
}

size_t colorlevel_direct_terms(const char *term, char (*names)[64], size_t max)
{
    if (!is_set(term) || strstr(term, "direct") || strncmp(term, "screen", 6) == 0
        || strcmp(term, "linux") == 0 || strcmp(term, "dumb") == 0)
        return 0;
    size_t base = strcspn(term, "-.");
    size_t n = 0;
    if (n < max && base > 0 && base < 48 && strncmp(term, "xterm", base) != 0)
        snprintf(names[n++], 64, "%.*s-direct", (int)base, term);
    if (n < max)
        snprintf(names[n++], 64, "xterm-direct");
    return n;
}

enum color_level colorlevel_decide(const struct color_env *e)
{
    if (!colorlevel_color_wanted(e))
        return COLOR_LEVEL_MONO;
    if (e->colors >= 0x1000000L)
        return COLOR_LEVEL_DIRECT;
    if (e->colors >= 256)
        return COLOR_LEVEL_256;
    if (e->colors >= 8)
        return COLOR_LEVEL_8;
    return COLOR_LEVEL_MONO;
}
