/* test_palette.c - what each role and heatmap color becomes at every color
 * level (the pure half of the palette; no terminal needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "attnviz/colormap.h"
#include "attnviz/palette.h"
#include "attnviz/theme.h"

static const struct theme_style red_on_blue = { 0xff0000, 0x0000ff, THEME_BOLD };

static void mono_uses_each_roles_fixed_attributes_and_no_color(void **state)
{
    (void)state;
    struct palette_look l = palette_role_look(COLOR_LEVEL_MONO, ROLE_STATUS, &red_on_blue);
    assert_int_equal(l.fg, -1);
    assert_int_equal(l.bg, -1);
    assert_true(l.attrs == A_REVERSE);       /* the status bar without colors */
    l = palette_role_look(COLOR_LEVEL_MONO, ROLE_ERROR, &red_on_blue);
    assert_true(l.attrs == A_BOLD);
}

static void direct_color_uses_the_rgb_value_and_the_themes_attributes(void **state)
{
    (void)state;
    struct palette_look l = palette_role_look(COLOR_LEVEL_DIRECT, ROLE_TEXT, &red_on_blue);
    assert_int_equal(l.fg, 0xff0000);
    assert_int_equal(l.bg, 0x0000ff);
    assert_true(l.attrs == A_BOLD);
    const struct theme_style dflt = { THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 };
    l = palette_role_look(COLOR_LEVEL_DIRECT, ROLE_TEXT, &dflt);
    assert_int_equal(l.fg, -1);
}

static void the_256_cube_takes_the_nearest_index(void **state)
{
    (void)state;
    struct palette_look l = palette_role_look(COLOR_LEVEL_256, ROLE_TEXT, &red_on_blue);
    /* pure red and blue are corners of the 6x6x6 cube: 16 + 36r + 6g + b */
    assert_int_equal(l.fg, 16 + 36 * 5);
    assert_int_equal(l.bg, 16 + 5);
}

static void eight_colors_take_the_ansi_color_and_grays_the_terminals_own(void **state)
{
    (void)state;
    struct palette_look l = palette_role_look(COLOR_LEVEL_8, ROLE_TEXT, &red_on_blue);
    assert_int_equal(l.fg, COLOR_RED);
    assert_int_equal(l.bg, COLOR_BLUE);
    const struct theme_style gray = { 0x808080, 0x000000, 0 };
    l = palette_role_look(COLOR_LEVEL_8, ROLE_TEXT, &gray);
    assert_int_equal(l.fg, -1);
    assert_int_equal(l.bg, COLOR_BLACK);
}

static void text_the_color_of_its_background_falls_back_to_the_mono_look(void **state)
{
    (void)state;
    const struct theme_style same = { 0x202020, 0x202020, 0 };
    struct palette_look l = palette_role_look(COLOR_LEVEL_DIRECT, ROLE_CURSOR, &same);
    assert_int_equal(l.fg, -1);
    assert_int_equal(l.bg, -1);
    assert_true(l.attrs & A_REVERSE);        /* the cursor is still visible */
}

static void heat_cells_put_readable_text_on_their_color(void **state)
{
    (void)state;
    struct rgb dark = { 0x44, 0x01, 0x54 }, light = { 0xfd, 0xe7, 0x25 };   /* viridis ends */
    struct palette_look l = palette_heat_look(COLOR_LEVEL_DIRECT, dark);
    assert_int_equal(l.bg, 0x440154);
    assert_true(rgb_luminance(rgb_from_hex((uint32_t)l.fg)) > 0.5);    /* light text */
    l = palette_heat_look(COLOR_LEVEL_DIRECT, light);
    assert_int_equal(l.bg, 0xfde725);
    assert_true(rgb_luminance(rgb_from_hex((uint32_t)l.fg)) < 0.1);    /* dark text */
    l = palette_heat_look(COLOR_LEVEL_256, light);
    assert_int_equal(l.bg, rgb_to_xterm256(light));
    assert_int_equal(l.fg, 16);                                        /* xterm black */
    l = palette_heat_look(COLOR_LEVEL_8, dark);
    assert_int_equal(l.bg, rgb_to_ansi8(dark));
    assert_int_equal(l.fg, COLOR_WHITE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mono_uses_each_roles_fixed_attributes_and_no_color),
        cmocka_unit_test(direct_color_uses_the_rgb_value_and_the_themes_attributes),
        cmocka_unit_test(the_256_cube_takes_the_nearest_index),
        cmocka_unit_test(eight_colors_take_the_ansi_color_and_grays_the_terminals_own),
        cmocka_unit_test(text_the_color_of_its_background_falls_back_to_the_mono_look),
        cmocka_unit_test(heat_cells_put_readable_text_on_their_color),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
