/* test_vt_harness.c - the pseudo-terminal harness (tests/support/vt.c),
 * proved on standard programs before it is trusted with attnviz. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "support/vt.h"

/* Each test keeps its terminal here so the teardown frees it even when an
 * assertion fails half-way. */
static int setup(void **state)
{
    *state = calloc(1, sizeof(struct vt *));
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    struct vt **slot = *state;
    vt_free(*slot);
    free(slot);
    return 0;
}

static struct vt *spawn_sh(void **state, int cols, int rows, const char *script,
                           char *const env_extra[])
{
    char *const argv[] = { "/bin/sh", "-c", (char *)script, NULL };
    struct vt **slot = *state;
    *slot = vt_spawn(cols, rows, argv, env_extra);
    assert_non_null(*slot);
    return *slot;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void output_appears_on_the_screen_and_the_exit_status_is_returned(void **state)
{
    struct vt *vt = spawn_sh(state, 80, 24, "printf 'hello\\n'; exit 3", NULL);
    assert_true(vt_wait_for(vt, "hello", VT_TIMEOUT_MS));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 3);
}

static void a_program_killed_by_a_signal_reports_128_plus_the_signal(void **state)
{
    struct vt *vt = spawn_sh(state, 80, 24, "echo started; exec cat", NULL);
    assert_true(vt_wait_for(vt, "started", VT_TIMEOUT_MS));
    assert_true(vt_kill(vt, SIGTERM));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 128 + SIGTERM);
    assert_false(vt_kill(vt, SIGTERM));   /* reaped: nothing left to signal */
}

static void a_program_that_cannot_be_started_exits_with_127(void **state)
{
    char *const argv[] = { "/nonexistent/program", NULL };
    struct vt **slot = *state;
    *slot = vt_spawn(80, 24, argv, NULL);
    assert_non_null(*slot);
    assert_true(vt_wait_for(*slot, "cannot run /nonexistent/program", VT_TIMEOUT_MS));
    assert_int_equal(vt_wait_exit(*slot, VT_TIMEOUT_MS), 127);
}

static void the_child_gets_a_clean_terminal_environment_plus_the_extra_variables(void **state)
{
    /* What a developer's shell might export must not reach the child. */
    setenv("LINES", "5", 1);
    setenv("COLUMNS", "7", 1);
    setenv("NO_COLOR", "1", 1);
    char *const extra[] = { "ATTNVIZ_TEST_EXTRA=42", NULL };
    struct vt *vt = spawn_sh(state, 80, 24,
        "echo \"T=$TERM L=$LANG C=${COLUMNS-unset} R=${LINES-unset}"
        " N=${NO_COLOR-unset} X=$ATTNVIZ_TEST_EXTRA\"", extra);
    unsetenv("LINES");
    unsetenv("COLUMNS");
    unsetenv("NO_COLOR");
    assert_true(vt_wait_for(vt, "T=xterm-256color L=C.UTF-8 C=unset R=unset N=unset X=42",
                            VT_TIMEOUT_MS));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
}

static void rows_are_joined_by_newlines_with_trailing_blanks_trimmed(void **state)
{
    struct vt *vt = spawn_sh(state, 20, 4, "printf 'a  b   \\n\\n  c'", NULL);
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
    char *screen = vt_screen_text(vt);
    assert_string_equal(screen, "a  b\n\n  c\n");
    free(screen);
    char *row = vt_row_text(vt, 2);
    assert_string_equal(row, "  c");
    free(row);
    row = vt_row_text(vt, 4);   /* past the last row: empty, not a crash */
    assert_string_equal(row, "");
    free(row);
}

static void wide_characters_take_two_cells_and_positions_count_cells(void **state)
{
    struct vt *vt = spawn_sh(state, 20, 4, "printf 'ab\\n猫x'", NULL);
    assert_true(vt_wait_for(vt, "猫x", VT_TIMEOUT_MS));
    int row, col;
    assert_true(vt_find(vt, "x", &row, &col));
    assert_int_equal(row, 1);
    assert_int_equal(col, 2);
    struct vt_cell c;
    assert_true(vt_cell(vt, 1, 0, &c));
    assert_string_equal(c.text, "猫");
    assert_int_equal(c.width, 2);
    assert_true(vt_cell(vt, 1, 1, &c));
    assert_int_equal(c.width, 0);
    assert_false(vt_cell(vt, 4, 0, &c));
    assert_false(vt_find(vt, "abx", NULL, NULL));
}

static void colored_text_is_detected_and_plain_text_is_not(void **state)
{
    struct vt *vt = spawn_sh(state, 40, 4,
        "printf 'plain\\n'; read x; printf '\\033[31mred\\033[0m \\033[1;7mbold\\033[m'", NULL);
    assert_true(vt_wait_for(vt, "plain", VT_TIMEOUT_MS));
    assert_false(vt_screen_has_color(vt));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "bold", VT_TIMEOUT_MS));
    assert_true(vt_screen_has_color(vt));

    int row, col;
    struct vt_cell c;
    assert_true(vt_find(vt, "red", &row, &col));
    assert_true(vt_cell(vt, row, col, &c));
    assert_false(c.fg_default);
    assert_true(c.bg_default);
    assert_true(vt_find(vt, "bold", &row, &col));
    assert_true(vt_cell(vt, row, col, &c));
    assert_true(c.bold && c.reverse);
    assert_true(c.fg_default && c.bg_default);
    assert_false(c.underline);

    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    assert_non_null(strstr(raw, "\033[31mred"));
    assert_int_equal(strlen(raw), len);
}

static void the_child_sees_the_pty_size_and_is_told_when_it_changes(void **state)
{
    /* POSIX: a trapped signal makes 'wait' return at once, so the trap
     * runs as soon as SIGWINCH arrives ('read' would defer it). */
    struct vt *vt = spawn_sh(state, 80, 24,
        "trap 'echo winch; stty size' WINCH; stty size; echo ready;"
        " while :; do sleep 5 & wait $!; done", NULL);
    assert_true(vt_wait_for(vt, "ready", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "24 80", NULL, NULL));
    assert_true(vt_resize(vt, 100, 30));
    int cols, rows;
    vt_size(vt, &cols, &rows);
    assert_int_equal(cols, 100);
    assert_int_equal(rows, 30);
    assert_true(vt_wait_for(vt, "30 100", VT_TIMEOUT_MS));
    assert_true(vt_find(vt, "winch", NULL, NULL));
}

struct row_is {
    int row;
    const char *text;
};

static bool row_equals(struct vt *vt, void *ctx)
{
    const struct row_is *want = ctx;
    char *got = vt_row_text(vt, want->row);
    bool same = strcmp(got, want->text) == 0;
    free(got);
    return same;
}

static void typed_text_reaches_the_program_and_ctrl_d_ends_its_input(void **state)
{
    char *const argv[] = { "cat", NULL };
    struct vt **slot = *state;
    struct vt *vt = *slot = vt_spawn(40, 6, argv, NULL);
    assert_non_null(vt);
    assert_true(vt_type(vt, "héllo 猫"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    /* The tty echoes the line, then cat prints it again below. */
    assert_true(vt_wait_until(vt, row_equals, &(struct row_is){ 1, "héllo 猫" }, VT_TIMEOUT_MS));
    assert_true(row_equals(vt, &(struct row_is){ 0, "héllo 猫" }));
    assert_true(vt_ctrl(vt, 'd'));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
}

/* Runs script (which must print "ready" once it set the terminal up), then
 * press(vt), and returns the bytes the program read, as od prints them. */
static char *bytes_read_after(void **state, const char *script, bool (*press)(struct vt *))
{
    struct vt *vt = spawn_sh(state, 40, 6, script, NULL);
    assert_true(vt_wait_for(vt, "ready", VT_TIMEOUT_MS));
    assert_true(press(vt));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
    return vt_row_text(vt, 1);
}

static bool press_up(struct vt *vt)
{
    return vt_key(vt, VT_KEY_UP);
}

static bool send_csi_a(struct vt *vt)
{
    return vt_send(vt, "\033[A");
}

#define READ_3_BYTES "dd bs=1 count=3 2>/dev/null | od -An -tx1"

static void cursor_keys_are_sent_in_normal_mode_as_csi_sequences(void **state)
{
    char *got = bytes_read_after(state,
        "stty raw -echo; printf 'ready\\r\\n'; " READ_3_BYTES, press_up);
    assert_string_equal(got, " 1b 5b 41");
    free(got);
}

static void cursor_keys_follow_the_application_mode_the_program_enabled(void **state)
{
    /* DECCKM on (what ncurses' keypad() does through smkx): ESC O A. */
    char *got = bytes_read_after(state,
        "stty raw -echo; printf '\\033[?1hready\\r\\n'; " READ_3_BYTES, press_up);
    assert_string_equal(got, " 1b 4f 41");
    free(got);
}

static void raw_bytes_are_sent_as_they_are_whatever_the_mode(void **state)
{
    char *got = bytes_read_after(state,
        "stty raw -echo; printf '\\033[?1hready\\r\\n'; " READ_3_BYTES, send_csi_a);
    assert_string_equal(got, " 1b 5b 41");
    free(got);
}

static void the_alternate_screen_is_left_when_the_program_says_so(void **state)
{
    struct vt *vt = spawn_sh(state, 40, 6,
        "printf 'main\\n\\033[?1049hALT'; read x; printf '\\033[?1049l'", NULL);
    assert_true(vt_wait_for(vt, "ALT", VT_TIMEOUT_MS));
    assert_false(vt_find(vt, "main", NULL, NULL));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_int_equal(vt_wait_exit(vt, VT_TIMEOUT_MS), 0);
    assert_true(vt_find(vt, "main", NULL, NULL));
    assert_false(vt_find(vt, "ALT", NULL, NULL));
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    assert_true(len >= 8);
    assert_memory_equal(raw + len - 8, "\033[?1049l", 8);
}

static void waiting_for_text_to_go_away_returns_when_it_is_gone(void **state)
{
    struct vt *vt = spawn_sh(state, 40, 6,
        "printf busy; read x; printf '\\033[2J\\033[Hdone'; read y", NULL);
    assert_true(vt_wait_for(vt, "busy", VT_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for_not(vt, "busy", VT_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "done", VT_TIMEOUT_MS));
}

static void waits_give_up_at_their_deadline(void **state)
{
    char *const argv[] = { "cat", NULL };
    struct vt **slot = *state;
    struct vt *vt = *slot = vt_spawn(40, 6, argv, NULL);
    assert_non_null(vt);
    long long t0 = now_ms();
    assert_false(vt_wait_for(vt, "never printed", 300));
    long long waited = now_ms() - t0;
    assert_true(waited >= 290 && waited < 3000);
    assert_int_equal(vt_wait_exit(vt, 100), -1);
}

static void freeing_the_terminal_kills_a_program_that_still_runs(void **state)
{
    struct vt *vt = spawn_sh(state, 40, 6, "echo pid=$$; exec sleep 300", NULL);
    assert_true(vt_wait_for(vt, "pid=", VT_TIMEOUT_MS));
    char *row = vt_row_text(vt, 0);
    long pid = strtol(row + 4, NULL, 10);
    free(row);
    assert_true(pid > 1);
    assert_int_equal(kill((pid_t)pid, 0), 0);
    vt_free(vt);
    struct vt **slot = *state;
    *slot = NULL;
    /* vt_free reaped it, so the pid no longer exists. */
    assert_int_equal(kill((pid_t)pid, 0), -1);
    assert_int_equal(errno, ESRCH);
}

static void two_programs_that_draw_the_same_give_the_same_screen(void **state)
{
    struct vt *a = spawn_sh(state, 20, 4, "printf 'x\\033[31mred\\033[m'; exec cat", NULL);
    char *const argv[] = { "/bin/sh", "-c", "printf 'x'; printf '\\033[31mred\\033[m'; exec cat", NULL };
    struct vt *b = vt_spawn(20, 4, argv, NULL);
    assert_non_null(b);
    /* Not before: two blank screens are the same too. */
    bool shown = vt_wait_for(a, "xred", VT_TIMEOUT_MS) && vt_wait_for(b, "xred", VT_TIMEOUT_MS);
    bool same = vt_wait_same(a, b, VT_TIMEOUT_MS);
    vt_free(b);
    assert_true(shown);
    assert_true(same);
}

static void screens_that_differ_only_in_color_are_not_the_same(void **state)
{
    struct vt *a = spawn_sh(state, 20, 4, "printf '\\033[31mred\\033[m'; exec cat", NULL);
    char *const argv[] = { "/bin/sh", "-c", "printf 'red'; exec cat", NULL };
    struct vt *b = vt_spawn(20, 4, argv, NULL);
    assert_non_null(b);
    bool shown = vt_wait_for(a, "red", VT_TIMEOUT_MS) && vt_wait_for(b, "red", VT_TIMEOUT_MS);
    bool same = vt_wait_same(a, b, 300);
    vt_free(b);
    assert_true(shown);
    assert_false(same);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(output_appears_on_the_screen_and_the_exit_status_is_returned),
        T(a_program_killed_by_a_signal_reports_128_plus_the_signal),
        T(a_program_that_cannot_be_started_exits_with_127),
        T(the_child_gets_a_clean_terminal_environment_plus_the_extra_variables),
        T(rows_are_joined_by_newlines_with_trailing_blanks_trimmed),
        T(wide_characters_take_two_cells_and_positions_count_cells),
        T(colored_text_is_detected_and_plain_text_is_not),
        T(the_child_sees_the_pty_size_and_is_told_when_it_changes),
        T(typed_text_reaches_the_program_and_ctrl_d_ends_its_input),
        T(cursor_keys_are_sent_in_normal_mode_as_csi_sequences),
        T(cursor_keys_follow_the_application_mode_the_program_enabled),
        T(raw_bytes_are_sent_as_they_are_whatever_the_mode),
        T(the_alternate_screen_is_left_when_the_program_says_so),
        T(waiting_for_text_to_go_away_returns_when_it_is_gone),
        T(waits_give_up_at_their_deadline),
        T(freeing_the_terminal_kills_a_program_that_still_runs),
        T(two_programs_that_draw_the_same_give_the_same_screen),
        T(screens_that_differ_only_in_color_are_not_the_same),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
