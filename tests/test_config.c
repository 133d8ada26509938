/* test_config.c - the config file: values and reports of bad lines (where
 * it lives, xdg_path, is tested in test_fsfile.c; that options override it,
 * in the real binary, in test_cli.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "attnviz/config.h"
#include "support/fixture.h"

struct fixture {
    char dir[TEMP_DIR_MAX];
    char path[128];          /* DIR/attnviz/config */
    char diag[8][512];       /* what config_load reported */
    size_t n_diag;
};

static void collect(void *ctx, const char *msg)
{
    struct fixture *fx = ctx;
    if (fx->n_diag < 8)
        snprintf(fx->diag[fx->n_diag], sizeof fx->diag[0], "%s", msg);
    fx->n_diag++;
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx || temp_dir_make(fx->dir, "attnviz-test-config") != 0)
        return -1;
    char sub[96];
    snprintf(sub, sizeof sub, "%s/attnviz", fx->dir);
    if (mkdir(sub, 0700) != 0)
        return -1;
    snprintf(fx->path, sizeof fx->path, "%s/config", sub);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    int rc = temp_dir_remove(fx->dir);
    free(fx);
    return rc;
}

static void write_config(const struct fixture *fx, const char *text)
{
    write_file(fx->path, text);
}

static void every_key_sets_its_value(void **state)
{
    struct fixture *fx = *state;
    write_config(fx, "# my defaults\n"
                     "theme = magma\n"
                     "dim = 16\n"
                     "heads = 4\n"
                     "seed = 7\n"
                     "pe = learned\n"
                     "proj = identity\n"
                     "scale = off\n"
                     "causal = on\n");
    struct model_config cfg;
    command_default_config(&cfg);
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 0);
    assert_int_equal(fx->n_diag, 0);
    assert_int_equal(view.n, 1);
    assert_string_equal(view.line[0], ":theme magma");
    assert_int_equal(cfg.d_model, 16);
    assert_int_equal(cfg.heads, 4);
    assert_int_equal(cfg.seed, 7);
    assert_int_equal(cfg.pe, PE_LEARNED);
    assert_int_equal(cfg.proj, PROJ_IDENTITY);
    assert_false(cfg.scale);
    assert_true(cfg.causal);
}

/* config.h and README.md show this very file. */
static void a_comment_after_a_value_is_ignored(void **state)
{
    struct fixture *fx = *state;
    write_config(fx, "theme = magma   # warm\n"
                     "pe = learned        # none, sinusoidal, learned, table, rope, alibi\n"
                     "proj = identity       # identity, random\n"
                     "scale = off          # on, off\n"
                     "causal = on\t# on, off\n"
                     "dim = 16 #\n");
    struct model_config cfg;
    command_default_config(&cfg);
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 0);
    assert_int_equal(fx->n_diag, 0);
    assert_int_equal(view.n, 1);
    assert_string_equal(view.line[0], ":theme magma");
    assert_int_equal(cfg.pe, PE_LEARNED);
    assert_int_equal(cfg.proj, PROJ_IDENTITY);
    assert_false(cfg.scale);
    assert_true(cfg.causal);
    assert_int_equal(cfg.d_model, 16);
}

static void what_the_file_leaves_out_keeps_its_value(void **state)
{
    struct fixture *fx = *state;
    write_config(fx, "seed = 9\n");
    struct model_config cfg, want;
    command_default_config(&cfg);
    want = cfg;
    want.seed = 9;
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 0);
    assert_memory_equal(&cfg, &want, sizeof cfg);
    assert_int_equal(view.n, 0);
}

static void bad_lines_are_reported_with_file_and_line_and_skipped(void **state)
{
    struct fixture *fx = *state;
    write_config(fx, "dim = 12\n"
                     "dim = x\n"
                     "colour = red\n"
                     "theme = nope\n"
                     "just words\n"
                     "pe = table\n");
    struct model_config cfg;
    command_default_config(&cfg);
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 4);
    assert_int_equal(fx->n_diag, 4);
    char want[512];
    snprintf(want, sizeof want, "%s:2: :dim expects an integer from 1 to 4096, got \"x\"", fx->path);
    assert_string_equal(fx->diag[0], want);
    snprintf(want, sizeof want, "%s:3: unknown key \"colour\" (keys: dim, heads, seed, pe, "
             "proj, scale, causal, theme, range, zoom-mode, summaries, detail-delay)", fx->path);
    assert_string_equal(fx->diag[1], want);
    snprintf(want, sizeof want, "%s:4: unknown theme \"nope\" (see :themes)", fx->path);
    assert_string_equal(fx->diag[2], want);
    snprintf(want, sizeof want, "%s:5: expected \"key = value\", got \"just words\"", fx->path);
    assert_string_equal(fx->diag[3], want);
    /* The good lines around them still count. */
    assert_int_equal(cfg.d_model, 12);
    assert_int_equal(cfg.pe, PE_TABLE);
    assert_int_equal(view.n, 0);
}

static void heads_that_do_not_divide_dim_are_both_ignored(void **state)
{
    struct fixture *fx = *state;
    write_config(fx, "dim = 9\nheads = 2\nseed = 3\n");
    struct model_config cfg, def;
    command_default_config(&cfg);
    def = cfg;
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 1);
    char want[512];
    snprintf(want, sizeof want, "%s: heads (2) must divide d_model (9): dim and heads are ignored", fx->path);
    assert_string_equal(fx->diag[0], want);
    assert_int_equal(cfg.d_model, def.d_model);
    assert_int_equal(cfg.heads, def.heads);
    assert_int_equal(cfg.seed, 3);
}

static void a_missing_file_is_no_problem(void **state)
{
    struct fixture *fx = *state;
    struct model_config cfg, def;
    command_default_config(&cfg);
    def = cfg;
    struct config_view view = { 0 };
    assert_int_equal(config_load(fx->path, &cfg, &view, collect, fx), 0);
    assert_int_equal(fx->n_diag, 0);
    assert_memory_equal(&cfg, &def, sizeof cfg);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(every_key_sets_its_value),
        T(a_comment_after_a_value_is_ignored),
        T(what_the_file_leaves_out_keeps_its_value),
        T(bad_lines_are_reported_with_file_and_line_and_skipped),
        T(heads_that_do_not_divide_dim_are_both_ignored),
        T(a_missing_file_is_no_problem),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
