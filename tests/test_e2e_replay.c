/* test_e2e_replay.c - replaying a script in the real binary ($ATTNVIZ) on a
 * pseudo-terminal: step forward and back, play and pause, the narration box
 * and the step counter ("step 2/8" on the bottom line; see the replay
 * section of src/tui/tui.c).
 *
 * The script is tests/data/replay-demo.attn, eight steps:
 *   1 we like warm tea       2 a two-line :note paragraph   3 :select 1 2
 *   4 :causal on             5 :pause                       6 :dim 4
 *   7 :heads 3 (fails)       8 :note That is the end of the demo.
 * Every wait polls the screen with a deadline; nothing sleeps. */
#include <glob.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/spawn_env.h"
#include "support/vt.h"

#define DEMO "tests/data/replay-demo.attn"
#define STEPS "8"
#define NOTE_A "Each row of the heatmap is one query token;"
#define NOTE_B "its cells add up to one."

struct e2e {
    struct vt *vt;
    struct spawn_env env;
};

static int setup(void **state)
{
    struct e2e *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    /* DEMO stays relative (the suite runs from the top folder) so the
     * messages that name it fit the 80-column message line wherever the
     * checkout lives. */
    if (access(DEMO, R_OK) != 0 || spawn_env_make(&e->env, "attnviz-e2e-replay") != 0) {
        free(e);
        return -1;
    }
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct e2e *e = *state;
    vt_free(e->vt);
    spawn_env_remove(&e->env);
    free(e);
    return 0;
}

/* Starts attnviz with the extra arguments (NULL-terminated) on 80x24. */
static struct vt *start(struct e2e *e, ...)
{
    char *argv[8] = { (char *)attnviz_binary() };
    size_t n = 1;
    va_list ap;
    va_start(ap, e);
    for (char *a; n < 7 && (a = va_arg(ap, char *)); )
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char *const env[] = { e->env.home, e->env.state_home, e->env.config_home, NULL };
    e->vt = vt_spawn(80, 24, argv, env);
    assert_non_null(e->vt);
    return e->vt;
}

static void press(struct vt *vt, const char *keys)
{
    assert_true(vt_type(vt, keys));
}

static void see(struct vt *vt, const char *text)
{
    if (!vt_wait_for(vt, text, VT_TIMEOUT_MS))
        fail_msg("the screen never showed \"%s\"", text);
}

static void see_no(struct vt *vt, const char *text)
{
    if (!vt_wait_for_not(vt, text, VT_TIMEOUT_MS))
        fail_msg("the screen kept showing \"%s\"", text);
}

/* :q! from any pane: a tour's own steps are no unsaved work, but a key
 * pressed off its script is. */
static void quit_cleanly(struct vt *vt)
{
    press(vt, ":q!\r");
    int status = vt_wait_exit(vt, VT_TIMEOUT_MS);
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    if (status != 0 || strstr(raw, "Sanitizer") || strstr(raw, "runtime error"))
        fail_msg("attnviz did not end cleanly (status %d)", status);
}

static bool screen_is(struct vt *vt, void *want)
{
    char *now = vt_screen_text(vt);
    bool same = strcmp(now, want) == 0;
    free(now);
    return same;
}

/* ---- the tests ------------------------------------------------------------- */

static void next_shows_the_step_counter_and_a_note_paragraph_in_the_narration_box(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", DEMO, NULL);
    /* the first step runs at once: the tour opens on its sentence */
    see(vt, "step 1/" STEPS "  we like warm tea");
    see(vt, "warm");
    assert_false(vt_find(vt, "narration", NULL, NULL));
    press(vt, "n");
    see(vt, "step 2/" STEPS "  :note Each row");
    /* one paragraph, wrapped in one box */
    see(vt, " narration ");
    see(vt, "Each row of the heatmap");
    see(vt, "add up to one.");
    press(vt, " ");
    see(vt, "step 3/" STEPS "  :select 1 2");
    see_no(vt, " narration ");
    quit_cleanly(vt);
}

static void back_rebuilds_the_same_screen_and_brings_the_narration_back(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", DEMO, NULL);
    see(vt, "step 1/" STEPS);
    press(vt, "nnn");
    see(vt, "step 4/" STEPS "  :causal on");
    see(vt, "causal on");
    char *at4 = vt_screen_text(vt);
    press(vt, "N");
    see(vt, "step 3/" STEPS);
    see(vt, "causal off");
    press(vt, "n");
    /* the same step gives the same screen, reached forward or back */
    if (!vt_wait_until(vt, screen_is, at4, VT_TIMEOUT_MS))
        fail_msg("step 4 looks different the second time");
    free(at4);
    assert_true(vt_key(vt, VT_KEY_BACKSPACE));
    see(vt, "step 3/" STEPS);
    assert_true(vt_key(vt, VT_KEY_BACKSPACE));
    see(vt, "step 2/" STEPS);
    see(vt, " narration ");
    see(vt, "add up to one.");
    quit_cleanly(vt);
}

static void play_runs_the_steps_until_a_pause_line_and_p_plays_on_to_the_end(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", DEMO, "--delay", "50", NULL);
    see(vt, "step 1/" STEPS);
    press(vt, "P");
    /* :pause (step 5) stops play mode: the ▶ goes, the counter stays */
    see(vt, "step 5/" STEPS "  :pause");
    see(vt, "paused: Space or n goes on");
    assert_false(vt_find(vt, "▶", NULL, NULL));
    press(vt, "P");
    /* step 7 fails; play goes on past it to the end */
    see(vt, "step " STEPS "/" STEPS);
    see(vt, "end of the replay");
    see(vt, "That is the end of the demo.");
    see(vt, "d_model 4");
    quit_cleanly(vt);
}

/* Play mode keeps its pace: each step makes an autosave due, and the
 * autosave (300 ms after the last key) once held every step back by its
 * whole wait, 20 steps at 50 ms taking 7 s. Now they take about 1 s; 5 s
 * leaves a slow build room. */
static void the_autosave_does_not_slow_play_mode(void **state)
{
    struct e2e *e = *state;
    char path[PATH_MAX], script[1024];
    int n = 0;
    for (int i = 0; i < 20; i++)
        n += snprintf(script + n, sizeof script - (size_t)n, "step %d of the play\n", i + 1);
    snprintf(path, sizeof path, "%s/twenty.attn", e->env.dir);
    write_file(path, script);
    struct vt *vt = start(e, "--replay", path, "--delay", "50", NULL);
    see(vt, "step 1/20");
    press(vt, "P");
    if (!vt_wait_for(vt, "step 20/20", 5000))
        fail_msg("20 steps at 50 ms took longer than 5 s");
    see(vt, "end of the replay");
    quit_cleanly(vt);
}

static void any_key_pauses_play_mode(void **state)
{
    struct e2e *e = *state;
    /* a delay far longer than the test needs: only the key can stop it */
    struct vt *vt = start(e, "--replay", DEMO, "--delay", "60000", NULL);
    see(vt, "step 1/" STEPS);
    press(vt, "P");
    see(vt, "step 2/" STEPS " ▶");
    see(vt, "playing: any key pauses");
    press(vt, "z");
    see(vt, "paused: replay:");
    see_no(vt, "▶");
    press(vt, "n");
    see(vt, "step 3/" STEPS "  :select 1 2");
    quit_cleanly(vt);
}

static void a_failing_step_shows_its_error_and_the_replay_goes_on(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", DEMO, NULL);
    see(vt, "step 1/" STEPS);
    press(vt, "nnnnnn");
    see(vt, "step 7/" STEPS "  :heads 3");
    see(vt, "replay-demo.attn:12: :heads 3: heads (3) must divide d_model (4)");
    press(vt, "n");
    see(vt, "step 8/" STEPS);
    see(vt, "That is the end of the demo.");
    quit_cleanly(vt);
}

static void x_leaves_the_replay_and_the_model_stays_to_explore(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", DEMO, NULL);
    see(vt, "step 1/" STEPS);
    press(vt, "nnn");
    see(vt, "step 4/" STEPS);
    press(vt, "x");
    see(vt, "left the replay at step 4/" STEPS);
    see_no(vt, "step 4/" STEPS "  ");
    see(vt, "causal on");
    /* keys mean what they always mean again: c toggles the mask */
    press(vt, "c");
    see(vt, "causal off");
    press(vt, "n");   /* no replay: a letter that is no key starts a sentence */
    see(vt, "› n");
    see(vt, "causal off");
    assert_true(vt_ctrl(vt, 'u'));
    quit_cleanly(vt);
}

static void replay_typed_at_the_prompt_starts_stepping_through_the_file(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, NULL);
    see(vt, "d_model 8");
    char line[PATH_MAX + 16];
    snprintf(line, sizeof line, ":replay %s", DEMO);
    press(vt, line);
    assert_true(vt_key(vt, VT_KEY_ENTER));
    see(vt, "step 1/" STEPS "  we like warm tea");
    press(vt, "n");
    see(vt, " narration ");
    quit_cleanly(vt);
}

static void a_missing_replay_file_is_reported_before_the_screen_starts(void **state)
{
    struct e2e *e = *state;
    struct vt *vt = start(e, "--replay", "/nonexistent/tour.attn", NULL);
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 66);
    see(vt, "cannot open \"/nonexistent/tour.attn\"");
}

/* Steps one shipped tour from its first step to its last, checking that
 * no step reports an error (an error names the script: "NAME.attn:LINE:")
 * and that the tour narrates. */
static void step_through_tour(struct e2e *e, const char *path)
{
    char first[32], err_prefix[128], at[64];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(err_prefix, sizeof err_prefix, "%s:", base);
    struct vt *vt = start(e, "--replay", path, NULL);
    snprintf(first, sizeof first, "step 1/");
    see(vt, first);
    int row, col;
    assert_true(vt_find(vt, first, &row, &col));
    char *line = vt_row_text(vt, row);
    unsigned steps = 0;
    assert_int_equal(sscanf(strstr(line, first) + strlen(first), "%u", &steps), 1);
    free(line);
    bool narrated = false;
    for (unsigned k = 1; k <= steps; k++) {
        if (k > 1)
            press(vt, "n");
        snprintf(at, sizeof at, "step %u/%u", k, steps);
        see(vt, at);
        if (vt_find(vt, err_prefix, NULL, NULL))
            fail_msg("%s: step %u shows an error", path, k);
        bool box = vt_find(vt, " narration ", NULL, NULL);
        /* a box that went must leave nothing behind, not even its edge */
        if (!box && (vt_find(vt, "│", NULL, NULL) || vt_find(vt, "└", NULL, NULL)))
            fail_msg("%s: step %u shows a leftover of a narration box", path, k);
        narrated = narrated || box;
    }
    if (!narrated)
        fail_msg("%s never showed a narration box", path);
    quit_cleanly(vt);
}

static void every_shipped_tour_steps_to_its_end_without_an_error(void **state)
{
    glob_t g;
    assert_int_equal(glob("samples/*.attn", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 7);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        struct e2e *e = *state;
        step_through_tour(e, g.gl_pathv[i]);
        vt_free(e->vt);
        e->vt = NULL;
    }
    globfree(&g);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(next_shows_the_step_counter_and_a_note_paragraph_in_the_narration_box),
        T(back_rebuilds_the_same_screen_and_brings_the_narration_back),
        T(play_runs_the_steps_until_a_pause_line_and_p_plays_on_to_the_end),
        T(any_key_pauses_play_mode),
        T(the_autosave_does_not_slow_play_mode),
        T(a_failing_step_shows_its_error_and_the_replay_goes_on),
        T(x_leaves_the_replay_and_the_model_stays_to_explore),
        T(replay_typed_at_the_prompt_starts_stepping_through_the_file),
        T(a_missing_replay_file_is_reported_before_the_screen_starts),
        T(every_shipped_tour_steps_to_its_end_without_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
