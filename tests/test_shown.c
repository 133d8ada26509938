/* test_shown.c - the stages and views as data (shown.c) and the explain
 * pane's lines for them (explain_stage): every value is recomputed here in
 * float64 from the model's own e, pe, q, k, v and weights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/explain.h"
#include "attnviz/model.h"
#include "attnviz/shown.h"
#include "support/fixture.h"

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

static void run(struct app *a, const char *line)
{
    char err[1024];
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    if (f & APP_ERROR)
        fail_msg("%s: %s", line, err);
}

static double dot(const float *a, const float *b, size_t stride, size_t n)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++)
        s += (double)a[k] * (double)b[k * stride];
    return s;
}

/* The line containing needle, or NULL. */
static const char *find(const struct explain *ex, const char *needle)
{
    for (size_t i = 0; i < ex->count; i++)
        if (strstr(ex->line[i].text, needle))
            return ex->line[i].text;
    return NULL;
}

static double number_after_last(const char *line, const char *marker)
{
    const char *p = NULL;
    for (const char *q = strstr(line, marker); q; q = strstr(q + 1, marker))
        p = q;
    assert_non_null(p);
    return strtod(p + strlen(marker), NULL);
}

static void explain_here(struct explain *ex, struct app *a, const struct explain_at *at)
{
    struct shown s;
    shown_build(&s, a);
    explain_stage(ex, &s, (const char *const *)app_shown(a)->text, at, 400);
    shown_free(&s);
}

static void plus_pe_is_e_beside_pe_beside_their_sum(void **state)
{
    struct app *a = *state;
    run(a, "The cat sat on the mat");
    run(a, ":stage pe");
    struct shown s;
    shown_build(&s, a);
    const struct model *m = &a->model;
    size_t d = m->d;
    assert_int_equal(s.n_panes, 3);
    assert_int_equal(s.pane[0].data, SHOWN_EMB);
    assert_int_equal(s.pane[2].data, SHOWN_X);
    float *e = malloc(d * sizeof *e), *pe = malloc(d * sizeof *pe), *x = malloc(d * sizeof *x);
    for (size_t i = 0; i < m->n; i++) {
        shown_row(&s, 0, i, e);
        shown_row(&s, 1, i, pe);
        shown_row(&s, 2, i, x);
        for (size_t c = 0; c < d; c++) {
            assert_float_equal(pe[c], m->pe[i * d + c], 0.0);
            assert_float_equal(x[c], (double)e[c] + (double)pe[c], 1e-6);
        }
    }
    /* row 2's even columns are sin(2 · 10000^(-c/d)) */
    shown_row(&s, 1, 2, pe);
    for (size_t c = 0; c < d; c += 2)
        assert_float_equal(pe[c], sin(2.0 / pow(10000.0, (double)c / (double)d)), 1e-6);
    free(e);
    free(pe);
    free(x);
    shown_free(&s);
}

static void the_score_stages_are_the_dot_product_then_the_division_then_the_mask(void **state)
{
    struct app *a = *state;
    run(a, "I love cats and dogs");
    run(a, ":causal on");
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d, dk = m->d_k;
    float *raw = malloc(n * sizeof *raw), *scaled = malloc(n * sizeof *scaled),
          *masked = malloc(n * sizeof *masked);
    struct shown s;
    run(a, ":stage scores");
    shown_build(&s, a);
    assert_int_equal(s.pane[0].data, SHOWN_RAW);
    shown_row(&s, 0, 3, raw);
    shown_free(&s);
    run(a, ":stage scaled");
    shown_build(&s, a);
    shown_row(&s, 0, 3, scaled);
    shown_free(&s);
    run(a, ":stage masked");
    shown_build(&s, a);
    shown_row(&s, 0, 3, masked);
    for (size_t j = 0; j < n; j++) {
        double want = dot(m->q + 3 * d, m->k + j * d, 1, dk);
        assert_float_equal(raw[j], want, 1e-5);
        assert_float_equal(scaled[j], want / sqrt((double)dk), 1e-5);
        if (j > 3) {
            assert_true(isinf(masked[j]) && masked[j] < 0);
            assert_true(shown_masked(&s, 0, 3, j));
        } else {
            assert_float_equal(masked[j], scaled[j], 0.0);
            assert_false(shown_masked(&s, 0, 3, j));
        }
    }
    shown_free(&s);
    free(raw);
    free(scaled);
    free(masked);
}

static void times_v_takes_the_querys_output_apart_and_its_rows_add_up(void **state)
{
    struct app *a = *state;
    run(a, "the quick brown fox");
    run(a, ":select 2 1");
    run(a, ":stage xv");
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d;
    struct shown s;
    shown_build(&s, a);
    assert_int_equal(s.pane[0].rows, n + 1);
    assert_true(s.pane[0].out_row);
    size_t cols = s.pane[0].cols;
    double *sum = calloc(cols, sizeof *sum);
    float *row = malloc(cols * sizeof *row);
    const float *w = model_head_weights(m, 0) + 2 * n;
    for (size_t j = 0; j < n; j++) {
        shown_row(&s, 0, j, row);
        for (size_t c = 0; c < cols; c++) {
            double want = (double)w[j] * m->v[j * d + s.pane[0].col_first + c];
            assert_float_equal(row[c], want, 1e-6);
            sum[c] += want;
        }
    }
    shown_row(&s, 0, n, row);
    for (size_t c = 0; c < cols; c++) {
        assert_float_equal(row[c], sum[c], 1e-5);
        assert_float_equal(row[c], m->out[2 * d + s.pane[0].col_first + c], 1e-5);
    }
    free(row);
    free(sum);
    shown_free(&s);
}

static void the_pe_view_is_pe_beside_its_gram_matrix(void **state)
{
    struct app *a = *state;
    run(a, "one two three four five six");
    run(a, ":view pe");
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d;
    struct shown s;
    shown_build(&s, a);
    assert_int_equal(s.n_panes, 2);
    assert_int_equal(s.pane[1].data, SHOWN_PEPE);
    float *row = malloc(n * sizeof *row);
    for (size_t i = 0; i < n; i++) {
        shown_row(&s, 1, i, row);
        for (size_t j = 0; j < n; j++)
            assert_float_equal(row[j], dot(m->pe + i * d, m->pe + j * d, 1, d), 1e-5);
    }
    /* sin/cos PE: the product depends on the distance only */
    shown_row(&s, 1, 1, row);
    float one_apart = row[2];
    shown_row(&s, 1, 3, row);
    assert_float_equal(row[4], one_apart, 1e-5);
    free(row);
    shown_free(&s);
}

static void the_mean_of_heads_averages_each_heads_weights(void **state)
{
    struct app *a = *state;
    run(a, "a b c d e");
    run(a, ":heads 2");
    run(a, ":head mean");
    const struct model *m = &a->model;
    size_t n = m->n;
    struct shown s;
    shown_build(&s, a);
    float *row = malloc(n * sizeof *row);
    shown_row(&s, 0, 1, row);
    for (size_t j = 0; j < n; j++)
        assert_float_equal(row[j], ((double)model_head_weights(m, 0)[n + j]
                                    + model_head_weights(m, 1)[n + j]) / 2.0, 1e-6);
    free(row);
    shown_free(&s);
}

static void a_block_is_summarized_by_its_largest_or_its_mean(void **state)
{
    struct app *a = *state;
    run(a, "w0 w1 w2 w3 w4 w5 w6 w7");
    const struct model *m = &a->model;
    size_t n = m->n;
    const float *w = model_head_weights(m, 0);
    double top = 0.0, sum = 0.0;
    for (size_t i = 2; i < 4; i++)
        for (size_t j = 4; j < 7; j++) {
            top = w[i * n + j] > top ? w[i * n + j] : top;
            sum += w[i * n + j];
        }
    struct shown s;
    shown_build(&s, a);
    assert_float_equal(shown_block(&s, 0, 2, 4, 4, 7, false), top, 1e-7);
    assert_float_equal(shown_block(&s, 0, 2, 4, 4, 7, true), sum / 6.0, 1e-7);
    shown_free(&s);
    /* masked cells are left out; a block of only masked cells has no value */
    run(a, ":causal on");
    run(a, ":stage masked");
    shown_build(&s, a);
    assert_true(isnan(shown_block(&s, 0, 0, 2, 4, 8, true)));
    shown_free(&s);
}

static void a_signed_block_keeps_its_largest_magnitude_with_its_sign(void **state)
{
    (void)state;
    struct shown_fold f;
    shown_fold_start(&f, false, true);
    shown_fold_add(&f, 0.5);
    shown_fold_add(&f, -2.0);
    shown_fold_add(&f, 1.5);
    assert_float_equal(shown_fold_value(&f), -2.0, 0.0);
    shown_fold_start(&f, false, false);
    shown_fold_add(&f, -2.0);
    shown_fold_add(&f, 0.25);
    assert_float_equal(shown_fold_value(&f), 0.25, 0.0);
    shown_fold_start(&f, true, true);
    assert_true(isnan(shown_fold_value(&f)));
}

/* ---- explain_stage ---------------------------------------------------------------- */

static void the_scores_cell_explains_the_dot_product_and_the_division(void **state)
{
    struct app *a = *state;
    run(a, "I love cats");
    run(a, ":dim 4");
    run(a, ":stage scaled");
    const struct model *m = &a->model;
    size_t d = m->d, dk = m->d_k;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 2, .col = 1 });
    const char *line = find(&ex, "q_2·k_1 = ");
    assert_non_null(line);
    double want = dot(m->q + 2 * d, m->k + 1 * d, 1, dk);
    assert_float_equal(number_after_last(line, " = "), want, 1e-4);
    line = find(&ex, "score = ");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "), want / sqrt((double)dk), 1e-4);
}

static void the_masked_cell_says_the_causal_mask_hides_it(void **state)
{
    struct app *a = *state;
    run(a, "I love cats");
    run(a, ":causal on");
    run(a, ":stage masked");
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 0, .col = 2 });
    assert_non_null(find(&ex, "causal mask"));
    explain_here(&ex, a, &(struct explain_at){ .row = 2, .col = 0 });
    assert_non_null(find(&ex, "keeps it"));
}

static void the_x_cell_adds_e_and_the_sinusoid_with_its_frequency(void **state)
{
    struct app *a = *state;
    run(a, "one two three four");
    run(a, ":stage x");
    const struct model *m = &a->model;
    size_t d = m->d;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 3, .dim = 2 });
    const char *line = find(&ex, "x_3[2] = e + pe = ");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "),
                       (double)m->emb[3 * d + 2] + (double)m->pe[3 * d + 2], 1e-4);
    line = find(&ex, "PE[3][2] = sin(");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "),
                       sin(3.0 / pow(10000.0, 2.0 / (double)d)), 1e-4);
}

static void each_projection_is_x_times_a_column_of_its_matrix(void **state)
{
    struct app *a = *state;
    run(a, "one two three");
    run(a, ":stage qkv");
    const struct model *m = &a->model;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 1, .dim = 3 });
    const char *names[] = { "q_1[3] = x_1·W_q", "k_1[3] = x_1·W_k", "v_1[3] = x_1·W_v" };
    const float *want[] = { m->q, m->k, m->v };
    for (size_t p = 0; p < 3; p++) {
        const char *line = find(&ex, names[p]);
        assert_non_null(line);
        assert_float_equal(number_after_last(line, " = "), want[p][1 * m->d + 3], 1e-4);
    }
}

static void the_times_v_cell_names_one_keys_part_and_the_sum(void **state)
{
    struct app *a = *state;
    run(a, "the quick brown fox");
    run(a, ":select 1 0");
    run(a, ":stage xv");
    const struct model *m = &a->model;
    size_t n = m->n, d = m->d;
    const float *w = model_head_weights(m, 0) + 1 * n;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 2, .col = 2, .dim = 1 });
    const char *line = find(&ex, "w_1,2·v_2[1] = ");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "), (double)w[2] * m->v[2 * d + 1], 1e-4);
    line = find(&ex, "out_1[1] = ");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "), m->out[1 * d + 1], 1e-4);
}

static void the_pe_view_explains_both_the_value_and_the_product(void **state)
{
    struct app *a = *state;
    run(a, "one two three four five");
    run(a, ":view pe");
    const struct model *m = &a->model;
    size_t d = m->d;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 4, .col = 1, .dim = 1 });
    const char *line = find(&ex, "PE[4][1] = cos(");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "), cos(4.0), 1e-4);
    line = find(&ex, "PE_4·PE_1 = ");
    assert_non_null(line);
    assert_float_equal(number_after_last(line, " = "), dot(m->pe + 4 * d, m->pe + d, 1, d), 1e-4);
    assert_non_null(find(&ex, "3 apart"));
}

static void a_zoomed_out_block_gives_its_summary(void **state)
{
    struct app *a = *state;
    run(a, "w0 w1 w2 w3 w4 w5");
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .block = true, .r0 = 2, .r1 = 4, .c0 = 0,
                                               .c1 = 2, .block_value = 0.25,
                                               .block_mean = true });
    assert_non_null(find(&ex, "rows 2–3 × columns 0–1"));
    assert_non_null(find(&ex, "the mean of its 4 cells is 0.2500"));
}

static void under_rope_the_projection_line_turns_the_pair_to_the_models_q(void **state)
{
    struct app *a = *state;
    run(a, "one two three four");
    run(a, ":pe rope");
    run(a, ":stage qkv");
    const struct model *m = &a->model;
    struct explain ex;
    for (size_t c = 2; c < 4; c++) {
        explain_here(&ex, a, &(struct explain_at){ .row = 3, .dim = c });
        const char *line = find(&ex, "after RoPE ");
        assert_non_null(line);
        assert_non_null(strstr(line, ": pair 1 turned by 3·θ_1 = "));
        assert_float_equal(strtod(line + strlen("after RoPE "), NULL), m->q[3 * m->d + c], 2e-4);
        assert_non_null(find(&ex, "before RoPE"));
    }
}

static void under_alibi_the_masked_stage_is_what_the_softmax_takes(void **state)
{
    struct app *a = *state;
    run(a, "one two three four five");
    run(a, ":heads 2");
    run(a, ":pe alibi");
    run(a, ":stage masked");
    const struct model *m = &a->model;
    size_t n = m->n;
    struct shown s;
    shown_build(&s, a);
    float *row = malloc(n * sizeof *row), *scores = malloc(n * sizeof *scores);
    shown_row(&s, 0, 4, row);
    model_row_scores(m, 0, 4, scores);
    /* head 0 of 2: slope 2^-4, bias −slope·|i−j| */
    const float *w = model_head_weights(m, 0) + 4 * n;
    double sum = 0.0;
    for (size_t j = 0; j < n; j++) {
        double want = scores[j] - (4.0 - (double)j) / 16.0;
        assert_float_equal(row[j], want, 1e-6);
        sum += exp((double)row[j]);
    }
    for (size_t j = 0; j < n; j++)
        assert_float_equal(w[j], exp((double)row[j]) / sum, 1e-6);
    free(row);
    free(scores);
    shown_free(&s);
}

static void the_embedding_cell_names_where_the_value_came_from(void **state)
{
    struct app *a = *state;
    run(a, ":vectors samples/vectors/common-48.txt");
    run(a, "cat zzzq love");
    run(a, ":emb love 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 "
           "28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48");
    run(a, ":stage e");
    const struct model *m = &a->model;
    struct explain ex;
    explain_here(&ex, a, &(struct explain_at){ .row = 0, .dim = 5 });
    const char *line = find(&ex, "component 5 of \"cat\"'s word vector");
    assert_non_null(line);
    assert_float_equal(strtod(strstr(line, " = ") + 3, NULL), m->emb[5], 1e-4);
    explain_here(&ex, a, &(struct explain_at){ .row = 1, .dim = 5 });
    assert_non_null(find(&ex, "default embedding"));
    assert_non_null(find(&ex, "not in the word vectors"));
    explain_here(&ex, a, &(struct explain_at){ .row = 2, .dim = 2 });
    line = find(&ex, "set by :emb \"love\"");
    assert_non_null(line);
    assert_non_null(strstr(line, "= 3.0000"));
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(plus_pe_is_e_beside_pe_beside_their_sum, setup, teardown),
        cmocka_unit_test_setup_teardown(
            the_score_stages_are_the_dot_product_then_the_division_then_the_mask, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            times_v_takes_the_querys_output_apart_and_its_rows_add_up, setup, teardown),
        cmocka_unit_test_setup_teardown(the_pe_view_is_pe_beside_its_gram_matrix, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_mean_of_heads_averages_each_heads_weights, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_block_is_summarized_by_its_largest_or_its_mean, setup,
                                        teardown),
        cmocka_unit_test(a_signed_block_keeps_its_largest_magnitude_with_its_sign),
        cmocka_unit_test_setup_teardown(
            the_scores_cell_explains_the_dot_product_and_the_division, setup, teardown),
        cmocka_unit_test_setup_teardown(the_masked_cell_says_the_causal_mask_hides_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_x_cell_adds_e_and_the_sinusoid_with_its_frequency,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(each_projection_is_x_times_a_column_of_its_matrix, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_times_v_cell_names_one_keys_part_and_the_sum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_pe_view_explains_both_the_value_and_the_product,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_zoomed_out_block_gives_its_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(
            under_rope_the_projection_line_turns_the_pair_to_the_models_q, setup, teardown),
        cmocka_unit_test_setup_teardown(under_alibi_the_masked_stage_is_what_the_softmax_takes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(the_embedding_cell_names_where_the_value_came_from, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
