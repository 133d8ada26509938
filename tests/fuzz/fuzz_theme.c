/* fuzz_theme.c - libFuzzer: any text either parses as a theme or fails with
 * one "SOURCE:LINE: message" line; either way nothing outside the theme is
 * touched and every role color stays a valid 0xRRGGBB or the default. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct theme *base = theme_default();
    struct theme out;
    char err[1024];
    memset(&out, 0, sizeof out);
    if (theme_parse((const char *)data, size, "fuzz.theme", base, &out, err, sizeof err) != 0) {
        if (strncmp(err, "fuzz.theme:", 11) != 0 || strchr(err, '\n'))
            abort();
        return 0;
    }
    if (!memchr(out.description, '\0', sizeof out.description))
        abort();
    for (int r = 0; r < ROLE_COUNT; r++)
        if (out.roles[r].fg < THEME_COLOR_DEFAULT || out.roles[r].fg > 0xffffff
            || out.roles[r].bg < THEME_COLOR_DEFAULT || out.roles[r].bg > 0xffffff
            || out.roles[r].attrs > (THEME_BOLD | THEME_REVERSE | THEME_UNDERLINE))
            abort();
    return 0;
}
