/* test_colormap.c - colormaps, their terminal fallbacks, the glyph ramp and
 * the color level decision from TERM, COLORTERM, NO_COLOR and --color. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "attnviz/colorlevel.h"
#include "attnviz/colormap.h"

/* The color a weight t gets: the index the palette takes, then the entry. */
static struct rgb at(enum colormap_id id, double t)
{
    return colormap_entry(id, colormap_index(t));
}

static void assert_rgb(struct rgb c, int r, int g, int b)
{
    assert_int_equal(c.r, r);
    assert_int_equal(c.g, g);
    assert_int_equal(c.b, b);
}

static void viridis_starts_dark_purple_and_ends_yellow(void **state)
{
    (void)state;
    /* matplotlib: [0.267004, 0.004874, 0.329415] .. [0.993248, 0.906157, 0.143936] */
    assert_rgb(at(COLORMAP_VIRIDIS, 0.0), 68, 1, 84);
    assert_rgb(at(COLORMAP_VIRIDIS, 1.0), 253, 231, 37);
    assert_rgb(colormap_entry(COLORMAP_VIRIDIS, 128), 0x21, 0x91, 0x8c);
}

static void weights_outside_zero_to_one_and_nan_are_clamped(void **state)
{
    (void)state;
    assert_rgb(at(COLORMAP_VIRIDIS, -3.0), 68, 1, 84);
    assert_rgb(at(COLORMAP_VIRIDIS, 7.0), 253, 231, 37);
    assert_rgb(at(COLORMAP_VIRIDIS, NAN), 68, 1, 84);
}

static void every_map_grows_brighter_from_start_to_end(void **state)
{
    (void)state;
    for (int m = 0; m < COLORMAP_COUNT; m++) {
        /* Perceptual maps are monotone in lightness; 8-bit rounding can make
         * neighbours tie, so compare entries 8 apart. */
        for (unsigned i = 0; i + 8 < COLORMAP_ENTRIES; i += 8)
            assert_true(rgb_luminance(colormap_entry(m, i))
                        < rgb_luminance(colormap_entry(m, i + 8)));
        assert_true(rgb_luminance(colormap_entry(m, 0)) < 0.05);
        assert_true(rgb_luminance(colormap_entry(m, 255)) > 0.6);
    }
}

static void maps_are_found_by_name(void **state)
{
    (void)state;
    assert_int_equal(colormap_by_name("viridis"), COLORMAP_VIRIDIS);
    assert_int_equal(colormap_by_name("magma"), COLORMAP_MAGMA);
    assert_int_equal(colormap_by_name("inferno"), COLORMAP_INFERNO);
    assert_int_equal(colormap_by_name("cividis"), COLORMAP_CIVIDIS);
    assert_int_equal(colormap_by_name("plasma"), -1);
    assert_int_equal(colormap_by_name(NULL), -1);
    const char *names[] = { "viridis", "magma", "inferno", "cividis" };
    for (int m = 0; m < COLORMAP_COUNT; m++)
        assert_int_equal(colormap_by_name(names[m]), m);
}

static void magma_and_inferno_start_near_black(void **state)
{
    (void)state;
    assert_rgb(at(COLORMAP_MAGMA, 0.0), 0, 0, 4);
    assert_rgb(at(COLORMAP_INFERNO, 0.0), 0, 0, 4);
}

static void direct_color_clamps_values_under_000008(void **state)
{
    (void)state;
    /* #000004 would be ANSI color 4 (blue) on a direct-color terminfo. */
    assert_int_equal(rgb_direct(at(COLORMAP_MAGMA, 0.0)), 0x000008);
    assert_int_equal(rgb_direct((struct rgb){ 0, 0, 0 }), 0x000008);
    assert_int_equal(rgb_direct((struct rgb){ 0, 0, 8 }), 0x000008);
    assert_int_equal(rgb_direct((struct rgb){ 0x44, 0x01, 0x54 }), 0x440154);
}

static void the_256_color_mapping_picks_the_nearest_cube_or_gray(void **state)
{
    (void)state;
    assert_int_equal(rgb_to_xterm256((struct rgb){ 255, 0, 0 }), 196);
    assert_int_equal(rgb_to_xterm256((struct rgb){ 0, 0, 0 }), 16);
    assert_int_equal(rgb_to_xterm256((struct rgb){ 255, 255, 255 }), 231);
    assert_int_equal(rgb_to_xterm256((struct rgb){ 128, 128, 128 }), 244);   /* gray 128 */
    assert_int_equal(rgb_to_xterm256((struct rgb){ 95, 135, 175 }), 67);    /* exact cube */
    /* Viridis' ends land on a dark purple and a yellow of the cube. */
    assert_int_equal(rgb_to_xterm256(at(COLORMAP_VIRIDIS, 0.0)), 53);
    assert_int_equal(rgb_to_xterm256(at(COLORMAP_VIRIDIS, 1.0)), 220);
    assert_rgb(xterm256_rgb(67), 95, 135, 175);
    assert_rgb(xterm256_rgb(244), 128, 128, 128);
}

static void the_256_color_mapping_is_never_worse_than_any_other_index(void **state)
{
    (void)state;
    for (unsigned i = 0; i < COLORMAP_ENTRIES; i += 5) {
        struct rgb c = colormap_entry(COLORMAP_CIVIDIS, i);
        int pick = rgb_to_xterm256(c);
        struct rgb p = xterm256_rgb(pick);
        long best = (long)(p.r - c.r) * (p.r - c.r) + (long)(p.g - c.g) * (p.g - c.g)
                  + (long)(p.b - c.b) * (p.b - c.b);
        for (int k = 16; k < 256; k++) {
            struct rgb q = xterm256_rgb(k);
            long d = (long)(q.r - c.r) * (q.r - c.r) + (long)(q.g - c.g) * (q.g - c.g)
                   + (long)(q.b - c.b) * (q.b - c.b);
            assert_true(best <= d);
        }
    }
}

static void the_8_color_mapping_picks_the_nearest_ansi_color(void **state)
{
    (void)state;
    assert_int_equal(rgb_to_ansi8((struct rgb){ 0, 0, 0 }), 0);        /* black */
    assert_int_equal(rgb_to_ansi8((struct rgb){ 250, 10, 10 }), 1);    /* red */
    assert_int_equal(rgb_to_ansi8((struct rgb){ 255, 255, 255 }), 7);  /* white */
    assert_int_equal(rgb_to_ansi8(at(COLORMAP_VIRIDIS, 0.5)), 6);  /* teal: cyan */
    assert_int_equal(rgb_to_ansi8(at(COLORMAP_VIRIDIS, 1.0)), 3);  /* yellow */
    assert_int_equal(rgb_to_ansi8(at(COLORMAP_VIRIDIS, 0.0)), 0);
}

static void the_glyph_ramp_goes_from_blank_to_full_without_going_back(void **state)
{
    (void)state;
    const char *ramp = " .:-=+*#%@";
    assert_int_equal(colormap_glyph(0.0), ' ');
    assert_int_equal(colormap_glyph(1.0), '@');
    assert_int_equal(colormap_glyph(0.5), ramp[5]);
    const char *prev = ramp;
    for (int k = 0; k <= 1000; k++) {
        const char *at = strchr(ramp, colormap_glyph(k / 1000.0));
        assert_non_null(at);
        assert_true(at >= prev);
        prev = at;
    }
}

static struct color_env env(enum tui_color_mode mode, const char *term, const char *colorterm,
                            const char *no_color, long colors)
{
    return (struct color_env){ mode, term, colorterm, no_color, colors };
}

static void no_color_set_and_non_empty_turns_color_off(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_AUTO, "xterm-256color", NULL, "1", 256);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
    e.no_color = "";
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_256);
}

static void color_always_overrides_no_color_but_not_terminfo(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_ALWAYS, "xterm-256color", NULL, "1", 256);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_256);
    e = env(TUI_COLOR_ALWAYS, "vt100", NULL, NULL, -1);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
}

static void color_never_is_mono_whatever_the_terminal(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_NEVER, "xterm-direct", "truecolor", NULL, 0x1000000);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
    assert_false(colorlevel_wants_direct(&e));
}

static void terminfo_color_count_picks_the_level(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_AUTO, "xterm", NULL, NULL, 8);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_8);
    e.colors = 16;
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_8);
    e.colors = 256;
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_256);
    e.colors = 0x1000000;
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_DIRECT);
    e.colors = -1;     /* vt100: no colors at all */
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
}

static void dumb_or_missing_term_means_no_color(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_AUTO, "dumb", NULL, NULL, 8);
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
    e.term = NULL;
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_MONO);
}

static void colorterm_truecolor_asks_for_a_direct_color_terminfo(void **state)
{
    (void)state;
    struct color_env e = env(TUI_COLOR_AUTO, "xterm-256color", "truecolor", NULL, 256);
    assert_true(colorlevel_wants_direct(&e));
    e.colorterm = "24bit";
    assert_true(colorlevel_wants_direct(&e));
    e.colorterm = "yes";
    assert_false(colorlevel_wants_direct(&e));
    e.colorterm = "truecolor";
    e.no_color = "1";
    assert_false(colorlevel_wants_direct(&e));
    /* Without a direct entry, COLORTERM alone cannot give RGB. */
    e.no_color = NULL;
    assert_int_equal(colorlevel_decide(&e), COLOR_LEVEL_256);
}

static void direct_terminfo_names_follow_the_terminal(void **state)
{
    (void)state;
    char names[4][64];
    assert_int_equal(colorlevel_direct_terms("xterm-256color", names, 4), 1);
    assert_string_equal(names[0], "xterm-direct");
    assert_int_equal(colorlevel_direct_terms("tmux-256color", names, 4), 2);
    assert_string_equal(names[0], "tmux-direct");
    assert_string_equal(names[1], "xterm-direct");
    assert_int_equal(colorlevel_direct_terms("xterm-direct", names, 4), 0);
    assert_int_equal(colorlevel_direct_terms("screen-256color", names, 4), 0);
    assert_int_equal(colorlevel_direct_terms("linux", names, 4), 0);
    assert_int_equal(colorlevel_direct_terms(NULL, names, 4), 0);
    assert_int_equal(colorlevel_direct_terms("tmux-256color", names, 1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(viridis_starts_dark_purple_and_ends_yellow),
        cmocka_unit_test(weights_outside_zero_to_one_and_nan_are_clamped),
        cmocka_unit_test(every_map_grows_brighter_from_start_to_end),
        cmocka_unit_test(maps_are_found_by_name),
        cmocka_unit_test(magma_and_inferno_start_near_black),
        cmocka_unit_test(direct_color_clamps_values_under_000008),
        cmocka_unit_test(the_256_color_mapping_picks_the_nearest_cube_or_gray),
        cmocka_unit_test(the_256_color_mapping_is_never_worse_than_any_other_index),
        cmocka_unit_test(the_8_color_mapping_picks_the_nearest_ansi_color),
        cmocka_unit_test(the_glyph_ramp_goes_from_blank_to_full_without_going_back),
        cmocka_unit_test(no_color_set_and_non_empty_turns_color_off),
        cmocka_unit_test(color_always_overrides_no_color_but_not_terminfo),
        cmocka_unit_test(color_never_is_mono_whatever_the_terminal),
        cmocka_unit_test(terminfo_color_count_picks_the_level),
        cmocka_unit_test(dumb_or_missing_term_means_no_color),
        cmocka_unit_test(colorterm_truecolor_asks_for_a_direct_color_terminfo),
        cmocka_unit_test(direct_terminfo_names_follow_the_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
