/* theme.h - color themes as data: a heatmap colormap and the UI role colors.
 *
 * A theme is a `key = value` text file (format: themes/README.md). The
 * themes a user can pick come from three places, later ones winning for the
 * same name:
 *
 *   1. the built-in set: themes/ *.theme, embedded at build time
 *   2. the shipped theme folders (datadir.h), the best one last:
 *      ATTNVIZ_DATADIR/themes, then ../share/attnviz/themes beside the
 *      binary (make install puts the same files there as are built in)
 *   3. $XDG_CONFIG_HOME/attnviz/themes (default ~/.config/attnviz/themes)
 *
 * A theme's name is its file name without ".theme". Keys a file leaves out
 * keep the built-in default theme's values. A file with an error still
 * makes a theme of its name, with the default's colors and the error
 * ("FILE:LINE: message") for whoever shows it: a bad file falls back to the
 * default and never stops the program.
 *
 * No curses here: the TUI's palette turns a theme into terminal colors. */
#ifndef ATTNVIZ_THEME_H
#define ATTNVIZ_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attnviz/colormap.h"
#include "attnviz/limits.h"

/* The UI color roles: every color on screen that is not a heatmap cell.
 * A theme file's role keys are theme_role_key's names for these. */
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
    ROLE_NARRATION,     /* a replayed session's :note box */
    ROLE_COUNT
};

#define THEME_COLOR_DEFAULT (-1)     /* the terminal's own foreground/background */

enum theme_attr {
    THEME_BOLD      = 1u << 0,
    THEME_REVERSE   = 1u << 1,
    THEME_UNDERLINE = 1u << 2,
};

struct theme_style {
    int32_t fg, bg;      /* 0xRRGGBB or THEME_COLOR_DEFAULT */
    unsigned attrs;      /* enum theme_attr bits */
};

#define THEME_NAME_MAX AV_MAX_NAME   /* the :theme grammar's limit */
#define THEME_DESCRIPTION_MAX 200u
#define THEME_STOPS_MAX 256u
#define THEME_DEFAULT_NAME "viridis"

struct theme {
    char name[THEME_NAME_MAX + 1];
    char description[THEME_DESCRIPTION_MAX + 1];
    char *source;    /* the file it came from; "built-in NAME.theme" */
    char *error;     /* NULL, or why the file was not used: "FILE:LINE: message" */
    struct rgb map[COLORMAP_ENTRIES];   /* heatmap colors for weights 0 .. 1 */
    struct theme_style roles[ROLE_COUNT];
};

/* "status", "title-focus", ... (the theme file keys). */
const char *theme_role_key(enum role r);

/* Parses a theme file's text over *base (keys the text does not set keep
 * base's values) into out's description, map and roles. Returns 0, or -1
 * with "SOURCE:LINE: message" in err and out unspecified, e.g.
 *   x.theme:3: colormap expects a map name or #rrggbb stops, got "#12345" */
int theme_parse(const char *text, size_t len, const char *source,
                const struct theme *base, struct theme *out,
                char *err, size_t errlen);

/* Spreads n >= 2 stops evenly over the map, linearly between neighbours:
 * out[0] is stops[0] and out[COLORMAP_ENTRIES - 1] is stops[n - 1]. */
void theme_interpolate(const struct rgb *stops, size_t n,
                       struct rgb out[COLORMAP_ENTRIES]);

/* ---- the available themes (one set per process) ---- */

/* Replaces the set with the built-in themes and then every NAME.theme file
 * of each directory in dirs, in order (a missing directory is skipped). */
void theme_load(const char *const *dirs, size_t n_dirs);

/* theme_load with the standard search path (see the top of this file). */
void theme_load_standard(void);

/* Before any theme_load the set holds the built-in themes. The names are in
 * the order 't' cycles them: the default first, then by name. */
const char *const *theme_names(size_t *count);
/* The same without the themes whose file has an error: what :theme takes,
 * 't' cycles and Tab completes. */
const char *const *theme_usable_names(size_t *count);
/* Why a NAME.theme file was not loaded at all (a name too long or with
 * other characters): "FOLDER/FILE: not loaded: …", one a file. */
const char *const *theme_skipped(size_t *count);
const struct theme *theme_find(const char *name);     /* NULL when unknown */
const struct theme *theme_default(void);

/* 0 when name is an available theme without an error, else -1 with the
 * message for it:
 *   unknown theme "x" (see :themes)
 *   theme "x" cannot be used: FILE:LINE: message
 * (:theme, --theme and the config file's theme all say this.) */
int theme_check(const char *name, char *err, size_t errlen);

#endif
