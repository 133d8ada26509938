/* heatexport.h - the heatmap as a file (:export, --dump --format): what
 * the screen shows - the stage or view, the head, the zoom, the theme's
 * colors and :range - written as one of
 *
 *   svg   a standalone picture: cells in the heatmap's colors (heatcell.h)
 *         with their values where they fit, token labels on both axes with
 *         captions (queries ↓, keys →, or positions and dimensions), a
 *         legend per pane, the settings in a title line; every text is
 *         XML-escaped, and each cell has an id "cP-R-C" (pane, block row,
 *         block column) and a tooltip
 *   csv   the matrix shown, at full resolution: the header row names the
 *         columns (tokens, or dimensions; "q:0" when panes stand side by
 *         side), the first column the rows, the first cell the axes
 *         ("query\key"). RFC 4180 quoting; a label that starts with = + -
 *         @, a tab or a CR gets a ' before it (OWASP's rule against formula
 *         injection: a spreadsheet shows it as text); numbers are %.9g and
 *         never changed; a masked score (−∞) is an empty field
 *   json  the model as :print json writes it, ending with the key "shown"
 *   ansi  the heatmap as text with SGR colors (24-bit or 256) that `cat`
 *         shows in a terminal; with no colors, no escape byte at all
 *
 * The picture formats keep the zoom (:zoom N, block summaries as the
 * screen folds them, :zoom-mode) and zoom out further where a side would
 * have more than HEATEXPORT_MAX_BLOCKS blocks (:zoom fit is that limit).
 * Colored text begins with "attnviz" (or an escape): that is how an export
 * knows a file of its own kind. */
#ifndef ATTNVIZ_HEATEXPORT_H
#define ATTNVIZ_HEATEXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "attnviz/colormap.h"
#include "attnviz/command.h"
#include "attnviz/export.h"
#include "attnviz/shown.h"

#define HEATEXPORT_MAX_BLOCKS 128

/* The escapes of an ANSI export. */
enum ansi_colors { ANSI_NONE = 0, ANSI_256, ANSI_24BIT };

/* None when never, or when NO_COLOR is set and not empty unless always
 * (no-color.org: an explicit option wins); 24-bit when COLORTERM is
 * truecolor or 24bit; else 256 colors. The terminal an export is shown in
 * is not the one it was made in, so TERM does not count. */
enum ansi_colors heatexport_colors(bool never, bool always, const char *no_color,
                                   const char *colorterm);

/* What an export shows. */
struct heat_doc {
    const struct export_doc *model;   /* the model and its tokens */
    const struct shown *shown;        /* built for that model */
    const struct rgb *map;            /* the theme's heatmap colors [COLORMAP_ENTRIES] */
    enum heat_range range;
    int zoom;                         /* :zoom: N >= 1, or ZOOM_FIT */
    enum zoom_mode zoom_mode;
    enum ansi_colors colors;          /* for ansi */
};

/* Writes d as kind. 0, or -1 when writing failed (errno set). */
int heatexport_write(FILE *f, const struct heat_doc *d, enum export_kind kind);

/* What an export of d as kind holds, for the message after it:
 * "12 × 12 weights, head 0", "12 × 8 qkv, head 1, zoom 2", "the model of
 * 12 tokens, head 0 shown". As snprintf. */
int heatexport_describe(const struct heat_doc *d, enum export_kind kind, char *buf,
                        size_t cap);

/* Writes d as kind to path atomically (fsfile_write_atomic). An existing
 * file is replaced only when it is empty or of the same kind (an SVG,
 * JSON, a CSV table, an ANSI export; never a session file), unless force.
 * who (":export") starts every message. An enum fsfile_status, with a
 * message in err when not 0; on failure path is as it was. */
int heatexport_save(const struct heat_doc *d, enum export_kind kind, const char *path,
                    bool force, const char *who, char *err, size_t errlen);

#endif
