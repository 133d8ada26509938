/* theme_builtin.h - the theme files of themes/, embedded at build time.
 *
 * scripts/embed-themes.sh writes their definitions into
 * $(BUILD)/gen/themes_builtin.c, so themes/ *.theme stays the one source of
 * the built-in themes. Private to theme.c (and the test that checks the
 * embedded copies against the files). */
#ifndef ATTNVIZ_APP_THEME_BUILTIN_H
#define ATTNVIZ_APP_THEME_BUILTIN_H

#include <stddef.h>

struct theme_builtin {
    const char *file;     /* "viridis.theme" */
    const char *text;     /* the file's bytes, NUL-terminated */
    size_t len;           /* without the NUL */
};

extern const struct theme_builtin theme_builtins[];
extern const size_t theme_builtin_count;

#endif
