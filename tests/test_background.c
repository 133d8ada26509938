/* test_background.c - app_sync_background: a long forward pass runs in a
 * thread while the picture (a->model, a->picture) stays as it was; the
 * finished pass is swapped in, bit for bit what app_sync computes; a newer
 * change stops a stale pass, and nothing stale is ever shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attnviz/app.h"
#include "attnviz/job.h"
#include "attnviz/model.h"
#include "support/fixture.h"

/* 1,500 tokens at d_model 256: about 6e8 of work, over a frame's worth. */
enum { WORDS = 1500 };

static char *long_sentence(size_t words, const char *salt)
{
    static const char *const w[] = { "the", "cat", "sat", "on", "a", "mat", "and", "slept" };
    char *s = malloc(words * 12 + 16), *o = s;
    for (size_t i = 0; i < words; i++)
        o += sprintf(o, "%s%s%s", i ? " " : "", w[(i * 7 + i / 3) % 8], i % 97 ? "" : salt);
    return s;
}

static int setup(void **state)
{
    struct app *a = app_new_default();
    if (!a)
        return -1;
    char *s = long_sentence(WORDS, "x");
    run_line(a, s);
    free(s);
    run_line(a, ":dim 256");
    run_line(a, ":heads 4");
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    app_delete(*state);
    return 0;
}

/* Applies a line without the sync try_line does. */
static void apply(struct app *a, const char *line)
{
    struct app_result r;
    app_run_line(a, line, strlen(line), NULL, 0, &r);
    if (r.flags & APP_ERROR)
        fail_msg("%s: %s", line, r.text);
}

static void nap(void)
{
    nanosleep(&(struct timespec){ .tv_nsec = 2000000 }, NULL);
}

/* Polls until no pass runs; each time the picture changes, it must be the
 * state's (the config and the tokens). Returns how many times it changed. */
static int settle(struct app *a)
{
    int swaps = 0;
    for (int k = 0; k < 20000; k++) {
        if (app_sync_background(a) & APP_MODEL) {
            swaps++;
            assert_memory_equal(&a->model.cfg, &a->s.cfg, sizeof a->s.cfg);
            assert_int_equal(a->model.n, app_shown(a)->n);
        }
        assert_int_equal(app_picture(a)->n, a->model.n);
        if (!app_computing(a, NULL) && a->dirty == MODEL_PASS_COUNT)
            return swaps;
        nap();
    }
    fail_msg("the background pass never ended");
    return swaps;
}

/* The same state computed in the foreground, for a bit-for-bit check. */
static void expect_same_as_sync(struct app *a)
{
    struct app *b = app_new_default();
    for (size_t i = 0; i < a->s.log_len; i++)
        run_line(b, a->s.log[i]);
    const struct model *m = &a->model, *r = &b->model;
    assert_int_equal(m->n, r->n);
    assert_int_equal(m->d, r->d);
    assert_memory_equal(m->out, r->out, m->n * m->d * sizeof *m->out);
    assert_memory_equal(m->weights, r->weights, m->cfg.heads * m->n * m->n * sizeof *m->weights);
    app_delete(b);
}

static void a_long_pass_runs_behind_the_old_picture_and_is_then_swapped_in(void **state)
{
    struct app *a = *state;
    unsigned long gen = a->model_gen;
    apply(a, ":causal on");
    assert_int_equal(app_sync_background(a), 0);
    double progress = -1;
    assert_true(app_computing(a, &progress));
    assert_true(progress >= 0.0 && progress <= 1.0);
    /* the views still draw the old model, whole */
    assert_false(a->model.cfg.causal);
    assert_int_equal(a->model_gen, gen);
    assert_int_equal(settle(a), 1);
    assert_true(a->model.cfg.causal);
    assert_int_equal(a->model_gen, gen + 1);
    expect_same_as_sync(a);
}

static void a_newer_change_stops_the_stale_pass_and_wins(void **state)
{
    struct app *a = *state;
    apply(a, ":causal on");
    app_sync_background(a);
    assert_true(app_computing(a, NULL));
    apply(a, ":seed 7");
    app_sync_background(a);
    apply(a, ":scale off");
    /* settle checks that every picture shown is the state's: the passes
     * for causal on alone, or with seed 7 and scaling on, never are */
    assert_int_equal(settle(a), 1);
    assert_true(a->model.cfg.causal && a->model.cfg.seed == 7 && !a->model.cfg.scale);
    expect_same_as_sync(a);
    /* and the next pass starts from what each model missed: both models
     * are used again, and still agree with a fresh computation */
    apply(a, ":causal off");
    settle(a);
    expect_same_as_sync(a);
    apply(a, ":heads 8");
    settle(a);
    expect_same_as_sync(a);
}

static void a_cursor_move_does_not_stop_the_pass(void **state)
{
    struct app *a = *state;
    apply(a, ":causal on");
    app_sync_background(a);
    unsigned long changes = a->changes;
    apply(a, ":select 3 2");
    assert_int_equal(a->changes, changes);
    assert_int_equal(settle(a), 1);
    assert_int_equal(app_cursor_row(a), 3);
    assert_int_equal(app_cursor_col(a), 2);
}

static void a_new_sentence_keeps_the_old_labels_until_its_picture_comes(void **state)
{
    struct app *a = *state;
    size_t old_n = a->model.n;
    char *longer = long_sentence(WORDS + 200, "y");
    apply(a, longer);
    free(longer);
    /* a cursor past the old picture (typed, not a key) */
    apply(a, ":select 1650 1690");
    app_sync_background(a);
    assert_true(app_computing(a, NULL));
    assert_int_equal(app_picture(a)->n, old_n);
    assert_string_equal(app_picture(a)->text[0], "thex");   /* the old sentence's */
    assert_true(app_cursor_row(a) < old_n && app_cursor_col(a) < old_n);
    settle(a);
    assert_int_equal(app_picture(a)->n, WORDS + 200);
    assert_string_equal(app_picture(a)->text[0], "they");
    assert_int_equal(app_cursor_row(a), 1650);
    assert_int_equal(app_cursor_col(a), 1690);
    expect_same_as_sync(a);
}

static void the_picture_head_stays_within_the_pictures_heads(void **state)
{
    struct app *a = *state;
    apply(a, ":heads 8");
    apply(a, ":head 6");
    app_sync_background(a);
    assert_true(app_computing(a, NULL));
    assert_int_equal(app_picture_head(a), 3);   /* the picture has 4 heads */
    settle(a);
    assert_int_equal(app_picture_head(a), 6);
}

static void app_sync_while_a_pass_runs_gives_the_current_state(void **state)
{
    struct app *a = *state;
    apply(a, ":causal on");
    app_sync_background(a);
    assert_true(app_computing(a, NULL));
    assert_int_equal(app_sync(a), APP_MODEL);
    assert_false(app_computing(a, NULL));
    assert_true(a->model.cfg.causal);
    expect_same_as_sync(a);
}

/* Under ASan and LSan: the thread is joined and nothing leaks. */
static void freeing_the_app_mid_pass_stops_and_joins_it(void **state)
{
    struct app *a = *state;
    apply(a, ":causal on");
    app_sync_background(a);
    assert_true(app_computing(a, NULL));
    app_delete(a);
    *state = NULL;
}

static void a_stopped_pass_ends_early_and_the_next_one_redoes_it_all(void **state)
{
    (void)state;
    const char **tokens = malloc(WORDS * sizeof *tokens);
    for (size_t i = 0; i < WORDS; i++)
        tokens[i] = i % 2 ? "cat" : "mat";
    struct model_config cfg = { .d_model = 256, .heads = 4, .seed = 3, .pe = PE_SINUSOIDAL,
                                .proj = PROJ_RANDOM, .scale = true };
    struct model_input in = { .n = WORDS, .tokens = tokens };
    struct model m, ref;
    model_init(&m);
    model_init(&ref);
    char err[256];
    assert_int_equal(model_forward(&ref, &cfg, &in, MODEL_PASS_EMBED, err, sizeof err), 0);
    struct job *j = job_new();
    assert_true(job_start(j, &m, &cfg, &in, MODEL_PASS_EMBED));
    assert_true(job_busy(j));
    job_stop(j);
    int rc = -2;
    assert_true(job_collect(j, true, &rc, err, sizeof err));
    assert_int_equal(rc, 1);
    assert_false(m.computed);
    assert_null(m.ctl);
    assert_false(job_busy(j));
    /* asked for the last pass only, it redoes every one */
    assert_true(job_start(j, &m, &cfg, &in, MODEL_PASS_ATTENTION));
    assert_true(job_collect(j, true, &rc, err, sizeof err));
    assert_int_equal(rc, 0);
    assert_true(job_progress(j) == 1.0);
    assert_memory_equal(m.out, ref.out, WORDS * 256 * sizeof *m.out);
    job_free(j);
    model_free(&m);
    model_free(&ref);
    free(tokens);
}

static void a_small_pass_is_done_at_once(void **state)
{
    (void)state;
    struct app *a = app_new_default();
    run_line(a, "I love cats");
    apply(a, ":causal on");
    assert_int_equal(app_sync_background(a), APP_MODEL);
    assert_false(app_computing(a, NULL));
    assert_true(a->model.cfg.causal);
    app_delete(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            a_long_pass_runs_behind_the_old_picture_and_is_then_swapped_in, setup, teardown),
        cmocka_unit_test_setup_teardown(a_newer_change_stops_the_stale_pass_and_wins, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_cursor_move_does_not_stop_the_pass, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_new_sentence_keeps_the_old_labels_until_its_picture_comes, setup, teardown),
        cmocka_unit_test_setup_teardown(the_picture_head_stays_within_the_pictures_heads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(app_sync_while_a_pass_runs_gives_the_current_state,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(freeing_the_app_mid_pass_stops_and_joins_it, setup,
                                        teardown),
        cmocka_unit_test(a_stopped_pass_ends_early_and_the_next_one_redoes_it_all),
        cmocka_unit_test(a_small_pass_is_done_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
