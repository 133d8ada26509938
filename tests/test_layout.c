/* test_layout.c - pane rectangles for terminal sizes, and the display-width
 * helpers that keep token labels aligned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/layout.h"
#include "attnviz/statusbar.h"
#include "attnviz/textw.h"
#include "support/fixture.h"

static struct layout lay(int cols, int lines, int status_h, int heat_w, int heat_h)
{
    struct layout_req req = { cols, lines, status_h, heat_w, heat_h };
    struct layout l;
    layout_compute(&req, &l);
    return l;
}

static void assert_rect(struct rect r, int y, int x, int h, int w)
{
    assert_int_equal(r.y, y);
    assert_int_equal(r.x, x);
    assert_int_equal(r.h, h);
    assert_int_equal(r.w, w);
}

static int area(struct rect r)
{
    return r.h * r.w;
}

static bool overlap(struct rect a, struct rect b)
{
    return area(a) && area(b) && a.x < b.x + b.w && b.x < a.x + a.w
        && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every pane inside the screen, none overlapping another. */
static void assert_tiles(const struct layout *l, int cols, int lines)
{
    const struct rect r[] = { l->status, l->heat, l->vec, l->explain, l->msg, l->prompt };
    size_t n = sizeof r / sizeof r[0];
    for (size_t i = 0; i < n; i++) {
        assert_true(r[i].h > 0 && r[i].w > 0);
        assert_true(r[i].y >= 0 && r[i].x >= 0);
        assert_true(r[i].y + r[i].h <= lines && r[i].x + r[i].w <= cols);
        for (size_t k = i + 1; k < n; k++)
            assert_false(overlap(r[i], r[k]));
    }
}

static void an_80x24_terminal_puts_heatmap_and_vectors_above_the_explain_pane(void **state)
{
    (void)state;
    /* 11 tokens: labels 8 wide + 11 cells of 4, and 13 lines. */
    struct layout l = lay(80, 24, 2, 52, 13);
    assert_false(l.too_small);
    assert_rect(l.status, 0, 0, 2, 80);
    assert_rect(l.heat, 2, 0, 13, 52);
    assert_rect(l.vec, 2, 53, 13, 27);
    assert_rect(l.explain, 15, 0, 7, 80);
    assert_rect(l.msg, 22, 0, 1, 80);
    assert_rect(l.prompt, 23, 0, 1, 80);
    assert_tiles(&l, 80, 24);
}

static void a_60x20_terminal_keeps_every_pane_and_a_readable_explain_pane(void **state)
{
    (void)state;
    struct layout l = lay(60, 20, 2, 52, 13);
    assert_false(l.too_small);
    assert_rect(l.heat, 2, 0, 10, 41);      /* the vectors keep 18 columns */
    assert_rect(l.vec, 2, 42, 10, 18);
    assert_rect(l.explain, 12, 0, 6, 60);
    assert_rect(l.prompt, 19, 0, 1, 60);
    assert_tiles(&l, 60, 20);
}

static void a_200x60_terminal_gives_the_explain_pane_ten_full_width_lines(void **state)
{
    (void)state;
    struct layout l = lay(200, 60, 1, 74, 24);
    assert_false(l.too_small);
    assert_rect(l.status, 0, 0, 1, 200);
    assert_rect(l.heat, 1, 0, 47, 74);
    assert_rect(l.vec, 1, 75, 47, 125);
    assert_rect(l.explain, 48, 0, 10, 200);
    assert_rect(l.msg, 58, 0, 1, 200);
    assert_tiles(&l, 200, 60);
}

static void a_wide_heatmap_leaves_forty_percent_of_a_wide_screen_to_the_vectors(void **state)
{
    (void)state;
    struct layout l = lay(200, 60, 1, 5000, 8000);
    assert_int_equal(l.heat.w, 119);
    assert_int_equal(l.vec.w, 80);
    assert_int_equal(l.explain.h, 6);
    assert_tiles(&l, 200, 60);
}

static void a_tiny_heatmap_gets_its_minimum_width(void **state)
{
    (void)state;
    struct layout l = lay(80, 24, 2, 12, 4);
    assert_int_equal(l.heat.w, 30);
    assert_int_equal(l.explain.h, 10);      /* the spare lines go to explain */
    assert_tiles(&l, 80, 24);
}

static void below_60x16_the_terminal_is_too_small(void **state)
{
    (void)state;
    assert_true(lay(59, 24, 2, 52, 13).too_small);
    assert_true(lay(80, 15, 2, 52, 13).too_small);
    assert_true(lay(0, 0, 1, 52, 13).too_small);
    struct layout l = lay(60, 16, 3, 52, 13);
    assert_false(l.too_small);
    assert_true(l.heat.h >= 5);
    assert_tiles(&l, 60, 16);
}

static void every_size_from_the_minimum_up_tiles_the_screen(void **state)
{
    (void)state;
    for (int cols = LAYOUT_MIN_COLS; cols <= 220; cols += 7)
        for (int lines = LAYOUT_MIN_LINES; lines <= 70; lines += 3)
            for (int sh = 1; sh <= 3; sh++) {
                struct layout l = lay(cols, lines, sh, 40 + cols / 3, lines / 2);
                assert_false(l.too_small);
                assert_tiles(&l, cols, lines);
            }
}

static void layouts_compare_equal_only_when_every_pane_matches(void **state)
{
    (void)state;
    struct layout a = lay(80, 24, 2, 52, 13), b = lay(80, 24, 2, 52, 13);
    assert_true(layout_equal(&a, &b));
    b = lay(81, 24, 2, 52, 13);
    assert_false(layout_equal(&a, &b));
}

static void ascii_text_is_one_column_a_character(void **state)
{
    (void)state;
    assert_int_equal(textw_width("cat"), 3);
    assert_int_equal(textw_width(""), 0);
}

static void cjk_and_emoji_take_two_columns(void **state)
{
    (void)state;
    assert_int_equal(textw_width("猫"), 2);
    assert_int_equal(textw_width("猫が"), 4);
    assert_int_equal(textw_width("🐈"), 2);
    assert_int_equal(textw_width("é"), 1);
    assert_int_equal(textw_width("e\xcc\x81"), 1);   /* e + combining acute */
}

static void fitting_cuts_by_columns_and_ends_with_an_ellipsis(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(textw_fit("because", 4, out, sizeof out), 4);
    assert_string_equal(out, "bec…");
    assert_int_equal(textw_fit("cat", 4, out, sizeof out), 3);
    assert_string_equal(out, "cat");
    assert_int_equal(textw_fit("cats", 4, out, sizeof out), 4);
    assert_string_equal(out, "cats");
    assert_int_equal(textw_fit("cat", 0, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void fitting_never_splits_a_wide_character(void **state)
{
    (void)state;
    char out[64];
    /* 猫猫猫 is 6 columns; in 4 there is room for one 猫, the "…" and a gap. */
    assert_int_equal(textw_fit("猫猫猫", 4, out, sizeof out), 3);
    assert_string_equal(out, "猫…");
    assert_int_equal(textw_fit("猫猫", 4, out, sizeof out), 4);
    assert_string_equal(out, "猫猫");
}

static void cutting_drops_the_ellipsis_for_tiny_labels(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(textw_cut("because", 2, out, sizeof out), 2);
    assert_string_equal(out, "be");
    assert_int_equal(textw_cut("猫猫", 3, out, sizeof out), 2);
    assert_string_equal(out, "猫");
    assert_int_equal(textw_cut("on", 3, out, sizeof out), 2);
    assert_string_equal(out, "on");
}

static void control_characters_show_as_question_marks(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(textw_fit("a\x01" "b", 8, out, sizeof out), 3);
    assert_string_equal(out, "a?b");
    assert_int_equal(textw_width("a\x01" "b"), 3);
}

/* ---- the status bar's height (it feeds layout_req.status_h) ---------------- */

/* At the narrowest width where the settings just fit on one line, the
 * sentence has no room left there: it gets a second line rather than
 * vanishing. Where there is room, it shares the line. */
static void the_status_bar_gives_the_sentence_a_line_when_the_settings_fill_theirs(void **state)
{
    (void)state;
    struct app a;
    struct model_config cfg;
    char err[256];
    command_default_config(&cfg);
    assert_int_equal(app_init(&a, &cfg, err, sizeof err), 0);
    /* one line of settings, and one for the flow strip */
    int tight = 0;
    for (int w = 20; w < 400 && !tight; w++)
        if (statusbar_lines(&a, w) == 2)
            tight = w;              /* no sentence yet: the settings alone */
    assert_true(tight > 0);
    assert_false(try_line(&a, "we like warm tea", 16, NULL, 0, err, sizeof err) & APP_ERROR);
    assert_int_equal(statusbar_lines(&a, tight), 3);
    assert_int_equal(statusbar_lines(&a, tight + 40), 2);
    app_free(&a);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_80x24_terminal_puts_heatmap_and_vectors_above_the_explain_pane),
        cmocka_unit_test(a_60x20_terminal_keeps_every_pane_and_a_readable_explain_pane),
        cmocka_unit_test(a_200x60_terminal_gives_the_explain_pane_ten_full_width_lines),
        cmocka_unit_test(a_wide_heatmap_leaves_forty_percent_of_a_wide_screen_to_the_vectors),
        cmocka_unit_test(a_tiny_heatmap_gets_its_minimum_width),
        cmocka_unit_test(below_60x16_the_terminal_is_too_small),
        cmocka_unit_test(every_size_from_the_minimum_up_tiles_the_screen),
        cmocka_unit_test(layouts_compare_equal_only_when_every_pane_matches),
        cmocka_unit_test(ascii_text_is_one_column_a_character),
        cmocka_unit_test(cjk_and_emoji_take_two_columns),
        cmocka_unit_test(fitting_cuts_by_columns_and_ends_with_an_ellipsis),
        cmocka_unit_test(fitting_never_splits_a_wide_character),
        cmocka_unit_test(cutting_drops_the_ellipsis_for_tiny_labels),
        cmocka_unit_test(control_characters_show_as_question_marks),
        cmocka_unit_test(the_status_bar_gives_the_sentence_a_line_when_the_settings_fill_theirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
