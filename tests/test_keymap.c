/* test_keymap.c - every key becomes a session-language line or a UI action. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <limits.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/keymap.h"
#include "attnviz/limits.h"

static const char *const themes[] = { "viridis", "magma", "inferno", "cividis" };

/* "I love cats ." at d_model 8, one head, cursor on (1, 0). */
static struct keymap_state start(void)
{
    return (struct keymap_state){
        .focus = FOCUS_HEATMAP, .n = 4, .row = 1, .col = 0, .page = 10,
        .d_model = 8, .heads = 1, .head = 0, .pe = PE_SINUSOIDAL,
        .causal = false, .scale = true, .theme = "viridis",
        .themes = themes, .n_themes = 4,
    };
}

static void assert_line(const struct keymap_state *s, int key, const char *line)
{
    struct keymap_result r;
    keymap_translate(s, key, &r);
    assert_int_equal(r.action, KEYMAP_COMMAND);
    assert_string_equal(r.line, line);
}

static void assert_action(const struct keymap_state *s, int key, enum keymap_action a)
{
    struct keymap_result r;
    keymap_translate(s, key, &r);
    assert_int_equal(r.action, a);
}

static void plus_raises_d_model_by_one(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, '+', ":dim 9");
    assert_line(&s, '=', ":dim 9");
    assert_line(&s, '-', ":dim 7");
}

static void star_doubles_and_slash_halves_d_model(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, '*', ":dim 16");
    assert_line(&s, '/', ":dim 4");
}

static void d_model_steps_keep_a_multiple_of_the_heads(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.heads = 2;
    assert_line(&s, '+', ":dim 10");
    assert_line(&s, '-', ":dim 6");
    s.d_model = 12;
    s.heads = 4;
    assert_line(&s, '/', ":dim 4");     /* 6 is no multiple of 4 */
}

/* The keys do not run a d_model nobody typed: they say where it ends. */
static void d_model_at_its_ends_is_said_not_run(void **state)
{
    (void)state;
    struct keymap_state s = start();
    struct keymap_result r;
    s.d_model = 1;
    const int down[] = { '-', '/' };
    for (size_t i = 0; i < 2; i++) {
        keymap_translate(&s, down[i], &r);
        assert_int_equal(r.action, KEYMAP_SAY);
        assert_string_equal(r.line, "d_model is already 1, the smallest");
    }
    s.d_model = 4;
    s.heads = 4;
    keymap_translate(&s, '-', &r);
    assert_string_equal(r.line, "d_model is already 4, the smallest multiple of the head count");
    s.d_model = AV_MAX_DIM;
    s.heads = 1;
    keymap_translate(&s, '+', &r);
    assert_int_equal(r.action, KEYMAP_SAY);
    assert_string_equal(r.line, "d_model is already 4096, the largest");
    keymap_translate(&s, '*', &r);
    assert_int_equal(r.action, KEYMAP_SAY);
}

static void c_toggles_the_causal_mask(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, 'c', ":causal on");
    s.causal = true;
    assert_line(&s, 'c', ":causal off");
}

static void s_toggles_scaling(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, 's', ":scale off");
    s.scale = false;
    assert_line(&s, 's', ":scale on");
}

static void u_undoes_and_q_quits(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, 'u', ":undo");
    assert_line(&s, 'q', ":quit");
}

static void arrows_and_hjkl_move_the_cursor_with_select(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, KEY_RIGHT, ":select 1 1");
    assert_line(&s, 'l', ":select 1 1");
    assert_line(&s, KEY_DOWN, ":select 2 0");
    assert_line(&s, 'j', ":select 2 0");
    assert_line(&s, KEY_UP, ":select 0 0");
    assert_line(&s, 'k', ":select 0 0");
}

static void cursor_moves_are_clamped_to_the_matrix(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, KEY_LEFT, ":select 1 0");
    assert_line(&s, 'h', ":select 1 0");
    s.row = 3;
    s.col = 3;
    assert_line(&s, KEY_DOWN, ":select 3 3");
    assert_line(&s, KEY_RIGHT, ":select 3 3");
}

static void g_home_end_and_pages_jump(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.n = 100;
    s.row = 50;
    s.col = 7;
    assert_line(&s, 'g', ":select 0 7");
    assert_line(&s, 'G', ":select 99 7");
    assert_line(&s, KEY_HOME, ":select 50 0");
    assert_line(&s, KEY_END, ":select 50 99");
    assert_line(&s, KEY_NPAGE, ":select 60 7");
    assert_line(&s, KEY_PPAGE, ":select 40 7");
    s.row = 95;
    assert_line(&s, KEY_NPAGE, ":select 99 7");
}

static void cursor_keys_do_nothing_without_tokens(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.n = 0;
    assert_action(&s, KEY_DOWN, KEYMAP_NONE);
    assert_action(&s, 'G', KEYMAP_NONE);
}

static void brackets_cycle_heads_and_a_toggles_their_mean(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.heads = 4;
    s.head = 3;
    assert_line(&s, ']', ":head 0");
    assert_line(&s, '[', ":head 2");
    assert_line(&s, 'a', ":head mean");
    s.head = HEAD_MEAN;
    assert_line(&s, 'a', ":head 0");
    assert_line(&s, ']', ":head 0");
    assert_line(&s, '[', ":head 3");
}

static void p_cycles_the_positional_encodings(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, 'p', ":pe learned");
    s.pe = PE_LEARNED;
    assert_line(&s, 'p', ":pe table");
    s.pe = PE_TABLE;
    assert_line(&s, 'p', ":pe rope");
    s.pe = PE_ROPE;
    assert_line(&s, 'p', ":pe alibi");
    s.pe = PE_ALIBI;
    assert_line(&s, 'p', ":pe none");
    s.pe = PE_NONE;
    assert_line(&s, 'p', ":pe sinusoidal");
}

static void t_cycles_the_themes_and_wraps(void **state)
{
    (void)state;
    struct keymap_state s = start();
    assert_line(&s, 't', ":theme magma");
    s.theme = "cividis";
    assert_line(&s, 't', ":theme viridis");
    s.theme = "default";
    assert_line(&s, 't', ":theme magma");
}

static void tab_colon_enter_and_question_mark_are_ui_actions(void **state)
{
    (void)state;
    struct keymap_state s = start();
    struct keymap_result r;
    assert_action(&s, '\t', KEYMAP_FOCUS_NEXT);
    assert_action(&s, KEY_BTAB, KEYMAP_FOCUS_PREV);
    keymap_translate(&s, ':', &r);
    assert_int_equal(r.action, KEYMAP_PROMPT);
    assert_string_equal(r.line, ":");
    keymap_translate(&s, '\r', &r);
    assert_int_equal(r.action, KEYMAP_PROMPT);
    assert_string_equal(r.line, "");
    assert_line(&s, '?', ":help");
    assert_action(&s, 'e', KEYMAP_EDIT);
    assert_action(&s, 'L' & 0x1f, KEYMAP_REDRAW);
    assert_action(&s, 'Q', KEYMAP_NONE);           /* a letter that is no key */
}

static void in_the_vector_panel_arrows_move_the_focused_component(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.focus = FOCUS_VECTORS;
    struct keymap_result r;
    keymap_translate(&s, KEY_DOWN, &r);
    assert_int_equal(r.action, KEYMAP_VEC_MOVE);
    assert_int_equal(r.delta, 1);
    keymap_translate(&s, 'k', &r);
    assert_int_equal(r.delta, -1);
    keymap_translate(&s, KEY_NPAGE, &r);
    assert_int_equal(r.delta, 10);
    keymap_translate(&s, 'G', &r);
    assert_int_equal(r.delta, INT_MAX);
    keymap_translate(&s, KEY_RIGHT, &r);
    assert_int_equal(r.action, KEYMAP_VEC_COLUMN);
    assert_int_equal(r.delta, 1);
    /* Keys that change the model work from every pane. */
    assert_line(&s, '+', ":dim 9");
}

/* In a stage of tokens x dimensions the columns are components: left and
 * right, Home and End move the component by the zoom's step, as :select
 * lines that keep the cell; up and down still move the row. */
static void in_a_stage_of_dimensions_columns_are_components(void **state)
{
    (void)state;
    struct keymap_state s = start();
    s.dims = 8;
    s.dim = 3;
    assert_line(&s, KEY_RIGHT, ":select 1 0 4");
    assert_line(&s, KEY_LEFT, ":select 1 0 2");
    assert_line(&s, KEY_HOME, ":select 1 0 0");
    assert_line(&s, KEY_END, ":select 1 0 7");
    assert_line(&s, KEY_DOWN, ":select 2 0");
    s.step = 4;
    assert_line(&s, KEY_RIGHT, ":select 1 0 7");
    s.dim = 7;
    assert_line(&s, KEY_RIGHT, ":select 1 0 7");   /* clamped at the last */
    struct keymap_result r;
    keymap_dim(&s, -5, &r);
    assert_string_equal(r.line, ":select 1 0 0");
    s.dims = 0;
    keymap_dim(&s, 2, &r);
    assert_int_equal(r.action, KEYMAP_NONE);
}

static void a_click_selects_the_clamped_cell(void **state)
{
    (void)state;
    struct keymap_state s = start();
    struct keymap_result r;
    keymap_select(&s, 2, 3, &r);
    assert_string_equal(r.line, ":select 2 3");
    keymap_select(&s, -4, 99, &r);
    assert_string_equal(r.line, ":select 0 3");
}

static void editing_a_component_writes_the_whole_vector_as_emb(void **state)
{
    (void)state;
    const float v[3] = { 0.5f, -0.25f, 0.1f };
    char buf[128];
    int n = keymap_emb_line("cats", v, 3, 1, 2.0, buf, sizeof buf);
    assert_string_equal(buf, ":emb cats 0.5 2 0.100000001");
    assert_int_equal(n, (int)strlen(buf));
    /* The line parses back to the same vector. */
    struct command c;
    char err[256];
    assert_int_equal(command_parse(buf, strlen(buf), &c, err, sizeof err), 0);
    assert_int_equal(c.kind, CMD_EMB);
    assert_string_equal(c.u.vec.name, "cats");
    assert_int_equal(c.u.vec.count, 3);
    assert_true(c.u.vec.values[0] == 0.5f && c.u.vec.values[1] == 2.0f && c.u.vec.values[2] == 0.1f);
    command_free(&c);
}

static void an_emb_line_too_long_for_the_buffer_reports_its_length(void **state)
{
    (void)state;
    const float v[2] = { 1.0f, 2.0f };
    char buf[8];
    int n = keymap_emb_line("cats", v, 2, 0, 3.0, buf, sizeof buf);
    assert_int_equal(n, (int)strlen(":emb cats 3 2"));
    assert_string_equal(buf, ":emb ca");
}

static void the_help_lists_every_key_once_with_a_description(void **state)
{
    (void)state;
    struct keymap_help h;
    size_t n = 0;
    bool saw_colon = false, saw_quit = false;
    while (keymap_help_at(n, &h)) {
        assert_non_null(h.keys);
        assert_non_null(h.what);
        assert_true(strlen(h.what) > 3);
        saw_colon |= strcmp(h.keys, ":") == 0;
        saw_quit |= strcmp(h.keys, "q") == 0;
        n++;
    }
    assert_true(n > 20);
    assert_true(saw_colon && saw_quit);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plus_raises_d_model_by_one),
        cmocka_unit_test(star_doubles_and_slash_halves_d_model),
        cmocka_unit_test(d_model_steps_keep_a_multiple_of_the_heads),
        cmocka_unit_test(d_model_at_its_ends_is_said_not_run),
        cmocka_unit_test(c_toggles_the_causal_mask),
        cmocka_unit_test(s_toggles_scaling),
        cmocka_unit_test(u_undoes_and_q_quits),
        cmocka_unit_test(arrows_and_hjkl_move_the_cursor_with_select),
        cmocka_unit_test(cursor_moves_are_clamped_to_the_matrix),
        cmocka_unit_test(g_home_end_and_pages_jump),
        cmocka_unit_test(cursor_keys_do_nothing_without_tokens),
        cmocka_unit_test(brackets_cycle_heads_and_a_toggles_their_mean),
        cmocka_unit_test(p_cycles_the_positional_encodings),
        cmocka_unit_test(t_cycles_the_themes_and_wraps),
        cmocka_unit_test(tab_colon_enter_and_question_mark_are_ui_actions),
        cmocka_unit_test(in_the_vector_panel_arrows_move_the_focused_component),
        cmocka_unit_test(in_a_stage_of_dimensions_columns_are_components),
        cmocka_unit_test(a_click_selects_the_clamped_cell),
        cmocka_unit_test(editing_a_component_writes_the_whole_vector_as_emb),
        cmocka_unit_test(an_emb_line_too_long_for_the_buffer_reports_its_length),
        cmocka_unit_test(the_help_lists_every_key_once_with_a_description),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
