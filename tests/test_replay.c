/* test_replay.c - a script read into steps, stepped forward and back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "attnviz/app.h"
#include "attnviz/export.h"
#include "attnviz/limits.h"
#include "attnviz/replay.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];

static int setup(void **state)
{
    return app_in_temp_dir_setup(state, tmpdir, "attnviz-test-replay");
}

static int teardown(void **state)
{
    return app_in_temp_dir_teardown(state, tmpdir);
}

static const char *in_tmp(const char *name)
{
    return temp_path(tmpdir, name);
}

static struct replay *open_script(struct app *a, const char *text)
{
    char err[512] = "";
    write_file(in_tmp("s.attn"), text);
    struct replay *r = replay_open(in_tmp("s.attn"), a, err, sizeof err);
    if (!r)
        fail_msg("replay_open failed: %s", err);
    return r;
}

/* replay_next and replay_back, then app_sync; the flags and the error. */
static unsigned step_with(void (*fn)(struct replay *, struct app *, struct app_result *),
                          struct replay *r, struct app *a, char *err, size_t errlen)
{
    static struct app_result res;
    fn(r, a, &res);
    app_sync(a);
    snprintf(err, errlen, "%.*s", (int)errlen - 1, (res.flags & APP_ERROR) ? res.text : "");
    return res.flags;
}
#define next(r, a, err, len) step_with(replay_next, r, a, err, len)
#define back(r, a, err, len) step_with(replay_back, r, a, err, len)

/* Runs the next step and checks what it was. */
static void expect_step(struct replay *r, struct app *a, enum replay_kind kind,
                        unsigned lineno, const char *line)
{
    char err[512];
    next(r, a, err, sizeof err);
    const struct replay_step *s = replay_current(r);
    assert_non_null(s);
    assert_int_equal(s->kind, kind);
    assert_int_equal(s->lineno, lineno);
    assert_string_equal(s->line, line);
}

static void each_line_is_a_step_and_consecutive_notes_are_one_paragraph(void **state)
{
    struct replay *r = open_script(*state,
        "# a tour\n"                          /* 1 */
        "\n"                                  /* 2 */
        "  I love cats  \n"                   /* 3 */
        ":note   Look at\n"                   /* 4 */
        ":note the first row.\r\n"            /* 5 */
        "\n"                                  /* 6 */
        ":note A new paragraph.\n"            /* 7 */
        "# a comment ends nothing but itself\n"
        ":select 1 2\n"                       /* 9 */
        ":pause\n"                            /* 10 */
        ":frob\n"                             /* 11: bad, still a step */
        ":note last");                        /* 12, no newline */
    struct app *a = *state;
    assert_int_equal(replay_count(r), 7);
    assert_int_equal(replay_done(r), 0);
    assert_null(replay_current(r));
    expect_step(r, a, REPLAY_COMMAND, 3, "I love cats");
    expect_step(r, a, REPLAY_NOTE, 4, ":note Look at the first row.");
    assert_string_equal(replay_current(r)->text, "Look at the first row.");
    expect_step(r, a, REPLAY_NOTE, 7, ":note A new paragraph.");
    expect_step(r, a, REPLAY_COMMAND, 9, ":select 1 2");
    assert_null(replay_current(r)->text);
    expect_step(r, a, REPLAY_PAUSE, 10, ":pause");
    expect_step(r, a, REPLAY_COMMAND, 11, ":frob");
    expect_step(r, a, REPLAY_NOTE, 12, ":note last");
    assert_string_equal(replay_current(r)->text, "last");
    assert_int_equal(replay_done(r), 7);
    replay_free(r);
}

static void a_byte_order_mark_does_not_turn_the_first_command_into_a_sentence(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "\xEF\xBB\xBF:dim 4\nI love cats\n");
    /* :dim 4 is the setup: one step with the sentence after it */
    assert_int_equal(replay_count(r), 1);
    expect_step(r, a, REPLAY_COMMAND, 2, "I love cats");
    assert_int_equal(a->s.cfg.d_model, 4);
    replay_free(r);
}

/* The settings at the top of a tour change nothing to look at yet: they
 * run with its first note, and an error among them shows in that step. */
static void the_setup_at_the_top_is_one_step_with_the_first_note(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "# a tour\n:dim 4\n:heads 2\n:pe learned\n\n"
                                      ":note The settings are set.\nI love cats\n");
    assert_int_equal(replay_count(r), 2);
    expect_step(r, a, REPLAY_NOTE, 6, ":note The settings are set.");
    assert_int_equal(a->s.cfg.d_model, 4);
    assert_int_equal(a->s.cfg.heads, 2);
    assert_int_equal(a->s.cfg.pe, PE_LEARNED);
    assert_string_equal(replay_narration(r), "The settings are set.");
    expect_step(r, a, REPLAY_COMMAND, 7, "I love cats");
    replay_free(r);
    char err[512];
    r = open_script(a, ":proj identity\n:heads 3\n:note Oops.\n");   /* d_model is 4 */
    assert_true(next(r, a, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(err, "s.attn:2: :heads 3: heads (3) must divide d_model (4)"));
    replay_free(r);
}

/* Play mode waits the base delay after a step, and after a note its
 * reading time too: a quarter of the base a word. */
static void play_waits_longer_after_a_longer_note(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "I love cats\n:note one two three four five six seven "
                                      "eight\n");
    char err[512];
    next(r, a, err, sizeof err);
    assert_int_equal(replay_wait_ms(r, 800), 800);
    next(r, a, err, sizeof err);
    assert_int_equal(replay_wait_ms(r, 800), 800 + 800 * 8 / 4);
    replay_free(r);
}

/* Play mode stops at a :pause and at the end also when a setup line of
 * that step failed (found by tests/fuzz/fuzz_replay.c: the failed setup
 * line returned before play mode was told to stop). */
static void play_stops_at_a_pause_whose_setup_failed(void **state)
{
    struct app *a = *state;
    /* ":select 1 2" (no tokens yet) is the setup of the :pause step */
    struct replay *r = open_script(a, ":select 1 2\n:pause\nI love cats\n");
    char err[512];
    assert_int_equal(replay_count(r), 2);
    replay_set_playing(r, true);
    assert_true(next(r, a, err, sizeof err) & APP_ERROR);
    assert_int_equal(replay_current(r)->kind, REPLAY_PAUSE);
    assert_false(replay_playing(r));
    replay_free(r);
    r = open_script(a, ":select 1 2\nI love cats\n");
    assert_int_equal(replay_count(r), 1);
    replay_set_playing(r, true);
    assert_true(next(r, a, err, sizeof err) & APP_ERROR);
    assert_false(replay_playing(r));
    replay_free(r);
}

/* Back to the step the replay is at: what the viewer changed is gone. */
static void return_rebuilds_the_current_step(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "I love cats\n:causal on\n:dim 4\n");
    char err[512];
    next(r, a, err, sizeof err);
    next(r, a, err, sizeof err);
    run_line(a, ":heads 2");
    run_line(a, "something else");
    static struct app_result res;
    replay_return(r, a, &res);
    app_sync(a);
    assert_int_equal(replay_done(r), 2);
    assert_int_equal(a->s.cfg.heads, 1);
    assert_true(a->s.cfg.causal);
    assert_string_equal(a->s.sentence, "I love cats");
    replay_free(r);
}

static void a_script_with_no_steps_or_no_file_cannot_be_replayed(void **state)
{
    char err[512];
    const char *path = in_tmp("empty.attn");
    write_file(path, "# only a comment\n\n");
    assert_null(replay_open(path, *state, err, sizeof err));
    assert_non_null(strstr(err, "has no steps to replay"));
    assert_null(replay_open("/nonexistent/x.attn", *state, err, sizeof err));
    assert_string_equal(err, "cannot open \"/nonexistent/x.attn\": No such file or directory");
    assert_null(replay_open("/dev/zero", *state, err, sizeof err));
    assert_string_equal(err, "\"/dev/zero\" is a character device, not a regular file");
    assert_null(replay_open(tmpdir, *state, err, sizeof err));
    assert_non_null(strstr(err, "not a regular file"));
}

static void going_back_rebuilds_exactly_what_going_forward_showed(void **state)
{
    struct app *a = *state;
    char err[512];
    try_line(a, "the start", 9, NULL, 0, err, sizeof err);
    char *start = export_string(a, PRINT_JSON);
    struct replay *r = open_script(a, "I love cats\n:causal on\n:emb love 1 2 3 4 5 6 7 8\n"
                                      ":select 2 1\n:heads 2\n");
    for (int i = 0; i < 3; i++)
        assert_false(next(r, a, err, sizeof err) & APP_ERROR);
    char *at3 = export_string(a, PRINT_JSON);
    next(r, a, err, sizeof err);
    next(r, a, err, sizeof err);
    assert_int_equal(replay_done(r), 5);
    assert_int_equal(next(r, a, err, sizeof err), 0);   /* the end */

    assert_true(back(r, a, err, sizeof err) & APP_MODEL);
    assert_int_equal(replay_done(r), 4);
    assert_int_equal(a->s.sel_row, 2);
    assert_int_equal(a->s.cfg.heads, 1);
    back(r, a, err, sizeof err);
    assert_int_equal(replay_done(r), 3);
    char *again = export_string(a, PRINT_JSON);
    assert_string_equal(again, at3);
    for (int i = 0; i < 3; i++)
        back(r, a, err, sizeof err);
    assert_int_equal(replay_done(r), 0);
    assert_int_equal(back(r, a, err, sizeof err), 0);
    char *back = export_string(a, PRINT_JSON);
    assert_string_equal(back, start);
    assert_int_equal(a->s.log_len, 1);
    assert_string_equal(a->s.log[0], "the start");
    free(start);
    free(at3);
    free(again);
    free(back);
    replay_free(r);
}

static void a_failing_step_counts_and_says_so_again_when_gone_back_to(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "I love cats\n:heads 3\n:dim 6\n");
    char err[512] = "";
    next(r, a, err, sizeof err);
    assert_true(next(r, a, err, sizeof err) & APP_ERROR);
    char want[512];
    snprintf(want, sizeof want, "%s/s.attn:2: :heads 3: heads (3) must divide d_model (8)",
             tmpdir);
    assert_string_equal(err, want);
    assert_int_equal(replay_done(r), 2);
    assert_false(next(r, a, err, sizeof err) & APP_ERROR);
    assert_int_equal(a->s.cfg.d_model, 6);
    err[0] = '\0';
    assert_true(back(r, a, err, sizeof err) & APP_ERROR);
    assert_string_equal(err, want);
    assert_int_equal(a->s.cfg.d_model, 8);
    replay_free(r);
}

static void a_note_stays_on_screen_through_the_pause_after_it(void **state)
{
    struct app *a = *state;
    struct replay *r = open_script(a, "I love cats\n:note Read this.\n:pause\n:causal on\n"
                                      ":pause\n");
    char err[512] = "";
    const char *want[] = { NULL, "Read this.", "Read this.", NULL, NULL };
    for (size_t i = 0; i < 5; i++) {
        next(r, a, err, sizeof err);
        const char *got = replay_narration(r);
        if (want[i])
            assert_string_equal(got, want[i]);
        else
            assert_null(got);
    }
    replay_free(r);
}

static void a_load_inside_a_replayed_script_is_relative_to_the_script(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("part.attn"), "one two three\n");
    struct replay *r = open_script(a, ":load part.attn\n");
    char err[512] = "";
    assert_false(next(r, a, err, sizeof err) & APP_ERROR);
    assert_int_equal(app_shown(a)->n, 3);
    replay_free(r);
}

/* A line too long for the language keeps no text: its step shows the
 * reader's error, as the other bad lines' steps show theirs. */
static void a_line_too_long_is_a_step_that_says_so(void **state)
{
    struct app *a = *state;
    size_t n = AV_MAX_LINE + 10;
    char *text = malloc(n + 32);
    assert_non_null(text);
    memset(text, 'w', n);
    snprintf(text + n, 32, "\nI love cats\n");
    struct replay *r = open_script(a, text);
    free(text);
    assert_int_equal(replay_count(r), 2);
    char err[512] = "";
    assert_true(next(r, a, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(err, "s.attn:1: line too long"));
    assert_false(next(r, a, err, sizeof err) & APP_ERROR);
    assert_int_equal(app_shown(a)->n, 3);
    replay_free(r);
}

/* Where the terminal steps through a :replay typed at its prompt, a
 * :replay that is a step of the replay runs its file, as inside a :load:
 * it hands back no second replay. */
static void a_replay_inside_a_replayed_script_runs_its_file(void **state)
{
    struct app *a = *state;
    app_set_io(a, &(struct app_io){ .steps_replays = true });
    write_file(in_tmp("inner.attn"), "one two three four\n");
    struct replay *r = open_script(a, "I love cats\n:replay inner.attn\nthe end\n");
    struct app_result res;
    replay_next(r, a, &res);
    assert_int_equal(app_shown(a)->n, 3);
    replay_next(r, a, &res);
    assert_false(res.flags & APP_ERROR);
    assert_null(res.replay);
    assert_int_equal(app_shown(a)->n, 4);
    replay_next(r, a, &res);
    assert_int_equal(app_shown(a)->n, 2);
    /* going back runs the step again, the same way */
    replay_back(r, a, &res);
    assert_null(res.replay);
    assert_int_equal(app_shown(a)->n, 4);
    replay_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_line_is_a_step_and_consecutive_notes_are_one_paragraph, setup, teardown),
        cmocka_unit_test_setup_teardown(a_script_with_no_steps_or_no_file_cannot_be_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(the_setup_at_the_top_is_one_step_with_the_first_note, setup, teardown),
        cmocka_unit_test_setup_teardown(play_waits_longer_after_a_longer_note, setup, teardown),
        cmocka_unit_test_setup_teardown(play_stops_at_a_pause_whose_setup_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(return_rebuilds_the_current_step, setup, teardown),
        cmocka_unit_test_setup_teardown(a_byte_order_mark_does_not_turn_the_first_command_into_a_sentence, setup, teardown),
        cmocka_unit_test_setup_teardown(a_note_stays_on_screen_through_the_pause_after_it, setup, teardown),
        cmocka_unit_test_setup_teardown(going_back_rebuilds_exactly_what_going_forward_showed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failing_step_counts_and_says_so_again_when_gone_back_to, setup, teardown),
        cmocka_unit_test_setup_teardown(a_load_inside_a_replayed_script_is_relative_to_the_script, setup, teardown),
        cmocka_unit_test_setup_teardown(a_line_too_long_is_a_step_that_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(a_replay_inside_a_replayed_script_runs_its_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
