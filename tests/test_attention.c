/* test_attention.c - scores, softmax, the causal mask and the weighted sum,
 * each against a float64 recomputation of its formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "attnviz/attention.h"

#define N 7

/* A fixed, irregular input in [-2, 2): no generator shared with the code. */
static float sample(size_t i)
{
    return (float)((double)((i * 7919u + 13u) % 401u) / 100.0 - 2.0);
}

static void fill(float *a, size_t count, size_t salt)
{
    for (size_t i = 0; i < count; i++)
        a[i] = sample(i + salt);
}

/* softmax of s[0..live) in double; entries from live on are 0. */
static void ref_softmax_row(double *w, const float *s, size_t n, size_t live)
{
    double max = -INFINITY, sum = 0.0;
    for (size_t j = 0; j < live; j++)
        max = fmax(max, s[j]);
    for (size_t j = 0; j < live; j++)
        sum += exp((double)s[j] - max);
    for (size_t j = 0; j < n; j++)
        w[j] = j < live ? exp((double)s[j] - max) / sum : 0.0;
}

static void check_rows_sum_to_one(const float *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            assert_true(isfinite(w[i * n + j]));
            assert_true(w[i * n + j] >= 0.0f);
            sum += w[i * n + j];
        }
        assert_true(fabs(sum - 1.0) < 1e-6);
    }
}

static void scores_are_dot_products_over_sqrt_dk(void **state)
{
    (void)state;
    float q[N * 4], k[N * 4], s[N * N];
    fill(q, N * 4, 0);
    fill(k, N * 4, 100);
    attention_scores(s, q, k, N, 4, 4, true);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double dot = 0.0;
            for (size_t c = 0; c < 4; c++)
                dot += (double)q[i * 4 + c] * k[j * 4 + c];
            assert_true(fabs(s[i * N + j] - dot / 2.0) < 1e-6);
        }
}

static void unscaled_scores_are_sqrt_dk_times_the_scaled_ones(void **state)
{
    (void)state;
    float q[N * 9], k[N * 9], on[N * N], off[N * N];
    fill(q, N * 9, 3);
    fill(k, N * 9, 50);
    attention_scores(on, q, k, N, 9, 9, true);
    attention_scores(off, q, k, N, 9, 9, false);
    for (size_t i = 0; i < N * N; i++)
        assert_true(fabs(off[i] - 3.0 * on[i]) <= 1e-6 * fmax(1.0, fabs(off[i])));
}

static void scores_read_a_head_through_the_row_stride(void **state)
{
    (void)state;
    /* 3 rows of 6 floats; the head is columns 2..3 */
    float q[3 * 6], k[3 * 6], s[9];
    fill(q, 18, 1);
    fill(k, 18, 2);
    attention_scores(s, q + 2, k + 2, 3, 2, 6, false);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            double dot = (double)q[i * 6 + 2] * k[j * 6 + 2]
                       + (double)q[i * 6 + 3] * k[j * 6 + 3];
            assert_true(fabs(s[i * 3 + j] - dot) < 1e-6);
        }
}

static void softmax_rows_sum_to_one_and_match_the_formula(void **state)
{
    (void)state;
    float s[N * N], w[N * N];
    double ref[N];
    fill(s, N * N, 9);
    attention_softmax(w, s, N, false);
    check_rows_sum_to_one(w, N);
    for (size_t i = 0; i < N; i++) {
        ref_softmax_row(ref, s + i * N, N, N);
        for (size_t j = 0; j < N; j++)
            assert_true(fabs(w[i * N + j] - ref[j]) < 1e-7);
    }
}

static void softmax_of_huge_scores_has_no_nan(void **state)
{
    (void)state;
    const float s[3 * 3] = { 1e30f, 1e30f, 0.0f,
                             1e30f, -1e30f, 3.0e38f,
                             1e30f, 2e30f, 1e30f };
    float w[9];
    attention_softmax(w, s, 3, false);
    check_rows_sum_to_one(w, 3);
    assert_true(w[0] == 0.5f && w[1] == 0.5f && w[2] == 0.0f);
    assert_true(w[5] == 1.0f);
    assert_true(w[7] == 1.0f);
}

static void softmax_of_tiny_scores_has_no_nan(void **state)
{
    (void)state;
    const float s[2 * 2] = { -1e30f, -1e30f, -1e30f, -3.0e38f };
    float w[4];
    attention_softmax(w, s, 2, false);
    check_rows_sum_to_one(w, 2);
    assert_true(w[0] == 0.5f && w[1] == 0.5f);
    assert_true(w[2] == 1.0f && w[3] == 0.0f);
}

static void softmax_of_equal_scores_is_uniform(void **state)
{
    (void)state;
    float s[5 * 5], w[5 * 5];
    for (size_t i = 0; i < 25; i++)
        s[i] = 0.75f;
    attention_softmax(w, s, 5, false);
    for (size_t i = 0; i < 25; i++)
        assert_true(w[i] == 0.2f);
}

static void causal_mask_gives_exact_zeros_above_the_diagonal(void **state)
{
    (void)state;
    float s[N * N], w[N * N];
    fill(s, N * N, 4);
    attention_softmax(w, s, N, true);
    check_rows_sum_to_one(w, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = i + 1; j < N; j++)
            assert_true(w[i * N + j] == 0.0f);
}

static void causal_row_zero_puts_all_weight_on_itself(void **state)
{
    (void)state;
    float s[N * N], w[N * N];
    fill(s, N * N, 8);
    s[1] = 1e30f;   /* masked: must not matter */
    attention_softmax(w, s, N, true);
    assert_true(w[0] == 1.0f);
}

static void causal_rows_are_the_softmax_of_their_prefix(void **state)
{
    (void)state;
    float s[N * N], w[N * N];
    double ref[N];
    fill(s, N * N, 12);
    for (size_t i = 0; i < N; i++)
        s[i * N + N - 1] = 50.0f;   /* a huge masked score in every row */
    attention_softmax(w, s, N, true);
    for (size_t i = 0; i < N; i++) {
        ref_softmax_row(ref, s + i * N, N, i + 1);
        for (size_t j = 0; j < N; j++)
            assert_true(fabs(w[i * N + j] - ref[j]) < 1e-7);
    }
}

static void apply_is_the_weighted_sum_of_value_rows(void **state)
{
    (void)state;
    /* v and out are [N][5]; the head is columns 1..3 */
    float s[N * N], w[N * N], v[N * 5], out[N * 5];
    fill(s, N * N, 6);
    fill(v, N * 5, 77);
    for (size_t i = 0; i < N * 5; i++)
        out[i] = -9.0f;
    attention_softmax(w, s, N, false);
    attention_apply(out + 1, w, v + 1, N, 3, 5);
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 1; c < 4; c++) {
            double sum = 0.0;
            for (size_t j = 0; j < N; j++)
                sum += (double)w[i * N + j] * v[j * 5 + c];
            assert_true(fabs(out[i * 5 + c] - sum) < 1e-6);
        }
        /* columns outside the head are left alone */
        assert_true(out[i * 5] == -9.0f && out[i * 5 + 4] == -9.0f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_are_dot_products_over_sqrt_dk),
        cmocka_unit_test(unscaled_scores_are_sqrt_dk_times_the_scaled_ones),
        cmocka_unit_test(scores_read_a_head_through_the_row_stride),
        cmocka_unit_test(softmax_rows_sum_to_one_and_match_the_formula),
        cmocka_unit_test(softmax_of_huge_scores_has_no_nan),
        cmocka_unit_test(softmax_of_tiny_scores_has_no_nan),
        cmocka_unit_test(softmax_of_equal_scores_is_uniform),
        cmocka_unit_test(causal_mask_gives_exact_zeros_above_the_diagonal),
        cmocka_unit_test(causal_row_zero_puts_all_weight_on_itself),
        cmocka_unit_test(causal_rows_are_the_softmax_of_their_prefix),
        cmocka_unit_test(apply_is_the_weighted_sum_of_value_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
