/* test_heatcell.c - the look of a heatmap cell (heatcell.c): the span of
 * its colors, its color, the text over it, its number and the legend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/heatcell.h"

static const struct shown_pane weights = { .data = SHOWN_WEIGHTS, .signed_values = false };
static const struct shown_pane scores = { .data = SHOWN_SCALED, .signed_values = true };
static const struct shown_pane pe = { .data = SHOWN_PE, .signed_values = true };

static void weights_span_0_to_1_unless_the_range_rescales_them(void **state)
{
    (void)state;
    struct heat_span s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_AUTO, 0.6);
    assert_false(s.signed_values);
    assert_true(s.span == 1.0 && !s.scaled);
    s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_AUTO, 0.16);
    assert_true(s.span == 0.16 && s.scaled);
    s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_AUTO, 0.25);
    assert_true(s.span == 0.25 && s.scaled);
    s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_FIXED, 0.16);
    assert_true(s.span == 1.0 && !s.scaled);
    s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_ROW, 0.6);
    assert_true(s.span == 0.6 && s.scaled);
    /* nothing shown: nothing to rescale to */
    s = heatcell_span(&weights, PE_SINUSOIDAL, RANGE_ROW, 0.0);
    assert_true(s.span == 1.0 && !s.scaled);
}

static void signed_values_span_their_extent_and_a_sinusoidal_pe_at_least_one(void **state)
{
    (void)state;
    struct heat_span s = heatcell_span(&scores, PE_SINUSOIDAL, RANGE_AUTO, 2.5);
    assert_true(s.signed_values && s.span == 2.5 && !s.scaled);
    s = heatcell_span(&scores, PE_SINUSOIDAL, RANGE_AUTO, 0.4);
    assert_true(s.span == 0.4);
    s = heatcell_span(&pe, PE_SINUSOIDAL, RANGE_AUTO, 0.4);
    assert_true(s.span == 1.0);
    s = heatcell_span(&pe, PE_LEARNED, RANGE_AUTO, 0.4);
    assert_true(s.span == 0.4);
}

static void a_value_lies_on_its_span(void **state)
{
    (void)state;
    struct heat_span s = heatcell_span(&weights, PE_NONE, RANGE_AUTO, 0.2);
    assert_true(fabs(heatcell_t(&s, 0.1) - 0.5) < 1e-12);
    s = heatcell_span(&scores, PE_NONE, RANGE_AUTO, 4.0);
    assert_true(heatcell_t(&s, -2.0) == -0.5);
    s = heatcell_span(&scores, PE_NONE, RANGE_AUTO, 0.0);
    assert_true(heatcell_t(&s, 3.0) == 0.0);
}

static void colors_come_from_the_theme_map_or_the_diverging_map(void **state)
{
    (void)state;
    struct rgb map[COLORMAP_ENTRIES];
    for (unsigned i = 0; i < COLORMAP_ENTRIES; i++)
        map[i] = colormap_entry(COLORMAP_MAGMA, i);
    struct rgb top = heatcell_rgb(map, 1.0, false), bottom = heatcell_rgb(map, 0.0, false);
    assert_memory_equal(&top, &map[COLORMAP_ENTRIES - 1], sizeof top);
    assert_memory_equal(&bottom, &map[0], sizeof bottom);
    struct rgb neg = heatcell_rgb(map, -1.0, true), mid = heatcell_rgb(map, 0.0, true);
    struct rgb want_neg = colormap_diverging(-1.0), want_mid = colormap_diverging(0.0);
    assert_memory_equal(&neg, &want_neg, sizeof neg);
    assert_memory_equal(&mid, &want_mid, sizeof mid);
}

static void text_is_dark_on_light_cells_and_light_on_dark_ones(void **state)
{
    (void)state;
    assert_true(heatcell_dark_text(colormap_entry(COLORMAP_VIRIDIS, 255)));
    assert_false(heatcell_dark_text(colormap_entry(COLORMAP_VIRIDIS, 0)));
}

static void numbers_are_written_as_the_screen_writes_them(void **state)
{
    (void)state;
    char buf[16];
    heatcell_weight_text(buf, sizeof buf, 0.364);
    assert_string_equal(buf, ".36");
    heatcell_weight_text(buf, sizeof buf, 0.999);
    assert_string_equal(buf, "1.0");
    heatcell_signed_text(buf, sizeof buf, -0.4231, 4);
    assert_string_equal(buf, "-.42");
    heatcell_signed_text(buf, sizeof buf, -0.0001, 4);
    assert_string_equal(buf, "0.00");
    heatcell_signed_text(buf, sizeof buf, 12.5, 4);
    assert_string_equal(buf, "12.5");
    heatcell_signed_text(buf, sizeof buf, -123456.0, 4);
    assert_string_equal(buf, "");
    /* a fraction in a cell too narrow for it shows no number, never a
     * rounded whole one */
    heatcell_signed_text(buf, sizeof buf, 0.64, 1);
    assert_string_equal(buf, "");
    heatcell_signed_text(buf, sizeof buf, -0.33, 2);
    assert_string_equal(buf, "");
    heatcell_signed_text(buf, sizeof buf, 0.64, 2);
    assert_string_equal(buf, ".6");
    heatcell_signed_text(buf, sizeof buf, 3.4, 1);
    assert_string_equal(buf, "3");
    /* three columns show every value of -1 .. 1 (-0.97 was blank there:
     * "-.97" and "-1.0" take four) */
    heatcell_signed_text(buf, sizeof buf, -0.9749, 3);
    assert_string_equal(buf, "-1");
    for (int k = -1000; k <= 1000; k++) {
        heatcell_signed_text(buf, sizeof buf, k / 1000.0, 3);
        assert_true(buf[0] != '\0');
        assert_true(fabs(strtod(buf, NULL) - k / 1000.0) <= 0.051);
    }
}

static void the_legend_names_the_ends_of_the_span(void **state)
{
    (void)state;
    char lo[24], hi[24];
    struct heat_span s = heatcell_span(&weights, PE_NONE, RANGE_AUTO, 0.16);
    heatcell_legend(&s, RANGE_AUTO, false, ZOOM_MAX, lo, hi, sizeof lo);
    assert_string_equal(lo, "auto 0");     /* a rescaled range says so */
    assert_string_equal(hi, ".16");
    s = heatcell_span(&weights, PE_NONE, RANGE_AUTO, 0.00123);
    heatcell_legend(&s, RANGE_AUTO, false, ZOOM_MAX, lo, hi, sizeof lo);
    assert_string_equal(hi, ".0012");      /* never ".00" */
    s = heatcell_span(&weights, PE_NONE, RANGE_FIXED, 0.16);
    heatcell_legend(&s, RANGE_FIXED, false, ZOOM_MAX, lo, hi, sizeof lo);
    assert_string_equal(lo, "0");
    assert_string_equal(hi, "1");
    s = heatcell_span(&weights, PE_NONE, RANGE_AUTO, 0.16);
    heatcell_legend(&s, RANGE_ROW, true, ZOOM_MEAN, lo, hi, sizeof lo);
    assert_string_equal(hi, "row max mean");
    s = heatcell_span(&scores, PE_NONE, RANGE_AUTO, 1.25);
    heatcell_legend(&s, RANGE_AUTO, true, ZOOM_MAX, lo, hi, sizeof lo);
    assert_string_equal(lo, "-1.25");
    assert_string_equal(hi, "1.25 max");
    /* a pane of zeros (:pe none) spans nothing: no "-0" */
    s = heatcell_span(&scores, PE_NONE, RANGE_AUTO, 0.0);
    heatcell_legend(&s, RANGE_AUTO, false, ZOOM_MAX, lo, hi, sizeof lo);
    assert_string_equal(lo, "0");
    assert_string_equal(hi, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weights_span_0_to_1_unless_the_range_rescales_them),
        cmocka_unit_test(signed_values_span_their_extent_and_a_sinusoidal_pe_at_least_one),
        cmocka_unit_test(a_value_lies_on_its_span),
        cmocka_unit_test(colors_come_from_the_theme_map_or_the_diverging_map),
        cmocka_unit_test(text_is_dark_on_light_cells_and_light_on_dark_ones),
        cmocka_unit_test(numbers_are_written_as_the_screen_writes_them),
        cmocka_unit_test(the_legend_names_the_ends_of_the_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
