/* test_datadir.c - the folders of shipped data for a binary at a given
 * place: which ones, in which order, each once. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "attnviz/datadir.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];
/* tmpdir with every symbolic link resolved: what the folders are named by */
static char real[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    if (temp_dir_make(tmpdir, "attnviz-test-datadir") != 0 || !realpath(tmpdir, real))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(tmpdir);
}

/* mkdir -p of tmpdir/rel */
static void make_dirs(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *p = path + strlen(tmpdir) + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            assert_true(mkdir(path, 0700) == 0 || c == '/');
            *p = c;
            if (!c)
                break;
        }
    }
}

static void assert_folder(const struct datadir_list *l, size_t i, const char *rel)
{
    char want[PATH_MAX + 256];
    snprintf(want, sizeof want, "%s/%s", real, rel);
    assert_true(i < l->n);
    assert_string_equal(l->path[i], want);
}

static void an_installation_beside_the_binary_comes_before_the_compiled_folder(void **state)
{
    (void)state;
    make_dirs("usr/bin");
    make_dirs("usr/share/attnviz/samples");
    make_dirs("usr/share/attnviz/themes");
    make_dirs("opt/attnviz/samples");
    make_dirs("opt/attnviz/themes");
    struct datadir_list l;
    datadir_folders_for(DATADIR_SAMPLES, temp_path(tmpdir, "usr/bin/attnviz"),
                        temp_path(tmpdir, "opt/attnviz"), &l);
    assert_int_equal(l.n, 2);
    assert_folder(&l, 0, "usr/share/attnviz/samples");
    assert_folder(&l, 1, "opt/attnviz/samples");
    datadir_folders_for(DATADIR_THEMES, temp_path(tmpdir, "usr/bin/attnviz"),
                        temp_path(tmpdir, "opt/attnviz"), &l);
    assert_int_equal(l.n, 2);
    assert_folder(&l, 0, "usr/share/attnviz/themes");
    assert_folder(&l, 1, "opt/attnviz/themes");
}

static void a_source_tree_binary_finds_the_samples_next_to_it_but_not_the_themes(void **state)
{
    (void)state;
    make_dirs("src/samples");
    make_dirs("src/themes");
    make_dirs("opt/attnviz/themes");
    struct datadir_list l;
    datadir_folders_for(DATADIR_SAMPLES, temp_path(tmpdir, "src/attnviz"),
                        temp_path(tmpdir, "opt/attnviz"), &l);
    assert_int_equal(l.n, 1);
    assert_folder(&l, 0, "src/samples");
    /* the source tree's themes are built in; only the compiled folder is read */
    datadir_folders_for(DATADIR_THEMES, temp_path(tmpdir, "src/attnviz"),
                        temp_path(tmpdir, "opt/attnviz"), &l);
    assert_int_equal(l.n, 1);
    assert_folder(&l, 0, "opt/attnviz/themes");
}

static void the_compiled_folder_of_the_same_installation_is_listed_once(void **state)
{
    (void)state;
    make_dirs("usr/bin");
    make_dirs("usr/share/attnviz/samples");
    struct datadir_list l;
    datadir_folders_for(DATADIR_SAMPLES, temp_path(tmpdir, "usr/bin/attnviz"),
                        temp_path(tmpdir, "usr/bin/../share/attnviz"), &l);
    assert_int_equal(l.n, 1);
    assert_folder(&l, 0, "usr/share/attnviz/samples");
}

static void missing_folders_files_and_an_unknown_binary_are_skipped(void **state)
{
    (void)state;
    make_dirs("usr/bin");
    make_dirs("usr/share/attnviz");
    /* a file where the folder would be is not a folder */
    write_file(temp_path(tmpdir, "usr/share/attnviz/samples"), "not a folder\n");
    struct datadir_list l;
    datadir_folders_for(DATADIR_SAMPLES, temp_path(tmpdir, "usr/bin/attnviz"),
                        temp_path(tmpdir, "nowhere"), &l);
    assert_int_equal(l.n, 0);
    make_dirs("opt/attnviz/samples");
    datadir_folders_for(DATADIR_SAMPLES, NULL, temp_path(tmpdir, "opt/attnviz"), &l);
    assert_int_equal(l.n, 1);
    assert_folder(&l, 0, "opt/attnviz/samples");
}

static void the_running_binary_lists_only_folders_that_exist(void **state)
{
    (void)state;
    struct datadir_list l;
    datadir_folders(DATADIR_SAMPLES, &l);
    for (size_t i = 0; i < l.n; i++) {
        struct stat st;
        assert_int_equal(stat(l.path[i], &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(l.path[i][0], '/');
    }
    assert_string_equal(datadir_installed(), ATTNVIZ_DATADIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_installation_beside_the_binary_comes_before_the_compiled_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(a_source_tree_binary_finds_the_samples_next_to_it_but_not_the_themes, setup, teardown),
        cmocka_unit_test_setup_teardown(the_compiled_folder_of_the_same_installation_is_listed_once, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folders_files_and_an_unknown_binary_are_skipped, setup, teardown),
        cmocka_unit_test(the_running_binary_lists_only_folders_that_exist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
