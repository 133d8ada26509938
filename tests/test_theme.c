/* test_theme.c - theme files: the shipped ones, the parser's errors, the
 * colormap stops, and the search path with its precedence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/theme.h"
#include "../src/app/theme_builtin.h"
#include "support/fixture.h"

/* ---- helpers ---------------------------------------------------------- */

static void assert_same_rgb(struct rgb a, struct rgb b)
{
    assert_int_equal(a.r, b.r);
    assert_int_equal(a.g, b.g);
    assert_int_equal(a.b, b.b);
}

/* Parses text as "x.theme" over the default; returns the error ("" when
 * it parsed). */
static const char *parse_error(const char *text, size_t len)
{
    static char err[512];
    struct theme out;
    err[0] = '\0';
    int rc = theme_parse(text, len, "x.theme", theme_default(), &out, err, sizeof err);
    assert_int_equal(rc, err[0] ? -1 : 0);
    return err;
}

#define ASSERT_THEME_ERROR(text, want) \
    assert_string_equal(parse_error(text, strlen(text)), want)

/* A temporary folder, removed with everything in it by the teardown. */
struct fixture {
    char dir[TEMP_DIR_MAX];
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx || temp_dir_make(fx->dir, "attnviz-test-theme") != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    int rc = temp_dir_remove(fx->dir);
    free(fx);
    theme_load(NULL, 0);    /* back to the built-in set for the next test */
    unsetenv("XDG_CONFIG_HOME");
    return rc;
}

static void path_in(char *buf, size_t cap, const char *dir, const char *name)
{
    assert_true((size_t)snprintf(buf, cap, "%s/%s", dir, name) < cap);
}

/* ---- the shipped themes ------------------------------------------------ */

static void every_theme_file_parses_and_is_the_embedded_copy(void **state)
{
    (void)state;
    DIR *d = opendir("themes");
    assert_non_null(d);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n <= 6 || strcmp(e->d_name + n - 6, ".theme") != 0)
            continue;
        files++;
        char path[512], err[512];
        path_in(path, sizeof path, "themes", e->d_name);
        size_t len;
        char *text = read_file(path, &len);
        struct theme out;
        if (theme_parse(text, len, path, theme_default(), &out, err, sizeof err) != 0)
            fail_msg("%s", err);
        size_t i = 0;
        while (i < theme_builtin_count && strcmp(theme_builtins[i].file, e->d_name) != 0)
            i++;
        if (i == theme_builtin_count)
            fail_msg("%s is not built in: rebuild", e->d_name);
        assert_int_equal(theme_builtins[i].len, len);
        assert_memory_equal(theme_builtins[i].text, text, len);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(n - 6), e->d_name);
        const struct theme *t = theme_find(name);
        assert_non_null(t);
        assert_null(t->error);
        free(text);
    }
    closedir(d);
    assert_int_equal(files, theme_builtin_count);
}

static void the_required_themes_ship_with_viridis_first(void **state)
{
    (void)state;
    static const char *const want[] = {
        "viridis", "magma", "inferno", "cividis", "grayscale", "high-contrast",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_non_null(theme_find(want[i]));
    size_t n;
    const char *const *names = theme_names(&n);
    assert_true(n >= 6);
    assert_string_equal(names[0], "viridis");
    assert_ptr_equal(theme_default(), theme_find("viridis"));
    for (size_t i = 2; i < n; i++)
        assert_true(strcmp(names[i - 1], names[i]) < 0);
}

static void the_default_theme_file_sets_every_role(void **state)
{
    (void)state;
    /* Over a base whose roles are all a color no theme uses, any role the
     * file left out would keep it. */
    struct theme base, out;
    memset(&base, 0, sizeof base);
    for (int r = 0; r < ROLE_COUNT; r++)
        base.roles[r] = (struct theme_style){ 0x123456, 0x123456, 0 };
    size_t len;
    char *text = read_file("themes/viridis.theme", &len);
    char err[512];
    assert_int_equal(theme_parse(text, len, "viridis.theme", &base, &out, err, sizeof err), 0);
    for (int r = 0; r < ROLE_COUNT; r++)
        if (out.roles[r].fg == 0x123456)
            fail_msg("themes/viridis.theme does not set %s", theme_role_key(r));
    assert_string_not_equal(out.description, "");
    free(text);
}

static void named_colormaps_are_the_published_tables(void **state)
{
    (void)state;
    static const struct { const char *theme; enum colormap_id map; } cases[] = {
        { "viridis", COLORMAP_VIRIDIS }, { "magma", COLORMAP_MAGMA },
        { "inferno", COLORMAP_INFERNO }, { "cividis", COLORMAP_CIVIDIS },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct theme *t = theme_find(cases[c].theme);
        for (unsigned i = 0; i < COLORMAP_ENTRIES; i++)
            assert_same_rgb(t->map[i], colormap_entry(cases[c].map, i));
    }
}

static void every_shipped_map_grows_brighter(void **state)
{
    (void)state;
    size_t n;
    const char *const *names = theme_names(&n);
    for (size_t k = 0; k < n; k++) {
        const struct theme *t = theme_find(names[k]);
        for (unsigned i = 0; i + 8 < COLORMAP_ENTRIES; i += 8)
            if (!(rgb_luminance(t->map[i]) < rgb_luminance(t->map[i + 8])))
                fail_msg("%s: entry %u is not darker than entry %u", names[k], i, i + 8);
    }
}

/* ---- malformed lines ------------------------------------------------------ */

static void an_unknown_key_is_named(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("colour = viridis",
                       "x.theme:1: unknown key \"colour\" (see themes/README.md)");
}

static void a_line_without_equals_is_not_a_pair(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("# comment\n\nstatus #ffffff #000000\n",
                       "x.theme:3: expected \"key = value\", got \"status #ffffff #000000\"");
    ASSERT_THEME_ERROR("= #ffffff", "x.theme:1: expected \"key = value\", got \"= #ffffff\"");
}

static void a_bad_color_is_quoted(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("status = #e4e4e4 #zz0000",
                       "x.theme:1: status expects a color #rrggbb or default, got \"#zz0000\"");
    ASSERT_THEME_ERROR("error = red default",
                       "x.theme:1: error expects a color #rrggbb or default, got \"red\"");
}

static void a_role_needs_two_colors(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("hint = #808080",
                       "x.theme:1: hint expects \"FG BG [bold] [reverse] [underline]\", "
                       "got \"#808080\"");
}

static void a_bad_attribute_is_named(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("error = #ff0000 default bold blink",
                       "x.theme:1: error expects bold, reverse or underline after its "
                       "colors, got \"blink\"");
}

static void a_bad_stop_is_quoted(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("description = ok\n\ncolormap = #000004 #12345\n",
                       "x.theme:3: colormap expects a map name or #rrggbb stops, got \"#12345\"");
    ASSERT_THEME_ERROR("colormap = plasma",
                       "x.theme:1: colormap expects a map name or #rrggbb stops, got \"plasma\"");
    ASSERT_THEME_ERROR("colormap =",
                       "x.theme:1: colormap expects a map name or #rrggbb stops, got nothing");
    ASSERT_THEME_ERROR("colormap = viridis # mine",
                       "x.theme:1: colormap is one map name or a list of #rrggbb stops, not "
                       "both (comments go on their own line)");
}

static void one_stop_is_too_few(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("colormap = #000004",
                       "x.theme:1: colormap needs at least 2 #rrggbb stops, got 1");
}

static void too_many_stops_are_refused(void **state)
{
    (void)state;
    char text[16 + 8 * (THEME_STOPS_MAX + 1)];
    size_t len = (size_t)sprintf(text, "colormap =");
    for (unsigned i = 0; i <= THEME_STOPS_MAX; i++)
        len += (size_t)sprintf(text + len, " #%06x", i);
    assert_string_equal(parse_error(text, len),
                        "x.theme:1: colormap takes at most 256 stops, got 257");
}

static void a_key_set_twice_is_an_error(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("prompt = default default\n# again:\nprompt = #ffffff default\n",
                       "x.theme:3: prompt is set twice (first on line 1)");
}

static void a_description_must_be_printable(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("description = bell\a", "x.theme:1: description must be printable UTF-8 text");
    ASSERT_THEME_ERROR("description = \xff", "x.theme:1: description must be printable UTF-8 text");
    assert_string_equal(parse_error("a = b\0c", 7), "x.theme:1: a NUL byte: not a text file");
}

static void crlf_lines_and_blanks_are_fine(void **state)
{
    (void)state;
    ASSERT_THEME_ERROR("# dos\r\n  colormap\t=\tmagma \r\n\r\nstatus = default #000000 reverse\r\n", "");
}

static void keys_left_out_keep_the_defaults(void **state)
{
    (void)state;
    struct theme out;
    char err[256];
    const char *text = "colormap = #000000 #ffffff\nerror = #ff0000 default underline\n";
    assert_int_equal(theme_parse(text, strlen(text), "x.theme", theme_default(), &out,
                                 err, sizeof err), 0);
    const struct theme *d = theme_default();
    for (int r = 0; r < ROLE_COUNT; r++)
        if (r != ROLE_ERROR)
            assert_memory_equal(&out.roles[r], &d->roles[r], sizeof out.roles[r]);
    assert_int_equal(out.roles[ROLE_ERROR].fg, 0xff0000);
    assert_int_equal(out.roles[ROLE_ERROR].bg, THEME_COLOR_DEFAULT);
    assert_int_equal(out.roles[ROLE_ERROR].attrs, THEME_UNDERLINE);
    assert_string_equal(out.description, d->description);
}

/* ---- stops -------------------------------------------------------------- */

static void stops_run_from_the_first_to_the_last(void **state)
{
    (void)state;
    const struct rgb stops[3] = { { 0, 0, 4 }, { 200, 100, 0 }, { 255, 255, 255 } };
    struct rgb map[COLORMAP_ENTRIES];
    theme_interpolate(stops, 2, map);
    assert_same_rgb(map[0], stops[0]);
    assert_same_rgb(map[COLORMAP_ENTRIES - 1], stops[1]);
    for (unsigned i = 1; i < COLORMAP_ENTRIES; i++)
        assert_true(map[i].r >= map[i - 1].r && map[i].b <= map[i - 1].b);
    assert_int_equal(map[51].r, 40);     /* 51/255 of the way: a fifth of 200 */
    theme_interpolate(stops, 3, map);
    assert_same_rgb(map[0], stops[0]);
    assert_same_rgb(map[COLORMAP_ENTRIES - 1], stops[2]);
    /* Entry 127.5 would be the middle stop exactly: both neighbours are
     * within one step of it. */
    assert_in_range(map[127].r, 198, 200);
    assert_in_range(map[128].r, 200, 202);
}

static void a_very_dark_stop_still_renders_dark_in_direct_color(void **state)
{
    (void)state;
    struct theme out;
    char err[256];
    const char *text = "colormap = #000004 #ffffff";
    assert_int_equal(theme_parse(text, strlen(text), "x.theme", theme_default(), &out,
                                 err, sizeof err), 0);
    assert_same_rgb(out.map[0], (struct rgb){ 0, 0, 4 });
    /* The same clamp as the published maps' first entries. */
    assert_int_equal(rgb_direct(out.map[0]), 0x000008);
}

/* ---- loading and the search path -------------------------------------- */

static void a_bad_file_falls_back_to_the_default_with_file_and_line(void **state)
{
    struct fixture *fx = *state;
    char path[256], want[512];
    path_in(path, sizeof path, fx->dir, "mine.theme");
    write_file(path, "# mine\ndescription = mine\ncolormap = #000004 #12345\n");
    const char *dirs[] = { fx->dir };
    theme_load(dirs, 1);
    const struct theme *t = theme_find("mine");
    assert_non_null(t);
    snprintf(want, sizeof want,
             "%s:3: colormap expects a map name or #rrggbb stops, got \"#12345\"", path);
    assert_non_null(t->error);
    assert_string_equal(t->error, want);
    const struct theme *d = theme_default();
    assert_memory_equal(t->map, d->map, sizeof t->map);
    assert_memory_equal(t->roles, d->roles, sizeof t->roles);
    assert_string_equal(t->source, path);
}

static void a_file_too_big_is_an_error_not_a_crash(void **state)
{
    struct fixture *fx = *state;
    char path[256];
    path_in(path, sizeof path, fx->dir, "huge.theme");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (unsigned i = 0; i <= AV_MAX_CONFIG_BYTES / 16; i++)
        fputs("# .............\n", f);    /* 16 bytes */
    fclose(f);
    const char *dirs[] = { fx->dir };
    theme_load(dirs, 1);
    const struct theme *t = theme_find("huge");
    assert_non_null(t);
    assert_non_null(t->error);
    assert_non_null(strstr(t->error, "KiB; the limit for a theme file is 64 KiB"));
}

static void a_user_file_with_the_same_name_wins(void **state)
{
    struct fixture *fx = *state;
    char dir[256], path[256];
    path_in(dir, sizeof dir, fx->dir, "attnviz");
    assert_int_equal(mkdir(dir, 0700), 0);
    path_in(dir, sizeof dir, fx->dir, "attnviz/themes");
    assert_int_equal(mkdir(dir, 0700), 0);
    path_in(path, sizeof path, dir, "magma.theme");
    write_file(path, "colormap = #000000 #ffffff\n");
    path_in(path, sizeof path, dir, "zz-mine.theme");
    write_file(path, "description = only mine\n");
    path_in(path, sizeof path, dir, "not a name.theme");
    write_file(path, "description = skipped: no :theme could name it\n");
    path_in(path, sizeof path, dir, "README.md");
    write_file(path, "not a theme\n");
    assert_int_equal(setenv("XDG_CONFIG_HOME", fx->dir, 1), 0);

    theme_load_standard();
    const struct theme *t = theme_find("magma");
    assert_null(t->error);
    assert_same_rgb(t->map[0], (struct rgb){ 0, 0, 0 });
    assert_same_rgb(t->map[255], (struct rgb){ 255, 255, 255 });
    path_in(path, sizeof path, dir, "magma.theme");
    assert_string_equal(t->source, path);
    assert_string_equal(theme_find("zz-mine")->description, "only mine");
    assert_null(theme_find("not a name"));
    assert_null(theme_find("README"));
    size_t n;
    const char *const *names = theme_names(&n);
    assert_int_equal(n, theme_builtin_count + 1);
    assert_string_equal(names[0], "viridis");
    assert_string_equal(names[n - 1], "zz-mine");
}

static void a_later_folder_wins_over_an_earlier_one(void **state)
{
    struct fixture *fx = *state;
    char a[256], b[256], path[256];
    path_in(a, sizeof a, fx->dir, "data");
    path_in(b, sizeof b, fx->dir, "user");
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    path_in(path, sizeof path, a, "same.theme");
    write_file(path, "description = from data\n");
    path_in(path, sizeof path, b, "same.theme");
    write_file(path, "description = from user\n");
    const char *dirs[] = { a, "/nonexistent/attnviz/themes", b };
    theme_load(dirs, 3);
    assert_string_equal(theme_find("same")->description, "from user");
    const char *other[] = { b, a };
    theme_load(other, 2);
    assert_string_equal(theme_find("same")->description, "from data");
}

static void an_unknown_name_says_where_to_look(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(theme_check("viridis", err, sizeof err), 0);
    assert_int_equal(theme_check("nope", err, sizeof err), -1);
    assert_string_equal(err, "unknown theme \"nope\" (see :themes)");
    assert_null(theme_find("nope"));
    assert_null(theme_find("default"));
}

/* ---- :theme and :themes ---------------------------------------------------- */

static struct app *new_app(void)
{
    static struct app a;
    struct model_config cfg;
    char err[256];
    command_default_config(&cfg);
    assert_int_equal(app_init(&a, &cfg, err, sizeof err), 0);
    return &a;
}

static void the_app_starts_on_the_default_theme(void **state)
{
    (void)state;
    struct app *a = new_app();
    assert_string_equal(a->view.theme, THEME_DEFAULT_NAME);
    app_free(a);
}

static void theme_refuses_an_unknown_name_and_changes_nothing(void **state)
{
    (void)state;
    struct app *a = new_app();
    char err[256];
    const char *line = ":theme solarized";
    assert_int_equal(try_line(a, line, strlen(line), NULL, 0, err, sizeof err), APP_ERROR);
    assert_string_equal(err, "unknown theme \"solarized\" (see :themes)");
    assert_string_equal(a->view.theme, "viridis");
    line = ":theme high-contrast";
    assert_int_equal(try_line(a, line, strlen(line), NULL, 0, err, sizeof err),
                     APP_REDRAW | APP_SAID);
    assert_string_equal(a->view.theme, "high-contrast");
    assert_int_equal(a->s.log_len, 0);     /* a viewer's preference: not logged */
    app_free(a);
}

static void themes_prints_one_a_line_and_marks_the_current(void **state)
{
    (void)state;
    struct app *a = new_app();
    char err[256], buf[4096];
    FILE *out = tmpfile();
    assert_non_null(out);
    app_set_io(a, &(struct app_io){ .print_out = out });
    const char *line = ":theme magma";
    try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    line = ":themes";
    assert_false(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    rewind(out);
    size_t n, lines = 0;
    const char *const *names = theme_names(&n);
    while (fgets(buf, sizeof buf, out)) {
        char want[128];
        assert_true(lines < n);
        snprintf(want, sizeof want, "%c %s ", strcmp(names[lines], "magma") == 0 ? '*' : ' ',
                 names[lines]);
        assert_memory_equal(buf, want, strlen(want));
        lines++;
    }
    assert_int_equal(lines, n);
    fclose(out);
    app_set_io(a, &(struct app_io){ .print_out = NULL });
    /* Without an output (the TUI) the list is what the command says. */
    static struct app_result r;
    app_run_line(a, line, strlen(line), NULL, 0, &r);
    assert_int_equal(r.flags, APP_SAID);
    assert_non_null(strstr(r.text, " magma*"));
    app_free(a);
}

static void themes_takes_no_arguments_and_formats_back(void **state)
{
    (void)state;
    struct command c;
    char err[256], buf[64];
    assert_int_equal(command_parse(":themes", 7, &c, err, sizeof err), 0);
    assert_int_equal(c.kind, CMD_THEMES);
    command_format(&c, buf, sizeof buf);
    assert_string_equal(buf, ":themes");
    command_free(&c);
    assert_int_equal(command_parse(":themes all", 11, &c, err, sizeof err), -1);
    assert_string_equal(err, ":themes takes no arguments, got \"all\"");
}

/* A bad file is listed by :themes with its error, but :theme refuses it
 * (nothing changes: the picture keeps its colors), 't' and Tab skip it. */
static void a_theme_with_a_bad_file_cannot_be_chosen(void **state)
{
    struct fixture *fx = *state;
    char path[256], want[768];
    path_in(path, sizeof path, fx->dir, "broken.theme");
    write_file(path, "bogus\n");
    const char *dirs[] = { fx->dir };
    theme_load(dirs, 1);
    size_t n, usable;
    const char *const *all = theme_names(&n);
    const char *const *ok = theme_usable_names(&usable);
    assert_int_equal(usable + 1, n);
    bool listed = false;
    for (size_t i = 0; i < n; i++)
        listed |= strcmp(all[i], "broken") == 0;
    assert_true(listed);
    for (size_t i = 0; i < usable; i++)
        assert_string_not_equal(ok[i], "broken");
    struct app *a = new_app();
    char err[768];
    const char *line = ":theme broken";
    assert_int_equal(try_line(a, line, strlen(line), NULL, 0, err, sizeof err), APP_ERROR);
    snprintf(want, sizeof want,
             "theme \"broken\" cannot be used: %s:1: expected \"key = value\", got \"bogus\"",
             path);
    assert_string_equal(err, want);
    assert_string_equal(a->view.theme, "viridis");
    app_free(a);
}

/* A NAME.theme whose NAME :theme could not take is not silently ignored. */
static void a_file_whose_name_is_no_theme_name_is_reported(void **state)
{
    struct fixture *fx = *state;
    char name[128], path[256];
    memset(name, 'a', 70);
    snprintf(name + 70, sizeof name - 70, ".theme");
    path_in(path, sizeof path, fx->dir, name);
    write_file(path, "description = long\n");
    path_in(path, sizeof path, fx->dir, "sp ace.theme");
    write_file(path, "description = spaced\n");
    const char *dirs[] = { fx->dir };
    theme_load(dirs, 1);
    size_t n;
    const char *const *skipped = theme_skipped(&n);
    assert_int_equal(n, 2);
    bool long_said = false, space_said = false;
    for (size_t i = 0; i < n; i++) {
        long_said |= strstr(skipped[i], "aaaa.theme: not loaded: a theme's name has at most 63 "
                                        "characters") != NULL;
        space_said |= strstr(skipped[i], "/sp ace.theme: not loaded: a theme's name has only "
                                         "letters, digits, _ and -") != NULL;
    }
    assert_true(long_said && space_said);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_theme_file_parses_and_is_the_embedded_copy),
        cmocka_unit_test(the_required_themes_ship_with_viridis_first),
        cmocka_unit_test(the_default_theme_file_sets_every_role),
        cmocka_unit_test(named_colormaps_are_the_published_tables),
        cmocka_unit_test(every_shipped_map_grows_brighter),
        cmocka_unit_test(an_unknown_key_is_named),
        cmocka_unit_test(a_line_without_equals_is_not_a_pair),
        cmocka_unit_test(a_bad_color_is_quoted),
        cmocka_unit_test(a_role_needs_two_colors),
        cmocka_unit_test(a_bad_attribute_is_named),
        cmocka_unit_test(a_bad_stop_is_quoted),
        cmocka_unit_test(one_stop_is_too_few),
        cmocka_unit_test(too_many_stops_are_refused),
        cmocka_unit_test(a_key_set_twice_is_an_error),
        cmocka_unit_test(a_description_must_be_printable),
        cmocka_unit_test(crlf_lines_and_blanks_are_fine),
        cmocka_unit_test(keys_left_out_keep_the_defaults),
        cmocka_unit_test(stops_run_from_the_first_to_the_last),
        cmocka_unit_test(a_very_dark_stop_still_renders_dark_in_direct_color),
        cmocka_unit_test_setup_teardown(a_bad_file_falls_back_to_the_default_with_file_and_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_too_big_is_an_error_not_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(a_theme_with_a_bad_file_cannot_be_chosen, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_whose_name_is_no_theme_name_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_user_file_with_the_same_name_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(a_later_folder_wins_over_an_earlier_one, setup, teardown),
        cmocka_unit_test(an_unknown_name_says_where_to_look),
        cmocka_unit_test(the_app_starts_on_the_default_theme),
        cmocka_unit_test(theme_refuses_an_unknown_name_and_changes_nothing),
        cmocka_unit_test(themes_prints_one_a_line_and_marks_the_current),
        cmocka_unit_test(themes_takes_no_arguments_and_formats_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
