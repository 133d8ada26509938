/* test_app.c - the app state: every command applied, rollback, undo, preview. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "attnviz/app.h"
#include "attnviz/rng.h"
#include "attnviz/script.h"
#include "attnviz/limits.h"
#include "attnviz/vecstore.h"
#include "attnviz/vocab.h"
#include "support/fixture.h"

/* ---- helpers --------------------------------------------------------- */

static int setup(void **state)
{
    *state = app_new_default();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    app_delete(*state);
    return 0;
}

static void run_err(struct app *a, const char *line, const char *want)
{
    char err[1024] = "";
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    if (want)
        assert_string_equal(err, want);
}

/* Every byte of the state a command may change, serialised, so that "a bad
 * command changes nothing" is one memcmp. */
struct snap {
    unsigned char *p;
    size_t len, cap;
};

static void snap_put(struct snap *s, const void *p, size_t n)
{
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->p = realloc(s->p, s->cap);
    }
    memcpy(s->p + s->len, p, n);
    s->len += n;
}

static void snap_str(struct snap *s, const char *str)
{
    snap_put(s, str ? str : "(null)", strlen(str ? str : "(null)") + 1);
}

static void snap_floats(struct snap *s, const float *p, size_t n)
{
    snap_put(s, &n, sizeof n);
    if (p)
        snap_put(s, p, n * sizeof *p);
}

static void snap_store(struct snap *s, const struct vecstore *vs)
{
    size_t n = vecstore_count(vs);
    snap_put(s, &n, sizeof n);
    for (size_t i = 0; i < n; i++) {
        const float *v;
        size_t len;
        snap_str(s, vecstore_key_at(vs, i, &v, &len));
        snap_floats(s, v, len);
    }
}

/* The model is part of the state the snapshot takes: brought up to date
 * first, as the screen would. */
static struct snap snapshot(struct app *a)
{
    struct snap s = { 0 };
    app_sync(a);
    const struct model_config *c = &a->s.cfg;
    uint64_t cfg[] = { c->d_model, c->heads, c->seed, (uint64_t)c->pe, (uint64_t)c->proj,
                       c->scale, c->causal };
    snap_put(&s, cfg, sizeof cfg);
    snap_str(&s, a->s.sentence);
    snap_put(&s, &app_shown(a)->n, sizeof app_shown(a)->n);
    for (size_t i = 0; i < app_shown(a)->n; i++) {
        snap_str(&s, app_shown(a)->text[i]);
        snap_put(&s, &app_shown(a)->ids[i], sizeof app_shown(a)->ids[i]);
    }
    size_t nv = vocab_count(a->s.vocab);
    snap_put(&s, &nv, sizeof nv);
    for (unsigned id = 1; id <= nv; id++)
        snap_str(&s, vocab_text(a->s.vocab, id));
    snap_store(&s, a->s.emb_overrides);
    snap_store(&s, a->s.pe_rows);
    const struct model *m = &a->model;
    size_t nd = m->n * m->d, nn = m->cfg.heads * m->n * m->n, dd = m->d * m->d;
    snap_put(&s, &m->n, sizeof m->n);
    snap_put(&s, &m->d, sizeof m->d);
    snap_put(&s, &m->d_k, sizeof m->d_k);
    snap_floats(&s, m->emb, nd);
    snap_floats(&s, m->pe, nd);
    snap_floats(&s, m->x, nd);
    snap_floats(&s, m->w_q, m->w_q ? dd : 0);
    snap_floats(&s, m->q, nd);
    snap_floats(&s, m->k, nd);
    snap_floats(&s, m->v, nd);
    snap_floats(&s, m->weights, nn);
    snap_floats(&s, m->out, nd);
    snap_put(&s, &a->s.sel_row, sizeof a->s.sel_row);
    snap_put(&s, &a->s.sel_col, sizeof a->s.sel_col);
    snap_put(&s, &a->s.head, sizeof a->s.head);
    snap_str(&s, a->view.theme);
    snap_str(&s, a->s.note);
    snap_put(&s, &a->s.log_len, sizeof a->s.log_len);
    for (size_t i = 0; i < a->s.log_len; i++)
        snap_str(&s, a->s.log[i]);
    snap_put(&s, &a->previewing, sizeof a->previewing);
    return s;
}

static void assert_same_snapshot(struct snap *before, struct snap *after)
{
    assert_int_equal(before->len, after->len);
    assert_memory_equal(before->p, after->p, before->len);
    free(before->p);
    free(after->p);
}

static void assert_log(const struct app *a, const char *const *lines, size_t n)
{
    assert_int_equal(a->s.log_len, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(a->s.log[i], lines[i]);
}

static char *words(size_t n)
{
    char *s = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = 'a' + (char)(i % 26);
        s[2 * i + 1] = ' ';
    }
    s[2 * n] = '\0';
    return s;
}

/* app_preview, then app_sync; the flags, and the error in err. */
static unsigned preview(struct app *a, const char *sentence, char *err, size_t errlen)
{
    static struct app_result r;
    r = (struct app_result){ 0 };
    app_preview(a, sentence, &r);
    app_sync(a);
    const char *text = (r.flags & APP_ERROR) ? r.text : "";
    size_t n = strnlen(text, errlen - 1);
    memcpy(err, text, n);
    err[n] = '\0';
    return r.flags;
}

/* ---- tests ----------------------------------------------------------- */

static void the_default_config_is_the_documented_one(void **state)
{
    (void)state;
    struct model_config c;
    command_default_config(&c);
    assert_int_equal(c.d_model, 8);
    assert_int_equal(c.heads, 1);
    assert_true(c.seed == 42);
    assert_int_equal(c.pe, PE_SINUSOIDAL);
    assert_int_equal(c.proj, PROJ_RANDOM);
    assert_true(c.scale);
    assert_false(c.causal);
}

static void init_refuses_a_config_whose_heads_do_not_divide_d_model(void **state)
{
    (void)state;
    struct model_config c;
    struct app a;
    char err[256];
    command_default_config(&c);
    c.heads = 3;
    assert_int_equal(app_init(&a, &c, err, sizeof err), -1);
    assert_string_equal(err, "heads (3) must divide d_model (8)");
}

static void a_sentence_sets_tokens_and_ids_by_first_appearance(void **state)
{
    struct app *a = *state;
    assert_int_equal(run_line(a, "the cat saw the dog."), APP_REDRAW | APP_MODEL | APP_SAID);
    assert_string_equal(a->s.sentence, "the cat saw the dog.");
    assert_int_equal(app_shown(a)->n, 6);
    const char *toks[] = { "the", "cat", "saw", "the", "dog", "." };
    unsigned ids[] = { 1, 2, 3, 1, 4, 5 };
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(app_shown(a)->text[i], toks[i]);
        assert_int_equal(app_shown(a)->ids[i], ids[i]);
    }
    assert_int_equal(a->model.n, 6);
    assert_int_equal(a->model.d, 8);
}

static void ids_are_kept_across_sentences(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, "cats love dogs");
    unsigned ids[] = { 3, 2, 4 };
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(app_shown(a)->ids[i], ids[i]);
    run_line(a, "I");
    assert_int_equal(app_shown(a)->ids[0], 1);
}

static void every_config_command_recomputes_with_the_new_value(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    const unsigned both = APP_REDRAW | APP_MODEL | APP_SAID;   /* says its line */
    assert_int_equal(run_line(a, ":dim 12"), both);
    assert_int_equal(a->model.d, 12);
    assert_int_equal(run_line(a, ":heads 4"), both);
    assert_int_equal(a->model.cfg.heads, 4);
    assert_int_equal(a->model.d_k, 3);
    assert_int_equal(run_line(a, ":seed 7"), both);
    assert_true(a->model.cfg.seed == 7);
    assert_int_equal(run_line(a, ":pe learned"), both);
    assert_int_equal(a->model.cfg.pe, PE_LEARNED);
    assert_int_equal(run_line(a, ":proj identity"), both);
    assert_null(a->model.w_q);
    assert_memory_equal(a->model.q, a->model.x, 3 * 12 * sizeof(float));
    assert_int_equal(run_line(a, ":scale off"), both);
    assert_false(a->model.cfg.scale);
    assert_int_equal(run_line(a, ":causal on"), both);
    assert_true(a->model.weights[1] == 0.0f);   /* row 0, key 1 is masked */
    const char *log[] = { "I love cats", ":dim 12", ":heads 4", ":seed 7", ":pe learned",
                          ":proj identity", ":scale off", ":causal on" };
    assert_log(a, log, 8);
}

static void a_bad_command_leaves_the_state_bit_identical(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":emb love 1 2 3 4 5 6 7 8");
    run_line(a, ":select 1 2");
    const char *bad[] = {
        ":dim x", ":dim 0", ":dim 99999", ":dim 9 9", ":heads 3", ":heads 65",
        ":emb cats nan 1 1 1 1 1 1 1", ":emb cats inf 1 1 1 1 1 1 1", ":emb cats 1 2 3",
        ":emb cats 1 1 1 1 1 1 1 1 1", ":pe-row 0 1", ":pe nope", ":select 3 0",
        ":select 0 9", ":head 1", ":scale maybe", ":frob", "bad \xff utf8", ":undo 1",
        ":load /nonexistent/x.attn", ":save /nonexistent/dir/x.attn",
        ":emb love 3e38 3e38 3e38 3e38 3e38 3e38 3e38 3e38",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct snap before = snapshot(a);
        run_err(a, bad[i], NULL);
        struct snap after = snapshot(a);
        assert_same_snapshot(&before, &after);
    }
}

static void heads_that_do_not_divide_d_model_are_refused(void **state)
{
    struct app *a = *state;
    run_err(a, ":heads 3", ":heads 3: heads (3) must divide d_model (8)");
    run_line(a, ":heads 2");
    run_err(a, ":dim 9", ":dim 9: heads (2) must divide d_model (9)");
    assert_int_equal(a->s.cfg.d_model, 8);
}

static void dim_zero_and_dim_99999_are_refused_with_the_range(void **state)
{
    struct app *a = *state;
    run_err(a, ":dim 0", ":dim expects an integer from 1 to 4096, got \"0\"");
    run_err(a, ":dim 99999", ":dim expects an integer from 1 to 4096, got \"99999\"");
}

static void an_emb_override_survives_shrinking_and_growing_d_model(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":emb love 1 2 3 4 5 6 7 8");
    const float want[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    assert_memory_equal(a->model.emb + 8, want, sizeof want);
    run_line(a, ":dim 4");
    assert_memory_equal(a->model.emb + 4, want, 4 * sizeof(float));
    run_line(a, ":dim 8");
    assert_memory_equal(a->model.emb + 8, want, sizeof want);
    run_line(a, ":dim 12");
    assert_memory_equal(a->model.emb + 12, want, sizeof want);
    for (size_t c = 8; c < 12; c++)
        assert_true(a->model.emb[12 + c] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("love", 4), c));
    /* the other tokens keep their defaults throughout */
    assert_true(a->model.emb[0] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("I", 1), 0));
}

static void emb_needs_exactly_d_model_values(void **state)
{
    struct app *a = *state;
    run_err(a, ":emb cats 1 2 3", ":emb needs exactly 8 values (d_model), got 3");
    run_err(a, ":pe-row 0 1 2", ":pe-row needs exactly 8 values (d_model), got 2");
}

static void emb_with_nan_or_inf_is_refused(void **state)
{
    struct app *a = *state;
    run_err(a, ":emb cats 1 2 nan 4 5 6 7 8", ":emb value 3 is not a finite number: \"nan\"");
    run_err(a, ":emb cats -inf 2 3 4 5 6 7 8", ":emb value 1 is not a finite number: \"-inf\"");
    assert_int_equal(vecstore_count(a->s.emb_overrides), 0);
}

/* The bound on user-set values is what keeps every model finite: the
 * largest values allowed, at a large d_model, still give finite numbers. */
static void values_at_the_bound_give_a_finite_model(void **state)
{
    struct app *a = *state;
    run_line(a, ":dim 512");
    run_line(a, "big big small");
    size_t d = 512, cap = 16 + d * 8;
    char *line = malloc(cap);
    for (int sign = -1; sign <= 1; sign += 2) {
        int o = snprintf(line, cap, ":emb %s", sign < 0 ? "small" : "big");
        for (size_t c = 0; c < d; c++)
            o += snprintf(line + o, cap - (size_t)o, " %de9", sign);
        run_line(a, line);
    }
    run_line(a, ":pe table");
    snprintf(line, cap, ":pe-row 0");
    for (size_t c = 0, o = strlen(line); c < d; c++)
        o += (size_t)snprintf(line + o, cap - o, " 1e9");
    run_line(a, line);
    free(line);
    const struct model *m = &a->model;
    for (size_t i = 0; i < m->n * m->d; i++)
        assert_true(isfinite(m->x[i]) && isfinite(m->q[i]) && isfinite(m->out[i]));
    for (size_t i = 0; i < m->n * m->n; i++)
        assert_true(isfinite(m->weights[i]));
    run_err(a, ":emb big 3e38 1 1 1", NULL);
}

static void pe_rows_fill_the_table_encoding(void **state)
{
    struct app *a = *state;
    run_line(a, ":dim 3");
    run_line(a, ":pe table");
    run_line(a, ":pe-row 1 0.1 0 0.1");
    run_line(a, "I love cats");
    const float row1[] = { 0.1f, 0.0f, 0.1f }, zero[3] = { 0 };
    assert_memory_equal(a->model.pe, zero, sizeof zero);
    assert_memory_equal(a->model.pe + 3, row1, sizeof row1);
    assert_memory_equal(a->model.pe + 6, zero, sizeof zero);
}

static void an_empty_sentence_is_refused(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    struct snap before = snapshot(a);
    struct command c = { .kind = CMD_SENTENCE, .u.text = "   " };
    static struct app_result r;
    app_apply(a, &c, &r);
    assert_true(r.flags & APP_ERROR);
    assert_string_equal(r.text, "the sentence has no tokens");
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    /* a blank line is no sentence at all: nothing happens */
    assert_int_equal(run_line(a, "   "), 0);
}

static void twenty_thousand_tokens_are_refused_with_the_limit(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char *s = words(20000);
    struct snap before = snapshot(a);
    run_err(a, s, "sentence has more than 8192 tokens (limit 8192)");
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    free(s);
}

static void eight_thousand_one_hundred_ninety_two_tokens_work(void **state)
{
    struct app *a = *state;
    char *s = words(AV_MAX_TOKENS);
    run_line(a, s);
    assert_int_equal(app_shown(a)->n, AV_MAX_TOKENS);
    assert_int_equal(a->model.n, AV_MAX_TOKENS);
    assert_int_equal(app_shown(a)->ids[AV_MAX_TOKENS - 1], (AV_MAX_TOKENS - 1) % 26 + 1);
    double sum = 0;
    for (size_t j = 0; j < AV_MAX_TOKENS; j++)
        sum += a->model.weights[(size_t)(AV_MAX_TOKENS - 1) * AV_MAX_TOKENS + j];
    assert_true(fabs(sum - 1.0) < 1e-4);
    free(s);
}

static void select_and_head_are_checked_and_clamped_when_things_shrink(void **state)
{
    struct app *a = *state;
    run_err(a, ":select 0 0", "no tokens to select");
    run_line(a, "one two three four");
    assert_int_equal(run_line(a, ":select 3 2"), APP_REDRAW);   /* a move says nothing */
    run_err(a, ":select 4 0",
            ":select 4 0 is outside the 4x4 matrix (rows and columns go from 0 to 3)");
    run_line(a, "one two");
    assert_int_equal(a->s.sel_row, 1);
    assert_int_equal(a->s.sel_col, 1);
    run_line(a, ":heads 4");
    assert_int_equal(run_line(a, ":head 3"), APP_REDRAW | APP_SAID);
    run_err(a, ":head 4", ":head 4 does not exist: heads go from 0 to 3 (or mean)");
    run_line(a, ":heads 2");
    assert_int_equal(a->s.head, 1);
    run_line(a, ":head mean");
    run_line(a, ":heads 1");
    assert_int_equal(a->s.head, 0);   /* the mean of one head is that head */
}

/* The component of :select ROW COL DIM: kept by a move without one (and
 * logged with it, so the merged line replays to the same cursor), refused
 * past d_model, clamped when d_model shrinks. */
static void select_names_a_component_that_moves_keep(void **state)
{
    struct app *a = *state;
    run_line(a, "a b c");
    run_line(a, ":dim 16");
    run_line(a, ":select 1 2 9");
    assert_int_equal(a->s.sel_dim, 9);
    run_line(a, ":select 2 0");
    assert_int_equal(a->s.sel_dim, 9);
    assert_int_equal(app_cursor_dim(a, 4), 3);   /* a view 4 wide clamps it */
    assert_int_equal(app_cursor_dim(a, 16), 9);
    const char *log[] = { "a b c", ":dim 16", ":select 2 0 9" };
    assert_log(a, log, 3);
    run_err(a, ":select 0 0 16",
            ":select component 16 does not exist: d_model is 16 (components go from 0 to 15)");
    assert_int_equal(a->s.sel_row, 2);   /* a refused line moves nothing */
    assert_int_equal(a->s.sel_dim, 9);
    struct app_result r = { 0 };
    app_rebuild(a, a->s.log, a->s.joined, a->s.log_len, &r);
    assert_int_equal(a->s.sel_row, 2);
    assert_int_equal(a->s.sel_dim, 9);
    run_line(a, ":dim 8");
    assert_int_equal(a->s.sel_dim, 7);
}

static void consecutive_selects_are_one_log_entry(void **state)
{
    struct app *a = *state;
    run_line(a, "a b c");
    run_line(a, ":select 0 1");
    run_line(a, ":select 1 1");
    run_line(a, ":select 2 0");
    run_line(a, ":note look");
    run_line(a, ":select 1 0");
    const char *log[] = { "a b c", ":select 2 0", ":note look", ":select 1 0" };
    assert_log(a, log, 4);
}

static void print_save_quit_undo_and_theme_are_not_logged(void **state)
{
    struct app *a = *state;
    FILE *out = tmpfile();
    app_set_io(a, &(struct app_io){ .print_out = out });
    run_line(a, "a b");
    assert_int_equal(run_line(a, ":print text") & ~APP_SAID, 0);
    assert_int_equal(run_line(a, ":theme magma"), APP_REDRAW | APP_SAID);
    assert_string_equal(a->view.theme, "magma");
    assert_int_equal(run_line(a, ":quit"), APP_QUIT);
    assert_int_equal(run_line(a, ":q"), APP_QUIT);
    const char *log[] = { "a b" };
    assert_log(a, log, 1);
    assert_true(ftell(out) > 0);
    fclose(out);
    app_set_io(a, &(struct app_io){ .print_out = NULL });
}

static void help_lists_every_command_of_the_table_and_changes_nothing(void **state)
{
    struct app *a = *state;
    FILE *out = tmpfile();
    app_set_io(a, &(struct app_io){ .print_out = out });
    run_line(a, "a b");
    struct snap before = snapshot(a);
    assert_int_equal(run_line(a, ":help"), 0);
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    char *text = stream_text(out);
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        char row[64];
        snprintf(row, sizeof row, "\n%-8s ", t[i].name);
        assert_true(strstr(text, row + 1) == text || strstr(text, row));
    }
    assert_non_null(strstr(text, ":dim     N (1 to 4096)"));
    free(text);
    fclose(out);
    app_set_io(a, &(struct app_io){ .print_out = NULL });
}

static void print_without_an_output_prints_nothing_and_changes_nothing(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    struct snap before = snapshot(a);
    assert_false(try_line(a, ":print json", 11, NULL, 0, NULL, 0) & APP_ERROR);
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
}

static void undo_takes_back_the_last_change_and_then_says_nothing_is_left(void **state)
{
    struct app *a = *state;
    run_err(a, ":undo", "nothing to undo");
    run_line(a, "I love cats");
    struct snap one = snapshot(a);
    run_line(a, ":theme inferno");
    run_line(a, "cats chase mice");
    assert_int_equal(app_shown(a)->ids[2], 5);
    run_line(a, ":undo");
    assert_string_equal(a->view.theme, "inferno");   /* a preference, not undone */
    snprintf(a->view.theme, sizeof a->view.theme, "viridis");   /* the default again */
    struct snap back = snapshot(a);
    assert_same_snapshot(&one, &back);
    /* the words of the undone sentence lost their ids */
    run_line(a, "mice");
    assert_int_equal(app_shown(a)->ids[0], 4);
    run_line(a, ":undo");
    run_line(a, ":undo");
    assert_int_equal(app_shown(a)->n, 0);
    assert_int_equal(a->s.log_len, 0);
    run_err(a, ":undo", "nothing to undo");
}

/* Unsaved is a log whose changes differ from those last saved (or started
 * with): undoing back to them is saved again, a redo is not, and cursor
 * moves never count. */
/* A cursor move after the change :undo takes back stays, inside the
 * matrix as it is then: on a shorter sentence it comes in to its edge
 * (the undo once failed on it: "replaying :select 2 0 failed"), with no
 * sentence left it goes. */
static void undo_keeps_a_later_move_inside_the_smaller_matrix(void **state)
{
    struct app *a = *state;
    run_line(a, "a dog");
    run_line(a, "I love cats");
    run_line(a, ":select 2 0");
    run_line(a, ":undo");
    assert_int_equal(a->s.sel_row, 1);
    assert_int_equal(a->s.sel_col, 0);
    const char *log[] = { "a dog", ":select 1 0" };
    assert_log(a, log, 2);
    run_line(a, ":select 1 1 7");
    run_line(a, ":dim 4");
    run_line(a, ":undo");         /* back to d_model 8: component 7 is there again */
    assert_int_equal(a->s.sel_dim, 7);
    run_line(a, ":undo");
    assert_int_equal(a->s.toks.n, 0);
    assert_int_equal(a->s.log_len, 0);
}

static void undoing_back_to_the_saved_state_is_saved_again(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    app_start_history(a, true);
    assert_false(app_unsaved(a));
    run_line(a, ":select 1 2");
    assert_false(app_unsaved(a));
    run_line(a, ":causal on");
    assert_true(app_unsaved(a));
    run_line(a, ":undo");
    assert_false(app_unsaved(a));
    run_line(a, ":redo");
    assert_true(app_unsaved(a));
    run_line(a, ":heads 2");
    run_line(a, ":undo");
    assert_true(app_unsaved(a));
    run_line(a, ":undo");
    assert_false(app_unsaved(a));
    /* a change and its opposite by hand are two changes */
    run_line(a, ":causal on");
    run_line(a, ":causal off");
    assert_true(app_unsaved(a));
}

static void undo_starts_from_the_config_the_app_was_started_with(void **state)
{
    (void)state;
    struct model_config cfg;
    command_default_config(&cfg);
    cfg.d_model = 6;
    cfg.heads = 3;
    struct app a;
    char err[256];
    assert_int_equal(app_init(&a, &cfg, err, sizeof err), 0);
    run_line(&a, "x y");
    run_line(&a, ":heads 1");
    run_line(&a, ":undo");
    assert_int_equal(a.s.cfg.heads, 3);
    assert_int_equal(a.s.cfg.d_model, 6);
    assert_int_equal(a.s.toks.n, 2);
    app_free(&a);
}

static void preview_neither_logs_nor_interns(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    struct snap before = snapshot(a);
    char err[256];
    assert_int_equal(preview(a, "cats eat fish fish", err, sizeof err),
                     APP_REDRAW | APP_MODEL);
    assert_true(a->previewing);
    assert_int_equal(a->model.n, 4);
    unsigned ids[] = { 3, 4, 5, 5 };   /* provisional ids after the last */
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(app_shown(a)->ids[i], ids[i]);
    assert_int_equal(vocab_count(a->s.vocab), 3);
    assert_int_equal(a->s.log_len, 1);
    assert_int_equal(app_preview_end(a), APP_REDRAW | APP_MODEL);
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    assert_int_equal(app_preview_end(a), 0);
}

static void a_bad_preview_leaves_the_picture(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char err[256];
    preview(a, "half typed", err, sizeof err);
    struct snap before = snapshot(a);
    assert_int_equal(preview(a, "half typed \xe2\x82", err, sizeof err), APP_ERROR);
    assert_string_equal(err, "invalid UTF-8 at byte 11");
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
}

/* Blanks, a command or a comment typed so far show the committed sentence. */
static void a_preview_of_what_is_not_a_sentence_ends_the_preview(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char err[256];
    const char *lines[] = { "  ", ":dim", "# a comment" };
    for (size_t i = 0; i < 3; i++) {
        preview(a, "half typed", err, sizeof err);
        assert_true(a->previewing);
        assert_int_equal(preview(a, lines[i], err, sizeof err), APP_REDRAW | APP_MODEL);
        assert_false(a->previewing);
        assert_int_equal(a->model.n, 3);
        assert_int_equal(preview(a, lines[i], err, sizeof err), 0);
    }
}

static void a_command_during_a_preview_acts_on_the_committed_sentence(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char err[256];
    preview(a, "a b c d e", err, sizeof err);
    run_line(a, ":dim 4");
    assert_false(a->previewing);
    assert_int_equal(app_shown(a)->n, 3);
    assert_int_equal(a->model.n, 3);
    preview(a, "new words", err, sizeof err);
    run_line(a, "committed now");
    assert_false(a->previewing);
    assert_string_equal(a->s.sentence, "committed now");
    assert_int_equal(app_shown(a)->ids[0], 4);
}

static void collect(void *ctx, const char *msg)
{
    char *buf = ctx;
    strcat(buf, msg);
    strcat(buf, "|");
}

static void a_note_is_stored_logged_and_sent_to_diag(void **state)
{
    struct app *a = *state;
    char seen[256] = "";
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    assert_int_equal(run_line(a, ":note   look at the diagonal "), APP_REDRAW | APP_SAID);
    assert_string_equal(a->s.note, "look at the diagonal");
    assert_string_equal(seen, "look at the diagonal|");
    const char *log[] = { ":note look at the diagonal" };
    assert_log(a, log, 1);
}

static void run_line_prefixes_errors_with_source_and_line(void **state)
{
    struct app *a = *state;
    char err[256];
    try_line(a, ":dim x", 6, "demo.attn", 7, err, sizeof err);
    assert_string_equal(err, "demo.attn:7: :dim expects an integer from 1 to 4096, got \"x\"");
    try_line(a, ":frob", 5, "prompt", 0, err, sizeof err);
    assert_string_equal(err, "prompt: unknown command \":frob\" (:help lists the commands)");
}

static char tmpdir[TEMP_DIR_MAX];

static const char *in_tmp(const char *name)
{
    return temp_path(tmpdir, name);
}

static int tmp_setup(void **state)
{
    if (app_in_temp_dir_setup(state, tmpdir, "attnviz-test-app") != 0)
        return -1;
    mkdir(in_tmp("tours"), 0700);
    return 0;
}

static int tmp_teardown(void **state)
{
    return app_in_temp_dir_teardown(state, tmpdir);
}

static void run_file_reports_each_bad_line_and_goes_on(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("s.attn"), "# demo\r\n:dim x\r\nI love cats\r\n:heads 3\n:dim 4\n");
    char path[256], seen[1024] = "", err[256];
    snprintf(path, sizeof path, "%s/s.attn", tmpdir);
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    assert_int_equal(app_run_file(a, path, NULL, NULL, err, sizeof err), 2);
    char want[1024];
    snprintf(want, sizeof want,
             "%s:2: :dim expects an integer from 1 to 4096, got \"x\"|"
             "%s:4: :heads 3: heads (3) must divide d_model (8)|", path, path);
    assert_string_equal(seen, want);
    assert_int_equal(a->s.cfg.d_model, 4);
    assert_int_equal(app_shown(a)->n, 3);
    snprintf(path, sizeof path, "%s/missing.attn", tmpdir);
    assert_int_equal(app_run_file(a, path, NULL, NULL, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot open \"%s\": No such file or directory", path);
    assert_string_equal(err, want);
}

static void a_long_line_in_a_file_gets_the_clear_message(void **state)
{
    struct app *a = *state;
    char path[256], seen[512] = "", err[256];
    snprintf(path, sizeof path, "%s/long.attn", tmpdir);
    FILE *f = fopen(path, "w");
    for (size_t i = 0; i < (1u << 20); i++)
        fputc('x', f);
    fputs("\n:dim 2\n", f);
    fclose(f);
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    assert_int_equal(app_run_file(a, path, NULL, NULL, err, sizeof err), 1);
    assert_non_null(strstr(seen, ":1: line too long (1048576 bytes; the limit is 262144)|"));
    assert_int_equal(a->s.cfg.d_model, 2);
}

static void load_is_relative_to_the_loading_file_and_logs_what_it_runs(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("tours/main.attn"), ":load part.attn\n:select 1 1\n");
    write_file(in_tmp("tours/part.attn"), "I love cats\n:causal on\n");
    char line[256];
    snprintf(line, sizeof line, ":load %s/tours/main.attn", tmpdir);
    assert_int_equal(run_line(a, line), APP_REDRAW | APP_MODEL | APP_SAID);
    const char *log[] = { "I love cats", ":causal on", ":select 1 1" };
    assert_log(a, log, 3);
    assert_int_equal(a->n_running, 0);
}

/* What a line said (APP_SAID's text); it must not fail. */
static const char *said(struct app *a, const char *line)
{
    static struct app_result r;
    r = (struct app_result){ 0 };
    app_run_line(a, line, strlen(line), NULL, 0, &r);
    app_sync(a);
    if (r.flags & APP_ERROR)
        fail_msg("\"%s\" failed: %s", line, r.text);
    return r.text;
}

/* A :load is one change: one :undo takes back every line it ran (those of
 * a :load inside it too), a :redo makes them again, and the changes
 * around it stay changes of their own. */
static void undo_takes_back_a_whole_load_and_redo_brings_it_again(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("tours/main.attn"), ":load part.attn\n:select 1 1\n:heads 2\n");
    write_file(in_tmp("tours/part.attn"), "I love cats\n:causal on\n");
    run_line(a, "a dog");
    run_line(a, ":dim 6");
    char line[256];
    snprintf(line, sizeof line, ":load %s/tours/main.attn", tmpdir);
    run_line(a, line);
    run_line(a, ":select 2 0");       /* a move after it: it stays */
    assert_string_equal(said(a, ":undo"),
                        "undid the 4 lines of a :load (I love cats …)");
    /* the move stays, as far as the 2 x 2 matrix goes */
    const char *before[] = { "a dog", ":dim 6", ":select 1 0" };
    assert_log(a, before, 3);
    assert_int_equal(a->s.cfg.heads, 1);
    assert_false(a->s.cfg.causal);
    assert_string_equal(said(a, ":redo"), "redid the 4 lines of a :load (I love cats …)");
    assert_int_equal(a->s.cfg.heads, 2);
    assert_true(a->s.cfg.causal);
    assert_string_equal(a->s.sentence, "I love cats");
    /* still one change after the redo, and the one before it is its own */
    assert_string_equal(said(a, ":undo"), "undid the 4 lines of a :load (I love cats …)");
    assert_string_equal(said(a, ":undo"), "undid :dim 6");
    assert_int_equal(a->s.cfg.d_model, 8);
    assert_string_equal(a->s.sentence, "a dog");
}

/* A name with no '/' and no .attn ending is a tour, looked up in the
 * samples folders only: not beside the script, not in the cwd. A file is
 * named with a '/' or its .attn ending. */
static void a_tour_name_is_never_a_file_beside_the_script(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("tours/no-such-tour-here"), "I love dogs\n");
    write_file(in_tmp("tours/no-such-tour-here.attn"), "I love dogs\n");
    write_file(in_tmp("tours/by-name.attn"), ":load no-such-tour-here\n");
    write_file(in_tmp("tours/by-path.attn"), ":load ./no-such-tour-here\n");
    char line[256], seen[1024] = "", err[1024];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/tours/by-name.attn", tmpdir);
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    char want[1024];
    snprintf(want, sizeof want, "%s/tours/by-name.attn:1: :load: no tour named "
             "\"no-such-tour-here\" (:tours lists them; a file name needs a '/' or the "
             ".attn ending, as in ./no-such-tour-here)|", tmpdir);
    assert_string_equal(seen, want);
    assert_int_equal(a->s.log_len, 0);
    snprintf(line, sizeof line, ":load %s/tours/by-path.attn", tmpdir);
    run_line(a, line);
    const char *log[] = { "I love dogs" };
    assert_log(a, log, 1);
    run_err(a, ":replay no-such-tour-here", ":replay: no tour named \"no-such-tour-here\" "
            "(:tours lists them; a file name needs a '/' or the .attn ending, as in "
            "./no-such-tour-here)");
}

/* :tours says the names where there is no output, or that there are none;
 * with an output it prints (the list is tests/test_tour.c's). */
static void tours_without_an_output_says_the_names_and_changes_nothing(void **state)
{
    struct app *a = *state;
    struct app_result r;
    struct command c;
    char err[256];
    assert_int_equal(command_parse(":tours", 6, &c, err, sizeof err), 0);
    app_apply(a, &c, &r);
    assert_int_equal(r.flags, APP_SAID);
    assert_true(strncmp(r.text, "tours: ", 7) == 0 || strncmp(r.text, "no tours found", 14) == 0);
    assert_int_equal(a->s.log_len, 0);
    command_free(&c);
}

/* With no diag hook (the terminal's message line), the one message a bad
 * :load gives quotes its first bad line, since none was shown "above". */
static void a_bad_load_without_a_diag_hook_quotes_its_first_bad_line(void **state)
{
    struct app *a = *state;
    run_line(a, "before");
    char line[256], err[512];
    write_file(in_tmp("bad.attn"), "a b\n:dim x\n:frob\n");
    snprintf(line, sizeof line, ":load %s/bad.attn", tmpdir);
    assert_true(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(err, "bad.attn:2: :dim expects"));
    assert_non_null(strstr(err, "(and 1 more bad lines); nothing of it was kept"));
    assert_null(strstr(err, "reported above"));
    /* a line that fails when it runs, alone */
    write_file(in_tmp("half.attn"), "a b c\n:select 9 9\n");
    snprintf(line, sizeof line, ":load %s/half.attn", tmpdir);
    assert_true(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(err, "half.attn:2: "));
    assert_non_null(strstr(err, "; nothing of it was kept"));
    assert_string_equal(app_shown(a)->text[0], "before");
}

/* A :load is all or nothing: a line that does not parse keeps the whole
 * file from running; every bad line is reported. */
static void a_load_with_a_line_that_does_not_parse_runs_nothing(void **state)
{
    struct app *a = *state;
    run_line(a, "before");
    write_file(in_tmp("bad.attn"), "a b\n:dim x\n:frob\n");
    char line[256], seen[1024] = "", err[512];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/bad.attn", tmpdir);
    struct snap before = snapshot(a);
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_non_null(strstr(err, "bad.attn\": 2 bad lines (reported above); nothing of it "
                                "was kept"));
    assert_non_null(strstr(seen, "bad.attn:2: :dim expects"));
    assert_non_null(strstr(seen, "bad.attn:3: unknown command"));
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
}

/* ... and a line that fails when it runs takes back what the lines before
 * it did, after the rest were run (and reported) too. */
static void a_load_with_a_line_that_fails_takes_back_the_whole_file(void **state)
{
    struct app *a = *state;
    run_line(a, "before");
    run_line(a, ":theme magma");
    write_file(in_tmp("half.attn"), "a b c\n:causal on\n:theme cividis\n:heads 3\n"
                                     ":select 5 5\n:dim 16\n");
    char line[256], seen[1024] = "", err[512];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/half.attn", tmpdir);
    struct snap before = snapshot(a);
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_non_null(strstr(err, "half.attn\": 2 bad lines (reported above); nothing of it "
                                "was kept"));
    assert_non_null(strstr(seen, "half.attn:4: :heads 3: heads (3) must divide d_model (8)|"));
    assert_non_null(strstr(seen, "half.attn:5: :select 5 5 is outside"));
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    assert_string_equal(a->view.theme, "magma");
}

/* ... also when the file's lines changed entries of the log from before
 * it: a cursor move merges into the :select that ends the log, an :undo
 * takes back an entry (found by tests/fuzz/fuzz_script.c: the merged move
 * stayed, and after an :undo the rebuild read past the end of the log). */
static void a_refused_load_keeps_the_log_entries_its_lines_changed(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":causal on");
    run_line(a, ":select 1 2");
    write_file(in_tmp("move.attn"), ":select 0 2\n:heads 5\n");
    write_file(in_tmp("undo.attn"), ":undo\n:heads 5\n");
    const char *files[] = { "move.attn", "undo.attn" };
    for (size_t i = 0; i < 2; i++) {
        char line[256], err[512];
        snprintf(line, sizeof line, ":load %s/%s", tmpdir, files[i]);
        struct snap before = snapshot(a);
        unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
        assert_true(f & APP_ERROR);
        assert_non_null(strstr(err, "nothing of it was kept"));
        struct snap after = snapshot(a);
        assert_same_snapshot(&before, &after);
        assert_int_equal(a->s.log_len, 3);
        assert_string_equal(a->s.log[1], ":causal on");
        assert_string_equal(a->s.log[2], ":select 1 2");
    }
}

static void load_nesting_is_limited(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("loop.attn"), ":load loop.attn\n");
    char line[256], err[512];
    snprintf(line, sizeof line, ":load %s/loop.attn", tmpdir);
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_int_equal(a->n_running, 0);
}

/* Without cycle detection a file that loads itself twice runs 2^16 times
 * over; one that loads itself three times, 3^16 (hours). */
static void a_file_that_loads_itself_is_refused_and_runs_once(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("self.attn"), ":load self.attn\n:load self.attn\n:load self.attn\nhello\n");
    char line[256], seen[4096] = "", err[512];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/self.attn", tmpdir);
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_non_null(strstr(err, "self.attn\": 3 bad lines (reported above)"));
    assert_non_null(strstr(seen, "self.attn:1: :load \""));
    assert_non_null(strstr(seen, "self.attn\" is already running: a session file cannot "
                                 ":load itself, directly or through another|"));
    assert_int_equal(a->s.log_len, 0);      /* all or nothing: nothing */
    assert_int_equal(a->n_running, 0);
}

/* With cycles refused, only a chain of distinct files reaches the limit. */
static void a_chain_of_files_deeper_than_the_limit_is_refused(void **state)
{
    struct app *a = *state;
    for (unsigned i = 0; i <= AV_MAX_LOAD_DEPTH; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "chain%u.attn", i);
        snprintf(text, sizeof text, ":load chain%u.attn\n", i + 1);
        write_file(in_tmp(name), text);
    }
    write_file(in_tmp("chain17.attn"), "too deep\n");
    char line[256], seen[8192] = "", err[512];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/chain0.attn", tmpdir);
    assert_true(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(seen, ":load nested too deeply (limit 16)"));
    assert_int_equal(a->s.log_len, 0);
    assert_int_equal(a->n_running, 0);
    assert_int_equal(a->n_running, 0);
}

static void a_cycle_through_two_files_is_refused(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("ping.attn"), ":load tours/pong.attn\nping\n");
    write_file(in_tmp("tours/pong.attn"), ":load ../ping.attn\npong\n");
    char line[256], seen[4096] = "", err[512];
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":load %s/ping.attn", tmpdir);
    assert_true(try_line(a, line, strlen(line), NULL, 0, err, sizeof err) & APP_ERROR);
    assert_non_null(strstr(seen, "pong.attn:1: :load \""));
    assert_non_null(strstr(seen, "ping.attn\" is already running: a session file cannot "
                                 ":load itself, directly or through another"));
    assert_int_equal(a->s.log_len, 0);      /* all or nothing: nothing */
    /* The stack of running files is empty again: the same file loads. */
    write_file(in_tmp("ok.attn"), "fine\n");
    snprintf(line, sizeof line, ":load %s/ok.attn", tmpdir);
    run_line(a, line);
    snprintf(line, sizeof line, ":load %s/ok.attn", tmpdir);
    run_line(a, line);
}

/* A line is read at most AV_MAX_LINE bytes into memory: a file with no line
 * break at all must not take all the memory there is (getline would). */
static void a_load_of_a_device_is_refused(void **state)
{
    struct app *a = *state;
    char err[512];
    unsigned f = try_line(a, ":load /dev/zero", 15, NULL, 0, err, sizeof err);
    assert_true(f & APP_ERROR);
    assert_string_equal(err, ":load \"/dev/zero\" is a character device, not a regular file");
    assert_int_equal(a->s.log_len, 0);
}

static void a_line_with_no_end_costs_no_more_than_the_line_limit(void **state)
{
    struct app *a = *state;
    char path[256], seen[512] = "", err[256];
    snprintf(path, sizeof path, "%s/huge.attn", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t i = 0; i < (1u << 20); i++)
        fputc('x', f);
    fputs("\r\n:dim 2", f);     /* CRLF, and no line break at the very end */
    fclose(f);
    f = fopen(path, "r");
    assert_non_null(f);
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    assert_int_equal(app_run_file(a, path, f, NULL, err, sizeof err), 1);
    fclose(f);
    assert_non_null(strstr(seen, ":1: line too long (1048576 bytes; the limit is 262144)|"));
    assert_int_equal(a->s.cfg.d_model, 2);
}

static void a_line_of_exactly_the_limit_is_read_whole(void **state)
{
    struct app *a = *state;
    char path[256], seen[512] = "", err[256];
    snprintf(path, sizeof path, "%s/limit.attn", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("a", f);
    for (size_t i = 1; i < AV_MAX_LINE; i++)
        fputc(' ', f);
    fputs("\r\n", f);
    fclose(f);
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    assert_int_equal(app_run_file(a, path, NULL, NULL, err, sizeof err), 0);
    assert_string_equal(seen, "");
    assert_int_equal(app_shown(a)->n, 1);
}

static void a_byte_order_mark_does_not_turn_the_first_command_into_a_sentence(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("bom.attn"), "\xEF\xBB\xBF:dim 4\nI love cats\n");
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/bom.attn", tmpdir);
    assert_int_equal(app_run_file(a, path, NULL, NULL, err, sizeof err), 0);
    assert_int_equal(a->s.cfg.d_model, 4);
    const char *log[] = { ":dim 4", "I love cats" };
    assert_log(a, log, 2);
}

static void quit_inside_a_loaded_file_stops_it_and_reaches_the_caller(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("q.attn"), "a b\n:quit\n:dim 2\n");
    char line[256];
    snprintf(line, sizeof line, ":load %s/q.attn", tmpdir);
    assert_true(run_line(a, line) & APP_QUIT);
    assert_int_equal(a->s.cfg.d_model, 8);
}

static void save_writes_a_session_that_replays_to_the_same_state(void **state)
{
    (void)state;
    struct model_config cfg;
    command_default_config(&cfg);
    cfg.d_model = 6;
    cfg.causal = true;
    struct app a, b;
    char err[256], path[256], line[300];
    assert_int_equal(app_init(&a, &cfg, err, sizeof err), 0);
    run_line(&a, "I love cats");
    run_line(&a, ":emb love 1 2 3 4 5 0.1");
    run_line(&a, ":heads 2");
    run_line(&a, ":select 2 1");
    run_line(&a, ":note saved");
    snprintf(path, sizeof path, "%s/saved.attn", tmpdir);
    snprintf(line, sizeof line, ":save %s", path);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_true(app_unsaved(&a));
    assert_int_equal(run_line(&a, line), APP_SAID);   /* "saved 5 lines to ..." */
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(a.s.log_len, 5);
    assert_false(app_unsaved(&a));
    run_line(&a, ":scale off");
    assert_true(app_unsaved(&a));
    run_line(&a, ":undo");         /* back to what the file holds */
    assert_false(app_unsaved(&a));

    char *text = read_file(path, NULL);
    assert_string_equal(text, "# attnviz session v1\n# attnviz " ATTNVIZ_VERSION "\n"
                        "# saved 1970-01-01T00:00:00Z\n:dim 6\n:causal on\nI love cats\n"
                        ":emb love 1 2 3 4 5 0.100000001\n:heads 2\n:select 2 1\n:note saved\n");
    free(text);
    /* an ordinary document, not mkstemp's 0600 */
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

    command_default_config(&cfg);
    assert_int_equal(app_init(&b, &cfg, err, sizeof err), 0);
    assert_int_equal(app_run_file(&b, path, NULL, NULL, err, sizeof err), 0);
    app_sync(&b);
    assert_int_equal(b.s.cfg.d_model, 6);
    assert_true(b.s.cfg.causal);
    size_t nd = a.model.n * a.model.d;
    assert_memory_equal(a.model.out, b.model.out, nd * sizeof(float));
    /* saving again over a session file is fine */
    run_line(&a, line);
    app_free(&a);
    app_free(&b);
}

static void save_refuses_to_overwrite_a_file_that_is_not_a_session(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("notes.txt"), "my precious notes\n");
    char line[300], want[400];
    snprintf(line, sizeof line, ":save %s/notes.txt", tmpdir);
    snprintf(want, sizeof want, ":save will not overwrite \"%s/notes.txt\": it is not an "
             "attnviz session (its first line is not \"# attnviz session\"); :save! "
             "overwrites it", tmpdir);
    run_err(a, line, want);
    FILE *f = fopen(strchr(line, ' ') + 1, "r");
    char buf[64] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "my precious notes\n");
}

static void the_mean_of_one_head_is_shown_as_that_head(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":head mean");
    assert_int_equal(a->s.head, 0);
    run_line(a, ":heads 2");
    run_line(a, ":head mean");
    assert_int_equal(a->s.head, HEAD_MEAN);
    run_line(a, ":heads 1");
    assert_int_equal(a->s.head, 0);
}

static void cell_weight_reads_the_head_or_the_mean_of_heads(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    run_line(a, ":heads 2");
    const struct model *m = &a->model;
    run_line(a, ":head 1");
    assert_true(app_cell_weight(a, 1, 2) == model_head_weights(m, 1)[1 * 3 + 2]);
    run_line(a, ":head mean");
    float mean = (float)(((double)model_head_weights(m, 0)[5] + model_head_weights(m, 1)[5]) / 2);
    assert_true(app_cell_weight(a, 1, 2) == mean);
    assert_true(app_cell_weight(a, 3, 0) == 0.0f);
}

/* :open takes a text as the sentence and logs the text, so the saved
 * session replays with the file gone. */
static void open_takes_a_text_file_and_the_saved_session_keeps_the_text(void **state)
{
    struct app *a = *state;
    write_file(in_tmp("story.txt"), "\xEF\xBB\xBFOnce upon a time,\r\nthere was\ta cat.\n\n");
    char line[512];
    snprintf(line, sizeof line, ":open %s", in_tmp("story.txt"));
    run_line(a, line);
    assert_string_equal(a->s.sentence, "Once upon a time,  there was a cat.");
    assert_int_equal(app_shown(a)->n, 10);
    const char *log[] = { "Once upon a time,  there was a cat." };
    assert_log(a, log, 1);
    snprintf(line, sizeof line, ":save %s", in_tmp("story.attn"));
    run_line(a, line);
    assert_int_equal(unlink(in_tmp("story.txt")), 0);
    struct app *b = app_new_default();
    snprintf(line, sizeof line, ":load %s", in_tmp("story.attn"));
    run_line(b, line);
    assert_string_equal(b->s.sentence, a->s.sentence);
    assert_int_equal(b->model.n, 10);
    app_delete(b);
}

static void open_refuses_what_is_not_a_usable_text_and_changes_nothing(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    FILE *f = fopen(in_tmp("long.txt"), "w");
    assert_non_null(f);
    for (unsigned i = 0; i < AV_MAX_TOKENS + 5; i++)
        fputs(i % 20 ? "w " : "w\n", f);
    fclose(f);
    write_file(in_tmp("cmd.txt"), "\n  :dim 9\n");
    write_file(in_tmp("hash.txt"), "# a heading\n");
    write_file(in_tmp("bad.txt"), "caf\xE9 au lait\n");
    write_file(in_tmp("blank.txt"), " \n\t\n");
    f = fopen(in_tmp("nul.txt"), "w");
    assert_non_null(f);
    fwrite("a\0b", 1, 3, f);
    fclose(f);
    struct { const char *file, *want; } cases[] = {
        { "long.txt", "has 8197 tokens; the limit is 8192" },
        { "cmd.txt", "starts with ':', which a session line reads as a command" },
        { "hash.txt", "starts with '#', which a session line reads as a comment" },
        { "bad.txt", "invalid UTF-8 at byte 3" },
        { "blank.txt", "has no words" },
        { "nul.txt", "a NUL byte at byte 1" },
        { "missing.txt", "No such file or directory" },
        { "tours", "is a folder, not a regular file" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char line[512], err[1024] = "";
        snprintf(line, sizeof line, ":open %s", in_tmp(cases[i].file));
        struct snap before = snapshot(a);
        unsigned fl = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
        assert_true(fl & APP_ERROR);
        if (!strstr(err, cases[i].want))
            fail_msg("%s: got \"%s\"", cases[i].file, err);
        struct snap after = snapshot(a);
        assert_same_snapshot(&before, &after);
    }
}

/* ---- :vectors ---------------------------------------------------------- */

/* A 4-dimensional vectors file in the temporary folder; its absolute path
 * in abs (PATH_MAX bytes), as the log names it. */
static void write_vectors(const char *name, const char *text, char *abs)
{
    write_file(in_tmp(name), text);
    assert_non_null(realpath(in_tmp(name), abs));
}

static const char four_dims[] = "4 4\ncat 1 0 0 0\ndog 0.5 0.5 0 0\nthe 0 0 1 0\nmat 0 0 0 -1\n";

static void vectors_set_d_model_and_the_words_found_use_their_vectors(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    write_vectors("v.txt", four_dims, abs);
    run_line(a, "The cat saw a dog");
    snprintf(line, sizeof line, ":vectors %s/v.txt", tmpdir);
    char err[1024];
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    assert_int_equal(f & APP_ERROR, 0);
    assert_int_equal(a->s.cfg.d_model, 4);
    assert_int_equal(app_vectors_found(a), 3);   /* The (as the), cat, dog */
    char name[64];
    app_vectors_name(a, name, sizeof name);
    assert_string_equal(name, "v");
    const struct model *m = &a->model;
    const float the[4] = { 0, 0, 1, 0 }, cat[4] = { 1, 0, 0, 0 }, dog[4] = { 0.5f, 0.5f, 0, 0 };
    assert_memory_equal(m->emb, the, sizeof the);
    assert_memory_equal(m->emb + 4, cat, sizeof cat);
    assert_memory_equal(m->emb + 16, dog, sizeof dog);
    /* not in the file: the default generator, as without vectors */
    for (size_t c = 0; c < 4; c++) {
        assert_true(m->emb[8 + c] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("saw", 3), c));
        assert_true(m->emb[12 + c] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("a", 1), c));
    }
    /* the log names the file by its absolute path, so it replays from anywhere */
    snprintf(line, sizeof line, ":vectors %s", abs);
    assert_string_equal(a->s.log[a->s.log_len - 1], line);
}

static void a_larger_d_model_takes_the_generator_past_the_files_dimension(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    write_vectors("v.txt", four_dims, abs);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    run_line(a, "cat");
    run_line(a, ":dim 6");
    const float *e = a->model.emb;
    assert_true(e[0] == 1 && e[1] == 0 && e[2] == 0 && e[3] == 0);
    for (size_t c = 4; c < 6; c++)
        assert_true(e[c] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("cat", 3), c));
    run_line(a, ":dim 2");
    assert_true(a->model.emb[0] == 1 && a->model.emb[1] == 0);
    /* an :emb override comes first, the file's vector after it */
    run_line(a, ":emb cat 7 8");
    run_line(a, ":dim 4");
    e = a->model.emb;
    assert_true(e[0] == 7 && e[1] == 8 && e[2] == 0 && e[3] == 0);
}

static void undo_of_vectors_gives_back_d_model_and_the_default_embeddings(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    write_vectors("v.txt", four_dims, abs);
    run_line(a, "the cat");
    struct snap before = snapshot(a);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    assert_int_equal(a->s.cfg.d_model, 4);
    const struct vectable *t = a->s.vectors;
    run_line(a, ":undo");
    assert_null(a->s.vectors);
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    /* the file read last is kept: :redo shares it */
    run_line(a, ":redo");
    assert_ptr_equal(a->s.vectors, t);
    assert_int_equal(a->s.cfg.d_model, 4);
}

static void an_undo_keeps_the_table_it_had_even_when_the_file_is_gone(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    write_vectors("v.txt", four_dims, abs);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    run_line(a, "the dog");
    const struct vectable *t = a->s.vectors;
    assert_int_equal(unlink(abs), 0);
    run_line(a, ":causal on");
    run_line(a, ":undo");
    /* rebuilt from the log without reading the file: the same table */
    assert_ptr_equal(a->s.vectors, t);
    assert_true(a->model.emb[4] == 0.5f);
    /* typed again, the file is read again: it is gone now */
    run_err(a, line, NULL);
    assert_ptr_equal(a->s.vectors, t);
}

static void vectors_typed_again_after_an_edit_reads_the_file_anew(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    write_vectors("v.txt", four_dims, abs);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    run_line(a, "cat");
    const struct vectable *t = a->s.vectors;
    run_line(a, line);
    assert_ptr_equal(a->s.vectors, t);   /* the same file: shared, not read */
    write_vectors("v.txt", "cat 2 3\n", abs);
    run_line(a, line);
    assert_int_equal(a->s.cfg.d_model, 2);
    assert_true(a->model.emb[0] == 2 && a->model.emb[1] == 3);
}

static void vectors_off_drops_them_and_keeps_d_model(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200];
    run_err(a, ":vectors off", ":vectors off: no vectors are loaded");
    write_vectors("v.txt", four_dims, abs);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    run_line(a, "cat");
    run_line(a, ":vectors none");
    assert_null(a->s.vectors);
    assert_int_equal(a->s.cfg.d_model, 4);
    assert_string_equal(a->s.log[a->s.log_len - 1], ":vectors off");
    assert_int_equal(app_vectors_found(a), 0);
    assert_true(a->model.emb[0] == rng_uniform(42, RNG_EMBEDDING, rng_hash_bytes("cat", 3), 0));
}

static void a_bad_vectors_file_reports_every_line_and_changes_nothing(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200], seen[2048] = "", want[16384];
    write_vectors("bad.txt", "cat 1 0 0\ndog 1 x 0\nthe 1 0\n\xC3\x28 1 2 3\n", abs);
    run_line(a, "the cat");
    struct snap before = snapshot(a);
    app_set_io(a, &(struct app_io){ .diag = collect, .diag_ctx = seen });
    snprintf(line, sizeof line, ":vectors %s", abs);
    snprintf(want, sizeof want, ":vectors \"%s\": 3 bad lines (reported above); nothing was "
             "loaded", abs);
    run_err(a, line, want);
    snprintf(want, sizeof want, "%s:2: number 2 of \"dog\" is not a number: \"x\"|"
             "%s:3: \"the\" has 2 numbers; the first line has 3|"
             "%s:4: invalid UTF-8 at byte 1|", abs, abs, abs);
    assert_string_equal(seen, want);
    struct snap after = snapshot(a);
    assert_same_snapshot(&before, &after);
    /* without a diag hook (the terminal UI) the message is the first line's */
    app_set_io(a, &(struct app_io){ .diag = NULL });
    snprintf(want, sizeof want, "%s:2: number 2 of \"dog\" is not a number: \"x\" (and 2 more "
             "bad lines); nothing was loaded", abs);
    run_err(a, line, want);
}

static void a_dimension_the_heads_do_not_divide_is_refused(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200], want[4400];
    write_vectors("v3.txt", "cat 1 2 3\n", abs);
    run_line(a, ":heads 2");
    snprintf(line, sizeof line, ":vectors %s", abs);
    snprintf(want, sizeof want, ":vectors \"%s\": its 3 dimensions would be d_model: heads (2) "
             "must divide d_model (3)", abs);
    run_err(a, line, want);
    assert_null(a->s.vectors);
    assert_int_equal(a->s.cfg.d_model, 8);
}

static void a_relative_vectors_file_in_a_script_is_beside_the_script(void **state)
{
    struct app *a = *state;
    char abs[4096], err[256];
    write_vectors("tours/v.txt", four_dims, abs);
    write_file(in_tmp("tours/t.attn"), ":vectors v.txt\nthe cat\n");
    assert_int_equal(app_run_file(a, in_tmp("tours/t.attn"), NULL, NULL, err, sizeof err), 0);
    assert_string_equal(a->s.vectors_path, abs);
}

static void a_saved_session_with_vectors_replays_to_the_same_model(void **state)
{
    struct app *a = *state;
    char abs[4096], line[4200], err[256];
    write_vectors("v.txt", four_dims, abs);
    snprintf(line, sizeof line, ":vectors %s", abs);
    run_line(a, line);
    run_line(a, "the cat sat on the mat");
    run_line(a, ":dim 6");
    snprintf(line, sizeof line, ":save %s", in_tmp("s.attn"));
    run_line(a, line);
    struct app *b = app_new_default();
    assert_int_equal(app_run_file(b, in_tmp("s.attn"), NULL, NULL, err, sizeof err), 0);
    app_sync(b);
    assert_int_equal(b->s.cfg.d_model, 6);
    assert_non_null(b->s.vectors);
    size_t nd = a->model.n * a->model.d;
    assert_int_equal(b->model.n * b->model.d, nd);
    assert_memory_equal(a->model.emb, b->model.emb, nd * sizeof(float));
    assert_memory_equal(a->model.out, b->model.out, nd * sizeof(float));
    app_delete(b);
}

/* ---- the real-vectors tour --------------------------------------------- */

/* Whether text[0..len) is one of the numbers the model of a shows, in
 * %.4f or %.2f: a score, a weight, or the cosine of two embeddings. */
static bool tour_number_is_computed(struct app *a, const char *text, size_t len)
{
    app_sync(a);
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d;
    float *scores = malloc(n * n * sizeof *scores);
    model_head_scores(m, 0, scores);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        for (size_t j = 0; j < n && !found; j++) {
            double dot = 0, ni = 0, nj = 0;
            for (size_t c = 0; c < d; c++) {
                dot += (double)m->emb[i * d + c] * m->emb[j * d + c];
                ni += (double)m->emb[i * d + c] * m->emb[i * d + c];
                nj += (double)m->emb[j * d + c] * m->emb[j * d + c];
            }
            double values[3] = { scores[i * n + j], model_head_weights(m, 0)[i * n + j],
                                 dot / sqrt(ni * nj) };
            for (size_t v = 0; v < 3 && !found; v++) {
                char s4[32], s2[32];
                snprintf(s4, sizeof s4, "%.4f", values[v]);
                snprintf(s2, sizeof s2, "%.2f", values[v]);
                found = (strlen(s4) == len && memcmp(s4, text, len) == 0)
                        || (strlen(s2) == len && memcmp(s2, text, len) == 0);
            }
        }
    free(scores);
    return found;
}

/* Every decimal number a note of samples/real-vectors.attn states is a
 * score, weight or cosine the program computes at that step, and "cat" is
 * nearer "dog" than "the" there. */
static void the_real_vectors_tour_states_the_programs_numbers(void **state)
{
    struct app *a = *state;
    char err[1024];
    struct script *s = script_load("samples/real-vectors.attn", err, sizeof err);
    assert_non_null(s);
    assert_int_equal(s->bad, 0);
    size_t checked = 0;
    for (size_t i = 0; i < s->n_lines; i++) {
        const struct script_line *l = &s->lines[i];
        unsigned f = try_line(a, l->text, strlen(l->text), s->path, l->lineno, err, sizeof err);
        if (f & APP_ERROR)
            fail_msg("%s", err);
        if (l->cmd.kind != CMD_NOTE)
            continue;
        /* a decimal: digits, '.', digits, not inside a longer number */
        const char *text = l->text;
        for (const char *p = text; *p;) {
            bool digit = *p >= '0' && *p <= '9';
            if (!digit || (p > text && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.'))) {
                p++;
                continue;
            }
            const char *start = p > text && p[-1] == '-' ? p - 1 : p;
            const char *q = p + strspn(p, "0123456789");
            if (*q == '.' && q[1] >= '0' && q[1] <= '9') {
                q += 1 + strspn(q + 1, "0123456789");
                if (!tour_number_is_computed(a, start, (size_t)(q - start)))
                    fail_msg("%s:%u: %.*s is not a number the program computes at that step",
                             s->path, l->lineno, (int)(q - start), start);
                checked++;
            }
            p = q;
        }
    }
    assert_true(checked >= 20);
    script_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_default_config_is_the_documented_one),
        cmocka_unit_test(init_refuses_a_config_whose_heads_do_not_divide_d_model),
        cmocka_unit_test_setup_teardown(a_sentence_sets_tokens_and_ids_by_first_appearance, setup, teardown),
        cmocka_unit_test_setup_teardown(ids_are_kept_across_sentences, setup, teardown),
        cmocka_unit_test_setup_teardown(every_config_command_recomputes_with_the_new_value, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_command_leaves_the_state_bit_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(heads_that_do_not_divide_d_model_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(dim_zero_and_dim_99999_are_refused_with_the_range, setup, teardown),
        cmocka_unit_test_setup_teardown(an_emb_override_survives_shrinking_and_growing_d_model, setup, teardown),
        cmocka_unit_test_setup_teardown(emb_needs_exactly_d_model_values, setup, teardown),
        cmocka_unit_test_setup_teardown(emb_with_nan_or_inf_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(values_at_the_bound_give_a_finite_model, setup, teardown),
        cmocka_unit_test_setup_teardown(pe_rows_fill_the_table_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(an_empty_sentence_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(twenty_thousand_tokens_are_refused_with_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(eight_thousand_one_hundred_ninety_two_tokens_work, setup, teardown),
        cmocka_unit_test_setup_teardown(select_and_head_are_checked_and_clamped_when_things_shrink, setup, teardown),
        cmocka_unit_test_setup_teardown(select_names_a_component_that_moves_keep, setup, teardown),
        cmocka_unit_test_setup_teardown(consecutive_selects_are_one_log_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(print_save_quit_undo_and_theme_are_not_logged, setup, teardown),
        cmocka_unit_test_setup_teardown(help_lists_every_command_of_the_table_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(print_without_an_output_prints_nothing_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(undo_takes_back_the_last_change_and_then_says_nothing_is_left, setup, teardown),
        cmocka_unit_test_setup_teardown(undoing_back_to_the_saved_state_is_saved_again, setup, teardown),
        cmocka_unit_test_setup_teardown(undo_keeps_a_later_move_inside_the_smaller_matrix, setup, teardown),
        cmocka_unit_test(undo_starts_from_the_config_the_app_was_started_with),
        cmocka_unit_test_setup_teardown(preview_neither_logs_nor_interns, setup, teardown),
        cmocka_unit_test_setup_teardown(a_bad_preview_leaves_the_picture, setup, teardown),
        cmocka_unit_test_setup_teardown(a_preview_of_what_is_not_a_sentence_ends_the_preview, setup, teardown),
        cmocka_unit_test_setup_teardown(a_command_during_a_preview_acts_on_the_committed_sentence, setup, teardown),
        cmocka_unit_test_setup_teardown(a_note_is_stored_logged_and_sent_to_diag, setup, teardown),
        cmocka_unit_test_setup_teardown(run_line_prefixes_errors_with_source_and_line, setup, teardown),
        cmocka_unit_test_setup_teardown(run_file_reports_each_bad_line_and_goes_on, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_long_line_in_a_file_gets_the_clear_message, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(load_is_relative_to_the_loading_file_and_logs_what_it_runs, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(undo_takes_back_a_whole_load_and_redo_brings_it_again, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_tour_name_is_never_a_file_beside_the_script, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(tours_without_an_output_says_the_names_and_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_load_with_a_line_that_does_not_parse_runs_nothing, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_bad_load_without_a_diag_hook_quotes_its_first_bad_line, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_load_with_a_line_that_fails_takes_back_the_whole_file, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_refused_load_keeps_the_log_entries_its_lines_changed, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(load_nesting_is_limited, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(quit_inside_a_loaded_file_stops_it_and_reaches_the_caller, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_file_that_loads_itself_is_refused_and_runs_once, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_cycle_through_two_files_is_refused, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_chain_of_files_deeper_than_the_limit_is_refused, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_load_of_a_device_is_refused, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_line_with_no_end_costs_no_more_than_the_line_limit, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_line_of_exactly_the_limit_is_read_whole, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_byte_order_mark_does_not_turn_the_first_command_into_a_sentence, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(save_writes_a_session_that_replays_to_the_same_state, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(save_refuses_to_overwrite_a_file_that_is_not_a_session, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(open_takes_a_text_file_and_the_saved_session_keeps_the_text, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(open_refuses_what_is_not_a_usable_text_and_changes_nothing, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(the_mean_of_one_head_is_shown_as_that_head, setup, teardown),
        cmocka_unit_test_setup_teardown(cell_weight_reads_the_head_or_the_mean_of_heads, setup, teardown),
        cmocka_unit_test_setup_teardown(vectors_set_d_model_and_the_words_found_use_their_vectors, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_larger_d_model_takes_the_generator_past_the_files_dimension, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(undo_of_vectors_gives_back_d_model_and_the_default_embeddings, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(an_undo_keeps_the_table_it_had_even_when_the_file_is_gone, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(vectors_typed_again_after_an_edit_reads_the_file_anew, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(vectors_off_drops_them_and_keeps_d_model, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_bad_vectors_file_reports_every_line_and_changes_nothing, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_dimension_the_heads_do_not_divide_is_refused, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_relative_vectors_file_in_a_script_is_beside_the_script, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(a_saved_session_with_vectors_replays_to_the_same_model, tmp_setup, tmp_teardown),
        cmocka_unit_test_setup_teardown(the_real_vectors_tour_states_the_programs_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
