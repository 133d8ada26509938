/* test_batch.c - batch_run: exit statuses, error reports, stdin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "attnviz/app.h"
#include "attnviz/batch.h"
#include "support/fixture.h"

struct fixture {
    struct app a;
    char dir[TEMP_DIR_MAX];
    FILE *out, *err;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx || app_init_default(&fx->a) != 0)
        return -1;
    if (temp_dir_make(fx->dir, "attnviz-test-batch") != 0)
        return -1;
    fx->out = tmpfile();
    fx->err = tmpfile();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    int rc = temp_dir_remove(fx->dir);
    fclose(fx->out);
    fclose(fx->err);
    app_free(&fx->a);
    free(fx);
    return rc;
}

/* Writes a script into the fixture's folder; returns its path. */
static const char *script(struct fixture *fx, const char *name, const char *text)
{
    const char *path = temp_path(fx->dir, name);
    write_file(path, text);
    return path;
}

static void a_clean_script_exits_zero_and_prints_to_out(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "ok.attn", "# demo\n:dim 4\nI love cats\n:print csv\n");
    assert_int_equal(batch_run(&fx->a, p, fx->out, fx->err), 0);
    char *out = stream_text(fx->out), *err = stream_text(fx->err);
    assert_true(strncmp(out, "tensor,head,row,row_token,col,value\n", 36) == 0);
    assert_string_equal(err, "");
    free(out);
    free(err);
}

static void bad_lines_exit_65_after_running_everything_and_each_is_reported(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "bad.attn",
                           ":dim x\nI love cats\n:scale maybe\n:frob\n:print json\n");
    char path[256];
    snprintf(path, sizeof path, "%s", p);
    assert_int_equal(batch_run(&fx->a, path, fx->out, fx->err), 65);
    char *out = stream_text(fx->out), *err = stream_text(fx->err), want[1024];
    snprintf(want, sizeof want,
             "%s:1: :dim expects an integer from 1 to 4096, got \"x\"\n"
             "%s:3: :scale expects off or on, got \"maybe\"\n"
             "%s:4: unknown command \":frob\" (:help lists the commands)\n",
             path, path, path);
    assert_string_equal(err, want);
    /* the lines after the errors still ran */
    assert_non_null(strstr(out, "\"tokens\":[\"I\",\"love\",\"cats\"]"));
    free(out);
    free(err);
}

static void a_missing_file_exits_66_and_says_so(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(batch_run(&fx->a, "x.attn", fx->out, fx->err), 66);
    char *err = stream_text(fx->err);
    assert_string_equal(err, "attnviz: cannot open \"x.attn\": No such file or directory\n");
    free(err);
}

static void notes_go_to_err_and_print_to_out(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "note.attn", "a b\n:note look at this\n:print text\n");
    assert_int_equal(batch_run(&fx->a, p, fx->out, fx->err), 0);
    char *out = stream_text(fx->out), *err = stream_text(fx->err);
    assert_string_equal(err, "look at this\n");
    assert_non_null(strstr(out, "sentence: a b\n"));
    free(out);
    free(err);
}

static void quit_ends_the_script(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "q.attn", "a b\n:quit\n:frob\n:print json\n");
    assert_int_equal(batch_run(&fx->a, p, fx->out, fx->err), 0);
    char *out = stream_text(fx->out);
    assert_string_equal(out, "");
    free(out);
}

static void errors_inside_a_loaded_file_name_that_file_and_fail_the_run(void **state)
{
    struct fixture *fx = *state;
    char inner[256];
    snprintf(inner, sizeof inner, "%s", script(fx, "inner.attn", "a b\n:heads 3\n"));
    const char *p = script(fx, "outer.attn", ":load inner.attn\n:print json\n");
    assert_int_equal(batch_run(&fx->a, p, fx->out, fx->err), 65);
    char *err = stream_text(fx->err), want[512];
    snprintf(want, sizeof want, "%s:2: :heads 3: heads (3) must divide d_model (8)\n", inner);
    assert_true(strncmp(err, want, strlen(want)) == 0);
    assert_non_null(strstr(err, "outer.attn:1: :load \""));
    free(err);
}

static void dash_reads_standard_input(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "stdin.attn", "I love cats\n:dim x\n:print json\n");
    if (!freopen(p, "r", stdin))
        skip();
    assert_int_equal(batch_run(&fx->a, "-", fx->out, fx->err), 65);
    char *out = stream_text(fx->out), *err = stream_text(fx->err);
    assert_string_equal(err, "<stdin>:2: :dim expects an integer from 1 to 4096, got \"x\"\n");
    assert_non_null(strstr(out, "\"tokens\":[\"I\",\"love\",\"cats\"]"));
    free(out);
    free(err);
}

static void batch_leaves_the_apps_outputs_as_they_were(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "n.attn", ":note hi\n");
    batch_run(&fx->a, p, fx->out, fx->err);
    assert_null(fx->a.io.print_out);
    assert_null(fx->a.io.diag);
}

/* A note or a message never drives the terminal it is written to. */
static void control_bytes_in_notes_and_messages_reach_err_escaped(void **state)
{
    struct fixture *fx = *state;
    const char *p = script(fx, "esc.attn", "a b\n:note \033]0;pwned\007\033[2J hi \302\233x\n"
                                          ":emb \033[31m 1\n");
    assert_int_equal(batch_run(&fx->a, p, fx->out, fx->err), 65);
    char *err = stream_text(fx->err);
    for (const char *c = err; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7F
            || ((unsigned char)c[0] == 0xC2 && (unsigned char)c[1] >= 0x80
                && (unsigned char)c[1] <= 0x9F))
            fail_msg("a raw control byte 0x%02X reached err:\n%s", (unsigned char)*c, err);
    assert_non_null(strstr(err, "\\x1B]0;pwned\\x07\\x1B[2J hi \\xC2\\x9Bx\n"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_clean_script_exits_zero_and_prints_to_out, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_lines_exit_65_after_running_everything_and_each_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_file_exits_66_and_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(notes_go_to_err_and_print_to_out, setup, teardown),
        cmocka_unit_test_setup_teardown(control_bytes_in_notes_and_messages_reach_err_escaped,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(quit_ends_the_script, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_inside_a_loaded_file_name_that_file_and_fail_the_run, setup, teardown),
        cmocka_unit_test_setup_teardown(dash_reads_standard_input, setup, teardown),
        cmocka_unit_test_setup_teardown(batch_leaves_the_apps_outputs_as_they_were, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
