/* test_tour.c - tour names, finding a tour in the samples folders, and the
 * list :tours prints with each tour's one-line description. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "attnviz/tour.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];
/* tmpdir/best and tmpdir/worse, best first */
static struct datadir_list dirs;

static int setup(void **state)
{
    (void)state;
    if (temp_dir_make(tmpdir, "attnviz-test-tour") != 0)
        return -1;
    dirs.n = 2;
    snprintf(dirs.path[0], sizeof dirs.path[0], "%s/best", tmpdir);
    snprintf(dirs.path[1], sizeof dirs.path[1], "%s/worse", tmpdir);
    return mkdir(dirs.path[0], 0700) == 0 && mkdir(dirs.path[1], 0700) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(tmpdir);
}

static const char *in(size_t dir, const char *name)
{
    return temp_path(dirs.path[dir], name);
}

static void a_name_has_no_slash_and_no_attn_ending(void **state)
{
    (void)state;
    assert_true(tour_is_name("scaling"));
    assert_true(tour_is_name("seed-i-love-cats"));
    assert_true(tour_is_name("my tour"));
    assert_true(tour_is_name("scaling.attnx"));
    assert_false(tour_is_name("scaling.attn"));
    assert_false(tour_is_name("./scaling"));
    assert_false(tour_is_name("samples/scaling"));
    assert_false(tour_is_name("/tmp/x"));
    assert_false(tour_is_name(".attn"));
}

static void the_best_folder_that_has_the_tour_wins(void **state)
{
    (void)state;
    write_file(in(1, "both.attn"), "I love cats\n");
    write_file(in(0, "both.attn"), "I love dogs\n");
    write_file(in(1, "only-worse.attn"), "x\n");
    char *p = tour_find(&dirs, "both");
    assert_string_equal(p, in(0, "both.attn"));
    free(p);
    p = tour_find(&dirs, "only-worse");
    assert_string_equal(p, in(1, "only-worse.attn"));
    free(p);
    assert_null(tour_find(&dirs, "none"));
    /* a folder of that name is what the name finds (the reader says why it
     * cannot be run), not a reason to look further */
    assert_int_equal(mkdir(in(0, "odd.attn"), 0700), 0);
    write_file(in(1, "odd.attn"), "x\n");
    p = tour_find(&dirs, "odd");
    assert_string_equal(p, in(0, "odd.attn"));
    free(p);
    struct datadir_list none = { .n = 0 };
    assert_null(tour_find(&none, "both"));
}

static void the_list_is_sorted_and_a_better_folder_hides_a_worse_one(void **state)
{
    (void)state;
    write_file(in(1, "zeta.attn"), "# about zeta\n");
    write_file(in(0, "alpha.attn"), "# about alpha\n");
    write_file(in(1, "alpha.attn"), "# the hidden alpha\n");
    write_file(in(0, "notes.txt"), "# not a tour\n");
    write_file(in(0, ".hidden.attn"), "# hidden\n");
    write_file(in(0, "twice.attn.attn"), "# only a path names it\n");
    assert_int_equal(mkdir(in(0, "dir.attn"), 0700), 0);
    size_t n;
    struct tour *t = tour_list(&dirs, &n);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].name, "alpha");
    assert_string_equal(t[0].path, in(0, "alpha.attn"));
    assert_string_equal(t[0].about, "about alpha");
    assert_string_equal(t[1].name, "zeta");
    assert_string_equal(t[1].path, in(1, "zeta.attn"));
    tour_list_free(t, n);
}

/* The description of a tour whose file holds text. */
static char *about(const char *text)
{
    write_file(in(0, "t.attn"), text);
    size_t n;
    struct tour *t = tour_list(&dirs, &n);
    assert_int_equal(n, 1);
    char *a = strdup(t[0].about);
    tour_list_free(t, n);
    return a;
}

static void assert_about(const char *text, const char *want)
{
    char *a = about(text);
    assert_string_equal(a, want);
    free(a);
}

static void the_description_is_the_first_comment_past_the_session_header(void **state)
{
    (void)state;
    assert_about("# attnviz session v1\n# attnviz 0.1.0\n# saved 2026-01-01T00:00:00Z\n"
                 "#\n#   Guided tour: masks.  \n# second comment\n:dim 4\n:note hello\n",
                 "Guided tour: masks.");
    /* without a session header, "# attnviz ..." is an ordinary comment */
    assert_about("# attnviz shows this\n:dim 4\n", "attnviz shows this");
    /* a byte-order mark and blank lines before it do not matter */
    assert_about("\xEF\xBB\xBF# attnviz session v1\n\n  # indented\n", "indented");
}

static void without_a_leading_comment_it_is_the_first_note(void **state)
{
    (void)state;
    assert_about("# attnviz session v1\n# attnviz 0.1.0\n# saved 2026-01-01T00:00:00Z\n"
                 ":dim 4\n# a comment after a command\n:note\n:note First words.\n:note more\n",
                 "First words.");
    assert_about(":note  spaced  \n", "spaced");
    assert_about("# attnviz session v1\n:dim 4\nI love cats\n", "");
    assert_about("", "");
}

static void a_long_description_is_cut_on_a_character_and_control_bytes_are_shown(void **state)
{
    (void)state;
    char text[600] = "# ";
    size_t n = 2;
    /* 'a' then two-byte characters, so byte TOUR_ABOUT_MAX falls inside one */
    text[n++] = 'a';
    while (n < 2 + 1 + 2 * 100) {
        text[n++] = '\xC3';
        text[n++] = '\xA9';    /* é */
    }
    text[n++] = '\n';
    text[n] = '\0';
    char *a = about(text);
    /* 1 + 2k bytes <= TOUR_ABOUT_MAX: 79 characters é, then the ellipsis */
    char want[300] = "a";
    for (int i = 0; i < (TOUR_ABOUT_MAX - 1) / 2; i++)
        strcat(want, "\xC3\xA9");
    strcat(want, "\xE2\x80\xA6");
    assert_string_equal(a, want);
    free(a);
    assert_about("# bell\x07 and escape\x1B[31m\n", "bell? and escape?[31m");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_name_has_no_slash_and_no_attn_ending),
        cmocka_unit_test_setup_teardown(the_best_folder_that_has_the_tour_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(the_list_is_sorted_and_a_better_folder_hides_a_worse_one, setup, teardown),
        cmocka_unit_test_setup_teardown(the_description_is_the_first_comment_past_the_session_header, setup, teardown),
        cmocka_unit_test_setup_teardown(without_a_leading_comment_it_is_the_first_note, setup, teardown),
        cmocka_unit_test_setup_teardown(a_long_description_is_cut_on_a_character_and_control_bytes_are_shown, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
