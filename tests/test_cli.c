/* test_cli.c - the attnviz command line as a user runs it: exit statuses,
 * where messages go, and which starting values each mode uses. Runs the
 * binary named by $ATTNVIZ (tests/run-tests.sh sets it). */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/spawn_env.h"
#include "support/vt.h"

enum { TIMEOUT_MS = 20000 };

struct run {
    int status;      /* exit status, or -1 */
    char *out, *err; /* everything written to stdout / stderr */
};

/* Runs the attnviz at bin with argv (NULL-terminated, without argv[0]) in
 * the fixture's environment, stdin from /dev/null, stdout into out_path
 * when not NULL (r.out then empty). */
static struct run run_bin_to(const struct spawn_env *fx, const char *bin,
                             const char *const *args, const char *out_path)
{
    struct run r = { .status = -1 };
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *argv[16] = { (char *)bin };
        for (size_t i = 0; args[i] && i < 14; i++)
            argv[i + 1] = (char *)args[i];
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(out_path ? open(out_path, O_WRONLY) : fileno(out), 1);
        dup2(fileno(err), 2);
        putenv((char *)fx->config_home);
        putenv((char *)fx->home);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = stream_text(out);
    r.err = stream_text(err);
    fclose(out);
    fclose(err);
    return r;
}

static struct run run_bin(const struct spawn_env *fx, const char *bin, const char *const *args)
{
    return run_bin_to(fx, bin, args, NULL);
}

/* run_bin of the binary under test */
static struct run run(const struct spawn_env *fx, const char *const *args)
{
    return run_bin(fx, attnviz_binary(), args);
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

/* The fixture is a private home: HOME and XDG_CONFIG_HOME (DIR/config)
 * with an empty attnviz folder in the config folder. */
static int setup(void **state)
{
    struct spawn_env *fx = calloc(1, sizeof *fx);
    if (!fx || spawn_env_make(fx, "attnviz-test-cli") != 0)
        return -1;
    if (mkdir(temp_path(fx->dir, "config"), 0700) != 0
        || mkdir(temp_path(fx->dir, "config/attnviz"), 0700) != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct spawn_env *fx = *state;
    if (spawn_env_remove(fx) != 0)
        return -1;
    free(fx);
    return 0;
}

/* A config file asking for d_model 16, as a user might have. */
static void write_config(const struct spawn_env *fx)
{
    write_file(temp_path(fx->dir, "config/attnviz/config"), "dim = 16\nseed = 7\n");
}

static void help_and_version_go_to_stdout_and_exit_zero(void **state)
{
    struct run r = run(*state, (const char *[]){ "--help", NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: attnviz"));
    assert_string_equal(r.err, "");
    run_free(&r);
    r = run(*state, (const char *[]){ "--version", NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "attnviz "));
    run_free(&r);
}

static void a_bad_option_value_exits_64_with_the_commands_message(void **state)
{
    struct run r = run(*state, (const char *[]){ "--dump", "--dim", "0", "x", NULL });
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--dim expects an integer from 1 to 4096, got \"0\""));
    assert_string_equal(r.out, "");
    run_free(&r);
    r = run(*state, (const char *[]){ "--frobnicate", NULL });
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--frobnicate"));
    run_free(&r);
}

static void a_missing_batch_file_exits_66(void **state)
{
    struct run r = run(*state, (const char *[]){ "--batch", "/nonexistent/x.attn", NULL });
    assert_int_equal(r.status, 66);
    assert_non_null(strstr(r.err, "/nonexistent/x.attn"));
    run_free(&r);
}

/* A file named on the command line that cannot be read is 66 as for
 * --batch, whether it is --vectors' or the text to open, and the message
 * names no command the user did not type. */
static void a_missing_or_binary_file_on_the_command_line_exits_66(void **state)
{
    const struct spawn_env *fx = *state;
    struct run r = run(fx, (const char *[]){ "--dump", "--vectors", "/nonexistent/v.txt", "x",
                                             NULL });
    assert_int_equal(r.status, 66);
    assert_non_null(strstr(r.err, "attnviz: --vectors: cannot open \"/nonexistent/v.txt\""));
    assert_null(strstr(r.err, "--help"));
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "/nonexistent/t.txt", NULL });
    assert_int_equal(r.status, 66);
    assert_non_null(strstr(r.err, "attnviz: cannot open \"/nonexistent/t.txt\""));
    assert_null(strstr(r.err, ":open"));
    run_free(&r);
    char bin[512];
    snprintf(bin, sizeof bin, "%s/bin.txt", fx->dir);
    FILE *f = fopen(bin, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite("a\0b", 1, 3, f), 3);
    assert_int_equal(fclose(f), 0);
    r = run(fx, (const char *[]){ "--dump", bin, NULL });
    assert_int_equal(r.status, 66);
    assert_non_null(strstr(r.err, "a NUL byte"));
    run_free(&r);
}

static void a_batch_file_with_bad_lines_exits_65_naming_each_line(void **state)
{
    const struct spawn_env *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/bad.attn", fx->dir);
    write_file(path, ":dim x\nI love cats\n:heads 3\n:print json\n");
    struct run r = run(fx, (const char *[]){ "--batch", path, NULL });
    assert_int_equal(r.status, 65);
    assert_non_null(strstr(r.err, "bad.attn:1: :dim expects"));
    assert_non_null(strstr(r.err, "bad.attn:3: "));
    /* the good lines ran: the sentence was printed */
    assert_non_null(strstr(r.out, "\"tokens\":[\"I\",\"love\",\"cats\"]"));
    run_free(&r);
}

/* A full standard output is one exit status, 74, whether --dump or a
 * :print of --batch met it (in --batch it wins over the 65 of the failed
 * line), and it is said once with the reason. */
static void a_full_stdout_exits_74_in_dump_and_batch_alike(void **state)
{
    const struct spawn_env *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/print.attn", fx->dir);
    write_file(path, "I love cats\n:print json\n");
    const char *const *cases[] = {
        (const char *[]){ "--dump", "I love cats", NULL },
        (const char *[]){ "--dump", "--format", "svg", "I love cats", NULL },
        (const char *[]){ "--batch", path, NULL },
    };
    for (size_t i = 0; i < 3; i++) {
        struct run r = run_bin_to(fx, attnviz_binary(), cases[i], "/dev/full");
        assert_int_equal(r.status, 74);
        const char *said = strstr(r.err, "attnviz: cannot write to stdout");
        assert_non_null(said);
        assert_null(strstr(said + 1, "attnviz: cannot write to stdout"));   /* once */
        assert_non_null(strstr(r.err, "No space left on device"));
        run_free(&r);
    }
}

static void dump_ignores_the_config_files_model_values(void **state)
{
    const struct spawn_env *fx = *state;
    write_config(fx);
    struct run r = run(fx, (const char *[]){ "--dump", "--format", "json", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"d_model\":8,"));
    assert_non_null(strstr(r.out, "\"seed\":42}"));
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "--format", "json", "--dim", "4", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"d_model\":4,"));
    run_free(&r);
}

static void dump_writes_what_export_writes_in_every_format(void **state)
{
    const struct spawn_env *fx = *state;
    struct run r = run(fx, (const char *[]){ "--dump", "--format", "svg", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44) == 0);
    assert_non_null(strstr(r.out, "id=\"c0-2-2\""));
    assert_string_equal(r.out + strlen(r.out) - 7, "</svg>\n");
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "--format", "csv", "--causal", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "query\\key,I,love,cats\r\nI,1,0,0\r\nlove,", 36) == 0);
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "--format", "json", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"shown\":{\"view\":\"attention\",\"stage\":\"weights\","
                                  "\"head\":0,\"query\":0,\"cursor\":{\"row\":0,"
                                  "\"col\":0,\"dim\":null},\"panes\":["));
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "--format", "text", "I love cats", NULL });
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "sentence: I love cats\n", 22) == 0);
    run_free(&r);
    r = run(fx, (const char *[]){ "--dump", "--format", "png", "I love cats", NULL });
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--format expects text, svg, csv, json or ansi, got \"png\""));
    run_free(&r);
}

/* The child inherits NO_COLOR and COLORTERM from here. */
static struct run run_ansi(const struct spawn_env *fx, const char *no_color, const char *color)
{
    if (no_color)
        setenv("NO_COLOR", no_color, 1);
    else
        unsetenv("NO_COLOR");
    unsetenv("COLORTERM");
    const char *args[] = { "--dump", "--format", "ansi", "I love cats", color, NULL };
    struct run r = run(fx, args);
    unsetenv("NO_COLOR");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "attnviz \xC2\xB7 weights \xC2\xB7 head 0"));
    return r;
}

static void dump_ansi_honours_no_color_and_the_color_option(void **state)
{
    const struct spawn_env *fx = *state;
    struct run r = run_ansi(fx, NULL, NULL);
    assert_non_null(strstr(r.out, "\x1b[48;5;"));
    run_free(&r);
    r = run_ansi(fx, "1", NULL);
    assert_null(strchr(r.out, '\x1b'));
    run_free(&r);
    r = run_ansi(fx, "1", "--color=always");
    assert_non_null(strstr(r.out, "\x1b[48;5;"));
    run_free(&r);
    r = run_ansi(fx, NULL, "--color=never");
    assert_null(strchr(r.out, '\x1b'));
    run_free(&r);
    r = run_ansi(fx, NULL, "--no-color");
    assert_null(strchr(r.out, '\x1b'));
    run_free(&r);
    setenv("COLORTERM", "truecolor", 1);
    r = run(fx, (const char *[]){ "--dump", "--format", "ansi", "I love cats", NULL });
    unsetenv("COLORTERM");
    assert_non_null(strstr(r.out, "\x1b[48;2;"));
    run_free(&r);
}

static void the_terminal_ui_starts_from_the_config_file_and_options_win(void **state)
{
    const struct spawn_env *fx = *state;
    write_config(fx);
    char *env[] = { (char *)fx->home, (char *)fx->config_home, NULL };
    char *argv[] = { (char *)attnviz_binary(), "I love cats", NULL };
    struct vt *vt = vt_spawn(100, 30, argv, env);
    assert_non_null(vt);
    assert_true(vt_wait_for(vt, "d_model 16", TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "seed 7", TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ESCAPE));   /* the prompt has the focus at start */
    assert_true(vt_wait_for(vt, "arrows: move", TIMEOUT_MS));
    assert_true(vt_type(vt, "q"));
    assert_int_equal(vt_wait_exit(vt, TIMEOUT_MS), 0);
    vt_free(vt);

    char *argv2[] = { (char *)attnviz_binary(), "--dim", "4", "I love cats", NULL };
    vt = vt_spawn(100, 30, argv2, env);
    assert_non_null(vt);
    assert_true(vt_wait_for(vt, "d_model 4", TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "seed 7", TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ESCAPE));   /* the prompt has the focus at start */
    assert_true(vt_wait_for(vt, "arrows: move", TIMEOUT_MS));
    assert_true(vt_type(vt, "q"));
    assert_int_equal(vt_wait_exit(vt, TIMEOUT_MS), 0);
    vt_free(vt);
}

static void a_bad_config_line_is_shown_on_the_first_screen_and_skipped(void **state)
{
    const struct spawn_env *fx = *state;
    write_file(temp_path(fx->dir, "config/attnviz/config"), "dim = 12\nheads = lots\n");
    char *env[] = { (char *)fx->home, (char *)fx->config_home, NULL };
    char *argv[] = { (char *)attnviz_binary(), "I love cats", NULL };
    struct vt *vt = vt_spawn(120, 30, argv, env);
    assert_non_null(vt);
    assert_true(vt_wait_for(vt, "d_model 12", TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "config:2: :heads expects", TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ESCAPE));   /* the prompt has the focus at start */
    assert_true(vt_wait_for(vt, "arrows: move", TIMEOUT_MS));
    assert_true(vt_type(vt, "q"));
    assert_int_equal(vt_wait_exit(vt, TIMEOUT_MS), 0);
    vt_free(vt);
}

/* An installation in DIR/usr that no compiled-in path names: a copy of the
 * binary in usr/bin, a tour "mini" and a theme "zz-copy" in
 * usr/share/attnviz. Returns the copy's path. */
static const char *install_copy(const struct spawn_env *fx)
{
    static const char *const dirs[] = {
        "usr", "usr/bin", "usr/share", "usr/share/attnviz", "usr/share/attnviz/samples",
        "usr/share/attnviz/themes",
    };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        assert_int_equal(mkdir(temp_path(fx->dir, dirs[i]), 0700), 0);
    static char copy[256];
    snprintf(copy, sizeof copy, "%s", temp_path(fx->dir, "usr/bin/attnviz"));
    FILE *in = fopen(attnviz_binary(), "rb"), *out = fopen(copy, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, in)) > 0;)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    assert_false(ferror(in));
    fclose(in);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(chmod(copy, 0755), 0);
    write_file(temp_path(fx->dir, "usr/share/attnviz/samples/mini.attn"),
               "# attnviz session v1\n# A tiny tour of three words.\n:dim 4\nI love cats\n"
               ":note three tokens\n:print json\n");
    write_file(temp_path(fx->dir, "usr/share/attnviz/themes/zz-copy.theme"),
               "description = shipped beside the copy\n");
    return copy;
}

static void an_installation_anywhere_finds_its_tours_and_themes_beside_itself(void **state)
{
    const struct spawn_env *fx = *state;
    const char *copy = install_copy(fx);
    char script[128];
    snprintf(script, sizeof script, "%s", temp_path(fx->dir, "s.attn"));
    write_file(script, ":tours\n:load mini\n:replay mini\n:theme zz-copy\n:themes\n");
    struct run r = run_bin(fx, copy, (const char *[]){ "--batch", script, NULL });
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "mini "));
    assert_non_null(strstr(r.out, "  A tiny tour of three words.\n"));
    /* the tour ran twice: by :load, and by :replay outside the terminal UI */
    const char *json = strstr(r.out, "\"d_model\":4,");
    assert_non_null(json);
    assert_non_null(strstr(json + 1, "\"d_model\":4,"));
    assert_string_equal(r.err, "three tokens\nthree tokens\n");
    assert_non_null(strstr(r.out, "* zz-copy"));
    assert_non_null(strstr(r.out, "shipped beside the copy"));
    run_free(&r);
}

static void a_tour_name_no_folder_has_is_an_error_that_says_so(void **state)
{
    const struct spawn_env *fx = *state;
    struct run r = run(fx, (const char *[]){ "--replay", "no-such-tour", NULL });
    assert_int_equal(r.status, 66);
    assert_non_null(strstr(r.err, "attnviz: --replay: no tour named \"no-such-tour\" "
                                  "(:tours lists them; a file name needs a '/' or the .attn "
                                  "ending, as in ./no-such-tour)"));
    run_free(&r);
    char script[128];
    snprintf(script, sizeof script, "%s", temp_path(fx->dir, "s.attn"));
    write_file(script, ":load no-such-tour\n");
    r = run(fx, (const char *[]){ "--batch", script, NULL });
    assert_int_equal(r.status, 65);
    assert_non_null(strstr(r.err, "s.attn:1: :load: no tour named \"no-such-tour\""));
    run_free(&r);
}

static void the_terminal_ui_replays_a_tour_by_name_and_says_the_tours(void **state)
{
    const struct spawn_env *fx = *state;
    const char *copy = install_copy(fx);
    char *env[] = { (char *)fx->home, (char *)fx->config_home, NULL };
    char *argv[] = { (char *)copy, "--replay", "mini", NULL };
    struct vt *vt = vt_spawn(100, 30, argv, env);
    assert_non_null(vt);
    assert_true(vt_wait_for(vt, "step 1/3", TIMEOUT_MS));   /* :dim 4 runs with the sentence */
    assert_true(vt_type(vt, "x"));
    assert_true(vt_wait_for(vt, "left the replay", TIMEOUT_MS));
    assert_true(vt_type(vt, ":tours"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "tours: mini", TIMEOUT_MS));
    /* the prompt keeps the focus */
    assert_true(vt_type(vt, ":quit"));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_int_equal(vt_wait_exit(vt, TIMEOUT_MS), 0);
    vt_free(vt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(help_and_version_go_to_stdout_and_exit_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_option_value_exits_64_with_the_commands_message, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_batch_file_exits_66, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_or_binary_file_on_the_command_line_exits_66, setup, teardown),
        cmocka_unit_test_setup_teardown(a_batch_file_with_bad_lines_exits_65_naming_each_line, setup, teardown),
        cmocka_unit_test_setup_teardown(a_full_stdout_exits_74_in_dump_and_batch_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(dump_ignores_the_config_files_model_values, setup, teardown),
        cmocka_unit_test_setup_teardown(dump_writes_what_export_writes_in_every_format, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(dump_ansi_honours_no_color_and_the_color_option, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_terminal_ui_starts_from_the_config_file_and_options_win, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_config_line_is_shown_on_the_first_screen_and_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(an_installation_anywhere_finds_its_tours_and_themes_beside_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(a_tour_name_no_folder_has_is_an_error_that_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(the_terminal_ui_replays_a_tour_by_name_and_says_the_tours, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
