/* colormap.h - perceptual colormaps and their mapping onto what a terminal
 * can show: direct RGB, the xterm 256-color palette, the 8 ANSI colors, or a
 * monochrome glyph ramp.
 *
 * Pure functions of their arguments (no curses, no environment), so every
 * fallback is unit-tested. The tables are matplotlib's published 256-entry
 * viridis, magma, inferno and cividis, rounded to 8 bits per channel. */
#ifndef ATTNVIZ_COLORMAP_H
#define ATTNVIZ_COLORMAP_H

#include <stdint.h>

struct rgb { uint8_t r, g, b; };

enum colormap_id {
    COLORMAP_VIRIDIS = 0,   /* the default */
    COLORMAP_MAGMA,
    COLORMAP_INFERNO,
    COLORMAP_CIVIDIS,
    COLORMAP_COUNT
};

#define COLORMAP_ENTRIES 256

/* The map called "viridis", "magma", "inferno" or "cividis"; -1 for any
 * other name. */
int colormap_by_name(const char *name);

/* Entry i (0 .. 255) of a map; the index for t in [0, 1] (t is clamped,
 * NaN reads as 0). */
struct rgb colormap_entry(enum colormap_id id, unsigned i);
unsigned colormap_index(double t);

struct rgb rgb_from_hex(uint32_t rrggbb);

/* Relative luminance (sRGB, Rec. 709 weights), 0 (black) .. 1 (white): used
 * to pick readable text over a colored cell. */
double rgb_luminance(struct rgb c);

/* A direct-color terminal value 0xRRGGBB. Values under 8 are clamped to
 * #000008: ncurses' direct-color terminfo reads 0..7 as the ANSI palette, so
 * #000004 would otherwise come out as blue, not near-black. */
uint32_t rgb_direct(struct rgb c);

/* The nearest xterm palette index 16..255 (6x6x6 cube or the 24 grays), and
 * the RGB value of any index 0..255. */
int rgb_to_xterm256(struct rgb c);
struct rgb xterm256_rgb(int index);

/* The nearest of the 8 ANSI colors, numbered like curses' COLOR_BLACK (0) ..
 * COLOR_WHITE (7). */
int rgb_to_ansi8(struct rgb c);

/* A diverging color for t in [-1, 1] (clamped): blue, light gray at 0,
 * red. For signed values: scores, vectors, the PE. */
struct rgb colormap_diverging(double t);

/* The character of the monochrome ramp " .:-=+*#%@" (empty to full) for
 * t in [0, 1]; it never steps back down the ramp as t grows. */
char colormap_glyph(double t);

#endif
