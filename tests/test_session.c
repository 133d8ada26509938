/* test_session.c - session files: the header, save -> load -> save, replay
 * to the same model, atomic saves that survive a failing write, :save!, and
 * relative paths inside scripts. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "attnviz/app.h"
#include "attnviz/export.h"
#include "attnviz/fsfile.h"
#include "attnviz/session.h"
#include "support/fixture.h"

/* 2024-05-01T12:00:00Z: saves in tests never depend on the clock. */
#define FIXED_TIME ((time_t)1714564800)

static char tmpdir[TEMP_DIR_MAX];

/* ---- helpers --------------------------------------------------------- */

static int setup(void **state)
{
    return app_in_temp_dir_setup(state, tmpdir, "attnviz-test-session");
}

static int teardown(void **state)
{
    return app_in_temp_dir_teardown(state, tmpdir);
}

static const char *in_tmp(const char *name)
{
    return temp_path(tmpdir, name);
}

static unsigned runf(struct app *a, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return run_line(a, line);
}

/* session_save of a's session, saved at FIXED_TIME. */
static int save_app(const struct app *a, const char *path, bool force, char *err, size_t errlen)
{
    struct session_doc doc = { &a->start_cfg, a->s.log, a->s.log_len, FIXED_TIME };
    return session_save(&doc, path, force, force ? ":save!" : ":save", err, errlen);
}

static void save(const struct app *a, const char *path)
{
    char err[512] = "";
    if (save_app(a, path, false, err, sizeof err) != 0)
        fail_msg("saving %s failed: %s", path, err);
}

static void fresh(struct app *b)
{
    assert_int_equal(app_init_default(b), 0);
}

/* A session touching every kind of state change, started from a config
 * that is not the default. */
static void busy_session(struct app *a)
{
    struct model_config cfg;
    char err[256];
    command_default_config(&cfg);
    cfg.d_model = 6;
    cfg.seed = 7;
    cfg.causal = true;
    assert_int_equal(app_init(a, &cfg, err, sizeof err), 0);
    run_line(a, "I love cats");
    run_line(a, ":emb love 1 2 3 4 5 0.1");
    run_line(a, ":select 1 0");
    run_line(a, ":heads 2");
    run_line(a, ":head 1");
    run_line(a, ":note the second head");
    run_line(a, ":pe table");
    run_line(a, ":pe-row 1 0 0 1 0 0 1");
    run_line(a, "the cat sat on the mat");
    run_line(a, ":select 4 2");
    run_line(a, ":select 5 3");
    run_line(a, ":proj identity");
    run_line(a, ":scale off");
}

static char *json_of(struct app *a)
{
    char *json = export_string(a, PRINT_JSON);
    assert_true(strlen(json) > 100);
    return json;
}

static size_t count_lines_starting(const char *text, const char *prefix)
{
    size_t n = 0, plen = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        n += strncmp(p, prefix, plen) == 0;
    return n;
}

/* ---- the file format ---------------------------------------------------- */

static void the_header_names_the_format_the_version_and_the_utc_time(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct session_doc doc = { &a->start_cfg, a->s.log, a->s.log_len, FIXED_TIME };
    assert_int_equal(session_write(f, &doc), 0);
    fclose(f);
    assert_string_equal(buf, "# attnviz session v1\n"
                        "# attnviz " ATTNVIZ_VERSION "\n"
                        "# saved 2024-05-01T12:00:00Z\n"
                        "I love cats\n");
    free(buf);
}

static void the_save_time_comes_from_source_date_epoch_when_it_is_a_number(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal((long long)session_time(), 1700000000LL);
    setenv("SOURCE_DATE_EPOCH", "soon", 1);
    time_t before = time(NULL), t = session_time(), after = time(NULL);
    assert_true(t >= before && t <= after);
    unsetenv("SOURCE_DATE_EPOCH");
    before = time(NULL);
    t = session_time();
    after = time(NULL);
    assert_true(t >= before && t <= after);
}

static void only_state_changes_are_saved_and_a_run_of_moves_is_its_last_select(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":select 0 0");
    run_line(a, ":select 1 1");
    run_line(a, ":theme magma");     /* a viewer's preference, not state */
    run_line(a, ":select 2 2");
    run_line(a, ":causal on");
    run_line(a, ":select 0 1");
    run_line(a, ":pause");
    runf(a, ":save %s", in_tmp("moves.attn"));
    char *text = read_file(in_tmp("moves.attn"), NULL);
    const char *body = strstr(text, "Z\n");
    assert_non_null(body);
    /* Each :select kept is where the user looked when the next change came:
     * a replay shows the same cell at the same moment. */
    assert_string_equal(body + 2, "I love cats\n:select 2 2\n:causal on\n:select 0 1\n");
    assert_int_equal(count_lines_starting(text, ":select"), 2);
    free(text);
}

/* ---- round trips --------------------------------------------------------- */

static void save_then_load_then_save_gives_the_byte_identical_file(void **state)
{
    (void)state;
    struct app a, b;
    busy_session(&a);
    save(&a, in_tmp("one.attn"));
    fresh(&b);
    char err[512] = "";
    assert_int_equal(app_run_file(&b, in_tmp("one.attn"), NULL, NULL, err, sizeof err), 0);
    save(&b, in_tmp("two.attn"));
    size_t l1, l2;
    char *one = read_file(in_tmp("one.attn"), &l1), *two = read_file(in_tmp("two.attn"), &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(one, two, l1);
    /* the starting config is in the file, so the session stands alone */
    assert_non_null(strstr(one, "Z\n:dim 6\n:seed 7\n:causal on\nI love cats\n"));
    free(one);
    free(two);
    app_free(&a);
    app_free(&b);
}

static void a_replayed_session_prints_the_identical_json(void **state)
{
    (void)state;
    struct app a, b;
    busy_session(&a);
    save(&a, in_tmp("s.attn"));
    fresh(&b);
    char err[512] = "";
    assert_int_equal(app_run_file(&b, in_tmp("s.attn"), NULL, NULL, err, sizeof err), 0);
    char *ja = json_of(&a), *jb = json_of(&b);
    assert_string_equal(ja, jb);
    assert_int_equal(b.s.sel_row, a.s.sel_row);
    assert_int_equal(b.s.sel_col, a.s.sel_col);
    assert_int_equal(b.s.head, a.s.head);
    assert_string_equal(b.s.note, a.s.note);
    free(ja);
    free(jb);
    app_free(&a);
    app_free(&b);
}

static void a_later_save_writes_what_a_load_ran_not_the_load_line(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("part.attn"), "# a part\nI love cats\n\n:causal on\n");
    runf(a, ":load %s", in_tmp("part.attn"));
    run_line(a, ":select 1 2");
    runf(a, ":replay %s", in_tmp("part.attn"));   /* outside the TUI: as :load */
    runf(a, ":save %s", in_tmp("whole.attn"));
    char *text = read_file(in_tmp("whole.attn"), NULL);
    assert_null(strstr(text, ":load"));
    assert_null(strstr(text, ":replay"));
    assert_null(strstr(text, "# a part"));
    assert_non_null(strstr(text, "Z\nI love cats\n:causal on\n:select 1 2\n"
                            "I love cats\n:causal on\n"));
    free(text);
}

static void a_replay_outside_the_tui_names_itself_in_its_errors(void **state)
{
    struct app *a = *state;
    char err[512];
    unsigned f = try_line(a, ":replay /nonexistent/t.attn", 27, NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_string_equal(err, ":replay cannot open \"/nonexistent/t.attn\": No such file or directory");
}

static void relative_paths_in_a_script_are_relative_to_its_folder(void **state)
{
    struct app *a = *state;
    assert_int_equal(mkdir(in_tmp("tour"), 0700), 0);
    assert_int_equal(mkdir(in_tmp("tour/parts"), 0700), 0);
    write_file(in_tmp("tour/main.attn"), ":load parts/a.attn\n:save saved.attn\n");
    write_file(in_tmp("tour/parts/a.attn"), ":load b.attn\n:dim 4\n");
    write_file(in_tmp("tour/parts/b.attn"), "one two three\n");
    /* from another working folder, so nothing resolves by accident */
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir("/"), 0);
    runf(a, ":load %s", in_tmp("tour/main.attn"));
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(app_shown(a)->n, 3);
    assert_int_equal(a->s.cfg.d_model, 4);
    char *text = read_file(in_tmp("tour/saved.attn"), NULL);
    assert_non_null(strstr(text, "Z\none two three\n:dim 4\n"));
    free(text);
}

/* ---- overwriting ------------------------------------------------------- */

static void save_refuses_a_file_that_is_not_a_session_and_save_bang_overwrites_it(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    write_file(in_tmp("notes.txt"), "my precious notes\n");
    char line[300], err[1024];
    snprintf(line, sizeof line, ":save %s", in_tmp("notes.txt"));
    assert_true(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(err, "will not overwrite"));
    assert_non_null(strstr(err, ":save! overwrites it"));
    char *text = read_file(in_tmp("notes.txt"), NULL);
    assert_string_equal(text, "my precious notes\n");
    free(text);

    runf(a, ":save! %s", in_tmp("notes.txt"));
    text = read_file(in_tmp("notes.txt"), NULL);
    assert_true(strncmp(text, SESSION_MAGIC " v1\n", strlen(SESSION_MAGIC) + 4) == 0);
    assert_non_null(strstr(text, "\nI love cats\n"));
    free(text);
    /* now it is a session: a plain :save may replace it */
    run_line(a, ":causal on");
    runf(a, ":save %s", in_tmp("notes.txt"));
    text = read_file(in_tmp("notes.txt"), NULL);
    assert_non_null(strstr(text, "\nI love cats\n:causal on\n"));
    free(text);
}

static void an_empty_file_may_be_overwritten_it_holds_nothing_to_lose(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    write_file(in_tmp("empty.attn"), "");
    runf(a, ":save %s", in_tmp("empty.attn"));
    char *text = read_file(in_tmp("empty.attn"), NULL);
    assert_non_null(strstr(text, "I love cats\n"));
    free(text);
}

/* ---- atomicity ---------------------------------------------------------- */

static bool temp_files_left(void)
{
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d)))
        found |= strncmp(e->d_name, ".attnviz-tmp.", 13) == 0;
    closedir(d);
    return found;
}

/* A child with a 4 KiB file-size limit (and SIGXFSZ ignored, so write fails
 * with EFBIG instead of killing it) saves a 30 KiB session over an old
 * one: the real failure of a full disk or a quota, mid-write. */
static void an_interrupted_save_leaves_the_old_file_whole_and_no_temp_file(void **state)
{
    struct app *a = *state;
    run_line(a, "the old session");
    runf(a, ":save %s", in_tmp("s.attn"));
    size_t old_len;
    char *old = read_file(in_tmp("s.attn"), &old_len);

    for (int i = 0; i < 1000; i++)
        runf(a, i % 2 ? "sentence number %d is here" : ":note step %d of a long session", i);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit lim = { 4096, 4096 };
        signal(SIGXFSZ, SIG_IGN);
        char err[1024] = "";
        int ok = setrlimit(RLIMIT_FSIZE, &lim) == 0
                 && save_app(a, in_tmp("s.attn"), false, err, sizeof err) == FSFILE_FAILED
                 && strstr(err, ":save cannot write") && strstr(err, "File too large");
        if (!ok)
            fprintf(stderr, "child: save did not fail as expected: \"%s\"\n", err);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    size_t now_len;
    char *now = read_file(in_tmp("s.attn"), &now_len);
    assert_int_equal(now_len, old_len);
    assert_memory_equal(now, old, old_len);
    assert_false(temp_files_left());
    free(now);

    /* the same save without the limit works, and leaves no temp file */
    save(a, in_tmp("s.attn"));
    now = read_file(in_tmp("s.attn"), &now_len);
    assert_true(now_len > 20000);
    assert_false(temp_files_left());
    free(now);
    free(old);
}

/* rename() over a link would replace the link itself: the file it points
 * to (the one the overwrite check read) would keep the old session. */
static void a_save_through_a_symbolic_link_updates_the_file_it_points_to(void **state)
{
    struct app *a = *state;
    char real[300];
    snprintf(real, sizeof real, "%s/real", tmpdir);
    assert_int_equal(mkdir(real, 0700), 0);
    run_line(a, "the old session");
    save(a, in_tmp("real/s.attn"));
    assert_int_equal(symlink("real/s.attn", in_tmp("link.attn")), 0);

    run_line(a, "the new session");
    runf(a, ":save %s", in_tmp("link.attn"));
    struct stat st;
    assert_int_equal(lstat(in_tmp("link.attn"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *text = read_file(in_tmp("real/s.attn"), NULL);
    assert_non_null(strstr(text, "\nthe new session\n"));
    free(text);
    /* the temporary file went next to the target, and is gone */
    DIR *d = opendir(real);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        assert_true(strncmp(e->d_name, ".attnviz-tmp.", 13) != 0);
    closedir(d);
    assert_false(temp_files_left());
}

static void a_save_over_a_private_session_keeps_it_private(void **state)
{
    struct app *a = *state;
    run_line(a, "a private session");
    save(a, in_tmp("p.attn"));
    assert_int_equal(chmod(in_tmp("p.attn"), 0600), 0);
    run_line(a, "still private");
    save(a, in_tmp("p.attn"));
    struct stat st;
    assert_int_equal(stat(in_tmp("p.attn"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
}

static void a_save_into_a_missing_folder_fails_with_the_reason(void **state)
{
    struct app *a = *state;
    char err[1024] = "";
    assert_int_equal(save_app(a, in_tmp("no/such/dir/s.attn"), false, err, sizeof err),
                     FSFILE_FAILED);
    assert_non_null(strstr(err, "No such file or directory"));
}

/* ---- :pause ---------------------------------------------------------------- */

static void pause_outside_a_replay_does_nothing_and_is_not_logged(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    assert_int_equal(run_line(a, ":pause"), 0);
    assert_int_equal(a->s.log_len, 1);
    char err[256];
    assert_true(try_line(a, ":pause now", 10, NULL, 0, err, sizeof err) & APP_ERROR);
    assert_string_equal(err, ":pause takes no arguments, got \"now\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_header_names_the_format_the_version_and_the_utc_time, setup, teardown),
        cmocka_unit_test_setup_teardown(the_save_time_comes_from_source_date_epoch_when_it_is_a_number, setup, teardown),
        cmocka_unit_test_setup_teardown(only_state_changes_are_saved_and_a_run_of_moves_is_its_last_select, setup, teardown),
        cmocka_unit_test_setup_teardown(save_then_load_then_save_gives_the_byte_identical_file, setup, teardown),
        cmocka_unit_test_setup_teardown(a_replayed_session_prints_the_identical_json, setup, teardown),
        cmocka_unit_test_setup_teardown(a_later_save_writes_what_a_load_ran_not_the_load_line, setup, teardown),
        cmocka_unit_test_setup_teardown(a_replay_outside_the_tui_names_itself_in_its_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(relative_paths_in_a_script_are_relative_to_its_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(save_refuses_a_file_that_is_not_a_session_and_save_bang_overwrites_it, setup, teardown),
        cmocka_unit_test_setup_teardown(an_empty_file_may_be_overwritten_it_holds_nothing_to_lose, setup, teardown),
        cmocka_unit_test_setup_teardown(an_interrupted_save_leaves_the_old_file_whole_and_no_temp_file, setup, teardown),
        cmocka_unit_test_setup_teardown(a_save_into_a_missing_folder_fails_with_the_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(a_save_over_a_private_session_keeps_it_private, setup, teardown),
        cmocka_unit_test_setup_teardown(a_save_through_a_symbolic_link_updates_the_file_it_points_to, setup, teardown),
        cmocka_unit_test_setup_teardown(pause_outside_a_replay_does_nothing_and_is_not_logged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
